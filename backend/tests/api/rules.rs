//! Rules per venue: tariffs, the quote, the rule checks at hold time (and
//! the per-person limit under concurrency), cancellation refunds through
//! the demo provider and Stripe, and the receipt — on both engines.

use backend::{config::ServeConfig, on_db};
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use serde_json::{json, Value};
use shared::{Booking, BookingStatus, Money, Quote, Receipt};
use uuid::Uuid;

use crate::fake_stripe::FakeStripe;
use crate::helpers::{json, problem, spawn_app, spawn_app_with, tomorrow_at, Engine, TestApp};

crate::on_both_engines!(
    a_venue_without_rules_books_as_before,
    tariffs_price_the_quote_the_slots_and_the_booking,
    the_quote_is_what_stripe_is_asked_to_charge,
    notice_and_horizon_are_checked_at_hold_time,
    one_person_may_hold_only_the_venues_limit,
    concurrent_holds_by_one_person_leave_exactly_the_limit,
    cancelling_before_the_deadline_refunds_in_full,
    cancelling_after_the_deadline_keeps_the_fee,
    no_refund_after_the_deadline_and_nothing_for_an_unpaid_hold,
    stripe_refunds_the_amount_the_rules_give_back,
    a_refund_stripe_cannot_take_yet_stays_pending,
    the_receipt_shows_the_vat,
);

/// `days` from today in Stockholm at `hour:00`, as a UTC instant.
fn day_at(days: i64, hour: u32) -> DateTime<Utc> {
    let tz = chrono_tz::Europe::Stockholm;
    let date = Utc::now().with_timezone(&tz).date_naive() + Duration::days(days);
    tz.from_local_datetime(&date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap()))
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

/// Gives the venue a rules row: `cols` and `values` as SQL.
async fn set_rules(app: &TestApp, venue_id: i64, cols: &str, values: &str) {
    let sql = format!("INSERT INTO venue_rules (venue_id, {cols}) VALUES ($1, {values})");
    on_db!(&app.db, pool => sqlx::query(sqlx::AssertSqlSafe(sql)).bind(venue_id).execute(pool).await.map(|_| ())).unwrap();
}

/// Peak 17–21 every day at 200 kr a slot, off-peak 120 kr an hour, youth 60 kr an hour.
pub async fn add_tariffs(app: &TestApp, venue_id: i64) {
    const SQL: &str = "INSERT INTO tariffs (venue_id, category, weekdays, starts_min, ends_min, band, price_minor, per) VALUES \
         ($1, 'adult', '1234567', 0, 1440, 'off_peak', 12000, 'hour'), \
         ($1, 'adult', '1234567', 1020, 1260, 'peak', 20000, 'slot'), \
         ($1, 'youth', '1234567', 0, 1440, 'off_peak', 6000, 'hour')";
    on_db!(&app.db, pool => sqlx::query(SQL).bind(venue_id).execute(pool).await.map(|_| ()))
        .unwrap();
}

async fn quote(app: &TestApp, court_id: i64, starts_at: DateTime<Utc>) -> reqwest::Response {
    app.get(&format!(
        "/api/v1/courts/{court_id}/quote?starts_at={}",
        starts_at.to_rfc3339().replace('+', "%2B")
    ))
    .await
}

async fn book_as(
    app: &TestApp,
    court_id: i64,
    starts_at: DateTime<Utc>,
    email: &str,
) -> reqwest::Response {
    app.post_json(
        "/api/v1/bookings",
        &json!({ "court_id": court_id, "starts_at": starts_at, "name": "Ada Lovelace", "email": email }),
    )
    .await
}

