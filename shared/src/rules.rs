//! A venue's rules as the API shows them: who pays what (customer
//! categories, peak and off-peak tariffs), the price quoted before paying,
//! the cancellation terms, and the receipt with its VAT.
//!
//! Money is integer öre, VAT included; VAT rates are basis points
//! (600 = 6 %, Swedish VAT on the use of sports facilities).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{BookingStatus, Money};

/// Who is booking, for the tariff. Guests book as `adult`; accounts give a
/// signed-in person their own category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CustomerCategory {
    #[default]
    Adult,
    Youth,
    Senior,
    Club,
}

impl CustomerCategory {
    pub const ALL: [CustomerCategory; 4] = [
        CustomerCategory::Adult,
        CustomerCategory::Youth,
        CustomerCategory::Senior,
        CustomerCategory::Club,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CustomerCategory::Adult => "adult",
            CustomerCategory::Youth => "youth",
            CustomerCategory::Senior => "senior",
            CustomerCategory::Club => "club",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Whether a player may pick this category for themselves (the venue
    /// may ask for proof at the door); `club` is given by an operator.
    pub fn self_selectable(self) -> bool {
        self != CustomerCategory::Club
    }
}

/// Which time band a tariff covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TimeBand {
    Peak,
    OffPeak,
}

impl TimeBand {
    pub fn as_str(self) -> &'static str {
        match self {
            TimeBand::Peak => "peak",
            TimeBand::OffPeak => "off_peak",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "peak" => Some(TimeBand::Peak),
            "off_peak" => Some(TimeBand::OffPeak),
            _ => None,
        }
    }
}

/// What is kept when a booking is cancelled after the free-cancellation
/// deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum LateCancellation {
    /// A fixed fee (never more than the price); the rest is refunded.
    Fee { amount_minor: i64 },
    /// A share of the price; the rest is refunded.
    FeePercent { percent: u32 },
    /// Nothing is refunded.
    NoRefund,
}

impl LateCancellation {
    /// The fee kept out of `price_minor` when cancelling late (rounded to
    /// the nearest öre, half up).
    pub fn fee_minor(&self, price_minor: i64) -> i64 {
        let price = price_minor.max(0);
        match self {
            LateCancellation::Fee { amount_minor } => (*amount_minor).clamp(0, price),
            LateCancellation::FeePercent { percent } => {
                let percent = i64::from((*percent).min(100));
                (price * percent + 50) / 100
            }
            LateCancellation::NoRefund => price,
        }
    }
}

/// One tariff: the price for a customer category on some weekdays in a
/// local time band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tariff {
    /// Only this court, or every court of the venue when absent.
    pub court_id: Option<i64>,
    pub category: CustomerCategory,
    /// ISO weekdays (1 = Monday … 7 = Sunday) it applies on.
    pub weekdays: Vec<u8>,
    /// Local start of the band, `HH:MM` (a slot belongs to the band its start falls in).
    pub from: String,
    /// Local end of the band, `HH:MM` (exclusive; `24:00` is midnight).
    pub to: String,
    pub band: TimeBand,
    /// The price, VAT included, per `per`.
    pub price: Money,
    /// `slot` or `hour` (an hourly price is prorated to the slot's length).
    pub per: String,
}

/// A venue's booking, cancellation and pricing rules (read-only for players).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueRules {
    pub venue_id: i64,
    /// A slot must be booked at least this many minutes before it starts.
    pub min_notice_minutes: u32,
    /// And at most this many days ahead.
    pub max_days_ahead: u32,
    /// At most this many active bookings (held or confirmed, not yet
    /// started) per person (e-mail) at this venue; absent: no limit.
    pub max_active_bookings: Option<u32>,
    /// Free cancellation until this many hours before the start (0: until the start).
    pub cancel_deadline_hours: u32,
    /// What happens after the deadline.
    pub late_cancellation: LateCancellation,
    /// VAT included in the prices, in basis points (600 = 6 %).
    pub vat_basis_points: u32,
    /// The tariffs; a slot without one costs the court's price.
    pub tariffs: Vec<Tariff>,
}

