//! The operator side (issue 15): the people who run an organisation's
//! venues. Every route is under `/api/v1/operator/…`, needs a signed-in
//! person with a role ([`Operating`]), and sees only that person's
//! organisations: a venue, court or controller of another organisation is
//! answered as if it did not exist.
//!
//! Roles are granted with `ledig operator add` (the first operator of an
//! organisation) — see docs/OPERATIONS.md, "Operators".

pub mod audit;
pub mod closures;
pub mod controllers;
pub mod desk;
pub mod hours;
pub mod members;
pub mod notices;
pub mod photos;
pub mod roles;
pub mod rules;
pub mod statistics;
pub mod venues;

use std::collections::HashSet;

use axum::{extract::FromRequestParts, http::request::Parts, routing::get, Json, Router};
use shared::operator::{Membership, Role};
use uuid::Uuid;

use crate::{
    accounts::session::SignedIn,
    db::Db,
    error::{AppError, AppResult},
    AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/operator/me", get(me))
        .merge(controllers::router())
        .merge(closures::router())
        .merge(audit::router())
        .merge(rules::router())
        .merge(members::router())
        .merge(hours::router())
        .merge(venues::router())
        .merge(desk::router())
        .merge(statistics::router())
        .merge(notices::router())
        .merge(photos::router())
}

/// A signed-in person with at least one role; 401 when not signed in, 403
/// when they have none (a player).
pub struct Operating {
    pub account_id: Uuid,
    pub memberships: Vec<Membership>,
}

impl Operating {
    /// The venues where this person has `role` (an operator's role covers
    /// every lesser one: what staff or a viewer may see, an operator may too).
    pub fn venues_as(&self, role: Role) -> HashSet<i64> {
        self.memberships
            .iter()
            .filter(|m| covers(m.role, role))
            .flat_map(|m| m.venue_ids.iter().copied())
            .collect()
    }

    /// Whether this person may act as `role` at `venue_id`: 404 when the
    /// venue is not one of their organisations' (another organisation's
    /// venue is answered as if it did not exist), 403 when it is but their
    /// role there does not cover it (a viewer, staff of another venue).
    pub async fn at_venue(&self, db: &Db, venue_id: i64, role: Role) -> AppResult<()> {
        if self
            .memberships
            .iter()
            .any(|m| covers(m.role, role) && m.venue_ids.contains(&venue_id))
        {
            return Ok(());
        }
        let organisation = closures::store::venue_organisation(db, venue_id)
            .await?
            .flatten();
        match organisation {
            Some(org) if self.memberships.iter().any(|m| m.organisation_id == org) => {
                Err(AppError::Forbidden(format!(
                    "this needs the {} role at this venue",
                    role.as_str()
                )))
            }
            _ => Err(AppError::NotFound("venue")),
        }
    }

    /// Whether this person may act as `role` in organisation
    /// `organisation_id`: 404 when they are not in it (another
    /// organisation is answered as if it did not exist), 403 when their
    /// role there does not cover it. The organisation's name.
    pub fn in_organisation(&self, organisation_id: i64, role: Role) -> AppResult<&str> {
        match self
            .memberships
            .iter()
            .find(|m| m.organisation_id == organisation_id)
        {
            None => Err(AppError::NotFound("organisation")),
            Some(m) if covers(m.role, role) => Ok(&m.organisation),
            Some(_) => Err(AppError::Forbidden(format!(
                "this needs the {} role in this organisation",
                role.as_str()
            ))),
        }
    }

    /// 403 unless this person has `role` somewhere.
    pub fn require(&self, role: Role) -> AppResult<()> {
        if self.memberships.iter().any(|m| covers(m.role, role)) {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!(
                "this needs the {} role in an organisation",
                role.as_str()
            )))
        }
    }
}

/// The version a change was made from, as its `If-Match` names it: 428
/// without one (or with `*`, which would overwrite whatever is there).
pub(crate) fn if_match(headers: &axum::http::HeaderMap) -> AppResult<&str> {
    headers
        .get(axum::http::header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty() && *v != "*")
        .ok_or(AppError::IfMatchRequired)
}

/// `body` as JSON with its `ETag`.
pub(crate) fn with_etag<T: serde::Serialize>(
    body: T,
    etag: &str,
) -> AppResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let value =
        axum::http::HeaderValue::from_str(etag).map_err(|e| AppError::Internal(e.into()))?;
    Ok(([(axum::http::header::ETAG, value)], Json(body)).into_response())
}

/// A stored Unix time as the API gives it (rows hold seconds).
pub(crate) fn at(seconds: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// Does `has` include what `needs` may do?
fn covers(has: Role, needs: Role) -> bool {
    match needs {
        Role::Operator => has == Role::Operator,
        Role::Staff => matches!(has, Role::Operator | Role::Staff),
        Role::Viewer => true,
    }
}

impl FromRequestParts<AppState> for Operating {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let SignedIn(live) = SignedIn::from_request_parts(parts, state).await?;
        let memberships = roles::memberships(&state.db, live.account.id).await?;
        if memberships.is_empty() {
            return Err(AppError::Forbidden(
                "the operator pages are for the people who run venues".into(),
            ));
        }
        Ok(Operating {
            account_id: live.account.id,
            memberships,
        })
    }
}

/// The signed-in person's roles: which organisations, as what, which venues.
#[utoipa::path(get, path = "/api/v1/operator/me", tag = "operator",
    responses(
        (status = 200, description = "Every role of the signed-in person", body = [Membership]),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Signed in without any role", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn me(operating: Operating) -> Json<Vec<Membership>> {
    Json(operating.memberships)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operator_may_do_what_staff_and_viewers_may() {
        assert!(covers(Role::Operator, Role::Operator));
        assert!(covers(Role::Operator, Role::Staff));
        assert!(covers(Role::Operator, Role::Viewer));
        assert!(!covers(Role::Staff, Role::Operator));
        assert!(covers(Role::Staff, Role::Staff));
        assert!(covers(Role::Staff, Role::Viewer));
        assert!(!covers(Role::Viewer, Role::Staff));
        assert!(covers(Role::Viewer, Role::Viewer));
    }
}
