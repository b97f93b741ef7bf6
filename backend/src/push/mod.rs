//! Web Push (issue 5, the delivery part): VAPID keys made once and kept,
//! each device's subscription, and an outbox drained by a worker
//! ([`deliver`]). What to push (freed slots for watchers) builds on this.

pub mod deliver;
pub mod keys;
pub mod store;

use axum::{
    extract::State,
    http::StatusCode,
    routing::{delete, get, post},
    Json, Router,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    accounts::SignedIn,
    error::{AppError, AppResult},
    extract::{ApiJson, ApiPath},
    AppState,
};

pub use deliver::Pusher;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/push/vapid-public-key", get(vapid_public_key))
        .route("/push/subscriptions", post(subscribe))
        .route("/push/subscriptions/{id}", delete(unsubscribe))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct VapidPublicKey {
    /// base64url, uncompressed P-256 point: `applicationServerKey` for `pushManager.subscribe`.
    pub public_key: String,
}

/// The server's VAPID public key.
#[utoipa::path(get, path = "/api/v1/push/vapid-public-key", tag = "push",
    responses((status = 200, description = "The key browsers subscribe with", body = VapidPublicKey)))]
pub async fn vapid_public_key(State(state): State<AppState>) -> AppResult<Json<VapidPublicKey>> {
    let keys = keys::ensure(&state.db).await?;
    Ok(Json(VapidPublicKey {
        public_key: keys.public_key,
    }))
}

/// A browser's `PushSubscription.toJSON()`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewSubscription {
    pub endpoint: String,
    pub keys: SubscriptionKeys,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SubscriptionKeys {
    pub p256dh: String,
    pub auth: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Subscribed {
    pub id: Uuid,
}

fn decoded_len(value: &str) -> Option<usize> {
    URL_SAFE_NO_PAD
        .decode(value.trim_end_matches('='))
        .ok()
        .map(|b| b.len())
}

/// Checks a subscription before storing it: an https push service (plain
/// http only on this machine, for development and tests), a P-256 public
/// key and a 16-byte auth secret.
fn check(s: &NewSubscription) -> AppResult<()> {
    let local = ["http://127.0.0.1:", "http://localhost:"]
        .iter()
        .any(|p| s.endpoint.starts_with(p));
    if !(s.endpoint.starts_with("https://") || local) || s.endpoint.len() > 1000 {
        return Err(AppError::invalid(
            "endpoint",
            "The push endpoint must be an https URL.",
        ));
    }
    if decoded_len(&s.keys.p256dh) != Some(65) {
        return Err(AppError::invalid(
            "keys.p256dh",
            "Not a P-256 public key (65 bytes, base64url).",
        ));
    }
    if decoded_len(&s.keys.auth) != Some(16) {
        return Err(AppError::invalid(
            "keys.auth",
            "Not a push auth secret (16 bytes, base64url).",
        ));
    }
    Ok(())
}

/// Stores this device's push subscription for the signed-in person.
#[utoipa::path(post, path = "/api/v1/push/subscriptions", tag = "push",
    request_body = NewSubscription,
    responses(
        (status = 201, description = "Stored (or updated, for a known endpoint)", body = Subscribed),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a usable subscription (`field` says why)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn subscribe(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
    ApiJson(body): ApiJson<NewSubscription>,
) -> AppResult<(StatusCode, Json<Subscribed>)> {
    check(&body)?;
    let id = store::upsert_subscription(
        &state.db,
        live.account.id,
        &body.endpoint,
        body.keys.p256dh.trim_end_matches('='),
        body.keys.auth.trim_end_matches('='),
        chrono::Utc::now().timestamp(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Subscribed { id })))
}

/// Forgets one of the signed-in person's subscriptions.
#[utoipa::path(delete, path = "/api/v1/push/subscriptions/{id}", tag = "push",
    params(("id" = Uuid, Path, description = "Subscription id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "No such subscription of this account", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn unsubscribe(
    State(state): State<AppState>,
    SignedIn(live): SignedIn,
    ApiPath(id): ApiPath<Uuid>,
) -> AppResult<StatusCode> {
    if store::remove_for_account(
        &state.db,
        live.account.id,
        id,
        chrono::Utc::now().timestamp(),
    )
    .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound("push subscription"))
    }
}
