//! A local fake of the parts of Stripe's API that Ledig calls, in Stripe's
//! wire format: form-encoded requests with bracketed keys, a Bearer secret
//! key, JSON objects with `object` fields, Stripe-style error bodies,
//! `Idempotency-Key` replays (and refusal of a reused key with other
//! parameters), and webhooks signed the way Stripe signs them
//! (`Stripe-Signature: t=…,v1=HMAC-SHA256("{t}.{body}")`). The app's real
//! async-stripe client talks to it over HTTP.
//!
//! Endpoints: `POST /v1/payment_intents`, `GET /v1/payment_intents/{id}`,
//! `GET /v1/payment_intents` (list, `created[gte]`, `limit`,
//! `starting_after`), `POST /v1/refunds` (in full, or `amount` of it).

pub mod form;

use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, Mutex},
};

use axum::{
    body::Bytes,
    extract::{Path, RawQuery, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use backend::config::StripeConfig;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

pub const SECRET_KEY: &str = "sk_test_fake_ledig";
pub const PUBLISHABLE_KEY: &str = "pk_test_fake_ledig";
pub const WEBHOOK_SECRET: &str = "whsec_fake_ledig_signing_secret";

#[derive(Default)]
pub struct Ledger {
    /// PaymentIntents by id, as Stripe would return them.
    pub intents: BTreeMap<String, Value>,
    pub refunds: Vec<Value>,
    /// Idempotency-Key → (what was asked, status, response).
    idempotency: HashMap<String, (String, u16, Value)>,
    /// Every request: "METHOD /path".
    pub requests: Vec<String>,
    seq: u64,
}

impl Ledger {
    fn next_id(&mut self, prefix: &str) -> String {
        self.seq += 1;
        format!(
            "{prefix}_fake{:08}{}",
            self.seq,
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        )
    }
}

pub struct FakeStripe {
    /// The API base to configure in the app (`http://127.0.0.1:PORT/`).
    pub url: String,
    pub ledger: Arc<Mutex<Ledger>>,
    server: tokio::task::JoinHandle<()>,
}

type Shared = Arc<Mutex<Ledger>>;

impl FakeStripe {
    pub async fn start() -> FakeStripe {
        let ledger: Shared = Arc::default();
        let app = Router::new()
            .route("/v1/payment_intents", post(create_intent).get(list_intents))
            .route("/v1/payment_intents/{id}", get(retrieve_intent))
            .route("/v1/refunds", post(create_refund))
            .fallback(|| async {
                stripe_error(
                    StatusCode::NOT_FOUND,
                    "invalid_request_error",
                    None,
                    None,
                    "Unrecognized request URL.",
                )
            })
            .with_state(ledger.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeStripe {
            url,
            ledger,
            server,
        }
    }

    /// The app's Stripe settings, pointed at this fake.
    pub fn config(&self) -> StripeConfig {
        StripeConfig {
            secret_key: Some(SECRET_KEY.into()),
            webhook_secret: Some(WEBHOOK_SECRET.into()),
            publishable_key: Some(PUBLISHABLE_KEY.into()),
            api_base: self.url.clone(),
        }
    }

    /// Stops answering: connections are refused from now on.
    pub fn stop(&self) {
        self.server.abort();
    }

    pub fn intent_count(&self) -> usize {
        self.ledger.lock().unwrap().intents.len()
    }

    pub fn intent(&self, id: &str) -> Value {
        self.ledger.lock().unwrap().intents[id].clone()
    }

    pub fn refunds_for(&self, intent_id: &str) -> Vec<Value> {
        let ledger = self.ledger.lock().unwrap();
        ledger
            .refunds
            .iter()
            .filter(|r| r["payment_intent"] == intent_id)
            .cloned()
            .collect()
    }

    pub fn requests(&self) -> Vec<String> {
        self.ledger.lock().unwrap().requests.clone()
    }

    /// The player paid (card or Swish): the PaymentIntent succeeded.
    pub fn succeed(&self, id: &str) {
        let mut ledger = self.ledger.lock().unwrap();
        let charge = ledger.next_id("ch");
        let pi = ledger.intents.get_mut(id).expect("known PaymentIntent");
        pi["status"] = json!("succeeded");
        pi["amount_received"] = pi["amount"].clone();
        pi["latest_charge"] = json!(charge);
        pi["payment_method"] = json!("pm_fake_swish");
        pi["last_payment_error"] = Value::Null;
    }

    /// A payment attempt failed (declined card, Swish not approved).
    pub fn fail(&self, id: &str) {
        let mut ledger = self.ledger.lock().unwrap();
        let pi = ledger.intents.get_mut(id).expect("known PaymentIntent");
        pi["status"] = json!("requires_payment_method");
        pi["last_payment_error"] = json!({
            "type": "card_error", "code": "card_declined", "decline_code": "generic_decline",
            "message": "Your card was declined."
        });
    }

    /// The PaymentIntent was canceled (by the app, the Dashboard or Stripe).
    pub fn cancel(&self, id: &str) {
        let mut ledger = self.ledger.lock().unwrap();
        let pi = ledger.intents.get_mut(id).expect("known PaymentIntent");
        pi["status"] = json!("canceled");
        pi["canceled_at"] = json!(chrono::Utc::now().timestamp());
        pi["cancellation_reason"] = json!("abandoned");
    }

    /// An event as Stripe sends it, around a snapshot of `object`.
    pub fn event(&self, kind: &str, object: Value) -> Value {
        let id = self.ledger.lock().unwrap().next_id("evt");
        json!({
            "id": id,
            "object": "event",
            "api_version": "2025-10-29.clover",
            "created": chrono::Utc::now().timestamp(),
            "data": { "object": object },
            "livemode": false,
            "pending_webhooks": 1,
            "request": { "id": null, "idempotency_key": null },
            "type": kind,
        })
    }

    /// An event about the PaymentIntent as it is now.
    pub fn intent_event(&self, kind: &str, intent_id: &str) -> Value {
        self.event(kind, self.intent(intent_id))
    }

    /// Posts `event` to the app's webhook, signed with `secret` at `t`.
    pub async fn deliver_signed(
        &self,
        webhook_url: &str,
        event: &Value,
        secret: &str,
        t: i64,
    ) -> reqwest::Response {
        let payload = serde_json::to_string(event).unwrap();
        let header = format!("t={t},v1={}", sign(secret, t, &payload));
        self.post_webhook(webhook_url, payload, Some(header)).await
    }

    /// Posts `event` the way Stripe does: signed now with the endpoint's secret.
    pub async fn deliver(&self, webhook_url: &str, event: &Value) -> reqwest::Response {
        self.deliver_signed(
            webhook_url,
            event,
            WEBHOOK_SECRET,
            chrono::Utc::now().timestamp(),
        )
        .await
    }

    pub async fn post_webhook(
        &self,
        webhook_url: &str,
        payload: String,
        signature: Option<String>,
    ) -> reqwest::Response {
        let mut request = reqwest::Client::new()
            .post(webhook_url)
            .header("content-type", "application/json; charset=utf-8")
            .header(
                "user-agent",
                "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            )
            .body(payload);
        if let Some(signature) = signature {
            request = request.header("stripe-signature", signature);
        }
        request.send().await.expect("webhook request")
    }
}

impl Drop for FakeStripe {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Stripe's v1 scheme: hex HMAC-SHA256 of "{t}.{payload}" keyed with the secret.
pub fn sign(secret: &str, t: i64, payload: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{payload}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn stripe_error(
    status: StatusCode,
    kind: &str,
    code: Option<&str>,
    param: Option<&str>,
    message: &str,
) -> Response {
    let mut error = json!({ "type": kind, "message": message });
    if let Some(code) = code {
        error["code"] = json!(code);
    }
    if let Some(param) = param {
        error["param"] = json!(param);
    }
    (
        status,
        [("request-id", "req_fake")],
        Json(json!({ "error": error })),
    )
        .into_response()
}

/// The 401 Stripe answers without the right secret key, if so.
fn unauthorized(headers: &HeaderMap) -> Option<Response> {
    let expected = format!("Bearer {SECRET_KEY}");
    match headers.get("authorization").and_then(|v| v.to_str().ok()) {
        Some(value) if value == expected => None,
        _ => Some(stripe_error(
            StatusCode::UNAUTHORIZED,
            "invalid_request_error",
            None,
            None,
            "Invalid API Key provided.",
        )),
    }
}

/// Runs a POST under Stripe's idempotency rules: the same key with the same
/// parameters replays the first response; with other parameters it is refused.
fn idempotent(
    ledger: &mut Ledger,
    headers: &HeaderMap,
    fingerprint: String,
    run: impl FnOnce(&mut Ledger) -> (StatusCode, Value),
) -> Response {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if let Some(key) = &key {
        if let Some((asked, status, body)) = ledger.idempotency.get(key) {
            if *asked != fingerprint {
                return stripe_error(
                    StatusCode::BAD_REQUEST,
                    "idempotency_error",
                    None,
                    None,
                    "Keys for idempotent requests can only be used with the same parameters they were first used with.",
                );
            }
            return (
                StatusCode::from_u16(*status).unwrap(),
                [("idempotent-replayed", "true")],
                Json(body.clone()),
            )
                .into_response();
        }
    }
    let (status, body) = run(ledger);
    // Stripe saves the result of any request that started executing,
    // errors included (but not 5xx).
    if let Some(key) = key {
        ledger
            .idempotency
            .insert(key, (fingerprint, status.as_u16(), body.clone()));
    }
    (status, Json(body)).into_response()
}

fn error_body(kind: &str, code: &str, param: &str, message: &str) -> Value {
    json!({ "error": { "type": kind, "code": code, "param": param, "message": message } })
}

async fn create_intent(State(ledger): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(e) = unauthorized(&headers) {
        return e;
    }
    let text = String::from_utf8_lossy(&body).to_string();
    let params = match form::decode(&text) {
        Ok(p) => p,
        Err(message) => {
            return stripe_error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                None,
                None,
                &message,
            )
        }
    };
    let mut ledger = ledger.lock().unwrap();
    ledger.requests.push("POST /v1/payment_intents".into());
    idempotent(
        &mut ledger,
        &headers,
        format!("POST /v1/payment_intents?{text}"),
        |ledger| {
            let Some(amount) = params["amount"]
                .as_str()
                .and_then(|a| a.parse::<i64>().ok())
            else {
                return (
                    StatusCode::BAD_REQUEST,
                    error_body(
                        "invalid_request_error",
                        "parameter_missing",
                        "amount",
                        "Missing required param: amount.",
                    ),
                );
            };
            if amount < 1 {
                return (
                    StatusCode::BAD_REQUEST,
                    error_body(
                        "invalid_request_error",
                        "amount_too_small",
                        "amount",
                        "Amount must be at least 1 öre.",
                    ),
                );
            }
            let Some(currency) = params["currency"].as_str() else {
                return (
                    StatusCode::BAD_REQUEST,
                    error_body(
                        "invalid_request_error",
                        "parameter_missing",
                        "currency",
                        "Missing required param: currency.",
                    ),
                );
            };
            let types = params
                .get("allowed_payment_method_types")
                .or_else(|| params.get("payment_method_types"))
                .cloned()
                .unwrap_or_else(|| json!(["card"]));
            let id = ledger.next_id("pi");
            let secret = format!("{id}_secret_{}", uuid::Uuid::new_v4().simple());
            let intent = json!({
                "id": id,
                "object": "payment_intent",
                "amount": amount,
                "amount_capturable": 0,
                "amount_received": 0,
                "application": null,
                "application_fee_amount": null,
                "automatic_payment_methods": null,
                "canceled_at": null,
                "cancellation_reason": null,
                "capture_method": "automatic_async",
                "client_secret": secret,
                "confirmation_method": "automatic",
                "created": chrono::Utc::now().timestamp(),
                "currency": currency,
                "customer": null,
                "description": params.get("description").cloned().unwrap_or(Value::Null),
                "last_payment_error": null,
                "latest_charge": null,
                "livemode": false,
                "metadata": params.get("metadata").cloned().unwrap_or_else(|| json!({})),
                "next_action": null,
                "on_behalf_of": null,
                "payment_method": null,
                "payment_method_options": {},
                "payment_method_types": types,
                "processing": null,
                "receipt_email": null,
                "review": null,
                "setup_future_usage": null,
                "shipping": null,
                "source": null,
                "statement_descriptor": null,
                "statement_descriptor_suffix": null,
                "status": "requires_payment_method",
                "transfer_data": null,
                "transfer_group": null,
            });
            ledger.intents.insert(id, intent.clone());
            (StatusCode::OK, intent)
        },
    )
}

async fn retrieve_intent(
    State(ledger): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Some(e) = unauthorized(&headers) {
        return e;
    }
    let mut ledger = ledger.lock().unwrap();
    ledger
        .requests
        .push(format!("GET /v1/payment_intents/{id}"));
    match ledger.intents.get(&id) {
        Some(intent) => Json(intent.clone()).into_response(),
        None => stripe_error(
            StatusCode::NOT_FOUND,
            "invalid_request_error",
            Some("resource_missing"),
            Some("intent"),
            &format!("No such payment_intent: '{id}'"),
        ),
    }
}

async fn list_intents(
    State(ledger): State<Shared>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(e) = unauthorized(&headers) {
        return e;
    }
    let params = form::decode(query.as_deref().unwrap_or("")).unwrap_or_default();
    let number = |v: &Value| v.as_str().and_then(|s| s.parse::<i64>().ok());
    let gte = number(&params["created"]["gte"]).unwrap_or(i64::MIN);
    let limit = number(&params["limit"]).unwrap_or(10).clamp(1, 100) as usize;
    let after = params["starting_after"].as_str().map(str::to_string);
    let mut ledger = ledger.lock().unwrap();
    ledger.requests.push("GET /v1/payment_intents".into());
    // Newest first, as Stripe lists; ids are in creation order here.
    let mut all: Vec<&Value> = ledger
        .intents
        .values()
        .filter(|pi| pi["created"].as_i64().unwrap_or(0) >= gte)
        .collect();
    all.reverse();
    let start = match &after {
        Some(after) => all
            .iter()
            .position(|pi| pi["id"] == after.as_str())
            .map_or(all.len(), |i| i + 1),
        None => 0,
    };
    let page: Vec<Value> = all
        .iter()
        .skip(start)
        .take(limit)
        .map(|v| (*v).clone())
        .collect();
    let has_more = start + page.len() < all.len();
    Json(json!({ "object": "list", "data": page, "has_more": has_more, "url": "/v1/payment_intents" }))
        .into_response()
}

async fn create_refund(State(ledger): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(e) = unauthorized(&headers) {
        return e;
    }
    let text = String::from_utf8_lossy(&body).to_string();
    let params = form::decode(&text).unwrap_or_default();
    let mut ledger = ledger.lock().unwrap();
    ledger.requests.push("POST /v1/refunds".into());
    // Stripe compares the parameters, not their order (metadata comes from
    // a HashMap, whose order differs from one request to the next).
    let mut fields: Vec<&str> = text.split('&').collect();
    fields.sort_unstable();
    idempotent(
        &mut ledger,
        &headers,
        format!("POST /v1/refunds?{}", fields.join("&")),
        |ledger| {
            let Some(intent_id) = params["payment_intent"].as_str().map(str::to_string) else {
                return (
                    StatusCode::BAD_REQUEST,
                    error_body(
                        "invalid_request_error",
                        "parameter_missing",
                        "payment_intent",
                        "Missing required param: payment_intent.",
                    ),
                );
            };
            let Some(intent) = ledger.intents.get(&intent_id).cloned() else {
                return (
                    StatusCode::NOT_FOUND,
                    error_body(
                        "invalid_request_error",
                        "resource_missing",
                        "payment_intent",
                        &format!("No such payment_intent: '{intent_id}'"),
                    ),
                );
            };
            if intent["status"] != "succeeded" {
                return (
                    StatusCode::BAD_REQUEST,
                    error_body(
                        "invalid_request_error",
                        "charge_not_refundable",
                        "payment_intent",
                        "This PaymentIntent does not have a successful charge to refund.",
                    ),
                );
            }
            let refunded: i64 = ledger
                .refunds
                .iter()
                .filter(|r| r["payment_intent"] == intent_id.as_str())
                .map(|r| r["amount"].as_i64().unwrap_or(0))
                .sum();
            let remaining = intent["amount_received"].as_i64().unwrap_or(0) - refunded;
            if remaining <= 0 {
                return (
                    StatusCode::BAD_REQUEST,
                    error_body(
                        "invalid_request_error",
                        "charge_already_refunded",
                        "payment_intent",
                        "This charge has already been refunded.",
                    ),
                );
            }
            // `amount`: a partial refund; without it, whatever is left.
            let amount = match params.get("amount").and_then(Value::as_str) {
                None => remaining,
                Some(raw) => match raw.parse::<i64>() {
                    Ok(a) if (1..=remaining).contains(&a) => a,
                    _ => {
                        return (
                            StatusCode::BAD_REQUEST,
                            error_body(
                                "invalid_request_error",
                                "amount_too_large",
                                "amount",
                                &format!("Refund amount ({raw}) is greater than unrefunded amount on charge ({remaining})."),
                            ),
                        )
                    }
                },
            };
            let id = ledger.next_id("re");
            let refund = json!({
                "id": id,
                "object": "refund",
                "amount": amount,
                "balance_transaction": null,
                "charge": intent["latest_charge"],
                "created": chrono::Utc::now().timestamp(),
                "currency": intent["currency"],
                "metadata": params.get("metadata").cloned().unwrap_or_else(|| json!({})),
                "payment_intent": intent_id,
                "reason": params.get("reason").cloned().unwrap_or(Value::Null),
                "receipt_number": null,
                "source_transfer_reversal": null,
                "status": "succeeded",
                "transfer_reversal": null,
            });
            ledger.refunds.push(refund.clone());
            (StatusCode::OK, refund)
        },
    )
}
