//! A venue's opening hours as an operator changes them ([`VenueHours`]):
//! checked field by field, each mistake a 422 naming the field
//! (`weekly[2].closes`, `exceptions[0].to_date`) with a sentence a person
//! can act on, into the rows `store::replace_hours_in` writes. Nothing is
//! written until all of it passes.

use chrono::NaiveDate;
use shared::operator::{Hours, HoursException, VenueHours};

use super::store::{CourtRow, ExceptionRow, HoursRow};
use crate::{
    availability::{
        grid::{Opening, SlotRule},
        hours::{Exception, Schedule, WeeklyHours},
    },
    error::{AppError, AppResult},
};

/// Longer than any season; a longer exception is a typo.
const MAX_EXCEPTION_DAYS: i64 = 366;
const MAX_EXCEPTIONS: usize = 200;
const MAX_REASON_CHARS: usize = 200;

/// An exception that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedException {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub opening: Option<Opening>,
    pub reason: String,
}

/// Opening hours that passed their checks, as rows.
#[derive(Debug, Clone)]
pub struct CheckedHours {
    pub weekly: Vec<HoursRow>,
    pub exceptions: Vec<CheckedException>,
}

impl CheckedHours {
    /// These hours as the slot grid reads them.
    pub fn schedule(&self, tz: chrono_tz::Tz) -> Schedule {
        Schedule {
            tz,
            weekly: super::store::weekly(&self.weekly),
            exceptions: self
                .exceptions
                .iter()
                .zip(1..)
                .map(|(e, id)| Exception {
                    id,
                    from: e.from,
                    to: e.to,
                    opening: e.opening,
                })
                .collect(),
        }
    }
}

