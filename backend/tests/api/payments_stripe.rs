//! The Stripe provider end to end: the app's real async-stripe client
//! against the local fake Stripe (`fake_stripe`), webhooks signed the way
//! Stripe signs them, on SQLite and PostgreSQL.

use backend::{config::ServeConfig, on_db, payments};
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use shared::{Booking, BookingStatus};
use uuid::Uuid;

use crate::fake_stripe::{FakeStripe, PUBLISHABLE_KEY, WEBHOOK_SECRET};
use crate::helpers::{json, problem, spawn_app, spawn_app_with, tomorrow_at, Engine, TestApp};

crate::on_both_engines!(
    one_intent_per_booking_in_sek_for_card_and_swish,
    a_successful_payment_confirms_with_a_door_code,
    the_event_body_is_not_trusted,
    a_duplicate_event_has_one_effect,
    events_out_of_order_end_confirmed,
    a_bad_signature_is_refused_without_change,
    a_stale_signature_is_refused_without_change,
    an_unknown_event_type_is_acknowledged_without_change,
    a_canceled_intent_is_recorded_and_the_hold_stays,
    a_late_payment_for_a_lost_slot_is_refunded,
    a_late_payment_for_a_free_slot_confirms,
    stripe_unreachable_is_503_and_the_hold_stays,
    reconciliation_confirms_without_a_webhook,
    only_a_held_booking_gets_an_intent,
);

struct Setup {
    app: TestApp,
    fake: FakeStripe,
    court_id: i64,
}

async fn setup(engine: Engine) -> Setup {
    let fake = FakeStripe::start().await;
    let mut config = ServeConfig::for_tests();
    config.stripe = fake.config();
    let app = spawn_app_with(engine, config).await;
    let court_id = app.add_fixture().await.court_id;
    Setup {
        app,
        fake,
        court_id,
    }
}

impl Setup {
    async fn hold(&self, hour: u32) -> Booking {
        let response = self.app.book(self.court_id, tomorrow_at(hour)).await;
        assert_eq!(response.status(), 201);
        response.json().await.unwrap()
    }

    async fn intent(&self, booking_id: Uuid) -> reqwest::Response {
        self.app
            .post(&format!("/api/v1/payments/stripe/{booking_id}/intent"))
            .await
    }

    /// A held booking and its PaymentIntent id.
    async fn held_with_intent(&self, hour: u32) -> (Booking, String) {
        let held = self.hold(hour).await;
        let response = self.intent(held.id).await;
        assert_eq!(response.status(), 200);
        let body = json(response).await;
        (held, body["intent_id"].as_str().unwrap().to_string())
    }

    fn webhook(&self) -> String {
        self.app.url("/api/v1/payments/stripe/webhook")
    }

    async fn deliver(&self, kind: &str, intent_id: &str) -> reqwest::Response {
        let event = self.fake.intent_event(kind, intent_id);
        self.fake.deliver(&self.webhook(), &event).await
    }

    async fn booking(&self, id: Uuid) -> Booking {
        self.app
            .get(&format!("/api/v1/bookings/{id}"))
            .await
            .json()
            .await
            .unwrap()
    }

