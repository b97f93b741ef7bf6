//! Server-side sessions behind an HttpOnly cookie, and CSRF protection.
//!
//! The cookie holds a random token; the database keeps only its SHA-256, so
//! a copy of the database cannot be replayed as a cookie. Over https (and on
//! `localhost`, which browsers treat as secure) the cookie is
//! `__Host-ledig_session; Secure` — the prefix pins it to this host and path
//! `/`. Over plain http elsewhere (a phone on the LAN trying a dev server)
//! browsers refuse `Secure` cookies, so it is a plain `ledig_session`.
//!
//! CSRF: every state-changing request (a) must not come from another site
//! (`Sec-Fetch-Site: cross-site`, or an `Origin` that is not ours, is
//! refused), and (b) when it carries a session cookie, must also carry the
//! session's token in `X-CSRF-Token`, which only our own pages can read
//! (from `GET /session`). Machine clients (Stripe's webhook, lock
//! controllers) send neither cookie nor `Origin` and are not affected.
//!
//! "Ours" is the origin of `LEDIG_PUBLIC_URL`, not the `Host` header: behind
//! a reverse proxy `Host` is often the proxy's upstream (`127.0.0.1:8080`
//! with nginx's default `proxy_set_header Host $proxy_host`). With an http
//! public URL (development: any port of localhost, a phone on the LAN) an
//! `Origin` naming the request's own `Host` is ours too; with https
//! (production) only the public origin is.

use std::sync::Arc;

use axum::{
    extract::{FromRequestParts, Request, State},
    http::{header, request::Parts, HeaderMap, HeaderValue, Method},
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use shared::account::CSRF_HEADER;
use uuid::Uuid;

use super::store::{self, AccountRow, SessionRow};
use crate::{error::AppError, AppState};

pub const SECURE_COOKIE: &str = "__Host-ledig_session";
pub const PLAIN_COOKIE: &str = "ledig_session";

/// Touch `last_seen_at` at most this often (seconds), not on every request.
const TOUCH_EVERY: i64 = 60;

/// A signed-in request: its session and account.
#[derive(Debug, Clone)]
pub struct Live {
    pub session: SessionRow,
    pub account: AccountRow,
}

/// The session a request came with (set by [`layer`]).
#[derive(Debug, Clone, Default)]
pub struct CurrentSession(pub Option<Arc<Live>>);

/// 32 random bytes, base64url: session tokens, CSRF tokens, feed tokens.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// How a secret is stored.
pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn host(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::HOST).and_then(|v| v.to_str().ok())
}

fn is_localhost(host: &str) -> bool {
    let name = host.rsplit_once(':').map_or(host, |(name, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            name
        } else {
            host
        }
    });
    matches!(name, "localhost" | "127.0.0.1" | "[::1]") || name.ends_with(".localhost")
}

/// Whether this request's cookie can be `Secure` (and so `__Host-`).
pub fn secure_context(public_https: bool, headers: &HeaderMap) -> bool {
    public_https
        || headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
        || host(headers).is_some_and(is_localhost)
}

/// The session token from either cookie name.
fn token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SECURE_COOKIE || *name == PLAIN_COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|v| !v.is_empty() && v.len() <= 100)
}

/// `Set-Cookie` for a new session (or, with `None`, one that clears it).
pub fn cookie(secure: bool, token: Option<&str>, max_age_seconds: i64) -> HeaderValue {
    let (name, flags) = if secure {
        (SECURE_COOKIE, "; Secure")
    } else {
        (PLAIN_COOKIE, "")
    };
    let value = match token {
        Some(token) => format!(
            "{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{flags}"
        ),
        None => format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{flags}"),
    };
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("ledig_session="))
}

