//! The slot grid: which slots a court offers, as UTC instants.
//!
//! Opening hours are wall-clock times in the venue's zone, and may run past
//! midnight (`closes_min` up to 48:00 of the opening's date). Slots have a
//! fixed length in real minutes and start on the court's wall-clock grid
//! (`offset + k × length` minutes after local midnight of the opening's date).
//!
//! Daylight saving: a wall-clock start that does not exist (spring forward)
//! is skipped; one that happens twice (fall back) yields both instants. Every
//! slot lies within the opening, and slots never overlap: where a shifted
//! clock would make two overlap, the later one is dropped.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// One slot of a court's grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GridSlot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// An opening on a local date, in minutes after that date's midnight.
/// `closes_min` may exceed 1440: the opening runs past midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    pub opens_min: u32,
    pub closes_min: u32,
}

/// The latest an opening may close: midnight of the day after.
pub const MAX_CLOSE_MIN: u32 = 2 * 24 * 60;

/// A court's grid: slot length and where on the clock slots start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SlotRule {
    pub length_min: u32,
    /// Slots start at `offset_min + k × length_min` after local midnight.
    pub offset_min: u32,
}

/// ISO weekday (1 = Monday) of a date.
pub fn iso_weekday(date: NaiveDate) -> u8 {
    date.weekday().number_from_monday() as u8
}

/// The slots of one opening, in order.
pub fn opening_grid(tz: Tz, date: NaiveDate, opening: Opening, rule: SlotRule) -> Vec<GridSlot> {
    let closes_min = opening.closes_min.min(MAX_CLOSE_MIN);
    if rule.length_min == 0 || opening.opens_min >= closes_min {
        return Vec::new();
    }
    let (Some(open), Some(close)) = (
        bound(tz, date, opening.opens_min, true),
        bound(tz, date, closes_min, false),
    ) else {
        return Vec::new();
    };
    let length = Duration::minutes(i64::from(rule.length_min));
    // First wall-clock start on the grid at or after opening.
    let offset = rule.offset_min % rule.length_min;
    let behind = (opening.opens_min + rule.length_min - offset) % rule.length_min;
    let first = opening.opens_min + (rule.length_min - behind) % rule.length_min;

    let mut starts: Vec<DateTime<Utc>> = (first..closes_min)
        .step_by(rule.length_min as usize)
        .flat_map(|minute| wall_clock(tz, date, minute))
        .collect();
    starts.sort();
    let mut slots: Vec<GridSlot> = Vec::new();
    for start in starts {
        let end = start + length;
        let after_previous = slots.last().is_none_or(|last| last.ends_at <= start);
        if start >= open && end <= close && after_previous {
            slots.push(GridSlot {
                starts_at: start,
                ends_at: end,
            });
        }
    }
    slots
}

/// The instants an opening starts and ends.
pub fn opening_bounds(
    tz: Tz,
    date: NaiveDate,
    opening: Opening,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let closes_min = opening.closes_min.min(MAX_CLOSE_MIN);
    Some((
        bound(tz, date, opening.opens_min, true)?,
        bound(tz, date, closes_min, false)?,
    ))
}

/// Every instant at which the wall clock shows `minute` after `date`'s
/// midnight: none in a spring-forward gap, two in a fall-back fold.
fn wall_clock(tz: Tz, date: NaiveDate, minute: u32) -> Vec<DateTime<Utc>> {
    let Some(naive) = naive_at(date, minute) else {
        return Vec::new();
    };
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => vec![t.with_timezone(&Utc)],
        LocalResult::Ambiguous(a, b) => vec![a.with_timezone(&Utc), b.with_timezone(&Utc)],
        LocalResult::None => Vec::new(),
    }
}

fn naive_at(date: NaiveDate, minute: u32) -> Option<chrono::NaiveDateTime> {
    let date = date.checked_add_days(chrono::Days::new(u64::from(minute / 1440)))?;
    let minute = minute % 1440;
    Some(date.and_time(NaiveTime::from_hms_opt(minute / 60, minute % 60, 0)?))
}

/// The instant an opening starts (`early`) or ends. A time in a gap means the
/// gap's end; a time in a fold means its first occurrence for an opening and
/// its last for a closing, so the opening is never cut short.
fn bound(tz: Tz, date: NaiveDate, minute: u32, early: bool) -> Option<DateTime<Utc>> {
    let naive = naive_at(date, minute)?;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => Some(if early { a } else { b }.with_timezone(&Utc)),
        // In a gap: the clock jumps past it; the first real minute after it.
        LocalResult::None => (1..=180)
            .find_map(|m| {
                tz.from_local_datetime(&(naive + Duration::minutes(m)))
                    .earliest()
            })
            .map(|t| t.with_timezone(&Utc)),
    }
}

