//! Mail that must not be lost: written to `mail_outbox` in the transaction
//! of the change that causes it (a closure's notices to the players it
//! cancelled), and sent by [`deliver_forever`] afterwards. A crash after the
//! commit delays the mail; it never drops it, and one before the commit
//! leaves neither the change nor the mail.
//!
//! Each message is leased before it is sent, so two processes on one
//! database do not both send it while the lease lasts. A mail relay that
//! refuses is tried again with a growing pause; after ten tries the message
//! is given up (`dead`, with the last error) and the log says so.

use std::time::Duration;

use uuid::Uuid;

use super::{Mail, Mailer};
use crate::{
    db::{Db, Tx},
    on_db, on_tx,
};

/// Tries before a message is given up.
const MAX_ATTEMPTS: i64 = 10;
/// How long a worker owns a message it is sending.
const LEASE_S: i64 = 120;

/// Queues `mail` inside the caller's transaction. Ring [`crate::wake::MAIL`]
/// after the commit.
pub async fn queue_in(tx: &mut Tx, mail: &Mail, now: i64) -> sqlx::Result<()> {
    // A booking the desk made for a caller who gave only a phone number has
    // no address: the desk tells them. Nothing is queued that cannot go.
    if mail.to.trim().is_empty() {
        return Ok(());
    }
    const SQL: &str = "INSERT INTO mail_outbox (id, to_address, subject, body, next_attempt_at, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'pending', $5)";
    on_tx!(tx, tx => sqlx::query(SQL)
        .bind(Uuid::new_v4()).bind(&mail.to).bind(&mail.subject).bind(&mail.text).bind(now)
        .execute(&mut **tx).await.map(|_| ()))
}

#[derive(Debug, sqlx::FromRow)]
struct Queued {
    id: Uuid,
    to_address: String,
    subject: String,
    body: String,
    attempts: i64,
}

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub sent: u32,
    pub retried: u32,
    pub dead: u32,
}

/// Sends what is due (at most 50 messages); returns what happened.
pub async fn deliver_due(db: &Db, mailer: &Mailer, now: i64) -> sqlx::Result<Pass> {
    const DUE: &str = "SELECT id, to_address, subject, body, attempts FROM mail_outbox \
         WHERE status = 'pending' AND next_attempt_at <= $1 AND leased_until <= $1 \
         ORDER BY next_attempt_at LIMIT 50";
    const LEASE: &str = "UPDATE mail_outbox SET leased_until = $2 \
         WHERE id = $1 AND status = 'pending' AND leased_until <= $3";
    const SENT: &str =
        "UPDATE mail_outbox SET status = 'sent', sent_at = $2, attempts = attempts + 1 WHERE id = $1";
    const RETRY: &str = "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = $2, \
         last_error = $3, leased_until = 0 WHERE id = $1";
    const DEAD: &str = "UPDATE mail_outbox SET status = 'dead', attempts = attempts + 1, \
         last_error = $3, sent_at = $2 WHERE id = $1";
    let due: Vec<Queued> = on_db!(db, pool => sqlx::query_as(DUE).bind(now).fetch_all(pool).await)?;
    let mut pass = Pass::default();
    for m in due {
        let leased = on_db!(db, pool => sqlx::query(LEASE)
            .bind(m.id).bind(now + LEASE_S).bind(now).execute(pool).await.map(|r| r.rows_affected()))?;
        if leased != 1 {
            continue; // another worker has it
        }
        let mail = Mail {
            to: m.to_address,
            subject: m.subject,
            text: m.body,
        };
        match mailer.send(&mail).await {
            Ok(()) => {
                on_db!(db, pool => sqlx::query(SENT).bind(m.id).bind(now).execute(pool).await.map(|_| ()))?;
                pass.sent += 1;
            }
            Err(error) if m.attempts + 1 >= MAX_ATTEMPTS => {
                let error = format!("{error:#}");
                tracing::error!(mail = %m.id, %error, "a queued mail was given up after {MAX_ATTEMPTS} tries");
                on_db!(db, pool => sqlx::query(DEAD).bind(m.id).bind(now).bind(&error).execute(pool).await.map(|_| ()))?;
                pass.dead += 1;
            }
            Err(error) => {
                let error = format!("{error:#}");
                tracing::warn!(mail = %m.id, %error, "a queued mail was not sent; will retry");
                let next = now + crate::push::deliver::backoff(m.attempts);
                on_db!(db, pool => sqlx::query(RETRY).bind(m.id).bind(next).bind(&error).execute(pool).await.map(|_| ()))?;
                pass.retried += 1;
            }
        }
    }
    Ok(pass)
}

/// Delivers queued mail at once when rung, and every 15 seconds anyway.
pub async fn deliver_forever(db: Db, mailer: Mailer) {
    let mut ear = crate::wake::MAIL.listen(Duration::from_secs(15));
    while ear.wait().await {
        let round = deliver_due(&db, &mailer, chrono::Utc::now().timestamp()).await;
        crate::metrics::job_round("mail", round.is_ok());
        match round {
            Ok(pass) if pass == Pass::default() => {}
            Ok(pass) => tracing::info!(
                sent = pass.sent,
                retried = pass.retried,
                dead = pass.dead,
                "queued mail"
            ),
            Err(error) => tracing::warn!(%error, "delivering queued mail failed"),
        }
    }
}
