//! Open data: the GeoJSON register, CORS, and the OpenActive RPDE feeds
//! (paging, change tracking, tombstones, bad paging parameters).

use backend::{on_db, opendata};
use chrono::{Duration, Utc};
use serde_json::Value;

use crate::helpers::{json, problem, spawn_app, tomorrow_at, Engine, TestApp};

crate::on_both_engines!(
    geojson_register_with_cors,
    cors_is_open_only_on_open_data,
    facility_uses_describe_courts,
    paging_walks_every_item_exactly_once,
    bookings_and_cancellations_show_up_as_newer_versions,
    a_closure_tombstones_its_slots,
    bad_paging_parameters_are_a_400,
    links_ignore_forged_forwarded_headers,
    utilisation_is_open_data_without_people,
);

/// LEDIG_PUBLIC_URL of the test apps: every open-data link starts with it.
const PUBLIC: &str = "http://localhost:8080";

/// A public link, to be followed on the test app's own address.
fn local(app: &TestApp, link: &str) -> String {
    let path = link
        .strip_prefix(PUBLIC)
        .unwrap_or_else(|| panic!("{link} is not on {PUBLIC}"));
    app.url(path)
}

fn public(path: &str) -> String {
    format!("{PUBLIC}{path}")
}

/// Follows `next` from `url` until the last page; returns the items and the
/// last page's URL (where a consumer polls for changes).
async fn walk(app: &TestApp, mut url: String) -> (Vec<Value>, String) {
    let mut items = Vec::new();
    for _ in 0..10_000 {
        let response = app.client.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 200, "{url}");
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
        let cache = response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .to_string();
        let page = json(response).await;
        assert_eq!(
            page["license"],
            "https://creativecommons.org/publicdomain/zero/1.0/"
        );
        let page_items = page["items"].as_array().unwrap().clone();
        let next = local(app, page["next"].as_str().unwrap());
        if page_items.is_empty() {
            assert_eq!(next, url, "the last page points at itself");
            assert_eq!(cache, "public, max-age=8");
            return (items, url);
        }
        assert_eq!(cache, "public, max-age=3600");
        let last = page_items.last().unwrap();
        assert!(
            next.contains(&format!(
                "afterTimestamp={}&afterId={}",
                last["modified"],
                last["id"].as_str().unwrap()
            )),
            "{next} continues after the page's last item"
        );
        items.extend(page_items);
        url = next;
    }
    panic!("the feed does not end");
}

async fn refresh(app: &TestApp) -> opendata::RefreshSummary {
    opendata::refresh_feeds(&app.db, Utc::now())
        .await
        .expect("refresh")
}

fn slot_id(court_id: i64, starts_at: chrono::DateTime<Utc>) -> String {
    format!("{court_id}-{}", starts_at.timestamp())
}

async fn geojson_register_with_cors(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    on_db!(&app.db, pool => sqlx::query("UPDATE venues SET accessibility = 'wheelchair accessible entrance; step-free' WHERE id = $1")
        .bind(fixture.venue_id).execute(pool).await.map(|_| ())).unwrap();

    let response = app
        .client
        .get(app.url("/api/v1/open-data/venues.geojson"))
        .header("Origin", "https://example.org")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/geo+json");
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let body = json(response).await;
    assert_eq!(body["type"], "FeatureCollection");
    assert_eq!(body["license"], "CC0-1.0");
    let features = body["features"].as_array().unwrap();
    let feature = features
        .iter()
        .find(|f| f["properties"]["id"] == fixture.venue_id)
        .expect("the venue is a feature");
    assert_eq!(feature["type"], "Feature");
    assert_eq!(feature["geometry"]["type"], "Point");
    // RFC 7946: [longitude, latitude].
    assert_eq!(
        feature["geometry"]["coordinates"],
        serde_json::json!([20.263, 63.8258])
    );
    let p = &feature["properties"];
    assert_eq!(p["name"], "Testparkens tennis");
    assert_eq!(p["address"], "Testvägen 1");
    assert_eq!(p["city"], "Umeå");
    assert_eq!(p["sports"], serde_json::json!(["tennis"]));
    assert_eq!(p["surfaces"], serde_json::json!(["hard"]));
    assert_eq!(p["indoor"], false);
    assert_eq!(
        p["accessibility"],
        "wheelchair accessible entrance; step-free"
    );
    assert_eq!(p["opening_hours"], "Mo-Su 06:00-23:00");
    let weekly = p["opening_hours_weekly"].as_array().unwrap();
    assert_eq!(weekly.len(), 7);
    assert_eq!(
        weekly[0],
        serde_json::json!({"weekday": 1, "day": "Mo", "opens": "06:00", "closes": "23:00"})
    );
    let courts = p["courts"].as_array().unwrap();
    assert_eq!(courts.len(), 2);
    assert_eq!(
        courts[0],
        serde_json::json!({"id": fixture.court_id, "name": "Bana 1", "sport": "tennis", "surface": "hard", "indoor": false})
    );
}

