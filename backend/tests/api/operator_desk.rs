//! The bookings desk (issue 15, item 5): staff see a venue's day with who
//! booked, find a booking by name, e-mail, door code or booking number,
//! and cancel it for the venue with the rules' late fee or without it; the
//! player is told, the door code dies, the refund and the audit entry are
//! written with it. Both engines.

use backend::mail::read_outbox;
use chrono::Utc;
use serde_json::{json, Value};

use crate::operating::staff;
use crate::{
    accounts::sign_in,
    helpers::{json, problem, spawn_app, tomorrow_at, Engine, TestApp},
};

crate::on_both_engines!(
    the_desk_sees_who_booked_and_finds_them,
    a_desk_cancellation_refunds_per_the_rules_or_in_full,
    a_desk_move_reissues_the_door_code_and_frees_the_old_slot,
    the_desk_books_for_a_caller_at_the_venue_or_by_link,
);

fn day_path(venue_id: i64, query: &str) -> String {
    format!("/api/v1/operator/venues/{venue_id}/bookings?{query}")
}

async fn the_desk_sees_who_booked_and_finds_them(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let paid = app.confirmed(f.court_id, 10, false).await;
    let held: Value = json(
        app.post_json(
            "/api/v1/bookings",
            &json!({"court_id": f.court_id, "starts_at": tomorrow_at(12), "name": "Bo Ek", "email": "bo@example.se"}),
        )
        .await,
    )
    .await;
    let stina = staff(&app, f.venue_id).await;
    let date = tomorrow_at(12)
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .format("%Y-%m-%d")
        .to_string();

    let day = json(
        stina
            .get(&app, &day_path(f.venue_id, &format!("date={date}")))
            .await,
    )
    .await;
    let day = day.as_array().unwrap();
    assert_eq!(day.len(), 2, "{day:?}");
    assert_eq!(day[0]["id"], paid.id.to_string());
    assert_eq!(day[0]["name"], "Ada Lovelace", "staff see who booked");
    assert_eq!(day[0]["email"], "ada@example.se");
    assert_eq!(day[0]["status"], "confirmed");
    assert_eq!(day[0]["local_start"], "10:00");
    assert_eq!(day[0]["court_name"], "Bana 1");
    let code = day[0]["door_code"]
        .as_str()
        .expect("a paid booking's door code");
    assert_eq!(day[1]["status"], "held");
    assert_eq!(
        day[1]["door_code"],
        Value::Null,
        "no code before it is paid"
    );

    // Searched by name (any case), e-mail, door code and booking number.
    for q in [
        "ada",
        "LOVELACE",
        "ada@example",
        code,
        &paid.id.simple().to_string()[..8],
    ] {
        let found = json(
            stina
                .get(&app, &day_path(f.venue_id, &format!("date={date}&q={q}")))
                .await,
        )
        .await;
        let ids: Vec<&str> = found
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [paid.id.to_string()], "q={q}");
    }
    let bo = json(
        stina
            .get(&app, &day_path(f.venue_id, &format!("date={date}&q=bo@")))
            .await,
    )
    .await;
    assert_eq!(bo[0]["id"], held["id"]);

    // A week from today has both; yesterday alone none; 0 or 63 days is a 422.
    let week = json(stina.get(&app, &day_path(f.venue_id, "days=7")).await).await;
    assert_eq!(week.as_array().unwrap().len(), 2);
    let yesterday = (Utc::now() - chrono::Duration::days(1))
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .format("%Y-%m-%d");
    let none = json(
        stina
            .get(&app, &day_path(f.venue_id, &format!("date={yesterday}")))
            .await,
    )
    .await;
    assert_eq!(none, json!([]));
    for days in [0, 63] {
        let refused = problem(
            stina
                .get(&app, &day_path(f.venue_id, &format!("days={days}")))
                .await,
            422,
        )
        .await;
        assert_eq!(refused["field"], "days");
    }
}

