//! The signed-in person's own things: session, profile, devices, bookings
//! and the personal calendar feed.

use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::IntoResponse,
    Json,
};
use chrono::Utc;
use shared::{
    account::{
        Account, CalendarFeed, MyBookings, Phone, ProfileUpdate, SessionInfo, SessionSummary,
    },
    validate::PlayerName,
    BookingStatus,
};
use uuid::Uuid;

use super::{
    session::{self, MaybeSignedIn, SignedIn},
    store,
};
use crate::{
    bookings,
    error::{AppError, AppResult},
    extract::{ApiJson, ApiPath, ApiQuery},
    AppState,
};

fn instant(seconds: i64) -> chrono::DateTime<Utc> {
    chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// Who is signed in on this device (`account` null when nobody).
#[utoipa::path(get, path = "/api/v1/session", tag = "accounts",
    responses((status = 200, description = "The session, if any, and its CSRF token", body = SessionInfo)))]
pub async fn current(MaybeSignedIn(live): MaybeSignedIn) -> Json<SessionInfo> {
    Json(match live {
        Some(live) => SessionInfo {
            account: Some(live.account.to_api()),
            csrf_token: Some(live.session.csrf_token.clone()),
        },
        None => SessionInfo {
            account: None,
            csrf_token: None,
        },
    })
}

/// Signs out: the session ends on the server, not just in the browser.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts",
    responses((status = 204, description = "Signed out; the cookie is cleared")))]
pub async fn logout(
    State(state): State<AppState>,
    MaybeSignedIn(live): MaybeSignedIn,
    headers: HeaderMap,
) -> AppResult<impl IntoResponse> {
    if let Some(live) = live {
        store::end_session(
            &state.db,
            live.account.id,
            live.session.id,
            Utc::now().timestamp(),
        )
        .await?;
    }
    let secure = session::secure_context(state.accounts.public_https, &headers);
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, session::cookie(secure, None, 0))],
    ))
}

#[utoipa::path(get, path = "/api/v1/me/profile", tag = "accounts",
    responses(
        (status = 200, description = "The signed-in account", body = Account),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn profile(SignedIn(live): SignedIn) -> Json<Account> {
    Json(live.account.to_api())
}

/// Changes name, phone, language and customer category.
#[utoipa::path(put, path = "/api/v1/me/profile", tag = "accounts",
    request_body = ProfileUpdate,
    responses(
        (status = 200, description = "The updated account", body = Account),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (named in `field`)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_profile(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
    ApiJson(update): ApiJson<ProfileUpdate>,
) -> AppResult<Json<Account>> {
    let name = PlayerName::parse(&update.name)?;
    let phone = Phone::parse(&update.phone)?;
    // Club prices are given by an operator; a player keeps what they have.
    if !update.category.self_selectable() && update.category != live.account.category() {
        return Err(AppError::invalid(
            "category",
            "Club membership is set by the venue's staff. Choose adult, youth or senior.",
        ));
    }
    store::update_profile(
        &state.db,
        live.account.id,
        name.as_str(),
        phone.as_str(),
        update.language,
        update.category,
    )
    .await?;
    let account = store::account(&state.db, live.account.id)
        .await?
        .ok_or(AppError::NotFound("account"))?;
    Ok(Json(account.to_api()))
}

/// The devices signed in to this account.
#[utoipa::path(get, path = "/api/v1/me/sessions", tag = "accounts",
    responses(
        (status = 200, description = "Live sessions, most recently used first", body = [SessionSummary]),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn sessions(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
) -> AppResult<Json<Vec<SessionSummary>>> {
    let rows = store::live_sessions(&state.db, live.account.id, Utc::now().timestamp()).await?;
    Ok(Json(
        rows.into_iter()
            .map(|s| SessionSummary {
                current: s.id == live.session.id,
                id: s.id,
                user_agent: s.user_agent,
                method: s.method,
                created_at: instant(s.created_at),
                last_seen_at: instant(s.last_seen_at),
            })
            .collect(),
    ))
}

/// Ends one of this account's sessions (another device, or this one).
#[utoipa::path(post, path = "/api/v1/me/sessions/{id}/end", tag = "accounts",
    params(("id" = Uuid, Path, description = "Session id (from GET /me/sessions)")),
    responses(
        (status = 204, description = "Ended"),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such live session of this account", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn end_session(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
    ApiPath(id): ApiPath<Uuid>,
) -> AppResult<StatusCode> {
    if store::end_session(&state.db, live.account.id, id, Utc::now().timestamp()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound("session"))
    }
}

/// Paging of the past bookings in `GET /me/bookings`.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MyBookingsQuery {
    /// `past_next` of the previous answer: the past bookings after it.
    pub past_before: Option<String>,
    /// Past bookings per page, 1–200 (default 50).
    pub past_limit: Option<String>,
}

/// My bookings: every upcoming one (soonest first) and a page of past ones
/// (latest first; `past_next` continues).
#[utoipa::path(get, path = "/api/v1/me/bookings", tag = "accounts",
    params(MyBookingsQuery),
    responses(
        (status = 200, description = "The account's bookings", body = MyBookings),
        (status = 400, description = "Bad `past_before` or `past_limit` (named in `field`)", body = shared::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn my_bookings(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
    ApiQuery(query): ApiQuery<MyBookingsQuery>,
) -> AppResult<Json<MyBookings>> {
    let bad = |field: &str, message: &str| AppError::BadRequest {
        field: Some(field.to_string()),
        message: message.to_string(),
    };
    let after = match query.past_before.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(raw) => Some(bookings::store::PastCursor::parse(raw).ok_or_else(|| {
            bad(
                "past_before",
                "past_before must be the past_next of an earlier answer.",
            )
        })?),
    };
    let limit = match query.past_limit.as_deref().filter(|s| !s.is_empty()) {
        None => 50,
        Some(raw) => raw
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=200).contains(n))
            .ok_or_else(|| {
                bad(
                    "past_limit",
                    "past_limit must be a whole number from 1 to 200.",
                )
            })?,
    };
    let now = Utc::now();
    let mine = account_bookings(&state, &live.account, now, after, limit).await?;
    Ok(Json(MyBookings {
        upcoming: mine.upcoming.iter().map(|row| row.to_api(now)).collect(),
        past: mine.past.iter().map(|row| row.to_api(now)).collect(),
        past_next: mine.past_next.map(|c| c.encode()),
    }))
}

