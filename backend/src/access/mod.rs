//! Door access (docs/ACCESS.md): signed QR tokens and door codes per confirmed
//! booking, and the machine API lock controllers use: public keys, a feed of
//! credentials for their courts, online verification and entry reports.

pub mod controllers;
pub mod credentials;
pub mod horizon;
pub mod keys;
pub mod noshow;

use std::sync::OnceLock;

use axum::{
    extract::{Query, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use chrono::{DateTime, TimeZone, Utc};
use serde::Deserialize;
use shared::{
    access::{
        self, AccessKeys, Credential, CredentialFeed, CredentialKind, DenialReason, EntryBatch,
        EntryBatchResult, EntryResult, LateCheckInOutcome, VerifyRequest, VerifyResponse,
    },
    Problem,
};
use uuid::Uuid;

pub use controllers::Controller;
pub use credentials::{issue_for_booking, issue_with_code_digits, revoke_for_booking, token_for};

use crate::{error::AppError, on_db, on_tx, AppState};

/// Access settings, from the environment (read once).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// `LEDIG_ACCESS_MARGIN_MINUTES` (10): credentials open this long before the start.
    pub margin_seconds: i64,
    /// `LEDIG_ACCESS_SKEW_SECONDS` (60): tolerated clock difference.
    pub skew_seconds: i64,
    /// `LEDIG_NO_SHOW_MINUTES` (15): no entry this long after the start is a no-show.
    pub no_show_seconds: i64,
    /// `LEDIG_ACCESS_FEED_HOURS` (24): how far ahead the controllers' feed looks.
    pub feed_horizon_seconds: i64,
    /// `LEDIG_ACCESS_CODE_DIGITS` (6, 4–9): length of a door code.
    pub code_digits: u32,
}

/// One whole-number setting: its variable, default and allowed range.
struct Knob {
    name: &'static str,
    default: i64,
    range: std::ops::RangeInclusive<i64>,
}

const MARGIN_MINUTES: Knob = Knob {
    name: "LEDIG_ACCESS_MARGIN_MINUTES",
    default: 10,
    range: 0..=1440,
};
const SKEW_SECONDS: Knob = Knob {
    name: "LEDIG_ACCESS_SKEW_SECONDS",
    default: 60,
    range: 0..=3600,
};
const NO_SHOW_MINUTES: Knob = Knob {
    name: "LEDIG_NO_SHOW_MINUTES",
    default: 15,
    range: 1..=1440,
};
const FEED_HOURS: Knob = Knob {
    name: "LEDIG_ACCESS_FEED_HOURS",
    default: 24,
    range: 1..=720,
};
const CODE_DIGITS: Knob = Knob {
    name: "LEDIG_ACCESS_CODE_DIGITS",
    default: 6,
    range: 4..=9,
};

impl Knob {
    /// The value `lookup` gives the variable (unset or blank: the default);
    /// anything but a whole number in range is an error naming the variable.
    fn read(&self, lookup: &impl Fn(&str) -> Option<String>) -> anyhow::Result<i64> {
        let Some(raw) = lookup(self.name).filter(|v| !v.trim().is_empty()) else {
            return Ok(self.default);
        };
        let (lo, hi) = (self.range.start(), self.range.end());
        let value: i64 = raw.trim().parse().map_err(|_| {
            anyhow::anyhow!(
                "{} must be a whole number from {lo} to {hi} (it is {raw:?})",
                self.name
            )
        })?;
        crate::config::check_range(self.name, value, &self.range).map_err(anyhow::Error::msg)
    }
}

impl Settings {
    /// The settings from `lookup` (the environment in [`Settings::from_env`]).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        Ok(Settings {
            margin_seconds: MARGIN_MINUTES.read(&lookup)? * 60,
            skew_seconds: SKEW_SECONDS.read(&lookup)?,
            no_show_seconds: NO_SHOW_MINUTES.read(&lookup)? * 60,
            feed_horizon_seconds: FEED_HOURS.read(&lookup)? * 3600,
            code_digits: CODE_DIGITS.read(&lookup)? as u32,
        })
    }

    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }
}

