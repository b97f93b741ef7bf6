//! The figures of a venue's period from its slots and its bookings: a pure
//! function, so a hand-computed fixture can check every definition (what
//! counts as open, booked, used, a no-show, a cancellation, revenue).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use shared::operator::{Figures, Slice, VenueStatistics};

use crate::{availability::hours::Schedule, venues::store::CourtRow};

/// A paid booking (confirmed, or cancelled after it was paid) as counted.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Counted {
    pub court_id: i64,
    pub starts_at: i64,
    /// As booked (a no-show's cut-back end undone).
    pub ends_at: i64,
    pub status: String,
    pub price_minor: i64,
    pub refund_minor: Option<i64>,
    pub checked_in_at: Option<i64>,
    pub no_show_at: Option<i64>,
    pub category: String,
}

#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    open_min: i64,
    booked_min: i64,
    used_min: i64,
    bookings: i64,
    no_shows: i64,
    cancellations: i64,
    paid_minor: i64,
    refunds_minor: i64,
}

fn hours(minutes: i64) -> f64 {
    (minutes as f64 / 60.0 * 100.0).round() / 100.0
}

impl Tally {
    fn figures(self) -> Figures {
        Figures {
            open_hours: hours(self.open_min),
            booked_hours: hours(self.booked_min),
            used_hours: hours(self.used_min),
            bookings: self.bookings,
            no_shows: self.no_shows,
            cancellations: self.cancellations,
            utilisation_percent: if self.open_min > 0 {
                (self.booked_min as f64 * 10_000.0 / self.open_min as f64).round() / 100.0
            } else {
                0.0
            },
            revenue_minor: self.paid_minor - self.refunds_minor,
            refunds_minor: self.refunds_minor,
        }
    }

    fn count(&mut self, b: &Counted) {
        let minutes = (b.ends_at - b.starts_at).max(0) / 60;
        self.paid_minor += b.price_minor;
        if b.status == "cancelled" {
            self.cancellations += 1;
            self.refunds_minor += b.refund_minor.unwrap_or(0);
            return;
        }
        self.bookings += 1;
        self.booked_min += minutes;
        if b.checked_in_at.is_some() {
            self.used_min += minutes;
        }
        if b.no_show_at.is_some() {
            self.no_shows += 1;
        }
    }
}

/// What a period's numbers are made of.
pub struct Period<'a> {
    pub venue_id: i64,
    pub tz: Tz,
    pub schedule: &'a Schedule,
    pub courts: &'a [CourtRow],
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Weekday names, Monday first, and category names, in the asker's language.
    pub weekday_names: [&'a str; 7],
    pub category_name: fn(&str) -> String,
}

/// The figures of `period` from its paid bookings `counted`.
pub fn statistics(period: &Period<'_>, counted: &[Counted]) -> VenueStatistics {
    let tz = period.tz;
    let mut total = Tally::default();
    let mut by_court: BTreeMap<i64, Tally> = period
        .courts
        .iter()
        .map(|c| (c.id, Tally::default()))
        .collect();
    let mut by_weekday: BTreeMap<u32, Tally> = (1..=7).map(|d| (d, Tally::default())).collect();
    let mut by_hour: BTreeMap<u32, Tally> = BTreeMap::new();
    let mut by_category: BTreeMap<String, Tally> = BTreeMap::new();
    let local = |seconds: i64| {
        DateTime::<Utc>::from_timestamp(seconds, 0)
            .unwrap_or_default()
            .with_timezone(&tz)
    };

    for court in period.courts {
        let mut date = period.from;
        while date <= period.to {
            for slot in period.schedule.day_slots(date, court.slot_rule()) {
                let minutes = (slot.ends_at - slot.starts_at).num_minutes();
                let start = slot.starts_at.with_timezone(&tz);
                for tally in [
                    Some(&mut total),
                    by_court.get_mut(&court.id),
                    by_weekday.get_mut(&start.weekday().number_from_monday()),
                    Some(by_hour.entry(start.hour()).or_default()),
                ]
                .into_iter()
                .flatten()
                {
                    tally.open_min += minutes;
                }
            }
            let Some(next) = date.succ_opt() else { break };
            date = next;
        }
    }
    for b in counted {
        let start = local(b.starts_at);
        for tally in [
            Some(&mut total),
            by_court.get_mut(&b.court_id),
            by_weekday.get_mut(&start.weekday().number_from_monday()),
            Some(by_hour.entry(start.hour()).or_default()),
            Some(by_category.entry(b.category.clone()).or_default()),
        ]
        .into_iter()
        .flatten()
        {
            tally.count(b);
        }
    }
    let court_name = |id: i64| {
        period
            .courts
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    VenueStatistics {
        venue_id: period.venue_id,
        from: period.from,
        to: period.to,
        totals: total.figures(),
        by_court: by_court
            .into_iter()
            .map(|(id, t)| Slice {
                key: id.to_string(),
                label: court_name(id),
                figures: t.figures(),
            })
            .collect(),
        by_weekday: by_weekday
            .into_iter()
            .map(|(d, t)| Slice {
                key: d.to_string(),
                label: period.weekday_names[(d as usize).clamp(1, 7) - 1].to_string(),
                figures: t.figures(),
            })
            .collect(),
        by_hour: by_hour
            .into_iter()
            .map(|(h, t)| Slice {
                key: h.to_string(),
                label: format!("{h:02}:00–{:02}:00", (h + 1) % 24),
                figures: t.figures(),
            })
            .collect(),
        by_category: by_category
            .into_iter()
            .map(|(c, t)| Slice {
                label: (period.category_name)(&c),
                key: c,
                figures: t.figures(),
            })
            .collect(),
    }
}

/// The statistics as CSV (RFC 4180, UTF-8, a header line): one line per
/// slice, `dimension` saying which (`total`, `court`, `weekday`, `hour`,
/// `category`), hours with a decimal point, money in kronor.
pub fn csv(stats: &VenueStatistics) -> String {
    fn field(text: &str) -> String {
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        }
    }
    fn kronor(minor: i64) -> String {
        format!("{}.{:02}", minor / 100, (minor % 100).abs())
    }
    let mut out = String::from(
        "dimension,key,label,open_hours,booked_hours,used_hours,bookings,no_shows,cancellations,utilisation_percent,revenue_kr,refunds_kr\r\n",
    );
    let mut line = |dimension: &str, key: &str, label: &str, f: &Figures| {
        out.push_str(&format!(
            "{dimension},{},{},{},{},{},{},{},{},{},{},{}\r\n",
            field(key),
            field(label),
            f.open_hours,
            f.booked_hours,
            f.used_hours,
            f.bookings,
            f.no_shows,
            f.cancellations,
            f.utilisation_percent,
            kronor(f.revenue_minor),
            kronor(f.refunds_minor),
        ));
    };
    line("total", "", "", &stats.totals);
    for (dimension, slices) in [
        ("court", &stats.by_court),
        ("weekday", &stats.by_weekday),
        ("hour", &stats.by_hour),
        ("category", &stats.by_category),
    ] {
        for s in slices {
            line(dimension, &s.key, &s.label, &s.figures);
        }
    }
    out
}
