//! Credentials per confirmed booking: a signed QR token and the door code,
//! each a row in `access_credentials`. Issuing one within the feed's horizon,
//! or revoking one already in the feed, appends to `access_changes`, which
//! the controllers' feed pages through (see [`super::horizon`]).

use shared::{access::TokenClaims, BookingStatus};
use uuid::Uuid;

use super::{horizon, keys, settings};
use crate::{
    bookings::{owner::access_ref, store},
    db::{BeginWrite, Db, TxLock},
    on_db,
};

const INSERT: &str = "INSERT INTO access_credentials \
     (id, booking_id, court_id, kind, token, code, not_before, expires_at, kid, in_feed_at, booking_ref) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
const CHANGE: &str = "INSERT INTO access_changes (credential_id, court_id) VALUES ($1, $2)";
const CODE_CLASH: &str = "SELECT COUNT(*) FROM access_credentials \
     WHERE court_id = $1 AND kind = 'code' AND code = $2 AND revoked_at IS NULL \
     AND not_before < $4 AND expires_at > $3 AND booking_id <> $5";
const ISSUED: &str = "SELECT token FROM access_credentials \
     WHERE booking_id = $1 AND kind = 'qr' AND revoked_at IS NULL";
/// Lock name serialising credential issues per court.
const DOOR_CODES: &str = "ledig.door_codes";
/// Random draws before giving up on finding a free code: with 6 digits a
/// clash is already rare, 50 in a row means the code space is far too small.
const MAX_DRAWS: u32 = 50;

/// Issues the QR token and registers the door code for a confirmed booking.
/// Idempotent: a booking that already has credentials keeps them. If the
/// booking's door code clashes with another credential on the same court in
/// an overlapping window (margin included), a new code is drawn and written
/// to the booking. Returns the token.
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
    let Some(row) = store::get(db, booking_id).await? else {
        return Ok(None);
    };
    if BookingStatus::parse(&row.status) != Some(BookingStatus::Confirmed) {
        return Ok(None);
    }
    if let Some(token) = token_for(db, booking_id).await? {
        return Ok(Some(token));
    }
    let margin = settings().margin_seconds;
    let (nbf, exp) = (row.starts_at - margin, row.ends_at);
    let now = chrono::Utc::now().timestamp();
    // Within the horizon it goes to the feed now; later ones wait for
    // `horizon::publish_due`.
    let in_feed_at = horizon::within(nbf, now).then_some(now);
    let (kid, key) = keys::active(db).await?;
    let token = keys::sign(
        &key,
        &TokenClaims {
            v: 1,
            kid: kid.clone(),
            // Locks know the booking by an opaque reference, not its id.
            bid: access_ref(booking_id),
            court: row.court_id,
            nbf,
            exp,
        },
    );
    let mut code = row
        .door_code
        .clone()
        .unwrap_or_else(|| super::draw_code(digits));
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        // The clash check and the insert below must not interleave with
        // another issue on this court (no constraint can say "unique among
        // overlapping windows" for a redrawn code). SQLite: BEGIN IMMEDIATE
        // already serialises; PostgreSQL: a per-court advisory lock.
        tx.lock_key(DOOR_CODES, row.court_id).await?;
        // A concurrent call for the same booking may have issued meanwhile.
        let issued: Option<Option<String>> = sqlx::query_scalar(ISSUED)
            .bind(booking_id).fetch_optional(&mut *tx).await?;
        if let Some(token) = issued {
            return Ok(token);
        }
        let mut draws = 0;
        loop {
            let clashes: i64 = sqlx::query_scalar(CODE_CLASH)
                .bind(row.court_id).bind(&code).bind(nbf).bind(exp).bind(booking_id)
                .fetch_one(&mut *tx).await?;
            if clashes == 0 {
                break;
            }
            draws += 1;
            if draws > MAX_DRAWS {
                return Err(sqlx::Error::Configuration(
                    format!("no free door code on court {} after {MAX_DRAWS} draws: \
                             raise LEDIG_ACCESS_CODE_DIGITS", row.court_id).into(),
                ));
            }
            code = super::draw_code(digits);
        }
        if row.door_code.as_deref() != Some(code.as_str()) {
            sqlx::query("UPDATE bookings SET door_code = $2 WHERE id = $1")
                .bind(booking_id).bind(&code).execute(&mut *tx).await?;
        }
        let mut ids = Vec::new();
        for (kind, token, code) in [("qr", Some(&token), None), ("code", None, Some(&code))] {
            let id = Uuid::new_v4();
            sqlx::query(INSERT)
                .bind(id).bind(booking_id).bind(row.court_id).bind(kind).bind(token).bind(code)
                .bind(nbf).bind(exp).bind(&kid).bind(in_feed_at).bind(access_ref(booking_id))
                .execute(&mut *tx).await?;
            ids.push(id);
        }
        if in_feed_at.is_some() {
            tx.lock_key(horizon::CHANGE_LOG, 0).await?;
            for id in ids {
                sqlx::query(CHANGE).bind(id).bind(row.court_id).execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok(Some(token))
    })
}

/// The booking's QR token, if issued and not revoked.
pub async fn token_for(db: &Db, booking_id: Uuid) -> sqlx::Result<Option<String>> {
    const SQL: &str = "SELECT token FROM access_credentials \
         WHERE booking_id = $1 AND kind = 'qr' AND revoked_at IS NULL";
    let token: Option<Option<String>> = on_db!(db, pool =>
        sqlx::query_scalar(SQL).bind(booking_id).fetch_optional(pool).await)?;
    Ok(token.flatten())
}

/// Revokes a booking's credentials (on cancel, on a no-show); the feed shows
/// `revoked` for those it had already carried, and never shows the others.
pub async fn revoke_for_booking(db: &Db, booking_id: Uuid, now: i64) -> sqlx::Result<u64> {
    const REVOKE: &str = "UPDATE access_credentials SET revoked_at = $2 \
         WHERE booking_id = $1 AND revoked_at IS NULL";
    const LOG: &str = "INSERT INTO access_changes (credential_id, court_id) \
         SELECT id, court_id FROM access_credentials \
         WHERE booking_id = $1 AND revoked_at = $2 AND in_feed_at IS NOT NULL";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let n = sqlx::query(REVOKE).bind(booking_id).bind(now).execute(&mut *tx).await?.rows_affected();
        if n > 0 {
            tx.lock_key(horizon::CHANGE_LOG, 0).await?;
            sqlx::query(LOG).bind(booking_id).bind(now).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(n)
    })
}
