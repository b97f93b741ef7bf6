use crate::helpers::{json, problem, spawn_app, tomorrow_at, Engine};

crate::on_both_engines!(
    lists_venues_with_coordinates,
    shows_a_venue,
    day_slots_hide_who_booked,
    seeds_demo_data_once
);

async fn lists_venues_with_coordinates(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    let body = json(app.get("/api/v1/venues").await).await;
    assert_eq!(body["total"], 1);
    let venues = body["venues"].as_array().unwrap();
    assert_eq!(venues.len(), 1);
    assert_eq!(venues[0]["id"], fixture.venue_id);
    assert_eq!(venues[0]["lat"], 63.8258);
    assert_eq!(venues[0]["lon"], 20.263);
    assert_eq!(venues[0]["court_count"], 2);
    assert_eq!(venues[0]["sports"], serde_json::json!(["tennis"]));
}

async fn shows_a_venue(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    let venue = json(
        app.get(&format!("/api/v1/venues/{}", fixture.venue_id))
            .await,
    )
    .await;
    assert_eq!(venue["name"], "Testparkens tennis");
    assert_eq!(venue["timezone"], "Europe/Stockholm");
    assert_eq!(venue["courts"].as_array().unwrap().len(), 2);
    assert_eq!(
        venue["courts"][0]["price"],
        serde_json::json!({"amount_minor": 15000, "currency": "SEK"})
    );
    assert_eq!(
        venue["opening_hours"][0],
        serde_json::json!({"weekday": 1, "opens": "06:00", "closes": "23:00"})
    );
    problem(app.get("/api/v1/venues/999999").await, 404).await;
    problem(app.get("/api/v1/venues/not-a-number").await, 404).await;
}

async fn day_slots_hide_who_booked(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    let starts_at = tomorrow_at(10);
    assert_eq!(app.book(fixture.court_id, starts_at).await.status(), 201);

    let date = starts_at
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive();
    let response = app
        .get(&format!(
            "/api/v1/venues/{}/slots?date={date}",
            fixture.venue_id
        ))
        .await;
    let text = response.text().await.unwrap();
    assert!(
        !text.contains("Ada") && !text.contains("ada@example.se"),
        "public slots must not show who booked"
    );
    let day: shared::DaySlots = serde_json::from_str(&text).unwrap();
    assert_eq!(day.date, date);
    assert_eq!(day.courts.len(), 2);
    let court = day
        .courts
        .iter()
        .find(|c| c.court_id == fixture.court_id)
        .unwrap();
    assert_eq!(court.slots.len(), 17, "06:00–23:00 in 60-minute slots");
    let ten = court
        .slots
        .iter()
        .find(|s| s.starts_at == starts_at)
        .unwrap();
    assert_eq!(ten.status, shared::SlotStatus::Taken);
    assert_eq!(
        (ten.local_start.as_str(), ten.local_end.as_str()),
        ("10:00", "11:00")
    );
    let other = day
        .courts
        .iter()
        .find(|c| c.court_id == fixture.other_court_id)
        .unwrap();
    assert!(other
        .slots
        .iter()
        .all(|s| s.status == shared::SlotStatus::Free));

    // Today's slots by default; bad dates are named.
    assert_eq!(
        app.get(&format!("/api/v1/venues/{}/slots", fixture.venue_id))
            .await
            .status(),
        200
    );
    let bad = problem(
        app.get(&format!(
            "/api/v1/venues/{}/slots?date=tomorrow",
            fixture.venue_id
        ))
        .await,
        422,
    )
    .await;
    assert_eq!(bad["field"], "date");
    let far = problem(
        app.get(&format!(
            "/api/v1/venues/{}/slots?date=2999-01-01",
            fixture.venue_id
        ))
        .await,
        422,
    )
    .await;
    assert_eq!(far["field"], "date");
    problem(app.get("/api/v1/venues/424242/slots").await, 404).await;
}

async fn seeds_demo_data_once(engine: Engine) {
    let app = spawn_app(engine).await;
    let first = backend::seed::seed_demo(&app.db, chrono::Utc::now())
        .await
        .unwrap();
    assert!(first.starts_with("Loaded demo data"), "{first}");
    let page = json(app.get("/api/v1/venues?per_page=100").await).await;
    let venues = page["venues"].as_array().unwrap();
    assert!(venues.len() >= 12);
    let courts: u64 = venues
        .iter()
        .map(|v| v["court_count"].as_u64().unwrap())
        .sum();
    assert!(courts >= 40);
    assert!(app.booking_count().await > 0, "the demo week has bookings");
    let again = backend::seed::seed_demo(&app.db, chrono::Utc::now())
        .await
        .unwrap();
    assert!(again.contains("not loaded"), "{again}");
    let again = json(app.get("/api/v1/venues?per_page=100").await).await;
    assert_eq!(again["total"], venues.len());
}
