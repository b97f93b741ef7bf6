//! The operator pages' calls (`/api/v1/operator/...`), in the operator build
//! only (`--features operator`).

use super::*;
use shared::rules::{Quote, RuleSet, RulesPreview};

/// A venue's closures that have not ended, and the last 30 days' others.
pub async fn closures(venue_id: i64) -> ApiResult<Vec<shared::operator::Closure>> {
    send(get(&format!("/operator/venues/{venue_id}/closures")).build()).await
}

/// Closes a court (or the whole venue): the bookings under it are
/// cancelled, refunded and their players told, by the server, at once.
pub async fn create_closure(
    venue_id: i64,
    body: &shared::operator::NewClosure,
) -> ApiResult<shared::operator::Closure> {
    send(post(&format!("/operator/venues/{venue_id}/closures")).json(body)).await
}

/// Lifts a closure early: its slots are bookable again, and watchers told.
pub async fn reopen_closure(venue_id: i64, id: Uuid) -> ApiResult<shared::operator::Closure> {
    send(post(&format!("/operator/venues/{venue_id}/closures/{id}/reopen")).build()).await
}

/// The audit log of my organisations, newest first; `before` an entry's id.
pub async fn audit(before: Option<i64>) -> ApiResult<Vec<shared::operator::AuditEntry>> {
    let path = match before {
        Some(id) => format!("/operator/audit?limit=50&before={id}"),
        None => "/operator/audit?limit=50".to_string(),
    };
    send(get(&path).build()).await
}

/// A document an operator edits (a venue's rules, hours or setup) and its
/// `ETag`, which [`save_versioned`] sends back in `If-Match`.
async fn versioned<T: DeserializeOwned>(path: &str) -> ApiResult<(T, String)> {
    let response = fetch(get(path).build()).await?;
    let etag = response.headers().get("etag").unwrap_or_default();
    Ok((decode(response).await?, etag))
}

/// Saves such a document over version `etag`: the server answers `412`
/// when someone saved in between (nothing written). The saved document and
/// its new `ETag`.
async fn save_versioned<T: serde::Serialize + DeserializeOwned>(
    path: &str,
    etag: &str,
    body: &T,
) -> ApiResult<(T, String)> {
    let response = fetch(put(path).header("If-Match", etag).json(body)).await?;
    let etag = response.headers().get("etag").unwrap_or_default();
    Ok((decode(response).await?, etag))
}

/// A venue's rules as an operator edits them, and their ETag (what
/// [`save_rules`] sends back, so a change made meanwhile is not overwritten).
pub async fn rules(venue_id: i64) -> ApiResult<(RuleSet, String)> {
    versioned(&format!("/operator/venues/{venue_id}/rules")).await
}

/// Saves a venue's rules over version `etag`: `412` when someone saved in
/// between (nothing written). The saved rules and their new ETag.
pub async fn save_rules(venue_id: i64, etag: &str, body: &RuleSet) -> ApiResult<(RuleSet, String)> {
    save_versioned(&format!("/operator/venues/{venue_id}/rules"), etag, body).await
}

/// What a slot would cost under draft rules (nothing is saved).
pub async fn preview_rules(venue_id: i64, body: &RulesPreview) -> ApiResult<Quote> {
    send(post(&format!("/operator/venues/{venue_id}/rules/preview")).json(body)).await
}

/// The people of an organisation (its operators only).
pub async fn members(organisation_id: i64) -> ApiResult<Vec<shared::operator::Member>> {
    send(
        get(&format!(
            "/operator/organisations/{organisation_id}/members"
        ))
        .build(),
    )
    .await
}

/// Gives a person a role in the organisation (or changes theirs); they are told by mail.
pub async fn give_role(
    organisation_id: i64,
    body: &shared::operator::NewMember,
) -> ApiResult<shared::operator::Member> {
    send(
        post(&format!(
            "/operator/organisations/{organisation_id}/members"
        ))
        .json(body),
    )
    .await
}

/// Marks a resident's account as protected (or lifts it) on their request.
pub async fn protect_account(
    organisation_id: i64,
    body: &shared::privacy::ProtectAccount,
) -> ApiResult<()> {
    send_empty(
        post(&format!(
            "/operator/organisations/{organisation_id}/protected"
        ))
        .json(body),
    )
    .await
}

/// Takes a person's role in the organisation away.
pub async fn remove_member(organisation_id: i64, account_id: Uuid) -> ApiResult<()> {
    send_empty(
        delete(&format!(
            "/operator/organisations/{organisation_id}/members/{account_id}"
        ))
        .build(),
    )
    .await
}

/// A venue's opening hours as an operator edits them, and their ETag.
pub async fn hours(venue_id: i64) -> ApiResult<(shared::operator::VenueHours, String)> {
    versioned(&format!("/operator/venues/{venue_id}/hours")).await
}

/// Saves a venue's opening hours over version `etag` (`412` when someone
/// saved in between, `409` when a booking lies outside them).
pub async fn save_hours(
    venue_id: i64,
    etag: &str,
    body: &shared::operator::VenueHours,
) -> ApiResult<(shared::operator::VenueHours, String)> {
    save_versioned(&format!("/operator/venues/{venue_id}/hours"), etag, body).await
}