async fn account_bookings(
    state: &AppState,
    account: &store::AccountRow,
    now: chrono::DateTime<Utc>,
    past_after: Option<bookings::store::PastCursor>,
    past_limit: i64,
) -> AppResult<bookings::store::AccountBookings> {
    let verified = account.email_verified.then_some(account.email.as_str());
    Ok(bookings::store::for_account(
        &state.db,
        account.id,
        verified,
        now.timestamp(),
        past_after,
        past_limit,
    )
    .await?)
}

/// A new secret calendar-feed URL (any earlier one stops working).
#[utoipa::path(post, path = "/api/v1/me/calendar-feed", tag = "accounts",
    responses(
        (status = 200, description = "The personal feed URL; keep it secret", body = CalendarFeed),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn new_calendar_feed(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
    headers: HeaderMap,
) -> AppResult<Json<CalendarFeed>> {
    let token = session::new_secret();
    store::set_calendar_token_hash(&state.db, live.account.id, &session::hash(&token)).await?;
    let base = public_base(&state, &headers);
    Ok(Json(CalendarFeed {
        url: format!("{base}/api/v1/calendar/{token}.ics"),
    }))
}

/// The public base URL: the configured one, or the host the request named
/// when it is this machine (a dev server on any port).
fn public_base(state: &AppState, headers: &HeaderMap) -> String {
    let configured = state.accounts.public_url.as_str().trim_end_matches('/');
    match headers.get(header::HOST).and_then(|v| v.to_str().ok()) {
        Some(host) if !state.accounts.public_https && session::secure_context(false, headers) => {
            format!("http://{host}")
        }
        _ => configured.to_string(),
    }
}

/// The personal calendar feed: the account's confirmed bookings.
#[utoipa::path(get, path = "/api/v1/calendar/{token}", tag = "accounts",
    params(("token" = String, Path, description = "The secret from POST /me/calendar-feed, with .ics")),
    responses(
        (status = 200, description = "VCALENDAR with one VEVENT per confirmed or cancelled booking", content_type = "text/calendar", body = String),
        (status = 404, description = "No such feed", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn calendar_feed(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> AppResult<impl IntoResponse> {
    let token = token.strip_suffix(".ics").unwrap_or(&token);
    let account = store::account_by_calendar_token_hash(&state.db, &session::hash(token))
        .await?
        .ok_or(AppError::NotFound("calendar feed"))?;
    let now = Utc::now();
    // Every upcoming booking and the latest 200 past ones.
    let mine = account_bookings(&state, &account, now, None, 200).await?;
    let events: Vec<_> = mine
        .upcoming
        .iter()
        .chain(&mine.past)
        .map(|row| (row.to_api(now), row.venue_address.clone()))
        // A hold is not in anyone's calendar yet; a cancelled booking stays
        // (as CANCELLED) so calendars remove the event they had.
        .filter(|(b, _)| {
            matches!(
                b.status,
                BookingStatus::Confirmed | BookingStatus::Cancelled
            )
        })
        .collect();
    let body = bookings::ics::feed("Ledig", &events, now);
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        body,
    ))
}
