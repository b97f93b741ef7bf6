//! Subscriptions and the push outbox.

use uuid::Uuid;

use crate::{db::Db, on_db};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubscriptionRow {
    pub id: Uuid,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
}

/// Stores the subscription of one device for `account_id`; returns its id.
///
/// An endpoint belongs to a browser on a device, and the browser hands the
/// same one to whoever is signed in. Known for this account: its keys are
/// updated, the id stays. Known for another account (someone else signed
/// in on that browser, or someone who learnt the endpoint): the old row and
/// the messages still queued for it end, and a new row with a new id
/// starts for this account — the other account's pushes never reach this
/// person, and an id the other account holds never names this row.
pub async fn upsert_subscription(
    db: &Db,
    account_id: Uuid,
    endpoint: &str,
    p256dh: &str,
    auth: &str,
    now: i64,
) -> sqlx::Result<Uuid> {
    const FIND: &str = "SELECT id, account_id FROM push_subscriptions WHERE endpoint = $1";
    const UPDATE: &str = "UPDATE push_subscriptions SET p256dh = $2, auth = $3 WHERE id = $1";
    const END_QUEUED: &str = "UPDATE push_outbox SET status = 'dead', last_error = 'subscription taken over', sent_at = $2 \
         WHERE subscription_id = $1 AND status = 'pending'";
    const DELETE: &str = "DELETE FROM push_subscriptions WHERE id = $1";
    const INSERT: &str =
        "INSERT INTO push_subscriptions (id, account_id, endpoint, p256dh, auth, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (endpoint) DO NOTHING";
    // A second try only when another request inserted the same endpoint
    // between our look and our insert.
    for _ in 0..2 {
        let stored: Option<Uuid> = on_db!(db, pool => {
            // A write transaction from the start: a deferred one on SQLite
            // fails at once (busy) when it must upgrade while another writes.
            let mut tx = crate::db::BeginWrite::begin_write(pool).await?;
            let found: Option<(Uuid, Uuid)> =
                sqlx::query_as(FIND).bind(endpoint).fetch_optional(&mut *tx).await?;
            let id = match found {
                Some((id, owner)) if owner == account_id => {
                    sqlx::query(UPDATE).bind(id).bind(p256dh).bind(auth).execute(&mut *tx).await?;
                    Some(id)
                }
                other => {
                    if let Some((old, _)) = other {
                        sqlx::query(END_QUEUED).bind(old).bind(now).execute(&mut *tx).await?;
                        sqlx::query(DELETE).bind(old).execute(&mut *tx).await?;
                    }
                    let id = Uuid::new_v4();
                    let inserted = sqlx::query(INSERT)
                        .bind(id).bind(account_id).bind(endpoint).bind(p256dh).bind(auth).bind(now)
                        .execute(&mut *tx).await?.rows_affected();
                    (inserted == 1).then_some(id)
                }
            };
            tx.commit().await?;
            id
        });
        if let Some(id) = stored {
            return Ok(id);
        }
    }
    Err(sqlx::Error::RowNotFound)
}

/// Removes a subscription (the push service said it is gone, or the person
/// turned it off); its undelivered messages die with it.
pub async fn remove_subscription(db: &Db, id: Uuid, now: i64) -> sqlx::Result<()> {
    const DEAD: &str = "UPDATE push_outbox SET status = 'dead', last_error = 'subscription removed', sent_at = $2 \
         WHERE subscription_id = $1 AND status = 'pending'";
    const DELETE: &str = "DELETE FROM push_subscriptions WHERE id = $1";
    on_db!(db, pool => {
        let mut tx = crate::db::BeginWrite::begin_write(pool).await?;
        sqlx::query(DEAD).bind(id).bind(now).execute(&mut *tx).await?;
        sqlx::query(DELETE).bind(id).execute(&mut *tx).await?;
        tx.commit().await
    })
}

pub async fn remove_for_account(
    db: &Db,
    account_id: Uuid,
    id: Uuid,
    now: i64,
) -> sqlx::Result<bool> {
    const OWNS: &str = "SELECT COUNT(*) FROM push_subscriptions WHERE id = $1 AND account_id = $2";
    let owns: i64 = on_db!(db, pool => sqlx::query_scalar(OWNS).bind(id).bind(account_id).fetch_one(pool).await)?;
    if owns == 0 {
        return Ok(false);
    }
    remove_subscription(db, id, now).await?;
    Ok(true)
}

/// One message to queue for every device of an account.
pub struct NewMessage<'a> {
    pub payload: &'a str,
    pub topic: Option<&'a str>,
    pub urgency: &'a str,
    pub expires_at: i64,
}

