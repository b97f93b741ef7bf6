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
    extract::{ApiJson, ApiPath},
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

/// My bookings: upcoming (soonest first) and past (latest first).
#[utoipa::path(get, path = "/api/v1/me/bookings", tag = "accounts",
    responses(
        (status = 200, description = "The account's bookings", body = MyBookings),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn my_bookings(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
) -> AppResult<Json<MyBookings>> {
    let rows = account_bookings(&state, &live.account).await?;
    let now = Utc::now();
    let (mut upcoming, mut past) = (Vec::new(), Vec::new());
    for row in rows {
        let booking = row.to_api(now);
        let ended = booking.ends_at <= now
            || matches!(
                booking.status,
                BookingStatus::Cancelled | BookingStatus::Expired
            );
        if ended {
            past.push(booking);
        } else {
            upcoming.push(booking);
        }
    }
    past.reverse();
    // Lapsed unpaid holds never were bookings to the player.
    past.retain(|b| b.status != BookingStatus::Expired);
    Ok(Json(MyBookings { upcoming, past }))
}

async fn account_bookings(
    state: &AppState,
    account: &store::AccountRow,
) -> AppResult<Vec<bookings::store::BookingRow>> {
    let verified = account.email_verified.then_some(account.email.as_str());
    Ok(bookings::store::for_account(&state.db, account.id, verified).await?)
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
    let events: Vec<_> = account_bookings(&state, &account)
        .await?
        .into_iter()
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
