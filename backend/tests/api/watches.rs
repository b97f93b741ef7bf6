//! Watches and fair offers (issue 5) end to end: the API, the offer worker
//! run step by step with a chosen clock, the hold in the watcher's name, and
//! the push each offer queues, delivered to the fake push service over TLS
//! and decrypted with the device's own key. Both engines.

use backend::{
    push,
    watches::offers::{self, OfferSettings},
};
use chrono::Utc;
use reqwest::Method;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::{
    accounts::{sign_in, Person},
    fake_push::{Device, FakePush},
    helpers::{json, problem, spawn_app_with, tomorrow_at, Engine, TestApp},
    on_both_engines,
};

pub async fn spawn_watch_app(engine: Engine) -> TestApp {
    let mut config = backend::config::ServeConfig::for_tests();
    config.push_allow_private_hosts = true;
    spawn_app_with(engine, config).await
}

fn settings(rounds: i64, broadcast_within_minutes: i64) -> OfferSettings {
    OfferSettings {
        hold_minutes: 3,
        rounds,
        broadcast_within_minutes,
    }
}

/// A signed-in watcher with a phone subscribed to pushes.
pub struct Watcher {
    pub person: Person,
    pub email: String,
    pub phone: Device,
}

pub async fn watcher(app: &TestApp, fake: &FakePush, name: &str) -> Watcher {
    let email = format!("{name}@example.se");
    let person = sign_in(app, &email).await;
    let phone = fake.device(name);
    let subscribed = person
        .post(
            app,
            "/api/v1/push/subscriptions",
            Some(phone.subscription_json()),
        )
        .await;
    assert_eq!(subscribed.status().as_u16(), 201);
    Watcher {
        person,
        email,
        phone,
    }
}

pub fn court_watch(court_id: i64) -> Value {
    json!({"scope": {"kind": "court", "court_id": court_id}, "weekdays": [],
           "time_from": "06:00", "time_to": "23:00", "min_minutes": 60})
}

pub async fn watch(app: &TestApp, w: &Watcher, body: Value) -> Value {
    let response = w.person.post(app, "/api/v1/watches", Some(body)).await;
    assert_eq!(response.status().as_u16(), 201);
    json(response).await
}

async fn account_id(app: &TestApp, email: &str) -> Uuid {
    backend::accounts::store::account_by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap()
        .id
}

pub async fn offers_of(app: &TestApp, w: &Watcher) -> Vec<Value> {
    let response = w.person.get(app, "/api/v1/offers").await;
    assert_eq!(response.status().as_u16(), 200);
    json(response).await.as_array().unwrap().clone()
}

/// Books tomorrow 10:00 as a guest, pays it, then cancels: the freed slot.
async fn book_then_cancel(app: &TestApp, court_id: i64) -> i64 {
    let b = app.confirmed(court_id, 10, false).await;
    let cancelled = app.post(&format!("/api/v1/bookings/{}/cancel", b.id)).await;
    assert_eq!(cancelled.status().as_u16(), 200);
    b.starts_at.timestamp()
}

/// Delivers what is queued to the fake push service.
pub async fn deliver(app: &TestApp, fake: &FakePush) {
    let pusher = push::Pusher::with_options(
        push::keys::ensure(&app.db).await.unwrap(),
        "mailto:ops@example.se".into(),
        push::PushOptions {
            extra_roots_pem: Some(fake.ca_pem.clone().into_bytes()),
            allow_private_hosts: true,
        },
    )
    .unwrap();
    pusher
        .deliver_due(&app.db, Utc::now().timestamp())
        .await
        .unwrap();
}

pub fn opened(w: &Watcher, fake: &FakePush, index: usize) -> Value {
    let got = &fake.received()[index];
    assert_eq!(got.device, w.email.split('@').next().unwrap());
    serde_json::from_slice(&w.phone.decrypt(&got.body)).unwrap()
}

