//! Closures (issue 15, item 3) end to end on both engines: staff close a
//! court for snow; the bookings under it are cancelled and refunded in
//! full, their door credentials revoked, the players told by mail (in the
//! outbox, in their language) and by push (decrypted at the fake push
//! service); nobody can hold a closed slot. Reopening frees the slots and a
//! watcher of the court is offered one. Bad input is a 422 naming its field
//! with nothing written.

use std::time::Duration;

use backend::{
    mail::{read_outbox, Mail},
    watches::offers::{self, OfferSettings},
};
use chrono::{DateTime, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use shared::operator::Role;
use uuid::Uuid;

use crate::operating::{member, staff};
use crate::{
    accounts::sign_in,
    fake_push::FakePush,
    fake_stripe::FakeStripe,
    helpers::{json, problem, tomorrow_at, CourtSpec, Engine, TestApp},
    on_both_engines,
    watches::{court_watch, deliver, offers_of, opened, spawn_watch_app, watch, watcher},
};

on_both_engines!(
    a_closure_cancels_refunds_revokes_and_tells_the_players,
    reopening_frees_the_slots_for_the_watchers,
    bad_closures_name_their_field_and_write_nothing,
    a_closure_refunds_a_stripe_payment_at_stripe,
    a_block_reserves_time_without_a_payment_and_cancels_nothing,
    the_audit_log_tells_operators_who_closed_and_reopened_what,
);

fn closures_path(venue_id: i64) -> String {
    format!("/api/v1/operator/venues/{venue_id}/closures")
}

fn closure(court_id: Option<i64>, from: DateTime<Utc>, to: DateTime<Utc>) -> Value {
    json!({"court_id": court_id, "starts_at": from, "ends_at": to, "reason": "snow"})
}

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    backend::on_db!(&app.db, pool => sqlx::query_scalar(sql).fetch_one(pool).await).unwrap()
}

async fn live_credentials(app: &TestApp, booking: Uuid) -> i64 {
    const SQL: &str =
        "SELECT COUNT(*) FROM access_credentials WHERE booking_id = $1 AND revoked_at IS NULL";
    backend::on_db!(&app.db, pool => sqlx::query_scalar(SQL).bind(booking).fetch_one(pool).await)
        .unwrap()
}

