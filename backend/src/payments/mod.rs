//! Payments, behind one seam: [`PaymentProvider`].
//!
//! - **Demo** (the default, when no Stripe key is configured): a local payment
//!   step that moves no money and confirms the booking (`demo.rs`).
//! - **Free** bookings (0 kr) are confirmed without a payment whichever
//!   provider runs (`free.rs`).
//!
//! Whoever confirms goes through `confirm.rs`: status, door credentials and
//! the payment's `succeeded` in one transaction.
//! - **Stripe**: a PaymentIntent in SEK with card and Swish per booking
//!   (`intent.rs`), a signed webhook that refetches the PaymentIntent and makes
//!   the booking match it (`webhook.rs`, `signature.rs`, `sync.rs`), refunds
//!   for payments that land after their slot was lost, and a reconciliation
//!   job that compares recent PaymentIntents with bookings (`sync.rs`).
//!
//! The provider is chosen once from the configuration and reaches handlers as
//! a request extension ([`Provider`]); a router built without one runs the
//! demo provider.

pub mod confirm;
pub mod demo;
pub mod error;
pub mod free;
pub mod intent;
pub mod refund;
pub mod signature;
pub mod store;
pub mod stripe;
pub mod sync;
pub mod webhook;

use std::{convert::Infallible, sync::Arc, time::Duration};

use axum::{
    extract::FromRequestParts,
    http::request::Parts,
    routing::{get, post},
    Json, Router,
};
use serde::Serialize;

use crate::{config::StripeConfig, db::Db, AppState};

pub use self::stripe::StripeProvider;
pub use sync::reconcile_recent;

/// Who takes the money.
#[derive(Clone, Debug)]
pub enum PaymentProvider {
    /// No money moves; paying confirms at once.
    Demo,
    /// Stripe PaymentIntents (card and Swish), confirmed by webhook.
    Stripe(Arc<StripeProvider>),
}

impl PaymentProvider {
    /// Stripe when a secret key is configured, else the demo provider.
    pub fn from_config(config: &StripeConfig) -> anyhow::Result<Self> {
        match StripeProvider::from_config(config)? {
            Some(stripe) => Ok(PaymentProvider::Stripe(Arc::new(stripe))),
            None => Ok(PaymentProvider::Demo),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            PaymentProvider::Demo => "demo",
            PaymentProvider::Stripe(_) => "stripe",
        }
    }

    pub fn stripe(&self) -> Option<&Arc<StripeProvider>> {
        match self {
            PaymentProvider::Stripe(stripe) => Some(stripe),
            PaymentProvider::Demo => None,
        }
    }

    /// The background work this provider needs (Stripe: reconciliation
    /// every few minutes), if any.
    pub fn spawn_background(&self, db: Db) -> Option<tokio::task::JoinHandle<()>> {
        self.stripe()
            .map(|stripe| tokio::spawn(sync::reconcile_forever(db, stripe.clone())))
    }
}

/// The configured provider, from the request's extensions (the demo provider
/// when there is none).
pub struct Provider(pub PaymentProvider);

impl<S: Send + Sync> FromRequestParts<S> for Provider {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Provider(
            parts
                .extensions
                .get::<PaymentProvider>()
                .cloned()
                .unwrap_or(PaymentProvider::Demo),
        ))
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/payments/config", get(payment_config))
        .route(
            "/payments/demo/{id}/confirm",
            post(demo::confirm_demo_payment),
        )
        .route(
            "/payments/free/{id}/confirm",
            post(free::confirm_free_booking),
        )
        .route(
            "/payments/stripe/{booking_id}/intent",
            post(intent::create_intent),
        )
        .route("/payments/stripe/webhook", post(webhook::stripe_webhook))
}

/// Which provider takes payments, and what the pay step needs to load it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PaymentConfig {
    /// `demo` or `stripe`.
    pub provider: String,
    /// Stripe's publishable key (`pk_…`), for Stripe.js on the pay step.
    pub publishable_key: Option<String>,
}

/// The payment provider in use.
#[utoipa::path(get, path = "/api/v1/payments/config", tag = "payments",
    responses((status = 200, description = "The provider and its public key", body = PaymentConfig)))]
pub async fn payment_config(Provider(provider): Provider) -> Json<PaymentConfig> {
    Json(PaymentConfig {
        provider: provider.name().to_string(),
        publishable_key: provider
            .stripe()
            .and_then(|s| s.publishable_key().map(str::to_string)),
    })
}

/// A door code to confirm a booking with (`LEDIG_ACCESS_CODE_DIGITS`, 6).
/// Windows of adjacent bookings overlap by the access margin, so a drawn code
/// may clash; issuing the credentials redraws it then (see `access`).
pub fn door_code() -> String {
    crate::access::draw_code(crate::access::settings().code_digits)
}

/// How often the reconciliation job runs, and how far back it looks.
pub const RECONCILE_EVERY: Duration = Duration::from_secs(300);
pub const RECONCILE_LOOKBACK: chrono::Duration = chrono::Duration::hours(6);
