//! Notices for a venue's staff (issue 15, item 7): operators say who is
//! told of what and when the venue is staffed; the notices job mails each
//! closure and block, each booking outside the staffed hours, and the
//! morning summary, each once, with courts and times but no booker's name.
//! Both engines.

use backend::{mail::read_outbox, operator::notices::job};
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};

use crate::helpers::{json, problem, spawn_app, tomorrow_at, Engine, TestApp};
use crate::operating::operator;

crate::on_both_engines!(
    operators_set_who_is_told_with_readable_refusals,
    staff_are_told_of_closures_after_hours_bookings_and_the_day,
);

fn notices() -> Value {
    json!({"staffed_from": "08:00", "staffed_until": "16:00", "subscribers": [
        {"name": "Vaktmästare Anna", "email": "anna@umea.se", "closures": true, "after_hours": true, "daily_summary": true},
        {"name": "Securitas", "email": "larm@securitas.se", "language": "en", "after_hours": true},
    ]})
}

async fn operators_set_who_is_told_with_readable_refusals(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let olle = operator(&app).await;
    let path = format!("/api/v1/operator/venues/{}/notices", f.venue_id);
    let empty = json(olle.get(&app, &path).await).await;
    assert_eq!(
        empty,
        json!({"staffed_from": null, "staffed_until": null, "subscribers": []})
    );

    let saved = json(
        olle.send_with(&app, reqwest::Method::PUT, &path, Some(notices()), &[])
            .await,
    )
    .await;
    assert_eq!(saved["staffed_from"], "08:00");
    assert_eq!(saved["subscribers"][1]["language"], "en");
    assert_eq!(saved["subscribers"][1]["closures"], false);
    assert_eq!(json(olle.get(&app, &path).await).await, saved);

    // Refused with the field named; nothing changed.
    let with = |edit: fn(&mut Value)| {
        let mut body = notices();
        edit(&mut body);
        body
    };
    for (body, field) in [
        (with(|b| b["staffed_until"] = Value::Null), "staffed_until"),
        (with(|b| b["staffed_from"] = json!("8")), "staffed_from"),
        (
            with(|b| b["staffed_until"] = json!("07:00")),
            "staffed_until",
        ),
        (
            with(|b| b["subscribers"][1]["email"] = json!("ANNA@umea.se")),
            "subscribers[1].email",
        ),
        (
            with(|b| b["subscribers"][0]["email"] = json!("anna")),
            "subscribers[0].email",
        ),
        (
            with(|b| b["subscribers"][0]["name"] = json!(" ")),
            "subscribers[0].name",
        ),
        (
            with(|b| b["subscribers"][1]["after_hours"] = json!(false)),
            "subscribers[1].closures",
        ),
    ] {
        let refused = problem(
            olle.send_with(&app, reqwest::Method::PUT, &path, Some(body), &[])
                .await,
            422,
        )
        .await;
        assert_eq!(refused["field"], field);
    }
    assert_eq!(json(olle.get(&app, &path).await).await, saved);

    // In the audit log.
    let log = json(olle.get(&app, "/api/v1/operator/audit").await).await;
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "notices.changed"));
}

