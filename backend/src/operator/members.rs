//! The people of an organisation, as its operators run them in the app:
//! who has which role, giving a role (by e-mail: the person is told by
//! mail and signs in with a code), and taking one away. Both are written
//! to the audit log in the same transaction; the last operator stays.

use axum::{
    extract::State,
    http::StatusCode,
    routing::{delete, get},
    Json, Router,
};
use chrono::Utc;
use shared::{
    account::Language,
    operator::{Member, NewMember, Role},
    validate::Email,
};
use uuid::Uuid;

use super::{
    roles::{self, GrantError, RemoveError},
    Operating,
};
use crate::{
    error::{AppError, AppResult},
    extract::{ApiJson, ApiPath},
    mail::{queue, Mail},
    AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/operator/organisations/{organisation_id}/members",
            get(list).post(give),
        )
        .route(
            "/operator/organisations/{organisation_id}/members/{account_id}",
            delete(remove),
        )
}

/// The organisation's people, by e-mail.
#[utoipa::path(get, path = "/api/v1/operator/organisations/{organisation_id}/members", tag = "operator",
    params(("organisation_id" = i64, Path, description = "Organisation id (from `/operator/me`)")),
    responses(
        (status = 200, description = "Everyone with a role in the organisation", body = [Member]),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of this organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(organisation_id): ApiPath<i64>,
) -> AppResult<Json<Vec<Member>>> {
    operating.in_organisation(organisation_id, Role::Operator)?;
    Ok(Json(roles::members(&state.db, organisation_id).await?))
}

/// The mail that tells a person of their role, in their language.
fn told(language: Language, to: &str, organisation: &str, role: Role, public_url: &str) -> Mail {
    let signin = format!("{public_url}/signin");
    let (subject, text) = match language {
        Language::En => {
            let what = match role {
                Role::Operator => {
                    "operator: you run all of its venues, their prices and rules, and its people"
                }
                Role::Staff => "staff: bookings, closures and blocks at the venues you were given",
                Role::Viewer => "viewer: its statistics",
            };
            (
                format!("You have a role at {organisation} in Ledig"),
                format!("Hello,\n\nYou are now {what} at {organisation} in Ledig.\n\nSign in with this e-mail address at {signin}: you get a code by mail, no password. Your venues are under Account.\n\nLedig\n"),
            )
        }
        _ => {
            let what = match role {
                Role::Operator => "administratör: du driver alla dess anläggningar, deras priser och regler, och vilka som har roller där",
                Role::Staff => "anläggningspersonal: bokningar, stängningar och reservationer vid de anläggningar du fått",
                Role::Viewer => "läsare: dess statistik",
            };
            (
                format!("Du har fått en roll hos {organisation} i Ledig"),
                format!("Hej!\n\nDu är nu {what} hos {organisation} i Ledig.\n\nLogga in med den här e-postadressen på {signin}: du får en kod per e-post, inget lösenord. Dina anläggningar finns under Konto.\n\nLedig\n"),
            )
        }
    };
    Mail {
        to: to.to_string(),
        subject,
        text,
    }
}

/// Gives a person a role in the organisation (an account is made for an
/// address that has none), or changes the one they have; they are told by
/// mail. Staff need at least one of the organisation's venues.
#[utoipa::path(post, path = "/api/v1/operator/organisations/{organisation_id}/members", tag = "operator",
    params(("organisation_id" = i64, Path, description = "Organisation id (from `/operator/me`)")),
    request_body = NewMember,
    responses(
        (status = 201, description = "Given: a new member", body = Member),
        (status = 200, description = "Changed: they had a role here before", body = Member),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of this organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the person's organisations", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Would leave the organisation without an operator (`/problems/last-operator`)", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "An invalid e-mail, staff without venues, or a venue of another organisation (named in `field`)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn give(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(organisation_id): ApiPath<i64>,
    ApiJson(request): ApiJson<NewMember>,
) -> AppResult<(StatusCode, Json<Member>)> {
    let organisation = operating
        .in_organisation(organisation_id, Role::Operator)?
        .to_string();
    let email = Email::parse(&request.email)?;
    if request.role == Role::Staff && request.venue_ids.is_empty() {
        return Err(AppError::invalid(
            "venue_ids",
            "Staff work at one or more venues: pick at least one.",
        ));
    }
    let now = Utc::now().timestamp();
    let public_url = state
        .accounts
        .public_url
        .as_str()
        .trim_end_matches('/')
        .to_string();
    let mut tx = state.db.begin_write().await?;
    let given = match roles::give_in(
        &mut tx,
        organisation_id,
        &organisation,
        email.as_str(),
        request.role,
        &request.venue_ids,
        now,
        Some(operating.account_id),
    )
    .await
    {
        Ok(given) => given,
        Err(GrantError::NotTheirVenue(..)) => {
            return Err(AppError::invalid(
                "venue_ids",
                "Pick venues of this organisation.",
            ))
        }
        Err(GrantError::StaffWithoutVenues) => {
            return Err(AppError::invalid(
                "venue_ids",
                "Staff work at one or more venues: pick at least one.",
            ))
        }
        Err(GrantError::LastOperator(_)) => return Err(last_operator()),
        Err(GrantError::Db(e)) => return Err(e.into()),
    };
    let language = Language::parse(&given.language).unwrap_or_default();
    let mail = told(
        language,
        &email.as_str().to_lowercase(),
        &organisation,
        request.role,
        &public_url,
    );
    queue::queue_in(&mut tx, &mail, now).await?;
    tx.commit().await?;
    crate::wake::MAIL.ring();
    tracing::info!(organisation = organisation_id, role = request.role.as_str(), by = %operating.account_id, "role given");
    let member = roles::members(&state.db, organisation_id)
        .await?
        .into_iter()
        .find(|m| m.account_id == given.account_id)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("a role just given is not listed")))?;
    let status = if given.new_member {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(member)))
}

fn last_operator() -> AppError {
    AppError::Conflict {
        kind: "last-operator",
        message: "An organisation needs at least one operator: give someone else the operator role first."
            .to_string(),
    }
}

/// Takes a person's role in the organisation away at once (their account,
/// bookings and sessions are theirs and stay). The last operator cannot be
/// removed.
#[utoipa::path(delete, path = "/api/v1/operator/organisations/{organisation_id}/members/{account_id}", tag = "operator",
    params(
        ("organisation_id" = i64, Path, description = "Organisation id (from `/operator/me`)"),
        ("account_id" = Uuid, Path, description = "The member's account id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of this organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not one of the person's organisations, or no such member of it", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organisation's last operator (`/problems/last-operator`)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn remove(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath((organisation_id, account_id)): ApiPath<(i64, Uuid)>,
) -> AppResult<StatusCode> {
    operating.in_organisation(organisation_id, Role::Operator)?;
    let mut tx = state.db.begin_write().await?;
    let now = Utc::now().timestamp();
    match roles::remove_in(
        &mut tx,
        organisation_id,
        account_id,
        now,
        operating.account_id,
    )
    .await
    {
        Ok(()) => {}
        Err(RemoveError::NotAMember) => return Err(AppError::NotFound("member")),
        Err(RemoveError::LastOperator) => return Err(last_operator()),
        Err(RemoveError::Db(e)) => return Err(e.into()),
    }
    tx.commit().await?;
    tracing::info!(organisation = organisation_id, member = %account_id, by = %operating.account_id, "role removed");
    Ok(StatusCode::NO_CONTENT)
}