/// Queues `message` for each of the account's devices; returns how many.
pub async fn enqueue_for_account(
    db: &Db,
    account_id: Uuid,
    message: &NewMessage<'_>,
    now: i64,
) -> sqlx::Result<u64> {
    const SUBS: &str = "SELECT id FROM push_subscriptions WHERE account_id = $1";
    const SQL: &str = "INSERT INTO push_outbox (id, subscription_id, payload, topic, urgency, expires_at, next_attempt_at, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $7)";
    on_db!(db, pool => {
        let mut tx = crate::db::BeginWrite::begin_write(pool).await?;
        let subs: Vec<Uuid> = sqlx::query_scalar(SUBS).bind(account_id).fetch_all(&mut *tx).await?;
        for sub in &subs {
            sqlx::query(SQL)
                .bind(Uuid::new_v4()).bind(sub).bind(message.payload).bind(message.topic)
                .bind(message.urgency).bind(message.expires_at).bind(now)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(subs.len() as u64)
    })
}

/// [`enqueue_for_account`] inside the caller's transaction: the message is
/// queued with the change that causes it, or not at all.
pub async fn enqueue_for_account_in(
    tx: &mut crate::db::Tx,
    account_id: Uuid,
    message: &NewMessage<'_>,
    now: i64,
) -> sqlx::Result<u64> {
    const SUBS: &str = "SELECT id FROM push_subscriptions WHERE account_id = $1";
    const SQL: &str = "INSERT INTO push_outbox (id, subscription_id, payload, topic, urgency, expires_at, next_attempt_at, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $7)";
    crate::on_tx!(tx, tx => {
        let subs: Vec<Uuid> = sqlx::query_scalar(SUBS).bind(account_id).fetch_all(&mut **tx).await?;
        for sub in &subs {
            sqlx::query(SQL)
                .bind(Uuid::new_v4()).bind(sub).bind(message.payload).bind(message.topic)
                .bind(message.urgency).bind(message.expires_at).bind(now)
                .execute(&mut **tx).await?;
        }
        Ok(subs.len() as u64)
    })
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueMessage {
    pub id: Uuid,
    pub subscription_id: Uuid,
    pub payload: String,
    pub topic: Option<String>,
    pub urgency: String,
    pub expires_at: i64,
    pub attempts: i64,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
}

/// Messages due now, oldest first, each leased for `lease` seconds so a
/// second worker (another process) does not send it too. The leases are
/// one transaction: a burst of a hundred costs one commit, not a hundred.
pub async fn take_due(db: &Db, now: i64, lease: i64, limit: i64) -> sqlx::Result<Vec<DueMessage>> {
    const DUE: &str = "SELECT o.id, o.subscription_id, o.payload, o.topic, o.urgency, o.expires_at, o.attempts, \
         s.endpoint, s.p256dh, s.auth FROM push_outbox o JOIN push_subscriptions s ON s.id = o.subscription_id \
         WHERE o.status = 'pending' AND o.next_attempt_at <= $1 ORDER BY o.next_attempt_at, o.created_at LIMIT $2";
    const LEASE: &str = "UPDATE push_outbox SET next_attempt_at = $3 WHERE id = $1 AND status = 'pending' AND next_attempt_at <= $2";
    let due: Vec<DueMessage> =
        on_db!(db, pool => sqlx::query_as(DUE).bind(now).bind(limit).fetch_all(pool).await)?;
    if due.is_empty() {
        return Ok(due);
    }
    on_db!(db, pool => {
        let mut tx = crate::db::BeginWrite::begin_write(pool).await?;
        let mut mine = Vec::with_capacity(due.len());
        for message in due {
            let leased = sqlx::query(LEASE).bind(message.id).bind(now).bind(now + lease)
                .execute(&mut *tx).await?.rows_affected();
            if leased == 1 {
                mine.push(message);
            }
        }
        tx.commit().await?;
        Ok(mine)
    })
}

/// Marks the messages sent, in one transaction.
pub async fn mark_sent(db: &Db, ids: &[Uuid], now: i64) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE push_outbox SET status = 'sent', sent_at = $2, attempts = attempts + 1 WHERE id = $1";
    if ids.is_empty() {
        return Ok(());
    }
    on_db!(db, pool => {
        let mut tx = crate::db::BeginWrite::begin_write(pool).await?;
        for id in ids {
            sqlx::query(SQL).bind(id).bind(now).execute(&mut *tx).await?;
        }
        tx.commit().await
    })
}

pub async fn mark_dead(db: &Db, id: Uuid, error: &str, now: i64) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE push_outbox SET status = 'dead', last_error = $2, sent_at = $3, attempts = attempts + 1 WHERE id = $1";
    on_db!(db, pool => sqlx::query(SQL).bind(id).bind(error).bind(now).execute(pool).await.map(|_| ()))
}

pub async fn retry_later(db: &Db, id: Uuid, error: &str, at: i64) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE push_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE id = $1";
    on_db!(db, pool => sqlx::query(SQL).bind(id).bind(error).bind(at).execute(pool).await.map(|_| ()))
}
