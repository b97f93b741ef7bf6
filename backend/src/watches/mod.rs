//! Watches and fair offers (issue 5, docs/WATCHES.md): "tell me when a time
//! frees up". A player watches a court, a venue or an area for weekdays, a
//! time-of-day window, a minimum length and a date range. When a matching
//! slot frees (a cancellation, a lapsed hold, a no-show — each writes a
//! `slot_events` row in its own transaction), the offer worker
//! ([`offers`]) offers it to one watcher at a time with a short hold in
//! their name, least recently offered first, and after a few rounds, or for
//! a slot starting soon, tells everyone still watching at once. Each offer is
//! queued as a Web Push in the transaction that makes it.

pub mod matching;
pub mod offers;
pub mod store;

use axum::{
    extract::State,
    http::StatusCode,
    routing::{get, post},
    Json, Router,
};
use chrono::{Duration, NaiveDate, NaiveTime, Utc};
use shared::{
    account::Language,
    watch::{NewWatch, Offer, UpdateWatch, Watch, WatchScope},
};
use uuid::Uuid;

use crate::{
    accounts::session::SignedIn,
    error::{AppError, AppResult},
    extract::{ApiJson, ApiPath},
    venues::store as venues,
    AppState,
};

/// The most watches one person keeps: enough for every court they play on,
/// few enough that one account cannot make the fan-out expensive.
pub const MAX_WATCHES_PER_PERSON: i64 = 20;
/// How far ahead a watch may reach (the venues' booking horizon is 90 days).
pub const MAX_WATCH_DAYS: i64 = 90;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/watches", post(create_watch).get(list_watches))
        .route(
            "/watches/{id}",
            axum::routing::patch(update_watch).delete(delete_watch),
        )
        .route("/offers", get(list_offers))
        .route("/offers/{id}", get(get_offer))
        .route("/offers/{id}/pass", post(pass_offer))
}

/// Watches a court, a venue or an area: a push arrives when a matching slot
/// frees. Times are the venue's local time.
#[utoipa::path(post, path = "/api/v1/watches", tag = "watches", request_body = NewWatch,
    responses(
        (status = 201, description = "The watch", body = Watch),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already at the most watches one person may keep (`/problems/watch-limit`)", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (named in `field`)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_watch(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
    ApiJson(request): ApiJson<NewWatch>,
) -> AppResult<(StatusCode, Json<Watch>)> {
    let row = parse_new_watch(&state, live.account.id, &request).await?;
    if !store::insert(&state.db, &row, MAX_WATCHES_PER_PERSON).await? {
        return Err(AppError::conflict(
            "watch-limit",
            format!(
                "You already watch {MAX_WATCHES_PER_PERSON} times or places; delete one to add another."
            ),
        ));
    }
    let listed = store::one(&state.db, live.account.id, row.id)
        .await?
        .ok_or(AppError::NotFound("watch"))?;
    Ok((
        StatusCode::CREATED,
        Json(to_api(&listed, live.account.language())),
    ))
}

