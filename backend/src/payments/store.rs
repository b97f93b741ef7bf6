//! Payment SQL: one row per booking and provider (the PaymentIntent), and the
//! Stripe events already applied.

use uuid::Uuid;

use crate::{
    db::{BeginWrite, Db, Tx},
    on_db, on_tx,
};

/// Statuses after which nothing more happens to a payment.
/// (`partially_refunded`: a cancellation after the deadline refunded part.)
pub const FINAL: [&str; 4] = ["succeeded", "refunded", "partially_refunded", "canceled"];

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentRow {
    pub booking_id: Uuid,
    pub provider: String,
    pub intent_id: String,
    pub amount: i64,
    pub currency: String,
    pub status: String,
    pub refund_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str =
    "booking_id, provider, intent_id, amount, currency, status, refund_id, created_at, updated_at";

pub async fn for_booking(
    db: &Db,
    booking_id: Uuid,
    provider: &str,
) -> sqlx::Result<Option<PaymentRow>> {
    let sql = format!("SELECT {COLUMNS} FROM payments WHERE booking_id = $1 AND provider = $2");
    on_db!(db, pool => sqlx::query_as::<_, PaymentRow>(sqlx::AssertSqlSafe(sql))
        .bind(booking_id).bind(provider).fetch_optional(pool).await)
}

pub async fn by_intent(db: &Db, intent_id: &str) -> sqlx::Result<Option<PaymentRow>> {
    let sql = format!("SELECT {COLUMNS} FROM payments WHERE intent_id = $1");
    on_db!(db, pool => sqlx::query_as::<_, PaymentRow>(sqlx::AssertSqlSafe(sql))
        .bind(intent_id).fetch_optional(pool).await)
}

/// Records a new PaymentIntent; a second one for the same booking (a
/// double tap, or a replay) changes nothing.
pub async fn insert(db: &Db, p: &PaymentRow) -> sqlx::Result<()> {
    const SQL: &str = "INSERT INTO payments \
         (booking_id, provider, intent_id, amount, currency, status, refund_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING";
    on_db!(db, pool => sqlx::query(SQL)
        .bind(p.booking_id).bind(&p.provider).bind(&p.intent_id).bind(p.amount).bind(&p.currency)
        .bind(&p.status).bind(&p.refund_id).bind(p.created_at).bind(p.updated_at)
        .execute(pool).await.map(|_| ()))
}

/// Points the booking's payment at a new PaymentIntent that replaces a
/// canceled one (only if it still names the canceled one).
pub async fn replace_intent(
    db: &Db,
    booking_id: Uuid,
    canceled: &str,
    intent_id: &str,
    status: &str,
    now: i64,
) -> sqlx::Result<()> {
    const SQL: &str =
        "UPDATE payments SET intent_id = $3, status = $4, refund_id = NULL, updated_at = $5 \
         WHERE booking_id = $1 AND provider = 'stripe' AND intent_id = $2";
    on_db!(db, pool => sqlx::query(SQL)
        .bind(booking_id).bind(canceled).bind(intent_id).bind(status).bind(now)
        .execute(pool).await.map(|_| ()))
}

/// A Stripe event that caused an update (webhooks; the reconciler has none).
#[derive(Debug, Clone)]
pub struct EventRef<'a> {
    pub id: &'a str,
    pub kind: &'a str,
}

pub async fn event_seen(db: &Db, event_id: &str) -> sqlx::Result<bool> {
    const SQL: &str = "SELECT COUNT(*) FROM stripe_events WHERE event_id = $1";
    let n: i64 = on_db!(db, pool => sqlx::query_scalar(SQL).bind(event_id).fetch_one(pool).await)?;
    Ok(n > 0)
}

