//! The rules form's state: every field as the text a person typed, read
//! into a [`RuleSet`] only when they save or preview. Mistakes the page can
//! see itself (a price that is no number, a band ending before it starts,
//! two bands that overlap) are named here with the server's field names
//! (`tariffs[1].price_minor`), so the server's 422 and these land on the
//! same field.

use shared::rules::{LateCancellation, RuleSet, TariffRule, TimeBand};
use shared::CustomerCategory;

use crate::i18n::msg;

/// One tariff band being edited; `key` keeps a row's identity while rows
/// are added and removed.
#[derive(Clone, Debug, PartialEq)]
pub struct BandDraft {
    pub key: u32,
    /// `all`, or a court id.
    pub court: String,
    pub category: String,
    /// ISO weekday digits, `12345` for Monday to Friday.
    pub weekdays: String,
    pub from: String,
    pub to: String,
    pub band: String,
    /// Kronor, as typed (`180` or `180,50`).
    pub price: String,
    pub per: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub notice_minutes: String,
    pub days_ahead: String,
    /// Empty: no limit.
    pub limit: String,
    pub deadline_hours: String,
    /// `fee_percent`, `fee` or `no_refund`.
    pub policy: String,
    /// A percentage, or kronor for a fixed fee.
    pub fee: String,
    /// Basis points, `600` for 6 %.
    pub vat: String,
    pub bands: Vec<BandDraft>,
    next_key: u32,
}

use crate::pages::operator::form::{kronor, parse_kronor, Mistake};

/// `HH:MM` as minutes; `24:00` only as an end.
fn clock(text: &str, end: bool) -> Option<u32> {
    let (h, m) = text.trim().split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let minutes = h * 60 + m;
    (m < 60 && (minutes < 1440 || (end && minutes == 1440))).then_some(minutes)
}

impl Draft {
    pub fn from_set(set: &RuleSet) -> Draft {
        let (policy, fee) = match &set.late_cancellation {
            LateCancellation::FeePercent { percent } => ("fee_percent", percent.to_string()),
            LateCancellation::Fee { amount_minor } => ("fee", kronor(*amount_minor)),
            LateCancellation::NoRefund => ("no_refund", String::new()),
        };
        let bands: Vec<BandDraft> = set
            .tariffs
            .iter()
            .zip(0u32..)
            .map(|(t, key)| BandDraft {
                key,
                court: t
                    .court_id
                    .map_or_else(|| "all".to_string(), |id| id.to_string()),
                category: t.category.as_str().to_string(),
                weekdays: t.weekdays.iter().map(|d| d.to_string()).collect(),
                from: t.from.clone(),
                to: t.to.clone(),
                band: t.band.as_str().to_string(),
                price: kronor(t.price_minor),
                per: t.per.clone(),
            })
            .collect();
        Draft {
            notice_minutes: set.min_notice_minutes.to_string(),
            days_ahead: set.max_days_ahead.to_string(),
            limit: set
                .max_active_bookings
                .map(|n| n.to_string())
                .unwrap_or_default(),
            deadline_hours: set.cancel_deadline_hours.to_string(),
            policy: policy.to_string(),
            fee,
            vat: set.vat_basis_points.to_string(),
            next_key: u32::try_from(bands.len()).unwrap_or(0),
            bands,
        }
    }

    /// A new band under the others: every day, all day, off-peak, per hour.
    pub fn add_band(&mut self) {
        self.bands.push(BandDraft {
            key: self.next_key,
            court: "all".into(),
            category: CustomerCategory::Adult.as_str().into(),
            weekdays: "1234567".into(),
            from: "00:00".into(),
            to: "24:00".into(),
            band: TimeBand::OffPeak.as_str().into(),
            price: String::new(),
            per: "hour".into(),
        });
        self.next_key += 1;
    }

