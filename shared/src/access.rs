//! Door access: the contract between the server, lock controllers (the
//! reference `ledig door` and vendors' locks) and the PWA.
//!
//! A confirmed booking gets two credentials for its court and window:
//! - a QR **token**, `LEDIG1.<base64url(claims JSON)>.<base64url(ed25519 sig)>`,
//!   signed over the claims part (the exact base64url text); a lock verifies it
//!   offline holding only the public keys from `GET /api/v1/access/keys`;
//! - a numeric **door code** (6 digits), unique per court among overlapping
//!   windows, delivered to controllers in the credential feed.
//!
//! Verification here needs no server-only dependencies (it compiles to wasm).

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Prefix of every access token (format version 1).
pub const TOKEN_PREFIX: &str = "LEDIG1.";
/// The only signature algorithm (JOSE name).
pub const ALG: &str = "EdDSA";

/// Claims inside a QR token. Times are unix seconds (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenClaims {
    /// Format version, always 1.
    pub v: u8,
    /// Id of the signing key (see `AccessKey::kid`).
    pub kid: String,
    /// The booking's opaque access reference (`booking_ref` in the feed and
    /// entries). Not the booking id, which never leaves the owner's device.
    pub bid: Uuid,
    /// Court id the token opens.
    pub court: i64,
    /// Not valid before (booking start minus the margin).
    pub nbf: i64,
    /// Expiry (booking end).
    pub exp: i64,
}

/// A public key a lock uses to verify tokens. `GET /api/v1/access/keys`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessKey {
    pub kid: String,
    /// Always `EdDSA` (Ed25519).
    pub alg: String,
    /// The raw 32-byte Ed25519 public key, base64url without padding.
    pub public_key: String,
    /// For a retired key: tokens it signed are no longer valid after this.
    /// `None` for the active key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_after: Option<DateTime<Utc>>,
}

/// `GET /api/v1/access/keys`: the active key first, then recently retired ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessKeys {
    pub keys: Vec<AccessKey>,
}

/// How someone opens a door.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    Qr,
    Code,
}

/// One credential in the feed. A booking gives one `qr` and one `code` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Credential {
    pub id: Uuid,
    /// The booking's opaque access reference (the token's `bid`): the same
    /// for a booking's `qr` and `code`, never the booking id.
    #[serde(alias = "booking_id")]
    pub booking_ref: Uuid,
    pub court_id: i64,
    pub kind: CredentialKind,
    /// For `qr`: the token (a lock may also verify tokens it never saw).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// For `code`: the door code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub not_before: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// True once the booking was cancelled: deny from now on.
    pub revoked: bool,
}

/// `GET /api/v1/access/feed?cursor=`: changed credentials for the caller's
/// courts, oldest change first. Pass `cursor` back to get the next changes;
/// `has_more` says to ask again at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CredentialFeed {
    pub credentials: Vec<Credential>,
    pub cursor: String,
    pub has_more: bool,
}

/// Outcome of an entry attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntryResult {
    Accepted,
    Denied,
}

/// Why a door stayed shut. Every denial carries one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DenialReason {
    /// Not a token at all / unparseable.
    Malformed,
    /// Signature does not match the claims.
    Tampered,
    /// Signed by a key the lock does not know.
    WrongKey,
    /// Past `exp` (plus skew).
    Expired,
    /// Before `nbf` (minus skew).
    NotYetValid,
    /// Valid, but for another court.
    WrongCourt,
    /// The booking was cancelled.
    Revoked,
    /// Token already used within its window at this door (offline replay guard).
    Replayed,
    /// No such door code valid now at this court.
    UnknownCode,
    /// Keypad locked after repeated wrong codes.
    LockedOut,
    /// The lock's clock is too far from the server's.
    ClockSkew,
    /// The controller is not allowed this court.
    CourtNotAllowed,
}

impl DenialReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DenialReason::Malformed => "malformed",
            DenialReason::Tampered => "tampered",
            DenialReason::WrongKey => "wrong_key",
            DenialReason::Expired => "expired",
            DenialReason::NotYetValid => "not_yet_valid",
            DenialReason::WrongCourt => "wrong_court",
            DenialReason::Revoked => "revoked",
            DenialReason::Replayed => "replayed",
            DenialReason::UnknownCode => "unknown_code",
            DenialReason::LockedOut => "locked_out",
            DenialReason::ClockSkew => "clock_skew",
            DenialReason::CourtNotAllowed => "court_not_allowed",
        }
    }
}