/// `HH:MM` as minutes after midnight, `24:00` allowed.
fn clock(text: &str, field: &str) -> AppResult<u32> {
    let bad = || {
        AppError::invalid(
            field,
            "Write the time as HH:MM on the venue's clock, for example 07:00.",
        )
    };
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 {
        return Err(bad());
    }
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if m >= 60 || h * 60 + m > 1440 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// Whether `minute` (after local midnight) is not a slot boundary of `rule`.
pub(crate) fn off_grid(rule: SlotRule, minute: u32) -> bool {
    rule.length_min != 0
        && !(minute + rule.length_min - rule.offset_min % rule.length_min)
            .is_multiple_of(rule.length_min)
}

/// One opening, checked against every court's slot grid.
fn opening(hours: &Hours, at: &str, courts: &[CourtRow]) -> AppResult<Opening> {
    let opens = clock(&hours.opens, &format!("{at}.opens"))?;
    let mut closes = clock(&hours.closes, &format!("{at}.closes"))?;
    if opens == 1440 {
        return Err(AppError::invalid(
            &format!("{at}.opens"),
            "Open at 23:59 at the latest; 24:00 is only a closing time.",
        ));
    }
    if closes <= opens {
        // Past midnight: 18:00–01:00.
        closes += 1440;
    }
    for court in courts {
        let rule = court.slot_rule();
        if rule.length_min == 0 {
            continue;
        }
        let (field, bad) = if off_grid(rule, opens) {
            (format!("{at}.opens"), opens)
        } else if off_grid(rule, closes) {
            (format!("{at}.closes"), closes)
        } else {
            continue;
        };
        return Err(AppError::invalid(
            &field,
            format!(
                "{}'s {}-minute slots start at :{:02} past the hour and every {} minutes; {:02}:{:02} is not one of them, so the opening would not fill whole slots.",
                court.name,
                rule.length_min,
                rule.offset_min % 60,
                rule.length_min,
                (bad / 60) % 24,
                bad % 60
            ),
        ));
    }
    Ok(Opening {
        opens_min: opens,
        closes_min: closes,
    })
}

/// Checks `set` for a venue with `courts`; exceptions over before `today`
/// (the venue's date) are refused.
pub fn check(set: &VenueHours, courts: &[CourtRow], today: NaiveDate) -> AppResult<CheckedHours> {
    if set.weekly.len() != 7 {
        return Err(AppError::invalid(
            "weekly",
            "Give the hours of all seven weekdays, Monday first (null for a closed day).",
        ));
    }
    let mut weekly = Vec::new();
    for (i, day) in set.weekly.iter().enumerate() {
        if let Some(hours) = day {
            let o = opening(hours, &format!("weekly[{i}]"), courts)?;
            weekly.push(HoursRow {
                weekday: i as i64 + 1,
                opens_min: i64::from(o.opens_min),
                closes_min: i64::from(o.closes_min),
            });
        }
    }
    if set.exceptions.len() > MAX_EXCEPTIONS {
        return Err(AppError::invalid(
            "exceptions",
            format!("At most {MAX_EXCEPTIONS} exceptions ahead."),
        ));
    }
    let mut exceptions: Vec<CheckedException> = Vec::new();
    for (i, e) in set.exceptions.iter().enumerate() {
        exceptions.push(exception(i, e, courts, today, &exceptions)?);
    }
    exceptions.sort_by_key(|e| e.from);
    Ok(CheckedHours { weekly, exceptions })
}

fn exception(
    i: usize,
    e: &HoursException,
    courts: &[CourtRow],
    today: NaiveDate,
    before: &[CheckedException],
) -> AppResult<CheckedException> {
    let field = |name: &str| format!("exceptions[{i}].{name}");
    if e.to_date < e.from_date {
        return Err(AppError::invalid(
            &field("to_date"),
            "The last day cannot be before the first.",
        ));
    }
    if e.to_date < today {
        return Err(AppError::invalid(
            &field("to_date"),
            "That exception is already over; pick today or later.",
        ));
    }
    if (e.to_date - e.from_date).num_days() >= MAX_EXCEPTION_DAYS {
        return Err(AppError::invalid(
            &field("to_date"),
            "An exception can be at most a year long.",
        ));
    }
    if e.reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::invalid(
            &field("reason"),
            "Keep the reason under 200 characters.",
        ));
    }
    if let Some(j) = before
        .iter()
        .position(|b| b.from <= e.to_date && e.from_date <= b.to)
    {
        return Err(AppError::invalid(
            &field("from_date"),
            format!(
                "Exception {} shares a date with exception {}; one date has one set of hours.",
                i + 1,
                j + 1
            ),
        ));
    }
    let opening = match &e.hours {
        Some(hours) => Some(opening(hours, &field("hours"), courts)?),
        None => None,
    };
    Ok(CheckedException {
        from: e.from_date,
        to: e.to_date,
        opening,
        reason: e.reason.trim().to_string(),
    })
}

fn hours_of(opens_min: i64, closes_min: i64) -> Hours {
    let hm = |m: i64| format!("{:02}:{:02}", m / 60, m % 60);
    let closes = if closes_min > 1440 {
        closes_min - 1440
    } else {
        closes_min
    };
    Hours {
        opens: hm(opens_min),
        closes: hm(closes),
    }
}

