//! Booking for a caller at the desk: someone rings the venue, or stands at
//! the counter. Staff give a name and an e-mail or a phone number, and how
//! the caller pays:
//!
//! - at the venue: confirmed at once with its door code (Ledig takes no
//!   money, so a later cancellation refunds nothing through Ledig);
//! - by link: held until the caller pays through the link mailed to them
//!   (at most a day, never past the start), then confirmed as any booking.
//!
//! Priced by the venue's rules for the category the desk picks (adult by
//! default), with the terms a player would get; the notice, horizon and
//! per-person limit bind players, not the desk. One transaction: the
//! booking, its door code (at the venue), the caller's mail and the audit
//! entry `booking.made`.

use axum::{
    extract::State,
    http::{header, StatusCode},
    response::IntoResponse,
    Json,
};
use chrono::{Duration, Utc};
use shared::{
    account::Phone,
    operator::{DeskPayment, Role, StaffBooking},
    validate::{Email, PlayerName},
};
use uuid::Uuid;

use super::{notice, to_desk, Operating};
use crate::{
    access::{self, credentials::Signer},
    availability,
    bookings::{
        slot_taken,
        store::{self as bookings, HoldOutcome, HoldTerms, NewBooking, WriteOutcome},
    },
    error::{AppError, AppResult},
    extract::{ApiJson, ApiPath},
    mail::queue,
    payments, AppState,
};

/// The longest a payment link holds the time.
const LINK_HOLDS: Duration = Duration::hours(24);

/// Books a slot for a caller, paid at the venue or by a mailed link.
#[utoipa::path(post, path = "/api/v1/operator/venues/{venue_id}/bookings", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id")),
    request_body = StaffBooking,
    responses(
        (status = 201, description = "Booked: confirmed with its door code (`at_venue`), or held until the caller pays by the mailed link (`link`)", body = shared::operator::DeskBooking),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this venue, nor an operator of its organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue in the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slot is taken or closed (`/problems/slot-taken`)", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (named in `field`): no name, neither e-mail nor phone, a link without an e-mail, a court of another venue, not a slot start in the future", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn book_for_caller(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(venue_id): ApiPath<i64>,
    ApiJson(request): ApiJson<StaffBooking>,
) -> AppResult<impl IntoResponse> {
    operating.at_venue(&state.db, venue_id, Role::Staff).await?;
    let name = PlayerName::parse(&request.name)?;
    let email = match request.email.trim() {
        "" => None,
        raw => Some(Email::parse(raw)?),
    };
    let phone = Phone::parse(&request.phone)?;
    let phone = Some(phone.as_str().to_string()).filter(|p| !p.is_empty());
    if email.is_none() && phone.is_none() {
        return Err(AppError::invalid(
            "email",
            "Give the caller's e-mail address or phone number.",
        ));
    }
    if request.payment == DeskPayment::Link && email.is_none() {
        return Err(AppError::invalid(
            "email",
            "A payment link is sent by e-mail: give the caller's address, or let them pay at the venue.",
        ));
    }
    let bookable = availability::bookable_slot(&state, request.court_id, request.starts_at).await?;
    if bookable.court.venue_id != venue_id {
        return Err(AppError::invalid(
            "court_id",
            "That court is not at this venue.",
        ));
    }
    let now = Utc::now();
    if bookable.slot.starts_at <= now {
        return Err(AppError::invalid(
            "starts_at",
            "That slot has already started; pick a later one.",
        ));
    }
    let quote = bookable.rules.quote(&bookable, request.category);
    let at_venue = request.payment == DeskPayment::AtVenue;
    let hold = NewBooking {
        id: Uuid::new_v4(),
        court_id: bookable.court.id,
        starts_at: bookable.slot.starts_at.timestamp(),
        ends_at: bookable.slot.ends_at.timestamp(),
        name: name.as_str().to_string(),
        email: email
            .as_ref()
            .map(|e| e.as_str().to_string())
            .unwrap_or_default(),
        price: quote.price.clone(),
        hold_expires_at: (now + LINK_HOLDS).min(bookable.slot.starts_at).timestamp(),
        created_at: now.timestamp(),
        idempotency_key: None,
        account_id: None,
        terms: HoldTerms {
            category: request.category,
            band: quote.band.map(|b| b.as_str()),
            vat_basis_points: i64::from(quote.vat_basis_points),
            vat_minor: Some(quote.vat.amount_minor),
            free_cancel_until: Some(quote.cancellation.free_until.timestamp()),
            late_cancel_fee_minor: quote.cancellation.late_fee.amount_minor,
            email_key: None,
            max_active: None,
        },
    };
    // Fetched before the transaction (see `Signer`).
    let signer = Signer::active(&state.db).await?;
    let at = now.timestamp();
    let mut tx = state.db.begin_write().await?;
    match bookings::insert_hold_in(&mut tx, &hold, at).await? {
        HoldOutcome::Held => {}
        HoldOutcome::SlotTaken => return Err(slot_taken()),
        // No key and no limit were given: neither can happen.
        HoldOutcome::Replayed(_) | HoldOutcome::LimitReached(_) => return Err(slot_taken()),
    }
    bookings::desk_details_in(&mut tx, hold.id, phone.as_deref(), at_venue).await?;
    if at_venue {
        let held = bookings::get_in(&mut tx, hold.id)
            .await?
            .ok_or(AppError::NotFound("booking"))?;
        if bookings::confirm_in(&mut tx, &held, &payments::door_code(), at).await?
            != WriteOutcome::Done
        {
            return Err(slot_taken());
        }
        access::credentials::issue_in(
            &mut tx,
            &signer,
            hold.id,
            access::settings().code_digits,
            at,
        )
        .await?;
    }
    let made = bookings::get_in(&mut tx, hold.id)
        .await?
        .ok_or(AppError::NotFound("booking"))?;
    let public_url = state.accounts.public_url.as_str().trim_end_matches('/');
    // The link opens the booking on any device (the owner key in it).
    let link = format!(
        "{public_url}/bookings/{}?key={}",
        made.id,
        state.owner_keys.key_for(made.id)
    );
    queue::queue_in(&mut tx, &notice::made(&made, &link), at).await?;
    super::super::audit::record_at_venue_in(
        &mut tx,
        super::super::audit::VenueChange {
            actor_id: Some(operating.account_id),
            action: "booking.made",
            venue_id,
            subject: Some(made.id.to_string()),
            detail: serde_json::json!({
                "court_id": made.court_id,
                "starts_at": made.starts_at,
                "payment": if at_venue { "at_venue" } else { "link" },
                "price_minor": made.price_minor,
            }),
            at,
        },
    )
    .await?;
    tx.commit().await?;
    crate::wake::MAIL.ring();
    crate::wake::STAFF.ring();
    tracing::info!(booking = %made.id, venue = venue_id, at_venue, by = %operating.account_id, "booked at the desk");
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/bookings/{}", made.id))],
        Json(to_desk(&made, Utc::now())),
    ))
}
