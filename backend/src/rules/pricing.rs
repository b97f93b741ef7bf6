//! Pricing a slot: the tariff whose local time band covers the slot's start
//! (on that local weekday, in the venue's zone), for the booker's category.
//!
//! The lookup is on the wall clock of the slot's *start instant*, so DST
//! needs no special case: the spring-forward gap has no slot starts, and a
//! slot in the autumn fold is priced by the clock time it starts at.

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;
use shared::{rules::TimeBand, CustomerCategory};

use super::store::TariffRow;

/// A slot's price, VAT included, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Priced {
    pub total_minor: i64,
    /// `None`: no tariff matched; the court's own price.
    pub band: Option<TimeBand>,
}

/// Local ISO weekday and minute after midnight of an instant.
fn local_clock(tz: Tz, at: DateTime<Utc>) -> (u8, i64) {
    let local = at.with_timezone(&tz);
    (
        local.weekday().number_from_monday() as u8,
        i64::from(local.hour() * 60 + local.minute()),
    )
}

impl TariffRow {
    fn covers(&self, court_id: i64, category: CustomerCategory, weekday: u8, minute: i64) -> bool {
        self.court_id.is_none_or(|c| c == court_id)
            && self.category == category.as_str()
            && self
                .weekdays
                .bytes()
                .any(|d| d.wrapping_sub(b'0') == weekday)
            && self.starts_min <= minute
            && minute < self.ends_min
    }

    /// This tariff's price for a slot of `slot_minutes`: per slot as is, per
    /// hour prorated and rounded to the nearest öre.
    fn price_for(&self, slot_minutes: i64) -> i64 {
        if self.per == "hour" {
            (self.price_minor * slot_minutes + 30) / 60
        } else {
            self.price_minor
        }
    }
}

/// The tariff for `category` covering the slot start: a court's own tariff
/// before the venue's, a later one before an earlier.
fn matching(
    tariffs: &[TariffRow],
    court_id: i64,
    category: CustomerCategory,
    weekday: u8,
    minute: i64,
) -> Option<&TariffRow> {
    let covering = || {
        tariffs
            .iter()
            .rev()
            .filter(move |t| t.covers(court_id, category, weekday, minute))
    };
    covering()
        .find(|t| t.court_id.is_some())
        .or_else(|| covering().next())
}