    async fn events(&self) -> i64 {
        on_db!(&self.app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM stripe_events").fetch_one(pool).await).unwrap()
    }

    async fn payments(&self) -> i64 {
        on_db!(&self.app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM payments").fetch_one(pool).await).unwrap()
    }

    async fn payment_status(&self, intent_id: &str) -> String {
        on_db!(&self.app.db, pool => sqlx::query_scalar("SELECT status FROM payments WHERE intent_id = $1")
            .bind(intent_id).fetch_one(pool).await)
        .unwrap()
    }

    /// Lets the hold lapse a minute ago.
    async fn lapse(&self, id: Uuid) {
        self.app
            .exec(
                "UPDATE bookings SET hold_expires_at = $2 WHERE id = $1",
                id,
                (Utc::now() - Duration::minutes(1)).timestamp(),
            )
            .await;
    }
}

async fn one_intent_per_booking_in_sek_for_card_and_swish(engine: Engine) {
    let s = setup(engine).await;
    let held = s.hold(18).await;

    // A double tap on "pay": two requests at once, one PaymentIntent.
    let (a, b) = futures::join!(s.intent(held.id), s.intent(held.id));
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    let (a, b) = (json(a).await, json(b).await);
    assert_eq!(a["intent_id"], b["intent_id"]);
    assert_eq!(a["client_secret"], b["client_secret"]);
    assert_eq!(s.fake.intent_count(), 1);
    assert_eq!(s.payments().await, 1);

    let intent_id = a["intent_id"].as_str().unwrap();
    assert!(intent_id.starts_with("pi_"), "{a}");
    assert!(a["client_secret"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{intent_id}_secret_")));
    assert_eq!(a["publishable_key"], PUBLISHABLE_KEY);
    assert_eq!(
        a["amount"],
        json!({ "amount_minor": 15000, "currency": "SEK" })
    );
    assert_eq!(a["status"], "requires_payment_method");

    // What Stripe was asked for: SEK, the booking's price, card and Swish.
    let at_stripe = s.fake.intent(intent_id);
    assert_eq!(at_stripe["amount"], 15000);
    assert_eq!(at_stripe["currency"], "sek");
    assert_eq!(at_stripe["payment_method_types"], json!(["card", "swish"]));
    assert_eq!(at_stripe["metadata"]["booking_id"], held.id.to_string());

    // Asking again later is the same PaymentIntent too.
    let again = json(s.intent(held.id).await).await;
    assert_eq!(again["intent_id"], intent_id);
    assert_eq!(s.fake.intent_count(), 1);

    // The app is told which provider runs; the demo provider is off.
    let config = json(s.app.get("/api/v1/payments/config").await).await;
    assert_eq!(
        config,
        json!({ "provider": "stripe", "publishable_key": PUBLISHABLE_KEY })
    );
    let demo = s
        .app
        .post(&format!("/api/v1/payments/demo/{}/confirm", held.id))
        .await;
    problem(demo, 404).await;
    assert_eq!(s.booking(held.id).await.status, BookingStatus::Held);
}

async fn a_successful_payment_confirms_with_a_door_code(engine: Engine) {
    let s = setup(engine).await;
    let (held, intent_id) = s.held_with_intent(18).await;
    assert_eq!(
        s.payment_status(&intent_id).await,
        "requires_payment_method"
    );

    s.fake.succeed(&intent_id);
    let response = s.deliver("payment_intent.succeeded", &intent_id).await;
    assert_eq!(response.status(), 200);
    let receipt = json(response).await;
    assert_eq!(receipt["outcome"], "applied");
    assert_eq!(receipt["payment_status"], "succeeded");

    let paid = s.booking(held.id).await;
    assert_eq!(paid.status, BookingStatus::Confirmed);
    let code = paid.door_code.unwrap();
    assert!(
        code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()),
        "{code}"
    );
    assert!(paid.hold_expires_at.is_none());
    assert_eq!(s.payment_status(&intent_id).await, "succeeded");
    assert_eq!(s.events().await, 1);
    // The webhook refetched the PaymentIntent from Stripe.
    assert!(s
        .fake
        .requests()
        .contains(&format!("GET /v1/payment_intents/{intent_id}")));

    // Asking for the intent of a paid booking: it is paid.
    problem(s.intent(held.id).await, 409).await;
}

async fn the_event_body_is_not_trusted(engine: Engine) {
    let s = setup(engine).await;
    let (held, intent_id) = s.held_with_intent(18).await;

    // A validly signed event claiming success while Stripe says otherwise.
    let mut claimed = s.fake.intent(&intent_id);
    claimed["status"] = json!("succeeded");
    claimed["amount_received"] = json!(15000);
    let event = s.fake.event("payment_intent.succeeded", claimed);
    let response = s.fake.deliver(&s.webhook(), &event).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        json(response).await["payment_status"],
        "requires_payment_method"
    );
    assert_eq!(s.booking(held.id).await.status, BookingStatus::Held);
}

async fn a_duplicate_event_has_one_effect(engine: Engine) {
    let s = setup(engine).await;
    let (held, intent_id) = s.held_with_intent(18).await;
    s.fake.succeed(&intent_id);
    let event = s.fake.intent_event("payment_intent.succeeded", &intent_id);

    let first = s.fake.deliver(&s.webhook(), &event).await;
    assert_eq!(json(first).await["outcome"], "applied");
    let code = s.booking(held.id).await.door_code.unwrap();

    // Stripe delivers at least once: the same event again, twice at once.
    let webhook = s.webhook();
    let (a, b) = futures::join!(
        s.fake.deliver(&webhook, &event),
        s.fake.deliver(&webhook, &event)
    );
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200));
    assert_eq!(json(a).await["outcome"], "duplicate");
    assert_eq!(json(b).await["outcome"], "duplicate");
    assert_eq!(s.events().await, 1);

