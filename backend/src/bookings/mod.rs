//! Bookings: holding a slot, reading and cancelling a booking.
//!
//! A booking starts as a hold while the player pays; paying (see
//! `payments`) confirms it and issues the door code. Its id names it but
//! opens nothing: the owner proves ownership with the owner key the device
//! was given when it booked, or with the account's session (see [`owner`]).

pub mod hold_limit;
pub mod ics;
pub mod moves;
pub mod owner;
pub mod receipt;
pub mod store;

use std::time::Duration;

use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::IntoResponse,
    routing::{get, post},
    Json, Router,
};
use chrono::Utc;
use shared::{
    validate::{Email, PlayerName},
    Booking, BookingStatus, CreateBooking,
};
use uuid::Uuid;

use crate::{
    accounts::{ClientIp, MaybeSignedIn},
    availability,
    db::Db,
    error::{AppError, AppResult},
    extract::ApiJson,
    payments::{self, Provider},
    rules::{self, Rules},
    AppState,
};
use owner::OwnedBooking;
use store::HoldOutcome;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/bookings", post(create_booking))
        .route("/bookings/{id}", get(get_booking))
        .route("/bookings/{id}/cancel", post(cancel_booking))
        .route("/bookings/{id}/calendar.ics", get(booking_calendar))
        .route("/bookings/{id}/receipt", get(receipt::booking_receipt))
}

pub fn slot_taken() -> AppError {
    AppError::conflict(
        "slot-taken",
        "Someone else has just booked this slot. Please pick another time.",
    )
}

/// Holds a free slot for the player while they pay.
#[utoipa::path(post, path = "/api/v1/bookings", tag = "bookings",
    request_body = CreateBooking,
    params(("Idempotency-Key" = Option<String>, Header,
        description = "Makes retries safe: a repeated request with the same key returns the first booking")),
    responses(
        (status = 201, description = "The slot is held; pay before `hold_expires_at`. Only this answer carries `owner_key`: keep it, it opens the booking (`X-Booking-Key`)", body = Booking),
        (status = 400, description = "Malformed body", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slot is taken", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (named in `field`), or the venue's rules refuse it (`/problems/min-notice`, `/problems/too-far-ahead`, `/problems/booking-limit`)", body = shared::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many holds from this client or account (`LEDIG_HOLDS_PER_CLIENT`, `LEDIG_HOLDS_PER_PERSON` per 15 minutes); see Retry-After", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_booking(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    MaybeSignedIn(live): MaybeSignedIn,
    headers: HeaderMap,
    ApiJson(request): ApiJson<CreateBooking>,
) -> AppResult<impl IntoResponse> {
    let idempotency_key = idempotency_key(&headers)?;
    let name = PlayerName::parse(&request.name)?;
    let email = Email::parse(&request.email)?;
    let bookable = availability::bookable_slot(&state, request.court_id, request.starts_at).await?;
    let now = Utc::now();
    if bookable.slot.starts_at <= now {
        return Err(AppError::invalid(
            "starts_at",
            "That slot has already started; pick a later one.",
        ));
    }
    let rules = &bookable.rules;
    rules.check_hold(bookable.slot.starts_at, now)?;
    // Priced exactly as the quote prices it: the price shown is the price charged.
    let category = rules::category_for_request(live.as_deref());
    let quote = rules.quote(&bookable, category);
    let hold = store::NewBooking {
        id: Uuid::new_v4(),
        court_id: bookable.court.id,
        starts_at: bookable.slot.starts_at.timestamp(),
        ends_at: bookable.slot.ends_at.timestamp(),
        name: name.as_str().to_string(),
        email: email.as_str().to_string(),
        price: quote.price.clone(),
        hold_expires_at: (now + state.hold).timestamp(),
        created_at: now.timestamp(),
        idempotency_key,
        account_id: live.as_ref().map(|l| l.account.id),
        terms: store::HoldTerms {
            category,
            band: quote.band.map(|b| b.as_str()),
            vat_basis_points: i64::from(quote.vat_basis_points),
            vat_minor: Some(quote.vat.amount_minor),
            free_cancel_until: Some(quote.cancellation.free_until.timestamp()),
            late_cancel_fee_minor: quote.cancellation.late_fee.amount_minor,
            email_key: Some(hold_limit::person_key(live.as_deref(), email.as_str(), ip)),
            max_active: rules.max_active_bookings,
        },
    };
    hold_limit::take(
        &state.db,
        state.hold_limits,
        ip,
        live.as_deref(),
        now.timestamp(),
    )
    .await?;
    let id = match store::insert_hold(&state.db, &hold, now.timestamp()).await? {
        HoldOutcome::Held => hold.id,
        HoldOutcome::SlotTaken => return Err(slot_taken()),
        HoldOutcome::LimitReached(limit) => return Err(Rules::limit_reached(limit)),
        HoldOutcome::Replayed(id) => id,
    };
    let mut booking = load(&state.db, id).await?;
    if id != hold.id
        && (booking.court_id != hold.court_id
            || booking.starts_at != request.starts_at
            || booking.email != hold.email)
    {
        return Err(AppError::invalid(
            "idempotency_key",
            "This Idempotency-Key was already used for a different booking request.",
        ));
    }
    // The device that booked proves it is the owner with this from now on
    // (a replay of the same request gets the same key).
    booking.owner_key = Some(state.owner_keys.key_for(booking.id));
    let location = format!("/api/v1/bookings/{}", booking.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(booking),
    ))
}