async fn a_desk_cancellation_refunds_per_the_rules_or_in_full(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let stina = staff(&app, f.venue_id).await;
    let early = app.confirmed(f.court_id, 9, false).await;
    let late = app.confirmed(f.court_id, 11, false).await;
    let waived = app.confirmed(f.court_id, 13, false).await;
    // Past their free cancellation, with a 50 kr fee.
    let an_hour_ago = Utc::now().timestamp() - 3600;
    for b in [&late, &waived] {
        app.exec(
            "UPDATE bookings SET free_cancel_until = $2 WHERE id = $1",
            b.id,
            an_hour_ago,
        )
        .await;
        app.exec(
            "UPDATE bookings SET late_cancel_fee_minor = $2 WHERE id = $1",
            b.id,
            5000,
        )
        .await;
    }
    let price = early.price.amount_minor;
    let cancel = |id: uuid::Uuid, waive: bool| {
        let (app, stina) = (&app, &stina);
        async move {
            stina
                .post(
                    app,
                    &format!("/api/v1/operator/bookings/{id}/cancel"),
                    Some(json!({"waive_fee": waive})),
                )
                .await
        }
    };

    // Before the deadline: everything back, fee or not.
    let done = json(cancel(early.id, false).await).await;
    assert_eq!(done["status"], "cancelled");
    assert_eq!(done["refunded"]["amount_minor"], price);
    assert_eq!(
        done["fee_if_cancelled"],
        Value::Null,
        "nothing left to cancel"
    );
    // After it: the rules' fee is kept, unless the desk waives it.
    let kept = json(cancel(late.id, false).await).await;
    assert_eq!(kept["refunded"]["amount_minor"], price - 5000);
    let all_back = json(cancel(waived.id, true).await).await;
    assert_eq!(all_back["refunded"]["amount_minor"], price);

    // The player sees it cancelled with the refund; the door code is dead.
    let seen = json(app.get(&format!("/api/v1/bookings/{}", late.id)).await).await;
    assert_eq!(seen["status"], "cancelled");
    assert_eq!(seen["cancellation"]["fee"]["amount_minor"], 5000);
    assert_eq!(
        seen["cancellation"]["refund_status"], "succeeded",
        "demo refunds are done at once"
    );
    let live: i64 = backend::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM access_credentials WHERE booking_id = $1 AND revoked_at IS NULL")
        .bind(late.id).fetch_one(pool).await)
    .unwrap();
    assert_eq!(live, 0, "its door credentials are revoked");

    // Told by mail, in Swedish (a guest), with what comes back, once the
    // mail worker has sent it.
    let mut told = None;
    for _ in 0..100 {
        let mails = read_outbox(&app.outbox, 100).await.unwrap();
        told = mails.into_iter().find(|m| {
            m.subject.starts_with("Din bokning är avbokad")
                && m.text.contains("avbokat din bokning")
        });
        if told.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let told = told.expect("the player's mail");
    assert_eq!(told.to, "ada@example.se");
    assert!(told.text.contains("Du får tillbaka"), "{}", told.text);

    // Again: answered as it is, nothing refunded twice.
    let again = cancel(late.id, false).await;
    assert_eq!(again.status().as_u16(), 200);
    let refunds: i64 = backend::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM refunds WHERE booking_id = $1").bind(late.id).fetch_one(pool).await)
    .unwrap();
    assert_eq!(refunds, 1);

    // A booking that started cannot be cancelled: 409.
    let started = app.confirmed(f.court_id, 15, true).await;
    app.exec(
        "UPDATE bookings SET starts_at = $2 WHERE id = $1",
        started.id,
        Utc::now().timestamp() - 60,
    )
    .await;
    let refused = problem(cancel(started.id, false).await, 409).await;
    assert_eq!(refused["type"], "/problems/already-started");

    // In the audit log: who cancelled what, and what was refunded.
    let olle = sign_in(&app, "olle@umea.se").await;
    let log = json(olle.get(&app, "/api/v1/operator/audit").await).await;
    let entries: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "booking.cancelled")
        .collect();
    assert_eq!(entries.len(), 3, "{log}");
    let entry = entries
        .iter()
        .find(|e| e["subject"] == late.id.to_string())
        .unwrap();
    assert_eq!(entry["actor"], "stina@umea.se");
    assert_eq!(entry["detail"]["fee_minor"], 5000);
    assert_eq!(entry["detail"]["refund_minor"], price - 5000);
    let waived_entry = entries
        .iter()
        .find(|e| e["subject"] == waived.id.to_string())
        .unwrap();
    assert_eq!(waived_entry["detail"]["waived"], true);
}

/// Live door credentials of a booking on a court.
async fn live_credentials(app: &TestApp, booking: uuid::Uuid, court_id: i64) -> i64 {
    backend::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM access_credentials WHERE booking_id = $1 AND court_id = $2 AND revoked_at IS NULL")
        .bind(booking).bind(court_id).fetch_one(pool).await)
    .unwrap()
}

