//! Free time: grid slots minus active bookings, merged into stretches.

use chrono::{DateTime, Duration, Utc};

use super::grid::GridSlot;
use crate::bookings::store::TakenInterval;

/// Whether an active booking on `court_id` overlaps `slot`.
pub fn is_taken(slot: &GridSlot, court_id: i64, taken: &[TakenInterval]) -> bool {
    let (start, end) = (slot.starts_at.timestamp(), slot.ends_at.timestamp());
    taken
        .iter()
        .any(|t| t.court_id == court_id && t.starts_at < end && start < t.ends_at)
}

/// A free stretch: back-to-back free slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FreeStretch {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// Free stretches of at least `min` that start at or after `from` and end by
/// `to`, earliest first. `slots` must be sorted and disjoint.
pub fn free_stretches(
    slots: &[GridSlot],
    court_id: i64,
    taken: &[TakenInterval],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    min: Duration,
) -> Vec<FreeStretch> {
    let mut stretches: Vec<FreeStretch> = Vec::new();
    let mut current: Option<FreeStretch> = None;
    for slot in slots
        .iter()
        .filter(|s| s.starts_at >= from && s.ends_at <= to)
    {
        if is_taken(slot, court_id, taken) {
            stretches.extend(current.take());
            continue;
        }
        current = match current {
            Some(run) if run.ends_at == slot.starts_at => Some(FreeStretch {
                ends_at: slot.ends_at,
                ..run
            }),
            other => {
                stretches.extend(other);
                Some(FreeStretch {
                    starts_at: slot.starts_at,
                    ends_at: slot.ends_at,
                })
            }
        };
    }
    stretches.extend(current);
    stretches.retain(|s| s.ends_at - s.starts_at >= min);
    stretches
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(h: i64, m: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap() + Duration::minutes(h * 60 + m)
    }

    fn half_hours(from: i64, to: i64) -> Vec<GridSlot> {
        (from * 2..to * 2)
            .map(|k| GridSlot {
                starts_at: at(0, k * 30),
                ends_at: at(0, k * 30 + 30),
            })
            .collect()
    }

    #[test]
    fn merges_back_to_back_slots_and_respects_the_minimum() {
        let slots = half_hours(8, 12);
        let taken = [TakenInterval {
            closed: false,
            court_id: 1,
            starts_at: at(9, 30).timestamp(),
            ends_at: at(10, 0).timestamp(),
        }];
        let all = free_stretches(
            &slots,
            1,
            &taken,
            at(0, 0),
            at(23, 0),
            Duration::minutes(30),
        );
        assert_eq!(
            all,
            [
                FreeStretch {
                    starts_at: at(8, 0),
                    ends_at: at(9, 30)
                },
                FreeStretch {
                    starts_at: at(10, 0),
                    ends_at: at(12, 0)
                }
            ]
        );
        let long = free_stretches(
            &slots,
            1,
            &taken,
            at(0, 0),
            at(23, 0),
            Duration::minutes(120),
        );
        assert_eq!(
            long,
            [FreeStretch {
                starts_at: at(10, 0),
                ends_at: at(12, 0)
            }]
        );
        // Another court's booking does not matter.
        assert_eq!(
            free_stretches(
                &slots,
                2,
                &taken,
                at(0, 0),
                at(23, 0),
                Duration::minutes(240)
            )
            .len(),
            1
        );
    }

    #[test]
    fn the_window_cuts_the_stretches() {
        let slots = half_hours(8, 12);
        let within = free_stretches(&slots, 1, &[], at(9, 0), at(10, 0), Duration::minutes(60));
        assert_eq!(
            within,
            [FreeStretch {
                starts_at: at(9, 0),
                ends_at: at(10, 0)
            }]
        );
        assert!(
            free_stretches(&slots, 1, &[], at(9, 0), at(9, 45), Duration::minutes(60)).is_empty()
        );
    }
}