/// A booking, for its owner: the device with its owner key, or the
/// account's session.
#[utoipa::path(get, path = "/api/v1/bookings/{id}", tag = "bookings",
    params(("id" = Uuid, Path, description = "Booking id"), ("X-Booking-Key" = Option<String>, Header, description = "The owner key from the answer that made the booking; not needed when signed in to the booking's account")),
    responses(
        (status = 200, description = "The booking", body = Booking),
        (status = 404, description = "No such booking, or not yours (no valid owner key, not your account's)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_booking(OwnedBooking(row): OwnedBooking) -> AppResult<Json<Booking>> {
    Ok(Json(row.to_api(Utc::now())))
}

/// The booking as an iCalendar file, to add to a calendar.
#[utoipa::path(get, path = "/api/v1/bookings/{id}/calendar.ics", tag = "bookings",
    params(("id" = Uuid, Path, description = "Booking id"), ("X-Booking-Key" = Option<String>, Header, description = "The owner key from the answer that made the booking; not needed when signed in to the booking's account"),
        ("key" = Option<String>, Query, description = "The owner key, for a plain download link (instead of `X-Booking-Key`)")),
    responses(
        (status = 200, description = "One VEVENT (RFC 5545)", content_type = "text/calendar", body = String),
        (status = 404, description = "No such booking, or not yours", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn booking_calendar(OwnedBooking(row): OwnedBooking) -> AppResult<impl IntoResponse> {
    let now = Utc::now();
    let body = ics::calendar(&row.to_api(now), &row.venue_address, now);
    let disposition = format!(
        "attachment; filename=\"ledig-{}.ics\"",
        row.starts_at().format("%Y-%m-%d-%H%M")
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    ))
}

/// Cancels a booking before it starts; its slot is free again at once.
/// Before the booking's free-cancellation deadline a paid booking is
/// refunded in full; after it the venue's late fee is kept (or nothing is
/// refunded); an unpaid hold refunds nothing. The answer's `cancellation`
/// says what was refunded. Cancelling twice is harmless (and retries a
/// refund the payment provider could not take yet).
#[utoipa::path(post, path = "/api/v1/bookings/{id}/cancel", tag = "bookings",
    params(("id" = Uuid, Path, description = "Booking id"), ("X-Booking-Key" = Option<String>, Header, description = "The owner key from the answer that made the booking; not needed when signed in to the booking's account")),
    responses(
        (status = 200, description = "The cancelled booking, with `cancellation` (paid, fee, refund, refund_status)", body = Booking),
        (status = 404, description = "No such booking, or not yours", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already started, or its hold lapsed", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn cancel_booking(
    State(state): State<AppState>,
    Provider(provider): Provider,
    OwnedBooking(owned): OwnedBooking,
) -> AppResult<Json<Booking>> {
    let id = owned.id;
    // A booking paid for while we decide is decided again (at most twice).
    for _ in 0..3 {
        let row = store::get(&state.db, id)
            .await?
            .ok_or(AppError::NotFound("booking"))?;
        let now = Utc::now();
        let from = match row.status_at(now) {
            BookingStatus::Cancelled => {
                payments::refund::carry_out_detached(&state.db, &provider, id).await?;
                return Ok(Json(load(&state.db, id).await?));
            }
            BookingStatus::Expired => {
                return Err(AppError::conflict(
                    "not-active",
                    "This hold has already lapsed; there is nothing to cancel.",
                ))
            }
            status @ (BookingStatus::Held | BookingStatus::Confirmed) => status,
        };
        if row.starts_at() <= now {
            return Err(AppError::conflict(
                "already-started",
                "This booking has already started and can no longer be cancelled.",
            ));
        }
        let refund_provider = payments::refund::provider_for(&state.db, id).await?;
        let cancel = store::Cancel::of(&row, from, now, false, refund_provider);
        // The cancellation, the revocation of its door credentials and its
        // refund (done, or pending for Stripe) are one transaction.
        if store::cancel(&state.db, &cancel).await? == store::WriteOutcome::Done {
            payments::refund::carry_out_detached(&state.db, &provider, id).await?;
            return Ok(Json(load(&state.db, id).await?));
        }
    }
    // Still changing under us: say how it stands now.
    Ok(Json(load(&state.db, id).await?))
}

/// The optional `Idempotency-Key` header: 1–200 visible ASCII characters.
fn idempotency_key(headers: &HeaderMap) -> AppResult<Option<String>> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 200 && k.chars().all(|c| c.is_ascii_graphic()));
    key.map(|k| Some(k.to_string()))
        .ok_or_else(|| AppError::BadRequest {
            field: Some("idempotency_key".into()),
            message:
                "The Idempotency-Key header must be 1 to 200 visible ASCII characters, e.g. a UUID."
                    .into(),
        })
}

/// Reads a booking for its owner.
pub async fn load(db: &Db, id: Uuid) -> AppResult<Booking> {
    let row = store::get(db, id)
        .await?
        .ok_or(AppError::NotFound("booking"))?;
    Ok(row.to_api(Utc::now()))
}

/// The background sweep that frees lapsed holds, every 30 seconds.
/// (Reads already treat a lapsed hold as free; this keeps the table honest.)
pub async fn sweep_lapsed_holds_forever(db: Db) {
    let mut tick = crate::wake::every(Duration::from_secs(30));
    while tick.wait().await {
        let round = store::expire_lapsed_holds(&db, Utc::now().timestamp()).await;
        crate::metrics::job_round("hold_sweeper", round.is_ok());
        match round {
            Ok(0) => {}
            Ok(n) => tracing::info!(expired = n, "freed lapsed holds"),
            Err(error) => tracing::warn!(%error, "sweeping lapsed holds failed"),
        }
    }
}