/// The status of each of a court's slots tomorrow, by local start time.
async fn tomorrow_slots(app: &TestApp, venue_id: i64, court_id: i64) -> Vec<(String, String)> {
    let date = tomorrow_at(12)
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive();
    let day = json(
        app.get(&format!("/api/v1/venues/{venue_id}/slots?date={date}"))
            .await,
    )
    .await;
    day["courts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["court_id"] == court_id)
        .unwrap()["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["local_start"].as_str().unwrap().to_string(),
                s["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn status_at(slots: &[(String, String)], start: &str) -> String {
    slots
        .iter()
        .find(|(s, _)| s == start)
        .map(|(_, status)| status.clone())
        .unwrap_or_else(|| panic!("no slot at {start}: {slots:?}"))
}

/// The closure mails, once the mail worker has sent them all.
async fn closure_mails(app: &TestApp, expected: usize) -> Vec<Mail> {
    for _ in 0..100 {
        let mails: Vec<Mail> = read_outbox(&app.outbox, 100)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.subject.contains("avbokad") || m.subject.contains("cancelled"))
            .collect();
        if mails.len() >= expected {
            return mails;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the mail worker did not send the {expected} closure mails");
}

async fn a_closure_cancels_refunds_revokes_and_tells_the_players(engine: Engine) {
    let app = spawn_watch_app(engine).await;
    let f = app.add_fixture().await;
    let stina = staff(&app, f.venue_id).await;
    let fake = FakePush::start().await;
    // Bob books signed in, with a phone for pushes, and reads English.
    let bob = watcher(&app, &fake, "bob").await;
    let profile = bob
        .person
        .send(
            &app,
            Method::PUT,
            "/api/v1/me/profile",
            Some(json!({"name": "Bob", "language": "en", "category": "adult"})),
        )
        .await;
    assert_eq!(profile.status().as_u16(), 200);

    // Under the closure (Bana 1, 09–16): Ada's paid 10:00, Bob's paid
    // 12:00, Ada's unpaid hold at 14:00. Outside it: Bana 2 at 10:00 and
    // Bana 1 at 20:00.
    let ada_paid = app.confirmed(f.court_id, 10, false).await;
    let held = bob
        .person
        .post(
            &app,
            "/api/v1/bookings",
            Some(json!({"court_id": f.court_id, "starts_at": tomorrow_at(12), "name": "Bob", "email": "bob@example.se"})),
        )
        .await;
    assert_eq!(held.status().as_u16(), 201);
    let bob_id = json(held).await["id"].as_str().unwrap().to_string();
    let paid = bob
        .person
        .post(
            &app,
            &format!("/api/v1/payments/demo/{bob_id}/confirm"),
            None,
        )
        .await;
    assert_eq!(paid.status().as_u16(), 200);
    let ada_hold: shared::Booking = app
        .book(f.court_id, tomorrow_at(14))
        .await
        .json()
        .await
        .unwrap();
    let other_court = app.confirmed(f.other_court_id, 10, false).await;
    let evening = app.confirmed(f.court_id, 20, false).await;
    assert!(live_credentials(&app, ada_paid.id).await > 0);
    let events_before = count(&app, "SELECT COUNT(*) FROM slot_events").await;

    let made = stina
        .post(
            &app,
            &closures_path(f.venue_id),
            Some(json!({"court_id": f.court_id, "starts_at": tomorrow_at(9), "ends_at": tomorrow_at(16),
                        "reason": "snow", "note": "Banan plogas under dagen."})),
        )
        .await;
    assert_eq!(made.status().as_u16(), 201);
    let made = json(made).await;
    assert_eq!(made["cancelled_bookings"], 3, "{made}");
    assert_eq!(made["kind"], "closure", "the default kind");
    assert_eq!(made["reason"], "snow");
    assert_eq!(made["court_id"], f.court_id);
    assert!(made["reopened_at"].is_null());

    // Each booking under it is cancelled by the venue: refunded in full,
    // never late, whatever the cancellation deadline says.
    for (id, refund, refund_status) in [
        (ada_paid.id.to_string(), 15000, "succeeded"),
        (bob_id.clone(), 15000, "succeeded"),
        (ada_hold.id.to_string(), 0, "none"),
    ] {
        let b = json(app.get(&format!("/api/v1/bookings/{id}")).await).await;
        assert_eq!(b["status"], "cancelled", "{b}");
        let c = &b["cancellation"];
        assert_eq!(c["closure_reason"], "snow", "{b}");
        assert_eq!(c["late"], false);
        assert_eq!(c["fee"]["amount_minor"], 0);
        assert_eq!(c["refund"]["amount_minor"], refund);
        assert_eq!(c["refund_status"], refund_status, "{b}");
        assert!(b["door_code"].is_null(), "{b}");
        assert_eq!(live_credentials(&app, id.parse().unwrap()).await, 0);
    }
    // The others are untouched.
    for b in [&other_court, &evening] {
        let b = json(app.get(&format!("/api/v1/bookings/{}", b.id)).await).await;
        assert_eq!(b["status"], "confirmed");
    }
    assert!(live_credentials(&app, other_court.id).await > 0);
    // No freed-slot event: the slots are not free, and no watcher is told.
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM slot_events").await,
        events_before
    );

    // The slots read closed, and nobody can hold one.
    let slots = tomorrow_slots(&app, f.venue_id, f.court_id).await;
    for hour in ["09:00", "10:00", "12:00", "15:00"] {
        assert_eq!(status_at(&slots, hour), "closed", "{hour}");
    }
    assert_eq!(status_at(&slots, "08:00"), "free");
    assert_eq!(status_at(&slots, "16:00"), "free");
    assert_eq!(status_at(&slots, "20:00"), "taken");
    let refused = problem(app.book(f.court_id, tomorrow_at(11)).await, 409).await;
    assert_eq!(refused["type"], "/problems/slot-taken", "{refused}");
    assert_eq!(
        status_at(
            &tomorrow_slots(&app, f.venue_id, f.other_court_id).await,
            "11:00"
        ),
        "free",
        "the other court stays open"
    );

    // Each player is told by mail in their language: Ada (a guest) in
    // Swedish, for both her bookings; Bob in English.
    let mails = closure_mails(&app, 3).await;
    assert_eq!(mails.len(), 3, "{mails:?}");
    let ada_mails: Vec<&Mail> = mails.iter().filter(|m| m.to == "ada@example.se").collect();
    assert_eq!(ada_mails.len(), 2);
    let paid_mail = ada_mails
        .iter()
        .find(|m| m.subject.contains("10:00"))
        .unwrap();
    assert!(
        paid_mail
            .subject
            .starts_with("Din bokning är avbokad: Bana 1, Testparkens tennis"),
        "{}",
        paid_mail.subject
    );
    for words in [
        "(snö)",
        "150 kr",
        "Banan plogas under dagen.",
        &ada_paid.id.to_string(),
    ] {
        assert!(
            paid_mail.text.contains(words),
            "{words}: {}",
            paid_mail.text
        );
    }
    let hold_mail = ada_mails
        .iter()
        .find(|m| m.subject.contains("14:00"))
        .unwrap();
    assert!(
        !hold_mail.text.contains("kr"),
        "nothing was paid: {}",
        hold_mail.text
    );
    let bob_mail = mails.iter().find(|m| m.to == "bob@example.se").unwrap();
    assert!(bob_mail.subject.starts_with("Your booking is cancelled"));
    for words in ["(snow)", "SEK 150", "Banan plogas under dagen."] {
        assert!(bob_mail.text.contains(words), "{words}: {}", bob_mail.text);
    }

    // Bob's phone gets the push, encrypted for it.
    deliver(&app, &fake).await;
    assert_eq!(fake.received().len(), 1, "only Bob booked signed in");
    let push = opened(&bob, &fake, 0);
    assert_eq!(push["url"], format!("/bookings/{bob_id}"));
    assert!(push["title"].as_str().unwrap().contains("Bana 1"), "{push}");
    assert!(push["body"].as_str().unwrap().contains("snow"), "{push}");

    // The venue's list shows it.
    let listed = json(stina.get(&app, &closures_path(f.venue_id)).await).await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["id"], made["id"]);
    assert_eq!(listed[0]["cancelled_bookings"], 3);
    // Closing the whole venue later catches both courts.
    let venue_wide = stina
        .post(
            &app,
            &closures_path(f.venue_id),
            Some(closure(None, tomorrow_at(17), tomorrow_at(22))),
        )
        .await;
    assert_eq!(venue_wide.status().as_u16(), 201);
    assert_eq!(
        json(venue_wide).await["cancelled_bookings"],
        1,
        "Bana 1 at 20:00"
    );
    let slots = tomorrow_slots(&app, f.venue_id, f.other_court_id).await;
    assert_eq!(status_at(&slots, "18:00"), "closed");
}

async fn reopening_frees_the_slots_for_the_watchers(engine: Engine) {
    let app = spawn_watch_app(engine).await;
    let f = app.add_fixture().await;
    let stina = staff(&app, f.venue_id).await;
    let fake = FakePush::start().await;
    let ada = watcher(&app, &fake, "ada").await;
    watch(&app, &ada, court_watch(f.court_id)).await;
    let settings = OfferSettings {
        hold_minutes: 3,
        rounds: 2,
        broadcast_within_minutes: 120,
    };

    let made = json(
        stina
            .post(
                &app,
                &closures_path(f.venue_id),
                Some(closure(Some(f.court_id), tomorrow_at(9), tomorrow_at(11))),
            )
            .await,
    )
    .await;
    let id = made["id"].as_str().unwrap();
    // A closure offers nothing.
    let now = Utc::now().timestamp();
    assert_eq!(
        offers::step(&app.db, &settings, now).await.unwrap(),
        offers::Pass::default()
    );
    let slots = tomorrow_slots(&app, f.venue_id, f.court_id).await;
    assert_eq!(status_at(&slots, "09:00"), "closed");

    let reopen = format!("{}/{id}/reopen", closures_path(f.venue_id));
    let reopened = stina.post(&app, &reopen, None).await;
    assert_eq!(reopened.status().as_u16(), 200);
    let reopened = json(reopened).await;
    assert!(reopened["reopened_at"].is_string(), "{reopened}");
    let slots = tomorrow_slots(&app, f.venue_id, f.court_id).await;
    assert_eq!(
        (status_at(&slots, "09:00"), status_at(&slots, "10:00")),
        ("free".to_string(), "free".to_string())
    );
    // Two freed-slot events, one per slot, and nothing more on a second try.
    const FREED: &str =
        "SELECT COUNT(*) FROM slot_events WHERE kind = 'freed' AND reason = 'reopened'";
    assert_eq!(count(&app, FREED).await, 2);
    let again = json(stina.post(&app, &reopen, None).await).await;
    assert_eq!(again["reopened_at"], reopened["reopened_at"]);
    assert_eq!(count(&app, FREED).await, 2);

    // The watcher is offered a freed slot, and her phone is told.
    let pass = offers::step(&app.db, &settings, Utc::now().timestamp())
        .await
        .unwrap();
    assert!(pass.offered >= 1, "{pass:?}");
    // One offer per freed slot she may get; her phone is told of each.
    let offers = offers_of(&app, &ada).await;
    assert!(!offers.is_empty());
    for offer in &offers {
        assert_eq!(offer["status"], "offered");
        let starts: DateTime<Utc> = offer["starts_at"].as_str().unwrap().parse().unwrap();
        assert!(
            starts == tomorrow_at(9) || starts == tomorrow_at(10),
            "{offer}"
        );
    }
    deliver(&app, &fake).await;
    assert_eq!(fake.received().len(), offers.len());
    let urls: Vec<String> = offers
        .iter()
        .map(|o| format!("/offers/{}", o["id"].as_str().unwrap()))
        .collect();
    let push = opened(&ada, &fake, 0);
    assert!(
        urls.contains(&push["url"].as_str().unwrap().to_string()),
        "{push}"
    );

    // Another venue's closure is not found here; an unknown one neither.
    problem(
        stina
            .post(
                &app,
                &format!("{}/{}/reopen", closures_path(f.venue_id), Uuid::new_v4()),
                None,
            )
            .await,
        404,
    )
    .await;
}

async fn bad_closures_name_their_field_and_write_nothing(engine: Engine) {
    let app = spawn_watch_app(engine).await;
    let f = app.add_fixture().await;
    let stina = staff(&app, f.venue_id).await;
    let (_, elsewhere) = app
        .add_venue("Norrhallen", 63.9, 20.3, &[CourtSpec::tennis("Bana 1")])
        .await;
    let booked = app.confirmed(f.court_id, 10, false).await;
    let now = Utc::now();
    let (from, to) = (tomorrow_at(9), tomorrow_at(12));
    let long_note = "x".repeat(501);
    for (body, field) in [
        (closure(Some(f.court_id), to, from), "ends_at"),
        (closure(Some(f.court_id), from, from), "ends_at"),
        (
            closure(
                Some(f.court_id),
                now - chrono::Duration::hours(5),
                now - chrono::Duration::hours(1),
            ),
            "ends_at",
        ),
        (
            closure(Some(f.court_id), now - chrono::Duration::hours(2), to),
            "starts_at",
        ),
        (
            closure(Some(f.court_id), from, from + chrono::Duration::days(400)),
            "ends_at",
        ),
        (closure(Some(elsewhere[0]), from, to), "court_id"),
        (
            json!({"court_id": f.court_id, "starts_at": from, "ends_at": to, "reason": "snow", "note": long_note}),
            "note",
        ),
        (
            json!({"court_id": f.court_id, "starts_at": from, "ends_at": to, "reason": "hail"}),
            "reason",
        ),
        (
            json!({"court_id": f.court_id, "starts_at": "tomorrow", "ends_at": to, "reason": "snow"}),
            "starts_at",
        ),
    ] {
        let refused = problem(
            stina
                .post(&app, &closures_path(f.venue_id), Some(body.clone()))
                .await,
            422,
        )
        .await;
        assert_eq!(refused["field"], field, "{body}: {refused}");
        assert!(refused["detail"].is_string(), "{refused}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM closures").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM mail_outbox").await, 0);
    let b = json(app.get(&format!("/api/v1/bookings/{}", booked.id)).await).await;
    assert_eq!(b["status"], "confirmed");
    // Starting a few minutes ago is taken as now (the form took a while).
    let made = stina
        .post(
            &app,
            &closures_path(f.venue_id),
            Some(closure(
                Some(f.court_id),
                now - chrono::Duration::minutes(5),
                now + chrono::Duration::hours(1),
            )),
        )
        .await;
    assert_eq!(made.status().as_u16(), 201);
    let made = json(made).await;
    let starts: DateTime<Utc> = made["starts_at"].as_str().unwrap().parse().unwrap();
    assert!(starts >= now - chrono::Duration::seconds(1), "{made}");
}

async fn a_closure_refunds_a_stripe_payment_at_stripe(engine: Engine) {
    let fake = FakeStripe::start().await;
    let mut config = backend::config::ServeConfig::for_tests();
    config.stripe = fake.config();
    let app = crate::helpers::spawn_app_with(engine, config).await;
    let f = app.add_fixture().await;
    let stina = staff(&app, f.venue_id).await;
    // Paid with Stripe: the intent, Stripe's success, the webhook.
    let held: shared::Booking = app
        .book(f.court_id, tomorrow_at(10))
        .await
        .json()
        .await
        .unwrap();
    let intent = json(
        app.post(&format!("/api/v1/payments/stripe/{}/intent", held.id))
            .await,
    )
    .await;
    let intent_id = intent["intent_id"].as_str().unwrap().to_string();
    fake.succeed(&intent_id);
    let event = fake.intent_event("payment_intent.succeeded", &intent_id);
    let webhook = app.url("/api/v1/payments/stripe/webhook");
    assert_eq!(fake.deliver(&webhook, &event).await.status(), 200);
    let paid = json(app.get(&format!("/api/v1/bookings/{}", held.id)).await).await;
    assert_eq!(paid["status"], "confirmed");

    let made = stina
        .post(
            &app,
            &closures_path(f.venue_id),
            Some(closure(Some(f.court_id), tomorrow_at(9), tomorrow_at(12))),
        )
        .await;
    assert_eq!(made.status().as_u16(), 201);
    assert_eq!(json(made).await["cancelled_bookings"], 1);

    // Stripe is asked to refund all of it, after the closure's commit.
    let mut refunds = Vec::new();
    for _ in 0..100 {
        refunds = fake.refunds_for(&intent_id);
        if !refunds.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(refunds.len(), 1, "{refunds:?}");
    assert_eq!(refunds[0]["amount"], 15000);
    assert_eq!(refunds[0]["metadata"]["booking_id"], held.id.to_string());
    let mut b = Value::Null;
    for _ in 0..100 {
        b = json(app.get(&format!("/api/v1/bookings/{}", held.id)).await).await;
        if b["cancellation"]["refund_status"] == "succeeded" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(b["status"], "cancelled", "{b}");
    assert_eq!(b["cancellation"]["refund"]["amount_minor"], 15000, "{b}");
    assert_eq!(b["cancellation"]["refund_status"], "succeeded", "{b}");
    assert_eq!(b["cancellation"]["closure_reason"], "snow", "{b}");
    let status: String = backend::on_db!(&app.db, pool => sqlx::query_scalar("SELECT status FROM payments WHERE intent_id = $1")
        .bind(&intent_id).fetch_one(pool).await)
    .unwrap();
    assert_eq!(status, "refunded");
    // The reconciliation job finds nothing left to do: one refund, not two.
    let provider = backend::payments::PaymentProvider::from_config(&fake.config()).unwrap();
    let repaired = backend::repair::run(&app.db, &provider, Utc::now())
        .await
        .unwrap();
    assert_eq!(repaired, backend::repair::Repaired::default());
    assert_eq!(fake.refunds_for(&intent_id).len(), 1);
}

async fn a_block_reserves_time_without_a_payment_and_cancels_nothing(engine: Engine) {
    let app = spawn_watch_app(engine).await;
    let f = app.add_fixture().await;
    let stina = staff(&app, f.venue_id).await;
    let booked = app.confirmed(f.court_id, 10, false).await;
    let block = |from, to| {
        json!({"kind": "block", "court_id": f.court_id, "starts_at": from, "ends_at": to,
               "reason": "event", "note": "Klubbträning"})
    };

    // Over a booking: refused, nothing written, the booking stands.
    let refused = problem(
        stina
            .post(
                &app,
                &closures_path(f.venue_id),
                Some(block(tomorrow_at(9), tomorrow_at(12))),
            )
            .await,
        409,
    )
    .await;
    assert_eq!(refused["type"], "/problems/booked-time", "{refused}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM closures").await, 0);
    let b = json(app.get(&format!("/api/v1/bookings/{}", booked.id)).await).await;
    assert_eq!(b["status"], "confirmed");
    assert!(live_credentials(&app, booked.id).await > 0);

    // Club training 17–19: reserved without a payment; players see it
    // taken (never why, nor who), and nobody can hold it.
    let made = stina
        .post(
            &app,
            &closures_path(f.venue_id),
            Some(block(tomorrow_at(17), tomorrow_at(19))),
        )
        .await;
    assert_eq!(made.status().as_u16(), 201);
    let made = json(made).await;
    assert_eq!(
        (made["kind"].as_str(), made["cancelled_bookings"].as_i64()),
        (Some("block"), Some(0))
    );
    let slots = tomorrow_slots(&app, f.venue_id, f.court_id).await;
    for hour in ["17:00", "18:00"] {
        assert_eq!(status_at(&slots, hour), "taken", "{hour}");
    }
    assert_eq!(status_at(&slots, "19:00"), "free");
    let refused = problem(app.book(f.court_id, tomorrow_at(18)).await, 409).await;
    assert_eq!(refused["type"], "/problems/slot-taken", "{refused}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM payments").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM mail_outbox").await, 0);
    assert_eq!(
        json(stina.get(&app, &closures_path(f.venue_id)).await).await[0]["kind"],
        "block"
    );

    // Lifted, its time is free again and announced to watchers.
    let id = made["id"].as_str().unwrap();
    let lifted = stina
        .post(
            &app,
            &format!("{}/{id}/reopen", closures_path(f.venue_id)),
            None,
        )
        .await;
    assert_eq!(lifted.status().as_u16(), 200);
    let slots = tomorrow_slots(&app, f.venue_id, f.court_id).await;
    assert_eq!(status_at(&slots, "17:00"), "free");
    const FREED: &str =
        "SELECT COUNT(*) FROM slot_events WHERE kind = 'freed' AND reason = 'reopened'";
    assert_eq!(count(&app, FREED).await, 2);
}

async fn the_audit_log_tells_operators_who_closed_and_reopened_what(engine: Engine) {
    let app = spawn_watch_app(engine).await;
    let f = app.add_fixture().await;
    let stina = staff(&app, f.venue_id).await;
    let olle = sign_in(&app, "olle@umea.se").await;
    let (gun, _) = member(
        &app,
        "gun@grannby.se",
        "Grannby kommun",
        Role::Operator,
        &[],
    )
    .await;
    // A paid booking under it: cancelled and refunded in full, in the entry.
    let paid = app.confirmed(f.court_id, 10, false).await;
    let made = json(
        stina
            .post(
                &app,
                &closures_path(f.venue_id),
                Some(closure(Some(f.court_id), tomorrow_at(9), tomorrow_at(11))),
            )
            .await,
    )
    .await;
    let id = made["id"].as_str().unwrap().to_string();
    let reopened = stina
        .post(
            &app,
            &format!("{}/{id}/reopen", closures_path(f.venue_id)),
            None,
        )
        .await;
    assert_eq!(reopened.status().as_u16(), 200);

    // Olle, operator of Umeå kommun: every change, newest first.
    let log = json(olle.get(&app, "/api/v1/operator/audit").await).await;
    let log = log.as_array().unwrap().clone();
    let actions: Vec<&str> = log.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "closure.reopened",
            "closure.created",
            "role.granted",
            "role.granted"
        ],
        "{log:?}"
    );
    assert_eq!(log[0]["actor"], "stina@umea.se");
    assert_eq!(log[0]["subject"], id.as_str());
    assert_eq!(log[0]["detail"]["freed_slots"], 2);
    assert_eq!(log[1]["actor"], "stina@umea.se");
    assert_eq!(log[1]["venue_id"], f.venue_id);
    assert_eq!(log[1]["detail"]["reason"], "snow");
    assert_eq!(log[1]["detail"]["court_id"], f.court_id);
    assert_eq!(log[1]["detail"]["cancelled_bookings"], 1);
    assert_eq!(log[1]["detail"]["refunded_minor"], paid.price.amount_minor);
    // The grants came from the command line: no actor.
    assert!(log[2]["actor"].is_null());
    assert_eq!(log[2]["subject"], "stina@umea.se");
    assert_eq!(log[2]["detail"]["role"], "staff");
    assert_eq!(log[3]["subject"], "olle@umea.se");

    // Paged by id.
    let first = json(olle.get(&app, "/api/v1/operator/audit?limit=1").await).await;
    assert_eq!(first.as_array().unwrap().len(), 1);
    let before = first[0]["id"].as_i64().unwrap();
    let next = json(
        olle.get(
            &app,
            &format!("/api/v1/operator/audit?limit=2&before={before}"),
        )
        .await,
    )
    .await;
    assert_eq!(next[0]["action"], "closure.created");
    assert_eq!(next.as_array().unwrap().len(), 2);
    let refused = problem(olle.get(&app, "/api/v1/operator/audit?limit=0").await, 422).await;
    assert_eq!(refused["field"], "limit");

    // Staff do not read it; another organisation's operator sees only theirs.
    problem(stina.get(&app, "/api/v1/operator/audit").await, 403).await;
    let theirs = json(gun.get(&app, "/api/v1/operator/audit").await).await;
    let theirs = theirs.as_array().unwrap();
    assert_eq!(theirs.len(), 1, "{theirs:?}");
    assert_eq!(theirs[0]["subject"], "gun@grannby.se");
}