/// Each court's slot starts on a date under draft hours (nothing is saved).
pub async fn preview_hours(
    venue_id: i64,
    body: &shared::operator::HoursPreview,
) -> ApiResult<Vec<shared::operator::CourtDay>> {
    send(post(&format!("/operator/venues/{venue_id}/hours/preview")).json(body)).await
}

/// A venue and its courts as its operators edit them, with the version's `ETag`.
pub async fn venue_setup(venue_id: i64) -> ApiResult<(shared::operator::VenueSetup, String)> {
    versioned(&format!("/operator/venues/{venue_id}")).await
}

/// Saves a venue and its courts over version `etag` (`412` when someone
/// saved in between, `409` when a new slot grid strands a booking).
pub async fn save_venue_setup(
    venue_id: i64,
    etag: &str,
    body: &shared::operator::VenueSetup,
) -> ApiResult<(shared::operator::VenueSetup, String)> {
    save_versioned(&format!("/operator/venues/{venue_id}"), etag, body).await
}

/// Makes a venue of an organisation with its courts.
pub async fn create_venue(
    organisation_id: i64,
    body: &shared::operator::VenueSetup,
) -> ApiResult<shared::operator::VenueCreated> {
    send(post(&format!("/operator/organisations/{organisation_id}/venues")).json(body)).await
}

/// A venue's bookings over `days` days from `date` (today when `None`),
/// with who booked; `q` searches name, e-mail, door code and booking number.
pub async fn desk_bookings(
    venue_id: i64,
    date: Option<chrono::NaiveDate>,
    days: u32,
    q: &str,
) -> ApiResult<Vec<shared::operator::DeskBooking>> {
    let mut path = format!("/operator/venues/{venue_id}/bookings?days={days}");
    if let Some(date) = date {
        path.push_str(&format!("&date={date}"));
    }
    if !q.trim().is_empty() {
        path.push_str(&format!("&q={}", js_sys::encode_uri_component(q.trim())));
    }
    send(get(&path).build()).await
}

/// Cancels a booking for the venue, the late fee kept or waived.
pub async fn desk_cancel(
    booking_id: uuid::Uuid,
    waive_fee: bool,
) -> ApiResult<shared::operator::DeskBooking> {
    let body = shared::operator::StaffCancel { waive_fee };
    send(post(&format!("/operator/bookings/{booking_id}/cancel")).json(&body)).await
}

/// Each court's slots on a day under a draft of the venue and its courts.
pub async fn preview_venue(
    venue_id: i64,
    body: &shared::operator::VenuePreview,
) -> ApiResult<Vec<shared::operator::CourtDay>> {
    send(post(&format!("/operator/venues/{venue_id}/preview")).json(body)).await
}

/// Who is told what at a venue, and its staffed hours.
pub async fn notices(venue_id: i64) -> ApiResult<shared::operator::VenueNotices> {
    send(get(&format!("/operator/venues/{venue_id}/notices")).build()).await
}

/// Saves who is told what at a venue, and its staffed hours.
pub async fn save_notices(
    venue_id: i64,
    body: &shared::operator::VenueNotices,
) -> ApiResult<shared::operator::VenueNotices> {
    send(put(&format!("/operator/venues/{venue_id}/notices")).json(body)).await
}

/// Books a slot for a caller, paid at the venue or by a mailed link.
pub async fn desk_book(
    venue_id: i64,
    body: &shared::operator::StaffBooking,
) -> ApiResult<shared::operator::DeskBooking> {
    send(post(&format!("/operator/venues/{venue_id}/bookings")).json(body)).await
}

/// Moves a paid booking to a court's slot at the same venue.
pub async fn desk_move(
    booking_id: uuid::Uuid,
    court_id: i64,
    starts_at: chrono::DateTime<chrono::Utc>,
) -> ApiResult<shared::operator::DeskBooking> {
    let body = shared::operator::StaffMove {
        court_id,
        starts_at,
    };
    send(post(&format!("/operator/bookings/{booking_id}/move")).json(&body)).await
}

fn statistics_query(from: chrono::NaiveDate, to: chrono::NaiveDate, lang: &str) -> String {
    format!("from={from}&to={to}&lang={lang}")
}

/// A venue's figures over `from`–`to`, labels in `lang`.
pub async fn statistics(
    venue_id: i64,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    lang: &str,
) -> ApiResult<shared::operator::VenueStatistics> {
    let query = statistics_query(from, to, lang);
    send(get(&format!("/operator/venues/{venue_id}/statistics?{query}")).build()).await
}

/// Where the same figures download as CSV.
pub fn statistics_csv_url(
    venue_id: i64,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    lang: &str,
) -> String {
    let query = statistics_query(from, to, lang);
    url(&format!(
        "/operator/venues/{venue_id}/statistics.csv?{query}"
    ))
}

/// Adds a photo to the venue; the server keeps the picture without its
/// metadata.
pub async fn add_venue_photo(
    venue_id: i64,
    body: &shared::operator::NewVenuePhoto,
) -> ApiResult<shared::VenuePhoto> {
    send(post(&format!("/operator/venues/{venue_id}/photos")).json(body)).await
}

/// Removes a photo of the venue.
pub async fn remove_venue_photo(venue_id: i64, id: Uuid) -> ApiResult<()> {
    send_empty(delete(&format!("/operator/venues/{venue_id}/photos/{id}")).build()).await
}
