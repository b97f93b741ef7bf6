//! The organisation's door lock controllers: listed and revoked by its
//! operators (the same as `ledig controller list|revoke`, for their own
//! courts only). A controller is the organisation's when every court it
//! serves is at one of the organisation's venues.

use std::collections::HashSet;

use axum::{
    extract::State,
    routing::{get, post},
    Json, Router,
};
use chrono::Utc;
use shared::operator::{LockController, Role};

use super::{at, Operating};
use crate::{
    access::controllers::{self, Registered},
    db::Db,
    error::{AppError, AppResult},
    extract::ApiPath,
    on_db, AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/operator/controllers", get(list))
        .route("/operator/controllers/{id}/revoke", post(revoke))
}

/// The courts at `venues`.
async fn courts_of(db: &Db, venues: &HashSet<i64>) -> sqlx::Result<HashSet<i64>> {
    let all: Vec<(i64, i64)> = on_db!(db, pool =>
        sqlx::query_as("SELECT id, venue_id FROM courts").fetch_all(pool).await)?;
    Ok(all
        .into_iter()
        .filter(|(_, venue)| venues.contains(venue))
        .map(|(court, _)| court)
        .collect())
}

/// The controllers whose every court is one of `courts`.
async fn theirs(db: &Db, operating: &Operating) -> AppResult<Vec<Registered>> {
    operating.require(Role::Operator)?;
    let courts = courts_of(db, &operating.venues_as(Role::Operator)).await?;
    Ok(controllers::list(db)
        .await?
        .into_iter()
        .filter(|c| !c.courts.is_empty() && c.courts.iter().all(|court| courts.contains(court)))
        .collect())
}

fn to_api(c: Registered) -> LockController {
    LockController {
        id: c.id,
        name: c.name,
        court_ids: c.courts,
        created_at: at(c.created_at),
        revoked_at: c.revoked_at.map(at),
    }
}

/// The organisation's lock controllers, revoked ones too, oldest first.
#[utoipa::path(get, path = "/api/v1/operator/controllers", tag = "operator",
    responses(
        (status = 200, description = "The controllers of the operator's courts", body = [LockController]),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    operating: Operating,
) -> AppResult<Json<Vec<LockController>>> {
    Ok(Json(
        theirs(&state.db, &operating)
            .await?
            .into_iter()
            .map(to_api)
            .collect(),
    ))
}

/// Revokes a controller at once: its secret works no more (a lost or stolen
/// controller). The entries it reported are kept. Revoking one already
/// revoked changes nothing.
#[utoipa::path(post, path = "/api/v1/operator/controllers/{id}/revoke", tag = "operator",
    params(("id" = String, Path, description = "Controller id (`ctl_…`)")),
    responses(
        (status = 200, description = "The controller, revoked", body = LockController),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such controller of the operator's courts", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn revoke(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(id): ApiPath<String>,
) -> AppResult<Json<LockController>> {
    let mut controller = theirs(&state.db, &operating)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(AppError::NotFound("controller"))?;
    // The revocation and its audit entry commit together. The controller
    // is the organisation's whose venue its first court is at (all its
    // courts are one organisation's, or it would not be listed here).
    let now = Utc::now().timestamp();
    let first_court = controller.courts.first().copied();
    let mut tx = state.db.begin_write().await?;
    if controllers::revoke_in(&mut tx, &id, now).await? {
        let found = match first_court {
            Some(court) => super::audit::organisation_of_court(&mut tx, court).await?,
            None => None,
        };
        controller.revoked_at = Some(now);
        if let Some((venue, organisation_id)) = found {
            let entry = super::audit::Entry {
                organisation_id,
                actor_id: Some(operating.account_id),
                action: "controller.revoked",
                venue_id: Some(venue),
                subject: Some(id.clone()),
                detail: serde_json::json!({}),
                at: now,
            };
            super::audit::record_in(&mut tx, &entry).await?;
        }
    }
    tx.commit().await?;
    tracing::info!(controller = %id, by = %operating.account_id, "lock controller revoked");
    Ok(Json(to_api(controller)))
}