/// One entry attempt at a door, reported by a controller
/// (`POST /api/v1/access/entries` takes `EntryBatch`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntryEvent {
    /// Chosen by the controller; re-sending the same id is a no-op.
    pub event_id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<Uuid>,
    /// The booking's access reference, when the controller knows it (the
    /// token's `bid`, or the feed's `booking_ref`).
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "booking_id")]
    pub booking_ref: Option<Uuid>,
    pub court_id: i64,
    pub method: CredentialKind,
    pub result: EntryResult,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<DenialReason>,
    pub at: DateTime<Utc>,
}

/// `POST /api/v1/access/entries` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntryBatch {
    pub entries: Vec<EntryEvent>,
}

/// `POST /api/v1/access/entries` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntryBatchResult {
    /// Newly stored events.
    pub accepted: u32,
    /// Events already stored earlier (same `event_id`).
    pub duplicates: u32,
    /// Bookings that an accepted entry in this batch checked in after they
    /// had been marked no-show (the entry was reported late).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub late_check_ins: Vec<LateCheckIn>,
}

/// A booking checked in by an entry reported after it was marked no-show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LateCheckIn {
    /// The booking's access reference.
    pub booking_ref: Uuid,
    pub outcome: LateCheckInOutcome,
    /// The booking's end after this entry.
    pub ends_at: DateTime<Utc>,
}

/// What a late check-in did to the rest of a no-show booking's slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LateCheckInOutcome {
    /// Nobody had booked the freed rest: the booking has its original end
    /// (and door credentials) back.
    Restored,
    /// Someone else booked the freed rest meanwhile: the booking keeps its
    /// cut-back end.
    KeptCut,
}

/// `POST /api/v1/access/verify`: online check of a token or a code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyRequest {
    pub court_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The controller's clock; the server checks it is within the skew bound
    /// and otherwise uses its own time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyResponse {
    pub result: EntryResult,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<DenialReason>,
    /// The booking's access reference, when accepted.
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "booking_id")]
    pub booking_ref: Option<Uuid>,
}

/// Splits a token into (signed part, claims, signature) without checking the
/// signature.
pub fn decode_token(token: &str) -> Result<(&str, TokenClaims, [u8; 64]), DenialReason> {
    let rest = token
        .strip_prefix(TOKEN_PREFIX)
        .ok_or(DenialReason::Malformed)?;
    let (body, sig) = rest.split_once('.').ok_or(DenialReason::Malformed)?;
    let claims_json = B64.decode(body).map_err(|_| DenialReason::Malformed)?;
    let claims: TokenClaims =
        serde_json::from_slice(&claims_json).map_err(|_| DenialReason::Malformed)?;
    if claims.v != 1 {
        return Err(DenialReason::Malformed);
    }
    let sig = B64.decode(sig).map_err(|_| DenialReason::Tampered)?;
    let sig: [u8; 64] = sig.try_into().map_err(|_| DenialReason::Tampered)?;
    Ok((body, claims, sig))
}

/// The message that is signed: the base64url claims text.
pub fn encode_claims(claims: &TokenClaims) -> String {
    B64.encode(serde_json::to_vec(claims).expect("claims serialize"))
}

/// Assembles a token from the encoded claims and a signature over them.
pub fn assemble_token(encoded_claims: &str, signature: &[u8; 64]) -> String {
    format!("{TOKEN_PREFIX}{encoded_claims}.{}", B64.encode(signature))
}

/// Decodes a base64url raw public key.
pub fn decode_public_key(b64: &str) -> Option<ed25519_dalek::VerifyingKey> {
    let raw = B64.decode(b64).ok()?;
    let raw: [u8; 32] = raw.try_into().ok()?;
    ed25519_dalek::VerifyingKey::from_bytes(&raw).ok()
}

/// Encodes a public key as base64url raw bytes.
pub fn encode_public_key(key: &ed25519_dalek::VerifyingKey) -> String {
    B64.encode(key.as_bytes())
}

