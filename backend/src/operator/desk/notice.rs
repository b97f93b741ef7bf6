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

impl Notice {
    /// Queues the mail, and the push (worth showing until `expires_at`),
    /// inside the caller's transaction.
    pub async fn queue_in(
        &self,
        tx: &mut crate::db::Tx,
        expires_at: i64,
        at: i64,
    ) -> sqlx::Result<()> {
        crate::mail::queue::queue_in(tx, &self.mail, at).await?;
        if let Some((account, payload)) = &self.push {
            let message = crate::push::store::NewMessage {
                payload,
                topic: None,
                urgency: "high",
                expires_at,
            };
            crate::push::store::enqueue_for_account_in(tx, *account, &message, at).await?;
        }
        Ok(())
    }
}

fn instant(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// "tisdag 8 december 18:00–19:00" on the venue's clock.
fn when(b: &BookingRow, language: Language, starts_at: i64, ends_at: i64) -> String {
    let tz: Tz = b.timezone.parse().unwrap_or(chrono_tz::Europe::Stockholm);
    let (start, end) = (
        instant(starts_at).with_timezone(&tz),
        instant(ends_at).with_timezone(&tz),
    );
    format!(
        "{} {}–{}",
        weekday_date(language, start.date_naive()),
        start.format("%H:%M"),
        end.format("%H:%M")
    )
}

/// The notice for `b`, cancelled at the desk with `refund_minor` back.
pub fn cancelled(
    b: &BookingRow,
    language: Option<&str>,
    refund_minor: i64,
    public_url: &str,
) -> Notice {
    let language = language.and_then(Language::parse).unwrap_or_default();
    let when = when(b, language, b.starts_at, b.ends_at);
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

/// The notice for `was`, moved at the desk to where `now` is (read after
/// the move: its court, times and door code).
pub fn moved(
    was: &BookingRow,
    now: &BookingRow,
    language: Option<&str>,
    public_url: &str,
) -> Notice {
    let language = language.and_then(Language::parse).unwrap_or_default();
    let before = when(was, language, was.starts_at, was.ends_at);
    let after = when(now, language, now.starts_at, now.ends_at);
    let link = format!("{public_url}/bookings/{}", now.id);
    let (venue, old_court, court, name) =
        (&now.venue_name, &was.court_name, &now.court_name, &now.name);
    let code = now.door_code.as_deref().unwrap_or("–");
    let (subject, text, title, body) = match language {
        Language::En => (
            format!("Your booking has moved: {court}, {venue}, {after}"),
            format!(
                "Hello {name},\n\n{venue} has moved your booking of {old_court} on {before}.\n\nNow: {court}, {after}\nDoor code: {code}\n\nThe price and your cancellation terms are unchanged. The old code and QR no longer open the door; open your booking for the new QR.\n\nQuestions? Answer this mail or call the venue.\n\nYour booking: {link}\n\nLedig\n"
            ),
            format!("Moved: {court}, {venue}"),
            format!("Your booking is now {after}. Door code {code}."),
        ),
        _ => (
            format!("Din bokning är flyttad: {court}, {venue}, {after}"),
            format!(
                "Hej {name}!\n\n{venue} har flyttat din bokning av {old_court} {before}.\n\nNu: {court}, {after}\nDörrkod: {code}\n\nPriset och dina avbokningsvillkor är desamma. Den gamla koden och QR-koden öppnar inte längre; öppna din bokning för den nya QR-koden.\n\nFrågor? Svara på det här mejlet eller ring anläggningen.\n\nDin bokning: {link}\n\nLedig\n"
            ),
            format!("Flyttad: {court}, {venue}"),
            format!("Din bokning är nu {after}. Dörrkod {code}."),
        ),
    };
    let push = now
        .account_id
        .map(|account| (account, crate::push::booking_payload(&title, &body, now.id)));
    Notice {
        mail: Mail {
            to: now.email.clone(),
            subject,
            text,
        },
        push,
    }
}

/// The mail to a caller the desk booked for (in Swedish: a caller has no
/// account whose language we know): paid at the venue, with the door code;
/// or to pay by `link` before the hold lapses. `link` opens the booking
/// (its QR, cancelling) on any device. No address (a phone only): nothing
/// is queued, the desk has told them.
pub fn made(b: &BookingRow, link: &str) -> Mail {
    let language = Language::default();
    let when = when(b, language, b.starts_at, b.ends_at);
    let price = money(language, &b.money(b.price_minor));
    let (venue, court, name) = (&b.venue_name, &b.court_name, &b.name);
    let (subject, text) = if b.pay_at_venue {
        (
            format!("Din bokning: {court}, {venue}, {when}"),
            format!(
                "Hej {name}!\n\n{venue} har bokat {court} {when} åt dig. Du betalar {price} på plats.\n\nDörrkod: {code}\n\nDin bokning, med QR-koden och avbokning: {link}\n\nLedig\n",
                code = b.door_code.as_deref().unwrap_or("–"),
            ),
        )
    } else {
        let tz: Tz = b.timezone.parse().unwrap_or(chrono_tz::Europe::Stockholm);
        let until = instant(b.hold_expires_at.unwrap_or(b.starts_at)).with_timezone(&tz);
        let (until_day, until_time) = (
            weekday_date(language, until.date_naive()),
            until.format("%H:%M"),
        );
        (
            format!("Betala din bokning: {court}, {venue}, {when}"),
            format!(
                "Hej {name}!\n\n{venue} har reserverat {court} {when} åt dig. Betala {price} senast {until_day} {until_time} med kort eller Swish här:\n\n{link}\n\nBetalar du inte i tid släpps tiden för andra. Dörrkoden får du när du har betalat.\n\nLedig\n",
            ),
        )
    };
    Mail {
        to: b.email.clone(),
        subject,
        text,
    }
}