async fn a_desk_move_reissues_the_door_code_and_frees_the_old_slot(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let stina = staff(&app, f.venue_id).await;
    let paid = app.confirmed(f.court_id, 10, false).await;
    let free_until = |id: uuid::Uuid| {
        let app = &app;
        async move {
            let until: Option<i64> = backend::on_db!(&app.db, pool => sqlx::query_scalar(
                "SELECT free_cancel_until FROM bookings WHERE id = $1").bind(id).fetch_one(pool).await)
            .unwrap();
            until.expect("a deadline")
        }
    };
    let deadline = free_until(paid.id).await;
    assert_eq!(
        live_credentials(&app, paid.id, f.court_id).await,
        2,
        "QR and code"
    );
    let move_to = |court_id: i64, starts_at: chrono::DateTime<Utc>| {
        let (app, stina, id) = (&app, &stina, paid.id);
        async move {
            stina
                .post(
                    app,
                    &format!("/api/v1/operator/bookings/{id}/move"),
                    Some(json!({"court_id": court_id, "starts_at": starts_at})),
                )
                .await
        }
    };

    // To Bana 2 at 12: there now, with live credentials there only.
    let moved = json(move_to(f.other_court_id, tomorrow_at(12)).await).await;
    assert_eq!(moved["court_name"], "Bana 2");
    assert_eq!(moved["local_start"], "12:00");
    assert_eq!(moved["status"], "confirmed");
    let code = moved["door_code"]
        .as_str()
        .expect("a door code")
        .to_string();
    assert_eq!(
        live_credentials(&app, paid.id, f.court_id).await,
        0,
        "the old ones are revoked"
    );
    assert_eq!(
        live_credentials(&app, paid.id, f.other_court_id).await,
        2,
        "new ones for the new court"
    );
    assert_eq!(
        free_until(paid.id).await,
        deadline + 7200,
        "the free cancellation moves with the start"
    );
    let seen = json(app.get(&format!("/api/v1/bookings/{}", paid.id)).await).await;
    assert_eq!(
        seen["court_id"], f.other_court_id,
        "the player sees where it is"
    );
    assert_eq!(seen["price"], json!(paid.price), "the price it was sold at");

    // The slot it left is free (a freed-slot event for watchers, and bookable);
    // the one it took is not.
    let freed: i64 = backend::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM slot_events WHERE reason = 'moved' AND court_id = $1 AND starts_at = $2")
        .bind(f.court_id).bind(tomorrow_at(10).timestamp()).fetch_one(pool).await)
    .unwrap();
    assert_eq!(freed, 1);
    assert_eq!(
        app.book(f.court_id, tomorrow_at(10))
            .await
            .status()
            .as_u16(),
        201
    );
    assert_eq!(
        app.book(f.other_court_id, tomorrow_at(12))
            .await
            .status()
            .as_u16(),
        409
    );

    // The player is told in Swedish, with the new time and code.
    let mut told = None;
    for _ in 0..100 {
        let mails = read_outbox(&app.outbox, 100).await.unwrap();
        told = mails
            .into_iter()
            .find(|m| m.subject.starts_with("Din bokning är flyttad"));
        if told.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let told = told.expect("the player's mail");
    assert_eq!(told.to, "ada@example.se");
    assert!(
        told.text.contains("Bana 2") && told.text.contains("12:00–13:00"),
        "{}",
        told.text
    );
    assert!(
        told.text.contains(&format!("Dörrkod: {code}")),
        "{}",
        told.text
    );

    // Again: answered as it is, nothing written twice.
    let again = json(move_to(f.other_court_id, tomorrow_at(12)).await).await;
    assert_eq!(again["door_code"], code.as_str());
    assert_eq!(live_credentials(&app, paid.id, f.other_court_id).await, 2);

    // Refused: a taken slot (409), a time off the grid or a court elsewhere (422),
    // a hold not yet paid (409); nothing changed.
    let taken = app.confirmed(f.court_id, 14, false).await;
    let refused = problem(move_to(f.court_id, tomorrow_at(14)).await, 409).await;
    assert_eq!(refused["type"], "/problems/slot-taken");
    let off_grid = problem(
        move_to(f.court_id, tomorrow_at(15) + chrono::Duration::minutes(30)).await,
        422,
    )
    .await;
    assert_eq!(off_grid["field"], "starts_at");
    let elsewhere = app.add_fixture().await;
    let refused = problem(move_to(elsewhere.court_id, tomorrow_at(15)).await, 422).await;
    assert_eq!(refused["field"], "court_id");
    let held = json(app.book(f.court_id, tomorrow_at(16)).await).await;
    let refused = problem(
        stina
            .post(
                &app,
                &format!(
                    "/api/v1/operator/bookings/{}/move",
                    held["id"].as_str().unwrap()
                ),
                Some(json!({"court_id": f.court_id, "starts_at": tomorrow_at(17)})),
            )
            .await,
        409,
    )
    .await;
    assert_eq!(refused["type"], "/problems/not-active");
    let still = json(app.get(&format!("/api/v1/bookings/{}", taken.id)).await).await;
    assert_eq!(still["status"], "confirmed");
    assert_eq!(live_credentials(&app, paid.id, f.other_court_id).await, 2);

    // In the audit log: who moved it, from where to where.
    let olle = sign_in(&app, "olle@umea.se").await;
    let log = json(olle.get(&app, "/api/v1/operator/audit").await).await;
    let entry = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "booking.moved")
        .expect("booking.moved in the log");
    assert_eq!(entry["subject"], paid.id.to_string());
    assert_eq!(entry["detail"]["from"]["court_id"], f.court_id);
    assert_eq!(entry["detail"]["to"]["court_id"], f.other_court_id);
}