/// Offline verification, as a lock does it. `keys` are the known public keys
/// (from `/access/keys`); `now` is the lock's clock in unix seconds; `skew`
/// the tolerated clock difference in seconds. Checks, in order: format,
/// known key, signature, court, not-before, expiry. Revocation and replay
/// need state and are the caller's job.
pub fn verify_token(
    token: &str,
    keys: &[AccessKey],
    court_id: i64,
    now: i64,
    skew: i64,
) -> Result<TokenClaims, DenialReason> {
    let (body, claims, sig) = decode_token(token)?;
    let key = keys
        .iter()
        .find(|k| k.kid == claims.kid)
        .ok_or(DenialReason::WrongKey)?;
    let vk = decode_public_key(&key.public_key).ok_or(DenialReason::WrongKey)?;
    let sig = ed25519_dalek::Signature::from_bytes(&sig);
    vk.verify_strict(body.as_bytes(), &sig)
        .map_err(|_| DenialReason::Tampered)?;
    if claims.court != court_id {
        return Err(DenialReason::WrongCourt);
    }
    if now + skew < claims.nbf {
        return Err(DenialReason::NotYetValid);
    }
    if now - skew >= claims.exp {
        return Err(DenialReason::Expired);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    fn key(seed: u8, kid: &str) -> (SigningKey, AccessKey) {
        let sk = SigningKey::from_bytes(&[seed; 32]);
        let ak = AccessKey {
            kid: kid.into(),
            alg: ALG.into(),
            public_key: encode_public_key(&sk.verifying_key()),
            not_after: None,
        };
        (sk, ak)
    }

    fn token(sk: &SigningKey, kid: &str) -> String {
        let claims = TokenClaims {
            v: 1,
            kid: kid.into(),
            bid: Uuid::nil(),
            court: 7,
            nbf: 1000,
            exp: 5000,
        };
        let body = encode_claims(&claims);
        assemble_token(&body, &sk.sign(body.as_bytes()).to_bytes())
    }

    #[test]
    fn verifies_and_rejects() {
        let (sk, ak) = key(1, "k1");
        let (sk2, ak2) = key(2, "k2");
        let t = token(&sk, "k1");
        let keys = [ak.clone()];
        assert_eq!(verify_token(&t, &keys, 7, 2000, 60).unwrap().court, 7);
        assert_eq!(
            verify_token(&t, &keys, 8, 2000, 60),
            Err(DenialReason::WrongCourt)
        );
        assert_eq!(
            verify_token(&t, &keys, 7, 900, 60),
            Err(DenialReason::NotYetValid)
        );
        assert!(
            verify_token(&t, &keys, 7, 950, 60).is_ok(),
            "skew tolerated"
        );
        assert_eq!(
            verify_token(&t, &keys, 7, 5100, 60),
            Err(DenialReason::Expired)
        );
        assert!(
            verify_token(&t, &keys, 7, 5030, 60).is_ok(),
            "skew tolerated"
        );
        // Unknown key id, or a key with that kid that did not sign it.
        assert_eq!(
            verify_token(&t, &[ak2.clone()], 7, 2000, 60),
            Err(DenialReason::WrongKey)
        );
        let forged = token(&sk2, "k1");
        assert_eq!(
            verify_token(&forged, &keys, 7, 2000, 60),
            Err(DenialReason::Tampered)
        );
        // Tampered claims: change the court in the body, keep the signature.
        let (_, mut claims, sig) = decode_token(&t).unwrap();
        claims.court = 8;
        let bad = assemble_token(&encode_claims(&claims), &sig);
        assert_eq!(
            verify_token(&bad, &keys, 8, 2000, 60),
            Err(DenialReason::Tampered)
        );
        // Garbage.
        assert_eq!(
            verify_token("nope", &keys, 7, 2000, 60),
            Err(DenialReason::Malformed)
        );
        let mut flipped: Vec<char> = t.chars().collect();
        let i = flipped.len() - 10;
        flipped[i] = if flipped[i] == 'A' { 'B' } else { 'A' };
        let flipped: String = flipped.into_iter().collect();
        assert!(verify_token(&flipped, &keys, 7, 2000, 60).is_err());
        // Rotation: both keys listed, both tokens valid.
        let t2 = token(&sk2, "k2");
        let both = [ak, ak2];
        assert!(verify_token(&t, &both, 7, 2000, 60).is_ok());
        assert!(verify_token(&t2, &both, 7, 2000, 60).is_ok());
    }
}
