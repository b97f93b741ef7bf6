//! Your data: what Ledig holds about a person, for them to see and take
//! with them (GDPR Art. 15 and 20), and the register of personal data that
//! says, table by table, what that is ([`register`]).
//!
//! The export is read from the register, not written out by hand per
//! table: a table added to the register is in the next export, and a
//! table left out of it fails the schema test.

/// `sqlx::query(sql)` with the register's bindings for `person`, in order.
macro_rules! bound {
    ($sql:expr, $binds:expr, $person:expr) => {{
        let mut query = sqlx::query($sql);
        for bind in $binds {
            query = match bind {
                $crate::privacy::register::Bind::Account => query.bind($person.account_id),
                $crate::privacy::register::Bind::AccountText => {
                    query.bind($person.account_id.to_string())
                }
                $crate::privacy::register::Bind::Email => {
                    query.bind($person.proved_email.map(str::to_owned))
                }
                $crate::privacy::register::Bind::Nobody => query.bind(uuid::Uuid::nil()),
            };
        }
        query
    }};
}

pub mod erase;
pub mod export;
pub mod protected;
pub mod register;
pub mod texts;

/// Whose data: the account, and its address if proved.
pub struct Person<'a> {
    pub account_id: uuid::Uuid,
    /// Lower-cased; `None` while not proved (an address only typed opens
    /// nobody's guest bookings).
    pub proved_email: Option<&'a str>,
}

use axum::{
    extract::State,
    http::{header, HeaderMap},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use chrono::Utc;
use shared::privacy::{AccountErased, EraseAccount};

use crate::{
    accounts::{session, SignedIn},
    error::{AppError, AppResult},
    extract::ApiJson,
    payments::Provider,
    AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/export", get(export_mine))
        .route("/me/erase", post(erase_mine))
        .route("/me/protected", axum::routing::put(protected::set_mine))
        .route(
            "/operator/organisations/{organisation_id}/protected",
            post(protected::protect),
        )
        .route(
            "/operator/bookings/{booking_id}/identity",
            get(protected::reveal),
        )
}

/// Everything Ledig holds about the signed-in person, and the guest
/// bookings made with their proved address, as one JSON file.
#[utoipa::path(get, path = "/api/v1/me/export", tag = "accounts",
    responses(
        (status = 200, description = "The person's data, as a download", body = shared::privacy::DataExport),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn export_mine(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
) -> AppResult<Response> {
    let account = &live.account;
    let person = Person {
        account_id: account.id,
        proved_email: account.email_verified.then_some(account.email.as_str()),
    };
    let now = Utc::now();
    let data = export::export(
        &state.db,
        &person,
        &account.email,
        account.language(),
        &state.client_config.operator_name,
        now,
    )
    .await?;
    let file = format!(
        "attachment; filename=\"ledig-{}.json\"",
        now.format("%Y-%m-%d")
    );
    Ok((
        [
            (header::CONTENT_DISPOSITION, file),
            // A copy of someone's data stays out of every cache.
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Json(data),
    )
        .into_response())
}

/// Deletes the signed-in person's account for good: every session ends,
/// passkeys, push subscriptions and watches go, door credentials are
/// revoked, upcoming bookings are cancelled and refunded, and their name,
/// e-mail and phone are removed everywhere. Receipts stay (the Bookkeeping
/// Act), without them. A confirmation mail follows.
#[utoipa::path(post, path = "/api/v1/me/erase", tag = "accounts",
    request_body = EraseAccount,
    responses(
        (status = 200, description = "Erased; the session cookie is cleared", body = AccountErased),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The bookings changed meanwhile; nothing was erased", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`confirm_email` is not the account's address", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn erase_mine(
    State(state): State<AppState>,
    Provider(provider): Provider,
    SignedIn(live): SignedIn,
    headers: HeaderMap,
    ApiJson(request): ApiJson<EraseAccount>,
) -> AppResult<Response> {
    let account = &live.account;
    if crate::rules::email_key(&request.confirm_email) != account.email {
        return Err(AppError::invalid(
            "confirm_email",
            "Type your account's e-mail address to confirm that it is to be deleted.",
        ));
    }
    let erased = erase::erase(
        &state.db,
        &provider,
        account,
        state.accounts.erase_refunds_in_full,
        &state.client_config.operator_name,
    )
    .await?;
    let secure = session::secure_context(state.accounts.public_https, &headers);
    Ok((
        [(header::SET_COOKIE, session::cookie(secure, None, 0))],
        Json(erased),
    )
        .into_response())
}