async fn watches_are_made_listed_paused_and_deleted(engine: Engine) {
    let app = spawn_watch_app(engine).await;
    let f = app.add_fixture().await;
    let fake = FakePush::start().await;
    let ada = watcher(&app, &fake, "ada").await;
    let bob = watcher(&app, &fake, "bob").await;

    // Not signed in: 401.
    let anonymous = app
        .post_json("/api/v1/watches", &court_watch(f.court_id))
        .await;
    problem(anonymous, 401).await;

    let made = watch(&app, &ada, court_watch(f.court_id)).await;
    assert_eq!(made["label"], "Bana 1, Testparkens tennis");
    assert_eq!(made["weekdays"], json!([1, 2, 3, 4, 5, 6, 7]));
    assert_eq!(
        (made["time_from"].as_str(), made["time_to"].as_str()),
        (Some("06:00"), Some("23:00"))
    );
    assert_eq!(made["paused"], false);
    let id = made["id"].as_str().unwrap();
    let venue = watch(
        &app,
        &ada,
        json!({"scope": {"kind": "venue", "venue_id": f.venue_id}, "weekdays": [2, 4], "time_from": "17:00", "time_to": "20:00"}),
    )
    .await;
    assert_eq!(venue["weekdays"], json!([2, 4]));
    assert_eq!(venue["min_minutes"], 30);

    let mine = json(ada.person.get(&app, "/api/v1/watches").await).await;
    assert_eq!(mine.as_array().unwrap().len(), 2);
    assert_eq!(
        json(bob.person.get(&app, "/api/v1/watches").await).await,
        json!([])
    );

    let paused = ada
        .person
        .send(
            &app,
            Method::PATCH,
            &format!("/api/v1/watches/{id}"),
            Some(json!({"paused": true})),
        )
        .await;
    assert_eq!(json(paused).await["paused"], true);
    // Another person's watch is not theirs to touch.
    let theirs = bob
        .person
        .send(&app, Method::DELETE, &format!("/api/v1/watches/{id}"), None)
        .await;
    problem(theirs, 404).await;
    let deleted = ada
        .person
        .send(&app, Method::DELETE, &format!("/api/v1/watches/{id}"), None)
        .await;
    assert_eq!(deleted.status().as_u16(), 204);
    assert_eq!(
        json(ada.person.get(&app, "/api/v1/watches").await)
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Bad input names its field.
    for (body, field) in [
        (
            json!({"scope": {"kind": "court", "court_id": 999_999}}),
            "scope.court_id",
        ),
        (
            json!({"scope": {"kind": "court", "court_id": f.court_id}, "weekdays": [8]}),
            "weekdays",
        ),
        (
            json!({"scope": {"kind": "court", "court_id": f.court_id}, "time_from": "20:00", "time_to": "18:00"}),
            "time_to",
        ),
        (
            json!({"scope": {"kind": "court", "court_id": f.court_id}, "time_from": "25:00"}),
            "time_from",
        ),
        (
            json!({"scope": {"kind": "area", "lat": 63.8, "lon": 20.2, "radius_m": 10}}),
            "scope.radius_m",
        ),
        (
            json!({"scope": {"kind": "court", "court_id": f.court_id}, "to_date": "2099-01-01"}),
            "to_date",
        ),
    ] {
        let refused = problem(
            ada.person.post(&app, "/api/v1/watches", Some(body)).await,
            422,
        )
        .await;
        assert_eq!(refused["field"], field, "{refused}");
    }
    // A sensible limit per person.
    for _ in 1..backend::watches::MAX_WATCHES_PER_PERSON {
        watch(&app, &bob, court_watch(f.court_id)).await;
    }
    watch(&app, &bob, court_watch(f.court_id)).await;
    let over = problem(
        bob.person
            .post(&app, "/api/v1/watches", Some(court_watch(f.court_id)))
            .await,
        409,
    )
    .await;
    assert_eq!(over["type"], "/problems/watch-limit");
}

async fn a_freed_slot_goes_to_one_watcher_at_a_time_in_fair_order(engine: Engine) {
    let app = spawn_watch_app(engine).await;
    let f = app.add_fixture().await;
    let fake = FakePush::start().await;
    let ada = watcher(&app, &fake, "ada").await;
    let bob = watcher(&app, &fake, "bob").await;
    let cid = watcher(&app, &fake, "cid").await;
    let dan = watcher(&app, &fake, "dan").await;
    for w in [&ada, &bob, &cid, &dan] {
        watch(&app, w, court_watch(f.court_id)).await;
    }
    // Fair order: never offered first (Ada), then longest ago (Cid), then Bob.
    // Dan was offered most recently.
    for (email, at) in [
        ("cid@example.se", 100),
        ("bob@example.se", 5_000),
        ("dan@example.se", 9_000),
    ] {
        let id = account_id(&app, email).await;
        backend::on_db!(&app.db, pool => sqlx::query("INSERT INTO watch_fairness (account_id, last_offered_at) VALUES ($1, $2)")
            .bind(id).bind(at as i64).execute(pool).await.map(|_| ())).unwrap();
    }
    let starts_at = book_then_cancel(&app, f.court_id).await;
    let s = settings(2, 120);
    let now = Utc::now().timestamp();

    let pass = offers::step(&app.db, &s, now).await.unwrap();
    assert_eq!((pass.runs_started, pass.offered), (1, 1));
    // A second pass at the same moment changes nothing (a restart, another tick).
    assert_eq!(
        offers::step(&app.db, &s, now).await.unwrap(),
        offers::Pass::default()
    );

    let ada_offers = offers_of(&app, &ada).await;
    assert_eq!(ada_offers.len(), 1);
    let offer = &ada_offers[0];
    assert_eq!(offer["status"], "offered");
    assert_eq!(offer["round"], 1);
    assert_eq!(
        offer["starts_at"].as_str().unwrap(),
        tomorrow_at(10).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    assert!(offer["how_it_works"]
        .as_str()
        .unwrap()
        .contains("reserverad bara åt dig"));
    for w in [&bob, &cid, &dan] {
        assert!(offers_of(&app, w).await.is_empty());
    }
    // The slot is held in Ada's name: her session opens it, nobody else can book it.
    let hold = offer["booking_id"].as_str().unwrap();
    let held = json(
        ada.person
            .get(&app, &format!("/api/v1/bookings/{hold}"))
            .await,
    )
    .await;
    assert_eq!(
        (held["status"].as_str(), held["email"].as_str()),
        (Some("held"), Some("ada@example.se"))
    );
    let hold_ends =
        chrono::DateTime::parse_from_rfc3339(offer["hold_expires_at"].as_str().unwrap()).unwrap();
    assert_eq!(hold_ends.timestamp(), now + 180);
    problem(app.book(f.court_id, tomorrow_at(10)).await, 409).await;

    // Her phone gets the push: encrypted for it alone, one topic per slot,
    // good only while her hold lasts.
    deliver(&app, &fake).await;
    assert_eq!(fake.received().len(), 1);
    let push = opened(&ada, &fake, 0);
    assert_eq!(
        push["url"],
        format!("/offers/{}", offer["id"].as_str().unwrap())
    );
    assert_eq!(push["action"], "Boka");
    assert!(push["title"].as_str().unwrap().contains("Bana 1"), "{push}");
    assert!(push["body"].as_str().unwrap().contains("150 kr"), "{push}");
    let headers = &fake.received()[0].headers;
    assert_eq!(
        headers["topic"].to_str().unwrap(),
        format!("slot-{}-{starts_at}", f.court_id)
    );
    let ttl: i64 = headers["ttl"].to_str().unwrap().parse().unwrap();
    assert!(ttl <= 180, "no use after the hold: {ttl}");

    // "No thanks": it goes to Cid at once.
    let passed = ada
        .person
        .post(
            &app,
            &format!("/api/v1/offers/{}/pass", offer["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(json(passed).await["status"], "passed");
    let pass = offers::step(&app.db, &s, now + 1).await.unwrap();
    assert_eq!(
        (pass.runs_started, pass.offered),
        (0, 1),
        "the passed hold starts no run of its own"
    );
    let cid_offer = offers_of(&app, &cid).await.remove(0);
    assert_eq!(
        (cid_offer["status"].as_str(), cid_offer["round"].as_i64()),
        (Some("offered"), Some(2))
    );

    // Cid lets the hold run out; the sweeper marks it lapsed (writing a
    // freed-slot event), and after two exclusive rounds everyone left is
    // told at once: Bob and Dan, not Ada (she said no) nor Cid.
    let later = now + 4 * 60;
    backend::bookings::store::expire_lapsed_holds(&app.db, later)
        .await
        .unwrap();
    let pass = offers::step(&app.db, &s, later).await.unwrap();
    assert_eq!((pass.runs_started, pass.offered, pass.broadcast), (0, 0, 2));
    assert_eq!(offers_of(&app, &cid).await[0]["status"], "expired");
    for w in [&bob, &dan] {
        let open = offers_of(&app, w).await.remove(0);
        assert_eq!(open["status"], "open");
        assert!(open["booking_id"].is_null());
        assert!(open["how_it_works"].as_str().unwrap().contains("först"));
    }
    assert_eq!(offers_of(&app, &ada).await.len(), 1);
    // Bob books it like anyone would.
    let bob_books = bob
        .person
        .post(&app, "/api/v1/bookings", Some(json!({"court_id": f.court_id, "starts_at": tomorrow_at(10), "name": "Bob", "email": "bob@example.se"})))
        .await;
    assert_eq!(bob_books.status().as_u16(), 201);
    // Nothing more happens to the finished run.
    assert_eq!(
        offers::step(&app.db, &s, later + 1).await.unwrap(),
        offers::Pass::default()
    );
    let fair: i64 = backend::on_db!(&app.db, pool => sqlx::query_scalar("SELECT last_offered_at FROM watch_fairness WHERE account_id = $1")
        .bind(account_id(&app, "ada@example.se").await).fetch_one(pool).await).unwrap();
    assert_eq!(
        fair, now,
        "Ada goes to the back of the queue for the next slot"
    );
}

async fn a_paid_offer_is_a_booking_and_ends_the_run(engine: Engine) {
    let app = spawn_watch_app(engine).await;
    let f = app.add_fixture().await;
    let fake = FakePush::start().await;
    let ada = watcher(&app, &fake, "ada").await;
    let bob = watcher(&app, &fake, "bob").await;
    watch(&app, &ada, court_watch(f.court_id)).await;
    watch(&app, &bob, court_watch(f.court_id)).await;
    // Bob was offered a slot before: Ada goes first.
    let bob_id = account_id(&app, "bob@example.se").await;
    backend::on_db!(&app.db, pool => sqlx::query("INSERT INTO watch_fairness (account_id, last_offered_at) VALUES ($1, 1)")
        .bind(bob_id).execute(pool).await.map(|_| ())).unwrap();
    book_then_cancel(&app, f.court_id).await;
    let s = settings(3, 120);
    let now = Utc::now().timestamp();
    offers::step(&app.db, &s, now).await.unwrap();
    let offer = offers_of(&app, &ada).await.remove(0);
    let hold = offer["booking_id"].as_str().unwrap();
    // Her session pays her hold, no owner key needed.
    let paid = ada
        .person
        .post(&app, &format!("/api/v1/payments/demo/{hold}/confirm"), None)
        .await;
    assert_eq!(paid.status().as_u16(), 200);
    assert_eq!(json(paid).await["status"], "confirmed");
    let pass = offers::step(&app.db, &s, now + 10 * 60).await.unwrap();
    assert_eq!((pass.offered, pass.broadcast, pass.finished), (0, 0, 1));
    assert_eq!(offers_of(&app, &ada).await[0]["status"], "booked");
    assert!(
        offers_of(&app, &bob).await.is_empty(),
        "nobody else is bothered"
    );
}

async fn a_slot_starting_soon_is_told_to_everyone_and_not_to_who_freed_it(engine: Engine) {
    let app = spawn_watch_app(engine).await;
    let f = app.add_fixture().await;
    let fake = FakePush::start().await;
    let ada = watcher(&app, &fake, "ada").await;
    let bob = watcher(&app, &fake, "bob").await;
    for w in [&ada, &bob] {
        watch(&app, w, court_watch(f.court_id)).await;
    }
    // Bob books and cancels it himself: he is not told of his own cancellation.
    let booked = bob
        .person
        .post(&app, "/api/v1/bookings", Some(json!({"court_id": f.court_id, "starts_at": tomorrow_at(10), "name": "Bob", "email": "bob@example.se"})))
        .await;
    let id = json(booked).await["id"].as_str().unwrap().to_string();
    assert_eq!(
        bob.person
            .post(&app, &format!("/api/v1/bookings/{id}/cancel"), None)
            .await
            .status()
            .as_u16(),
        200
    );
    // "Soon" is a whole day here, so tomorrow's slot goes to everyone at once.
    let pass = offers::step(&app.db, &settings(3, 48 * 60), Utc::now().timestamp())
        .await
        .unwrap();
    assert_eq!((pass.runs_started, pass.offered, pass.broadcast), (1, 0, 1));
    assert_eq!(offers_of(&app, &ada).await[0]["status"], "open");
    assert!(offers_of(&app, &bob).await.is_empty());
    deliver(&app, &fake).await;
    assert_eq!(fake.received().len(), 1);
    let push = opened(&ada, &fake, 0);
    assert!(
        push["body"]
            .as_str()
            .unwrap()
            .contains("Den som bokar först"),
        "{push}"
    );
}

async fn watches_that_do_not_match_hear_nothing(engine: Engine) {
    let app = spawn_watch_app(engine).await;
    let f = app.add_fixture().await;
    let fake = FakePush::start().await;
    let ada = watcher(&app, &fake, "ada").await;
    let bob = watcher(&app, &fake, "bob").await;
    let cid = watcher(&app, &fake, "cid").await;
    // Ada watches the other court, Bob the evening only, Cid pauses his.
    watch(&app, &ada, court_watch(f.other_court_id)).await;
    watch(&app, &bob, json!({"scope": {"kind": "venue", "venue_id": f.venue_id}, "time_from": "17:00", "time_to": "21:00"})).await;
    let paused = watch(
        &app,
        &cid,
        json!({"scope": {"kind": "area", "lat": 63.8258, "lon": 20.263, "radius_m": 2000}}),
    )
    .await;
    cid.person
        .send(
            &app,
            Method::PATCH,
            &format!("/api/v1/watches/{}", paused["id"].as_str().unwrap()),
            Some(json!({"paused": true})),
        )
        .await;
    book_then_cancel(&app, f.court_id).await;
    let pass = offers::step(&app.db, &settings(3, 120), Utc::now().timestamp())
        .await
        .unwrap();
    assert_eq!((pass.runs_started, pass.offered, pass.finished), (1, 0, 1));
    for w in [&ada, &bob, &cid] {
        assert!(offers_of(&app, w).await.is_empty());
    }
    // Resumed, the area watch matches the next freed slot.
    cid.person
        .send(
            &app,
            Method::PATCH,
            &format!("/api/v1/watches/{}", paused["id"].as_str().unwrap()),
            Some(json!({"paused": false})),
        )
        .await;
    let b = app.confirmed(f.court_id, 12, false).await;
    app.post(&format!("/api/v1/bookings/{}/cancel", b.id)).await;
    let pass = offers::step(&app.db, &settings(3, 120), Utc::now().timestamp())
        .await
        .unwrap();
    assert_eq!(pass.offered, 1);
    assert_eq!(offers_of(&app, &cid).await.len(), 1);
}

/// With the workers running as `ledig serve` runs them (nothing stepped by
/// hand): a cancellation becomes an exclusive offer and its push reaches
/// the watcher's phone, where it decrypts; passing it hands the slot to the
/// next watcher in the same way. (How fast is measured in the watch_push
/// benchmark, not here.)
async fn the_running_workers_carry_a_freed_slot_to_the_phone(engine: Engine) {
    let fake = FakePush::start().await;
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("push-ca.pem");
    std::fs::write(&ca, &fake.ca_pem).unwrap();
    let mut config = backend::config::ServeConfig::for_tests();
    config.push_allow_private_hosts = true;
    config.push_extra_ca = Some(ca);
    config.push_worker = true;
    config.offer_worker = true;
    let app = spawn_app_with(engine, config).await;
    let f = app.add_fixture().await;
    let ada = watcher(&app, &fake, "ada").await;
    watch(&app, &ada, court_watch(f.court_id)).await;
    let bob = watcher(&app, &fake, "bob").await;
    let bobs = watch(&app, &bob, court_watch(f.court_id)).await;
    // Bob watched a minute after Ada (the same second would tie).
    let later = Utc::now().timestamp() + 60;
    let bobs = Uuid::parse_str(bobs["id"].as_str().unwrap()).unwrap();
    app.exec(
        "UPDATE watches SET created_at = $2 WHERE id = $1",
        bobs,
        later,
    )
    .await;

    book_then_cancel(&app, f.court_id).await;
    let first = arrived(&fake, 1).await;
    // Ada watched first, so she is first in the fair order.
    assert_eq!(first.device, "ada");
    let push: Value = serde_json::from_slice(&ada.phone.decrypt(&first.body)).unwrap();
    let offer_id = push["url"]
        .as_str()
        .unwrap()
        .trim_start_matches("/offers/")
        .to_string();
    assert_eq!(offers_of(&app, &ada).await[0]["status"], "offered");

    let passed = ada
        .person
        .post(&app, &format!("/api/v1/offers/{offer_id}/pass"), None)
        .await;
    assert_eq!(passed.status().as_u16(), 200);
    let second = arrived(&fake, 2).await;
    assert_eq!(second.device, "bob");
    let push: Value = serde_json::from_slice(&bob.phone.decrypt(&second.body)).unwrap();
    assert!(push["url"].as_str().unwrap().starts_with("/offers/"));
    assert_eq!(offers_of(&app, &bob).await[0]["status"], "offered");
}

/// The `n`-th message the fake push service received, waiting up to 30 s.
async fn arrived(fake: &FakePush, n: usize) -> crate::fake_push::Received {
    for _ in 0..300 {
        if let Some(got) = fake.received().get(n - 1) {
            return got.clone();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("push {n} never arrived: {} received", fake.received().len());
}

on_both_engines!(
    the_running_workers_carry_a_freed_slot_to_the_phone,
    watches_are_made_listed_paused_and_deleted,
    a_freed_slot_goes_to_one_watcher_at_a_time_in_fair_order,
    a_paid_offer_is_a_booking_and_ends_the_run,
    a_slot_starting_soon_is_told_to_everyone_and_not_to_who_freed_it,
    watches_that_do_not_match_hear_nothing,
);
