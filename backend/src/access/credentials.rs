//! Credentials per confirmed booking: a signed QR token and the door code,
//! each a row in `access_credentials`. Issuing one within the feed's horizon,
//! or revoking one already in the feed, appends to `access_changes`, which
//! the controllers' feed pages through (see [`super::horizon`]).

use chrono::Utc;
use shared::access::TokenClaims;
use uuid::Uuid;

use super::{horizon, keys, settings};
use crate::{
    bookings::owner::access_ref,
    db::{Db, Tx, TxLock},
    on_db, on_tx,
};

const INSERT: &str = "INSERT INTO access_credentials \
     (id, booking_id, court_id, kind, token, code, not_before, expires_at, kid, in_feed_at, booking_ref) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
const CHANGE: &str = "INSERT INTO access_changes (credential_id, court_id) VALUES ($1, $2)";
const CODE_CLASH: &str = "SELECT COUNT(*) FROM access_credentials \
     WHERE court_id = $1 AND kind = 'code' AND code = $2 AND revoked_at IS NULL \
     AND not_before < $4 AND expires_at > $3 AND booking_id <> $5";
/// Lock name serialising credential issues per court.
const DOOR_CODES: &str = "ledig.door_codes";
/// Random draws before giving up on finding a free code: with 6 digits a
/// clash is already rare, 50 in a row means the code space is far too small.
const MAX_DRAWS: u32 = 50;

/// The key that signs new QR tokens. Fetched before the write transaction
/// starts: creating a missing key from inside one would, on SQLite, wait on
/// that transaction's own write lock.
pub struct Signer {
    kid: String,
    key: ed25519_dalek::SigningKey,
}

impl Signer {
    /// The active signing key (created on first use).
    pub async fn active(db: &Db) -> sqlx::Result<Signer> {
        let (kid, key) = keys::active(db).await?;
        Ok(Signer { kid, key })
    }
}

/// Issues the QR token and registers the door code for a confirmed booking,
/// in a transaction of its own. Idempotent: a booking that already has live
/// credentials keeps them. Returns the token (`None`: not confirmed).
pub async fn issue_for_booking(db: &Db, booking_id: Uuid) -> sqlx::Result<Option<String>> {
    issue_with_code_digits(db, booking_id, settings().code_digits).await
}

/// [`issue_for_booking`], redrawing clashing codes with `digits` digits.
/// Tests shrink the code space with it to force clashes.
pub async fn issue_with_code_digits(
    db: &Db,
    booking_id: Uuid,
    digits: u32,
) -> sqlx::Result<Option<String>> {
    let signer = Signer::active(db).await?;
    let mut tx = db.begin_write().await?;
    let token = issue_in(&mut tx, &signer, booking_id, digits, Utc::now().timestamp()).await?;
    tx.commit().await?;
    Ok(token)
}