/// Checks the access settings; `ledig serve` calls it before starting, so a
/// bad value stops the server with a message instead of a job misbehaving.
pub fn check_settings() -> anyhow::Result<()> {
    Settings::from_env().map(|_| ())
}

pub fn settings() -> Settings {
    static SETTINGS: OnceLock<Settings> = OnceLock::new();
    *SETTINGS.get_or_init(|| {
        // `check_settings` ran at start, so this does not fail in a server.
        Settings::from_env().unwrap_or_else(|error| panic!("{error:#}"))
    })
}

/// A random door code of `digits` digits (zero-padded).
pub fn draw_code(digits: u32) -> String {
    use rand::Rng;
    let space = 10u32.pow(digits.clamp(1, 9));
    format!(
        "{:0width$}",
        rand::rng().random_range(0..space),
        width = digits as usize
    )
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/access/keys", get(list_keys))
        .route("/access/feed", get(feed))
        .route("/access/entries", post(report_entries))
        .route("/access/verify", post(verify))
}

/// Why a controller's request was refused (problem+json).
#[derive(Debug)]
pub enum Denied {
    Unauthorized,
    Forbidden(i64),
    App(AppError),
}

impl IntoResponse for Denied {
    fn into_response(self) -> Response {
        let (status, kind, title, detail) = match self {
            Denied::App(e) => return e.into_response(),
            Denied::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Unknown controller",
                "Send Authorization: Bearer <controller id>.<secret>.".to_string(),
            ),
            Denied::Forbidden(court) => (
                StatusCode::FORBIDDEN,
                "court-not-allowed",
                "Not this controller's court",
                format!("Court {court} is not served by this controller."),
            ),
        };
        let problem = Problem {
            kind: format!("/problems/{kind}"),
            title: title.into(),
            status: status.as_u16(),
            detail: Some(detail),
            field: None,
        };
        (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            serde_json::to_vec(&problem).unwrap_or_default(),
        )
            .into_response()
    }
}

impl From<sqlx::Error> for Denied {
    fn from(e: sqlx::Error) -> Self {
        Denied::App(e.into())
    }
}

pub(crate) fn instant(seconds: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(seconds, 0).single().unwrap_or_default()
}

/// Public keys that verify QR tokens: the active one first, then retired keys
/// still needed by unexpired tokens.
#[utoipa::path(get, path = "/api/v1/access/keys", tag = "access",
    responses((status = 200, description = "Ed25519 public keys by kid", body = AccessKeys)))]
pub async fn list_keys(State(state): State<AppState>) -> Result<Json<AccessKeys>, AppError> {
    let keys = keys::list(&state.db, Utc::now().timestamp()).await?;
    Ok(Json(AccessKeys { keys }))
}

#[derive(Debug, Deserialize)]
pub struct FeedQuery {
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct FeedRow {
    seq: i64,
    id: Uuid,
    booking_ref: Uuid,
    court_id: i64,
    kind: String,
    token: Option<String>,
    code: Option<String>,
    not_before: i64,
    expires_at: i64,
    revoked_at: Option<i64>,
}

/// Changed credentials for the caller's courts since `cursor` (oldest first),
/// skipping ones already expired. Start with no cursor; keep the returned one.
///
/// Only credentials valid within the next 24 hours are in it: the horizon is
/// applied when changes are written (see [`horizon`]), not here, because a
/// read-time filter would let the cursor move past a hidden change for good.
#[utoipa::path(get, path = "/api/v1/access/feed", tag = "access",
    params(("cursor" = Option<String>, Query, description = "From the previous page"),
           ("limit" = Option<i64>, Query, description = "Page size, 1–500 (200)")),
    responses((status = 200, description = "Credential changes", body = CredentialFeed),
              (status = 401, description = "Unknown controller", body = Problem)))]
