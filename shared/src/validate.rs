//! Parse, don't validate: domain newtypes that both sides use, so the form
//! and the server reject exactly the same input with the same words.

use std::fmt;

/// Why a value was refused, in words a player can act on. `message` is the
/// API's (English) text; `reason` lets the app say it in the person's
/// language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub reason: Reason,
    pub message: String,
}

/// What exactly was wrong with a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    NameMissing,
    NameTooLong,
    NameCharacters,
    Email,
    Phone,
    SignInCode,
}

impl Reason {
    pub const ALL: [Reason; 6] = [
        Reason::NameMissing,
        Reason::NameTooLong,
        Reason::NameCharacters,
        Reason::Email,
        Reason::Phone,
        Reason::SignInCode,
    ];

    /// The API's words for it (problem+json `detail`).
    pub fn message(self) -> &'static str {
        match self {
            Reason::NameMissing => "Please enter your name.",
            Reason::NameTooLong => "The name is too long (at most 100 characters).",
            Reason::NameCharacters => "The name contains characters that are not allowed.",
            Reason::Email => "Please enter a valid e-mail address, like namn@example.se.",
            Reason::Phone => "Please enter a phone number like 070-123 45 67 or +46 70 123 45 67.",
            Reason::SignInCode => "The code is the 6 digits from the e-mail.",
        }
    }

    /// The reason behind one of the API's messages (an app wording a
    /// server's refusal in its own language).
    pub fn from_message(message: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.message() == message)
    }
}

impl Invalid {
    pub fn new(field: &'static str, reason: Reason) -> Self {
        Invalid {
            field,
            reason,
            message: reason.message().to_string(),
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Invalid {}

/// The name a booking is made in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayerName(String);

impl PlayerName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let name = raw.trim();
        let invalid = |reason| Invalid::new("name", reason);
        if name.is_empty() {
            return Err(invalid(Reason::NameMissing));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(invalid(Reason::NameTooLong));
        }
        if name.chars().any(char::is_control) {
            return Err(invalid(Reason::NameCharacters));
        }
        Ok(PlayerName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address, checked for shape only (delivery proves the rest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let email = raw.trim();
        let invalid = || Invalid::new("email", Reason::Email);
        if email.is_empty()
            || email.len() > Self::MAX_CHARS
            || email.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(invalid());
        }
        let (local, domain) = email.rsplit_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        if local.is_empty() || !domain_ok {
            return Err(invalid());
        }
        Ok(Email(email.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_is_found_by_its_message() {
        for reason in Reason::ALL {
            assert_eq!(Reason::from_message(reason.message()), Some(reason));
        }
        assert_eq!(Reason::from_message("something else"), None);
    }

    #[test]
    fn names() {
        assert_eq!(
            PlayerName::parse("  Ada Lovelace ").unwrap().as_str(),
            "Ada Lovelace"
        );
        assert_eq!(PlayerName::parse("   ").unwrap_err().field, "name");
        assert!(PlayerName::parse(&"x".repeat(101)).is_err());
        assert!(PlayerName::parse(&"å".repeat(100)).is_ok());
        assert!(PlayerName::parse("a\u{0}b").is_err());
    }

    #[test]
    fn emails() {
        assert!(Email::parse("namn@example.se").is_ok());
        assert_eq!(
            Email::parse(" a.b+c@sub.example.se ").unwrap().as_str(),
            "a.b+c@sub.example.se"
        );
        for bad in [
            "",
            "plain",
            "@example.se",
            "a@b",
            "a@.se",
            "a@se.",
            "a b@c.se",
            "a@b..se",
        ] {
            assert_eq!(Email::parse(bad).unwrap_err().field, "email", "{bad:?}");
        }
    }
}