    // A different event about the same success changes nothing either.
    let other = s.deliver("payment_intent.succeeded", &intent_id).await;
    assert_eq!(other.status(), 200);
    let after = s.booking(held.id).await;
    assert_eq!(after.status, BookingStatus::Confirmed);
    assert_eq!(
        after.door_code.as_deref(),
        Some(code.as_str()),
        "one door code"
    );
    assert!(s.fake.refunds_for(&intent_id).is_empty());
    assert_eq!(s.payment_status(&intent_id).await, "succeeded");
}

async fn events_out_of_order_end_confirmed(engine: Engine) {
    let s = setup(engine).await;
    let (held, intent_id) = s.held_with_intent(18).await;

    // A first attempt fails (Swish not approved), then the player pays.
    s.fake.fail(&intent_id);
    let failed_event = s
        .fake
        .intent_event("payment_intent.payment_failed", &intent_id);
    s.fake.succeed(&intent_id);
    let succeeded_event = s.fake.intent_event("payment_intent.succeeded", &intent_id);

    // The success arrives first, the failure after it.
    let first = s.fake.deliver(&s.webhook(), &succeeded_event).await;
    assert_eq!(json(first).await["payment_status"], "succeeded");
    let code = s.booking(held.id).await.door_code.unwrap();
    let late = s.fake.deliver(&s.webhook(), &failed_event).await;
    assert_eq!(late.status(), 200);
    assert_eq!(json(late).await["payment_status"], "succeeded");

    let after = s.booking(held.id).await;
    assert_eq!(after.status, BookingStatus::Confirmed);
    assert_eq!(after.door_code.as_deref(), Some(code.as_str()));
    assert_eq!(s.payment_status(&intent_id).await, "succeeded");
    assert_eq!(s.events().await, 2);

    // The other way round on another booking: failure, then success.
    let (other, other_intent) = s.held_with_intent(20).await;
    s.fake.fail(&other_intent);
    let failed = s
        .deliver("payment_intent.payment_failed", &other_intent)
        .await;
    assert_eq!(json(failed).await["payment_status"], "failed");
    assert_eq!(
        s.booking(other.id).await.status,
        BookingStatus::Held,
        "the hold stays for a retry"
    );
    s.fake.succeed(&other_intent);
    s.deliver("payment_intent.succeeded", &other_intent).await;
    assert_eq!(s.booking(other.id).await.status, BookingStatus::Confirmed);
}