pub async fn feed(
    State(state): State<AppState>,
    controller: Controller,
    Query(q): Query<FeedQuery>,
) -> Result<Json<CredentialFeed>, Denied> {
    let after: i64 = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => 0,
        Some(c) => c.parse().map_err(|_| {
            Denied::App(AppError::BadRequest {
                field: Some("cursor".into()),
                message: "Not a cursor from this feed.".into(),
            })
        })?,
    };
    let limit = q.limit.unwrap_or(200).clamp(1, 500);
    const SQL: &str = "SELECT ch.seq, c.id, c.booking_ref, c.court_id, c.kind, c.token, c.code, \
         c.not_before, c.expires_at, c.revoked_at \
         FROM access_changes ch JOIN access_credentials c ON c.id = ch.credential_id \
         JOIN access_controller_courts cc ON cc.court_id = ch.court_id AND cc.controller_id = $1 \
         WHERE ch.seq > $2 AND c.expires_at > $3 ORDER BY ch.seq LIMIT $4";
    let now = Utc::now().timestamp();
    let rows: Vec<FeedRow> = on_db!(&state.db, pool => sqlx::query_as::<_, FeedRow>(SQL)
        .bind(&controller.id).bind(after).bind(now).bind(limit)
        .fetch_all(pool).await)?;
    let has_more = rows.len() as i64 == limit;
    let cursor = rows.last().map_or(after, |r| r.seq).to_string();
    let credentials = rows
        .into_iter()
        .map(|r| Credential {
            id: r.id,
            booking_ref: r.booking_ref,
            court_id: r.court_id,
            kind: if r.kind == "qr" {
                CredentialKind::Qr
            } else {
                CredentialKind::Code
            },
            token: r.token,
            code: r.code,
            not_before: instant(r.not_before),
            expires_at: instant(r.expires_at),
            revoked: r.revoked_at.is_some(),
        })
        .collect();
    Ok(Json(CredentialFeed {
        credentials,
        cursor,
        has_more,
    }))
}

fn kind_str(k: CredentialKind) -> &'static str {
    match k {
        CredentialKind::Qr => "qr",
        CredentialKind::Code => "code",
    }
}

/// Entry attempts from a controller (accepted or denied), stored once per
/// `event_id`. An accepted entry checks its booking in; one for a booking
/// already marked no-show gives the rest of the slot back if it is still
/// free (`late_check_ins` in the answer says what happened).
#[utoipa::path(post, path = "/api/v1/access/entries", tag = "access", request_body = EntryBatch,
    responses((status = 200, description = "Stored", body = EntryBatchResult),
              (status = 401, description = "Unknown controller", body = Problem),
              (status = 403, description = "A court not served by this controller", body = Problem)))]
