//! A venue's rules as an operator changes them ([`RuleSet`]): checked
//! field by field into the rows `store::replace_in` writes, each mistake a
//! 422 naming the field (`tariffs[2].price_minor`) with a sentence a
//! person can act on. Nothing is written until all of it passes.

use shared::rules::{LateCancellation, RuleSet, TariffRule};

use super::{
    store::{RulesRow, TariffRow},
    Rules,
};
use crate::error::{AppError, AppResult};

/// More bands than any venue needs; a longer list is a mistake.
const MAX_TARIFFS: usize = 200;
/// 100 000 kr: a price above it is a typo.
const MAX_PRICE_MINOR: i64 = 10_000_000;
/// 25 %, Sweden's highest VAT rate.
const MAX_VAT_BASIS_POINTS: u32 = 2_500;

/// A rule set that passed its checks, as rows.
#[derive(Debug, Clone)]
pub struct Checked {
    pub row: RulesRow,
    pub tariffs: Vec<TariffRow>,
}

impl Checked {
    /// These rules as [`Rules`] prices and terms them (for the preview).
    pub fn rules(&self) -> Rules {
        Rules::from_row(self.row.clone(), self.tariffs.clone())
    }
}

/// `HH:MM` as minutes after midnight; `24:00` only as an end.
fn clock(text: &str, field: &str, end: bool) -> AppResult<i64> {
    let bad = || {
        AppError::invalid(
            field,
            "Write the time as HH:MM on the venue's clock, for example 17:00.",
        )
    };
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 {
        return Err(bad());
    }
    let (h, m): (i64, i64) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    let minutes = h * 60 + m;
    if m >= 60 || minutes > 1440 || (minutes == 1440 && !end) {
        return Err(bad());
    }
    Ok(minutes)
}

/// Checks `set` for venue `venue_id`, whose courts are `courts`.
pub fn check(venue_id: i64, set: &RuleSet, courts: &[i64]) -> AppResult<Checked> {
    if set.min_notice_minutes > 525_600 {
        return Err(AppError::invalid(
            "min_notice_minutes",
            "The notice can be at most a year (525 600 minutes).",
        ));
    }
    if !(1..=366).contains(&set.max_days_ahead) {
        return Err(AppError::invalid(
            "max_days_ahead",
            "Bookings can open between 1 and 366 days ahead.",
        ));
    }
    if set.max_active_bookings == Some(0) {
        return Err(AppError::invalid(
            "max_active_bookings",
            "Allow at least one booking per person, or leave the limit out.",
        ));
    }
    if set.cancel_deadline_hours > 8_760 {
        return Err(AppError::invalid(
            "cancel_deadline_hours",
            "The cancellation deadline can be at most a year (8 760 hours) before the start.",
        ));
    }
    if set.vat_basis_points > MAX_VAT_BASIS_POINTS {
        return Err(AppError::invalid(
            "vat_basis_points",
            "VAT can be at most 25 % (2 500 basis points).",
        ));
    }
    let (policy, fee_minor, fee_percent) = match &set.late_cancellation {
        LateCancellation::Fee { amount_minor } => {
            if !(0..=MAX_PRICE_MINOR).contains(amount_minor) {
                return Err(AppError::invalid(
                    "late_cancellation.amount_minor",
                    "The late-cancellation fee cannot be negative or above 100 000 kr.",
                ));
            }
            ("fee_minor", *amount_minor, 0)
        }
        LateCancellation::FeePercent { percent } => {
            if *percent > 100 {
                return Err(AppError::invalid(
                    "late_cancellation.percent",
                    "The late-cancellation fee is a share of the price: 0 to 100 %.",
                ));
            }
            ("fee_percent", 0, i64::from(*percent))
        }
        LateCancellation::NoRefund => ("no_refund", 0, 0),
    };
    if set.tariffs.len() > MAX_TARIFFS {
        return Err(AppError::invalid(
            "tariffs",
            format!("At most {MAX_TARIFFS} tariff bands per venue."),
        ));
    }
    let mut tariffs: Vec<TariffRow> = Vec::with_capacity(set.tariffs.len());
    for (i, tariff) in set.tariffs.iter().enumerate() {
        let row = check_tariff(venue_id, i, tariff, courts)?;
        if let Some(j) = tariffs.iter().position(|other| overlaps(other, &row)) {
            return Err(AppError::invalid(
                &format!("tariffs[{i}].from"),
                format!(
                    "Band {} overlaps band {} for the same court and category on a shared weekday; \
                     make them meet (one ends when the next starts) instead.",
                    i + 1,
                    j + 1
                ),
            ));
        }
        tariffs.push(row);
    }
    Ok(Checked {
        row: RulesRow {
            venue_id,
            min_notice_minutes: i64::from(set.min_notice_minutes),
            max_days_ahead: i64::from(set.max_days_ahead),
            max_active_bookings: set.max_active_bookings.map(i64::from),
            cancel_deadline_hours: i64::from(set.cancel_deadline_hours),
            late_cancel_policy: policy.to_string(),
            late_cancel_fee_minor: fee_minor,
            late_cancel_fee_percent: fee_percent,
            vat_basis_points: i64::from(set.vat_basis_points),
            seller_name: String::new(),
            seller_address: String::new(),
            seller_org_number: String::new(),
            version: 0,
        },
        tariffs,
    })
}

