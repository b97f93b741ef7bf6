//! `ledig import osm`: OpenStreetMap Overpass JSON into venues and courts,
//! idempotent on re-import, all or nothing on bad input.

use backend::{
    import::{import_osm, Counts, ImportSummary, OsmOptions},
    on_db,
};
use serde_json::Value;

use crate::helpers::{json, spawn_app, tomorrow_at, Engine, TestApp};

crate::on_both_engines!(
    imports_venues_and_courts,
    reimport_is_idempotent,
    reimport_updates_adds_and_keeps_what_is_gone,
    bad_input_writes_nothing,
    a_failure_half_way_writes_nothing,
);

const FIXTURE: &str = include_str!("../fixtures/osm/umea-tennis.json");
const FIXTURE_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/osm/umea-tennis.json"
);

fn options() -> OsmOptions {
    OsmOptions {
        city: "Umeå".into(),
        ..OsmOptions::default()
    }
}

fn counts(new: usize, updated: usize, unchanged: usize) -> Counts {
    Counts {
        new,
        updated,
        unchanged,
    }
}

/// The fixture with `change` applied to its elements.
fn fixture_with(change: impl FnOnce(&mut Vec<Value>)) -> String {
    let mut doc: Value = serde_json::from_str(FIXTURE).unwrap();
    change(doc["elements"].as_array_mut().unwrap());
    doc.to_string()
}

fn element(elements: &mut [Value], id: i64) -> &mut Value {
    elements.iter_mut().find(|e| e["id"] == id).unwrap()
}

/// The venues as the API lists them, by name.
async fn listed(app: &TestApp) -> Vec<Value> {
    let body = json(app.get("/api/v1/venues").await).await;
    let mut venues = body["venues"].as_array().unwrap().clone();
    venues.sort_by_key(|v| v["name"].as_str().unwrap().to_string());
    venues
}

async fn venue_named(app: &TestApp, name: &str) -> Value {
    let venue = listed(app)
        .await
        .into_iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no venue {name:?}"));
    json(app.get(&format!("/api/v1/venues/{}", venue["id"])).await).await
}

type VenueSnapshot = (i64, String, String, String, f64, f64, Option<String>);
type CourtSnapshot = (i64, i64, String, String, bool, i64, Option<String>);

/// Every venue and court row, to compare before and after.
async fn snapshot(app: &TestApp) -> (Vec<VenueSnapshot>, Vec<CourtSnapshot>) {
    on_db!(&app.db, pool => {
        let venues = sqlx::query_as("SELECT id, name, address, city, lat, lon, osm_ref FROM venues ORDER BY id")
            .fetch_all(pool).await.unwrap();
        let courts = sqlx::query_as("SELECT id, venue_id, name, surface, indoor, price_minor, osm_ref FROM courts ORDER BY id")
            .fetch_all(pool).await.unwrap();
        (venues, courts)
    })
}

async fn imports_venues_and_courts(engine: Engine) {
    let app = spawn_app(engine).await;
    let summary = import_osm(&app.db, FIXTURE, &options()).await.unwrap();
    assert_eq!(summary.venues, counts(3, 0, 0));
    assert_eq!(
        summary.courts,
        counts(7, 0, 0),
        "the padel-only pitch is not one"
    );
    assert_eq!(summary.skipped_no_position, 1);
    assert_eq!(
        summary.line("umea-tennis.json"),
        "Imported osm umea-tennis.json: 3 venues (3 new, 0 updated), 7 courts (7 new, 0 updated), \
         1 pitch skipped (no position)."
    );
    assert!(summary.warnings.iter().any(|w| w.contains("way/734567890")));

    let venues = listed(&app).await;
    let names: Vec<&str> = venues.iter().map(|v| v["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "Strandparken",
            "Tennisbanor vid Tallvägen",
            "Ålidhems racketcenter"
        ]
    );
    for v in &venues {
        assert_eq!(v["sports"], serde_json::json!(["tennis"]));
        assert_eq!(v["city"], "Umeå");
        let (lat, lon) = (v["lat"].as_f64().unwrap(), v["lon"].as_f64().unwrap());
        assert!(
            (63.80..63.84).contains(&lat) && (20.24..20.31).contains(&lon),
            "{v}"
        );
    }

    // A sports centre names its venue and gives it an address and hours.
    let centre = venue_named(&app, "Ålidhems racketcenter").await;
    assert_eq!(centre["address"], "Racketvägen 4");
    let operator: String =
        on_db!(&app.db, pool => sqlx::query_scalar("SELECT operator FROM venues WHERE id = $1")
        .bind(centre["id"].as_i64().unwrap()).fetch_one(pool).await)
        .unwrap();
    assert_eq!(operator, "Ålidhems tennisklubb");
    assert_eq!(centre["timezone"], "Europe/Stockholm");
    assert!(centre["description"]
        .as_str()
        .unwrap()
        .contains("OpenStreetMap"));
    let courts = centre["courts"].as_array().unwrap();
    let summary_of = |c: &Value| {
        format!(
            "{} {} {} {}",
            c["name"].as_str().unwrap(),
            c["surface"].as_str().unwrap(),
            if c["indoor"] == true {
                "indoor"
            } else {
                "outdoor"
            },
            c["slot_minutes"]
        )
    };
    assert_eq!(
        courts.iter().map(summary_of).collect::<Vec<_>>(),
        [
            "Bana 1 clay outdoor 60",
            "Bana 2 clay outdoor 60",
            "Hallbanan hard indoor 60"
        ]
    );
    assert_eq!(
        courts[0]["price"],
        serde_json::json!({"amount_minor": 15000, "currency": "SEK"})
    );
    assert_eq!(
        centre["opening_hours"][0],
        serde_json::json!({"weekday": 1, "opens": "07:00", "closes": "22:00"})
    );
    assert_eq!(
        centre["opening_hours"][6],
        serde_json::json!({"weekday": 7, "opens": "08:00", "closes": "20:00"})
    );

    // A park names its venue; the city comes from --city; default hours.
    let park = venue_named(&app, "Strandparken").await;
    assert_eq!(park["address"], "");
    assert_eq!(park["courts"].as_array().unwrap().len(), 2);
    assert_eq!(park["courts"][0]["surface"], "hard");
    assert_eq!(park["opening_hours"].as_array().unwrap().len(), 7);
    assert_eq!(
        park["opening_hours"][3],
        serde_json::json!({"weekday": 4, "opens": "07:00", "closes": "22:00"})
    );

    // Two node pitches by a street, one of them tennis;padel.
    let street = venue_named(&app, "Tennisbanor vid Tallvägen").await;
    assert_eq!(street["address"], "Tallvägen 12");
    assert_eq!(street["courts"].as_array().unwrap().len(), 2);

    // Imported courts are bookable.
    let court_id = park["courts"][0]["id"].as_i64().unwrap();
    assert_eq!(app.book(court_id, tomorrow_at(10)).await.status(), 201);
}

