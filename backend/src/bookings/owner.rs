//! Who may read, pay for and cancel a booking.
//!
//! The booking id is not a secret: it is in receipt numbers, in Stripe's
//! metadata and in logs, and once was in door tokens and calendar files.
//! Ownership is proved by one of two things:
//!
//! - the **owner key**, a secret the device that made the booking is given
//!   once, in the answer to `POST /bookings`, and sends back in the
//!   `X-Booking-Key` header (or `?key=` where a plain link must work, like
//!   the `.ics` download). It is `HMAC-SHA256(server secret, booking id)`, so
//!   a retried request with the same Idempotency-Key gets the same key and
//!   nothing per booking needs storing;
//! - a **session** of the account the booking belongs to (made signed in,
//!   or a guest booking with the e-mail the account has proved).
//!
//! Anyone else gets the same 404 as for a booking that does not exist, so a
//! leaked id tells a stranger nothing, not even that the booking exists.

use std::sync::Arc;

use anyhow::Context;
use axum::{
    extract::FromRequestParts,
    http::{request::Parts, HeaderMap},
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::store::{self, BookingRow};
use crate::{
    accounts::session::{CurrentSession, Live},
    db::Db,
    error::AppError,
    extract::ApiPath,
    on_db, AppState,
};

/// The request header that carries a booking's owner key.
pub const HEADER: &str = "x-booking-key";
const SECRET_NAME: &str = "booking-owner";

/// Derives owner keys; holds the server's `booking-owner` secret.
#[derive(Clone)]
pub struct OwnerKeys {
    secret: Arc<[u8; 32]>,
}

impl std::fmt::Debug for OwnerKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OwnerKeys(…)")
    }
}

impl OwnerKeys {
    /// The secret, made now if there is none. Processes starting at once
    /// agree: the first insert wins and every process reads it back.
    pub async fn ensure(db: &Db) -> anyhow::Result<Self> {
        const INSERT: &str = "INSERT INTO server_secrets (name, secret, created_at) \
             VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING";
        const SELECT: &str = "SELECT secret FROM server_secrets WHERE name = $1";
        let fresh: [u8; 32] = rand::random();
        let now = chrono::Utc::now().timestamp();
        on_db!(db, pool => sqlx::query(INSERT)
            .bind(SECRET_NAME).bind(URL_SAFE_NO_PAD.encode(fresh)).bind(now)
            .execute(pool).await.map(|_| ()))?;
        let stored: String =
            on_db!(db, pool => sqlx::query_scalar(SELECT).bind(SECRET_NAME).fetch_one(pool).await)?;
        let bytes = URL_SAFE_NO_PAD
            .decode(stored.as_bytes())
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .context("the stored booking-owner secret is not 32 bytes of base64url")?;
        Ok(OwnerKeys {
            secret: Arc::new(bytes),
        })
    }

    fn mac(&self, id: Uuid) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret[..]).expect("HMAC takes any key");
        mac.update(b"ledig booking owner v1\0");
        mac.update(id.as_bytes());
        mac
    }

    /// The owner key of booking `id` (43 characters of base64url).
    pub fn key_for(&self, id: Uuid) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(id).finalize().into_bytes())
    }

    /// Whether `key` is booking `id`'s owner key (compared in constant time).
    pub fn verify(&self, id: Uuid, key: &str) -> bool {
        match URL_SAFE_NO_PAD.decode(key.trim().as_bytes()) {
            Ok(bytes) => self.mac(id).verify_slice(&bytes).is_ok(),
            Err(_) => false,
        }
    }
}

/// The opaque reference lock controllers know a booking by (the QR token's
/// `bid`, the feed's and the entries' `booking_ref`): derived from the id by
/// a one-way hash, so it names the booking without revealing its id.
pub fn access_ref(booking_id: Uuid) -> Uuid {
    opaque(b"ledig access ref v1\0", booking_id)
}

/// The calendar UID of a booking (RFC 5545 wants it stable and unique): as
/// opaque as [`access_ref`] and different from it.
pub fn calendar_uid(booking_id: Uuid) -> Uuid {
    opaque(b"ledig calendar uid v1\0", booking_id)
}

fn opaque(domain: &[u8], id: Uuid) -> Uuid {
    let digest = Sha256::new()
        .chain_update(domain)
        .chain_update(id.as_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// May the holder of this session open booking `row`? Its account's own
/// bookings, and guest bookings with the e-mail the account has proved.
pub fn belongs_to(row: &BookingRow, live: &Live) -> bool {
    row.account_id == Some(live.account.id)
        || (live.account.email_verified && row.email.eq_ignore_ascii_case(&live.account.email))
}

/// The owner key a request carries: the header, else `?key=`.
fn presented_key(parts: &Parts) -> Option<String> {
    if let Some(value) = header_key(&parts.headers) {
        return Some(value);
    }
    let query = parts.uri.query()?;
    url_key(query)
}

fn header_key(headers: &HeaderMap) -> Option<String> {
    headers
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn url_key(query: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        // base64url needs no percent-decoding; anything else cannot match.
        (name == "key").then(|| value.to_string())
    })
}

/// A booking its owner asked for: the path's booking id, proved by the
/// owner key or the owner's session. Anyone else gets 404.
pub struct OwnedBooking(pub BookingRow);

impl FromRequestParts<AppState> for OwnedBooking {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let ApiPath(id) = ApiPath::<Uuid>::from_request_parts(parts, state).await?;
        let row = store::get(&state.db, id)
            .await?
            .ok_or(AppError::NotFound("booking"))?;
        let by_key = presented_key(parts).is_some_and(|key| state.owner_keys.verify(id, &key));
        let by_session = parts
            .extensions
            .get::<CurrentSession>()
            .and_then(|c| c.0.as_deref())
            .is_some_and(|live| belongs_to(&row, live));
        if by_key || by_session {
            Ok(OwnedBooking(row))
        } else {
            Err(AppError::NotFound("booking"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> OwnerKeys {
        OwnerKeys {
            secret: Arc::new([7u8; 32]),
        }
    }

    #[test]
    fn a_key_opens_its_own_booking_only() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let key = keys().key_for(a);
        assert_eq!(key.len(), 43);
        assert!(keys().verify(a, &key));
        assert!(!keys().verify(b, &key));
        assert!(!keys().verify(a, ""));
        assert!(!keys().verify(a, "not base64 !"));
        assert!(!keys().verify(a, &a.to_string()));
        let other = OwnerKeys {
            secret: Arc::new([8u8; 32]),
        };
        assert!(!other.verify(a, &key));
    }

    #[test]
    fn opaque_references_hide_the_id() {
        let id = Uuid::new_v4();
        assert_ne!(access_ref(id), id);
        assert_ne!(calendar_uid(id), id);
        assert_ne!(access_ref(id), calendar_uid(id));
        assert_eq!(access_ref(id), access_ref(id));
        assert!(!access_ref(id)
            .simple()
            .to_string()
            .contains(&id.simple().to_string()[..8]));
    }

    #[test]
    fn key_from_the_query() {
        assert_eq!(url_key("a=1&key=abc_-").as_deref(), Some("abc_-"));
        assert_eq!(url_key("keys=1"), None);
    }
}