async fn held(app: &TestApp, court_id: i64, starts_at: DateTime<Utc>) -> Booking {
    let response = app.book(court_id, starts_at).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

async fn demo_paid(app: &TestApp, court_id: i64, starts_at: DateTime<Utc>) -> Booking {
    let booking = held(app, court_id, starts_at).await;
    let paid = app
        .post(&format!("/api/v1/payments/demo/{}/confirm", booking.id))
        .await;
    assert_eq!(paid.status(), 200);
    paid.json().await.unwrap()
}

async fn cancel(app: &TestApp, id: Uuid) -> Booking {
    let response = app.post(&format!("/api/v1/bookings/{id}/cancel")).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn refund_row(app: &TestApp, id: Uuid) -> Option<(String, i64, String)> {
    on_db!(&app.db, pool => sqlx::query_as("SELECT provider, amount_minor, status FROM refunds WHERE booking_id = $1")
        .bind(id).fetch_optional(pool).await)
    .unwrap()
}

async fn a_venue_without_rules_books_as_before(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let start = tomorrow_at(18);

    let q: Quote = quote(&app, f.court_id, start).await.json().await.unwrap();
    assert_eq!(q.price, Money::sek(15000), "the court's price");
    assert_eq!((q.band, q.vat_basis_points), (None, 600));
    assert_eq!(q.vat, Money::sek(849));
    assert_eq!(
        q.cancellation.free_until, start,
        "free cancellation until the start"
    );
    assert_eq!(q.category, shared::CustomerCategory::Adult);

    let rules = json(
        app.get(&format!("/api/v1/venues/{}/rules", f.venue_id))
            .await,
    )
    .await;
    assert_eq!(rules["max_days_ahead"], 90);
    assert_eq!(rules["max_active_bookings"], Value::Null);
    assert_eq!(rules["tariffs"], json!([]));
    problem(app.get("/api/v1/venues/999999/rules").await, 404).await;

    let booking = held(&app, f.court_id, start).await;
    assert_eq!(booking.price, q.price);
    assert_eq!(booking.cancellation_terms.unwrap(), q.cancellation);

    // 91 days ahead is too far, named as the rule; the quote says so too.
    let far = day_at(91, 10);
    let body = problem(app.book(f.court_id, far).await, 422).await;
    assert_eq!(body["type"], "/problems/too-far-ahead");
    assert_eq!(body["field"], "starts_at");
    assert!(
        body["detail"].as_str().unwrap().contains("90 days"),
        "{body}"
    );
    problem(quote(&app, f.court_id, far).await, 422).await;

    // Bad quote requests are problems, not 500s.
    problem(
        app.get(&format!("/api/v1/courts/{}/quote", f.court_id))
            .await,
        400,
    )
    .await;
    problem(quote(&app, 999999, start).await, 404).await;
    let off_grid = problem(
        quote(&app, f.court_id, start + Duration::minutes(7)).await,
        422,
    )
    .await;
    assert_eq!(off_grid["field"], "starts_at");
}

async fn tariffs_price_the_quote_the_slots_and_the_booking(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    add_tariffs(&app, f.venue_id).await;

    let peak: Quote = quote(&app, f.court_id, tomorrow_at(18))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(peak.price, Money::sek(20000));
    assert_eq!(peak.band, Some(shared::rules::TimeBand::Peak));
    assert_eq!(peak.vat, Money::sek(1132));
    let off: Quote = quote(&app, f.court_id, tomorrow_at(10))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(off.price, Money::sek(12000));
    assert_eq!(off.band, Some(shared::rules::TimeBand::OffPeak));

    // The day view shows the same (guest) prices.
    let date = tomorrow_at(12)
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive();
    let day: shared::DaySlots = app
        .get(&format!("/api/v1/venues/{}/slots?date={date}", f.venue_id))
        .await
        .json()
        .await
        .unwrap();
    let slots = &day
        .courts
        .iter()
        .find(|c| c.court_id == f.court_id)
        .unwrap()
        .slots;
    let at = |t: DateTime<Utc>| {
        slots
            .iter()
            .find(|s| s.starts_at == t)
            .unwrap()
            .price
            .clone()
    };
    assert_eq!(at(tomorrow_at(18)), Money::sek(20000));
    assert_eq!(at(tomorrow_at(10)), Money::sek(12000));

    // The booking charges the quote, and records the breakdown.
    let booking = held(&app, f.court_id, tomorrow_at(18)).await;
    assert_eq!(booking.price, peak.price);
    let (category, band, vat): (String, Option<String>, Option<i64>) = on_db!(&app.db, pool =>
        sqlx::query_as("SELECT category, price_band, vat_minor FROM bookings WHERE id = $1")
            .bind(booking.id).fetch_one(pool).await)
    .unwrap();
    assert_eq!(
        (category.as_str(), band.as_deref(), vat),
        ("adult", Some("peak"), Some(1132))
    );

    let rules = json(
        app.get(&format!("/api/v1/venues/{}/rules", f.venue_id))
            .await,
    )
    .await;
    assert_eq!(rules["tariffs"].as_array().unwrap().len(), 3);
    assert_eq!(rules["tariffs"][1]["from"], "17:00");
    assert_eq!(rules["tariffs"][1]["band"], "peak");
    assert_eq!(rules["tariffs"][2]["category"], "youth");
}

async fn the_quote_is_what_stripe_is_asked_to_charge(engine: Engine) {
    let fake = FakeStripe::start().await;
    let mut config = ServeConfig::for_tests();
    config.stripe = fake.config();
    let app = spawn_app_with(engine, config).await;
    let f = app.add_fixture().await;
    add_tariffs(&app, f.venue_id).await;

    for hour in [18, 10] {
        let q: Quote = quote(&app, f.court_id, tomorrow_at(hour))
            .await
            .json()
            .await
            .unwrap();
        let booking = held(&app, f.court_id, tomorrow_at(hour)).await;
        assert_eq!(booking.price, q.price, "shown before paying = booked");
        let intent = json(
            app.post(&format!("/api/v1/payments/stripe/{}/intent", booking.id))
                .await,
        )
        .await;
        assert_eq!(intent["amount"]["amount_minor"], q.price.amount_minor);
        let at_stripe = fake.intent(intent["intent_id"].as_str().unwrap());
        assert_eq!(at_stripe["amount"], q.price.amount_minor, "= charged");
    }
}

async fn notice_and_horizon_are_checked_at_hold_time(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    // Two days' notice, at most four days ahead.
    set_rules(
        &app,
        f.venue_id,
        "min_notice_minutes, max_days_ahead",
        "2880, 4",
    )
    .await;

    let body = problem(app.book(f.court_id, tomorrow_at(12)).await, 422).await;
    assert_eq!(body["type"], "/problems/min-notice");
    assert_eq!(body["field"], "starts_at");
    assert!(
        body["detail"].as_str().unwrap().contains("2 days"),
        "{body}"
    );
    let quoted = problem(quote(&app, f.court_id, tomorrow_at(12)).await, 422).await;
    assert_eq!(quoted["type"], "/problems/min-notice");

    let body = problem(app.book(f.court_id, day_at(6, 12)).await, 422).await;
    assert_eq!(body["type"], "/problems/too-far-ahead");
    assert!(
        body["detail"].as_str().unwrap().contains("4 days"),
        "{body}"
    );

    assert_eq!(app.book(f.court_id, day_at(3, 12)).await.status(), 201);
    assert_eq!(app.booking_count().await, 1, "refused holds wrote nothing");
}

async fn one_person_may_hold_only_the_venues_limit(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    set_rules(&app, f.venue_id, "max_active_bookings", "2").await;

    let first = book_as(&app, f.court_id, tomorrow_at(9), "ada@example.se").await;
    assert_eq!(first.status(), 201);
    let first: Booking = first.json().await.unwrap();
    // The same person in other letters is the same person.
    assert_eq!(
        book_as(&app, f.court_id, tomorrow_at(10), " ADA@Example.se")
            .await
            .status(),
        201
    );
    let body = problem(
        book_as(&app, f.other_court_id, tomorrow_at(11), "Ada@example.se").await,
        422,
    )
    .await;
    assert_eq!(body["type"], "/problems/booking-limit");
    assert_eq!(body["field"], "email");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("2 active bookings"),
        "{body}"
    );
    // Someone else is not limited by Ada's bookings.
    assert_eq!(
        book_as(&app, f.court_id, tomorrow_at(11), "bob@example.se")
            .await
            .status(),
        201
    );

    // A cancelled booking no longer counts, nor does a lapsed hold.
    cancel(&app, first.id).await;
    let third = book_as(&app, f.court_id, tomorrow_at(12), "ada@example.se").await;
    assert_eq!(third.status(), 201);
    let third: Booking = third.json().await.unwrap();
    app.exec(
        "UPDATE bookings SET hold_expires_at = $2 WHERE id = $1",
        third.id,
        Utc::now().timestamp() - 1,
    )
    .await;
    assert_eq!(
        book_as(&app, f.court_id, tomorrow_at(13), "ada@example.se")
            .await
            .status(),
        201
    );
}

async fn concurrent_holds_by_one_person_leave_exactly_the_limit(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    set_rules(&app, f.venue_id, "max_active_bookings", "3").await;

    // Eight different slots at once, all by Ada.
    let attempts = (0..8u32).map(|i| {
        let court = if i % 2 == 0 {
            f.court_id
        } else {
            f.other_court_id
        };
        book_as(&app, court, tomorrow_at(8 + i), "ada@example.se")
    });
    let statuses: Vec<u16> = futures::future::join_all(attempts)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|&&s| s == 201).count(),
        3,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|&&s| s == 422).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(app.booking_count().await, 3);
}

