use chrono::Utc;

use crate::helpers::{json, problem, spawn_app, tomorrow_at, Engine};

crate::on_both_engines!(
    book_pay_and_cancel,
    a_taken_slot_is_a_conflict,
    a_lapsed_hold_frees_the_slot,
    a_late_payment_confirms_if_the_slot_is_still_free,
    cannot_cancel_or_pay_after_the_start,
);

async fn book_pay_and_cancel(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    let starts_at = tomorrow_at(18);

    let response = app.book(fixture.court_id, starts_at).await;
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let held: shared::Booking = response.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/bookings/{}", held.id));
    assert_eq!(held.status, shared::BookingStatus::Held);
    assert_eq!(held.starts_at, starts_at);
    assert_eq!((held.ends_at - held.starts_at).num_minutes(), 60);
    assert_eq!(
        (held.local_start.as_str(), held.local_end.as_str()),
        ("18:00", "19:00")
    );
    assert_eq!(held.price, shared::Money::sek(15000));
    assert_eq!(held.venue_name, "Testparkens tennis");
    assert!(held.door_code.is_none());
    let hold_left = held.hold_expires_at.unwrap() - Utc::now();
    assert!(hold_left > chrono::Duration::minutes(9) && hold_left <= chrono::Duration::minutes(10));

    let fetched: shared::Booking = app.get(&location).await.json().await.unwrap();
    // Only the answer that made the booking carries its owner key.
    assert!(held.owner_key.is_some());
    assert_eq!(
        fetched,
        shared::Booking {
            pay_at_venue: false,
            owner_key: None,
            ..held.clone()
        }
    );

    let paid = app
        .post(&format!("/api/v1/payments/demo/{}/confirm", held.id))
        .await;
    assert_eq!(paid.status(), 200);
    let paid: shared::Booking = paid.json().await.unwrap();
    assert_eq!(paid.status, shared::BookingStatus::Confirmed);
    let code = paid.door_code.clone().unwrap();
    assert!(
        code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()),
        "{code}"
    );
    assert!(paid.hold_expires_at.is_none());
    // The QR carries the signed door token (see access.rs).
    let token = paid.access_token.clone().unwrap();
    assert!(token.starts_with("LEDIG1."), "{token}");
    assert_eq!(paid.qr_payload().unwrap(), token);

    // A double tap on "pay" is one payment.
    let again: shared::Booking = app
        .post(&format!("/api/v1/payments/demo/{}/confirm", held.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again.door_code.as_deref(), Some(code.as_str()));

    let cancelled: shared::Booking = app
        .post(&format!("/api/v1/bookings/{}/cancel", held.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cancelled.status, shared::BookingStatus::Cancelled);
    assert!(
        cancelled.door_code.is_none(),
        "a cancelled booking's code is gone"
    );
    let twice = app
        .post(&format!("/api/v1/bookings/{}/cancel", held.id))
        .await;
    assert_eq!(twice.status(), 200, "cancelling twice is harmless");

    // The slot is free at once, and a cancelled booking cannot be paid.
    assert_eq!(app.book(fixture.court_id, starts_at).await.status(), 201);
    let body = problem(
        app.post(&format!("/api/v1/payments/demo/{}/confirm", held.id))
            .await,
        409,
    )
    .await;
    assert_eq!(body["type"], "/problems/not-payable");
}

async fn a_taken_slot_is_a_conflict(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    let starts_at = tomorrow_at(9);
    assert_eq!(app.book(fixture.court_id, starts_at).await.status(), 201);
    let body = problem(app.book(fixture.court_id, starts_at).await, 409).await;
    assert_eq!(body["type"], "/problems/slot-taken");
    assert!(body["detail"].as_str().unwrap().contains("pick another"));
    // The same time on the other court and the next hour on this one are free.
    assert_eq!(
        app.book(fixture.other_court_id, starts_at).await.status(),
        201
    );
    assert_eq!(
        app.book(fixture.court_id, tomorrow_at(10)).await.status(),
        201
    );
    assert_eq!(app.booking_count().await, 3);
}

async fn a_lapsed_hold_frees_the_slot(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    let starts_at = tomorrow_at(12);
    let first: shared::Booking = json(app.book(fixture.court_id, starts_at).await)
        .await
        .pipe();
    let lapsed = Utc::now().timestamp() - 1;
    app.exec(
        "UPDATE bookings SET hold_expires_at = $2 WHERE id = $1",
        first.id,
        lapsed,
    )
    .await;

    let first_now: shared::Booking = app
        .get(&format!("/api/v1/bookings/{}", first.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first_now.status, shared::BookingStatus::Expired);
    assert_eq!(
        app.book(fixture.court_id, starts_at).await.status(),
        201,
        "a lapsed hold does not block"
    );

    // Paying for the lapsed hold now finds the slot taken: nothing is charged.
    let body = problem(
        app.post(&format!("/api/v1/payments/demo/{}/confirm", first.id))
            .await,
        409,
    )
    .await;
    assert_eq!(body["type"], "/problems/slot-taken");
    assert!(body["detail"]
        .as_str()
        .unwrap()
        .contains("Nothing was charged"));
    let cancel = problem(
        app.post(&format!("/api/v1/bookings/{}/cancel", first.id))
            .await,
        409,
    )
    .await;
    assert_eq!(cancel["type"], "/problems/not-active");
}

async fn a_late_payment_confirms_if_the_slot_is_still_free(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    let booking: shared::Booking = json(app.book(fixture.court_id, tomorrow_at(13)).await)
        .await
        .pipe();
    app.exec(
        "UPDATE bookings SET hold_expires_at = $2 WHERE id = $1",
        booking.id,
        Utc::now().timestamp() - 60,
    )
    .await;
    // Even once the sweeper has marked it expired.
    let swept = backend::bookings::store::expire_lapsed_holds(&app.db, Utc::now().timestamp())
        .await
        .unwrap();
    assert_eq!(swept, 1);
    let paid: shared::Booking = app
        .post(&format!("/api/v1/payments/demo/{}/confirm", booking.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(paid.status, shared::BookingStatus::Confirmed);
    problem(app.book(fixture.court_id, tomorrow_at(13)).await, 409).await;
}

async fn cannot_cancel_or_pay_after_the_start(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    let booking: shared::Booking = json(app.book(fixture.court_id, tomorrow_at(14)).await)
        .await
        .pipe();
    // Move it into the past, as if time had passed.
    let an_hour_ago = Utc::now().timestamp() - 3600;
    app.exec(
        "UPDATE bookings SET starts_at = $2, ends_at = $2 + 3600 WHERE id = $1",
        booking.id,
        an_hour_ago,
    )
    .await;
    let pay = problem(
        app.post(&format!("/api/v1/payments/demo/{}/confirm", booking.id))
            .await,
        409,
    )
    .await;
    assert_eq!(pay["type"], "/problems/already-started");
    let cancel = problem(
        app.post(&format!("/api/v1/bookings/{}/cancel", booking.id))
            .await,
        409,
    )
    .await;
    assert_eq!(cancel["type"], "/problems/already-started");
}

/// `value.pipe()` deserializes a JSON value into a typed body.
trait Pipe {
    fn pipe<T: serde::de::DeserializeOwned>(self) -> T;
}

impl Pipe for serde_json::Value {
    fn pipe<T: serde::de::DeserializeOwned>(self) -> T {
        serde_json::from_value(self).expect("typed body")
    }
}

crate::on_both_engines!(a_booking_as_a_calendar_file);

/// The .ics is read back by an independent parser (the `ical` crate).
async fn a_booking_as_a_calendar_file(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    let held: shared::Booking = json(app.book(fixture.court_id, tomorrow_at(17)).await)
        .await
        .pipe();
    app.post(&format!("/api/v1/payments/demo/{}/confirm", held.id))
        .await;
    let booking: shared::Booking = app
        .get(&format!("/api/v1/bookings/{}", held.id))
        .await
        .json()
        .await
        .unwrap();

    let response = app
        .get(&format!("/api/v1/bookings/{}/calendar.ics", held.id))
        .await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains(".ics"));
    let text = response.text().await.unwrap();
    assert!(text.lines().all(|l| l.len() <= 75), "folded at 75 octets");

    let calendar = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()))
        .next()
        .unwrap()
        .unwrap();
    let event = &calendar.events[0];
    let prop = |name: &str| {
        event
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap()
    };
    // An opaque UID, not the booking id (calendar files get forwarded).
    assert_eq!(
        prop("UID"),
        format!(
            "{}@ledig",
            backend::bookings::owner::calendar_uid(booking.id)
        )
    );
    assert_eq!(
        prop("DTSTART"),
        booking.starts_at.format("%Y%m%dT%H%M%SZ").to_string()
    );
    assert_eq!(
        prop("DTEND"),
        booking.ends_at.format("%Y%m%dT%H%M%SZ").to_string()
    );
    assert_eq!(prop("STATUS"), "CONFIRMED");
    assert!(prop("SUMMARY").contains("Bana 1"));
    assert!(prop("LOCATION").contains("Testvägen 1"));
    assert!(prop("DESCRIPTION").contains(booking.door_code.as_deref().unwrap()));

    app.post(&format!("/api/v1/bookings/{}/cancel", held.id))
        .await;
    let cancelled = app
        .get(&format!("/api/v1/bookings/{}/calendar.ics", held.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(cancelled.contains("STATUS:CANCELLED") && cancelled.contains("SEQUENCE:1"));
    assert!(
        !cancelled.contains("Door code"),
        "a cancelled booking's code is gone"
    );
    problem(
        app.get(&format!(
            "/api/v1/bookings/{}/calendar.ics",
            uuid::Uuid::new_v4()
        ))
        .await,
        404,
    )
    .await;
}

crate::on_both_engines!(cancelling_and_lapsing_record_the_freed_slot);

/// Watchers are told from `slot_events`: a cancellation and a lapsed hold
/// write their freed slot in the same transaction as the change, once.
async fn cancelling_and_lapsing_record_the_freed_slot(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    let events = |app: &crate::helpers::TestApp| {
        let db = app.db.clone();
        async move {
            backend::on_db!(&db, pool => sqlx::query_as::<_, (String, i64, uuid::Uuid, i64, i64)>(
                "SELECT reason, court_id, booking_id, starts_at, ends_at FROM slot_events ORDER BY id")
                .fetch_all(pool).await)
            .unwrap()
        }
    };
    let paid = app.confirmed(fixture.court_id, 9, false).await;
    let cancel = app
        .post(&format!("/api/v1/bookings/{}/cancel", paid.id))
        .await;
    assert_eq!(cancel.status(), 200);
    // Cancelling twice frees nothing more.
    app.post(&format!("/api/v1/bookings/{}/cancel", paid.id))
        .await;
    assert_eq!(
        events(&app).await,
        [(
            "cancelled".to_string(),
            fixture.court_id,
            paid.id,
            paid.starts_at.timestamp(),
            paid.ends_at.timestamp()
        )]
    );

    // A hold nobody paid for: when the sweeper expires it, the slot is freed.
    let held: shared::Booking = app
        .book(fixture.other_court_id, tomorrow_at(10))
        .await
        .json()
        .await
        .unwrap();
    let later = Utc::now().timestamp() + 3600;
    assert_eq!(
        backend::bookings::store::expire_lapsed_holds(&app.db, later)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        backend::bookings::store::expire_lapsed_holds(&app.db, later)
            .await
            .unwrap(),
        0
    );
    let all = events(&app).await;
    assert_eq!(all.len(), 2);
    assert_eq!((all[1].0.as_str(), all[1].2), ("hold_lapsed", held.id));
}
