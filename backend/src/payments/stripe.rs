//! The Stripe API calls Ledig makes, through async-stripe: create and
//! retrieve a PaymentIntent, list recent ones, refund one.

use std::{collections::HashMap, str::FromStr, time::Duration};

use ::stripe::{
    Client, ClientBuilder, IdempotencyKey, RequestStrategy, StripeError, StripeRequest,
};
use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use stripe_core::{
    payment_intent::{CreatePaymentIntent, ListPaymentIntent, RetrievePaymentIntent},
    refund::CreateRefund,
    PaymentIntent, PaymentIntentAllowedPaymentMethodTypes, Refund,
};
use stripe_types::{Currency, RangeQueryTs};

use crate::{bookings::store::BookingRow, config::StripeConfig};

/// Each attempt to reach Stripe gives up after this long.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// At most this many pages of 100 PaymentIntents per reconciliation.
const MAX_LIST_PAGES: usize = 20;

pub struct StripeProvider {
    client: Client,
    publishable_key: Option<String>,
    webhook_secret: String,
}

impl std::fmt::Debug for StripeProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No keys in logs.
        f.debug_struct("StripeProvider").finish_non_exhaustive()
    }
}

impl StripeProvider {
    /// The provider, if a secret key is configured. A secret key without a
    /// webhook signing secret is a configuration error: bookings would never
    /// be confirmed by webhook.
    pub fn from_config(config: &StripeConfig) -> anyhow::Result<Option<Self>> {
        let Some(secret_key) = config.secret_key.as_deref().filter(|k| !k.is_empty()) else {
            return Ok(None);
        };
        let Some(webhook_secret) = config.webhook_secret.as_deref().filter(|k| !k.is_empty())
        else {
            anyhow::bail!(
                "LEDIG_STRIPE_WEBHOOK_SECRET is required when LEDIG_STRIPE_SECRET_KEY is set \
                 (the endpoint's signing secret, whsec_…; `stripe listen` prints one)"
            );
        };
        let mut base = config.api_base.trim().to_string();
        if !base.ends_with('/') {
            base.push('/');
        }
        let client = ClientBuilder::new(secret_key)
            .url(base)
            .timeout(REQUEST_TIMEOUT)
            .app_info("Ledig", Some(env!("CARGO_PKG_VERSION").to_string()), None)
            .build()
            .map_err(|e| anyhow::anyhow!("invalid Stripe configuration: {e}"))?;
        Ok(Some(StripeProvider {
            client,
            publishable_key: config.publishable_key.clone().filter(|k| !k.is_empty()),
            webhook_secret: webhook_secret.to_string(),
        }))
    }

    pub fn publishable_key(&self) -> Option<&str> {
        self.publishable_key.as_deref()
    }

    pub fn webhook_secret(&self) -> &str {
        &self.webhook_secret
    }