pub async fn report_entries(
    State(state): State<AppState>,
    controller: Controller,
    Json(batch): Json<EntryBatch>,
) -> Result<Json<EntryBatchResult>, Denied> {
    if let Some(e) = batch
        .entries
        .iter()
        .find(|e| !controller.allows(e.court_id))
    {
        return Err(Denied::Forbidden(e.court_id));
    }
    const INSERT: &str = "INSERT INTO access_entries \
         (event_id, controller_id, credential_id, booking_id, court_id, method, result, reason, at, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (event_id) DO NOTHING";
    // Controllers know bookings by their access reference only.
    const BOOKING_OF: &str = "SELECT booking_id FROM access_credentials WHERE id = $1";
    const BOOKING_BY_REF: &str =
        "SELECT booking_id FROM access_credentials WHERE booking_ref = $1 AND court_id = $2 LIMIT 1";
    const CHECK_IN: &str = "UPDATE bookings SET checked_in_at = $2 \
         WHERE id = $1 AND checked_in_at IS NULL AND court_id = $3";
    const EFFECT: &str = "UPDATE access_entries SET effect = $2 WHERE event_id = $1";
    let now = Utc::now().timestamp();
    let signer = credentials::Signer::active(&state.db).await?;
    let (mut accepted, mut duplicates) = (0u32, 0u32);
    let mut late_check_ins = Vec::new();
    for e in &batch.entries {
        let mut booking_id: Option<Uuid> = None;
        if let Some(cid) = e.credential_id {
            booking_id = on_db!(&state.db, pool =>
                sqlx::query_scalar(BOOKING_OF).bind(cid).fetch_optional(pool).await)?;
        }
        if booking_id.is_none() {
            if let Some(r) = e.booking_ref {
                booking_id = on_db!(&state.db, pool => sqlx::query_scalar(BOOKING_BY_REF)
                    .bind(r).bind(e.court_id).fetch_optional(pool).await)?;
            }
        }
        let result = match e.result {
            EntryResult::Accepted => "accepted",
            EntryResult::Denied => "denied",
        };
        // The entry, the check-in it causes and a late check-in's effects are
        // one transaction: an entry stored without its check-in would make
        // every retry a "duplicate" and the player on court a no-show.
        let mut tx = state.db.begin_write().await?;
        let inserted = on_tx!(&mut tx, tx => sqlx::query(INSERT)
            .bind(e.event_id).bind(&controller.id).bind(e.credential_id).bind(booking_id)
            .bind(e.court_id).bind(kind_str(e.method)).bind(result).bind(e.reason.map(|r| r.as_str()))
            .bind(e.at.timestamp()).bind(now)
            .execute(&mut **tx).await.map(|r| r.rows_affected()))?;
        if inserted == 0 {
            duplicates += 1;
            continue;
        }
        accepted += 1;
        if let (EntryResult::Accepted, Some(bid)) = (e.result, booking_id) {
            let checked_in = on_tx!(&mut tx, tx => sqlx::query(CHECK_IN)
                .bind(bid).bind(e.at.timestamp()).bind(e.court_id).execute(&mut **tx).await
                .map(|r| r.rows_affected()))?;
            if checked_in == 1 {
                // The first accepted entry of a no-show booking (a lock that
                // was offline reporting late) may give the rest of the slot back.
                let late = noshow::after_late_check_in(&mut tx, &signer, bid, now).await?;
                let effect = match late.as_ref().map(|l| l.outcome) {
                    None => "checked_in",
                    Some(LateCheckInOutcome::Restored) => "no_show_restored",
                    Some(LateCheckInOutcome::KeptCut) => "no_show_kept_cut",
                };
                on_tx!(&mut tx, tx => sqlx::query(EFFECT)
                    .bind(e.event_id).bind(effect).execute(&mut **tx).await.map(|_| ()))?;
                late_check_ins.extend(late);
            }
        }
        tx.commit().await?;
    }
    Ok(Json(EntryBatchResult {
        accepted,
        duplicates,
        late_check_ins,
    }))
}

fn deny(reason: DenialReason) -> VerifyResponse {
    VerifyResponse {
        result: EntryResult::Denied,
        reason: Some(reason),
        booking_ref: None,
    }
}

#[derive(sqlx::FromRow)]
struct CodeRow {
    booking_ref: Uuid,
    not_before: i64,
    expires_at: i64,
    revoked_at: Option<i64>,
}

/// Online check of a QR token or a door code for a court, now. Does not
/// record an entry (report it with `/access/entries`).
#[utoipa::path(post, path = "/api/v1/access/verify", tag = "access", request_body = VerifyRequest,
    responses((status = 200, description = "Accepted, or denied with a reason", body = VerifyResponse),
              (status = 401, description = "Unknown controller", body = Problem),
              (status = 403, description = "Not this controller's court", body = Problem)))]
