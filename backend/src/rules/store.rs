//! Rules SQL: a venue's rules row and its tariffs (portable across both
//! engines). Operators change these rows (see docs/OPERATIONS.md); nothing
//! here caches them, so a change applies to the next quote and booking.

use crate::{db::Db, on_db};

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
         vat_basis_points, seller_name, seller_address, seller_org_number \
         FROM venue_rules WHERE venue_id = $1";
    on_db!(db, pool => sqlx::query_as::<_, RulesRow>(SQL).bind(venue_id).fetch_optional(pool).await)
}

/// The venue's tariffs, oldest first (a later one wins where two match).
pub async fn tariffs(db: &Db, venue_id: i64) -> sqlx::Result<Vec<TariffRow>> {
    const SQL: &str = "SELECT id, venue_id, court_id, category, weekdays, starts_min, ends_min, band, price_minor, per \
         FROM tariffs WHERE venue_id = $1 ORDER BY id";
    on_db!(db, pool => sqlx::query_as::<_, TariffRow>(SQL).bind(venue_id).fetch_all(pool).await)
}