async fn cors_is_open_only_on_open_data(engine: Engine) {
    let app = spawn_app(engine).await;
    for path in ["/api/v1/open-data/slots", "/api/v1/open-data/facility-uses"] {
        let preflight = app
            .client
            .request(reqwest::Method::OPTIONS, app.url(path))
            .header("Origin", "https://example.org")
            .header("Access-Control-Request-Method", "GET")
            .send()
            .await
            .unwrap();
        assert!(preflight.status().is_success(), "{path}");
        assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
        let get = app
            .client
            .get(app.url(path))
            .header("Origin", "https://example.org")
            .send()
            .await
            .unwrap();
        assert_eq!(get.headers()["access-control-allow-origin"], "*");
    }
    let private = app
        .client
        .get(app.url("/api/v1/venues"))
        .header("Origin", "https://example.org")
        .send()
        .await
        .unwrap();
    assert!(private
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

async fn facility_uses_describe_courts(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    refresh(&app).await;
    let (items, _) = walk(&app, app.url("/api/v1/open-data/facility-uses")).await;
    assert_eq!(items.len(), 2);
    let item = items
        .iter()
        .find(|i| i["id"] == fixture.court_id.to_string().as_str())
        .unwrap();
    assert_eq!(item["state"], "updated");
    assert_eq!(item["kind"], "FacilityUse");
    let data = &item["data"];
    assert_eq!(data["@type"], "FacilityUse");
    assert_eq!(data["@context"], "https://openactive.io/");
    assert_eq!(
        data["@id"],
        public(&format!(
            "/api/v1/open-data/facility-uses/{}",
            fixture.court_id
        ))
    );
    assert_eq!(data["facilityType"][0]["prefLabel"], "Tennis Court");
    assert_eq!(
        data["facilityType"][0]["inScheme"],
        "https://openactive.io/facility-types"
    );
    assert_eq!(data["location"]["@type"], "Place");
    assert_eq!(data["location"]["geo"]["latitude"], 63.8258);
    assert_eq!(data["location"]["geo"]["longitude"], 20.263);
    assert_eq!(data["provider"]["@type"], "Organization");
    assert_eq!(data["offers"][0]["price"], 150);
    assert_eq!(data["offers"][0]["priceCurrency"], "SEK");
    // The @id resolves.
    let one = json(
        app.client
            .get(local(&app, data["@id"].as_str().unwrap()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(&one, data);

    // Nothing changed: a second refresh writes nothing.
    let again = refresh(&app).await;
    assert_eq!((again.updated, again.deleted), (0, 0));
}

async fn paging_walks_every_item_exactly_once(engine: Engine) {
    let app = spawn_app(engine).await;
    app.add_fixture().await;
    refresh(&app).await;
    let (all, _) = walk(&app, app.url("/api/v1/open-data/slots")).await;
    // Open 06–23 with two hourly courts: 17 slots a day each, 14 days ahead.
    assert!(all.len() >= 2 * 17 * 13, "{} slots", all.len());
    let (paged, last) = walk(&app, app.url("/api/v1/open-data/slots?limit=7")).await;
    assert!(last.contains("limit=7"));
    let ids: Vec<&str> = paged.iter().map(|i| i["id"].as_str().unwrap()).collect();
    let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "no item twice");
    assert_eq!(ids.len(), all.len(), "every item once");
    let stored: i64 = on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM open_data_items WHERE feed = 'slots'").fetch_one(pool).await).unwrap();
    assert_eq!(stored, all.len() as i64);
    let modified: Vec<i64> = paged
        .iter()
        .map(|i| i["modified"].as_i64().unwrap())
        .collect();
    assert!(
        modified.windows(2).all(|w| w[0] < w[1]),
        "modified increases"
    );
    let horizon = Utc::now() + Duration::days(14);
    for item in &paged {
        assert_eq!(item["state"], "updated");
        assert_eq!(item["kind"], "FacilityUse/Slot");
        let data = &item["data"];
        assert_eq!(data["@type"], "Slot");
        assert_eq!(data["maximumUses"], 1);
        assert_eq!(data["duration"], "PT1H");
        assert!(data["facilityUse"]
            .as_str()
            .unwrap()
            .starts_with(&public("/api/v1/open-data/facility-uses/")));
        let start: chrono::DateTime<Utc> = data["startDate"].as_str().unwrap().parse().unwrap();
        assert!(start > Utc::now() - Duration::minutes(1) && start < horizon);
    }
}

/// The slot item for `id` among `items`.
fn find<'a>(items: &'a [Value], id: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id} in {} items", items.len()))
}

async fn bookings_and_cancellations_show_up_as_newer_versions(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    refresh(&app).await;
    let starts_at = tomorrow_at(18);
    let id = slot_id(fixture.court_id, starts_at);
    let (items, poll) = walk(&app, app.url("/api/v1/open-data/slots")).await;
    let before = find(&items, &id).clone();
    assert_eq!(before["data"]["remainingUses"], 1);

    let booked = app.book(fixture.court_id, starts_at).await;
    assert_eq!(booked.status(), 201);
    let booking: shared::Booking = booked.json().await.unwrap();
    let summary = refresh(&app).await;
    assert!(summary.updated >= 1);
    let (changes, poll) = walk(&app, poll).await;
    // Only the booked slot changed (give or take a slot starting or
    // entering the 14-day window while the test runs).
    assert!(changes.len() <= 3, "{} changes", changes.len());
    let taken = find(&changes, &id);
    assert_eq!(taken["state"], "updated");
    assert_eq!(taken["data"]["remainingUses"], 0);
    assert!(taken["modified"].as_i64() > before["modified"].as_i64());

    let cancelled = app
        .post(&format!("/api/v1/bookings/{}/cancel", booking.id))
        .await;
    assert_eq!(cancelled.status(), 200);
    refresh(&app).await;
    let (changes, _) = walk(&app, poll).await;
    let free = find(&changes, &id);
    assert_eq!(free["data"]["remainingUses"], 1);
    assert!(free["modified"].as_i64() > taken["modified"].as_i64());
}

async fn a_closure_tombstones_its_slots(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    refresh(&app).await;
    let (_, poll) = walk(&app, app.url("/api/v1/open-data/slots")).await;

    let tomorrow = (Utc::now().with_timezone(&chrono_tz::Europe::Stockholm) + Duration::days(1))
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    on_db!(&app.db, pool => sqlx::query(
        "INSERT INTO opening_exceptions (venue_id, from_date, to_date, reason) VALUES ($1, $2, $2, 'snow')")
        .bind(fixture.venue_id).bind(&tomorrow).execute(pool).await.map(|_| ())).unwrap();
    let summary = refresh(&app).await;
    assert!(summary.deleted >= 2 * 17, "both courts' slots tomorrow");
    let (changes, poll) = walk(&app, poll).await;
    let tomorrows: Vec<String> = [fixture.court_id, fixture.other_court_id]
        .into_iter()
        .flat_map(|court| (6..23).map(move |h| slot_id(court, tomorrow_at(h))))
        .collect();
    for id in &tomorrows {
        assert_eq!(find(&changes, id)["state"], "deleted", "{id}");
    }
    let gone = find(&changes, &slot_id(fixture.other_court_id, tomorrow_at(18)));
    assert_eq!(gone["state"], "deleted");
    assert!(gone.get("data").is_none(), "tombstones carry no data");
    assert!(gone["modified"].as_i64().is_some());
    let one = app
        .get(&format!(
            "/api/v1/open-data/slots/{}",
            slot_id(fixture.court_id, tomorrow_at(18))
        ))
        .await;
    problem(one, 404).await;

    // Lifting the closure brings the slots back.
    on_db!(&app.db, pool => sqlx::query("DELETE FROM opening_exceptions WHERE venue_id = $1")
        .bind(fixture.venue_id).execute(pool).await.map(|_| ()))
    .unwrap();
    refresh(&app).await;
    let (changes, _) = walk(&app, poll).await;
    for id in &tomorrows {
        assert_eq!(find(&changes, id)["state"], "updated", "{id}");
    }
    let back = find(&changes, &slot_id(fixture.court_id, tomorrow_at(18)));
    assert_eq!(back["state"], "updated");
    assert_eq!(back["data"]["remainingUses"], 1);
}

async fn bad_paging_parameters_are_a_400(engine: Engine) {
    let app = spawn_app(engine).await;
    for (query, field) in [
        ("afterTimestamp=abc&afterId=1-2", "afterTimestamp"),
        ("afterTimestamp=-1&afterId=1-2", "afterTimestamp"),
        ("afterTimestamp=10", "afterId"),
        ("afterId=1-2", "afterTimestamp"),
        ("afterTimestamp=10&afterId=", "afterId"),
        ("limit=0", "limit"),
        ("limit=5000", "limit"),
        ("limit=ten", "limit"),
    ] {
        for feed in ["slots", "facility-uses"] {
            let response = app.get(&format!("/api/v1/open-data/{feed}?{query}")).await;
            let body = problem(response, 400).await;
            assert_eq!(body["field"], field, "{feed}?{query}");
        }
    }
}

/// Links come from LEDIG_PUBLIC_URL: a forged `Host` or `X-Forwarded-Host`
/// (LEDIG_TRUST_PROXY is off) must not reach pages cached for everyone.
async fn links_ignore_forged_forwarded_headers(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    refresh(&app).await;
    let forged = |path: &str| {
        app.client
            .get(app.url(path))
            .header("host", "evil.example")
            .header("x-forwarded-host", "evil.example")
            .header("x-forwarded-proto", "https")
    };
    let page = json(
        forged("/api/v1/open-data/slots?limit=2")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let next = page["next"].as_str().unwrap();
    assert!(
        next.starts_with(&public("/api/v1/open-data/slots?")),
        "{next}"
    );
    let item = &page["items"][0]["data"];
    for link in [&item["@id"], &item["facilityUse"]] {
        assert!(link.as_str().unwrap().starts_with(PUBLIC), "{link}");
    }
    let register = json(
        forged("/api/v1/open-data/venues.geojson")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let url = register["features"][0]["properties"]["url"]
        .as_str()
        .unwrap();
    assert_eq!(url, public(&format!("/venues/{}", fixture.venue_id)));
    let one = json(
        forged(&format!(
            "/api/v1/open-data/facility-uses/{}",
            fixture.court_id
        ))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert!(one["@id"].as_str().unwrap().starts_with(PUBLIC), "{one}");
    let text = format!("{page}{register}{one}");
    assert!(!text.contains("evil.example"));
}

/// The utilisation aggregates (issue 15, item 6): per venue, open and
/// booked hours as the operators' statistics count them, CC0, no one named.
async fn utilisation_is_open_data_without_people(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    app.confirmed(f.court_id, 10, false).await;
    app.confirmed(f.other_court_id, 11, false).await;
    let day = tomorrow_at(12)
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .format("%Y-%m-%d")
        .to_string();
    let response = app
        .get(&format!(
            "/api/v1/open-data/utilisation?from={day}&to={day}"
        ))
        .await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "*",
        "readable from any site"
    );
    let text = response.text().await.unwrap();
    assert!(
        !text.contains("Ada") && !text.contains("@"),
        "no one named: {text}"
    );
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["license"], "CC0-1.0");
    let venue = body["venues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["venue_id"] == f.venue_id)
        .expect("the fixture venue");
    assert_eq!(venue["open_hours"], 34.0, "2 courts × 17 hours");
    assert_eq!(venue["booked_hours"], 2.0);
    assert_eq!(venue["utilisation_percent"], 5.88);
    assert_eq!(venue["by_weekday"].as_array().unwrap().len(), 7);
    let too_long = "/api/v1/open-data/utilisation?from=2026-01-01&to=2026-04-03";
    assert_eq!(problem(app.get(too_long).await, 422).await["field"], "to");
}
