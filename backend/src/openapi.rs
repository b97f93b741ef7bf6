//! The OpenAPI 3 document, generated from the handlers' annotations and the
//! shared types, served at `GET /api/v1/openapi.json`.

use axum::Json;
use utoipa::{openapi, Modify, OpenApi};

use crate::{accounts, availability, bookings, http, payments, search, venues};

#[derive(OpenApi)]
#[openapi(
    modifiers(&EveryRoute),
    info(
        title = "Ledig API",
        description = "Find and book public sports courts. Errors are RFC 9457 problem+json.",
        license(name = "MIT OR Apache-2.0")
    ),
    paths(
        http::client_config,
        search::search_venues,
        venues::get_venue,
        venues::get_photo,
        availability::venue_slots,
        availability::venue_schedule,
        bookings::create_booking,
        bookings::get_booking,
        bookings::cancel_booking,
        bookings::booking_calendar,
        bookings::receipt::booking_receipt,
        crate::rules::quote,
        crate::rules::venue_rules,
        payments::payment_config,
        payments::demo::confirm_demo_payment,
        payments::free::confirm_free_booking,
        payments::intent::create_intent,
        payments::webhook::stripe_webhook,
        crate::opendata::venues_geojson,
        crate::opendata::facility_uses_feed,
        crate::opendata::facility_use_item,
        crate::opendata::slots_feed,
        crate::opendata::slot_item,
        crate::access::list_keys, crate::access::feed, crate::access::report_entries, crate::access::verify,
        accounts::me::current, accounts::me::logout,
        accounts::email_code::start, accounts::email_code::verify,
        accounts::passkey::register_start, accounts::passkey::register_finish,
        accounts::passkey::login_start, accounts::passkey::login_finish,
        accounts::me::profile, accounts::me::update_profile,
        accounts::me::sessions, accounts::me::end_session,
        accounts::me::my_bookings, accounts::me::new_calendar_feed, accounts::me::calendar_feed,
        crate::privacy::export_mine, crate::privacy::erase_mine,
        crate::privacy::protected::set_mine, crate::privacy::protected::protect, crate::privacy::protected::reveal,
        crate::push::vapid_public_key, crate::push::subscribe, crate::push::unsubscribe,
        crate::watches::create_watch, crate::watches::list_watches, crate::watches::update_watch, crate::watches::delete_watch,
        crate::watches::list_offers, crate::watches::get_offer, crate::watches::pass_offer,
        crate::operator::me, crate::operator::controllers::list, crate::operator::controllers::revoke,
        crate::operator::closures::list, crate::operator::closures::create, crate::operator::closures::reopen,
        crate::operator::audit::list,
        crate::operator::rules::read, crate::operator::rules::replace, crate::operator::rules::preview,
        crate::operator::members::list, crate::operator::members::give, crate::operator::members::remove,
        crate::operator::hours::read, crate::operator::hours::replace, crate::operator::hours::preview,
        crate::operator::venues::read, crate::operator::venues::replace, crate::operator::venues::create,
        crate::operator::photos::add, crate::operator::photos::remove,
        crate::operator::desk::list, crate::operator::desk::cancel, crate::operator::desk::moving::move_booking, crate::operator::desk::on_behalf::book_for_caller, crate::operator::notices::read, crate::operator::venues::preview, crate::operator::notices::replace,
        crate::operator::statistics::read, crate::operator::statistics::export,
        crate::opendata::utilisation::utilisation,
    ),
    components(schemas(
        shared::Problem,
        payments::PaymentConfig,
        payments::intent::StripeIntent,
        payments::webhook::WebhookReceipt
    )),
    tags(
        (name = "venues", description = "The facility register"),
        (name = "availability", description = "Free and taken slots"),
        (name = "bookings", description = "Holding, reading and cancelling bookings"),
        (name = "payments", description = "Paying for a held booking: the demo provider, or Stripe (card and Swish)"),
        (name = "access", description = "Door access for lock controllers: keys, credential feed, entries, verify"),
        (name = "accounts", description = "Signing in (passkeys, e-mailed codes), sessions, profile, my bookings, calendar feed"),
        (name = "push", description = "Web Push: the VAPID public key and this device's subscription"),
        (name = "watches", description = "Watching courts, venues and areas for freed times, and the fair offers that follow"),
        (name = "operator", description = "The people who run an organisation's venues: their roles, the organisation's lock controllers, its people, venues and courts, the bookings desk, statistics, opening hours, closures and blocks, prices and rules, and its audit log"),
        (name = "app", description = "Settings for the app"),
        (name = "open-data", description = "Open data (CC0-1.0): GeoJSON facility register, OpenActive RPDE feeds, utilisation aggregates"),
    )
)]
pub struct ApiDoc;

