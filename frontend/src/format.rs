//! Small display helpers shared by the pages.

use chrono::{DateTime, Datelike, Local, NaiveDate, Utc};
use shared::{Booking, BookingStatus};

use crate::i18n::msg;

/// `söndag 23 november 2025` / `Sunday 23 November 2025`
pub fn long_date(date: NaiveDate) -> String {
    msg::date_long(
        date.day(),
        msg::month_long(i64::from(date.month())),
        msg::weekday_long(weekday(date)),
        date.year(),
    )
}

/// `sön 23 nov` / `Sun 23 Nov`
pub fn short_date(date: NaiveDate) -> String {
    msg::date_short(
        date.day(),
        msg::month_short(i64::from(date.month())),
        weekday_short(date),
    )
}

/// `sön` / `Sun`
pub fn weekday_short(date: NaiveDate) -> String {
    msg::weekday_short(weekday(date))
}

/// `söndag` / `Sunday`
pub fn weekday_long(date: NaiveDate) -> String {
    msg::weekday_long(weekday(date))
}

/// Monday 1 … Sunday 7, as the message files number the days.
fn weekday(date: NaiveDate) -> i64 {
    i64::from(date.weekday().number_from_monday())
}

/// A time range with an en dash: `18:00–19:00`.
pub fn time_range(start: &str, end: &str) -> String {
    format!("{start}\u{2013}{end}")
}

/// An instant in the device's own time zone, `HH:MM`.
pub fn device_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%H:%M").to_string()
}

pub fn status_label(status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Held => msg::status_held(),
        BookingStatus::Confirmed => msg::status_confirmed(),
        BookingStatus::Cancelled => msg::status_cancelled(),
        BookingStatus::Expired => msg::status_expired(),
    }
}

/// One line describing when and where: `Bana 1 · Sun 23 Nov · 18:00–19:00`.
pub fn booking_line(b: &Booking) -> String {
    format!(
        "{} · {} · {}",
        b.court_name,
        short_date(b.local_date),
        time_range(&b.local_start, &b.local_end)
    )
}

/// `clay` → `Clay`, `artificial_grass` → `Artificial grass`.
pub fn capitalise(s: &str) -> String {
    let s = s.replace('_', " ");
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A sport code in the app's language: `tennis` → `Tennis`; a code the
/// message files do not know is shown capitalised.
pub fn sport_label(code: &str) -> String {
    match code {
        "tennis" => msg::sport_tennis().to_string(),
        "padel" => msg::sport_padel().to_string(),
        "badminton" => msg::sport_badminton().to_string(),
        "pickleball" => msg::sport_pickleball().to_string(),
        other => capitalise(other),
    }
}

/// A surface code in the app's language: `clay` → `Grus` / `Clay`,
/// `artificial_grass` → `Konstgräs` / `Artificial grass`; a code the message
/// files do not know is shown capitalised.
pub fn surface_label(code: &str) -> String {
    match code {
        "hard" => msg::surface_hard().to_string(),
        "clay" => msg::surface_clay().to_string(),
        "grass" => msg::surface_grass().to_string(),
        "artificial_grass" => msg::surface_artificial_grass().to_string(),
        "carpet" => msg::surface_carpet().to_string(),
        other => capitalise(other),
    }
}

/// The street address, with the city added unless the address already names it.
pub fn full_address(venue: &shared::VenueSummary) -> String {
    if venue.city.is_empty() || venue.address.contains(&venue.city) {
        venue.address.clone()
    } else {
        format!("{}, {}", venue.address, venue.city)
    }
}

/// `tis 2 dec 18:00` / `Tue 2 Dec 18:00`, in the device's time zone.
pub fn device_day_time(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Local);
    msg::day_time(short_date(local.date_naive()), local.format("%H:%M"))
}

/// The cancellation terms in a sentence: free until when, and what a late
/// cancellation refunds.
pub fn cancellation_terms(
    terms: &shared::rules::CancellationTerms,
    starts_at: DateTime<Utc>,
) -> String {
    if terms.free_until >= starts_at {
        return msg::terms_free_until_start().to_string();
    }
    let late = if terms.late_refund.amount_minor <= 0 {
        msg::terms_no_refund().to_string()
    } else if terms.late_fee.amount_minor <= 0 {
        msg::terms_full_refund().to_string()
    } else {
        msg::terms_late_fee(terms.late_fee.display_sv(), terms.late_refund.display_sv())
    };
    // On the venue's clock, like the slot's own times (a phone set to
    // another zone would otherwise show a deadline an hour or more off).
    let until = match terms.free_until_local {
        Some(local) => msg::day_time(short_date(local.date()), local.format("%H:%M")),
        None => device_day_time(terms.free_until),
    };
    msg::terms_free_until(late, until)
}

/// What a cancellation did with the money, in a sentence.
pub fn cancellation_outcome(outcome: &shared::rules::CancellationOutcome) -> String {
    if outcome.paid.amount_minor <= 0 {
        return msg::outcome_nothing_paid().to_string();
    }
    let refund = if outcome.refund.amount_minor <= 0 {
        msg::outcome_nothing_refunded().to_string()
    } else if outcome.refund_status == "succeeded" {
        msg::outcome_refunded(outcome.refund.display_sv())
    } else {
        msg::outcome_will_refund(outcome.refund.display_sv())
    };
    if let Some(reason) = outcome.closure_reason {
        msg::outcome_closed(closure_reason(reason), refund)
    } else if outcome.fee.amount_minor > 0 {
        msg::outcome_with_fee(outcome.fee.display_sv(), refund)
    } else {
        msg::outcome_plain(refund)
    }
}

/// `snö` / `snow`: why a venue closed a court.
pub fn closure_reason(reason: shared::operator::ClosureReason) -> &'static str {
    use shared::operator::ClosureReason;
    match reason {
        ClosureReason::Snow => msg::closure_reason_snow(),
        ClosureReason::Rain => msg::closure_reason_rain(),
        ClosureReason::Maintenance => msg::closure_reason_maintenance(),
        ClosureReason::Event => msg::closure_reason_event(),
        ClosureReason::Other => msg::closure_reason_other(),
    }
}

/// `Peak` / `Off-peak`.
pub fn band_label(band: shared::rules::TimeBand) -> &'static str {
    match band {
        shared::rules::TimeBand::Peak => msg::band_peak(),
        shared::rules::TimeBand::OffPeak => msg::band_off_peak(),
    }
}