/// The stored hours as the operator edits them: the weekly hours and the
/// exceptions not over before `today`.
pub fn to_set(weekly: &WeeklyHours, exceptions: &[ExceptionRow], today: NaiveDate) -> VenueHours {
    VenueHours {
        weekly: weekly
            .days
            .iter()
            .map(|d| d.map(|o| hours_of(i64::from(o.opens_min), i64::from(o.closes_min))))
            .collect(),
        exceptions: exceptions
            .iter()
            .filter_map(|row| {
                let from = row.from_date.parse().ok()?;
                let to: NaiveDate = row.to_date.parse().ok()?;
                (to >= today).then(|| HoursException {
                    from_date: from,
                    to_date: to,
                    hours: row
                        .opens_min
                        .zip(row.closes_min)
                        .map(|(o, c)| hours_of(o, c)),
                    reason: row.reason.clone(),
                })
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn court(slot_minutes: i64, offset: i64) -> CourtRow {
        CourtRow {
            id: 1,
            venue_id: 1,
            name: "Bana 1".into(),
            sport: "tennis".into(),
            surface: "hard".into(),
            indoor: false,
            lights: false,
            slot_minutes,
            slot_offset_minutes: offset,
            price_minor: 15000,
            currency: "SEK".into(),
        }
    }

    fn day(opens: &str, closes: &str) -> Option<Hours> {
        Some(Hours {
            opens: opens.into(),
            closes: closes.into(),
        })
    }

    fn week(d: Option<Hours>) -> VenueHours {
        VenueHours {
            weekly: vec![
                d.clone(),
                d.clone(),
                d.clone(),
                d.clone(),
                d.clone(),
                None,
                d,
            ],
            exceptions: vec![],
        }
    }

    fn field(result: AppResult<CheckedHours>) -> String {
        match result {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("expected a 422, got {other:?}"),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    #[test]
    fn whole_slots_only_and_past_midnight_is_the_next_day() {
        let courts = [court(60, 0)];
        let ok = check(&week(day("07:00", "22:00")), &courts, today()).unwrap();
        assert_eq!(ok.weekly.len(), 6, "Saturday closed");
        assert_eq!(
            (ok.weekly[0].opens_min, ok.weekly[0].closes_min),
            (420, 1320)
        );
        let late = check(&week(day("18:00", "01:00")), &courts, today()).unwrap();
        assert_eq!(late.weekly[0].closes_min, 1500);
        assert_eq!(
            field(check(&week(day("07:30", "22:00")), &courts, today())),
            "weekly[0].opens"
        );
        assert_eq!(
            field(check(&week(day("07:00", "21:45")), &courts, today())),
            "weekly[0].closes"
        );
        // Half-hour grid from :30: 07:30 fits, 07:00 does not.
        let offset = [court(60, 30)];
        assert!(check(&week(day("07:30", "21:30")), &offset, today()).is_ok());
        assert_eq!(
            field(check(&week(day("07:00", "21:30")), &offset, today())),
            "weekly[0].opens"
        );
        assert_eq!(
            field(check(&week(day("7:00", "22:00")), &courts, today())),
            "weekly[0].opens"
        );
        let mut six = week(None);
        six.weekly.pop();
        assert_eq!(field(check(&six, &courts, today())), "weekly");
    }

    #[test]
    fn exceptions_are_ahead_apart_and_in_order() {
        let courts = [court(60, 0)];
        let date = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let ex = |from: u32, to: u32, hours: Option<Hours>| HoursException {
            from_date: date(from),
            to_date: date(to),
            hours,
            reason: "Jul".into(),
        };
        let mut set = week(day("07:00", "22:00"));
        set.exceptions = vec![ex(26, 26, day("10:00", "16:00")), ex(24, 25, None)];
        let ok = check(&set, &courts, today()).unwrap();
        assert_eq!(ok.exceptions[0].from, date(24), "soonest first");
        assert_eq!(ok.exceptions[0].opening, None);
        set.exceptions = vec![ex(24, 26, None), ex(26, 27, None)];
        assert_eq!(
            field(check(&set, &courts, today())),
            "exceptions[1].from_date"
        );
        set.exceptions = vec![ex(5, 5, None)];
        assert_eq!(
            field(check(&set, &courts, today())),
            "exceptions[0].to_date"
        );
        set.exceptions = vec![ex(20, 19, None)];
        assert_eq!(
            field(check(&set, &courts, today())),
            "exceptions[0].to_date"
        );
        set.exceptions = vec![ex(20, 20, day("10:15", "16:00"))];
        assert_eq!(
            field(check(&set, &courts, today())),
            "exceptions[0].hours.opens"
        );
    }
}
