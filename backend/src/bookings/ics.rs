//! A booking as an iCalendar event (RFC 5545), for "add to calendar".

use chrono::{DateTime, Utc};
use shared::{Booking, BookingStatus};

/// The `.ics` text of one booking: one VEVENT, CRLF line ends, long lines
/// folded at 75 octets, text escaped.
pub fn calendar(booking: &Booking, venue_address: &str, now: DateTime<Utc>) -> String {
    feed(
        "Ledig",
        &[(booking.clone(), venue_address.to_string())],
        now,
    )
}

/// A calendar of many bookings (the personal feed), named `name`.
pub fn feed(name: &str, bookings: &[(Booking, String)], now: DateTime<Utc>) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Ledig//Court booking//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", escape(name)),
    ];
    for (booking, address) in bookings {
        lines.extend(event(booking, address, now));
    }
    lines.push("END:VCALENDAR".to_string());
    lines.iter().map(|line| fold(line)).collect()
}

fn event(booking: &Booking, venue_address: &str, now: DateTime<Utc>) -> Vec<String> {
    let stamp = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let status = match booking.status {
        BookingStatus::Cancelled | BookingStatus::Expired => "CANCELLED",
        BookingStatus::Held => "TENTATIVE",
        BookingStatus::Confirmed => "CONFIRMED",
    };
    let mut description = format!(
        "{} at {}. Price {} (VAT included).",
        booking.court_name,
        booking.venue_name,
        booking.price.display_sv()
    );
    if let Some(code) = &booking.door_code {
        description.push_str(&format!("\nDoor code: {code}"));
    }
    vec![
        "BEGIN:VEVENT".to_string(),
        // Not the booking id: a calendar file gets forwarded and synced.
        format!("UID:{}@ledig", super::owner::calendar_uid(booking.id)),
        format!("DTSTAMP:{}", stamp(now)),
        format!("DTSTART:{}", stamp(booking.starts_at)),
        format!("DTEND:{}", stamp(booking.ends_at)),
        format!(
            "SUMMARY:{}",
            escape(&format!("{} – {}", booking.court_name, booking.venue_name))
        ),
        format!(
            "LOCATION:{}",
            escape(&format!("{}, {}", booking.venue_name, venue_address))
        ),
        format!("DESCRIPTION:{}", escape(&description)),
        format!("STATUS:{status}"),
        // Cancelling bumps the sequence so calendars replace the event.
        format!("SEQUENCE:{}", if status == "CANCELLED" { 1 } else { 0 }),
        "END:VEVENT".to_string(),
    ]
}

/// TEXT escaping (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets without splitting a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_long_lines_on_character_boundaries() {
        let line = format!("SUMMARY:{}", "å".repeat(60));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{physical:?}");
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), line);
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