/// True when a request says it comes from another site: a page whose
/// origin is not `public_origin` (`LEDIG_PUBLIC_URL`'s, e.g.
/// `https://boka.example.se`) or, when `lenient` (an http public URL), the
/// request's own `Host`.
fn cross_site(headers: &HeaderMap, public_origin: &str, lenient: bool) -> bool {
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
    {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    if origin.eq_ignore_ascii_case(public_origin) {
        return false;
    }
    // "null" (sandboxed frames, some redirects) is not our page either.
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    !(lenient
        && origin_host
            .zip(host(headers))
            .is_some_and(|(origin, host)| origin.eq_ignore_ascii_case(host)))
}

fn forbidden(detail: &str) -> Response {
    AppError::Forbidden(detail.to_string()).into_response()
}

/// Finds the request's session and enforces CSRF protection (see module docs).
pub async fn layer(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let unsafe_method = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let headers = request.headers();
    let accounts = &state.accounts;
    if unsafe_method && cross_site(headers, &accounts.public_origin, !accounts.public_https) {
        return forbidden("Requests from other sites cannot change anything here.");
    }
    let mut current = CurrentSession::default();
    if let Some(token) = token(headers) {
        let now = chrono::Utc::now().timestamp();
        match find_live(&state, &token, now).await {
            Ok(Some(live)) => {
                if unsafe_method {
                    let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
                    if !sent.is_some_and(|t| constant_time_eq(t, &live.session.csrf_token)) {
                        return forbidden(
                            "This request lacks the session's X-CSRF-Token header; reload the page and try again.",
                        );
                    }
                }
                current = CurrentSession(Some(Arc::new(live)));
            }
            Ok(None) => {}
            Err(error) => return error.into_response(),
        }
    }
    request.extensions_mut().insert(current);
    next.run(request).await
}

async fn find_live(state: &AppState, token: &str, now: i64) -> Result<Option<Live>, AppError> {
    let Some(session) = store::live_session(&state.db, &hash(token), now).await? else {
        return Ok(None);
    };
    let Some(account) = store::account(&state.db, session.account_id).await? else {
        return Ok(None);
    };
    if now - session.last_seen_at >= TOUCH_EVERY {
        let expires = now + state.accounts.session_ttl_seconds;
        store::touch_session(&state.db, session.id, now, expires).await?;
    }
    Ok(Some(Live { session, account }))
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// How someone signs in.
#[derive(Debug, Clone, Copy)]
pub enum SignInMethod<'a> {
    EmailCode,
    /// With this passkey (its credential id).
    Passkey(&'a str),
}

impl SignInMethod<'_> {
    fn as_str(&self) -> &'static str {
        match self {
            SignInMethod::EmailCode => "email_code",
            SignInMethod::Passkey(_) => "passkey",
        }
    }
}

/// A new session for `account_id`: the `Set-Cookie` header to send and the
/// session's CSRF token. A passkey whose account's address was proved by
/// someone else meanwhile (`store::prove_email` removed it) starts none.
pub async fn start(
    state: &AppState,
    headers: &HeaderMap,
    account_id: Uuid,
    method: SignInMethod<'_>,
) -> Result<(HeaderValue, String), AppError> {
    let token = new_secret();
    let csrf_token = new_secret();
    let now = chrono::Utc::now().timestamp();
    let ttl = state.accounts.session_ttl_seconds;
    let user_agent: String = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect();
    let passkey = match method {
        SignInMethod::Passkey(id) => Some(id),
        SignInMethod::EmailCode => None,
    };
    let started = store::insert_session(
        &state.db,
        &store::NewSession {
            id: Uuid::new_v4(),
            token_hash: &hash(&token),
            account_id,
            csrf_token: &csrf_token,
            method: method.as_str(),
            user_agent: &user_agent,
            now,
            expires_at: now + ttl,
        },
        passkey,
    )
    .await?;
    if !started {
        return Err(AppError::invalid(
            "credential",
            "This passkey no longer signs in to this account. Sign in with a code sent by e-mail.",
        ));
    }
    let secure = secure_context(state.accounts.public_https, headers);
    Ok((cookie(secure, Some(&token), ttl), csrf_token))
}