/// What is true of every route, added to the generated document so that it
/// says what the server does (a fuzzer checks it in `scripts/test`):
/// every error answer is problem+json (see `error::AppError`), a route that
/// takes parameters or a JSON body answers 400 when they do not parse, and
/// one with a body 422 when a field is wrong.
struct EveryRoute;

impl Modify for EveryRoute {
    fn modify(&self, doc: &mut openapi::OpenApi) {
        for item in doc.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for op in operations.into_iter().flatten() {
                for (status, response) in op.responses.responses.iter_mut() {
                    let openapi::RefOr::T(response) = response else {
                        continue;
                    };
                    if status.starts_with('4') || status.starts_with('5') {
                        if let Some(content) = response.content.shift_remove("application/json") {
                            response
                                .content
                                .insert("application/problem+json".into(), content);
                        }
                    }
                }
                let takes_input = op.request_body.is_some()
                    || op.parameters.as_ref().is_some_and(|p| !p.is_empty());
                if takes_input {
                    op.responses.responses.entry("400".into()).or_insert_with(|| {
                        problem("A parameter or the body does not parse (named in `field` where known)")
                    });
                }
                // `extract::ApiJson`: JSON of the wrong shape is 422, named in `field`.
                if op.request_body.is_some() {
                    op.responses
                        .responses
                        .entry("422".into())
                        .or_insert_with(|| {
                            problem("A field of the body is missing or invalid (named in `field`)")
                        });
                }
            }
        }
    }
}

fn problem(description: &str) -> openapi::RefOr<openapi::Response> {
    let mut response = openapi::Response::new(description);
    response.content.insert(
        "application/problem+json".into(),
        openapi::RefOr::T(openapi::Content::new(Some(openapi::Ref::from_schema_name(
            "Problem",
        )))),
    );
    openapi::RefOr::T(response)
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `EveryRoute` promises holds for every operation of the document.
    #[test]
    fn every_error_is_problem_json_and_every_input_can_be_refused() {
        let doc = ApiDoc::openapi();
        for (path, item) in &doc.paths.paths {
            let operations = [&item.get, &item.put, &item.post, &item.delete, &item.patch];
            for op in operations.into_iter().flatten() {
                for (status, response) in &op.responses.responses {
                    let openapi::RefOr::T(response) = response else {
                        continue;
                    };
                    if status.starts_with('4') || status.starts_with('5') {
                        assert!(
                            !response.content.contains_key("application/json"),
                            "{path} {status}: errors are application/problem+json"
                        );
                    }
                }
                if op.parameters.as_ref().is_some_and(|p| !p.is_empty()) {
                    assert!(op.responses.responses.contains_key("400"), "{path}: no 400");
                }
                if op.request_body.is_some() {
                    assert!(op.responses.responses.contains_key("422"), "{path}: no 422");
                }
            }
        }
    }

    /// Query strings are documented as query parameters, not path ones.
    #[test]
    fn query_parameters_are_in_the_query() {
        let doc = ApiDoc::openapi();
        let search = doc.paths.paths["/api/v1/venues"].get.as_ref().unwrap();
        for p in search.parameters.as_ref().unwrap() {
            let openapi::RefOr::T(p) = p else { continue };
            assert!(
                matches!(p.parameter_in, openapi::path::ParameterIn::Query),
                "{} is in the query",
                p.name
            );
        }
    }
}
