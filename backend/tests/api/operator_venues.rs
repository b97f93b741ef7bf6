//! Venues and courts in the app (issue 15, item 2): an operator makes a
//! venue of the organisation with its courts, and changes a venue's own
//! fields and its courts' with If-Match. Players see the change on the
//! venue page; bookings keep the price they were sold at; a new slot grid
//! may not strand a booking; a mistake is a 422 naming the field and
//! nothing is half-saved. Both engines.

use reqwest::Method;
use serde_json::{json, Value};

use crate::operating::operator_in_organisation;
use crate::{
    accounts::Person,
    helpers::{json, problem, spawn_app, tomorrow_at, Engine, TestApp},
};

crate::on_both_engines!(
    an_operator_makes_a_venue_that_players_then_find,
    changes_reach_players_and_leave_bookings_their_price,
    a_new_slot_grid_must_fill_the_hours_and_keep_every_booking,
    mistakes_are_named_and_stale_saves_refused,
);

/// A change to a venue's setup that a test makes.
type Change = Box<dyn Fn(&mut Value)>;

fn venue_path(venue_id: i64) -> String {
    format!("/api/v1/operator/venues/{venue_id}")
}

async fn read(app: &TestApp, who: &Person, venue_id: i64) -> (Value, String) {
    let response = who.get(app, &venue_path(venue_id)).await;
    assert_eq!(response.status().as_u16(), 200);
    let etag = response.headers()["etag"].to_str().unwrap().to_string();
    (json(response).await, etag)
}

async fn save(
    app: &TestApp,
    who: &Person,
    venue_id: i64,
    setup: &Value,
    etag: Option<&str>,
) -> reqwest::Response {
    let headers: Vec<(&str, &str)> = etag.map(|e| ("if-match", e)).into_iter().collect();
    who.send_with(
        app,
        Method::PUT,
        &venue_path(venue_id),
        Some(setup.clone()),
        &headers,
    )
    .await
}

fn new_venue() -> Value {
    json!({
        "name": "Ersboda padel", "address": "Gymnasievägen 4", "city": "Umeå",
        "lat": 63.8652, "lon": 20.3121, "description": "Två banor under tak.",
        "contact_email": "padel@umea.se", "contact_phone": "090-16 10 00",
        "courts": [
            {"name": "Bana 1", "sport": "padel", "surface": "artificial_grass", "indoor": true,
             "lights": true, "slot_minutes": 90, "slot_offset_minutes": 60, "price_minor": 32000},
            {"name": "Bana 2", "sport": "padel", "surface": "artificial_grass", "indoor": true,
             "slot_minutes": 60, "price_minor": 28000},
        ]
    })
}

