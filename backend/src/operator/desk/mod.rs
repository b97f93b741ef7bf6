//! The bookings desk (issue 15, item 5): a venue's day or week with every
//! booking and who made it, searched by name, e-mail, door code or booking
//! number, and a booking cancelled by the venue, with the rules' late fee
//! or without it. Staff of the venue and operators of its organisation;
//! players never see these names.
//!
//! A desk cancellation is one transaction, like a player's: the booking
//! cancelled, its door credentials revoked, the refund recorded, the
//! player's mail and push queued, and `booking.cancelled` in the audit log
//! with who did it and what was refunded. Stripe's refund follows on a task
//! of its own, retried by the reconciliation job.

pub mod moving;
mod notice;
pub mod on_behalf;

use axum::{
    extract::State,
    routing::{get, post},
    Json, Router,
};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use serde::Deserialize;
use shared::{
    operator::{DeskBooking, Role, StaffCancel},
    BookingStatus,
};
use uuid::Uuid;

use super::Operating;
use crate::{
    availability::{self, grid},
    bookings::store::{self as bookings, BookingRow, Cancel, WriteOutcome},
    error::{AppError, AppResult},
    extract::{ApiJson, ApiPath, ApiQuery},
    payments::{refund, Provider},
    venues, AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/operator/venues/{venue_id}/bookings",
            get(list).post(on_behalf::book_for_caller),
        )
        .route("/operator/bookings/{booking_id}/cancel", post(cancel))
        .route(
            "/operator/bookings/{booking_id}/move",
            post(moving::move_booking),
        )
}

/// The longest stretch one answer covers: two months.
const MAX_DAYS: u32 = 62;

