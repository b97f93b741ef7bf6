//! What the venue's staff are mailed, in each subscriber's language. Courts
//! and times only: no booker's name, e-mail or phone reaches them.

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use shared::{account::Language, operator::ClosureReason};

use super::store::{SubscriberRow, UntoldClosure};
use crate::{bookings::store::BookingRow, mail::Mail, words::weekday_date};

fn local(seconds: i64, tz: Tz) -> DateTime<Tz> {
    DateTime::from_timestamp(seconds, 0)
        .unwrap_or_default()
        .with_timezone(&tz)
}

/// "tisdag 8 december 10:00–12:00", or across days with both dates.
pub fn span(language: Language, tz: Tz, starts_at: i64, ends_at: i64) -> String {
    let (start, end) = (local(starts_at, tz), local(ends_at, tz));
    if start.date_naive() == end.date_naive() {
        format!(
            "{} {}–{}",
            weekday_date(language, start.date_naive()),
            start.format("%H:%M"),
            end.format("%H:%M")
        )
    } else {
        format!(
            "{} {} – {} {}",
            weekday_date(language, start.date_naive()),
            start.format("%H:%M"),
            weekday_date(language, end.date_naive()),
            end.format("%H:%M")
        )
    }
}

fn tz_of(name: &str) -> Tz {
    name.parse().unwrap_or(chrono_tz::Europe::Stockholm)
}

fn reason(language: Language, c: &UntoldClosure) -> &'static str {
    crate::operator::closures::notice::reason_text(
        language,
        ClosureReason::parse(&c.reason).unwrap_or(ClosureReason::Other),
    )
}

/// A closure or block, for someone who asked to hear of them.
pub fn closure(to: &SubscriberRow, c: &UntoldClosure) -> Mail {
    let language = to.language();
    let when = span(language, tz_of(&c.timezone), c.starts_at, c.ends_at);
    let venue = &c.venue_name;
    let block = c.kind == "block";
    let why = reason(language, c);
    let (subject, text) = match language {
        Language::En => {
            let what = c
                .court_name
                .clone()
                .unwrap_or_else(|| "The whole venue".into());
            let text = if block {
                format!("{what} at {venue} is reserved {when} ({why}): no bookings then.\n")
            } else {
                format!(
                    "{what} at {venue} is closed {when} ({why}). {n} booking(s) were cancelled and refunded; the players have been told.\n",
                    n = c.cancelled
                )
            };
            (
                format!(
                    "{}: {what}, {venue}, {when}",
                    if block { "Blocked" } else { "Closed" }
                ),
                text,
            )
        }
        _ => {
            let what = c
                .court_name
                .clone()
                .unwrap_or_else(|| "Hela anläggningen".into());
            let text = if block {
                format!("{what} på {venue} är blockerad {when} ({why}): inga bokningar då.\n")
            } else {
                format!(
                    "{what} på {venue} är stängd {when} ({why}). {n} bokning(ar) avbokades och betalades tillbaka; spelarna har fått besked.\n",
                    n = c.cancelled
                )
            };
            (
                format!(
                    "{}: {what}, {venue}, {when}",
                    if block { "Blockerat" } else { "Stängt" }
                ),
                text,
            )
        }
    };
    Mail {
        to: to.email.clone(),
        subject,
        text: format!("{text}\nLedig\n"),
    }
}

/// A booking outside the staffed hours `from`–`until`.
pub fn after_hours(to: &SubscriberRow, b: &BookingRow, from: &str, until: &str) -> Mail {
    let language = to.language();
    let when = span(language, tz_of(&b.timezone), b.starts_at, b.ends_at);
    let (venue, court) = (&b.venue_name, &b.court_name);
    let (subject, text) = match language {
        Language::En => (
            format!("Booking outside staffed hours: {court}, {venue}, {when}"),
            format!("{court} at {venue} is booked {when}, outside the staffed hours {from}–{until}. The player's door code works only in the booked time.\n"),
        ),
        _ => (
            format!("Bokning utanför bemannad tid: {court}, {venue}, {when}"),
            format!("{court} på {venue} är bokad {when}, utanför den bemannade tiden {from}–{until}. Spelarens dörrkod fungerar bara under den bokade tiden.\n"),
        ),
    };
    Mail {
        to: to.email.clone(),
        subject,
        text: format!("{text}\nLedig\n"),
    }
}

/// The morning summary of `date` at the venue: its bookings and closures
/// by court and time.
pub fn summary(
    to: &SubscriberRow,
    venue: &str,
    date: NaiveDate,
    timezone: &str,
    bookings: &[BookingRow],
    closures: &[UntoldClosure],
) -> Mail {
    let language = to.language();
    let tz = tz_of(timezone);
    let day = weekday_date(language, date);
    let lines: Vec<String> = bookings
        .iter()
        .map(|b| {
            let (s, e) = (local(b.starts_at, tz), local(b.ends_at, tz));
            format!(
                "- {} {}–{}",
                b.court_name,
                s.format("%H:%M"),
                e.format("%H:%M")
            )
        })
        .collect();
    let closed: Vec<String> = closures
        .iter()
        .map(|c| {
            let what = c.court_name.clone().unwrap_or_else(|| match language {
                Language::En => "The whole venue".into(),
                _ => "Hela anläggningen".into(),
            });
            format!(
                "- {what} {} ({})",
                span(language, tz, c.starts_at, c.ends_at),
                reason(language, c)
            )
        })
        .collect();
    let (subject, heading, none, closed_heading) = match language {
        Language::En => (
            format!("Today at {venue}, {day}: {} booking(s)", lines.len()),
            "Bookings:",
            "No bookings today.",
            "Closed or blocked:",
        ),
        _ => (
            format!("Idag på {venue}, {day}: {} bokning(ar)", lines.len()),
            "Bokningar:",
            "Inga bokningar idag.",
            "Stängt eller blockerat:",
        ),
    };
    let mut text = String::new();
    if lines.is_empty() {
        text.push_str(none);
        text.push('\n');
    } else {
        text.push_str(heading);
        text.push('\n');
        text.push_str(&lines.join("\n"));
        text.push('\n');
    }
    if !closed.is_empty() {
        text.push('\n');
        text.push_str(closed_heading);
        text.push('\n');
        text.push_str(&closed.join("\n"));
        text.push('\n');
    }
    text.push_str("\nLedig\n");
    Mail {
        to: to.email.clone(),
        subject,
        text,
    }
}

/// Whether a booking starts before or ends after the staffed hours.
pub fn outside(b: &BookingRow, from: &str, until: &str) -> bool {
    let tz = tz_of(&b.timezone);
    let start = local(b.starts_at, tz).format("%H:%M").to_string();
    let end = local(b.ends_at, tz);
    // A booking ending at midnight ends at 24:00 of its day.
    let end = if end.date_naive() > local(b.starts_at, tz).date_naive() {
        "24:00".to_string()
    } else {
        end.format("%H:%M").to_string()
    };
    start.as_str() < from || end.as_str() > until
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_on_one_day_names_the_day_once() {
        let tz = chrono_tz::Europe::Stockholm;
        // 2026-12-08 10:00–12:00 in Stockholm (UTC+1).
        let s = span(Language::Sv, tz, 1_796_720_400, 1_796_727_600);
        assert_eq!(s, "tis 8 dec 10:00–12:00");
    }
}