pub async fn verify(
    State(state): State<AppState>,
    controller: Controller,
    Json(req): Json<VerifyRequest>,
) -> Result<Json<VerifyResponse>, Denied> {
    if !controller.allows(req.court_id) {
        return Err(Denied::Forbidden(req.court_id));
    }
    let skew = settings().skew_seconds;
    let now = Utc::now().timestamp();
    if req.at.is_some_and(|at| (at.timestamp() - now).abs() > skew) {
        return Ok(Json(deny(DenialReason::ClockSkew)));
    }
    if let Some(token) = &req.token {
        let keys = keys::list(&state.db, now).await?;
        let verdict = access::verify_token(token, &keys, req.court_id, now, skew);
        // A genuine token outside its window that was also revoked: say revoked.
        let claims = match verdict.clone() {
            Ok(c) => c,
            Err(DenialReason::NotYetValid | DenialReason::Expired) => {
                access::decode_token(token)
                    .map_err(|_| Denied::Unauthorized)?
                    .1
            }
            Err(reason) => return Ok(Json(deny(reason))),
        };
        // This token's own credential decides, as in `ledig door`: a
        // booking may have had an earlier token revoked and a new one issued
        // (a no-show given its slot back). A token never stored is revoked
        // if every token of its booking is.
        const TOKENS: &str = "SELECT token, revoked_at FROM access_credentials \
             WHERE booking_ref = $1 AND kind = 'qr'";
        let tokens: Vec<(Option<String>, Option<i64>)> = on_db!(&state.db, pool =>
            sqlx::query_as(TOKENS).bind(claims.bid).fetch_all(pool).await)?;
        let revoked = match tokens
            .iter()
            .find(|(t, _)| t.as_deref() == Some(token.as_str()))
        {
            Some((_, revoked_at)) => revoked_at.is_some(),
            None => !tokens.is_empty() && tokens.iter().all(|(_, r)| r.is_some()),
        };
        if revoked {
            return Ok(Json(deny(DenialReason::Revoked)));
        }
        if let Err(reason) = verdict {
            return Ok(Json(deny(reason)));
        }
        return Ok(Json(VerifyResponse {
            result: EntryResult::Accepted,
            reason: None,
            booking_ref: Some(claims.bid),
        }));
    }
    let Some(code) = req.code.as_deref() else {
        return Err(Denied::App(AppError::BadRequest {
            field: Some("token".into()),
            message: "Send a token or a code.".into(),
        }));
    };
    const SQL: &str =
        "SELECT booking_ref, not_before, expires_at, revoked_at FROM access_credentials \
         WHERE court_id = $1 AND kind = 'code' AND code = $2 \
         AND not_before <= $3 AND expires_at > $4 ORDER BY revoked_at IS NOT NULL, not_before";
    // Within the skew either side; then the best match (unrevoked, earliest).
    let rows: Vec<CodeRow> = on_db!(&state.db, pool => sqlx::query_as::<_, CodeRow>(SQL)
        .bind(req.court_id).bind(code).bind(now + skew).bind(now - skew)
        .fetch_all(pool).await)?;
    Ok(Json(match rows.first() {
        Some(r) if r.revoked_at.is_none() => VerifyResponse {
            result: EntryResult::Accepted,
            reason: None,
            booking_ref: Some(r.booking_ref),
        },
        Some(_) => deny(DenialReason::Revoked),
        None => {
            // Same code at this court at another time says which way it is off.
            const OTHER: &str =
                "SELECT booking_ref, not_before, expires_at, revoked_at FROM access_credentials \
                 WHERE court_id = $1 AND kind = 'code' AND code = $2 AND revoked_at IS NULL \
                 ORDER BY ABS(not_before - $3) LIMIT 1";
            let other: Option<CodeRow> = on_db!(&state.db, pool => sqlx::query_as::<_, CodeRow>(OTHER)
                .bind(req.court_id).bind(code).bind(now).fetch_optional(pool).await)?;
            match other {
                Some(r) if r.not_before > now => deny(DenialReason::NotYetValid),
                Some(r) if r.expires_at <= now => deny(DenialReason::Expired),
                _ => deny(DenialReason::UnknownCode),
            }
        }
    }))
}
