//! Web Push (issue 5, the delivery part): VAPID keys made once and kept,
//! each device's subscription, and an outbox drained by a worker
//! ([`deliver`]). What to push (freed slots for watchers) builds on this.

pub mod address;
pub mod deliver;
pub mod keys;
pub mod store;

use axum::{
    extract::{Extension, State},
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

pub use deliver::{PushOptions, Pusher};

/// Which push endpoints `POST /push/subscriptions` accepts; a request
/// extension set when the app is built.
#[derive(Debug, Clone, Copy, Default)]
pub struct EndpointPolicy {
    /// Tests only: endpoints on loopback and private hosts are accepted.
    pub allow_private_hosts: bool,
}

/// The payload of a push about a booking: it opens the booking, and a
/// later push about the same booking replaces it on the device (`tag`).
pub fn booking_payload(title: &str, body: &str, booking_id: uuid::Uuid) -> String {
    serde_json::json!({
        "title": title,
        "body": body,
        "url": format!("/bookings/{booking_id}"),
        "tag": format!("booking-{}", booking_id.simple()),
    })
    .to_string()
}

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

/// Checks a subscription before storing it: an https push service on a
/// public host ([`address::check_endpoint`]), a P-256 public key and a
/// 16-byte auth secret.
fn check(s: &NewSubscription, policy: EndpointPolicy) -> AppResult<()> {
    if s.endpoint.len() > 1000 {
        return Err(AppError::invalid(
            "endpoint",
            "The push endpoint is too long.",
        ));
    }
    address::check_endpoint(&s.endpoint, policy.allow_private_hosts)
        .map_err(|why| AppError::invalid("endpoint", why))?;
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
        (status = 201, description = "Stored (or updated, for this account's known endpoint; an endpoint another account had is taken over with a new id)", body = Subscribed),
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a usable subscription (`field` says why)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn subscribe(
    State(state): State<AppState>,
    policy: Option<Extension<EndpointPolicy>>,
    SignedIn(live): SignedIn,
    ApiJson(body): ApiJson<NewSubscription>,
) -> AppResult<(StatusCode, Json<Subscribed>)> {
    // Without the extension: the strict policy.
    check(&body, policy.map(|p| p.0).unwrap_or_default())?;
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
        (status = 401, description = "Not signed in", body = shared::Problem, content_type = "application/problem+json"),
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