async fn a_bad_signature_is_refused_without_change(engine: Engine) {
    let s = setup(engine).await;
    let (held, intent_id) = s.held_with_intent(18).await;
    s.fake.succeed(&intent_id);
    let event = s.fake.intent_event("payment_intent.succeeded", &intent_id);
    let now = Utc::now().timestamp();

    // Signed with another secret.
    let forged = s
        .fake
        .deliver_signed(&s.webhook(), &event, "whsec_not_the_secret", now)
        .await;
    let body = problem(forged, 400).await;
    assert_eq!(body["field"], "Stripe-Signature");

    // Signed correctly, then the body changed on the way.
    let payload = serde_json::to_string(&event).unwrap();
    let header = format!(
        "t={now},v1={}",
        crate::fake_stripe::sign(WEBHOOK_SECRET, now, &payload)
    );
    let tampered = payload.replace("payment_intent.succeeded", "payment_intent.canceled");
    problem(
        s.fake
            .post_webhook(&s.webhook(), tampered, Some(header))
            .await,
        400,
    )
    .await;

    // No signature at all, and a malformed one.
    problem(
        s.fake
            .post_webhook(&s.webhook(), payload.clone(), None)
            .await,
        400,
    )
    .await;
    problem(
        s.fake
            .post_webhook(&s.webhook(), payload, Some("v1=deadbeef".into()))
            .await,
        400,
    )
    .await;

    assert_eq!(s.booking(held.id).await.status, BookingStatus::Held);
    assert_eq!(s.events().await, 0);
    assert_eq!(
        s.payment_status(&intent_id).await,
        "requires_payment_method"
    );
}

async fn a_stale_signature_is_refused_without_change(engine: Engine) {
    let s = setup(engine).await;
    let (held, intent_id) = s.held_with_intent(18).await;
    s.fake.succeed(&intent_id);
    let event = s.fake.intent_event("payment_intent.succeeded", &intent_id);

    // Validly signed, but 301 seconds ago: a replay.
    let stale = s
        .fake
        .deliver_signed(
            &s.webhook(),
            &event,
            WEBHOOK_SECRET,
            Utc::now().timestamp() - 301,
        )
        .await;
    problem(stale, 400).await;
    assert_eq!(s.booking(held.id).await.status, BookingStatus::Held);
    assert_eq!(s.events().await, 0);

    // The same event signed now (Stripe's retry) is applied: the stale
    // delivery left no trace that would make it a "duplicate".
    let fresh = s.fake.deliver(&s.webhook(), &event).await;
    assert_eq!(json(fresh).await["outcome"], "applied");
    assert_eq!(s.booking(held.id).await.status, BookingStatus::Confirmed);
}

async fn an_unknown_event_type_is_acknowledged_without_change(engine: Engine) {
    let s = setup(engine).await;
    let (held, intent_id) = s.held_with_intent(18).await;
    s.fake.succeed(&intent_id);

    let customer = s.fake.event(
        "customer.created",
        json!({ "id": "cus_fake1", "object": "customer" }),
    );
    let response = s.fake.deliver(&s.webhook(), &customer).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["outcome"], "ignored");

    // Not a payment_intent.* event, though about our payment: not acted on.
    let charge = s.fake.event(
        "charge.succeeded",
        json!({ "id": "ch_fake1", "object": "charge", "payment_intent": intent_id }),
    );
    let response = s.fake.deliver(&s.webhook(), &charge).await;
    assert_eq!(json(response).await["outcome"], "ignored");

    assert_eq!(s.booking(held.id).await.status, BookingStatus::Held);
    assert_eq!(s.events().await, 0);
    assert_eq!(
        s.payment_status(&intent_id).await,
        "requires_payment_method"
    );
}