/// Prices a slot. A category without a tariff of its own pays the adult
/// tariff; without any tariff, the court's price.
pub fn price(
    tariffs: &[TariffRow],
    tz: Tz,
    court_id: i64,
    court_price_minor: i64,
    slot_minutes: i64,
    starts_at: DateTime<Utc>,
    category: CustomerCategory,
) -> Priced {
    let (weekday, minute) = local_clock(tz, starts_at);
    let tariff = matching(tariffs, court_id, category, weekday, minute)
        .or_else(|| matching(tariffs, court_id, CustomerCategory::Adult, weekday, minute));
    match tariff {
        Some(t) => Priced {
            total_minor: t.price_for(slot_minutes),
            band: TimeBand::parse(&t.band),
        },
        None => Priced {
            total_minor: court_price_minor,
            band: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const TZ: Tz = chrono_tz::Europe::Stockholm;

    #[allow(clippy::too_many_arguments)]
    fn tariff(
        id: i64,
        court: Option<i64>,
        cat: &str,
        days: &str,
        from: i64,
        to: i64,
        band: &str,
        price: i64,
        per: &str,
    ) -> TariffRow {
        TariffRow {
            id,
            venue_id: 1,
            court_id: court,
            category: cat.into(),
            weekdays: days.into(),
            starts_min: from * 60,
            ends_min: to * 60,
            band: band.into(),
            price_minor: price,
            per: per.into(),
        }
    }

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        TZ.with_ymd_and_hms(y, m, d, h, min, 0)
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn umea() -> Vec<TariffRow> {
        vec![
            tariff(
                1, None, "adult", "1234567", 0, 24, "off_peak", 12000, "hour",
            ),
            tariff(2, None, "adult", "12345", 17, 21, "peak", 18000, "hour"),
            tariff(3, None, "youth", "1234567", 0, 24, "off_peak", 6000, "hour"),
            tariff(4, Some(7), "adult", "12345", 17, 21, "peak", 20000, "slot"),
        ]
    }

    #[test]
    fn peak_and_off_peak_by_local_time_and_weekday() {
        let t = umea();
        // Wednesday 2026-01-14: 16:00 off-peak, 17:00 and 20:00 peak, 21:00 off-peak.
        let p = |h| {
            price(
                &t,
                TZ,
                1,
                15000,
                60,
                at(2026, 1, 14, h, 0),
                CustomerCategory::Adult,
            )
        };
        assert_eq!(
            p(16),
            Priced {
                total_minor: 12000,
                band: Some(TimeBand::OffPeak)
            }
        );
        assert_eq!(
            p(17),
            Priced {
                total_minor: 18000,
                band: Some(TimeBand::Peak)
            }
        );
        assert_eq!(
            p(20),
            Priced {
                total_minor: 18000,
                band: Some(TimeBand::Peak)
            }
        );
        assert_eq!(p(21).band, Some(TimeBand::OffPeak));
        // Saturday 17:00: no peak at weekends.
        let sat = price(
            &t,
            TZ,
            1,
            15000,
            60,
            at(2026, 1, 17, 17, 0),
            CustomerCategory::Adult,
        );
        assert_eq!(sat.band, Some(TimeBand::OffPeak));
    }

    #[test]
    fn hourly_prices_are_prorated_and_court_tariffs_win() {
        let t = umea();
        let half = price(
            &t,
            TZ,
            1,
            15000,
            30,
            at(2026, 1, 14, 18, 30),
            CustomerCategory::Adult,
        );
        assert_eq!(half.total_minor, 9000);
        let ninety = price(
            &t,
            TZ,
            1,
            15000,
            90,
            at(2026, 1, 14, 10, 0),
            CustomerCategory::Adult,
        );
        assert_eq!(ninety.total_minor, 18000);
        let own = price(
            &t,
            TZ,
            7,
            15000,
            60,
            at(2026, 1, 14, 18, 0),
            CustomerCategory::Adult,
        );
        assert_eq!(own.total_minor, 20000);
    }

    #[test]
    fn categories_fall_back_to_adult_then_the_court_price() {
        let t = umea();
        let youth = price(
            &t,
            TZ,
            1,
            15000,
            60,
            at(2026, 1, 14, 18, 0),
            CustomerCategory::Youth,
        );
        assert_eq!(youth.total_minor, 6000);
        let senior = price(
            &t,
            TZ,
            1,
            15000,
            60,
            at(2026, 1, 14, 18, 0),
            CustomerCategory::Senior,
        );
        assert_eq!(senior.total_minor, 18000, "no senior tariff: the adult one");
        let none = price(
            &[],
            TZ,
            1,
            15000,
            60,
            at(2026, 1, 14, 18, 0),
            CustomerCategory::Youth,
        );
        assert_eq!(
            none,
            Priced {
                total_minor: 15000,
                band: None
            }
        );
    }

    #[test]
    fn dst_days_use_the_wall_clock_of_the_start() {
        let t = umea();
        // Spring forward, Friday 2026-03-27? (Sweden: last Sunday of March, 2026-03-29.)
        // On Monday 2026-03-30 (summer time) 17:00 local is 15:00 UTC: peak.
        let summer = Utc.with_ymd_and_hms(2026, 3, 30, 15, 0, 0).unwrap();
        assert_eq!(
            price(&t, TZ, 1, 15000, 60, summer, CustomerCategory::Adult).band,
            Some(TimeBand::Peak)
        );
        // The Friday before (winter time) 15:00 UTC is 16:00 local: off-peak.
        let winter = Utc.with_ymd_and_hms(2026, 3, 27, 15, 0, 0).unwrap();
        assert_eq!(
            price(&t, TZ, 1, 15000, 60, winter, CustomerCategory::Adult).band,
            Some(TimeBand::OffPeak)
        );
        // Fall back, Sunday 2026-10-25: both 02:30s are off-peak (and priced).
        let first = Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap();
        let second = Utc.with_ymd_and_hms(2026, 10, 25, 1, 30, 0).unwrap();
        for instant in [first, second] {
            assert_eq!(local_clock(TZ, instant), (7, 150));
            assert_eq!(
                price(&t, TZ, 1, 15000, 60, instant, CustomerCategory::Adult).total_minor,
                12000
            );
        }
    }
}
