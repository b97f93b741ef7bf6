//! `POST /api/v1/payments/stripe/webhook`: Stripe's events, verified on the
//! raw body, de-duplicated by event id, and never trusted for their content:
//! for a `payment_intent.*` event the PaymentIntent is fetched again from
//! Stripe and the booking made to match its current status, so events may
//! arrive late, twice or in any order.

use axum::{body::Bytes, extract::State, http::HeaderMap, Json};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::{
    error::{PaymentError, PaymentResult},
    signature::{self, TOLERANCE_SECONDS},
    store,
    sync::{self, Applied},
    Provider,
};
use crate::{error::AppError, AppState};

/// The parts of a Stripe event Ledig reads; the rest comes from Stripe itself.
#[derive(Debug, Deserialize)]
struct Event {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    data: EventData,
}

#[derive(Debug, Deserialize)]
struct EventData {
    object: EventObject,
}

#[derive(Debug, Deserialize)]
struct EventObject {
    id: Option<String>,
}

/// The webhook's answer (Stripe only looks at the status).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookReceipt {
    pub received: bool,
    /// `applied`, `duplicate` or `ignored`.
    pub outcome: String,
    /// The payment's status after the event, when it was applied.
    pub payment_status: Option<String>,
}

fn bad_request(field: Option<&str>, message: impl Into<String>) -> PaymentError {
    PaymentError::App(AppError::BadRequest {
        field: field.map(str::to_string),
        message: message.into(),
    })
}

/// Receives Stripe's events. A missing, forged or stale `Stripe-Signature`
/// (older than 300 s) is a 400 and changes nothing; an event type Ledig does
/// not act on is acknowledged with 200.
#[utoipa::path(post, path = "/api/v1/payments/stripe/webhook", tag = "payments",
    request_body(content = String, description = "The event, exactly as Stripe sent it", content_type = "application/json"),
    params(("Stripe-Signature" = String, Header, description = "t=…,v1=… (HMAC-SHA256 of \"{t}.{body}\")")),
    responses(
        (status = 200, description = "Received (applied, a duplicate, or ignored)", body = WebhookReceipt),
        (status = 400, description = "Missing, forged or stale signature, or not an event", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Stripe is not configured", body = shared::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Stripe can't be reached to refetch the PaymentIntent; Stripe retries later", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn stripe_webhook(
    State(state): State<AppState>,
    Provider(provider): Provider,
    headers: HeaderMap,
    body: Bytes,
) -> PaymentResult<Json<WebhookReceipt>> {
    let stripe = provider
        .stripe()
        .ok_or(AppError::NotFound("Stripe payment provider"))?;
    let header = headers
        .get("stripe-signature")
        .map(|v| v.to_str().unwrap_or_default());
    signature::verify(
        &body,
        header,
        stripe.webhook_secret(),
        Utc::now().timestamp(),
        TOLERANCE_SECONDS,
    )
    .map_err(|e| {
        tracing::warn!(error = %e, "refused a Stripe webhook");
        bad_request(Some("Stripe-Signature"), e.to_string())
    })?;
    let event: Event = serde_json::from_slice(&body)
        .map_err(|e| bad_request(None, format!("Not a Stripe event: {e}")))?;

    let receipt = |outcome: &str, payment_status: Option<String>| {
        Json(WebhookReceipt {
            received: true,
            outcome: outcome.to_string(),
            payment_status,
        })
    };
    if !event.kind.starts_with("payment_intent.") {
        return Ok(receipt("ignored", None));
    }
    let Some(intent_id) = event.data.object.id.filter(|id| id.starts_with("pi_")) else {
        return Err(bad_request(None, "The event names no PaymentIntent."));
    };
    if store::event_seen(&state.db, &event.id).await? {
        return Ok(receipt("duplicate", None));
    }
    let unavailable = |error: sync::SyncError| -> PaymentError {
        if error.is_unavailable() {
            tracing::warn!(%error, event = %event.id, "Stripe unreachable while handling a webhook");
            PaymentError::Unavailable(
                "The payment service can't be reached; the event will be retried.".into(),
            )
        } else {
            PaymentError::App(AppError::Internal(anyhow::anyhow!("{error}")))
        }
    };
    // Don't trust the event's copy: ask Stripe what the PaymentIntent is now.
    let intent = stripe
        .retrieve(&intent_id)
        .await
        .map_err(|e| unavailable(e.into()))?;
    // Applied on a task of its own: Stripe gives up on a slow webhook and
    // disconnects, which would otherwise drop this handler half-way.
    let applied = sync::apply_detached(
        state.db.clone(),
        stripe.clone(),
        intent,
        Some((event.id.clone(), event.kind.clone())),
    )
    .await
    .map_err(unavailable)?;
    Ok(match applied {
        Applied::NotOurs => receipt("ignored", None),
        Applied::Duplicate => receipt("duplicate", None),
        Applied::Status(status) => receipt("applied", Some(status)),
    })
}