/// The signed-in person's watches, oldest first.
#[utoipa::path(get, path = "/api/v1/watches", tag = "watches",
    responses(
        (status = 200, description = "My watches", body = Vec<Watch>),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_watches(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
) -> AppResult<Json<Vec<Watch>>> {
    let language = live.account.language();
    let rows = store::for_account(&state.db, live.account.id).await?;
    Ok(Json(rows.iter().map(|w| to_api(w, language)).collect()))
}

/// Pauses or resumes a watch.
#[utoipa::path(patch, path = "/api/v1/watches/{id}", tag = "watches", request_body = UpdateWatch,
    params(("id" = Uuid, Path, description = "Watch id")),
    responses(
        (status = 200, description = "The watch", body = Watch),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such watch of yours", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_watch(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<UpdateWatch>,
) -> AppResult<Json<Watch>> {
    if !store::set_paused(&state.db, live.account.id, id, request.paused).await? {
        return Err(AppError::NotFound("watch"));
    }
    let listed = store::one(&state.db, live.account.id, id)
        .await?
        .ok_or(AppError::NotFound("watch"))?;
    Ok(Json(to_api(&listed, live.account.language())))
}

/// Deletes a watch. Offers already made stay until they run out.
#[utoipa::path(delete, path = "/api/v1/watches/{id}", tag = "watches",
    params(("id" = Uuid, Path, description = "Watch id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such watch of yours", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn delete_watch(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
    ApiPath(id): ApiPath<Uuid>,
) -> AppResult<StatusCode> {
    if !store::delete(&state.db, live.account.id, id).await? {
        return Err(AppError::NotFound("watch"));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in person's offers, newest first (at most 50).
#[utoipa::path(get, path = "/api/v1/offers", tag = "watches",
    responses(
        (status = 200, description = "My offers", body = Vec<Offer>),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_offers(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
) -> AppResult<Json<Vec<Offer>>> {
    let language = live.account.language();
    let rows = store::offers_for_account(&state.db, live.account.id).await?;
    Ok(Json(rows.iter().map(|o| o.to_api(language)).collect()))
}

/// One of my offers: what the push opens.
#[utoipa::path(get, path = "/api/v1/offers/{id}", tag = "watches",
    params(("id" = Uuid, Path, description = "Offer id")),
    responses(
        (status = 200, description = "The offer", body = Offer),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such offer of yours", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_offer(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
    ApiPath(id): ApiPath<Uuid>,
) -> AppResult<Json<Offer>> {
    let row = store::offer(&state.db, live.account.id, id)
        .await?
        .ok_or(AppError::NotFound("offer"))?;
    Ok(Json(row.to_api(live.account.language())))
}

/// "No thanks": gives up an exclusive offer at once, so it goes to the next
/// watcher without waiting for the hold to run out. Passing twice, or an
/// offer that is no longer exclusive, changes nothing.
#[utoipa::path(post, path = "/api/v1/offers/{id}/pass", tag = "watches",
    params(("id" = Uuid, Path, description = "Offer id")),
    responses(
        (status = 200, description = "The offer, now `passed` (or as it was)", body = Offer),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such offer of yours", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn pass_offer(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
    ApiPath(id): ApiPath<Uuid>,
) -> AppResult<Json<Offer>> {
    store::pass(&state.db, live.account.id, id, Utc::now().timestamp()).await?;
    let row = store::offer(&state.db, live.account.id, id)
        .await?
        .ok_or(AppError::NotFound("offer"))?;
    Ok(Json(row.to_api(live.account.language())))
}

/// Checks a watch request and turns it into a row.
async fn parse_new_watch(
    state: &AppState,
    account_id: Uuid,
    w: &NewWatch,
) -> AppResult<store::NewWatchRow> {
    let (scope, court_id, venue_id, area) = match &w.scope {
        WatchScope::Court { court_id } => {
            venues::court(&state.db, *court_id)
                .await?
                .ok_or_else(|| AppError::invalid("scope.court_id", "There is no such court."))?;
            ("court", Some(*court_id), None, None)
        }
        WatchScope::Venue { venue_id } => {
            venues::venue(&state.db, *venue_id)
                .await?
                .ok_or_else(|| AppError::invalid("scope.venue_id", "There is no such venue."))?;
            ("venue", None, Some(*venue_id), None)
        }
        WatchScope::Area { lat, lon, radius_m } => {
            if !(-90.0..=90.0).contains(lat) || !(-180.0..=180.0).contains(lon) {
                return Err(AppError::invalid(
                    "scope",
                    "The area's centre must be a point on the map (lat −90…90, lon −180…180).",
                ));
            }
            if !(100..=50_000).contains(radius_m) {
                return Err(AppError::invalid(
                    "scope.radius_m",
                    "Watch an area of 100 m to 50 km around the point.",
                ));
            }
            ("area", None, None, Some((*lat, *lon, *radius_m)))
        }
    };
    let mut weekdays = 0i64;
    for &d in &w.weekdays {
        if !(1..=7).contains(&d) {
            return Err(AppError::invalid(
                "weekdays",
                "Weekdays are 1 (Monday) to 7 (Sunday).",
            ));
        }
        weekdays |= 1 << d;
    }
    if weekdays == 0 {
        weekdays = 0b1111_1110;
    }
    let from_minute = minute_of_day("time_from", w.time_from.as_deref().unwrap_or("00:00"))?;
    let to_minute = minute_of_day("time_to", w.time_to.as_deref().unwrap_or("24:00"))?;
    if from_minute >= to_minute {
        return Err(AppError::invalid(
            "time_to",
            "The time window must end after it starts.",
        ));
    }
    let min_minutes = i64::from(w.min_minutes.unwrap_or(30));
    if !(5..=1440).contains(&min_minutes) {
        return Err(AppError::invalid(
            "min_minutes",
            "The shortest time worth telling about is 5 to 1440 minutes.",
        ));
    }
    if min_minutes > to_minute - from_minute {
        return Err(AppError::invalid(
            "min_minutes",
            "The time window is shorter than the shortest time you want.",
        ));
    }
    // Swedish venues: "today" in Sweden. A day of slack either way covers
    // a venue in another zone.
    let today = Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive();
    let from_date = w.from_date.unwrap_or(today);
    if from_date < today - Duration::days(1) {
        return Err(AppError::invalid(
            "from_date",
            "The first date is in the past.",
        ));
    }
    let to_date = w.to_date.unwrap_or(from_date + Duration::days(30));
    if to_date < from_date {
        return Err(AppError::invalid(
            "to_date",
            "The last date must not be before the first.",
        ));
    }
    if to_date > today + Duration::days(MAX_WATCH_DAYS) {
        return Err(AppError::invalid(
            "to_date",
            format!("Watch at most {MAX_WATCH_DAYS} days ahead."),
        ));
    }
    Ok(store::NewWatchRow {
        id: Uuid::new_v4(),
        account_id,
        scope,
        court_id,
        venue_id,
        area,
        weekdays,
        from_minute,
        to_minute,
        min_minutes,
        from_date: date_text(from_date),
        to_date: date_text(to_date),
        created_at: Utc::now().timestamp(),
    })
}

/// `HH:MM` → minutes after midnight; `24:00` is the end of the day.
fn minute_of_day(field: &str, raw: &str) -> AppResult<i64> {
    if raw == "24:00" {
        return Ok(1440);
    }
    let t = NaiveTime::parse_from_str(raw, "%H:%M").map_err(|_| {
        AppError::invalid(
            field,
            format!("{raw:?} is not a time; use HH:MM, e.g. 18:00."),
        )
    })?;
    Ok(i64::from(
        chrono::Timelike::hour(&t) * 60 + chrono::Timelike::minute(&t),
    ))
}

fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn hhmm(minute: i64) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

fn to_api(w: &store::ListedWatch, language: Language) -> Watch {
    let scope = match w.scope.as_str() {
        "court" => WatchScope::Court {
            court_id: w.court_id.unwrap_or_default(),
        },
        "venue" => WatchScope::Venue {
            venue_id: w.venue_id.unwrap_or_default(),
        },
        _ => WatchScope::Area {
            lat: w.lat.unwrap_or_default(),
            lon: w.lon.unwrap_or_default(),
            radius_m: u32::try_from(w.radius_m.unwrap_or_default()).unwrap_or_default(),
        },
    };
    let label = match (&w.scope[..], &w.court_name, &w.venue_name) {
        ("court", Some(court), Some(venue)) => format!("{court}, {venue}"),
        ("venue", _, Some(venue)) => venue.clone(),
        _ => {
            let km = w.radius_m.unwrap_or_default() as f64 / 1000.0;
            match language {
                Language::En => format!(
                    "Within {km} km of {:.4}, {:.4}",
                    w.lat.unwrap_or_default(),
                    w.lon.unwrap_or_default()
                ),
                _ => format!(
                    "Inom {km} km från {:.4}, {:.4}",
                    w.lat.unwrap_or_default(),
                    w.lon.unwrap_or_default()
                ),
            }
        }
    };
    Watch {
        id: w.id,
        scope,
        label,
        weekdays: (1..=7u8).filter(|d| w.weekdays & (1 << d) != 0).collect(),
        time_from: hhmm(w.from_minute),
        time_to: hhmm(w.to_minute),
        min_minutes: u32::try_from(w.min_minutes).unwrap_or_default(),
        from_date: NaiveDate::parse_from_str(&w.from_date, "%Y-%m-%d").unwrap_or_default(),
        to_date: NaiveDate::parse_from_str(&w.to_date, "%Y-%m-%d").unwrap_or_default(),
        paused: w.paused,
        created_at: chrono::DateTime::from_timestamp(w.created_at, 0).unwrap_or_default(),
    }
}