async fn cancelling_before_the_deadline_refunds_in_full(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    set_rules(
        &app,
        f.venue_id,
        "cancel_deadline_hours, late_cancel_policy, late_cancel_fee_percent",
        "24, 'fee_percent', 50",
    )
    .await;

    let start = day_at(3, 18);
    let paid = demo_paid(&app, f.court_id, start).await;
    let terms = paid.cancellation_terms.clone().unwrap();
    assert_eq!(terms.free_until, start - Duration::hours(24));
    // The same deadline on the venue's clock (Stockholm): the day before, 18:00.
    let local = start
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive()
        - Duration::days(1);
    assert_eq!(
        terms.free_until_local,
        Some(local.and_time(NaiveTime::from_hms_opt(18, 0, 0).unwrap()))
    );
    assert_eq!(
        (terms.late_fee.amount_minor, terms.late_refund.amount_minor),
        (7500, 7500)
    );

    let cancelled = cancel(&app, paid.id).await;
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    let outcome = cancelled.cancellation.unwrap();
    assert!(!outcome.late);
    assert_eq!(
        (
            outcome.paid.amount_minor,
            outcome.fee.amount_minor,
            outcome.refund.amount_minor
        ),
        (15000, 0, 15000)
    );
    assert_eq!(outcome.refund_status, "succeeded");
    // The demo provider recorded the refund; no money moved.
    assert_eq!(
        refund_row(&app, paid.id).await,
        Some(("demo".into(), 15000, "succeeded".into()))
    );
    // The slot is free at once, and cancelling again changes nothing.
    assert_eq!(app.book(f.court_id, start).await.status(), 201);
    assert_eq!(
        cancel(&app, paid.id)
            .await
            .cancellation
            .unwrap()
            .refund
            .amount_minor,
        15000
    );
}

