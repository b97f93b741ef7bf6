//! Which opening applies on a date: the weekly hours, unless an exception
//! (a closure for snow or an event, or special hours) covers that date.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::grid::{self, GridSlot, Opening, SlotRule};

/// A venue's regular week: at most one opening per ISO weekday.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WeeklyHours {
    /// Index 0 = Monday … 6 = Sunday.
    pub days: [Option<Opening>; 7],
}

impl WeeklyHours {
    pub fn on(&self, weekday: u8) -> Option<Opening> {
        self.days
            .get(usize::from(weekday).wrapping_sub(1))
            .copied()
            .flatten()
    }
}

/// An exception to the weekly hours over a range of dates (inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    /// Later exceptions win where exceptions overlap.
    pub id: i64,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `None`: closed all day; `Some`: these hours instead.
    pub opening: Option<Opening>,
}

/// A venue's schedule: its zone, its week and its exceptions.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub tz: Tz,
    pub weekly: WeeklyHours,
    pub exceptions: Vec<Exception>,
}

impl Schedule {
    /// The opening that starts on `date`, if any.
    pub fn opening_on(&self, date: NaiveDate) -> Option<Opening> {
        let exception = self
            .exceptions
            .iter()
            .filter(|e| e.from <= date && date <= e.to)
            .max_by_key(|e| e.id);
        match exception {
            Some(exception) => exception.opening,
            None => self.weekly.on(grid::iso_weekday(date)),
        }
    }

    /// A court's slots that start on local `date`: from that date's opening
    /// and from the day before's, where it runs past midnight.
    pub fn day_slots(&self, date: NaiveDate, rule: SlotRule) -> Vec<GridSlot> {
        let mut candidates = Vec::new();
        for (day, spills_only) in [(date.pred_opt(), true), (Some(date), false)] {
            let Some(day) = day else { continue };
            match self.opening_on(day) {
                // Yesterday's opening matters only if it runs past midnight.
                Some(opening) if !spills_only || opening.closes_min > 24 * 60 => {
                    candidates.extend(grid::opening_grid(self.tz, day, opening, rule));
                }
                _ => {}
            }
        }
        candidates.retain(|s| grid::local_date(self.tz, s.starts_at) == date);
        candidates.sort();
        // Where yesterday's late opening meets today's, keep slots disjoint.
        let mut slots: Vec<GridSlot> = Vec::with_capacity(candidates.len());
        for slot in candidates {
            if slots
                .last()
                .is_none_or(|last| last.ends_at <= slot.starts_at)
            {
                slots.push(slot);
            }
        }
        slots
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn week(opening: Opening) -> WeeklyHours {
        WeeklyHours {
            days: [Some(opening); 7],
        }
    }

    const HOURLY: SlotRule = SlotRule {
        length_min: 60,
        offset_min: 0,
    };

    fn schedule(weekly: WeeklyHours, exceptions: Vec<Exception>) -> Schedule {
        Schedule {
            tz: chrono_tz::Europe::Stockholm,
            weekly,
            exceptions,
        }
    }

    #[test]
    fn exceptions_close_or_change_days_and_the_latest_wins() {
        let normal = Opening {
            opens_min: 420,
            closes_min: 1320,
        };
        let short = Opening {
            opens_min: 600,
            closes_min: 720,
        };
        let s = schedule(
            week(normal),
            vec![
                Exception {
                    id: 1,
                    from: d("2026-12-20"),
                    to: d("2026-12-31"),
                    opening: Some(short),
                },
                Exception {
                    id: 2,
                    from: d("2026-12-24"),
                    to: d("2026-12-26"),
                    opening: None,
                },
            ],
        );
        assert_eq!(s.opening_on(d("2026-12-19")), Some(normal));
        assert_eq!(s.opening_on(d("2026-12-20")), Some(short));
        assert_eq!(s.opening_on(d("2026-12-24")), None);
        assert_eq!(s.opening_on(d("2026-12-27")), Some(short));
        assert_eq!(s.opening_on(d("2027-01-01")), Some(normal));
        assert!(s.day_slots(d("2026-12-25"), HOURLY).is_empty());
        assert_eq!(s.day_slots(d("2026-12-27"), HOURLY).len(), 2);
    }

    #[test]
    fn a_late_opening_shows_on_the_next_day() {
        let mut weekly = WeeklyHours::default();
        weekly.days[4] = Some(Opening {
            opens_min: 1200,
            closes_min: 1560,
        }); // Friday 20:00–02:00
        let s = schedule(weekly, vec![]);
        let friday = s.day_slots(d("2026-01-16"), HOURLY);
        let saturday = s.day_slots(d("2026-01-17"), HOURLY);
        assert_eq!(friday.len(), 4);
        assert_eq!(
            saturday.len(),
            2,
            "00:00 and 01:00 belong to Saturday's view"
        );
    }

    #[test]
    fn overlapping_openings_across_midnight_stay_disjoint() {
        let mut weekly = week(Opening {
            opens_min: 0,
            closes_min: 1440,
        });
        weekly.days[4] = Some(Opening {
            opens_min: 1200,
            closes_min: 1530,
        }); // Fri until 01:30 Sat
        let s = schedule(weekly, vec![]);
        let saturday = s.day_slots(
            d("2026-01-17"),
            SlotRule {
                length_min: 45,
                offset_min: 0,
            },
        );
        for pair in saturday.windows(2) {
            assert!(pair[0].ends_at <= pair[1].starts_at);
        }
    }
}
