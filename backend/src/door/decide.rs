//! The door's decision, pure: no clock, no network, no disk. `DoorState`
//! holds what the controller synced (keys, credentials) and what it has seen
//! (used tokens, wrong codes, queued entries); `present` decides one attempt.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::access::{
    verify_token, AccessKey, Credential, CredentialKind, DenialReason, EntryEvent, EntryResult,
};
use uuid::Uuid;

/// Tolerated clock difference, seconds (as the server's default).
pub const SKEW_SECONDS: i64 = 60;
/// A token accepted this recently is refused (`replayed`); later in its
/// window it opens again (re-entry after a break).
pub const REPLAY_SECONDS: i64 = 60;
/// Wrong codes (within `LOCKOUT_SECONDS` of each other) that lock the keypad.
pub const MAX_WRONG_CODES: usize = 5;
/// How long the keypad stays locked.
pub const LOCKOUT_SECONDS: i64 = 300;

/// What someone shows the door.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presented {
    Token(String),
    Code(String),
}

/// The door's answer to one attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub result: EntryResult,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<DenialReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_ref: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<Uuid>,
    pub method: CredentialKind,
    pub at: DateTime<Utc>,
}

/// Everything the controller keeps; saved as JSON after every change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DoorState {
    /// Public keys from `GET /api/v1/access/keys`.
    pub keys: Vec<AccessKey>,
    /// Credentials from the feed by id, the latest change winning (revoked ones kept).
    pub credentials: BTreeMap<Uuid, Credential>,
    /// Feed cursor to resume from.
    #[serde(default)]
    pub cursor: String,
    /// Accepted tokens: token → (last accepted at, expiry), unix seconds.
    #[serde(default)]
    pub used_tokens: BTreeMap<String, (i64, i64)>,
    /// Times of recent wrong codes (since the last lockout or good code).
    #[serde(default)]
    pub failed_codes: Vec<i64>,
    #[serde(default)]
    pub lockout_until: Option<i64>,
    /// Entry events not yet delivered to the server, oldest first.
    #[serde(default)]
    pub pending: Vec<EntryEvent>,
    /// Whether the last sync round reached the server.
    #[serde(default)]
    pub last_sync_ok: bool,
    #[serde(default)]
    pub last_sync_at: Option<DateTime<Utc>>,
}

impl DoorState {
    /// Takes a page of the feed: the latest version of each credential wins;
    /// credentials long expired are dropped.
    pub fn apply_feed(&mut self, credentials: Vec<Credential>, now: DateTime<Utc>) {
        for c in credentials {
            self.credentials.insert(c.id, c);
        }
        let horizon = now - chrono::Duration::hours(24);
        self.credentials.retain(|_, c| c.expires_at > horizon);
    }

    /// Decides one attempt at `court_id` and queues it as an entry event.
    pub fn present(&mut self, court_id: i64, presented: Presented, now: DateTime<Utc>) -> Decision {
        let t = now.timestamp();
        let (method, outcome) = match presented {
            Presented::Token(token) => (CredentialKind::Qr, self.token(court_id, token.trim(), t)),
            Presented::Code(code) => (CredentialKind::Code, self.code(court_id, code.trim(), t)),
        };
        let decision = Decision {
            result: if outcome.reason.is_none() {
                EntryResult::Accepted
            } else {
                EntryResult::Denied
            },
            reason: outcome.reason,
            booking_ref: outcome.booking_ref,
            credential_id: outcome.credential_id,
            method,
            at: now,
        };
        self.pending.push(EntryEvent {
            event_id: Uuid::new_v4(),
            credential_id: decision.credential_id,
            booking_ref: decision.booking_ref,
            court_id,
            method,
            result: decision.result,
            reason: decision.reason,
            at: now,
        });
        decision
    }

    fn token(&mut self, court_id: i64, token: &str, now: i64) -> Outcome {
        self.used_tokens
            .retain(|_, (_, exp)| *exp + SKEW_SECONDS > now - REPLAY_SECONDS);
        let claims = match verify_token(token, &self.keys, court_id, now, SKEW_SECONDS) {
            Ok(claims) => claims,
            Err(reason) => {
                // Name the booking when the token at least parses.
                let booking_ref = shared::access::decode_token(token)
                    .ok()
                    .map(|(_, c, _)| c.bid);
                return Outcome::denied(reason, booking_ref, None);
            }
        };
        let exact = self
            .credentials
            .values()
            .find(|c| c.kind == CredentialKind::Qr && c.token.as_deref() == Some(token));
        let credential_id = exact.map(|c| c.id);
        let revoked = match exact {
            Some(c) => c.revoked,
            None => {
                // A token the feed never listed: revoked if every token
                // credential known for its booking is.
                let mut qr = self
                    .credentials
                    .values()
                    .filter(|c| c.kind == CredentialKind::Qr && c.booking_ref == claims.bid)
                    .peekable();
                qr.peek().is_some() && qr.all(|c| c.revoked)
            }
        };
        if revoked {
            return Outcome::denied(DenialReason::Revoked, Some(claims.bid), credential_id);
        }
        if let Some((last, _)) = self.used_tokens.get(token) {
            if now >= *last && now - *last < REPLAY_SECONDS {
                return Outcome::denied(DenialReason::Replayed, Some(claims.bid), credential_id);
            }
        }
        self.used_tokens
            .insert(token.to_string(), (now, claims.exp));
        Outcome::accepted(claims.bid, credential_id)
    }

