//! The slot grid: which slots a court offers on a local date.
//!
//! Opening hours are local wall-clock times in the venue's zone; slots are
//! stored and compared as UTC instants. On the spring-forward day a local
//! time that does not exist is skipped; on the fall-back day an ambiguous
//! local time means its first occurrence.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// One slot of a court's grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridSlot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// Local opening hours of one day, in minutes since midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayHours {
    pub opens_min: u32,
    pub closes_min: u32,
}

/// ISO weekday (1 = Monday) of a date.
pub fn iso_weekday(date: NaiveDate) -> u8 {
    date.weekday().number_from_monday() as u8
}

/// The slots of `slot_minutes` each that fit in `hours` on `date`.
pub fn day_grid(tz: Tz, date: NaiveDate, hours: DayHours, slot_minutes: u32) -> Vec<GridSlot> {
    let mut slots = Vec::new();
    if slot_minutes == 0 {
        return slots;
    }
    let mut minute = hours.opens_min;
    while minute + slot_minutes <= hours.closes_min {
        if let Some(starts_at) = local_instant(tz, date, minute) {
            slots.push(GridSlot {
                starts_at,
                ends_at: starts_at + Duration::minutes(i64::from(slot_minutes)),
            });
        }
        minute += slot_minutes;
    }
    slots
}

/// The UTC instant of local `minute` after midnight on `date`, if it exists.
fn local_instant(tz: Tz, date: NaiveDate, minute: u32) -> Option<DateTime<Utc>> {
    let naive = if minute >= 24 * 60 {
        date.succ_opt()?.and_time(NaiveTime::MIN)
    } else {
        date.and_time(NaiveTime::from_hms_opt(minute / 60, minute % 60, 0)?)
    };
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|dt| dt.with_timezone(&Utc))
}

/// The UTC instants bounding a local date (23, 24 or 25 hours apart).
pub fn day_bounds(tz: Tz, date: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    Some((
        local_instant(tz, date, 0)?,
        local_instant(tz, date.succ_opt()?, 0)?,
    ))
}

/// `HH:MM` of an instant at the venue.
pub fn local_hm(tz: Tz, instant: DateTime<Utc>) -> String {
    instant.with_timezone(&tz).format("%H:%M").to_string()
}

/// The local date of an instant at the venue.
pub fn local_date(tz: Tz, instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&tz).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STOCKHOLM: Tz = chrono_tz::Europe::Stockholm;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_ordinary_winter_day() {
        let slots = day_grid(
            STOCKHOLM,
            d("2026-01-14"),
            DayHours {
                opens_min: 7 * 60,
                closes_min: 22 * 60,
            },
            60,
        );
        assert_eq!(slots.len(), 15);
        assert_eq!(slots[0].starts_at.to_rfc3339(), "2026-01-14T06:00:00+00:00");
        assert_eq!(slots[14].ends_at.to_rfc3339(), "2026-01-14T21:00:00+00:00");
        assert_eq!(local_hm(STOCKHOLM, slots[0].starts_at), "07:00");
    }

    #[test]
    fn summer_time_shifts_the_utc_instants() {
        let slots = day_grid(
            STOCKHOLM,
            d("2026-07-01"),
            DayHours {
                opens_min: 7 * 60,
                closes_min: 8 * 60 + 30,
            },
            30,
        );
        let starts: Vec<String> = slots
            .iter()
            .map(|s| local_hm(STOCKHOLM, s.starts_at))
            .collect();
        assert_eq!(starts, ["07:00", "07:30", "08:00"]);
        assert_eq!(slots[0].starts_at.to_rfc3339(), "2026-07-01T05:00:00+00:00");
    }

    #[test]
    fn spring_forward_day_skips_the_missing_hour() {
        // 2026-03-29: 02:00 local jumps to 03:00 in Stockholm.
        let slots = day_grid(
            STOCKHOLM,
            d("2026-03-29"),
            DayHours {
                opens_min: 0,
                closes_min: 24 * 60,
            },
            60,
        );
        assert_eq!(slots.len(), 23);
        assert!(slots
            .iter()
            .all(|s| local_hm(STOCKHOLM, s.starts_at) != "02:00"));
        let (start, end) = day_bounds(STOCKHOLM, d("2026-03-29")).unwrap();
        assert_eq!((end - start).num_hours(), 23);
        let evening = day_grid(
            STOCKHOLM,
            d("2026-03-29"),
            DayHours {
                opens_min: 7 * 60,
                closes_min: 22 * 60,
            },
            60,
        );
        assert_eq!(
            evening[0].starts_at.to_rfc3339(),
            "2026-03-29T05:00:00+00:00"
        );
    }

    #[test]
    fn fall_back_day_is_25_hours_and_slots_never_overlap() {
        // 2026-10-25: 03:00 local falls back to 02:00 in Stockholm.
        let (start, end) = day_bounds(STOCKHOLM, d("2026-10-25")).unwrap();
        assert_eq!((end - start).num_hours(), 25);
        let slots = day_grid(
            STOCKHOLM,
            d("2026-10-25"),
            DayHours {
                opens_min: 0,
                closes_min: 24 * 60,
            },
            60,
        );
        for pair in slots.windows(2) {
            assert!(pair[0].ends_at <= pair[1].starts_at, "{pair:?}");
        }
        let morning = day_grid(
            STOCKHOLM,
            d("2026-10-25"),
            DayHours {
                opens_min: 7 * 60,
                closes_min: 9 * 60,
            },
            60,
        );
        assert_eq!(
            morning[0].starts_at.to_rfc3339(),
            "2026-10-25T06:00:00+00:00"
        );
    }

    #[test]
    fn a_slot_that_does_not_fit_before_closing_is_left_out() {
        let slots = day_grid(
            STOCKHOLM,
            d("2026-01-14"),
            DayHours {
                opens_min: 8 * 60,
                closes_min: 10 * 60 + 30,
            },
            90,
        );
        assert_eq!(slots.len(), 1);
        assert_eq!(local_hm(STOCKHOLM, slots[0].ends_at), "09:30");
    }

    #[test]
    fn closing_at_midnight() {
        let slots = day_grid(
            STOCKHOLM,
            d("2026-01-14"),
            DayHours {
                opens_min: 23 * 60,
                closes_min: 24 * 60,
            },
            60,
        );
        assert_eq!(slots.len(), 1);
        assert_eq!(local_hm(STOCKHOLM, slots[0].ends_at), "00:00");
    }
}
