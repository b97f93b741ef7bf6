//! Protected identity: a person with protected personal data
//! (sekretessmarkering, skyddad folkbokföring) marks their account, or an
//! operator does on their request. From then on the bookings desk, its
//! search and every answer to staff show an alias in place of the name,
//! e-mail and phone of that account's bookings (and of guest bookings made
//! with its proved address). Only a role given `sees_protected` may look
//! at who it is, and each look is written to the audit log.

use axum::{extract::State, Json};
use chrono::Utc;
use sha2::{Digest, Sha256};
use shared::{
    account::Account,
    operator::Role,
    privacy::{ProtectAccount, RevealedIdentity, SetProtected},
};
use uuid::Uuid;

use crate::{
    accounts::{store as accounts, SignedIn},
    db::{Db, Tx},
    error::{AppError, AppResult},
    extract::{ApiJson, ApiPath},
    on_db, on_tx,
    operator::{audit, Operating},
    AppState,
};

/// The alias staff see for the protected account `account`: six
/// characters, the same on every booking of the person (so the desk can
/// tell two people apart) and telling nothing of who they are.
pub fn alias(account: Uuid) -> String {
    let digest = Sha256::digest(format!("ledig-alias:{account}").as_bytes());
    digest[..3].iter().map(|b| format!("{b:02X}")).collect()
}

/// Marks `account` as protected, or no longer, inside the caller's
/// transaction. Marking it also puts the alias in place of the address in
/// the organisations' older role entries of the audit log (given or taken
/// a role as staff), which every operator reads; lifting it leaves them so.
pub async fn mark_in(tx: &mut Tx, account: Uuid, protected: bool) -> sqlx::Result<()> {
    const SET: &str = "UPDATE accounts SET protected = $2 WHERE id = $1";
    const ROLE_ENTRIES: &str = "UPDATE audit_log SET subject = $2 \
         WHERE action IN ('role.granted', 'role.removed') \
         AND LOWER(subject) = (SELECT LOWER(email) FROM accounts WHERE id = $1)";
    on_tx!(tx, tx => {
        sqlx::query(SET).bind(account).bind(protected).execute(&mut **tx).await?;
        if protected {
            sqlx::query(ROLE_ENTRIES).bind(account).bind(alias(account)).execute(&mut **tx).await?;
        }
        Ok(())
    })
}

async fn set(db: &Db, account: Uuid, protected: bool) -> sqlx::Result<()> {
    let mut tx = db.begin_write().await?;
    mark_in(&mut tx, account, protected).await?;
    tx.commit().await
}

/// Marks the signed-in person's own account as protected, or no longer.
#[utoipa::path(put, path = "/api/v1/me/protected", tag = "accounts",
    request_body = SetProtected,
    responses(
        (status = 200, description = "The account, with `protected` as asked", body = Account),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_mine(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
    ApiJson(request): ApiJson<SetProtected>,
) -> AppResult<Json<Account>> {
    set(&state.db, live.account.id, request.protected).await?;
    let account = accounts::account(&state.db, live.account.id)
        .await?
        .ok_or(AppError::NotFound("account"))?;
    Ok(Json(account.to_api()))
}

/// An operator marks a resident's account as protected (or lifts it) on
/// their request, by its address. The audit log names the alias, not who.
#[utoipa::path(post, path = "/api/v1/operator/organisations/{organisation_id}/protected", tag = "operator",
    params(("organisation_id" = i64, Path, description = "Organisation id")),
    request_body = ProtectAccount,
    responses(
        (status = 204, description = "Done"),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator of this organisation", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation of yours, or no account with that address", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn protect(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(organisation_id): ApiPath<i64>,
    ApiJson(request): ApiJson<ProtectAccount>,
) -> AppResult<axum::http::StatusCode> {
    operating.in_organisation(organisation_id, Role::Operator)?;
    let email = crate::rules::email_key(&request.email);
    let account = accounts::account_by_email(&state.db, &email)
        .await?
        .ok_or(AppError::NotFound("account"))?;
    let now = Utc::now().timestamp();
    let mut tx = state.db.begin_write().await?;
    mark_in(&mut tx, account.id, request.protected).await?;
    audit::record_in(
        &mut tx,
        &audit::Entry {
            organisation_id,
            actor_id: Some(operating.account_id),
            action: if request.protected {
                "identity.protected"
            } else {
                "identity.unprotected"
            },
            venue_id: None,
            subject: Some(alias(account.id)),
            detail: serde_json::json!({}),
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Who a protected booking is of, for a role given `sees_protected` in the
/// venue's organisation; the look is in the audit log before the answer.
#[utoipa::path(get, path = "/api/v1/operator/bookings/{booking_id}/identity", tag = "operator",
    params(("booking_id" = Uuid, Path, description = "Booking id")),
    responses(
        (status = 200, description = "The real name, e-mail and phone", body = RevealedIdentity),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Staff without the permission to see protected identities", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such booking at your venues, or not a protected person's", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn reveal(
    State(state): State<AppState>,
    operating: Operating,
    ApiPath(booking_id): ApiPath<Uuid>,
) -> AppResult<Json<RevealedIdentity>> {
    let row = crate::operator::desk::at_desk(&state, &operating, booking_id).await?;
    let organisation =
        crate::operator::closures::store::venue_organisation(&state.db, row.venue_id)
            .await?
            .flatten()
            .ok_or(AppError::NotFound("booking"))?;
    const MAY: &str = "SELECT COUNT(*) FROM operator_roles \
         WHERE account_id = $1 AND organisation_id = $2 AND sees_protected";
    let may: i64 = on_db!(&state.db, pool => sqlx::query_scalar(MAY)
        .bind(operating.account_id).bind(organisation).fetch_one(pool).await)?;
    if may == 0 {
        return Err(AppError::Forbidden(
            "seeing a protected identity needs the permission for it (ledig operator add --sees-protected)".into(),
        ));
    }
    let Some(account) = row.protected_by else {
        return Err(AppError::NotFound("protected booking"));
    };
    let mut tx = state.db.begin_write().await?;
    audit::record_at_venue_in(
        &mut tx,
        audit::VenueChange {
            venue_id: row.venue_id,
            actor_id: Some(operating.account_id),
            action: "identity.viewed",
            subject: Some(booking_id.to_string()),
            detail: serde_json::json!({ "alias": alias(account) }),
            at: Utc::now().timestamp(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(RevealedIdentity {
        name: row.name,
        email: row.email,
        phone: row.phone,
    }))
}