/// The first mail whose subject starts with `subject`, once the mail worker
/// has sent it.
async fn mail_titled(app: &TestApp, subject: &str) -> backend::mail::Mail {
    for _ in 0..100 {
        let mails = read_outbox(&app.outbox, 200).await.unwrap();
        if let Some(m) = mails.into_iter().find(|m| m.subject.starts_with(subject)) {
            return m;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no mail titled {subject:?}");
}

async fn the_desk_books_for_a_caller_at_the_venue_or_by_link(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let stina = staff(&app, f.venue_id).await;
    let path = format!("/api/v1/operator/venues/{}/bookings", f.venue_id);
    let book = |body: Value| {
        let (app, stina, path) = (&app, &stina, &path);
        async move { stina.post(app, path, Some(body)).await }
    };

    // A caller on the phone, paying at the venue: confirmed with a door
    // code at once, nothing to pay through Ledig.
    let made = book(
        json!({"court_id": f.court_id, "starts_at": tomorrow_at(10), "name": "Karin Ek",
        "phone": "070-123 45 67", "payment": "at_venue"}),
    )
    .await;
    assert_eq!(made.status().as_u16(), 201);
    let karin = json(made).await;
    assert_eq!(karin["status"], "confirmed");
    assert_eq!(karin["pay_at_venue"], true);
    assert_eq!(karin["paid"], false, "not paid through Ledig");
    assert_eq!(karin["phone"], "070-123 45 67");
    assert_eq!(karin["email"], "");
    assert!(karin["door_code"].as_str().is_some_and(|c| c.len() == 6));
    let karin_id: uuid::Uuid = karin["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(live_credentials(&app, karin_id, f.court_id).await, 2);
    assert_eq!(
        app.book(f.court_id, tomorrow_at(10))
            .await
            .status()
            .as_u16(),
        409,
        "the slot is taken"
    );
    // Found by the phone's digits however typed.
    let date = tomorrow_at(10)
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .format("%Y-%m-%d");
    let found = json(
        stina
            .get(
                &app,
                &day_path(f.venue_id, &format!("date={date}&q=0701234567")),
            )
            .await,
    )
    .await;
    assert_eq!(found[0]["id"], karin["id"]);

    // At the venue with an e-mail: mailed the door code and the booking's link.
    let olof = json(
        book(
            json!({"court_id": f.other_court_id, "starts_at": tomorrow_at(14), "name": "Olof Ek",
        "email": "olof@example.se", "payment": "at_venue", "category": "youth"}),
        )
        .await,
    )
    .await;
    let mailed = mail_titled(&app, "Din bokning: Bana 2").await;
    assert_eq!(mailed.to, "olof@example.se");
    assert!(
        mailed
            .text
            .contains(&format!("Dörrkod: {}", olof["door_code"].as_str().unwrap())),
        "{}",
        mailed.text
    );
    assert!(mailed.text.contains("på plats"), "{}", mailed.text);
    let category: String = backend::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT category FROM bookings WHERE id = $1").bind(olof["id"].as_str().unwrap().parse::<uuid::Uuid>().unwrap())
        .fetch_one(pool).await)
    .unwrap();
    assert_eq!(category, "youth");
    // No receipt from Ledig for money the venue took.
    let receipt = app
        .get(&format!(
            "/api/v1/bookings/{}/receipt",
            olof["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(receipt.status().as_u16(), 409);

    // Cancelled at the desk: nothing refunded through Ledig.
    let cancelled = json(
        stina
            .post(
                &app,
                &format!("/api/v1/operator/bookings/{karin_id}/cancel"),
                Some(json!({"waive_fee": true})),
            )
            .await,
    )
    .await;
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["refunded"]["amount_minor"], 0);
    let refunds: i64 = backend::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM refunds WHERE booking_id = $1").bind(karin_id).fetch_one(pool).await)
    .unwrap();
    assert_eq!(refunds, 0);
    let unsendable: i64 = backend::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM mail_outbox WHERE to_address = ''").fetch_one(pool).await)
    .unwrap();
    assert_eq!(
        unsendable, 0,
        "no mail queued for a caller without an address"
    );

    // By link: held (at most a day, never past the start) until the caller
    // pays through the mailed link, which opens the booking on any device.
    let lars = json(
        book(
            json!({"court_id": f.court_id, "starts_at": tomorrow_at(12), "name": "Lars Berg",
        "email": "lars@example.se", "payment": "link"}),
        )
        .await,
    )
    .await;
    assert_eq!(lars["status"], "held");
    assert_eq!(lars["door_code"], Value::Null);
    let id = lars["id"].as_str().unwrap().to_string();
    let expires: i64 = backend::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT hold_expires_at FROM bookings WHERE id = $1").bind(id.parse::<uuid::Uuid>().unwrap()).fetch_one(pool).await)
    .unwrap();
    assert!(expires <= tomorrow_at(12).timestamp() && expires <= Utc::now().timestamp() + 86_400);
    assert!(expires > Utc::now().timestamp() + 3600);
    let link_mail = mail_titled(&app, "Betala din bokning").await;
    assert_eq!(link_mail.to, "lars@example.se");
    let key = link_mail
        .text
        .split(&format!("/bookings/{id}?key="))
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the link with its key")
        .to_string();
    let seen = app
        .client
        .get(app.url(&format!("/api/v1/bookings/{id}")))
        .header("x-booking-key", &key)
        .send()
        .await
        .unwrap();
    assert_eq!(
        seen.status().as_u16(),
        200,
        "the mailed key opens the booking"
    );
    let paid = app
        .client
        .post(app.url(&format!("/api/v1/payments/demo/{id}/confirm")))
        .header("x-booking-key", &key)
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status().as_u16(), 200);
    let paid = json(paid).await;
    assert_eq!(paid["status"], "confirmed");
    assert!(paid["door_code"].is_string());

    // Refused with the field named, nothing written.
    let before = app.booking_count().await;
    for (body, field) in [
        (
            json!({"court_id": f.court_id, "starts_at": tomorrow_at(16), "name": "Nils", "payment": "at_venue"}),
            "email",
        ),
        (
            json!({"court_id": f.court_id, "starts_at": tomorrow_at(16), "name": "Nils", "phone": "070 111 22 33", "payment": "link"}),
            "email",
        ),
        (
            json!({"court_id": f.court_id, "starts_at": tomorrow_at(16), "name": "Nils", "phone": "ring mig", "payment": "at_venue"}),
            "phone",
        ),
        (
            json!({"court_id": f.court_id, "starts_at": tomorrow_at(16), "name": " ", "phone": "070 111 22 33", "payment": "at_venue"}),
            "name",
        ),
        (
            json!({"court_id": f.court_id, "starts_at": tomorrow_at(16) + chrono::Duration::minutes(20), "name": "Nils", "phone": "070 111 22 33", "payment": "at_venue"}),
            "starts_at",
        ),
    ] {
        let refused = problem(book(body).await, 422).await;
        assert_eq!(refused["field"], field);
    }
    let elsewhere = app.add_fixture().await;
    let refused = problem(
        book(
            json!({"court_id": elsewhere.court_id, "starts_at": tomorrow_at(16), "name": "Nils",
        "phone": "070 111 22 33", "payment": "at_venue"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(refused["field"], "court_id");
    let taken = problem(
        book(
            json!({"court_id": f.court_id, "starts_at": tomorrow_at(12), "name": "Nils",
        "phone": "070 111 22 33", "payment": "at_venue"}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(taken["type"], "/problems/slot-taken");
    assert_eq!(app.booking_count().await, before);

    // In the audit log: who booked what, and how it is paid.
    let olle = sign_in(&app, "olle@umea.se").await;
    let log = json(olle.get(&app, "/api/v1/operator/audit").await).await;
    let made: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "booking.made")
        .collect();
    assert_eq!(made.len(), 3);
    assert!(made
        .iter()
        .any(|e| e["subject"] == karin["id"] && e["detail"]["payment"] == "at_venue"));
    assert!(made
        .iter()
        .any(|e| e["subject"] == lars["id"] && e["detail"]["payment"] == "link"));
}