/// Issues a confirmed booking's missing credentials inside the caller's
/// transaction, so they commit with whatever made the booking confirmed (or
/// not at all). If the booking's door code clashes with another credential
/// on the same court in an overlapping window (margin included), a new code
/// is drawn and written to the booking. Returns the live QR token; `None`
/// when the booking is not confirmed (cancelled, say) or is a no-show.
pub async fn issue_in(
    tx: &mut Tx,
    signer: &Signer,
    booking_id: Uuid,
    digits: u32,
    now: i64,
) -> sqlx::Result<Option<String>> {
    // The status is checked under the booking's row lock (PostgreSQL; on
    // SQLite the write lock), so a cancellation cannot commit between the
    // check and the insert: it waits for us and then revokes what we wrote,
    // or it went first and we see it cancelled.
    const CLAIM: &str = "UPDATE bookings SET door_code = door_code \
         WHERE id = $1 AND status = 'confirmed' AND no_show_at IS NULL \
         RETURNING court_id, starts_at, ends_at, door_code";
    const LIVE: &str = "SELECT kind, token FROM access_credentials \
         WHERE booking_id = $1 AND revoked_at IS NULL";
    on_tx!(tx, tx => {
        let claimed: Option<(i64, i64, i64, Option<String>)> = sqlx::query_as(CLAIM)
            .bind(booking_id).fetch_optional(&mut **tx).await?;
        let Some((court_id, starts_at, ends_at, door_code)) = claimed else {
            return Ok(None);
        };
        let live: Vec<(String, Option<String>)> = sqlx::query_as(LIVE)
            .bind(booking_id).fetch_all(&mut **tx).await?;
        let live_token = live.iter().find(|(kind, _)| kind == "qr").map(|(_, t)| t.clone().unwrap_or_default());
        let live_code = live.iter().any(|(kind, _)| kind == "code");
        if let (Some(token), true) = (&live_token, live_code) {
            return Ok(Some(token.clone()));
        }
        let margin = settings().margin_seconds;
        let (nbf, exp) = (starts_at - margin, ends_at);
        // Within the horizon it goes to the feed now; later ones wait for
        // `horizon::publish_due`.
        let in_feed_at = horizon::within(nbf, now).then_some(now);
        let mut new = Vec::new();
        let token = match live_token {
            Some(token) => token,
            None => {
                let token = sign(signer, booking_id, court_id, nbf, exp);
                new.push(("qr", Some(token.clone()), None));
                token
            }
        };
        if !live_code {
            // The clash check and the insert must not interleave with
            // another issue on this court (no constraint can say "unique
            // among overlapping windows" for a redrawn code). SQLite: BEGIN
            // IMMEDIATE already serialises; PostgreSQL: a per-court advisory
            // lock, taken after the booking's row lock like every writer here.
            tx.lock_key(DOOR_CODES, court_id).await?;
            let mut code = door_code.clone().unwrap_or_else(|| super::draw_code(digits));
            let mut draws = 0;
            loop {
                let clashes: i64 = sqlx::query_scalar(CODE_CLASH)
                    .bind(court_id).bind(&code).bind(nbf).bind(exp).bind(booking_id)
                    .fetch_one(&mut **tx).await?;
                if clashes == 0 {
                    break;
                }
                draws += 1;
                if draws > MAX_DRAWS {
                    return Err(sqlx::Error::Configuration(
                        format!("no free door code on court {court_id} after {MAX_DRAWS} draws: \
                                 raise LEDIG_ACCESS_CODE_DIGITS").into(),
                    ));
                }
                code = super::draw_code(digits);
            }
            if door_code.as_deref() != Some(code.as_str()) {
                sqlx::query("UPDATE bookings SET door_code = $2 WHERE id = $1")
                    .bind(booking_id).bind(&code).execute(&mut **tx).await?;
            }
            new.push(("code", None, Some(code)));
        }
        let mut ids = Vec::new();
        for (kind, token, code) in new {
            let id = Uuid::new_v4();
            sqlx::query(INSERT)
                .bind(id).bind(booking_id).bind(court_id).bind(kind).bind(token).bind(code)
                .bind(nbf).bind(exp).bind(&signer.kid).bind(in_feed_at).bind(access_ref(booking_id))
                .execute(&mut **tx).await?;
            ids.push(id);
        }
        if in_feed_at.is_some() {
            tx.lock_key(horizon::CHANGE_LOG, 0).await?;
            for id in ids {
                sqlx::query(CHANGE).bind(id).bind(court_id).execute(&mut **tx).await?;
            }
        }
        Ok(Some(token))
    })
}

/// A booking's QR token: its claims signed with the active key.
fn sign(signer: &Signer, booking_id: Uuid, court_id: i64, nbf: i64, exp: i64) -> String {
    keys::sign(
        &signer.key,
        &TokenClaims {
            v: 1,
            kid: signer.kid.clone(),
            // Locks know the booking by an opaque reference, not its id.
            bid: access_ref(booking_id),
            court: court_id,
            nbf,
            exp,
        },
    )
}

/// The booking's QR token, if issued and not revoked.
pub async fn token_for(db: &Db, booking_id: Uuid) -> sqlx::Result<Option<String>> {
    const SQL: &str = "SELECT token FROM access_credentials \
         WHERE booking_id = $1 AND kind = 'qr' AND revoked_at IS NULL";
    let token: Option<Option<String>> = on_db!(db, pool =>
        sqlx::query_scalar(SQL).bind(booking_id).fetch_optional(pool).await)?;
    Ok(token.flatten())
}

/// Revokes a booking's credentials (on cancel, on a no-show) in a
/// transaction of its own; see [`revoke_in`].
pub async fn revoke_for_booking(db: &Db, booking_id: Uuid, now: i64) -> sqlx::Result<u64> {
    let mut tx = db.begin_write().await?;
    let n = revoke_in(&mut tx, booking_id, now).await?;
    tx.commit().await?;
    Ok(n)
}

/// Revokes a booking's live credentials inside the caller's transaction (the
/// one that cancels it or marks it a no-show); the feed shows `revoked` for
/// those it had already carried, and never shows the others.
pub async fn revoke_in(tx: &mut Tx, booking_id: Uuid, now: i64) -> sqlx::Result<u64> {
    const REVOKE: &str = "UPDATE access_credentials SET revoked_at = $2 \
         WHERE booking_id = $1 AND revoked_at IS NULL";
    const LOG: &str = "INSERT INTO access_changes (credential_id, court_id) \
         SELECT id, court_id FROM access_credentials \
         WHERE booking_id = $1 AND revoked_at = $2 AND in_feed_at IS NOT NULL";
    let n = on_tx!(tx, tx => sqlx::query(REVOKE).bind(booking_id).bind(now)
        .execute(&mut **tx).await?.rows_affected());
    if n > 0 {
        tx.lock_key(horizon::CHANGE_LOG, 0).await?;
        on_tx!(tx, tx => sqlx::query(LOG).bind(booking_id).bind(now)
            .execute(&mut **tx).await.map(|_| ()))?;
    }
    Ok(n)
}