/// A venue's rules as an operator reads and changes them
/// (`/api/v1/operator/venues/{venue_id}/rules`): the same terms as
/// [`VenueRules`], with each tariff's price in öre. A change applies to
/// bookings made after it; a booking keeps the price and cancellation terms
/// it was sold with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleSet {
    /// Minutes before the start a slot must be booked (0 to 525 600).
    pub min_notice_minutes: u32,
    /// How many days ahead a slot can be booked (1 to 366).
    pub max_days_ahead: u32,
    /// Active bookings per person at once; absent: no limit (at least 1).
    pub max_active_bookings: Option<u32>,
    /// Free cancellation until this many hours before the start (0 to 8 760).
    pub cancel_deadline_hours: u32,
    pub late_cancellation: LateCancellation,
    /// VAT included in the prices, basis points (600 = 6 %; at most 2 500).
    pub vat_basis_points: u32,
    /// The bands; two of one court (or the whole venue) and category may
    /// not overlap on a weekday. A slot no band covers costs the court's price.
    pub tariffs: Vec<TariffRule>,
}

/// One tariff band as an operator sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TariffRule {
    /// Only this court, or every court of the venue when absent.
    #[serde(default)]
    pub court_id: Option<i64>,
    pub category: CustomerCategory,
    /// ISO weekdays (1 = Monday … 7 = Sunday).
    pub weekdays: Vec<u8>,
    /// Local start, `HH:MM`.
    pub from: String,
    /// Local end, `HH:MM`, exclusive (`24:00` is midnight).
    pub to: String,
    pub band: TimeBand,
    /// VAT included, in öre, per `per`.
    pub price_minor: i64,
    /// `slot` or `hour` (an hourly price is prorated to the slot's length).
    pub per: String,
}

/// A draft of rules to price one slot with before saving them: what a
/// person of `category` would pay for `court_id` at `date` `time` on the
/// venue's clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RulesPreview {
    pub rules: RuleSet,
    pub court_id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-08"))]
    pub date: chrono::NaiveDate,
    /// `HH:MM` on the venue's clock.
    pub time: String,
    #[serde(default)]
    pub category: CustomerCategory,
}

/// The cancellation terms of one booking, fixed when it is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancellationTerms {
    /// Cancelling before this instant refunds everything.
    pub free_until: DateTime<Utc>,
    /// The same instant on the venue's clock (`YYYY-MM-DDTHH:MM:SS`), as the
    /// slot's own times are: what a player reads, whatever zone their phone
    /// is in. Absent from servers older than this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-12-05T18:00:00"))]
    pub free_until_local: Option<chrono::NaiveDateTime>,
    /// Kept when cancelling after `free_until` (and before the start).
    pub late_fee: Money,
    /// Refunded when cancelling after `free_until`.
    pub late_refund: Money,
}

/// The price of one slot for the caller, shown before paying; the booking
/// charges exactly `price`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    pub court_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub category: CustomerCategory,
    /// Peak or off-peak, when a tariff priced it (absent: the court's price).
    pub band: Option<TimeBand>,
    /// What will be charged, VAT included.
    pub price: Money,
    /// The VAT included in `price`.
    pub vat: Money,
    pub vat_basis_points: u32,
    pub cancellation: CancellationTerms,
}

/// How a cancellation ended for the money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancellationOutcome {
    pub cancelled_at: DateTime<Utc>,
    /// Cancelled after the free-cancellation deadline.
    pub late: bool,
    /// What had been paid when it was cancelled (zero for an unpaid hold).
    pub paid: Money,
    /// Kept as the late-cancellation fee.
    pub fee: Money,
    /// Given back.
    pub refund: Money,
    /// `none` (nothing to refund), `pending` (asked of the payment
    /// provider, not yet done) or `succeeded`.
    pub refund_status: String,
    /// Set when the venue cancelled it by closing the court (then the
    /// refund is in full, whatever the deadline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure_reason: Option<crate::operator::ClosureReason>,
}

/// The seller on a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Seller {
    pub name: String,
    pub address: String,
    /// Organisation number (organisationsnummer), when the venue's rules give one.
    pub org_number: Option<String>,
}

/// One line of a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptLine {
    pub description: String,
    pub quantity: u32,
    /// VAT included.
    pub unit_price: Money,
    pub vat_basis_points: u32,
    pub net: Money,
    pub vat: Money,
    pub total: Money,
}