async fn cancelling_after_the_deadline_keeps_the_fee(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    // Free until 48 h before: tomorrow's booking is already past it.
    set_rules(
        &app,
        f.venue_id,
        "cancel_deadline_hours, late_cancel_policy, late_cancel_fee_percent",
        "48, 'fee_percent', 50",
    )
    .await;
    let paid = demo_paid(&app, f.court_id, tomorrow_at(18)).await;
    let outcome = cancel(&app, paid.id).await.cancellation.unwrap();
    assert!(outcome.late);
    assert_eq!(
        (outcome.fee.amount_minor, outcome.refund.amount_minor),
        (7500, 7500)
    );
    assert_eq!(
        refund_row(&app, paid.id).await,
        Some(("demo".into(), 7500, "succeeded".into()))
    );
    assert_eq!(
        app.book(f.court_id, tomorrow_at(18)).await.status(),
        201,
        "freed at once"
    );

    // A fixed fee.
    on_db!(&app.db, pool => sqlx::query("UPDATE venue_rules SET late_cancel_policy = 'fee_minor', late_cancel_fee_minor = 5000 WHERE venue_id = $1")
        .bind(f.venue_id).execute(pool).await.map(|_| ())).unwrap();
    let paid = demo_paid(&app, f.court_id, tomorrow_at(20)).await;
    let outcome = cancel(&app, paid.id).await.cancellation.unwrap();
    assert_eq!(
        (outcome.fee.amount_minor, outcome.refund.amount_minor),
        (5000, 10000)
    );
}

