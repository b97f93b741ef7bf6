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
