//! Accounts: signing in (passkeys, e-mailed codes), sessions and the profile.
//!
//! A guest can still book with a name and an e-mail; an account adds "my
//! bookings" on every device, a customer category that prices can depend on,
//! and a personal calendar feed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validate::{Invalid, Reason};

/// The header that carries the session's CSRF token on every state-changing
/// request made with the session cookie.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// The interface language of a person (and of the mails and pushes they get).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    Sv,
    En,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Sv => "sv",
            Language::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "sv" => Some(Language::Sv),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}

pub use crate::rules::CustomerCategory;

/// The signed-in person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    pub id: Uuid,
    pub email: String,
    /// True once the person proved the address by entering an e-mailed code.
    pub email_verified: bool,
    pub name: String,
    pub phone: String,
    pub language: Language,
    pub category: CustomerCategory,
    /// How many passkeys can sign in to this account.
    pub passkeys: u32,
    /// Protected personal data (sekretessmarkering, skyddad
    /// folkbokföring): the venues' staff see an alias, not who it is.
    #[serde(default)]
    pub protected: bool,
    pub created_at: DateTime<Utc>,
}

/// `GET /session`: who is signed in on this device, and the CSRF token the
/// app sends back in [`CSRF_HEADER`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub account: Option<Account>,
    pub csrf_token: Option<String>,
}

/// Ask for a sign-in code by e-mail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailCodeStart {
    pub email: String,
    /// The language of the mail (the app's current language).
    #[serde(default)]
    pub language: Language,
}

/// Enter the e-mailed code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailCodeVerify {
    pub email: String,
    pub code: String,
}

/// Start registering a passkey: for a new account (e-mail and name given,
/// not signed in) or for the signed-in account (body may be empty).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyRegisterStart {
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

/// Start signing in with a passkey of the account with this e-mail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyLoginStart {
    pub email: String,
}

/// A WebAuthn ceremony in progress: the options for
/// `navigator.credentials.create/get` (WebAuthn JSON, `{ "publicKey": … }`)
/// and the id to finish it with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyChallenge {
    pub challenge_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub options: serde_json::Value,
}

/// Finish a WebAuthn ceremony with the browser's credential
/// (`PublicKeyCredential.toJSON()`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyFinish {
    pub challenge_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub credential: serde_json::Value,
}

/// The editable part of the profile. The e-mail is the sign-in identity and
/// changes only through a new e-mailed code (not here).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileUpdate {
    pub name: String,
    #[serde(default)]
    pub phone: String,
    pub language: Language,
    pub category: CustomerCategory,
}

/// One signed-in device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionSummary {
    pub id: Uuid,
    /// The browser as it named itself when signing in.
    pub user_agent: String,
    /// `passkey` or `email_code`.
    pub method: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// True for the session this request came with.
    pub current: bool,
}

/// `GET /me/bookings`: the account's bookings, upcoming first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyBookings {
    /// Not yet ended, soonest first: all of them.
    pub upcoming: Vec<crate::Booking>,
    /// Ended or cancelled, latest first: one page (`past_limit`, default 50).
    pub past: Vec<crate::Booking>,
    /// More past bookings follow: pass this as `past_before` for the next
    /// page. Absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub past_next: Option<String>,
}

/// `GET /me/calendar-feed`: the personal calendar subscription.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarFeed {
    /// A secret URL (webcal-ready) listing the account's confirmed bookings.
    pub url: String,
}

/// A phone number, loosely: digits with an optional leading +, spaces and
/// dashes allowed; empty means none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let phone = raw.trim();
        let digits = phone.chars().filter(|c| c.is_ascii_digit()).count();
        let shape_ok = phone
            .char_indices()
            .all(|(i, c)| c.is_ascii_digit() || c == ' ' || c == '-' || (c == '+' && i == 0));
        if phone.is_empty() || (shape_ok && (7..=15).contains(&digits)) {
            Ok(Phone(phone.to_string()))
        } else {
            Err(Invalid::new("phone", Reason::Phone))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A 6-digit e-mailed sign-in code, as typed (spaces allowed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInCode(String);

impl SignInCode {
    pub const DIGITS: usize = 6;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let code: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() == Self::DIGITS && code.chars().all(|c| c.is_ascii_digit()) {
            Ok(SignInCode(code))
        } else {
            Err(Invalid::new("code", Reason::SignInCode))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        for ok in ["", "070-123 45 67", "+46 70 123 45 67", "0701234567"] {
            assert!(Phone::parse(ok).is_ok(), "{ok:?}");
        }
        for bad in ["12", "070 abc", "++46701234567", "0701234567890123456"] {
            assert_eq!(Phone::parse(bad).unwrap_err().field, "phone", "{bad:?}");
        }
    }

    #[test]
    fn codes() {
        assert_eq!(SignInCode::parse(" 123 456 ").unwrap().as_str(), "123456");
        for bad in ["", "12345", "1234567", "12a456"] {
            assert!(SignInCode::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn categories_round_trip() {
        for c in CustomerCategory::ALL {
            assert_eq!(CustomerCategory::parse(c.as_str()), Some(c));
        }
        assert!(!CustomerCategory::Club.self_selectable());
        assert!(CustomerCategory::Youth.self_selectable());
    }
}