/// A receipt (kvitto) for a paid booking. VAT is part of the price:
/// `vat = total − round(total / (1 + rate))`, `net = total − vat`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    pub receipt_number: String,
    /// When it was paid.
    pub date: DateTime<Utc>,
    pub seller: Seller,
    pub booking_id: Uuid,
    pub booking_status: BookingStatus,
    pub venue_name: String,
    pub court_name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub customer_name: String,
    pub category: CustomerCategory,
    pub band: Option<TimeBand>,
    pub lines: Vec<ReceiptLine>,
    /// Total excluding VAT.
    pub net: Money,
    pub vat_basis_points: u32,
    pub vat: Money,
    /// Total including VAT.
    pub total: Money,
    pub paid: Money,
    pub refunded: Money,
    /// Set when the booking was cancelled.
    pub cancellation: Option<CancellationOutcome>,
}

/// The VAT part of a VAT-inclusive amount in öre, rounded to the nearest
/// öre (half away from zero): `total − round(total / (1 + rate))`.
pub fn vat_included(total_minor: i64, vat_basis_points: u32) -> i64 {
    let total = i128::from(total_minor);
    let divisor = 10_000 + i128::from(vat_basis_points);
    let scaled = total.abs() * 10_000;
    let net_abs = (2 * scaled + divisor) / (2 * divisor);
    let net = if total < 0 { -net_abs } else { net_abs };
    (total - net) as i64
}

/// A rate in basis points as Swedish text: `6 %`, `12,5 %`.
pub fn percent_sv(basis_points: u32) -> String {
    let (whole, frac) = (basis_points / 100, basis_points % 100);
    if frac == 0 {
        format!("{whole}\u{a0}%")
    } else if frac % 10 == 0 {
        format!("{whole},{}\u{a0}%", frac / 10)
    } else {
        format!("{whole},{frac:02}\u{a0}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vat_is_the_included_part_rounded_to_the_ore() {
        // 6 %: 150 kr = 141,51 + 8,49.
        assert_eq!(vat_included(15000, 600), 849);
        // 100 kr: 100 / 1.06 = 94.3396… → 94,34; VAT 5,66.
        assert_eq!(vat_included(10000, 600), 566);
        // 25 %: 125 kr = 100 + 25, exactly.
        assert_eq!(vat_included(12500, 2500), 2500);
        // Half an öre rounds up the net: 53 öre / 1.06 = 50.0 → VAT 3.
        assert_eq!(vat_included(53, 600), 3);
        // 1 öre / 1.06 = 0.943… → net 1, VAT 0.
        assert_eq!(vat_included(1, 600), 0);
        assert_eq!(vat_included(0, 600), 0);
        assert_eq!(vat_included(15000, 0), 0);
        // Refunds (negative) mirror payments.
        assert_eq!(vat_included(-15000, 600), -849);
        // Net + VAT always adds back up.
        for total in 0..5000 {
            let vat = vat_included(total, 600);
            let net = total - vat;
            assert!((net * 10600 - total * 10000).abs() <= 5300, "{total}");
        }
    }

    #[test]
    fn late_fees() {
        assert_eq!(
            LateCancellation::FeePercent { percent: 50 }.fee_minor(15000),
            7500
        );
        assert_eq!(
            LateCancellation::FeePercent { percent: 50 }.fee_minor(15001),
            7501
        );
        assert_eq!(
            LateCancellation::FeePercent { percent: 150 }.fee_minor(100),
            100
        );
        assert_eq!(
            LateCancellation::Fee { amount_minor: 5000 }.fee_minor(15000),
            5000
        );
        assert_eq!(
            LateCancellation::Fee {
                amount_minor: 50000
            }
            .fee_minor(15000),
            15000
        );
        assert_eq!(LateCancellation::NoRefund.fee_minor(15000), 15000);
    }

    #[test]
    fn categories_round_trip() {
        for c in CustomerCategory::ALL {
            assert_eq!(CustomerCategory::parse(c.as_str()), Some(c));
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                format!("\"{}\"", c.as_str())
            );
        }
        assert_eq!(percent_sv(600), "6\u{a0}%");
        assert_eq!(percent_sv(1250), "12,5\u{a0}%");
    }
}