/// The mails whose subject starts with `subject`, after the worker has had
/// time to send what was queued.
async fn mails_titled(app: &TestApp, subject: &str, at_least: usize) -> Vec<backend::mail::Mail> {
    for _ in 0..300 {
        let found: Vec<_> = read_outbox(&app.outbox, 500)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.subject.starts_with(subject))
            .collect();
        if found.len() >= at_least {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("fewer than {at_least} mails titled {subject:?}");
}

async fn queued(app: &TestApp, like: &str) -> i64 {
    backend::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE $1").bind(like).fetch_one(pool).await)
    .unwrap()
}

async fn staff_are_told_of_closures_after_hours_bookings_and_the_day(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let olle = operator(&app).await;
    let path = format!("/api/v1/operator/venues/{}/notices", f.venue_id);
    let saved = olle
        .send_with(&app, reqwest::Method::PUT, &path, Some(notices()), &[])
        .await;
    assert_eq!(saved.status().as_u16(), 200);

    // Inside the staffed hours (10–11) nobody is told; outside (20–21) both
    // who asked are, each in their language, with no booker's name.
    app.confirmed(f.court_id, 10, false).await;
    app.confirmed(f.court_id, 20, false).await;
    job::step(&app.db, Utc::now()).await.unwrap();
    let sv = mails_titled(&app, "Bokning utanför bemannad tid: Bana 1", 1).await;
    let en = mails_titled(&app, "Booking outside staffed hours: Bana 1", 1).await;
    assert_eq!(sv[0].to, "anna@umea.se");
    assert_eq!(en[0].to, "larm@securitas.se");
    assert!(sv[0].subject.contains("20:00–21:00"), "{}", sv[0].subject);
    for m in sv.iter().chain(&en) {
        assert!(
            !m.text.contains("Ada") && !m.text.contains("ada@example.se"),
            "{}",
            m.text
        );
    }
    // Told once: another pass (or another process) finds nothing.
    job::step(&app.db, Utc::now()).await.unwrap();
    assert_eq!(queued(&app, "Bokning utanför%").await, 1);
    assert_eq!(queued(&app, "Booking outside%").await, 1);

    // A closure over the late booking: Anna (closures) is told, Securitas not.
    let closure = olle
        .post(
            &app,
            &format!("/api/v1/operator/venues/{}/closures", f.venue_id),
            Some(json!({"court_id": f.court_id, "starts_at": tomorrow_at(19), "ends_at": tomorrow_at(22), "reason": "snow"})),
        )
        .await;
    assert_eq!(closure.status().as_u16(), 201);
    job::step(&app.db, Utc::now()).await.unwrap();
    let closed = mails_titled(&app, "Stängt: Bana 1, Testparkens tennis", 1).await;
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].to, "anna@umea.se");
    assert!(
        closed[0].text.contains("snö") && closed[0].text.contains("1 bokning(ar) avbokades"),
        "{}",
        closed[0].text
    );
    assert_eq!(
        queued(&app, "Closed:%").await,
        0,
        "Securitas did not ask for closures"
    );

    // The morning summary, tomorrow from 06:00 on the venue's clock: the
    // day's bookings and closures by court and time, once.
    let tz = chrono_tz::Europe::Stockholm;
    let date = tomorrow_at(12).with_timezone(&tz).date_naive();
    let at = |h: u32| {
        tz.from_local_datetime(&date.and_hms_opt(h, 0, 0).unwrap())
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    };
    let early = job::step(&app.db, at(5)).await.unwrap();
    assert_eq!(early.summaries, 0, "not before 06:00");
    let morning = job::step(&app.db, at(7)).await.unwrap();
    assert_eq!(morning.summaries, 1);
    // Queued for the morning it was made at (the worker sends it then).
    // Picked by that morning: run after 06:00, the job's own passes above
    // also sent today's (empty) summary.
    let (to, text): (String, String) = backend::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT to_address, body FROM mail_outbox WHERE subject LIKE 'Idag på Testparkens tennis%' AND created_at = $1")
        .bind(at(7).timestamp()).fetch_one(pool).await)
    .unwrap();
    let summary = backend::mail::Mail {
        to,
        subject: String::new(),
        text,
    };
    assert_eq!(summary.to, "anna@umea.se");
    assert!(
        summary.text.contains("- Bana 1 10:00–11:00"),
        "{}",
        summary.text
    );
    assert!(
        !summary.text.contains("20:00–21:00"),
        "the cancelled booking is not in it: {}",
        summary.text
    );
    assert!(
        summary.text.contains("19:00–22:00 (snö)"),
        "{}",
        summary.text
    );
    assert!(!summary.text.contains("Ada"), "{}", summary.text);
    let again = job::step(&app.db, at(9)).await.unwrap();
    assert_eq!(again.summaries, 0, "one a day");
}