async fn no_refund_after_the_deadline_and_nothing_for_an_unpaid_hold(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    set_rules(
        &app,
        f.venue_id,
        "cancel_deadline_hours, late_cancel_policy",
        "48, 'no_refund'",
    )
    .await;
    let paid = demo_paid(&app, f.court_id, tomorrow_at(18)).await;
    let outcome = cancel(&app, paid.id).await.cancellation.unwrap();
    assert_eq!(
        (outcome.fee.amount_minor, outcome.refund.amount_minor),
        (15000, 0)
    );
    assert_eq!(outcome.refund_status, "none");
    assert_eq!(refund_row(&app, paid.id).await, None);

    let hold = held(&app, f.court_id, tomorrow_at(19)).await;
    let outcome = cancel(&app, hold.id).await.cancellation.unwrap();
    assert_eq!(
        (
            outcome.paid.amount_minor,
            outcome.fee.amount_minor,
            outcome.refund.amount_minor
        ),
        (0, 0, 0)
    );
    assert_eq!(refund_row(&app, hold.id).await, None);
    problem(
        app.get(&format!("/api/v1/bookings/{}/receipt", hold.id))
            .await,
        409,
    )
    .await;
}

async fn stripe_refunds_the_amount_the_rules_give_back(engine: Engine) {
    let fake = FakeStripe::start().await;
    let mut config = ServeConfig::for_tests();
    config.stripe = fake.config();
    let app = spawn_app_with(engine, config).await;
    let f = app.add_fixture().await;
    set_rules(
        &app,
        f.venue_id,
        "cancel_deadline_hours, late_cancel_policy, late_cancel_fee_percent",
        "48, 'fee_percent', 50",
    )
    .await;
    let webhook = app.url("/api/v1/payments/stripe/webhook");
    let pay = |start: DateTime<Utc>| {
        let (app, fake, webhook) = (&app, &fake, webhook.clone());
        async move {
            let booking = held(app, f.court_id, start).await;
            let intent = json(
                app.post(&format!("/api/v1/payments/stripe/{}/intent", booking.id))
                    .await,
            )
            .await;
            let intent_id = intent["intent_id"].as_str().unwrap().to_string();
            fake.succeed(&intent_id);
            let event = fake.intent_event("payment_intent.succeeded", &intent_id);
            assert_eq!(fake.deliver(&webhook, &event).await.status(), 200);
            (booking.id, intent_id)
        }
    };
    let status = |intent_id: String| {
        let app = &app;
        async move {
            on_db!(&app.db, pool => sqlx::query_scalar::<_, String>("SELECT status FROM payments WHERE intent_id = $1")
                .bind(intent_id).fetch_one(pool).await).unwrap()
        }
    };

    // After the deadline: half back, as a partial Refund with `amount`.
    let (late, late_intent) = pay(tomorrow_at(18)).await;
    let outcome = cancel(&app, late).await.cancellation.unwrap();
    assert_eq!(
        (outcome.refund.amount_minor, outcome.refund_status.as_str()),
        (7500, "succeeded")
    );
    let refunds = fake.refunds_for(&late_intent);
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    assert_eq!(refunds[0]["amount"], 7500);
    assert_eq!(refunds[0]["metadata"]["booking_id"], late.to_string());
    assert_eq!(status(late_intent.clone()).await, "partially_refunded");
    let (provider, amount, state) = refund_row(&app, late).await.unwrap();
    assert_eq!(
        (provider.as_str(), amount, state.as_str()),
        ("stripe", 7500, "succeeded")
    );
    // Another delivery of the success refunds nothing more; cancelling again neither.
    let event = fake.intent_event("payment_intent.succeeded", &late_intent);
    assert_eq!(fake.deliver(&webhook, &event).await.status(), 200);
    cancel(&app, late).await;
    assert_eq!(fake.refunds_for(&late_intent).len(), 1);
    assert_eq!(status(late_intent).await, "partially_refunded");

    // Before the deadline: all of it.
    let (early, early_intent) = pay(day_at(4, 18)).await;
    let outcome = cancel(&app, early).await.cancellation.unwrap();
    assert_eq!(outcome.refund.amount_minor, 15000);
    assert_eq!(fake.refunds_for(&early_intent)[0]["amount"], 15000);
    assert_eq!(status(early_intent).await, "refunded");
}

