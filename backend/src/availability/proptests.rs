//! Property tests of the slot arithmetic: any zone, any date, any opening
//! (past midnight too), any grid, any pile of overlapping exceptions.

use chrono::{Duration, NaiveDate, Timelike};
use chrono_tz::Tz;
use proptest::prelude::*;

use super::{
    grid::{self, Opening, SlotRule},
    hours::{Exception, Schedule, WeeklyHours},
};

/// Zones with hour, half-hour (Lord Howe's DST is 30 minutes) and no DST.
const ZONES: [Tz; 6] = [
    chrono_tz::Europe::Stockholm,
    chrono_tz::Europe::London,
    chrono_tz::America::New_York,
    chrono_tz::Australia::Sydney,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Asia::Kolkata,
];

fn zone() -> impl Strategy<Value = Tz> {
    (0..ZONES.len()).prop_map(|i| ZONES[i])
}

fn date() -> impl Strategy<Value = NaiveDate> {
    // 2020-01-01 plus up to ~12 years: many DST switches.
    (0i64..4400).prop_map(|d| NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + Duration::days(d))
}

/// A zone and a date, half the time a day on which that zone's clocks
/// change (or the day before, for openings that run past midnight into it).
fn zone_and_date() -> impl Strategy<Value = (Tz, NaiveDate)> {
    (zone(), date(), any::<bool>(), 0i64..2).prop_map(|(tz, date, near_change, before)| {
        if !near_change {
            return (tz, date);
        }
        let change = date.iter_days().take(400).find(|d| {
            grid::day_bounds(tz, *d).is_some_and(|(start, end)| end - start != Duration::hours(24))
        });
        (tz, change.map_or(date, |d| d - Duration::days(before)))
    })
}

fn opening() -> impl Strategy<Value = Opening> {
    (0u32..1440)
        .prop_flat_map(|opens| (Just(opens), opens + 1..=grid::MAX_CLOSE_MIN))
        .prop_map(|(opens_min, closes_min)| Opening {
            opens_min,
            closes_min,
        })
}

fn rule() -> impl Strategy<Value = SlotRule> {
    (
        prop::sample::select(vec![15u32, 30, 45, 60, 90, 120]),
        0u32..1440,
    )
        .prop_map(|(length_min, offset_min)| SlotRule {
            length_min,
            offset_min,
        })
}

/// Minutes after `date`'s local midnight that the wall clock shows at `t`.
fn wall_minutes(tz: Tz, date: NaiveDate, t: chrono::DateTime<chrono::Utc>) -> i64 {
    let local = t.with_timezone(&tz);
    (local.date_naive() - date).num_days() * 1440 + i64::from(local.hour() * 60 + local.minute())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn grid_slots_are_disjoint_whole_on_grid_and_inside_the_opening((tz, date) in zone_and_date(), opening in opening(), rule in rule()) {
        let slots = grid::opening_grid(tz, date, opening, rule);
        for pair in slots.windows(2) {
            prop_assert!(pair[0].ends_at <= pair[1].starts_at, "overlap or disorder: {pair:?}");
        }
        let (open, close) = grid::opening_bounds(tz, date, opening).unwrap();
        for slot in &slots {
            prop_assert!(slot.starts_at >= open && slot.ends_at <= close, "{slot:?} outside {open}–{close}");
            prop_assert_eq!(slot.ends_at - slot.starts_at, Duration::minutes(i64::from(rule.length_min)));
            let start = wall_minutes(tz, date, slot.starts_at);
            prop_assert!(start >= i64::from(opening.opens_min) && start < i64::from(opening.closes_min), "{start} outside {opening:?}");
            prop_assert_eq!((start - i64::from(rule.offset_min)).rem_euclid(i64::from(rule.length_min)), 0, "off the grid: {}", start);
        }
    }

    #[test]
    fn on_days_without_a_clock_change_every_grid_time_is_a_slot(tz in zone(), date in date(), opening in opening(), rule in rule()) {
        let (start, _) = grid::day_bounds(tz, date).unwrap();
        let (_, end) = grid::day_bounds(tz, date.succ_opt().unwrap()).unwrap();
        prop_assume!(end - start == Duration::hours(48));
        let expected = (opening.opens_min..opening.closes_min)
            .filter(|m| (i64::from(*m) - i64::from(rule.offset_min)).rem_euclid(i64::from(rule.length_min)) == 0)
            .filter(|m| m + rule.length_min <= opening.closes_min)
            .count();
        prop_assert_eq!(grid::opening_grid(tz, date, opening, rule).len(), expected);
    }

    #[test]
    fn a_whole_day_of_slots_is_as_long_as_the_day(date in date()) {
        // 23, 24 or 25 hours: hourly slots 00:00–24:00 fill the day exactly.
        let tz = chrono_tz::Europe::Stockholm;
        let slots = grid::opening_grid(tz, date, Opening { opens_min: 0, closes_min: 1440 }, SlotRule { length_min: 60, offset_min: 0 });
        let (start, end) = grid::day_bounds(tz, date).unwrap();
        prop_assert_eq!(Duration::hours(slots.len() as i64), end - start);
        prop_assert_eq!(slots.first().map(|s| s.starts_at), Some(start));
        prop_assert_eq!(slots.last().map(|s| s.ends_at), Some(end));
    }

    #[test]
    fn day_views_start_on_their_date_never_overlap_and_obey_the_latest_exception(
        (tz, date) in zone_and_date(),
        week in prop::collection::vec(prop::option::of(opening()), 7),
        raw_exceptions in prop::collection::vec((-3i64..3, 0i64..4, prop::option::of(opening())), 0..5),
        rule in rule(),
    ) {
        let mut weekly = WeeklyHours::default();
        for (i, day) in week.into_iter().enumerate() {
            weekly.days[i] = day;
        }
        let exceptions: Vec<Exception> = raw_exceptions
            .into_iter()
            .enumerate()
            .map(|(id, (start, len, opening))| Exception {
                id: id as i64,
                from: date + Duration::days(start),
                to: date + Duration::days(start + len),
                opening,
            })
            .collect();
        let schedule = Schedule { tz, weekly: weekly.clone(), exceptions: exceptions.clone() };

        let expected = exceptions.iter().filter(|e| e.from <= date && date <= e.to).max_by_key(|e| e.id)
            .map(|e| e.opening)
            .unwrap_or_else(|| weekly.on(grid::iso_weekday(date)));
        prop_assert_eq!(schedule.opening_on(date), expected);

        let slots = schedule.day_slots(date, rule);
        for slot in &slots {
            prop_assert_eq!(grid::local_date(tz, slot.starts_at), date);
        }
        for pair in slots.windows(2) {
            prop_assert!(pair[0].ends_at <= pair[1].starts_at);
        }
        let yesterday_spills = schedule.opening_on(date.pred_opt().unwrap()).is_some_and(|o| o.closes_min > 1440);
        if schedule.opening_on(date).is_none() && !yesterday_spills {
            prop_assert!(slots.is_empty(), "closed, yet {} slots", slots.len());
        }
    }
}
