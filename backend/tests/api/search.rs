//! The venue search: distance, filters, time window, duration, paging, bad input.

use chrono::{Duration, Utc};
use serde_json::Value;

use crate::helpers::{json, problem, spawn_app, tomorrow_at, CourtSpec, Engine, TestApp};

crate::on_both_engines!(
    nearest_first_within_the_radius,
    filters_by_sport_surface_and_indoor,
    free_time_in_a_window_for_a_duration,
    sorts_by_earliest_free_and_pages,
    bad_search_parameters_are_400,
    without_a_point_the_window_is_one_day,
    free_times_are_computed_for_the_page_only,
);

// Umeå centre, and points about 2 km, 8 km and 40 km from it.
const CENTRE: (f64, f64) = (63.8258, 20.2630);

fn names(page: &Value) -> Vec<String> {
    page["venues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap().to_string())
        .collect()
}

async fn three_venues(app: &TestApp) -> (i64, i64, i64) {
    let clay_indoor = CourtSpec {
        name: "Hall 1",
        sport: "tennis",
        surface: "clay",
        indoor: true,
        slot_minutes: 60,
    };
    let padel = CourtSpec {
        name: "Padel 1",
        sport: "padel",
        surface: "artificial_grass",
        indoor: false,
        slot_minutes: 30,
    };
    let (near, _) = app
        .add_venue("Nära", 63.8438, 20.2630, &[CourtSpec::tennis("Bana 1")])
        .await;
    let (mid, _) = app
        .add_venue("Mellan", 63.8977, 20.2630, &[clay_indoor, padel])
        .await;
    let (far, _) = app
        .add_venue(
            "Långt bort",
            64.1850,
            20.2630,
            &[CourtSpec::tennis("Bana 1")],
        )
        .await;
    (near, mid, far)
}

async fn search(app: &TestApp, query: &str) -> Value {
    let response = app.get(&format!("/api/v1/venues?{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    json(response).await
}

async fn nearest_first_within_the_radius(engine: Engine) {
    let app = spawn_app(engine).await;
    three_venues(&app).await;
    let (lat, lon) = CENTRE;
    let page = search(&app, &format!("lat={lat}&lon={lon}&radius_km=10")).await;
    assert_eq!(names(&page), ["Nära", "Mellan"]);
    let near_m = page["venues"][0]["distance_m"].as_u64().unwrap();
    assert!((1_900..2_100).contains(&near_m), "{near_m}");
    assert_eq!(page["total"], 2);
    // Every venue has its next free times (default window: the next 24 hours).
    let next = &page["venues"][0]["next_free"];
    assert!(next.as_array().is_some_and(|n| n.len() <= 3));
    let wide = search(&app, &format!("lat={lat}&lon={lon}&radius_km=50")).await;
    assert_eq!(names(&wide), ["Nära", "Mellan", "Långt bort"]);
    // Capped at 100 km, not refused.
    assert_eq!(
        search(&app, &format!("lat={lat}&lon={lon}&radius_km=5000")).await["total"],
        3
    );
    // Without a point: every venue, by name, no distance.
    let all = search(&app, "").await;
    assert_eq!(names(&all), ["Långt bort", "Mellan", "Nära"]);
    assert!(all["venues"][0]["distance_m"].is_null());
}

async fn filters_by_sport_surface_and_indoor(engine: Engine) {
    let app = spawn_app(engine).await;
    three_venues(&app).await;
    assert_eq!(names(&search(&app, "sport=padel").await), ["Mellan"]);
    assert_eq!(names(&search(&app, "surface=clay").await), ["Mellan"]);
    assert_eq!(names(&search(&app, "indoor=true").await), ["Mellan"]);
    assert_eq!(
        names(&search(&app, "indoor=false&sport=tennis").await),
        ["Långt bort", "Nära"]
    );
    assert_eq!(search(&app, "sport=squash").await["total"], 0);
    // Free times only come from the courts asked for.
    let padel = search(&app, "sport=padel").await;
    for free in padel["venues"][0]["next_free"].as_array().unwrap() {
        assert_eq!(free["court_name"], "Padel 1");
    }
    let hit = &padel["venues"][0];
    assert_eq!(hit["indoor"], true);
    assert_eq!(hit["sports"], serde_json::json!(["padel", "tennis"]));
    assert_eq!(
        hit["surfaces"],
        serde_json::json!(["artificial_grass", "clay"])
    );
}

async fn free_time_in_a_window_for_a_duration(engine: Engine) {
    let app = spawn_app(engine).await;
    let (_, courts) = app
        .add_venue("Ensam", 63.8438, 20.2630, &[CourtSpec::tennis("Bana 1")])
        .await;
    let court = courts[0];
    // Tomorrow 17–20: book 18:00, so 17–18 and 19–20 are free, never 2 hours in a row.
    assert_eq!(app.book(court, tomorrow_at(18)).await.status(), 201);
    let window = |from: chrono::DateTime<Utc>, to: chrono::DateTime<Utc>| {
        format!(
            "from={}&to={}",
            urlencode(&from.to_rfc3339()),
            urlencode(&to.to_rfc3339())
        )
    };
    let w = window(tomorrow_at(17), tomorrow_at(20));
    let page = search(&app, &format!("{w}&min_minutes=60")).await;
    let free: Vec<&str> = page["venues"][0]["next_free"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["local_start"].as_str().unwrap())
        .collect();
    assert_eq!(free, ["17:00", "19:00"]);
    assert_eq!(
        search(&app, &format!("{w}&min_minutes=120")).await["total"],
        0,
        "only free venues when a window is asked"
    );
    let shown = search(&app, &format!("{w}&min_minutes=120&only_free=false")).await;
    assert_eq!(shown["total"], 1);
    assert!(shown["venues"][0]["next_free"]
        .as_array()
        .unwrap()
        .is_empty());
    // The window is when to play: a stretch must fit inside it.
    assert_eq!(
        search(
            &app,
            &format!(
                "{}&min_minutes=60",
                window(tomorrow_at(18), tomorrow_at(19))
            )
        )
        .await["total"],
        0
    );
    // Closed tomorrow: nothing free.
    let date = tomorrow_at(12)
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive()
        .to_string();
    backend::on_db!(&app.db, pool => sqlx::query(
        "INSERT INTO opening_exceptions (venue_id, from_date, to_date, reason) SELECT venue_id, $1, $1, 'snow' FROM courts WHERE id = $2")
        .bind(&date).bind(court).execute(pool).await.map(|_| ())).unwrap();
    assert_eq!(search(&app, &w).await["total"], 0);
}

async fn sorts_by_earliest_free_and_pages(engine: Engine) {
    let app = spawn_app(engine).await;
    let (_, a) = app
        .add_venue("A först", 63.8438, 20.2630, &[CourtSpec::tennis("Bana 1")])
        .await;
    let (_, _b) = app
        .add_venue("B senare", 63.8977, 20.2630, &[CourtSpec::tennis("Bana 1")])
        .await;
    // The nearer venue is taken 09–11 tomorrow, so the farther one is free first.
    assert_eq!(app.book(a[0], tomorrow_at(9)).await.status(), 201);
    assert_eq!(app.book(a[0], tomorrow_at(10)).await.status(), 201);
    let from = urlencode(&tomorrow_at(9).to_rfc3339());
    let to = urlencode(&tomorrow_at(12).to_rfc3339());
    let (lat, lon) = CENTRE;
    let base = format!("lat={lat}&lon={lon}&from={from}&to={to}");
    assert_eq!(names(&search(&app, &base).await), ["A först", "B senare"]);
    assert_eq!(
        names(&search(&app, &format!("{base}&sort=earliest_free")).await),
        ["B senare", "A först"]
    );
    let first = search(&app, &format!("{base}&per_page=1")).await;
    let second = search(&app, &format!("{base}&per_page=1&page=2")).await;
    let third = search(&app, &format!("{base}&per_page=1&page=3")).await;
    assert_eq!(
        (names(&first), names(&second)),
        (vec!["A först".to_string()], vec!["B senare".to_string()])
    );
    assert!(names(&third).is_empty());
    assert_eq!(
        (
            first["total"].clone(),
            first["page"].clone(),
            first["per_page"].clone()
        ),
        (2.into(), 1.into(), 1.into())
    );
}

async fn bad_search_parameters_are_400(engine: Engine) {
    let app = spawn_app(engine).await;
    let now = Utc::now();
    let past = urlencode(&(now - Duration::hours(2)).to_rfc3339());
    let far = urlencode(&(now + Duration::days(30)).to_rfc3339());
    for (query, field) in [
        ("lat=63.8", "lon"),
        ("lon=20.2", "lat"),
        ("lat=100&lon=20", "lat"),
        ("lat=63&lon=200", "lon"),
        ("lat=north&lon=20", "lat"),
        ("lat=63&lon=20&radius_km=-1", "radius_km"),
        ("lat=63&lon=20&radius_km=0", "radius_km"),
        ("radius_km=5", "radius_km"),
        ("from=tomorrow", "from"),
        (&format!("to={past}"), "to"),
        (&format!("to={far}"), "to"),
        ("min_minutes=-5", "min_minutes"),
        ("min_minutes=5000", "min_minutes"),
        ("indoor=maybe", "indoor"),
        ("sort=cheapest", "sort"),
        ("page=0", "page"),
        ("per_page=1000", "per_page"),
    ] {
        let body = problem(app.get(&format!("/api/v1/venues?{query}")).await, 400).await;
        assert_eq!(body["field"], field, "{query}: {body}");
    }
}

/// Without a point the search covers every venue: one day at most.
async fn without_a_point_the_window_is_one_day(engine: Engine) {
    let app = spawn_app(engine).await;
    app.add_fixture().await;
    let now = Utc::now() + Duration::minutes(1);
    let at = |hours: i64| urlencode(&(now + Duration::hours(hours)).to_rfc3339());
    let wide = format!("from={}&to={}", at(0), at(72));
    let body = problem(app.get(&format!("/api/v1/venues?{wide}")).await, 400).await;
    assert_eq!(body["field"], "to", "{body}");
    assert!(
        body["detail"].as_str().unwrap().contains("25 hours"),
        "{body}"
    );
    // With a point, up to 14 days; without, a local day (25 h on the day
    // clocks go back) is fine.
    let (lat, lon) = CENTRE;
    search(&app, &format!("lat={lat}&lon={lon}&{wide}")).await;
    let day = search(&app, &format!("from={}&to={}", at(0), at(25))).await;
    assert_eq!(day["total"], 1);
}

/// Free times are the costly part: listed by name (no free-time filter or
/// order), only the asked page's venues get them computed.
async fn free_times_are_computed_for_the_page_only(engine: Engine) {
    let app = spawn_app(engine).await;
    for i in 0..30 {
        app.add_venue(
            &format!("Venue {i:02}"),
            63.0 + f64::from(i) * 0.1,
            20.0,
            &[CourtSpec::tennis("Bana 1")],
        )
        .await;
    }
    let now = Utc::now();
    let run = |query: backend::search::SearchQuery| {
        let db = app.db.clone();
        async move {
            let search = backend::search::Search::parse(query, now).unwrap();
            backend::search::run_on(&db, &search, now).await.unwrap()
        }
    };
    let paged = backend::search::SearchQuery {
        per_page: Some("5".into()),
        page: Some("2".into()),
        ..Default::default()
    };
    let (page, work) = run(paged).await;
    assert_eq!((page.total, page.venues.len()), (30, 5));
    assert_eq!(work.venues_scheduled, 5, "only the page's venues");
    let listed: Vec<&str> = page.venues.iter().map(|v| v.venue.name.as_str()).collect();
    assert_eq!(
        listed,
        ["Venue 05", "Venue 06", "Venue 07", "Venue 08", "Venue 09"]
    );
    // Open 06–23 every day: each has free time in the next 24 hours.
    assert!(page.venues.iter().all(|v| !v.next_free.is_empty()));
    // Ordered or filtered by free time: every venue (within one day).
    for (sort, only_free) in [(Some("earliest_free"), None), (None, Some("true"))] {
        let (page, work) = run(backend::search::SearchQuery {
            per_page: Some("5".into()),
            sort: sort.map(Into::into),
            only_free: only_free.map(Into::into),
            ..Default::default()
        })
        .await;
        assert_eq!((page.total, page.venues.len()), (30, 5));
        assert_eq!(work.venues_scheduled, 30);
    }
    // The API answers the same page.
    let api = search(&app, "per_page=5&page=2").await;
    assert_eq!(names(&api), listed);
    assert!(!api["venues"][0]["next_free"].as_array().unwrap().is_empty());
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}