    /// The rule set, or every mistake found (the first is focused).
    pub fn to_set(&self) -> Result<RuleSet, Vec<Mistake>> {
        let mut mistakes: Vec<Mistake> = Vec::new();
        let mut number = |text: &str, field: &str, max: u32, message: &str| -> u32 {
            match text.trim().parse::<u32>() {
                Ok(n) if n <= max => n,
                _ => {
                    mistakes.push((field.to_string(), message.to_string()));
                    0
                }
            }
        };
        let min_notice_minutes = number(
            &self.notice_minutes,
            "min_notice_minutes",
            525_600,
            msg::rules_error_notice(),
        );
        let max_days_ahead = number(
            &self.days_ahead,
            "max_days_ahead",
            366,
            msg::rules_error_days_ahead(),
        );
        let max_active_bookings = if self.limit.trim().is_empty() {
            None
        } else {
            Some(number(
                &self.limit,
                "max_active_bookings",
                1000,
                msg::rules_error_limit(),
            ))
        };
        let cancel_deadline_hours = number(
            &self.deadline_hours,
            "cancel_deadline_hours",
            8_760,
            msg::rules_error_deadline(),
        );
        let vat_basis_points = number(&self.vat, "vat_basis_points", 2_500, msg::rules_error_vat());
        let late_cancellation = match self.policy.as_str() {
            "fee" => LateCancellation::Fee {
                amount_minor: parse_kronor(&self.fee).unwrap_or_else(|| {
                    mistakes.push((
                        "late_cancellation.amount_minor".into(),
                        msg::rules_error_fee_amount().into(),
                    ));
                    0
                }),
            },
            "no_refund" => LateCancellation::NoRefund,
            _ => LateCancellation::FeePercent {
                percent: match self.fee.trim().parse::<u32>() {
                    Ok(p) if p <= 100 => p,
                    _ => {
                        mistakes.push((
                            "late_cancellation.percent".into(),
                            msg::rules_error_fee_percent().into(),
                        ));
                        0
                    }
                },
            },
        };
        if max_days_ahead == 0 && !mistakes.iter().any(|(f, _)| f == "max_days_ahead") {
            mistakes.push((
                "max_days_ahead".into(),
                msg::rules_error_days_ahead().into(),
            ));
        }
        if max_active_bookings == Some(0)
            && !mistakes.iter().any(|(f, _)| f == "max_active_bookings")
        {
            mistakes.push((
                "max_active_bookings".into(),
                msg::rules_error_limit().into(),
            ));
        }
        let mut tariffs: Vec<TariffRule> = Vec::new();
        let mut spans: Vec<Option<(u32, u32)>> = Vec::new();
        for (i, b) in self.bands.iter().enumerate() {
            let field = |name: &str| format!("tariffs[{i}].{name}");
            let from = clock(&b.from, false);
            let to = clock(&b.to, true);
            if from.is_none() {
                mistakes.push((field("from"), msg::rules_error_time().into()));
            }
            match (from, to) {
                (_, None) => mistakes.push((field("to"), msg::rules_error_time().into())),
                (Some(f), Some(t)) if t <= f => {
                    mistakes.push((field("to"), msg::rules_error_to().into()))
                }
                _ => {}
            }
            let span = from.zip(to).filter(|(f, t)| f < t);
            let price_minor = parse_kronor(&b.price).unwrap_or_else(|| {
                mistakes.push((field("price_minor"), msg::rules_error_price().into()));
                0
            });
            let rule = TariffRule {
                court_id: b.court.parse().ok(),
                category: CustomerCategory::parse(&b.category).unwrap_or_default(),
                weekdays: b.weekdays.bytes().map(|d| d.wrapping_sub(b'0')).collect(),
                from: b.from.trim().to_string(),
                to: b.to.trim().to_string(),
                band: TimeBand::parse(&b.band).unwrap_or(TimeBand::OffPeak),
                price_minor,
                per: b.per.clone(),
            };
            if let Some((f, t)) = span {
                let clash = tariffs.iter().zip(&spans).position(|(other, s)| {
                    s.is_some_and(|(of, ot)| of < t && f < ot)
                        && other.court_id == rule.court_id
                        && other.category == rule.category
                        && other.weekdays.iter().any(|d| rule.weekdays.contains(d))
                });
                if let Some(j) = clash {
                    mistakes.push((field("from"), msg::rules_error_overlap(j as i64 + 1)));
                }
            }
            tariffs.push(rule);
            spans.push(span);
        }
        if !mistakes.is_empty() {
            return Err(mistakes);
        }
        Ok(RuleSet {
            min_notice_minutes,
            max_days_ahead,
            max_active_bookings,
            cancel_deadline_hours,
            late_cancellation,
            vat_basis_points,
            tariffs,
        })
    }
}

/// The message for a field the server named, when the page did not see
/// the mistake itself.
pub fn server_mistake(field: &str) -> Option<String> {
    let suffix = field.rsplit('.').next().unwrap_or(field);
    let text = match suffix {
        "min_notice_minutes" => msg::rules_error_notice(),
        "max_days_ahead" => msg::rules_error_days_ahead(),
        "max_active_bookings" => msg::rules_error_limit(),
        "cancel_deadline_hours" => msg::rules_error_deadline(),
        "vat_basis_points" => msg::rules_error_vat(),
        "amount_minor" => msg::rules_error_fee_amount(),
        "percent" => msg::rules_error_fee_percent(),
        "from" => msg::rules_error_from_server(),
        "to" => msg::rules_error_to(),
        "price_minor" => msg::rules_error_price(),
        "court_id" => msg::rules_error_court(),
        "weekdays" | "per" | "tariffs" => msg::rules_error_band(),
        _ => return None,
    };
    Some(text.to_string())
}
