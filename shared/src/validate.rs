//! Parse, don't validate: domain newtypes that both sides use, so the form
//! and the server reject exactly the same input with the same words.

use std::fmt;

/// Why a value was refused, in words a player can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
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
        let invalid = |message: &str| Invalid {
            field: "name",
            message: message.to_string(),
        };
        if name.is_empty() {
            return Err(invalid("Please enter your name."));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(invalid("The name is too long (at most 100 characters)."));
        }
        if name.chars().any(char::is_control) {
            return Err(invalid(
                "The name contains characters that are not allowed.",
            ));
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
        let invalid = || Invalid {
            field: "email",
            message: "Please enter a valid e-mail address, like namn@example.se.".to_string(),
        };
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