    /// Creates the booking's PaymentIntent, or returns the one already made:
    /// the Idempotency-Key is derived from the booking id, so a retry or a
    /// double tap gets the same PaymentIntent back from Stripe.
    ///
    /// `replacing` names a canceled PaymentIntent this one replaces (a new
    /// key, still derived, so a double tap after a cancel makes one too).
    pub async fn create_intent(
        &self,
        booking: &BookingRow,
        replacing: Option<&str>,
    ) -> Result<PaymentIntent, StripeError> {
        let currency =
            Currency::from_str(&booking.currency.to_ascii_lowercase()).map_err(|_| {
                StripeError::ClientError(format!("unknown currency {}", booking.currency))
            })?;
        let tz: Tz = booking
            .timezone
            .parse()
            .unwrap_or(chrono_tz::Europe::Stockholm);
        let starts = Utc
            .timestamp_opt(booking.starts_at, 0)
            .single()
            .unwrap_or_default()
            .with_timezone(&tz);
        let request = CreatePaymentIntent::new(booking.price_minor, currency)
            .allowed_payment_method_types(vec![
                PaymentIntentAllowedPaymentMethodTypes::Card,
                PaymentIntentAllowedPaymentMethodTypes::Swish,
            ])
            .metadata(HashMap::from([(
                "booking_id".to_string(),
                booking.id.to_string(),
            )]))
            .description(format!(
                "{}, {}, {}",
                booking.venue_name,
                booking.court_name,
                starts.format("%Y-%m-%d %H:%M")
            ));
        let key = idempotency_key(&match replacing {
            None => format!("ledig-intent-{}", booking.id),
            Some(canceled) => format!("ledig-intent-{}-after-{canceled}", booking.id),
        })?;
        // Stripe answers 409 while a request with the same key is still in
        // flight (a double tap): wait for it and ask again.
        let mut attempt = 0;
        loop {
            let result = request
                .customize()
                .request_strategy(RequestStrategy::Idempotent(key.clone()))
                .send(&self.client)
                .await;
            match result {
                Err(StripeError::Stripe(_, 409)) if attempt < 5 => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
                }
                other => return other,
            }
        }
    }

    /// The PaymentIntent as Stripe has it now.
    pub async fn retrieve(&self, intent_id: &str) -> Result<PaymentIntent, StripeError> {
        RetrievePaymentIntent::new(intent_id)
            .send(&self.client)
            .await
    }

    /// Refunds a PaymentIntent in full, once (the key is derived from it).
    pub async fn refund(&self, intent_id: &str) -> Result<Refund, StripeError> {
        let key = idempotency_key(&format!("ledig-refund-{intent_id}"))?;
        CreateRefund::new()
            .payment_intent(intent_id)
            .metadata(HashMap::from([(
                "ledig_reason".to_string(),
                "slot_lost".to_string(),
            )]))
            .customize()
            .request_strategy(RequestStrategy::Idempotent(key))
            .send(&self.client)
            .await
    }

    /// Refunds `amount` (öre) of a PaymentIntent for a cancellation, once per
    /// booking (the key is derived from the booking id).
    pub async fn refund_amount(
        &self,
        intent_id: &str,
        amount: i64,
        booking_id: uuid::Uuid,
    ) -> Result<Refund, StripeError> {
        let key = idempotency_key(&format!("ledig-cancel-refund-{booking_id}"))?;
        CreateRefund::new()
            .payment_intent(intent_id)
            .amount(amount)
            .metadata(HashMap::from([
                ("ledig_reason".to_string(), "cancelled".to_string()),
                ("booking_id".to_string(), booking_id.to_string()),
            ]))
            .customize()
            .request_strategy(RequestStrategy::Idempotent(key))
            .send(&self.client)
            .await
    }

    /// PaymentIntents created at or after `since` (Unix seconds), newest first.
    pub async fn list_since(&self, since: i64) -> Result<Vec<PaymentIntent>, StripeError> {
        let mut all = Vec::new();
        let mut after: Option<String> = None;
        for _ in 0..MAX_LIST_PAGES {
            let mut request = ListPaymentIntent::new()
                .created(RangeQueryTs::gte(since))
                .limit(100);
            if let Some(after) = &after {
                request = request.starting_after(after.clone());
            }
            let page = request.send(&self.client).await?;
            after = page.data.last().map(|pi| pi.id.as_str().to_string());
            all.extend(page.data);
            if !page.has_more || after.is_none() {
                break;
            }
        }
        Ok(all)
    }
}

fn idempotency_key(key: &str) -> Result<IdempotencyKey, StripeError> {
    IdempotencyKey::new(key).map_err(|e| StripeError::ClientError(e.to_string()))
}

/// True when Stripe could not be reached or failed on its side: the caller
/// can only try again later.
pub fn is_unavailable(error: &StripeError) -> bool {
    match error {
        StripeError::ClientError(_) | StripeError::Timeout => true,
        StripeError::Stripe(_, status) => *status == 429 || *status >= 500,
        StripeError::JSONDeserialize(_) | StripeError::ConfigError(_) => false,
    }
}

/// The `booking_id` Ledig put in a PaymentIntent's metadata.
pub fn booking_id_of(intent: &PaymentIntent) -> Option<uuid::Uuid> {
    intent
        .metadata
        .get("booking_id")
        .and_then(|id| uuid::Uuid::parse_str(id).ok())
}
