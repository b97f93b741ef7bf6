//! Money as integer minor units (öre) with a currency. Never floats.

use serde::{Deserialize, Serialize};

/// An amount of money in minor units (öre for SEK), VAT included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    /// Minor units: 12000 means 120,00 kr.
    pub amount_minor: i64,
    /// ISO 4217 code, e.g. `SEK`.
    pub currency: String,
}

impl Money {
    pub fn sek(amount_minor: i64) -> Self {
        Money {
            amount_minor,
            currency: "SEK".to_string(),
        }
    }

    /// Swedish display: `120 kr`, `120,50 kr`, `1 250 kr`.
    pub fn display_sv(&self) -> String {
        let sign = if self.amount_minor < 0 { "-" } else { "" };
        let abs = self.amount_minor.unsigned_abs();
        let (whole, frac) = (abs / 100, abs % 100);
        let digits = whole.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push('\u{a0}');
            }
            grouped.push(c);
        }
        let unit = if self.currency == "SEK" {
            "kr".to_string()
        } else {
            self.currency.clone()
        };
        if frac == 0 {
            format!("{sign}{grouped}\u{a0}{unit}")
        } else {
            format!("{sign}{grouped},{frac:02}\u{a0}{unit}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_formatting() {
        assert_eq!(Money::sek(12000).display_sv(), "120\u{a0}kr");
        assert_eq!(Money::sek(12050).display_sv(), "120,50\u{a0}kr");
        assert_eq!(Money::sek(125000).display_sv(), "1\u{a0}250\u{a0}kr");
        assert_eq!(Money::sek(5).display_sv(), "0,05\u{a0}kr");
        assert_eq!(Money::sek(-10000).display_sv(), "-100\u{a0}kr");
    }
}