async fn an_operator_makes_a_venue_that_players_then_find(engine: Engine) {
    let app = spawn_app(engine).await;
    let (olle, organisation) = operator_in_organisation(&app).await;
    let made = olle
        .post(
            &app,
            &format!("/api/v1/operator/organisations/{organisation}/venues"),
            Some(new_venue()),
        )
        .await;
    assert_eq!(made.status().as_u16(), 201);
    let location = made.headers()["location"].to_str().unwrap().to_string();
    let etag = made.headers()["etag"].to_str().unwrap().to_string();
    let made = json(made).await;
    let id = made["id"].as_i64().expect("the new venue's id");
    assert_eq!(location, venue_path(id));
    assert_eq!(made["name"], "Ersboda padel");
    assert_eq!(made["courts"][0]["lights"], true);
    assert_eq!(made["courts"][1]["lights"], false, "lights default to none");
    assert_eq!(read(&app, &olle, id).await.1, etag);

    // Players see it, with its courts; it opens no hours until given some.
    let public = json(app.get(&format!("/api/v1/venues/{id}")).await).await;
    assert_eq!(public["name"], "Ersboda padel");
    assert_eq!(public["sports"], json!(["padel"]));
    assert_eq!(public["courts"].as_array().unwrap().len(), 2);
    assert_eq!(public["courts"][0]["price"]["amount_minor"], 32000);
    assert_eq!(public["opening_hours"], json!([]));
    let date = tomorrow_at(12).format("%Y-%m-%d").to_string();
    let day = json(
        app.get(&format!("/api/v1/venues/{id}/slots?date={date}"))
            .await,
    )
    .await;
    assert!(
        day["courts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["slots"].as_array().unwrap().is_empty()),
        "no hours, no slots: {day}"
    );

    // The operator gives it hours that fill 90-minute slots from 01:00.
    let hours_path = format!("{}/hours", venue_path(id));
    let read_hours = olle.get(&app, &hours_path).await;
    let hours_etag = read_hours.headers()["etag"].to_str().unwrap().to_string();
    let day_hours = json!({"opens": "07:00", "closes": "22:00"});
    let week = json!({"weekly": [day_hours, day_hours, day_hours, day_hours, day_hours, day_hours, day_hours], "exceptions": []});
    let saved = olle
        .send_with(
            &app,
            Method::PUT,
            &hours_path,
            Some(week),
            &[("if-match", &hours_etag)],
        )
        .await;
    assert_eq!(saved.status().as_u16(), 200);
    let day = json(
        app.get(&format!("/api/v1/venues/{id}/slots?date={date}"))
            .await,
    )
    .await;
    let long = &day["courts"][0]["slots"];
    assert_eq!(long[0]["local_start"], "07:00");
    assert_eq!(
        long.as_array().unwrap().len(),
        10,
        "07:00–22:00 in 90-minute slots"
    );

    // A preview of another slot length before saving: the day's starts
    // under the venue's hours; a length that does not fill them is refused
    // on its field; nothing is written.
    let mut draft = json(olle.get(&app, &venue_path(id)).await).await;
    draft["courts"][0]["slot_minutes"] = json!(30);
    draft["courts"][0]["slot_offset_minutes"] = json!(0);
    let preview_path = format!("{}/preview", venue_path(id));
    let preview = json(
        olle.post(
            &app,
            &preview_path,
            Some(json!({"setup": draft, "date": date.to_string()})),
        )
        .await,
    )
    .await;
    let starts = preview[0]["starts"].as_array().unwrap();
    assert_eq!(starts.len(), 30, "07:00–22:00 in 30-minute slots");
    assert_eq!(starts[0], "07:00");
    assert_eq!(starts[29], "21:30");
    assert_eq!(preview[1]["starts"].as_array().unwrap().len(), 15);
    draft["courts"][0]["slot_minutes"] = json!(120);
    let refused = problem(
        olle.post(
            &app,
            &preview_path,
            Some(json!({"setup": draft, "date": date.to_string()})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(refused["field"], "courts[0].slot_minutes");
    let still = json(
        app.get(&format!("/api/v1/venues/{id}/slots?date={date}"))
            .await,
    )
    .await;
    assert_eq!(
        still["courts"][0]["slots"].as_array().unwrap().len(),
        10,
        "a preview writes nothing"
    );

    // In the organisation's venues, and in the audit log.
    let me = json(olle.get(&app, "/api/v1/operator/me").await).await;
    assert!(me[0]["venue_ids"].as_array().unwrap().contains(&json!(id)));
    let log = json(olle.get(&app, "/api/v1/operator/audit").await).await;
    let created = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "venue.created")
        .expect("venue.created in the audit log");
    assert_eq!(created["actor"], "olle@umea.se");
    assert_eq!(created["venue_id"], id);
}

async fn changes_reach_players_and_leave_bookings_their_price(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let (olle, _) = operator_in_organisation(&app).await;
    let booked = json(app.book(f.court_id, tomorrow_at(10)).await).await;
    let sold_at = booked["price"]["amount_minor"].as_i64().unwrap();

    let (mut setup, etag) = read(&app, &olle, f.venue_id).await;
    setup["name"] = json!("Testparkens tennis och padel");
    setup["lat"] = json!(63.83);
    setup["contact_email"] = json!("tennis@umea.se");
    setup["courts"][0]["price_minor"] = json!(sold_at + 5000);
    setup["courts"][0]["lights"] = json!(true);
    setup["courts"].as_array_mut().unwrap().push(
        json!({"name": "Padel 1", "sport": "padel", "surface": "artificial_grass",
            "indoor": false, "slot_minutes": 60, "price_minor": 25000}),
    );
    let saved = save(&app, &olle, f.venue_id, &setup, Some(&etag)).await;
    assert_eq!(saved.status().as_u16(), 200);
    let new_etag = saved.headers()["etag"].to_str().unwrap().to_string();
    assert_ne!(new_etag, etag);
    let saved = json(saved).await;
    let courts = saved["courts"].as_array().unwrap();
    let padel = courts
        .iter()
        .find(|c| c["name"] == "Padel 1")
        .expect("the court added");
    assert!(padel["id"].as_i64().is_some(), "the new court has its id");
    assert_eq!(saved["contact_email"], "tennis@umea.se");

    // Players see it at once.
    let public = json(app.get(&format!("/api/v1/venues/{}", f.venue_id)).await).await;
    assert_eq!(public["name"], "Testparkens tennis och padel");
    assert_eq!(public["lat"], 63.83);
    assert_eq!(public["sports"], json!(["padel", "tennis"]));
    let court = public["courts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == f.court_id)
        .unwrap();
    assert_eq!(court["price"]["amount_minor"], sold_at + 5000);
    assert_eq!(court["lights"], true);

    // The booking made before keeps its price.
    let id = booked["id"].as_str().unwrap();
    let now = json(app.get(&format!("/api/v1/bookings/{id}")).await).await;
    assert_eq!(now["price"]["amount_minor"], sold_at, "{now}");

    let log = json(olle.get(&app, "/api/v1/operator/audit").await).await;
    assert_eq!(log[0]["action"], "venue.changed", "{log}");
    assert_eq!(log[0]["detail"]["courts_added"], json!([padel["id"]]));
}

async fn a_new_slot_grid_must_fill_the_hours_and_keep_every_booking(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let (olle, _) = operator_in_organisation(&app).await;
    let (stored, etag) = read(&app, &olle, f.venue_id).await;
    let index = stored["courts"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c["id"] == f.court_id)
        .unwrap();

    // Two-hour slots from midnight do not end at 23:00, the fixture's close.
    let mut two_hours = stored.clone();
    two_hours["courts"][index]["slot_minutes"] = json!(120);
    let refused = problem(
        save(&app, &olle, f.venue_id, &two_hours, Some(&etag)).await,
        422,
    )
    .await;
    assert_eq!(refused["field"], format!("courts[{index}].slot_minutes"));

    // Half-hour slots fill the hours, but a one-hour booking is not one.
    assert_eq!(app.book(f.court_id, tomorrow_at(10)).await.status(), 201);
    let mut halves = stored.clone();
    halves["courts"][index]["slot_minutes"] = json!(30);
    let refused = problem(
        save(&app, &olle, f.venue_id, &halves, Some(&etag)).await,
        409,
    )
    .await;
    assert_eq!(refused["type"], "/problems/booked-time");
    assert_eq!(
        read(&app, &olle, f.venue_id).await,
        (stored.clone(), etag.clone()),
        "nothing written"
    );

    // Another court of the venue, without bookings, may change its grid.
    if let Some(other) = stored["courts"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c["id"] != f.court_id)
    {
        let mut other_halves = stored.clone();
        other_halves["courts"][other]["slot_minutes"] = json!(30);
        let saved = save(&app, &olle, f.venue_id, &other_halves, Some(&etag)).await;
        assert_eq!(saved.status().as_u16(), 200);
        assert_eq!(json(saved).await["courts"][other]["slot_minutes"], 30);
    }
}

async fn mistakes_are_named_and_stale_saves_refused(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let (olle, organisation) = operator_in_organisation(&app).await;
    let (stored, etag) = read(&app, &olle, f.venue_id).await;
    let cases: Vec<(&str, Change)> = vec![
        ("name", Box::new(|s| s["name"] = json!(" "))),
        ("lat", Box::new(|s| s["lat"] = json!(48.85))),
        (
            "contact_phone",
            Box::new(|s| s["contact_phone"] = json!("ring oss")),
        ),
        (
            "courts[0].price_minor",
            Box::new(|s| s["courts"][0]["price_minor"] = json!(-100)),
        ),
        (
            "courts[0].sport",
            Box::new(|s| s["courts"][0]["sport"] = json!("curling")),
        ),
        (
            "courts",
            Box::new(|s| {
                s["courts"].as_array_mut().unwrap().remove(0);
            }),
        ),
    ];
    for (field, change) in &cases {
        let mut bad = stored.clone();
        change(&mut bad);
        let refused = problem(save(&app, &olle, f.venue_id, &bad, Some(&etag)).await, 422).await;
        assert_eq!(refused["field"], *field, "{refused}");
        assert!(!refused["detail"].as_str().unwrap().is_empty());
    }
    // A new venue's court with an id of another venue's court is refused too.
    let mut stolen = new_venue();
    stolen["courts"][0]["id"] = json!(f.court_id);
    let refused = problem(
        olle.post(
            &app,
            &format!("/api/v1/operator/organisations/{organisation}/venues"),
            Some(stolen),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(refused["field"], "courts[0].id");
    assert_eq!(
        read(&app, &olle, f.venue_id).await,
        (stored.clone(), etag.clone()),
        "nothing half-saved"
    );

    // Without If-Match: 428. Over a colleague's change: 412.
    let refused = problem(save(&app, &olle, f.venue_id, &stored, None).await, 428).await;
    assert_eq!(refused["type"], "/problems/if-match-required");
    let mut first = stored.clone();
    first["description"] = json!("Fyra banor vid älven.");
    assert_eq!(
        save(&app, &olle, f.venue_id, &first, Some(&etag))
            .await
            .status(),
        200
    );
    let mut second = stored.clone();
    second["description"] = json!("Något annat.");
    let refused = problem(
        save(&app, &olle, f.venue_id, &second, Some(&etag)).await,
        412,
    )
    .await;
    assert_eq!(refused["type"], "/problems/changed-meanwhile");
    assert_eq!(
        read(&app, &olle, f.venue_id).await.0["description"],
        "Fyra banor vid älven."
    );
}