async fn a_canceled_intent_is_recorded_and_the_hold_stays(engine: Engine) {
    let s = setup(engine).await;
    let (held, intent_id) = s.held_with_intent(18).await;
    s.fake.cancel(&intent_id);
    let response = s.deliver("payment_intent.canceled", &intent_id).await;
    assert_eq!(json(response).await["payment_status"], "canceled");
    assert_eq!(s.payment_status(&intent_id).await, "canceled");
    let after = s.booking(held.id).await;
    assert_eq!(after.status, BookingStatus::Held);
    assert_eq!(after.hold_expires_at, held.hold_expires_at);
    assert!(s.fake.refunds_for(&intent_id).is_empty());

    // Paying again while the hold runs: a new PaymentIntent replaces it, once.
    let (a, b) = futures::join!(s.intent(held.id), s.intent(held.id));
    let (a, b) = (json(a).await, json(b).await);
    assert_eq!(a["intent_id"], b["intent_id"]);
    let fresh = a["intent_id"].as_str().unwrap().to_string();
    assert_ne!(fresh, intent_id);
    assert_eq!(s.fake.intent_count(), 2);
    assert_eq!(s.payments().await, 1);
    s.fake.succeed(&fresh);
    let response = s.deliver("payment_intent.succeeded", &fresh).await;
    assert_eq!(json(response).await["payment_status"], "succeeded");
    assert_eq!(s.booking(held.id).await.status, BookingStatus::Confirmed);
}

async fn a_late_payment_for_a_lost_slot_is_refunded(engine: Engine) {
    let s = setup(engine).await;
    let (late, intent_id) = s.held_with_intent(18).await;
    // The hold lapses while the player is in the Swish app, and someone
    // else books the slot.
    s.lapse(late.id).await;
    let other = s.hold(18).await;

    s.fake.succeed(&intent_id);
    let response = s.deliver("payment_intent.succeeded", &intent_id).await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["payment_status"], "refunded");

    let refunds = s.fake.refunds_for(&intent_id);
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    assert_eq!(refunds[0]["amount"], 15000);
    assert_eq!(refunds[0]["object"], "refund");
    assert_eq!(s.payment_status(&intent_id).await, "refunded");
    let lost = s.booking(late.id).await;
    assert_eq!(lost.status, BookingStatus::Expired);
    assert!(lost.door_code.is_none());
    assert_eq!(s.booking(other.id).await.status, BookingStatus::Held);

    // Another event for it: no second refund.
    let again = s.deliver("payment_intent.succeeded", &intent_id).await;
    assert_eq!(json(again).await["payment_status"], "refunded");
    assert_eq!(s.fake.refunds_for(&intent_id).len(), 1);
}

async fn a_late_payment_for_a_free_slot_confirms(engine: Engine) {
    let s = setup(engine).await;
    let (late, intent_id) = s.held_with_intent(18).await;
    s.lapse(late.id).await;
    assert_eq!(s.booking(late.id).await.status, BookingStatus::Expired);

    s.fake.succeed(&intent_id);
    let response = s.deliver("payment_intent.succeeded", &intent_id).await;
    assert_eq!(json(response).await["payment_status"], "succeeded");
    let paid = s.booking(late.id).await;
    assert_eq!(paid.status, BookingStatus::Confirmed);
    assert!(paid.door_code.is_some());
    assert!(s.fake.refunds_for(&intent_id).is_empty());
}

async fn stripe_unreachable_is_503_and_the_hold_stays(engine: Engine) {
    let s = setup(engine).await;
    let (paying, intent_id) = s.held_with_intent(20).await;
    let held = s.hold(18).await;
    s.fake.stop();
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;

    let response = s.intent(held.id).await;
    assert_eq!(response.headers()["retry-after"], "5");
    let body = problem(response, 503).await;
    let until = held
        .hold_expires_at
        .unwrap()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .format("%H:%M")
        .to_string();
    assert_eq!(
        body["detail"],
        format!(
            "The payment service can't be reached; your slot stays held until {until}. Try again."
        )
    );
    let after = s.booking(held.id).await;
    assert_eq!(after.status, BookingStatus::Held);
    assert_eq!(
        after.hold_expires_at, held.hold_expires_at,
        "the hold is unchanged"
    );
    assert_eq!(s.payments().await, 1, "only the earlier booking's payment");

    // A webhook that can't be checked against Stripe is refused with 503
    // (Stripe retries it later) and leaves no trace.
    let event = json!({
        "id": "evt_fake_unreachable", "object": "event", "type": "payment_intent.succeeded",
        "created": Utc::now().timestamp(), "livemode": false,
        "data": { "object": { "id": intent_id, "object": "payment_intent", "status": "succeeded" } },
    });
    let response = s.fake.deliver(&s.webhook(), &event).await;
    problem(response, 503).await;
    assert_eq!(s.booking(paying.id).await.status, BookingStatus::Held);
    assert_eq!(s.events().await, 0);
}

