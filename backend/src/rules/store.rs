//! Rules SQL: a venue's rules row and its tariffs (portable across both
//! engines). Operators change these rows (see docs/OPERATIONS.md); nothing
//! here caches them, so a change applies to the next quote and booking.

use crate::{
    db::{Db, Tx},
    on_db, on_tx,
};

/// `venue_rules` as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RulesRow {
    pub venue_id: i64,
    pub min_notice_minutes: i64,
    pub max_days_ahead: i64,
    pub max_active_bookings: Option<i64>,
    pub cancel_deadline_hours: i64,
    pub late_cancel_policy: String,
    pub late_cancel_fee_minor: i64,
    pub late_cancel_fee_percent: i64,
    pub vat_basis_points: i64,
    pub seller_name: String,
    pub seller_address: String,
    pub seller_org_number: String,
    /// Bumped by each change through the app (the operator's ETag).
    pub version: i64,
}

/// `tariffs` as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TariffRow {
    pub id: i64,
    pub venue_id: i64,
    pub court_id: Option<i64>,
    pub category: String,
    pub weekdays: String,
    pub starts_min: i64,
    pub ends_min: i64,
    pub band: String,
    pub price_minor: i64,
    pub per: String,
}

pub async fn rules_row(db: &Db, venue_id: i64) -> sqlx::Result<Option<RulesRow>> {
    const SQL: &str = "SELECT venue_id, min_notice_minutes, max_days_ahead, max_active_bookings, \
         cancel_deadline_hours, late_cancel_policy, late_cancel_fee_minor, late_cancel_fee_percent, \
         vat_basis_points, seller_name, seller_address, seller_org_number, version \
         FROM venue_rules WHERE venue_id = $1";
    on_db!(db, pool => sqlx::query_as::<_, RulesRow>(SQL).bind(venue_id).fetch_optional(pool).await)
}

/// The venue's tariffs, oldest first (a later one wins where two match).
pub async fn tariffs(db: &Db, venue_id: i64) -> sqlx::Result<Vec<TariffRow>> {
    const SQL: &str = "SELECT id, venue_id, court_id, category, weekdays, starts_min, ends_min, band, price_minor, per \
         FROM tariffs WHERE venue_id = $1 ORDER BY id";
    on_db!(db, pool => sqlx::query_as::<_, TariffRow>(SQL).bind(venue_id).fetch_all(pool).await)
}

/// The version of a venue's rules: 0 while it has no rules row.
pub async fn version(db: &Db, venue_id: i64) -> sqlx::Result<i64> {
    const SQL: &str = "SELECT version FROM venue_rules WHERE venue_id = $1";
    let version: Option<i64> =
        on_db!(db, pool => sqlx::query_scalar(SQL).bind(venue_id).fetch_optional(pool).await)?;
    Ok(version.unwrap_or(0))
}

/// Replaces a venue's rules and tariffs inside the caller's transaction,
/// if they are still at `expected` (the version the operator read). The
/// check and the write are one statement, so of two operators saving over
/// the same version exactly one succeeds. `None`: they changed meanwhile
/// (nothing is written). The seller on receipts is kept as it was.
pub async fn replace_in(
    tx: &mut Tx,
    row: &RulesRow,
    tariffs: &[TariffRow],
    expected: i64,
) -> sqlx::Result<Option<i64>> {
    const INSERT: &str = "INSERT INTO venue_rules (venue_id, min_notice_minutes, max_days_ahead, max_active_bookings, \
         cancel_deadline_hours, late_cancel_policy, late_cancel_fee_minor, late_cancel_fee_percent, vat_basis_points, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10 + 1) ON CONFLICT (venue_id) DO NOTHING";
    const UPDATE: &str = "UPDATE venue_rules SET min_notice_minutes = $2, max_days_ahead = $3, max_active_bookings = $4, \
         cancel_deadline_hours = $5, late_cancel_policy = $6, late_cancel_fee_minor = $7, late_cancel_fee_percent = $8, \
         vat_basis_points = $9, version = version + 1 WHERE venue_id = $1 AND version = $10";
    const CLEAR: &str = "DELETE FROM tariffs WHERE venue_id = $1";
    const TARIFF: &str = "INSERT INTO tariffs (venue_id, court_id, category, weekdays, starts_min, ends_min, band, price_minor, per) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
    on_tx!(tx, tx => {
        let sql = if expected == 0 { INSERT } else { UPDATE };
        let written = sqlx::query(sql)
            .bind(row.venue_id).bind(row.min_notice_minutes).bind(row.max_days_ahead)
            .bind(row.max_active_bookings).bind(row.cancel_deadline_hours).bind(&row.late_cancel_policy)
            .bind(row.late_cancel_fee_minor).bind(row.late_cancel_fee_percent).bind(row.vat_basis_points)
            .bind(expected)
            .execute(&mut **tx).await?.rows_affected();
        if written == 0 {
            return Ok(None);
        }
        sqlx::query(CLEAR).bind(row.venue_id).execute(&mut **tx).await?;
        for t in tariffs {
            sqlx::query(TARIFF)
                .bind(row.venue_id).bind(t.court_id).bind(&t.category).bind(&t.weekdays)
                .bind(t.starts_min).bind(t.ends_min).bind(&t.band).bind(t.price_minor).bind(&t.per)
                .execute(&mut **tx).await?;
        }
        Ok(Some(expected + 1))
    })
}