    fn code(&mut self, court_id: i64, code: &str, now: i64) -> Outcome {
        if let Some(until) = self.lockout_until {
            if now < until {
                return Outcome::denied(DenialReason::LockedOut, None, None);
            }
            self.lockout_until = None;
        }
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
            return self.wrong_code(now, DenialReason::Malformed);
        }
        let matching: Vec<&Credential> = self
            .credentials
            .values()
            .filter(|c| {
                c.kind == CredentialKind::Code
                    && c.court_id == court_id
                    && c.code.as_deref() == Some(code)
            })
            .collect();
        let live: Vec<&&Credential> = matching.iter().filter(|c| !c.revoked).collect();
        if let Some(c) = live.iter().find(|c| {
            c.not_before.timestamp() - SKEW_SECONDS <= now
                && now < c.expires_at.timestamp() + SKEW_SECONDS
        }) {
            let outcome = Outcome::accepted(c.booking_ref, Some(c.id));
            self.failed_codes.clear();
            return outcome;
        }
        if let Some(c) = live
            .iter()
            .find(|c| now < c.not_before.timestamp() - SKEW_SECONDS)
        {
            return Outcome::denied(DenialReason::NotYetValid, Some(c.booking_ref), Some(c.id));
        }
        if let Some(c) = live.first() {
            return Outcome::denied(DenialReason::Expired, Some(c.booking_ref), Some(c.id));
        }
        if let Some(c) = matching.first() {
            return Outcome::denied(DenialReason::Revoked, Some(c.booking_ref), Some(c.id));
        }
        self.wrong_code(now, DenialReason::UnknownCode)
    }

    /// Counts a wrong code; the `MAX_WRONG_CODES`th within the lockout
    /// period locks the keypad for `LOCKOUT_SECONDS`.
    fn wrong_code(&mut self, now: i64, reason: DenialReason) -> Outcome {
        self.failed_codes
            .retain(|t| *t <= now && now - *t < LOCKOUT_SECONDS);
        self.failed_codes.push(now);
        if self.failed_codes.len() >= MAX_WRONG_CODES {
            self.failed_codes.clear();
            self.lockout_until = Some(now + LOCKOUT_SECONDS);
        }
        Outcome::denied(reason, None, None)
    }
}

struct Outcome {
    reason: Option<DenialReason>,
    booking_ref: Option<Uuid>,
    credential_id: Option<Uuid>,
}