async fn a_refund_stripe_cannot_take_yet_stays_pending(engine: Engine) {
    let fake = FakeStripe::start().await;
    let mut config = ServeConfig::for_tests();
    config.stripe = fake.config();
    let app = spawn_app_with(engine, config).await;
    let f = app.add_fixture().await;
    let booking = held(&app, f.court_id, tomorrow_at(18)).await;
    let intent = json(
        app.post(&format!("/api/v1/payments/stripe/{}/intent", booking.id))
            .await,
    )
    .await;
    let intent_id = intent["intent_id"].as_str().unwrap();
    fake.succeed(intent_id);
    let event = fake.intent_event("payment_intent.succeeded", intent_id);
    fake.deliver(&app.url("/api/v1/payments/stripe/webhook"), &event)
        .await;

    fake.stop();
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    // The cancellation stands (the slot is free at once); the refund waits.
    let cancelled = cancel(&app, booking.id).await;
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    let outcome = cancelled.cancellation.unwrap();
    assert_eq!(
        (outcome.refund.amount_minor, outcome.refund_status.as_str()),
        (15000, "pending")
    );
    assert_eq!(
        refund_row(&app, booking.id).await,
        Some(("stripe".into(), 15000, "pending".into()))
    );
    assert_eq!(app.book(f.court_id, tomorrow_at(18)).await.status(), 201);
    // Its receipt says nothing has been refunded yet.
    let receipt: Receipt = app
        .get(&format!("/api/v1/bookings/{}/receipt", booking.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(receipt.refunded, Money::sek(0));
}

async fn the_receipt_shows_the_vat(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    set_rules(
        &app,
        f.venue_id,
        "cancel_deadline_hours, late_cancel_policy, late_cancel_fee_percent, seller_name, seller_address, seller_org_number",
        "48, 'fee_percent', 50, 'Fritid Testkommun', 'Box 1, 901 84 Umeå', '212000-0000'",
    )
    .await;
    add_tariffs(&app, f.venue_id).await;
    let paid = demo_paid(&app, f.court_id, tomorrow_at(18)).await;

    let response = app
        .get(&format!("/api/v1/bookings/{}/receipt", paid.id))
        .await;
    assert_eq!(response.status(), 200);
    let receipt: Receipt = response.json().await.unwrap();
    assert_eq!(receipt.total, Money::sek(20000));
    assert_eq!(receipt.vat, Money::sek(1132));
    assert_eq!(receipt.net, Money::sek(18868));
    assert_eq!(receipt.vat_basis_points, 600);
    assert_eq!(receipt.lines.len(), 1);
    assert_eq!(receipt.lines[0].total, receipt.total);
    assert!(
        receipt.lines[0].description.contains("peak"),
        "{:?}",
        receipt.lines[0]
    );
    assert_eq!(receipt.seller.name, "Fritid Testkommun");
    assert_eq!(receipt.seller.org_number.as_deref(), Some("212000-0000"));
    assert_eq!(
        (receipt.paid.amount_minor, receipt.refunded.amount_minor),
        (20000, 0)
    );
    assert!(
        receipt.receipt_number.starts_with("LEDIG-"),
        "{}",
        receipt.receipt_number
    );
    assert!(receipt.cancellation.is_none());

    // Cancelled late: the receipt shows the refund and the fee kept.
    cancel(&app, paid.id).await;
    let receipt: Receipt = app
        .get(&format!("/api/v1/bookings/{}/receipt", paid.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(receipt.booking_status, BookingStatus::Cancelled);
    assert_eq!(receipt.refunded, Money::sek(10000));
    assert_eq!(receipt.cancellation.unwrap().fee, Money::sek(10000));

    problem(
        app.get(&format!("/api/v1/bookings/{}/receipt", Uuid::new_v4()))
            .await,
        404,
    )
    .await;
}
