//! What a player whose booking the venue's desk cancelled is told, in their
//! language (Swedish for guests and by default): a mail always, a push to
//! their devices when they booked signed in.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use shared::{account::Language, Money};
use uuid::Uuid;

use crate::{
    bookings::store::BookingRow,
    mail::Mail,
    words::{money, weekday_date},
};

/// The mail, and the push payload for the account it was booked under.
pub struct Notice {
    pub mail: Mail,
    pub push: Option<(Uuid, String)>,
}

fn instant(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// The notice for `b`, cancelled at the desk with `refund_minor` back.
pub fn cancelled(
    b: &BookingRow,
    language: Option<&str>,
    refund_minor: i64,
    public_url: &str,
) -> Notice {
    let language = language.and_then(Language::parse).unwrap_or_default();
    let tz: Tz = b.timezone.parse().unwrap_or(chrono_tz::Europe::Stockholm);
    let (start, end) = (
        instant(b.starts_at).with_timezone(&tz),
        instant(b.ends_at).with_timezone(&tz),
    );
    let when = format!(
        "{} {}–{}",
        weekday_date(language, start.date_naive()),
        start.format("%H:%M"),
        end.format("%H:%M")
    );
    let refund = money(
        language,
        &Money {
            amount_minor: refund_minor,
            currency: b.currency.clone(),
        },
    );
    let link = format!("{public_url}/bookings/{}", b.id);
    let (venue, court, name) = (&b.venue_name, &b.court_name, &b.name);
    let (subject, text, title, body) = match language {
        Language::En => (
            format!("Your booking is cancelled: {court}, {venue}, {when}"),
            format!(
                "Hello {name},\n\n{venue} has cancelled your booking of {court} on {when}.{back}\n\nQuestions? Answer this mail or call the venue.\n\nYour booking: {link}\n\nLedig\n",
                back = if refund_minor > 0 {
                    format!(" You get {refund} back; it reaches your card within a few days.")
                } else {
                    String::new()
                },
            ),
            format!("Cancelled: {court}, {venue}"),
            format!("{when} is cancelled by the venue.{}", if refund_minor > 0 { format!(" {refund} is refunded.") } else { String::new() }),
        ),
        _ => (
            format!("Din bokning är avbokad: {court}, {venue}, {when}"),
            format!(
                "Hej {name}!\n\n{venue} har avbokat din bokning av {court} {when}.{back}\n\nFrågor? Svara på det här mejlet eller ring anläggningen.\n\nDin bokning: {link}\n\nLedig\n",
                back = if refund_minor > 0 {
                    format!(" Du får tillbaka {refund}. Pengarna kommer tillbaka till ditt kort inom några dagar.")
                } else {
                    String::new()
                },
            ),
            format!("Avbokad: {court}, {venue}"),
            format!("{when} är avbokad av anläggningen.{}", if refund_minor > 0 { format!(" {refund} betalas tillbaka.") } else { String::new() }),
        ),
    };
    let push = b
        .account_id
        .map(|account| (account, crate::push::booking_payload(&title, &body, b.id)));
    Notice {
        mail: Mail {
            to: b.email.clone(),
            subject,
            text,
        },
        push,
    }
}