impl Outcome {
    fn accepted(booking_ref: Uuid, credential_id: Option<Uuid>) -> Self {
        Outcome {
            reason: None,
            booking_ref: Some(booking_ref),
            credential_id,
        }
    }
    fn denied(
        reason: DenialReason,
        booking_ref: Option<Uuid>,
        credential_id: Option<Uuid>,
    ) -> Self {
        Outcome {
            reason: Some(reason),
            booking_ref,
            credential_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use ed25519_dalek::{Signer, SigningKey};
    use shared::access::{assemble_token, encode_claims, encode_public_key, TokenClaims, ALG};

    const COURT: i64 = 7;
    const NBF: i64 = 1_000_000;
    const EXP: i64 = 1_003_600;

    fn at(t: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(t, 0).unwrap()
    }

    fn setup() -> (DoorState, String, Uuid) {
        let sk = SigningKey::from_bytes(&[3; 32]);
        let bid = Uuid::new_v4();
        let claims = TokenClaims {
            v: 1,
            kid: "k1".into(),
            bid,
            court: COURT,
            nbf: NBF,
            exp: EXP,
        };
        let body = encode_claims(&claims);
        let token = assemble_token(&body, &sk.sign(body.as_bytes()).to_bytes());
        let mut state = DoorState {
            keys: vec![AccessKey {
                kid: "k1".into(),
                alg: ALG.into(),
                public_key: encode_public_key(&sk.verifying_key()),
                not_after: None,
            }],
            ..Default::default()
        };
        let cred = |kind, token: Option<String>, code: Option<String>| Credential {
            id: Uuid::new_v4(),
            booking_ref: bid,
            court_id: COURT,
            kind,
            token,
            code,
            not_before: at(NBF),
            expires_at: at(EXP),
            revoked: false,
        };
        state.apply_feed(
            vec![
                cred(CredentialKind::Qr, Some(token.clone()), None),
                cred(CredentialKind::Code, None, Some("123456".into())),
            ],
            at(NBF),
        );
        (state, token, bid)
    }

    fn reason(d: &Decision) -> Option<DenialReason> {
        d.reason
    }

    #[test]
    fn tokens_in_window_court_and_not_replayed() {
        let (mut s, token, bid) = setup();
        let p = |t: &str| Presented::Token(t.to_string());
        let d = s.present(COURT, p(&token), at(NBF + 10));
        assert_eq!(d.result, EntryResult::Accepted);
        assert_eq!(d.booking_ref, Some(bid));
        assert!(d.credential_id.is_some());
        let d = s.present(COURT, p(&token), at(NBF + 40));
        assert_eq!(reason(&d), Some(DenialReason::Replayed));
        // Re-entry later in the window is fine.
        let d = s.present(COURT, p(&token), at(NBF + 10 + REPLAY_SECONDS));
        assert_eq!(d.result, EntryResult::Accepted);
        assert_eq!(
            reason(&s.present(COURT, p(&token), at(NBF - 61))),
            Some(DenialReason::NotYetValid)
        );
        assert_eq!(
            reason(&s.present(COURT, p(&token), at(EXP + 60))),
            Some(DenialReason::Expired)
        );
        assert_eq!(
            reason(&s.present(COURT + 1, p(&token), at(NBF + 500))),
            Some(DenialReason::WrongCourt)
        );
        assert_eq!(
            reason(&s.present(COURT, p("LEDIG1.x.y"), at(NBF + 500))),
            Some(DenialReason::Malformed)
        );
        let (_, mut claims, sig) = shared::access::decode_token(&token).unwrap();
        claims.exp += 86_400;
        let tampered = assemble_token(&encode_claims(&claims), &sig);
        assert_eq!(
            reason(&s.present(COURT, p(&tampered), at(NBF + 500))),
            Some(DenialReason::Tampered)
        );
        // Every attempt is queued once, with its own id.
        assert_eq!(s.pending.len(), 8);
        let mut ids: Vec<Uuid> = s.pending.iter().map(|e| e.event_id).collect();
        ids.dedup();
        assert_eq!(ids.len(), 8);
        assert_eq!(s.pending[0].result, EntryResult::Accepted);
        assert_eq!(s.pending[1].reason, Some(DenialReason::Replayed));
    }

    #[test]
    fn revoked_in_the_feed_denies_token_and_code() {
        let (mut s, token, _) = setup();
        let revoked: Vec<Credential> = s
            .credentials
            .values()
            .cloned()
            .map(|mut c| {
                c.revoked = true;
                c
            })
            .collect();
        s.apply_feed(revoked, at(NBF));
        let d = s.present(COURT, Presented::Token(token), at(NBF + 10));
        assert_eq!(reason(&d), Some(DenialReason::Revoked));
        let d = s.present(COURT, Presented::Code("123456".into()), at(NBF + 10));
        assert_eq!(reason(&d), Some(DenialReason::Revoked));
    }

    #[test]
    fn codes_and_keypad_lockout() {
        let (mut s, _, bid) = setup();
        let code =
            |s: &mut DoorState, c: &str, t: i64| s.present(COURT, Presented::Code(c.into()), at(t));
        let d = code(&mut s, "123456", NBF + 5);
        assert_eq!(d.result, EntryResult::Accepted);
        assert_eq!(d.booking_ref, Some(bid));
        assert_eq!(
            reason(&code(&mut s, "123456", NBF - 120)),
            Some(DenialReason::NotYetValid)
        );
        assert_eq!(
            reason(&code(&mut s, "123456", EXP + 120)),
            Some(DenialReason::Expired)
        );
        assert_eq!(
            reason(&s.present(COURT + 1, Presented::Code("123456".into()), at(NBF + 5))),
            Some(DenialReason::UnknownCode)
        );
        // That was one wrong code; four more lock the keypad.
        for i in 0..4 {
            assert_eq!(
                reason(&code(&mut s, "999999", NBF + 10 + i)),
                Some(DenialReason::UnknownCode)
            );
        }
        assert_eq!(
            reason(&code(&mut s, "123456", NBF + 20)),
            Some(DenialReason::LockedOut)
        );
        assert_eq!(
            code(&mut s, "123456", NBF + 14 + LOCKOUT_SECONDS).result,
            EntryResult::Accepted,
            "unlocked after the lockout"
        );
    }

    #[test]
    fn state_round_trips_as_json() {
        let (mut s, token, _) = setup();
        s.present(COURT, Presented::Token(token), at(NBF + 1));
        let json = serde_json::to_string(&s).unwrap();
        let back: DoorState = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }
}
