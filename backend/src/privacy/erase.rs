//! Erasing an account (GDPR Art. 17): in one transaction the person's
//! upcoming bookings are cancelled (refunded by the venue's rules, or in
//! full if the operator so chose: `LEDIG_ERASE_REFUNDS_IN_FULL`), every
//! door credential of theirs is revoked, and the register's erase
//! statements delete or pseudonymise every row about them; the
//! confirmation mail is queued in the same transaction. A crash or a
//! dropped request leaves all of it or none of it.
//!
//! What stays is what the Bookkeeping Act makes the municipality keep:
//! bookings with their payments and refunds (receipts), and what only
//! points at such a booking (door entries, freed-slot events), none of it
//! naming the person any more.

use chrono::Utc;
use shared::{account::Language, privacy::AccountErased, BookingStatus, Money};

use super::{
    register::{MY_BOOKINGS, TABLES},
    Person,
};
use crate::{
    accounts::store::AccountRow,
    bookings::store::{self as bookings, Cancel, WriteOutcome},
    db::Db,
    error::{AppError, AppResult},
    mail::{queue, Mail},
    on_tx,
    payments::{refund, PaymentProvider},
    words::money,
};

pub async fn erase(
    db: &Db,
    provider: &PaymentProvider,
    account: &AccountRow,
    refunds_in_full: bool,
    controller: &str,
) -> AppResult<AccountErased> {
    let proved = account.email_verified.then_some(account.email.as_str());
    let person = Person {
        account_id: account.id,
        proved_email: proved,
    };
    // A booking paid for (or cancelled) while we decide is decided again.
    for _ in 0..3 {
        let now = Utc::now();
        let at = now.timestamp();
        let mine = bookings::for_account(db, account.id, proved, at, None, 1).await?;
        let mut cancels = Vec::new();
        for row in mine.upcoming.iter().filter(|b| b.starts_at() > now) {
            let from = match row.status_at(now) {
                status @ (BookingStatus::Held | BookingStatus::Confirmed) => status,
                _ => continue,
            };
            let refund_provider = refund::provider_for(db, row.id).await?;
            cancels.push(Cancel::of(row, from, now, refunds_in_full, refund_provider));
        }

        let mut tx = db.begin_write().await?;
        let mut changed = false;
        for cancel in &cancels {
            if bookings::cancel_in(&mut tx, cancel).await? != WriteOutcome::Done {
                changed = true;
                break;
            }
        }
        if changed {
            continue;
        }
        // Every door credential of theirs, a booking under way's too.
        let ids: Vec<uuid::Uuid> = on_tx!(&mut tx, tx => bound!(MY_BOOKINGS.text(db), MY_BOOKINGS.binds, person)
            .fetch_all(&mut **tx).await?
            .iter()
            .map(|row| sqlx::Row::try_get(row, 0))
            .collect::<sqlx::Result<_>>())?;
        for id in &ids {
            crate::access::credentials::revoke_in(&mut tx, *id, at).await?;
        }
        // The register, accounts last: every other table may point at them.
        for table in TABLES.iter().rev() {
            let Some(personal) = table.personal() else {
                continue;
            };
            for statement in personal.erase {
                let sql = statement.text(db);
                on_tx!(&mut tx, tx => bound!(sql, statement.binds, person)
                    .execute(&mut **tx).await.map(|_| ()))?;
            }
        }
        let refund_minor: i64 = cancels.iter().map(|c| c.refund_minor).sum();
        let currency = cancels
            .first()
            .map(|c| c.currency.clone())
            .unwrap_or_else(|| "SEK".to_string());
        let erased = AccountErased {
            cancelled: cancels.len() as u32,
            refund_minor,
            currency,
            kept_as_records: ids.len() as u32,
        };
        // After the outbox was emptied of them: this one mail is the last.
        let mail = confirmation(account, &erased, controller);
        queue::queue_in(&mut tx, &mail, at).await?;
        tx.commit().await?;
        crate::wake::MAIL.ring();
        crate::wake::OFFERS.ring();
        tracing::info!(
            account = %account.id,
            cancelled = erased.cancelled,
            kept = erased.kept_as_records,
            "account erased"
        );
        for cancel in &cancels {
            refund::carry_out_detached(db, provider, cancel.id).await?;
        }
        return Ok(erased);
    }
    Err(AppError::conflict(
        "changed-meanwhile",
        "Your bookings changed while your account was being deleted. Nothing was deleted; please try again.",
    ))
}

/// The mail that says it is done, in the person's language.
fn confirmation(account: &AccountRow, erased: &AccountErased, controller: &str) -> Mail {
    let language = account.language();
    let refund = money(
        language,
        &Money {
            amount_minor: erased.refund_minor,
            currency: erased.currency.clone(),
        },
    );
    let n = erased.cancelled;
    let (subject, text) = match language {
        Language::En => (
            "Your Ledig account is deleted".to_string(),
            format!(
                "Hello,\n\nYour Ledig account ({email}) is deleted, as you asked. Your sign-ins, passkeys, watches and push messages are gone, and your name, e-mail address and phone number are removed from everything we keep.{cancelled}\n\nWhat remains is what the Bookkeeping Act makes {controller} keep for seven years: the receipts and payments of your bookings, without your name or contact details.\n\nDid you not delete it? Answer this mail.\n\nLedig\n",
                email = account.email,
                cancelled = match n {
                    0 => String::new(),
                    1 => format!("\n\nWe cancelled your upcoming booking; {refund} is refunded to your card within a few days."),
                    _ => format!("\n\nWe cancelled your {n} upcoming bookings; {refund} is refunded to your card within a few days."),
                },
            ),
        ),
        Language::Sv => (
            "Ditt konto hos Ledig är raderat".to_string(),
            format!(
                "Hej!\n\nDitt konto hos Ledig ({email}) är raderat, som du bad om. Dina inloggningar, nycklar, bevakningar och pushnotiser är borta, och ditt namn, din e-postadress och ditt telefonnummer är borttagna ur allt vi sparar.{cancelled}\n\nKvar finns bara det som bokföringslagen kräver att {controller} sparar i sju år: kvitton och betalningar för dina bokningar, utan ditt namn och dina kontaktuppgifter.\n\nVar det inte du som raderade kontot? Svara på det här mejlet.\n\nLedig\n",
                email = account.email,
                cancelled = match n {
                    0 => String::new(),
                    1 => format!("\n\nVi har avbokat din kommande bokning; {refund} betalas tillbaka till ditt kort inom några dagar."),
                    _ => format!("\n\nVi har avbokat dina {n} kommande bokningar; {refund} betalas tillbaka till ditt kort inom några dagar."),
                },
            ),
        ),
    };
    Mail {
        to: account.email.clone(),
        subject,
        text,
    }
}
