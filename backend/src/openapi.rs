//! The OpenAPI 3 document, generated from the handlers' annotations and the
//! shared types, served at `GET /api/v1/openapi.json`.

use axum::Json;
use utoipa::OpenApi;

use crate::{accounts, availability, bookings, http, payments, search, venues};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ledig API",
        description = "Find and book public sports courts. Errors are RFC 9457 problem+json.",
        license(name = "MIT OR Apache-2.0")
    ),
    paths(
        http::client_config,
        search::search_venues,
        venues::get_venue,
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
        crate::push::vapid_public_key, crate::push::subscribe, crate::push::unsubscribe,
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
        (name = "app", description = "Settings for the app"),
        (name = "open-data", description = "Open data (CC0-1.0): GeoJSON facility register, OpenActive RPDE feeds"),
    )
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
