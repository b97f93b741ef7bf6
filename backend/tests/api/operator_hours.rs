//! Opening hours in the app (issue 15, item 2): an operator reads a venue's
//! hours with an ETag, previews a day's slots, and saves with If-Match. New
//! hours may not strand a booking (409, nothing written); hours added free
//! their slots for watchers; exceptions close a day or change its hours;
//! a mistake is a 422 naming the field. Both engines.

use backend::on_db;
use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use shared::DaySlots;

use crate::operating::operator;
use crate::{
    accounts::Person,
    helpers::{json, problem, spawn_app, tomorrow_at, Engine, TestApp},
};

crate::on_both_engines!(
    hours_change_what_can_be_booked_and_never_strand_a_booking,
    exceptions_close_a_day_or_change_its_hours,
    the_preview_shows_the_day_and_saves_nothing,
    mistakes_are_named_and_stale_saves_refused,
);

fn hours_path(venue_id: i64) -> String {
    format!("/api/v1/operator/venues/{venue_id}/hours")
}

async fn read(app: &TestApp, who: &Person, venue_id: i64) -> (Value, String) {
    let response = who.get(app, &hours_path(venue_id)).await;
    assert_eq!(response.status().as_u16(), 200);
    let etag = response.headers()["etag"].to_str().unwrap().to_string();
    (json(response).await, etag)
}

async fn save(
    app: &TestApp,
    who: &Person,
    venue_id: i64,
    hours: &Value,
    etag: Option<&str>,
) -> reqwest::Response {
    let headers: Vec<(&str, &str)> = etag.map(|e| ("if-match", e)).into_iter().collect();
    who.send_with(
        app,
        Method::PUT,
        &hours_path(venue_id),
        Some(hours.clone()),
        &headers,
    )
    .await
}

/// Every day `opens`–`closes`, no exceptions.
fn every_day(opens: &str, closes: &str) -> Value {
    let day = json!({"opens": opens, "closes": closes});
    json!({"weekly": [day, day, day, day, day, day, day], "exceptions": []})
}

/// The Stockholm date `days` from today.
fn date_in(days: i64) -> chrono::NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive()
        + Duration::days(days)
}

/// The local starts of the first court's slots on `date`.
async fn starts(app: &TestApp, venue_id: i64, date: chrono::NaiveDate) -> Vec<String> {
    let day: DaySlots = app
        .get(&format!("/api/v1/venues/{venue_id}/slots?date={date}"))
        .await
        .json()
        .await
        .unwrap();
    day.courts[0]
        .slots
        .iter()
        .map(|s| s.local_start.clone())
        .collect()
}

async fn hours_events(app: &TestApp) -> i64 {
    on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM slot_events WHERE reason = 'hours'")
        .fetch_one(pool).await)
    .unwrap()
}

