//! The audit log (issue 15, item 8): who changed what at an organisation,
//! and when. Each entry is written in the transaction of the change it
//! records (a closure and its entry commit together, or neither), read by
//! the organisation's operators at `GET /api/v1/operator/audit`, and
//! purged after `LEDIG_RETAIN_AUDIT_DAYS` (`crate::retention`).

use axum::{extract::State, routing::get, Json, Router};
use serde::Deserialize;
use shared::operator::{AuditEntry, Role};
use uuid::Uuid;

use super::Operating;
use crate::{
    db::{Db, Tx},
    error::{AppError, AppResult},
    extract::ApiQuery,
    on_db, on_tx, AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/operator/audit", get(list))
}

/// An entry to write.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub organisation_id: i64,
    /// `None`: the server's command line.
    pub actor_id: Option<Uuid>,
    pub action: &'a str,
    pub venue_id: Option<i64>,
    pub subject: Option<String>,
    pub detail: serde_json::Value,
    pub at: i64,
}

/// Writes `entry` inside the caller's transaction.
pub async fn record_in(tx: &mut Tx, entry: &Entry<'_>) -> sqlx::Result<()> {
    const SQL: &str = "INSERT INTO audit_log (organisation_id, actor_id, action, venue_id, subject, detail, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)";
    let detail = entry.detail.to_string();
    on_tx!(tx, tx => sqlx::query(SQL)
        .bind(entry.organisation_id).bind(entry.actor_id).bind(entry.action).bind(entry.venue_id)
        .bind(&entry.subject).bind(&detail).bind(entry.at)
        .execute(&mut **tx).await.map(|_| ()))
}

/// A change at a venue, for the log of the venue's organisation.
#[derive(Debug, Clone)]
pub struct VenueChange<'a> {
    pub venue_id: i64,
    /// `None`: the server's command line.
    pub actor_id: Option<Uuid>,
    pub action: &'a str,
    pub subject: Option<String>,
    pub detail: serde_json::Value,
    pub at: i64,
}

/// Writes `change` to the log of its venue's organisation inside the
/// caller's transaction (a venue of no organisation has no log: nothing).
pub async fn record_at_venue_in(tx: &mut Tx, change: VenueChange<'_>) -> sqlx::Result<()> {
    let Some(organisation_id) = organisation_of_venue(tx, change.venue_id).await? else {
        return Ok(());
    };
    let entry = Entry {
        organisation_id,
        actor_id: change.actor_id,
        action: change.action,
        venue_id: Some(change.venue_id),
        subject: change.subject,
        detail: change.detail,
        at: change.at,
    };
    record_in(tx, &entry).await
}

/// The organisation of venue `venue_id`, inside the caller's transaction.
pub async fn organisation_of_venue(tx: &mut Tx, venue_id: i64) -> sqlx::Result<Option<i64>> {
    const SQL: &str = "SELECT organisation_id FROM venues WHERE id = $1";
    let org: Option<Option<i64>> = on_tx!(tx, tx => sqlx::query_scalar(SQL)
        .bind(venue_id).fetch_optional(&mut **tx).await)?;
    Ok(org.flatten())
}

/// The venue and organisation of court `court_id`, inside the caller's
/// transaction.
pub async fn organisation_of_court(tx: &mut Tx, court_id: i64) -> sqlx::Result<Option<(i64, i64)>> {
    const SQL: &str =
        "SELECT v.id, v.organisation_id FROM courts c JOIN venues v ON v.id = c.venue_id \
         WHERE c.id = $1 AND v.organisation_id IS NOT NULL";
    on_tx!(tx, tx => sqlx::query_as(SQL).bind(court_id).fetch_optional(&mut **tx).await)
}

#[derive(Debug, sqlx::FromRow)]
struct Row {
    id: i64,
    organisation_id: i64,
    created_at: i64,
    actor: Option<String>,
    action: String,
    venue_id: Option<i64>,
    subject: Option<String>,
    detail: String,
}

/// The newest entries of `organisations` with an id below `before`.
async fn page(db: &Db, organisations: &[i64], before: i64, limit: i64) -> sqlx::Result<Vec<Row>> {
    const SQL: &str =
        "SELECT l.id, l.organisation_id, l.created_at, a.email AS actor, l.action, l.venue_id, \
         l.subject, l.detail FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id \
         WHERE l.organisation_id = $1 AND l.id < $2 ORDER BY l.id DESC LIMIT $3";
    let mut rows = Vec::new();
    for org in organisations {
        let mut of_org: Vec<Row> = on_db!(db, pool => sqlx::query_as(SQL)
            .bind(org).bind(before).bind(limit).fetch_all(pool).await)?;
        rows.append(&mut of_org);
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.id));
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(rows)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Entries older than this id (the last `id` of the previous page).
    pub before: Option<i64>,
    /// 1–200; 50 when left out.
    pub limit: Option<i64>,
}

/// The audit log of the organisations this person is an operator of,
/// newest first.
#[utoipa::path(get, path = "/api/v1/operator/audit", tag = "operator", params(AuditQuery),
    responses(
        (status = 200, description = "Entries, newest first", body = [AuditEntry]),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of any organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`limit` outside 1–200", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    operating: Operating,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> AppResult<Json<Vec<AuditEntry>>> {
    operating.require(Role::Operator)?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(AppError::invalid("limit", "Ask for 1 to 200 entries."));
    }
    let organisations: Vec<i64> = operating
        .memberships
        .iter()
        .filter(|m| m.role == Role::Operator)
        .map(|m| m.organisation_id)
        .collect();
    let rows = page(
        &state.db,
        &organisations,
        query.before.unwrap_or(i64::MAX),
        limit,
    )
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                organisation_id: r.organisation_id,
                at: super::at(r.created_at),
                actor: r.actor,
                action: r.action,
                venue_id: r.venue_id,
                subject: r.subject,
                detail: serde_json::from_str(&r.detail).unwrap_or(serde_json::Value::Null),
            })
            .collect(),
    ))
}