async fn reimport_is_idempotent(engine: Engine) {
    let app = spawn_app(engine).await;
    import_osm(&app.db, FIXTURE, &options()).await.unwrap();
    let before = snapshot(&app).await;
    let summary = import_osm(&app.db, FIXTURE, &options()).await.unwrap();
    assert_eq!(summary.venues, counts(0, 0, 3));
    assert_eq!(summary.courts, counts(0, 0, 7));
    assert!(summary.gone.is_empty());
    assert_eq!(
        summary.to_string(),
        "3 venues (0 new, 0 updated, 3 unchanged), 7 courts (0 new, 0 updated, 7 unchanged), \
         1 pitch skipped (no position)"
    );
    assert_eq!(snapshot(&app).await, before, "the same rows");
    assert_eq!(listed(&app).await.len(), 3);
}

async fn reimport_updates_adds_and_keeps_what_is_gone(engine: Engine) {
    let app = spawn_app(engine).await;
    import_osm(&app.db, FIXTURE, &options()).await.unwrap();
    let park = venue_named(&app, "Strandparken").await;
    let booked_court = park["courts"][1]["id"].as_i64().unwrap();
    assert_eq!(app.book(booked_court, tomorrow_at(11)).await.status(), 201);
    let centre_id = venue_named(&app, "Ålidhems racketcenter").await["id"].clone();
    // Operators may change prices; a re-import leaves them alone.
    on_db!(&app.db, pool => sqlx::query("UPDATE courts SET price_minor = 20000").execute(pool).await.map(|_| ())).unwrap();

    let changed = fixture_with(|elements| {
        element(elements, 187654321)["tags"]["name"] = "Ålidhems racket- och padelcenter".into();
        element(elements, 412345603)["tags"]["name"] = "Centercourten".into();
        element(elements, 412345601)["tags"]["surface"] = "artificial_turf".into();
        // The booked court's pitch is gone from OSM.
        elements.retain(|e| e["id"] != 523456702);
        // A new pitch by Tallvägen, and one at the centre that sorts before
        // all its pitches (so the centre's key changes).
        elements.push(
            serde_json::json!({"type": "node", "id": 6660000103i64, "lat": 63.8112, "lon": 20.2612,
            "tags": {"leisure": "pitch", "sport": "tennis"}}),
        );
        elements.push(
            serde_json::json!({"type": "node", "id": 100, "lat": 63.8176, "lon": 20.3058,
            "tags": {"leisure": "pitch", "sport": "tennis", "surface": "carpet", "indoor": "yes"}}),
        );
    });
    let summary = import_osm(&app.db, &changed, &options()).await.unwrap();
    assert_eq!(
        summary.venues,
        counts(0, 3, 0),
        "renamed, lost a pitch, gained one"
    );
    assert_eq!(summary.courts, counts(2, 2, 4));
    assert_eq!(summary.gone.len(), 1);
    assert_eq!(summary.gone[0].court_id, booked_court);
    assert_eq!(summary.gone[0].osm_ref, "way/523456702");
    assert!(summary
        .to_string()
        .ends_with("1 court gone from OSM (kept)"));

    let venues = listed(&app).await;
    assert_eq!(venues.len(), 3, "no duplicate venues");
    let centre = venue_named(&app, "Ålidhems racket- och padelcenter").await;
    assert_eq!(centre["id"], centre_id, "the same venue, renamed");
    let names: Vec<&str> = centre["courts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Bana 1", "Bana 2", "Bana 3", "Centercourten"]);
    let bana1 = &centre["courts"][0];
    assert_eq!(bana1["surface"], "artificial_grass");
    assert_eq!(bana1["price"]["amount_minor"], 20000, "price kept");
    assert_eq!(centre["courts"][2]["surface"], "carpet");
    assert_eq!(centre["courts"][2]["indoor"], true);
    assert_eq!(
        centre["courts"][2]["price"]["amount_minor"], 15000,
        "a new court gets --price-sek"
    );
    let park = venue_named(&app, "Strandparken").await;
    assert_eq!(
        park["courts"].as_array().unwrap().len(),
        2,
        "the booked court is kept"
    );
    assert_eq!(app.booking_count().await, 1);
    assert_eq!(
        venue_named(&app, "Tennisbanor vid Tallvägen").await["courts"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // And importing the changed file again changes nothing.
    let before = snapshot(&app).await;
    let again = import_osm(&app.db, &changed, &options()).await.unwrap();
    assert_eq!(again.venues, counts(0, 0, 3));
    assert_eq!(again.courts, counts(0, 0, 8));
    assert_eq!(snapshot(&app).await, before);
}

async fn bad_input_writes_nothing(engine: Engine) {
    let app = spawn_app(engine).await;
    let error = |r: anyhow::Result<ImportSummary>| format!("{:#}", r.unwrap_err());

    let truncated: String = FIXTURE.chars().take(FIXTURE.len() / 2).collect();
    let e = error(import_osm(&app.db, &truncated, &options()).await);
    assert!(e.starts_with("not valid JSON"), "{e}");
    let e = error(
        import_osm(
            &app.db,
            r#"{"type":"FeatureCollection","features":[]}"#,
            &options(),
        )
        .await,
    );
    assert!(
        e.starts_with("not Overpass JSON") && e.contains("elements"),
        "{e}"
    );
    let bad_lat = fixture_with(|elements| element(elements, 6660000101)["lat"] = "north".into());
    let e = error(import_osm(&app.db, &bad_lat, &options()).await);
    assert!(e.contains("elements[") && e.contains(".lat"), "{e}");
    let e = error(
        import_osm(
            &app.db,
            FIXTURE,
            &OsmOptions {
                timezone: "Europe/Umea".into(),
                ..options()
            },
        )
        .await,
    );
    assert!(e.contains("time zone"), "{e}");
    assert_eq!(snapshot(&app).await, (vec![], vec![]));

    // A file without tennis pitches imports nothing, and says so.
    let summary = import_osm(&app.db, r#"{"version":0.6,"elements":[]}"#, &options())
        .await
        .unwrap();
    assert_eq!(summary.venues.total() + summary.courts.total(), 0);
    assert!(summary.warnings[0].contains("no tennis pitches"));

    // After a good import, a bad one leaves it as it was.
    import_osm(&app.db, FIXTURE, &options()).await.unwrap();
    let before = snapshot(&app).await;
    assert!(import_osm(&app.db, "[]", &options()).await.is_err());
    assert_eq!(snapshot(&app).await, before);
}

/// The import is one transaction: when a statement fails half-way (here the
/// opening hours, whose table is gone), the venues before it are undone too.
async fn a_failure_half_way_writes_nothing(engine: Engine) {
    let app = spawn_app(engine).await;
    on_db!(&app.db, pool => sqlx::query("DROP TABLE opening_hours").execute(pool).await.map(|_| ())).unwrap();
    assert!(import_osm(&app.db, FIXTURE, &options()).await.is_err());
    assert_eq!(snapshot(&app).await, (vec![], vec![]));
}

/// The real binary: exit codes and the summary line.
#[test]
fn the_ledig_binary_imports_a_file() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("ledig.db").display());
    let ledig = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ledig"))
            .arg("--database-url")
            .arg(&url)
            .args(args)
            .env("LEDIG_LOG", "warn")
            .output()
            .unwrap()
    };
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();

    let out = ledig(&["import", "osm", FIXTURE_PATH, "--city", "Umeå"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        format!(
            "Imported osm {FIXTURE_PATH}: 3 venues (3 new, 0 updated), 7 courts (7 new, 0 updated), \
             1 pitch skipped (no position)."
        )
    );
    assert!(text(&out.stderr).contains("way/734567890 has no position"));

    let out = ledig(&["import", "osm", FIXTURE_PATH, "--price-sek", "200"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("3 venues (0 new, 0 updated, 3 unchanged), 7 courts (0 new"),
        "{}",
        text(&out.stdout)
    );

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"elements\": [").unwrap();
    let out = ledig(&["import", "osm", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("not valid JSON"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let out = ledig(&["import", "osm", "/no/such/file.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot read /no/such/file.json"));
}
