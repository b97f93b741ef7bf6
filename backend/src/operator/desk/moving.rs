//! Moving a booking at the desk: a caller who wants another time, a court
//! that needs work. The price and terms the booking was sold with stay (a
//! move is the venue's service, not a new sale); the venue's notice and
//! horizon do not apply to staff. See [`crate::bookings::moves`] for what
//! the one transaction writes.

use axum::{extract::State, Json};
use chrono::Utc;
use shared::{
    operator::{DeskBooking, StaffMove},
    BookingStatus,
};
use uuid::Uuid;

use super::{answer, at_desk, notice, player_language, Operating};
use crate::{
    access::credentials::Signer,
    availability,
    bookings::{
        moves::{self, Target},
        slot_taken,
        store::{self as bookings, WriteOutcome},
    },
    error::{AppError, AppResult},
    extract::{ApiJson, ApiPath},
    AppState,
};

/// Moves a paid, not yet started booking to a free slot of a court at the
/// same venue; the player is told by mail and push, with the new door code.
/// Moving it where it already is answers it as it is.
#[utoipa::path(post, path = "/api/v1/operator/bookings/{booking_id}/move", tag = "operator",
    params(("booking_id" = Uuid, Path, description = "Booking id")),
    request_body = StaffMove,
    responses(
        (status = 200, description = "The booking where it now is, with its new door code", body = DeskBooking),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff of the booking's venue, nor an operator of its organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such booking at the person's venues", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The new slot is taken or closed (`/problems/slot-taken`), the booking has started (`/problems/already-started`), or it is not a paid booking (`/problems/not-active`)", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`court_id` not at the booking's venue, or `starts_at` not the start of a slot of that court in the future", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn move_booking(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(booking_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<StaffMove>,
) -> AppResult<Json<DeskBooking>> {
    let row = at_desk(&state, &operating, booking_id).await?;
    let slot = availability::bookable_slot(&state, request.court_id, request.starts_at).await?;
    if slot.court.venue_id != row.venue_id {
        return Err(AppError::invalid(
            "court_id",
            "That court is not at this booking's venue.",
        ));
    }
    let to = Target {
        court_id: slot.court.id,
        starts_at: slot.slot.starts_at.timestamp(),
        ends_at: slot.slot.ends_at.timestamp(),
    };
    if moves::is_at(&row, to) {
        return answer(&state, booking_id).await;
    }
    let now = Utc::now();
    match row.status_at(now) {
        BookingStatus::Confirmed => {}
        BookingStatus::Held => {
            return Err(AppError::conflict(
                "not-active",
                "This booking is not paid yet; it can be moved once it is.",
            ))
        }
        BookingStatus::Cancelled | BookingStatus::Expired => {
            return Err(AppError::conflict(
                "not-active",
                "This booking is cancelled or lapsed; there is nothing to move.",
            ))
        }
    }
    if row.starts_at() <= now {
        return Err(AppError::conflict(
            "already-started",
            "This booking has already started and can no longer be moved.",
        ));
    }
    if slot.slot.starts_at <= now {
        return Err(AppError::invalid(
            "starts_at",
            "That slot has already started; pick a later one.",
        ));
    }
    let language = player_language(&state, &row).await?;
    // Fetched before the transaction: creating a first key inside it would
    // wait on its own write lock on SQLite.
    let signer = Signer::active(&state.db).await?;
    let at = now.timestamp();
    let mut tx = state.db.begin_write().await?;
    match moves::move_in(&mut tx, &signer, &row, to, at).await? {
        WriteOutcome::Done => {}
        WriteOutcome::SlotTaken => return Err(slot_taken()),
        // Changed since read (cancelled, moved by a colleague): say how it is.
        WriteOutcome::WrongState => {
            drop(tx);
            return answer(&state, booking_id).await;
        }
    }
    let moved = bookings::get_in(&mut tx, booking_id)
        .await?
        .ok_or(AppError::NotFound("booking"))?;
    let public_url = state.accounts.public_url.as_str().trim_end_matches('/');
    let told = notice::moved(&row, &moved, language.as_deref(), public_url);
    told.queue_in(&mut tx, moved.starts_at, at).await?;
    super::super::audit::record_at_venue_in(
        &mut tx,
        super::super::audit::VenueChange {
            actor_id: Some(operating.account_id),
            action: "booking.moved",
            venue_id: row.venue_id,
            subject: Some(booking_id.to_string()),
            detail: serde_json::json!({
                "from": {"court_id": row.court_id, "starts_at": row.starts_at},
                "to": {"court_id": to.court_id, "starts_at": to.starts_at},
            }),
            at,
        },
    )
    .await?;
    tx.commit().await?;
    crate::wake::MAIL.ring();
    crate::wake::PUSHES.ring();
    crate::wake::OFFERS.ring();
    tracing::info!(booking = %booking_id, venue = row.venue_id, court = to.court_id, starts_at = to.starts_at, by = %operating.account_id, "moved at the desk");
    answer(&state, booking_id).await
}