async fn reconciliation_confirms_without_a_webhook(engine: Engine) {
    let s = setup(engine).await;
    let (paid, paid_intent) = s.held_with_intent(18).await;
    let (pending, pending_intent) = s.held_with_intent(20).await;
    s.fake.succeed(&paid_intent);

    let stripe = payments::StripeProvider::from_config(&s.fake.config())
        .unwrap()
        .unwrap();
    let since = Utc::now() - Duration::hours(1);
    let done = payments::sync::reconcile(&s.app.db, &stripe, since)
        .await
        .unwrap();
    assert_eq!((done.checked, done.updated), (2, 1), "{done:?}");
    let confirmed = s.booking(paid.id).await;
    assert_eq!(confirmed.status, BookingStatus::Confirmed);
    assert_eq!(s.payment_status(&paid_intent).await, "succeeded");
    assert_eq!(s.booking(pending.id).await.status, BookingStatus::Held);
    assert_eq!(
        s.payment_status(&pending_intent).await,
        "requires_payment_method"
    );

    // Running it again changes nothing; a webhook arriving after it neither.
    let again = payments::sync::reconcile(&s.app.db, &stripe, since)
        .await
        .unwrap();
    assert_eq!(again.updated, 0);
    s.deliver("payment_intent.succeeded", &paid_intent).await;
    assert_eq!(s.booking(paid.id).await.door_code, confirmed.door_code);
}

async fn only_a_held_booking_gets_an_intent(engine: Engine) {
    let s = setup(engine).await;
    problem(s.intent(Uuid::new_v4()).await, 404).await;

    let cancelled = s.hold(18).await;
    s.app
        .post(&format!("/api/v1/bookings/{}/cancel", cancelled.id))
        .await;
    let body = problem(s.intent(cancelled.id).await, 409).await;
    assert_eq!(body["type"], "/problems/not-payable");

    let lapsed = s.hold(20).await;
    s.lapse(lapsed.id).await;
    let body = problem(s.intent(lapsed.id).await, 409).await;
    assert_eq!(body["type"], "/problems/hold-lapsed");
    assert_eq!(s.fake.intent_count(), 0, "nothing was asked of Stripe");

    // Without Stripe keys the demo provider runs and the Stripe routes are absent.
    let demo = spawn_app(engine).await;
    let config: Value = json(demo.get("/api/v1/payments/config").await).await;
    assert_eq!(
        config,
        json!({ "provider": "demo", "publishable_key": null })
    );
    problem(
        demo.post(&format!(
            "/api/v1/payments/stripe/{}/intent",
            Uuid::new_v4()
        ))
        .await,
        404,
    )
    .await;
    problem(demo.post("/api/v1/payments/stripe/webhook").await, 404).await;
}

#[test]
fn a_secret_key_without_a_webhook_secret_is_refused_at_start() {
    let config = backend::config::StripeConfig {
        secret_key: Some("sk_test_x".into()),
        ..Default::default()
    };
    let error = payments::PaymentProvider::from_config(&config).unwrap_err();
    assert!(
        error.to_string().contains("LEDIG_STRIPE_WEBHOOK_SECRET"),
        "{error}"
    );
    let demo = payments::PaymentProvider::from_config(&Default::default()).unwrap();
    assert_eq!(demo.name(), "demo");
}
