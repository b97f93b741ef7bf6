//! Small display helpers shared by the pages.

use chrono::{DateTime, Local, NaiveDate, Utc};
use shared::{Booking, BookingStatus};

/// `Sunday 23 November 2025`
pub fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// `Sun 23 Nov`
pub fn short_date(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
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
        BookingStatus::Held => "Awaiting payment",
        BookingStatus::Confirmed => "Confirmed",
        BookingStatus::Cancelled => "Cancelled",
        BookingStatus::Expired => "Expired",
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

/// The street address, with the city added unless the address already names it.
pub fn full_address(venue: &shared::VenueSummary) -> String {
    if venue.city.is_empty() || venue.address.contains(&venue.city) {
        venue.address.clone()
    } else {
        format!("{}, {}", venue.address, venue.city)
    }
}

/// `Tue 2 Dec 18:00`, in the device's time zone.
pub fn device_day_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%a %-d %b %H:%M")
        .to_string()
}

/// The cancellation terms in a sentence: free until when, and what a late
/// cancellation refunds.
pub fn cancellation_terms(
    terms: &shared::rules::CancellationTerms,
    starts_at: DateTime<Utc>,
) -> String {
    if terms.free_until >= starts_at {
        return "Free cancellation until the start, with a full refund.".to_string();
    }
    let late = if terms.late_refund.amount_minor <= 0 {
        "no refund".to_string()
    } else if terms.late_fee.amount_minor <= 0 {
        "still a full refund".to_string()
    } else {
        format!(
            "a {} fee ({} refunded)",
            terms.late_fee.display_sv(),
            terms.late_refund.display_sv()
        )
    };
    format!(
        "Free cancellation until {}; after that, {late}.",
        device_day_time(terms.free_until)
    )
}

/// What a cancellation did with the money, in a sentence.
pub fn cancellation_outcome(outcome: &shared::rules::CancellationOutcome) -> String {
    if outcome.paid.amount_minor <= 0 {
        return "Nothing had been paid, so there is nothing to refund.".to_string();
    }
    let refund = if outcome.refund.amount_minor <= 0 {
        "Nothing is refunded".to_string()
    } else if outcome.refund_status == "succeeded" {
        format!("{} has been refunded", outcome.refund.display_sv())
    } else {
        format!("{} will be refunded", outcome.refund.display_sv())
    };
    if outcome.fee.amount_minor > 0 {
        format!(
            "{refund}; {} was kept as the late-cancellation fee.",
            outcome.fee.display_sv()
        )
    } else {
        format!("{refund}.")
    }
}

/// `Peak` / `Off-peak`.
pub fn band_label(band: shared::rules::TimeBand) -> &'static str {
    match band {
        shared::rules::TimeBand::Peak => "Peak",
        shared::rules::TimeBand::OffPeak => "Off-peak",
    }
}
