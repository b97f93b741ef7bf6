//! Stripe's webhook signature (`Stripe-Signature: t=…,v1=…[,v1=…][,v0=…]`):
//! HMAC-SHA256 of `"{t}.{raw body}"` keyed with the endpoint's signing secret
//! (`whsec_…`, used as-is), hex-encoded. Any one matching `v1` is enough
//! (several appear while a secret is being rolled); other schemes are
//! ignored. The timestamp must be within the tolerance of now, which stops
//! replays of old, validly signed events.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Stripe's default tolerance.
pub const TOLERANCE_SECONDS: i64 = 300;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the Stripe-Signature header is missing")]
    Missing,
    #[error("the Stripe-Signature header has no valid timestamp or no v1 signature")]
    Malformed,
    #[error("the Stripe-Signature timestamp is outside the {TOLERANCE_SECONDS}-second tolerance")]
    Stale,
    #[error("no v1 signature in the Stripe-Signature header matches the payload")]
    Mismatch,
}

/// Checks `header` against the raw `payload` at `now` (Unix seconds).
pub fn verify(
    payload: &[u8],
    header: Option<&str>,
    secret: &str,
    now: i64,
    tolerance: i64,
) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let mut timestamp: Option<&str> = None;
    let mut signatures: Vec<Vec<u8>> = Vec::new();
    for part in header.split(',') {
        let Some((key, value)) = part.trim().split_once('=') else {
            continue;
        };
        match key {
            "t" => timestamp = Some(value),
            // A v1 that is not hex can never match; skip it.
            "v1" => signatures.extend(hex::decode(value).ok()),
            _ => {}
        }
    }
    let timestamp_text = timestamp.ok_or(SignatureError::Malformed)?;
    let t: i64 = timestamp_text
        .parse()
        .map_err(|_| SignatureError::Malformed)?;
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(timestamp_text.as_bytes());
    mac.update(b".");
    mac.update(payload);
    // Compared in constant time (`verify_slice`) against every candidate.
    let matched = signatures
        .iter()
        .filter(|candidate| mac.clone().verify_slice(candidate).is_ok())
        .count()
        > 0;
    if !matched {
        return Err(SignatureError::Mismatch);
    }
    // Checked after the signature, so a forged header can't probe the clock.
    if (now - t).abs() > tolerance {
        return Err(SignatureError::Stale);
    }
    Ok(())
}

/// The header Stripe would send for `payload` at `t` (used by tests and the
/// fake Stripe).
pub fn sign(payload: &[u8], secret: &str, t: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(format!("{t}.").as_bytes());
    mac.update(payload);
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test_secret";
    const BODY: &[u8] = br#"{"id":"evt_1","type":"payment_intent.succeeded"}"#;

    #[test]
    fn accepts_a_fresh_valid_signature() {
        let header = sign(BODY, SECRET, 1_000_000);
        assert_eq!(verify(BODY, Some(&header), SECRET, 1_000_010, 300), Ok(()));
    }

    #[test]
    fn known_vector() {
        // HMAC-SHA256("whsec_test_secret", "1000000.{BODY}") computed independently.
        let header = sign(BODY, SECRET, 1_000_000);
        let expected = {
            let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
            mac.update(b"1000000.");
            mac.update(BODY);
            hex::encode(mac.finalize().into_bytes())
        };
        assert_eq!(header, format!("t=1000000,v1={expected}"));
    }

    #[test]
    fn any_of_several_v1_signatures_and_other_schemes_ignored() {
        let good = sign(BODY, SECRET, 1_000_000);
        let good_v1 = good.split_once(",v1=").unwrap().1;
        let header = format!("t=1000000,v1={},v0=abc,v1={good_v1}", "00".repeat(32));
        assert_eq!(verify(BODY, Some(&header), SECRET, 1_000_000, 300), Ok(()));
    }

    #[test]
    fn refuses_wrong_secret_body_or_timestamp() {
        let header = sign(BODY, "whsec_other", 1_000_000);
        assert_eq!(
            verify(BODY, Some(&header), SECRET, 1_000_000, 300),
            Err(SignatureError::Mismatch)
        );
        let header = sign(BODY, SECRET, 1_000_000);
        assert_eq!(
            verify(b"{}", Some(&header), SECRET, 1_000_000, 300),
            Err(SignatureError::Mismatch)
        );
        // The signed timestamp is part of the MAC: changing t breaks it.
        let moved = header.replace("t=1000000", "t=1000001");
        assert_eq!(
            verify(BODY, Some(&moved), SECRET, 1_000_000, 300),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn refuses_stale_and_far_future_timestamps() {
        let header = sign(BODY, SECRET, 1_000_000);
        assert_eq!(verify(BODY, Some(&header), SECRET, 1_000_300, 300), Ok(()));
        assert_eq!(
            verify(BODY, Some(&header), SECRET, 1_000_301, 300),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify(BODY, Some(&header), SECRET, 999_699, 300),
            Err(SignatureError::Stale)
        );
    }

    #[test]
    fn refuses_missing_and_malformed_headers() {
        assert_eq!(
            verify(BODY, None, SECRET, 0, 300),
            Err(SignatureError::Missing)
        );
        for header in ["", "v1=abcd", "t=abc,v1=abcd", "t=100", "t=100,v1=zz"] {
            assert_eq!(
                verify(BODY, Some(header), SECRET, 100, 300),
                Err(SignatureError::Malformed),
                "{header}"
            );
        }
    }
}