/// The app's view of a session: the account as it is now (its passkey count
/// may just have changed) and the CSRF token.
pub async fn session_info(
    state: &AppState,
    account_id: Uuid,
    csrf_token: String,
) -> Result<axum::Json<shared::account::SessionInfo>, AppError> {
    let account = store::account(&state.db, account_id)
        .await?
        .ok_or(AppError::NotFound("account"))?;
    Ok(axum::Json(shared::account::SessionInfo {
        account: Some(account.to_api()),
        csrf_token: Some(csrf_token),
    }))
}

/// Signs `account_id` in on this device: a new session, answered with its
/// cookie and [`session_info`].
pub async fn sign_in(
    state: &AppState,
    headers: &HeaderMap,
    account_id: Uuid,
    method: SignInMethod<'_>,
) -> Result<Response, AppError> {
    let (cookie, csrf_token) = start(state, headers, account_id, method).await?;
    let mut response = session_info(state, account_id, csrf_token)
        .await?
        .into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

/// The signed-in person; 401 problem+json otherwise.
pub struct SignedIn(pub Arc<Live>);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CurrentSession>()
            .and_then(|c| c.0.clone())
            .map(SignedIn)
            .ok_or(AppError::Unauthorized)
    }
}

/// The signed-in person, if any.
pub struct MaybeSignedIn(pub Option<Arc<Live>>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeSignedIn {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeSignedIn(
            parts
                .extensions
                .get::<CurrentSession>()
                .and_then(|c| c.0.clone()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn cross_site_requests_are_recognised() {
        let dev = |pairs: &[(&'static str, &str)]| {
            cross_site(&headers(pairs), "http://localhost:8080", true)
        };
        assert!(!dev(&[("host", "localhost:5173")]));
        // An http public URL: our own host, on any port or address.
        assert!(!dev(&[
            ("host", "localhost:5173"),
            ("origin", "http://localhost:5173")
        ]));
        assert!(!dev(&[
            ("host", "192.168.1.9:8080"),
            ("origin", "http://192.168.1.9:8080")
        ]));
        assert!(dev(&[
            ("host", "localhost:8080"),
            ("origin", "https://evil.example")
        ]));
        assert!(dev(&[("host", "localhost:8080"), ("origin", "null")]));
        assert!(dev(&[
            ("host", "localhost:8080"),
            ("sec-fetch-site", "cross-site")
        ]));
        assert!(!dev(&[
            ("host", "localhost:8080"),
            ("sec-fetch-site", "same-origin")
        ]));

        // https (production) behind a proxy that rewrote Host: the public
        // origin is ours, whatever Host says; nothing else is.
        let prod =
            |pairs: &[(&'static str, &str)]| cross_site(&headers(pairs), "https://ledig.se", false);
        assert!(!prod(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "https://ledig.se")
        ]));
        assert!(!prod(&[
            ("host", "ledig.se"),
            ("origin", "https://LEDIG.se")
        ]));
        assert!(prod(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080")
        ]));
        assert!(prod(&[
            ("host", "ledig.se"),
            ("origin", "https://evil.example")
        ]));
        assert!(prod(&[("host", "ledig.se"), ("origin", "http://ledig.se")]));
        assert!(prod(&[("host", "ledig.se"), ("origin", "null")]));
    }

    #[test]
    fn cookie_names_follow_the_context() {
        assert!(secure_context(
            false,
            &headers(&[("host", "localhost:8080")])
        ));
        assert!(secure_context(
            false,
            &headers(&[("host", "127.0.0.1:3000")])
        ));
        assert!(!secure_context(
            false,
            &headers(&[("host", "192.168.1.9:8080")])
        ));
        assert!(secure_context(
            true,
            &headers(&[("host", "192.168.1.9:8080")])
        ));
        let secure = cookie(true, Some("t"), 60);
        assert_eq!(
            secure.to_str().unwrap(),
            "__Host-ledig_session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure"
        );
        assert!(cookie(false, None, 0)
            .to_str()
            .unwrap()
            .starts_with("ledig_session=;"));
        assert_eq!(
            token(&headers(&[("cookie", "a=b; __Host-ledig_session=xyz")])).as_deref(),
            Some("xyz")
        );
    }
}