fn check_tariff(venue_id: i64, i: usize, t: &TariffRule, courts: &[i64]) -> AppResult<TariffRow> {
    let field = |name: &str| format!("tariffs[{i}].{name}");
    if let Some(court) = t.court_id {
        if !courts.contains(&court) {
            return Err(AppError::invalid(
                &field("court_id"),
                "This venue has no such court.",
            ));
        }
    }
    let mut days = t.weekdays.clone();
    days.sort_unstable();
    days.dedup();
    if days.is_empty() || days.iter().any(|d| !(1..=7).contains(d)) {
        return Err(AppError::invalid(
            &field("weekdays"),
            "Pick at least one weekday, 1 (Monday) to 7 (Sunday).",
        ));
    }
    let starts_min = clock(&t.from, &field("from"), false)?;
    let ends_min = clock(&t.to, &field("to"), true)?;
    if ends_min <= starts_min {
        return Err(AppError::invalid(
            &field("to"),
            "A band must end after it starts (24:00 is midnight).",
        ));
    }
    if t.price_minor < 0 {
        return Err(AppError::invalid(
            &field("price_minor"),
            "A price cannot be negative.",
        ));
    }
    if t.price_minor > MAX_PRICE_MINOR {
        return Err(AppError::invalid(
            &field("price_minor"),
            "A price above 100 000 kr is surely a typo.",
        ));
    }
    if t.per != "slot" && t.per != "hour" {
        return Err(AppError::invalid(
            &field("per"),
            "A price is per slot (\"slot\") or per hour (\"hour\").",
        ));
    }
    Ok(TariffRow {
        id: 0,
        venue_id,
        court_id: t.court_id,
        category: t.category.as_str().to_string(),
        weekdays: days.iter().map(|d| d.to_string()).collect(),
        starts_min,
        ends_min,
        band: t.band.as_str().to_string(),
        price_minor: t.price_minor,
        per: t.per.clone(),
    })
}

/// Two bands one slot could fall in: the same court (or both the whole
/// venue), the same category, a shared weekday, overlapping times. A
/// court's own band over the venue's is not an overlap: it wins there.
fn overlaps(a: &TariffRow, b: &TariffRow) -> bool {
    a.court_id == b.court_id
        && a.category == b.category
        && a.weekdays
            .bytes()
            .any(|d| b.weekdays.as_bytes().contains(&d))
        && a.starts_min < b.ends_min
        && b.starts_min < a.ends_min
}