/// In one transaction: records the event (if any, and only if it is new)
/// and sets the payment's status. A refunded payment stays refunded and a
/// final status is never replaced by a pending one. Returns false when the
/// event had already been recorded (its effect is then not applied again).
pub async fn record(
    db: &Db,
    event: Option<EventRef<'_>>,
    intent_id: &str,
    status: &str,
    refund_id: Option<&str>,
    now: i64,
) -> sqlx::Result<bool> {
    let mut tx = db.begin_write().await?;
    if let Some(event) = &event {
        if !record_event_in(&mut tx, event, intent_id, now).await? {
            return Ok(false);
        }
    }
    set_status_in(&mut tx, intent_id, status, refund_id, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Records a Stripe event inside the caller's transaction; false when it had
/// been recorded already (the caller then drops the transaction: the event's
/// effect was applied by whoever recorded it).
pub async fn record_event_in(
    tx: &mut Tx,
    event: &EventRef<'_>,
    intent_id: &str,
    now: i64,
) -> sqlx::Result<bool> {
    const INSERT_EVENT: &str =
        "INSERT INTO stripe_events (event_id, event_type, intent_id, received_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";
    let inserted = on_tx!(tx, tx => sqlx::query(INSERT_EVENT)
        .bind(event.id).bind(event.kind).bind(intent_id).bind(now)
        .execute(&mut **tx).await?.rows_affected());
    Ok(inserted > 0)
}

/// Sets a payment's status inside the caller's transaction (see [`record`]
/// for which changes are refused).
pub async fn set_status_in(
    tx: &mut Tx,
    intent_id: &str,
    status: &str,
    refund_id: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    const UPDATE: &str = "UPDATE payments SET status = $2, refund_id = COALESCE($3, refund_id), updated_at = $4 \
         WHERE intent_id = $1 AND status NOT IN ('refunded', 'partially_refunded') \
         AND ($2 IN ('succeeded', 'refunded', 'canceled') OR status NOT IN ('succeeded', 'canceled'))";
    on_tx!(tx, tx => sqlx::query(UPDATE).bind(intent_id).bind(status).bind(refund_id).bind(now)
        .execute(&mut **tx).await.map(|_| ()))
}

/// A cancellation's refund (one per booking).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefundRow {
    pub booking_id: Uuid,
    pub provider: String,
    pub amount_minor: i64,
    pub currency: String,
    pub status: String,
    pub provider_refund_id: Option<String>,
}

pub async fn refund_for(db: &Db, booking_id: Uuid) -> sqlx::Result<Option<RefundRow>> {
    const SQL: &str =
        "SELECT booking_id, provider, amount_minor, currency, status, provider_refund_id \
         FROM refunds WHERE booking_id = $1";
    on_db!(db, pool => sqlx::query_as::<_, RefundRow>(SQL).bind(booking_id).fetch_optional(pool).await)
}

/// Cancellation refunds still to be carried out, oldest first.
pub async fn pending_refunds(db: &Db) -> sqlx::Result<Vec<Uuid>> {
    const SQL: &str =
        "SELECT booking_id FROM refunds WHERE status = 'pending' ORDER BY created_at LIMIT 100";
    on_db!(db, pool => sqlx::query_scalar(SQL).fetch_all(pool).await)
}

/// Marks a refund done and, for Stripe, the payment refunded (in full or in
/// part), in one transaction.
pub async fn refund_succeeded(
    db: &Db,
    booking_id: Uuid,
    provider_refund_id: Option<&str>,
    payment_status: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    const REFUND: &str =
        "UPDATE refunds SET status = 'succeeded', provider_refund_id = $2, updated_at = $3 \
         WHERE booking_id = $1";
    const PAYMENT: &str = "UPDATE payments SET status = $2, refund_id = $3, updated_at = $4 \
         WHERE booking_id = $1 AND provider = 'stripe'";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(REFUND).bind(booking_id).bind(provider_refund_id).bind(now).execute(&mut *tx).await?;
        if let Some(status) = payment_status {
            sqlx::query(PAYMENT).bind(booking_id).bind(status).bind(provider_refund_id).bind(now)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    })
}