/// The UTC instants bounding a local date (23, 24 or 25 hours apart).
pub fn day_bounds(tz: Tz, date: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    Some((
        bound(tz, date, 0, true)?,
        bound(tz, date.succ_opt()?, 0, true)?,
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
    const HOURLY: SlotRule = SlotRule {
        length_min: 60,
        offset_min: 0,
    };

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn open(opens: u32, closes: u32) -> Opening {
        Opening {
            opens_min: opens * 60,
            closes_min: closes * 60,
        }
    }

    fn starts(slots: &[GridSlot]) -> Vec<String> {
        slots
            .iter()
            .map(|s| local_hm(STOCKHOLM, s.starts_at))
            .collect()
    }

    #[test]
    fn an_ordinary_winter_day() {
        let slots = opening_grid(STOCKHOLM, d("2026-01-14"), open(7, 22), HOURLY);
        assert_eq!(slots.len(), 15);
        assert_eq!(slots[0].starts_at.to_rfc3339(), "2026-01-14T06:00:00+00:00");
        assert_eq!(slots[14].ends_at.to_rfc3339(), "2026-01-14T21:00:00+00:00");
    }

    #[test]
    fn summer_time_shifts_the_utc_instants() {
        let rule = SlotRule {
            length_min: 30,
            offset_min: 0,
        };
        let slots = opening_grid(
            STOCKHOLM,
            d("2026-07-01"),
            Opening {
                opens_min: 420,
                closes_min: 510,
            },
            rule,
        );
        assert_eq!(starts(&slots), ["07:00", "07:30", "08:00"]);
        assert_eq!(slots[0].starts_at.to_rfc3339(), "2026-07-01T05:00:00+00:00");
    }

    #[test]
    fn spring_forward_day_has_23_hourly_slots() {
        // 2026-03-29: 02:00 local jumps to 03:00 in Stockholm.
        let slots = opening_grid(STOCKHOLM, d("2026-03-29"), open(0, 24), HOURLY);
        assert_eq!(slots.len(), 23);
        assert!(!starts(&slots).contains(&"02:00".to_string()));
        let (start, end) = day_bounds(STOCKHOLM, d("2026-03-29")).unwrap();
        assert_eq!((end - start).num_hours(), 23);
    }

    #[test]
    fn fall_back_day_has_25_hourly_slots() {
        // 2026-10-25: 03:00 local falls back to 02:00 in Stockholm.
        let slots = opening_grid(STOCKHOLM, d("2026-10-25"), open(0, 24), HOURLY);
        assert_eq!(slots.len(), 25);
        assert_eq!(starts(&slots).iter().filter(|s| *s == "02:00").count(), 2);
        let (start, end) = day_bounds(STOCKHOLM, d("2026-10-25")).unwrap();
        assert_eq!((end - start).num_hours(), 25);
    }

    #[test]
    fn offset_and_length_place_the_grid() {
        let rule = SlotRule {
            length_min: 90,
            offset_min: 30,
        };
        // Grid at 00:30 + k·90: …, 06:30, 08:00, 09:30, 11:00.
        let slots = opening_grid(STOCKHOLM, d("2026-01-14"), open(7, 11), rule);
        assert_eq!(starts(&slots), ["08:00", "09:30"]);
        let rule = SlotRule {
            length_min: 60,
            offset_min: 30,
        };
        assert_eq!(
            starts(&opening_grid(STOCKHOLM, d("2026-01-14"), open(7, 10), rule)),
            ["07:30", "08:30"]
        );
    }

    #[test]
    fn an_opening_past_midnight() {
        // Friday 20:00 to Saturday 01:00.
        let slots = opening_grid(
            STOCKHOLM,
            d("2026-01-16"),
            Opening {
                opens_min: 1200,
                closes_min: 1500,
            },
            HOURLY,
        );
        assert_eq!(
            starts(&slots),
            ["20:00", "21:00", "22:00", "23:00", "00:00"]
        );
        assert_eq!(local_date(STOCKHOLM, slots[4].starts_at), d("2026-01-17"));
    }

    #[test]
    fn empty_and_degenerate_openings() {
        assert!(opening_grid(STOCKHOLM, d("2026-01-14"), open(8, 8), HOURLY).is_empty());
        assert!(opening_grid(STOCKHOLM, d("2026-01-14"), open(9, 8), HOURLY).is_empty());
        assert!(opening_grid(
            STOCKHOLM,
            d("2026-01-14"),
            open(8, 20),
            SlotRule {
                length_min: 0,
                offset_min: 0
            }
        )
        .is_empty());
        assert_eq!(
            opening_grid(
                STOCKHOLM,
                d("2026-01-14"),
                Opening {
                    opens_min: 480,
                    closes_min: 630
                },
                SlotRule {
                    length_min: 90,
                    offset_min: 0
                }
            )
            .len(),
            1
        );
    }
}