async fn hours_change_what_can_be_booked_and_never_strand_a_booking(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let olle = operator(&app).await;
    let (stored, etag) = read(&app, &olle, f.venue_id).await;
    assert_eq!(stored, every_day("06:00", "23:00"), "the fixture's hours");

    // A booking tomorrow 21–22: hours ending at 20:00 would strand it.
    assert_eq!(app.book(f.court_id, tomorrow_at(21)).await.status(), 201);
    let refused = problem(
        save(
            &app,
            &olle,
            f.venue_id,
            &every_day("08:00", "20:00"),
            Some(&etag),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(refused["type"], "/problems/booked-time");
    assert_eq!(
        read(&app, &olle, f.venue_id).await,
        (stored, etag.clone()),
        "nothing written"
    );

    // 06–22 keeps it: saved, and tomorrow ends with the 21:00 slot.
    let saved = save(
        &app,
        &olle,
        f.venue_id,
        &every_day("06:00", "22:00"),
        Some(&etag),
    )
    .await;
    assert_eq!(saved.status().as_u16(), 200);
    let etag = saved.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(json(saved).await, every_day("06:00", "22:00"));
    let tomorrow = date_in(1);
    assert_eq!(
        starts(&app, f.venue_id, tomorrow)
            .await
            .last()
            .map(String::as_str),
        Some("21:00")
    );
    assert_eq!(hours_events(&app).await, 0, "nothing opened");

    // Back to 23:00: the 22:00 slots open, and watchers are told of them.
    let saved = save(
        &app,
        &olle,
        f.venue_id,
        &every_day("06:00", "23:00"),
        Some(&etag),
    )
    .await;
    assert_eq!(saved.status().as_u16(), 200);
    assert_eq!(
        starts(&app, f.venue_id, tomorrow)
            .await
            .last()
            .map(String::as_str),
        Some("22:00")
    );
    let freed = hours_events(&app).await;
    assert!(
        freed >= 2 * 30,
        "a 22:00 slot per court and day ahead: {freed}"
    );
    let log = json(olle.get(&app, "/api/v1/operator/audit").await).await;
    assert_eq!(log[0]["action"], "hours.changed", "{log}");
    assert_eq!(log[0]["actor"], "olle@umea.se");
    assert_eq!(log[0]["detail"]["freed_slots"], freed);
    assert_eq!(log[1]["action"], "hours.changed");
    assert_eq!(log[1]["detail"]["freed_slots"], 0);
}

async fn exceptions_close_a_day_or_change_its_hours(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let olle = operator(&app).await;
    let (_, etag) = read(&app, &olle, f.venue_id).await;
    let mut hours = every_day("06:00", "23:00");
    hours["exceptions"] = json!([
        {"from_date": date_in(4), "to_date": date_in(4), "hours": {"opens": "10:00", "closes": "14:00"}, "reason": "Cup"},
        {"from_date": date_in(3), "to_date": date_in(3), "reason": "Jul"},
    ]);
    let saved = save(&app, &olle, f.venue_id, &hours, Some(&etag)).await;
    assert_eq!(saved.status().as_u16(), 200);
    let saved = json(saved).await;
    assert_eq!(
        saved["exceptions"][0]["from_date"],
        date_in(3).to_string(),
        "soonest first"
    );
    assert_eq!(saved["exceptions"][0]["hours"], Value::Null);
    assert_eq!(saved["exceptions"][0]["reason"], "Jul");
    assert!(
        starts(&app, f.venue_id, date_in(3)).await.is_empty(),
        "closed that day"
    );
    assert_eq!(
        starts(&app, f.venue_id, date_in(4)).await,
        ["10:00", "11:00", "12:00", "13:00"]
    );
    assert_eq!(
        starts(&app, f.venue_id, date_in(5)).await.len(),
        17,
        "the weekly hours again"
    );

    // A closed day over a booking is refused like shorter hours.
    let (current, etag) = read(&app, &olle, f.venue_id).await;
    assert_eq!(app.book(f.court_id, tomorrow_at(12)).await.status(), 201);
    let mut closed = current.clone();
    closed["exceptions"] = json!([{"from_date": date_in(1), "to_date": date_in(1)}]);
    problem(
        save(&app, &olle, f.venue_id, &closed, Some(&etag)).await,
        409,
    )
    .await;
}

async fn the_preview_shows_the_day_and_saves_nothing(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let olle = operator(&app).await;
    let (stored, _) = read(&app, &olle, f.venue_id).await;
    let path = format!("{}/preview", hours_path(f.venue_id));
    let body = json!({"hours": every_day("08:00", "12:00"), "date": date_in(2)});
    let day = json(olle.post(&app, &path, Some(body)).await).await;
    let courts = day.as_array().unwrap();
    assert_eq!(courts.len(), 2);
    assert_eq!(courts[0]["court_name"], "Bana 1");
    assert_eq!(
        courts[0]["starts"],
        json!(["08:00", "09:00", "10:00", "11:00"])
    );
    assert_eq!(
        read(&app, &olle, f.venue_id).await.0,
        stored,
        "nothing saved"
    );
    let bad = json!({"hours": every_day("08:15", "12:00"), "date": date_in(2)});
    let refused = problem(olle.post(&app, &path, Some(bad)).await, 422).await;
    assert_eq!(refused["field"], "weekly[0].opens");
}

async fn mistakes_are_named_and_stale_saves_refused(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let olle = operator(&app).await;
    let (stored, etag) = read(&app, &olle, f.venue_id).await;
    let mut six_days = every_day("06:00", "23:00");
    six_days["weekly"].as_array_mut().unwrap().pop();
    let mut past = every_day("06:00", "23:00");
    past["exceptions"] = json!([{"from_date": date_in(-3), "to_date": date_in(-2)}]);
    let mut overlapping = every_day("06:00", "23:00");
    overlapping["exceptions"] = json!([
        {"from_date": date_in(3), "to_date": date_in(5)},
        {"from_date": date_in(5), "to_date": date_in(6)},
    ]);
    let cases = [
        (every_day("07:30", "22:00"), "weekly[0].opens"),
        (every_day("07:00", "22:45"), "weekly[0].closes"),
        (every_day("7", "22:00"), "weekly[0].opens"),
        (six_days, "weekly"),
        (past, "exceptions[0].to_date"),
        (overlapping, "exceptions[1].from_date"),
    ];
    for (hours, field) in cases {
        let refused = problem(
            save(&app, &olle, f.venue_id, &hours, Some(&etag)).await,
            422,
        )
        .await;
        assert_eq!(refused["field"], field, "{refused}");
    }
    assert_eq!(
        read(&app, &olle, f.venue_id).await,
        (stored, etag.clone()),
        "nothing written"
    );

    // Without If-Match, 428; over a version someone else saved, 412.
    problem(
        save(&app, &olle, f.venue_id, &every_day("06:00", "22:00"), None).await,
        428,
    )
    .await;
    assert_eq!(
        save(
            &app,
            &olle,
            f.venue_id,
            &every_day("06:00", "22:00"),
            Some(&etag)
        )
        .await
        .status()
        .as_u16(),
        200
    );
    let stale = problem(
        save(
            &app,
            &olle,
            f.venue_id,
            &every_day("07:00", "22:00"),
            Some(&etag),
        )
        .await,
        412,
    )
    .await;
    assert_eq!(stale["type"], "/problems/changed-meanwhile");
    assert_eq!(
        read(&app, &olle, f.venue_id).await.0,
        every_day("06:00", "22:00")
    );
}