fn to_desk(row: &BookingRow, now: chrono::DateTime<Utc>) -> DeskBooking {
    let booking = row.to_api(now);
    let cancellable = matches!(
        booking.status,
        BookingStatus::Held | BookingStatus::Confirmed
    ) && row.starts_at() > now;
    let paid_now = booking.status == BookingStatus::Confirmed;
    DeskBooking {
        id: row.id,
        court_id: row.court_id,
        court_name: row.court_name.clone(),
        starts_at: booking.starts_at,
        ends_at: booking.ends_at,
        local_start: booking.local_start.clone(),
        local_end: booking.local_end.clone(),
        local_date: booking.local_date,
        status: booking.status,
        // A protected person's booking: an alias, never who it is.
        name: if row.protected_by.is_some() {
            String::new()
        } else {
            row.name.clone()
        },
        email: if row.protected_by.is_some() {
            String::new()
        } else {
            row.email.clone()
        },
        phone: row.phone.clone().filter(|_| row.protected_by.is_none()),
        protected_alias: row.protected_by.map(crate::privacy::protected::alias),
        pay_at_venue: row.pay_at_venue,
        door_code: row.door_code.clone().filter(|_| paid_now),
        price: row.money(row.price_minor),
        paid: row.was_paid() && !row.pay_at_venue,
        fee_if_cancelled: cancellable.then(|| {
            if !paid_now || row.pay_at_venue || now < row.free_cancel_until() {
                row.money(0)
            } else {
                row.terms().late_fee
            }
        }),
        refunded: row.cancellation().map(|c| c.refund),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeskQuery {
    /// The first day, on the venue's clock (`2026-12-08`); today when left out.
    #[param(value_type = Option<String>)]
    pub date: Option<NaiveDate>,
    /// How many days from `date`: 1 (a day, the default), 7 (a week), at most 62.
    pub days: Option<u32>,
    /// Only bookings whose name or e-mail contains this, whose phone has
    /// these digits (at least 4), or whose door code or booking number (the
    /// start of its id) it is.
    pub q: Option<String>,
}

/// The digits of a phone number as typed ("070-123 45 67" → "0701234567").
fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Whether `row` is what the desk searched for (`q` lower-cased, trimmed).
fn matches(row: &BookingRow, q: &str) -> bool {
    // A protected person is found by the alias, the door code or the
    // booking number only: a search by their name must not tell they booked.
    if let Some(account) = row.protected_by {
        let alias = crate::privacy::protected::alias(account).to_lowercase();
        return alias.contains(q)
            || row.door_code.as_deref() == Some(q)
            || (q.len() >= 4 && row.id.simple().to_string().starts_with(&q.replace('-', "")));
    }
    row.name.to_lowercase().contains(q)
        || row.email.to_lowercase().contains(q)
        || row
            .phone
            .as_deref()
            .is_some_and(|p| digits(p).contains(&digits(q)) && digits(q).len() >= 4)
        || row.door_code.as_deref() == Some(q)
        || (q.len() >= 4 && row.id.simple().to_string().starts_with(&q.replace('-', "")))
}

/// Every booking at the venue over a day or more, by start and court, with
/// who made it.
#[utoipa::path(get, path = "/api/v1/operator/venues/{venue_id}/bookings", tag = "operator",
    params(("venue_id" = i64, Path, description = "Venue id"), DeskQuery),
    responses(
        (status = 200, description = "The bookings (confirmed, held, and cancelled ones with their refunds)", body = [DeskBooking]),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of this venue, nor an operator of its organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such venue in the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`days` outside 1–62", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(venue_id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<DeskQuery>,
) -> AppResult<Json<Vec<DeskBooking>>> {
    operating.at_venue(&state.db, venue_id, Role::Staff).await?;
    let days = query.days.unwrap_or(1);
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(AppError::invalid(
            "days",
            format!("Ask for 1 to {MAX_DAYS} days."),
        ));
    }
    let venue = venues::store::venue(&state.db, venue_id)
        .await?
        .ok_or(AppError::NotFound("venue"))?;
    let tz = availability::venue_tz(&venue)?;
    let now = Utc::now();
    let first = query.date.unwrap_or_else(|| grid::local_date(tz, now));
    let midnight = |date: NaiveDate| {
        date.and_hms_opt(0, 0, 0)
            .and_then(|t| tz.from_local_datetime(&t).earliest())
            .map(|t| t.timestamp())
            .ok_or_else(|| AppError::invalid("date", "That date is not one on the venue's clock."))
    };
    let (from, to) = (
        midnight(first)?,
        midnight(first + Duration::days(i64::from(days)))?,
    );
    let rows = bookings::at_venue_between(&state.db, venue_id, from, to, now.timestamp()).await?;
    let q = query
        .q
        .as_deref()
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    Ok(Json(
        rows.iter()
            .filter(|row| q.as_deref().is_none_or(|q| matches(row, q)))
            .map(|row| to_desk(row, now))
            .collect(),
    ))
}

/// Cancels a booking for the venue: refunded per the rules (the late fee
/// kept after the free-cancellation deadline) or in full with `waive_fee`.
/// The player is told by mail and push. Cancelling a cancelled booking
/// again answers it as it is.
#[utoipa::path(post, path = "/api/v1/operator/bookings/{booking_id}/cancel", tag = "operator",
    params(("booking_id" = Uuid, Path, description = "Booking id")),
    request_body = StaffCancel,
    responses(
        (status = 200, description = "The booking, cancelled, with what was refunded", body = DeskBooking),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of the booking's venue, nor an operator of its organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such booking at the person's venues", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already started (`/problems/already-started`), or a hold that lapsed (`/problems/not-active`)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    Provider(provider): Provider,
    operating: Operating,
    ApiPath(booking_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<StaffCancel>,
) -> AppResult<Json<DeskBooking>> {
    let public_url = state
        .accounts
        .public_url
        .as_str()
        .trim_end_matches('/')
        .to_string();
    // Changed under us (paid meanwhile): decided again, at most twice.
    for _ in 0..3 {
        let row = at_desk(&state, &operating, booking_id).await?;
        let now = Utc::now();
        let from = match row.status_at(now) {
            BookingStatus::Cancelled => {
                refund::carry_out_detached(&state.db, &provider, booking_id).await?;
                return answer(&state, booking_id).await;
            }
            BookingStatus::Expired => {
                return Err(AppError::conflict(
                    "not-active",
                    "This hold lapsed unpaid; there is nothing to cancel.",
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
        let refund_provider = refund::provider_for(&state.db, booking_id).await?;
        let cancel = Cancel::of(&row, from, now, request.waive_fee, refund_provider);
        let (fee, refund) = (cancel.fee_minor, cancel.refund_minor);
        let language = player_language(&state, &row).await?;
        let told = notice::cancelled(&row, language.as_deref(), refund, &public_url);
        let mut tx = state.db.begin_write().await?;
        if bookings::cancel_in(&mut tx, &cancel).await? != WriteOutcome::Done {
            continue;
        }
        told.queue_in(&mut tx, row.starts_at, cancel.at).await?;
        super::audit::record_at_venue_in(
            &mut tx,
            super::audit::VenueChange {
                actor_id: Some(operating.account_id),
                action: "booking.cancelled",
                venue_id: row.venue_id,
                subject: Some(booking_id.to_string()),
                detail: serde_json::json!({
                    "court_id": row.court_id,
                    "starts_at": row.starts_at,
                    "fee_minor": fee,
                    "refund_minor": refund,
                    "waived": request.waive_fee,
                }),
                at: cancel.at,
            },
        )
        .await?;
        tx.commit().await?;
        crate::wake::MAIL.ring();
        crate::wake::PUSHES.ring();
        crate::wake::OFFERS.ring();
        tracing::info!(booking = %booking_id, venue = row.venue_id, fee, refund, by = %operating.account_id, "cancelled at the desk");
        refund::carry_out_detached(&state.db, &provider, booking_id).await?;
        return answer(&state, booking_id).await;
    }
    answer(&state, booking_id).await
}

/// A booking at a venue where `operating` is staff or operator; another
/// venue's booking is no such booking, as for anyone else.
pub(crate) async fn at_desk(
    state: &AppState,
    operating: &Operating,
    booking_id: Uuid,
) -> AppResult<BookingRow> {
    let row = bookings::get(&state.db, booking_id)
        .await?
        .ok_or(AppError::NotFound("booking"))?;
    operating
        .at_venue(&state.db, row.venue_id, Role::Staff)
        .await
        .map_err(|e| match e {
            AppError::NotFound(_) => AppError::NotFound("booking"),
            other => other,
        })?;
    Ok(row)
}

/// The language of the booking's account (`None`: a guest, told in Swedish).
async fn player_language(state: &AppState, row: &BookingRow) -> AppResult<Option<String>> {
    Ok(match row.account_id {
        Some(account) => bookings::account_language(&state.db, account).await?,
        None => None,
    })
}

async fn answer(state: &AppState, booking_id: Uuid) -> AppResult<Json<DeskBooking>> {
    let row = bookings::get(&state.db, booking_id)
        .await?
        .ok_or(AppError::NotFound("booking"))?;
    Ok(Json(to_desk(&row, Utc::now())))
}
