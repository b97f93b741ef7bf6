//! What a player whose booking a closure cancelled is told, in their
//! language (Swedish for guests and by default): a mail always, a push to
//! their devices when they booked signed in.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use shared::{account::Language, operator::ClosureReason, Money};

use super::store::{Affected, Notice};
use crate::{
    mail::Mail,
    words::{money, weekday_date},
};

/// The venue and closure a notice speaks of.
pub struct Context<'a> {
    pub venue_name: &'a str,
    pub tz: Tz,
    pub reason: ClosureReason,
    pub note: Option<&'a str>,
    /// `https://…` without a trailing slash.
    pub public_url: &'a str,
}

pub(crate) fn reason_text(language: Language, reason: ClosureReason) -> &'static str {
    match (language, reason) {
        (Language::En, ClosureReason::Snow) => "snow",
        (Language::En, ClosureReason::Rain) => "rain",
        (Language::En, ClosureReason::Maintenance) => "maintenance",
        (Language::En, ClosureReason::Event) => "an event",
        (Language::En, ClosureReason::Other) => "another reason",
        (_, ClosureReason::Snow) => "snö",
        (_, ClosureReason::Rain) => "regn",
        (_, ClosureReason::Maintenance) => "underhåll",
        (_, ClosureReason::Event) => "ett evenemang",
        (_, ClosureReason::Other) => "annan orsak",
    }
}

fn instant(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// The notice for one cancelled booking.
pub fn for_booking(cx: &Context<'_>, b: &Affected) -> Notice {
    let language = b
        .language
        .as_deref()
        .and_then(Language::parse)
        .unwrap_or_default();
    let (start, end) = (
        instant(b.starts_at).with_timezone(&cx.tz),
        instant(b.ends_at).with_timezone(&cx.tz),
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
            amount_minor: if b.paid() { b.price_minor } else { 0 },
            currency: b.currency.clone(),
        },
    );
    let reason = reason_text(language, cx.reason);
    let link = format!("{}/bookings/{}", cx.public_url, b.id);
    let (venue, court) = (cx.venue_name, b.court_name.as_str());
    let note = cx.note.map(|n| format!("\n\n{n}")).unwrap_or_default();
    let (subject, text, title, body) = match language {
        Language::En => (
            format!("Your booking is cancelled: {court}, {venue}, {when}"),
            format!(
                "Hello {name},\n\n{venue} has closed {court} on {when} ({reason}), so your booking is cancelled.{money}{note}\n\nYour booking: {link}\n\nLedig\n",
                name = b.name,
                money = if b.paid() {
                    format!(" You get everything you paid back: {refund}. It reaches your card within a few days.")
                } else {
                    String::new()
                },
            ),
            format!("Cancelled: {court}, {venue}"),
            format!("{when} is closed ({reason}).{}", if b.paid() { format!(" {refund} is refunded.") } else { String::new() }),
        ),
        _ => (
            format!("Din bokning är avbokad: {court}, {venue}, {when}"),
            format!(
                "Hej {name}!\n\n{venue} har stängt {court} {when} ({reason}), så din bokning är avbokad.{money}{note}\n\nDin bokning: {link}\n\nLedig\n",
                name = b.name,
                money = if b.paid() {
                    format!(" Du får tillbaka allt du betalat: {refund}. Pengarna kommer tillbaka till ditt kort inom några dagar.")
                } else {
                    String::new()
                },
            ),
            format!("Avbokad: {court}, {venue}"),
            format!("{when} är stängt ({reason}).{}", if b.paid() { format!(" {refund} betalas tillbaka.") } else { String::new() }),
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