/// A venue's stored rules as the operator edits them.
pub fn to_set(rules: &Rules) -> RuleSet {
    let hm = |m: i64| format!("{:02}:{:02}", m / 60, m % 60);
    RuleSet {
        min_notice_minutes: u32::try_from(rules.min_notice_minutes).unwrap_or(0),
        max_days_ahead: u32::try_from(rules.max_days_ahead).unwrap_or(1),
        max_active_bookings: rules
            .max_active_bookings
            .and_then(|n| u32::try_from(n).ok()),
        cancel_deadline_hours: u32::try_from(rules.cancel_deadline_hours).unwrap_or(0),
        late_cancellation: rules.late_cancellation.clone(),
        vat_basis_points: rules.vat_basis_points,
        tariffs: rules
            .tariffs
            .iter()
            .filter_map(|t| {
                Some(TariffRule {
                    court_id: t.court_id,
                    category: shared::CustomerCategory::parse(&t.category)?,
                    weekdays: t.weekdays.bytes().map(|d| d.wrapping_sub(b'0')).collect(),
                    from: hm(t.starts_min),
                    to: hm(t.ends_min),
                    band: shared::rules::TimeBand::parse(&t.band)?,
                    price_minor: t.price_minor,
                    per: t.per.clone(),
                })
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::{rules::TimeBand, CustomerCategory};

    fn band(from: &str, to: &str, days: &[u8]) -> TariffRule {
        TariffRule {
            court_id: None,
            category: CustomerCategory::Adult,
            weekdays: days.to_vec(),
            from: from.into(),
            to: to.into(),
            band: TimeBand::Peak,
            price_minor: 20000,
            per: "hour".into(),
        }
    }

    fn set(tariffs: Vec<TariffRule>) -> RuleSet {
        RuleSet {
            min_notice_minutes: 0,
            max_days_ahead: 90,
            max_active_bookings: None,
            cancel_deadline_hours: 24,
            late_cancellation: LateCancellation::FeePercent { percent: 50 },
            vat_basis_points: 600,
            tariffs,
        }
    }

    fn field(result: AppResult<Checked>) -> String {
        match result {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("expected a 422, got {other:?}"),
        }
    }

    #[test]
    fn bands_that_meet_pass_and_bands_that_overlap_do_not() {
        let meet = set(vec![
            band("00:00", "17:00", &[1, 2]),
            band("17:00", "24:00", &[1, 2]),
        ]);
        let checked = check(1, &meet, &[]).unwrap();
        assert_eq!(checked.tariffs[1].ends_min, 1440);
        assert_eq!(checked.tariffs[0].weekdays, "12");
        let overlap = set(vec![
            band("08:00", "18:00", &[1, 2]),
            band("17:00", "21:00", &[2, 3]),
        ]);
        assert_eq!(field(check(1, &overlap, &[])), "tariffs[1].from");
        // Other weekdays, another category or a court's own band: no overlap.
        let apart = set(vec![
            band("08:00", "18:00", &[1]),
            band("17:00", "21:00", &[2]),
        ]);
        assert!(check(1, &apart, &[]).is_ok());
        let mut court = band("08:00", "18:00", &[1]);
        court.court_id = Some(7);
        let layered = set(vec![band("00:00", "24:00", &[1]), court]);
        assert!(check(1, &layered, &[7]).is_ok());
    }

    #[test]
    fn each_mistake_names_its_field() {
        let mut negative = band("08:00", "09:00", &[1]);
        negative.price_minor = -1;
        assert_eq!(
            field(check(1, &set(vec![negative]), &[])),
            "tariffs[0].price_minor"
        );
        assert_eq!(
            field(check(1, &set(vec![band("18:00", "08:00", &[1])]), &[])),
            "tariffs[0].to"
        );
        assert_eq!(
            field(check(1, &set(vec![band("8", "09:00", &[1])]), &[])),
            "tariffs[0].from"
        );
        assert_eq!(
            field(check(1, &set(vec![band("24:00", "24:00", &[1])]), &[])),
            "tariffs[0].from"
        );
        assert_eq!(
            field(check(1, &set(vec![band("08:00", "09:00", &[0])]), &[])),
            "tariffs[0].weekdays"
        );
        assert_eq!(
            field(check(1, &set(vec![band("08:00", "09:00", &[])]), &[])),
            "tariffs[0].weekdays"
        );
        let mut elsewhere = band("08:00", "09:00", &[1]);
        elsewhere.court_id = Some(99);
        assert_eq!(
            field(check(1, &set(vec![elsewhere]), &[7])),
            "tariffs[0].court_id"
        );
        let mut per = band("08:00", "09:00", &[1]);
        per.per = "day".into();
        assert_eq!(field(check(1, &set(vec![per]), &[])), "tariffs[0].per");
        let mut rules = set(vec![]);
        rules.max_days_ahead = 0;
        assert_eq!(field(check(1, &rules, &[])), "max_days_ahead");
        let mut rules = set(vec![]);
        rules.late_cancellation = LateCancellation::FeePercent { percent: 101 };
        assert_eq!(field(check(1, &rules, &[])), "late_cancellation.percent");
        let mut rules = set(vec![]);
        rules.late_cancellation = LateCancellation::Fee { amount_minor: -5 };
        assert_eq!(
            field(check(1, &rules, &[])),
            "late_cancellation.amount_minor"
        );
        let mut rules = set(vec![]);
        rules.vat_basis_points = 3000;
        assert_eq!(field(check(1, &rules, &[])), "vat_basis_points");
        let mut rules = set(vec![]);
        rules.max_active_bookings = Some(0);
        assert_eq!(field(check(1, &rules, &[])), "max_active_bookings");
    }

    #[test]
    fn stored_rules_read_back_as_they_were_set() {
        let original = set(vec![
            band("00:00", "17:00", &[5, 1]),
            band("17:00", "24:00", &[1, 5]),
        ]);
        let checked = check(1, &original, &[]).unwrap();
        let back = to_set(&checked.rules());
        assert_eq!(back.tariffs[0].weekdays, vec![1, 5], "weekdays sorted");
        assert_eq!(back.tariffs[1].to, "24:00");
        assert_eq!(back.late_cancellation, original.late_cancellation);
        assert_eq!(back.cancel_deadline_hours, 24);
    }
}
