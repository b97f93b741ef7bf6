//! Prices and rules in the app (issue 15, item 4): an operator reads a
//! venue's rules with an ETag, previews a quote under a draft, and saves
//! with If-Match. A change applies to new bookings only; a stale ETag, a
//! missing If-Match or a wrong field writes nothing. Both engines.

use chrono::Utc;
use reqwest::Method;
use serde_json::{json, Value};
use shared::{operator::Role, Booking, Quote};

use crate::operating::{member, operator};
use crate::{
    accounts::Person,
    helpers::{json, problem, spawn_app, tomorrow_at, Engine, TestApp},
};

crate::on_both_engines!(
    a_change_applies_to_new_bookings_only,
    the_preview_is_the_quote_the_saved_rules_give,
    a_stale_etag_is_refused_and_nothing_is_written,
    a_mistake_names_its_field_and_nothing_is_half_saved,
    the_demo_rules_read_back_and_save_unchanged,
);

fn rules_path(venue_id: i64) -> String {
    format!("/api/v1/operator/venues/{venue_id}/rules")
}

/// The venue's rules and their ETag.
async fn read(app: &TestApp, who: &Person, venue_id: i64) -> (Value, String) {
    let response = who.get(app, &rules_path(venue_id)).await;
    assert_eq!(response.status().as_u16(), 200);
    let etag = response.headers()["etag"].to_str().unwrap().to_string();
    (json(response).await, etag)
}

async fn save(
    app: &TestApp,
    who: &Person,
    venue_id: i64,
    rules: &Value,
    etag: Option<&str>,
) -> reqwest::Response {
    let headers: Vec<(&str, &str)> = etag.map(|e| ("if-match", e)).into_iter().collect();
    who.send_with(
        app,
        Method::PUT,
        &rules_path(venue_id),
        Some(rules.clone()),
        &headers,
    )
    .await
}

/// Free cancellation until 48 h before, then half; peak 17–21 at 200 kr.
fn stricter() -> Value {
    json!({
        "min_notice_minutes": 0, "max_days_ahead": 90, "max_active_bookings": null,
        "cancel_deadline_hours": 48,
        "late_cancellation": {"policy": "fee_percent", "percent": 50},
        "vat_basis_points": 600,
        "tariffs": [
            {"court_id": null, "category": "adult", "weekdays": [1, 2, 3, 4, 5, 6, 7], "from": "17:00", "to": "21:00",
             "band": "peak", "price_minor": 20000, "per": "slot"}
        ]
    })
}

async fn cancel(app: &TestApp, booking: &Booking) -> Booking {
    let response = app
        .post(&format!("/api/v1/bookings/{}/cancel", booking.id))
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn a_change_applies_to_new_bookings_only(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let olle = operator(&app).await;
    // Sold under the old rules: the court's 150 kr, free until the start.
    let before = app.confirmed(f.court_id, 18, false).await;
    assert_eq!(before.price.amount_minor, 15000);

    let (_, etag) = read(&app, &olle, f.venue_id).await;
    let saved = save(&app, &olle, f.venue_id, &stricter(), Some(&etag)).await;
    assert_eq!(saved.status().as_u16(), 200);
    let new_etag = saved.headers()["etag"].to_str().unwrap().to_string();
    assert_ne!(new_etag, etag);
    assert_eq!(json(saved).await, stricter(), "the rules as saved");

    // A booking made now pays the new price and gets the new terms…
    let after = app.confirmed(f.court_id, 19, false).await;
    assert_eq!(after.price.amount_minor, 20000);
    let late = cancel(&app, &after).await.cancellation.unwrap();
    assert!(late.late, "tomorrow is inside the new 48 h deadline");
    assert_eq!(
        (late.fee.amount_minor, late.refund.amount_minor),
        (10000, 10000)
    );
    // …the one made before keeps what it was sold with: free until the start.
    let kept = cancel(&app, &before).await.cancellation.unwrap();
    assert!(!kept.late);
    assert_eq!(
        (kept.fee.amount_minor, kept.refund.amount_minor),
        (0, 15000)
    );

    // The audit log says who changed the rules.
    let log = json(olle.get(&app, "/api/v1/operator/audit").await).await;
    let entry = &log[0];
    assert_eq!(entry["action"], "rules.changed", "{log}");
    assert_eq!(entry["actor"], "olle@umea.se");
    assert_eq!(entry["venue_id"], f.venue_id);
    assert_eq!(entry["detail"]["tariffs"], 1);
}

async fn the_preview_is_the_quote_the_saved_rules_give(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let olle = operator(&app).await;
    let (_, etag) = read(&app, &olle, f.venue_id).await;
    let start = tomorrow_at(18);
    let date = start
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive();
    let preview_path = format!("{}/preview", rules_path(f.venue_id));
    let body = json!({"rules": stricter(), "court_id": f.court_id, "date": date, "time": "18:00"});
    let previewed = olle.post(&app, &preview_path, Some(body)).await;
    assert_eq!(previewed.status().as_u16(), 200);
    let previewed: Quote = previewed.json().await.unwrap();
    assert_eq!(previewed.price.amount_minor, 20000);
    assert_eq!(previewed.starts_at, start);
    // Nothing was saved by the preview: the public quote is still 150 kr.
    let path = format!(
        "/api/v1/courts/{}/quote?starts_at={}",
        f.court_id,
        start.to_rfc3339().replace('+', "%2B")
    );
    let now: Quote = app.get(&path).await.json().await.unwrap();
    assert_eq!(now.price.amount_minor, 15000);

    assert_eq!(
        save(&app, &olle, f.venue_id, &stricter(), Some(&etag))
            .await
            .status()
            .as_u16(),
        200
    );
    let quoted: Quote = app.get(&path).await.json().await.unwrap();
    assert_eq!(
        quoted, previewed,
        "the preview is the quote a player now gets"
    );

    // A time no slot starts at, and a court of another venue: named.
    let (other, courts) = app
        .add_venue(
            "Norrhallen",
            63.9,
            20.3,
            &[crate::helpers::CourtSpec::tennis("Bana 1")],
        )
        .await;
    assert_ne!(other, f.venue_id);
    let closed =
        json!({"rules": stricter(), "court_id": f.court_id, "date": date, "time": "03:00"});
    let refused = problem(olle.post(&app, &preview_path, Some(closed)).await, 422).await;
    assert_eq!(refused["field"], "time");
    let elsewhere =
        json!({"rules": stricter(), "court_id": courts[0], "date": date, "time": "18:00"});
    let refused = problem(olle.post(&app, &preview_path, Some(elsewhere)).await, 422).await;
    assert_eq!(refused["field"], "court_id");
}

async fn a_stale_etag_is_refused_and_nothing_is_written(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let olle = operator(&app).await;
    let (ulla, _) = member(&app, "ulla@umea.se", "Umeå kommun", Role::Operator, &[]).await;
    // Both open the rules; Olle saves first.
    let (original, etag) = read(&app, &olle, f.venue_id).await;
    let (_, same) = read(&app, &ulla, f.venue_id).await;
    assert_eq!(etag, same);
    assert_eq!(
        save(&app, &olle, f.venue_id, &stricter(), Some(&etag))
            .await
            .status()
            .as_u16(),
        200
    );

    // Ulla's save over the version she read is refused, not made.
    let mut hers = original.clone();
    hers["cancel_deadline_hours"] = json!(2);
    let refused = problem(save(&app, &ulla, f.venue_id, &hers, Some(&same)).await, 412).await;
    assert_eq!(refused["type"], "/problems/changed-meanwhile");
    let missing = problem(save(&app, &ulla, f.venue_id, &hers, None).await, 428).await;
    assert_eq!(missing["type"], "/problems/if-match-required");
    let (now, current) = read(&app, &ulla, f.venue_id).await;
    assert_eq!(now, stricter(), "Olle's change stands");
    assert_ne!(current, etag);
    // Reloaded, her change goes in over his.
    assert_eq!(
        save(&app, &ulla, f.venue_id, &hers, Some(&current))
            .await
            .status()
            .as_u16(),
        200
    );
    assert_eq!(
        read(&app, &olle, f.venue_id).await.0["cancel_deadline_hours"],
        2
    );
}

async fn a_mistake_names_its_field_and_nothing_is_half_saved(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let olle = operator(&app).await;
    let (original, etag) = read(&app, &olle, f.venue_id).await;
    let band = |from: &str, to: &str, price: i64| {
        json!({"category": "adult", "weekdays": [1, 2], "from": from, "to": to,
               "band": "peak", "price_minor": price, "per": "hour"})
    };
    let with = |tariffs: Vec<Value>| {
        let mut rules = stricter();
        rules["tariffs"] = Value::Array(tariffs);
        rules
    };
    let cases = [
        (
            with(vec![
                band("08:00", "12:00", 100),
                band("12:00", "17:00", -1),
            ]),
            "tariffs[1].price_minor",
        ),
        (
            with(vec![
                band("08:00", "12:00", 100),
                band("11:00", "17:00", 100),
            ]),
            "tariffs[1].from",
        ),
        (with(vec![band("18:00", "08:00", 100)]), "tariffs[0].to"),
        (with(vec![band("8.00", "12:00", 100)]), "tariffs[0].from"),
        (
            {
                let mut rules = stricter();
                rules["tariffs"][0]["court_id"] = json!(f.court_id + 1000);
                rules
            },
            "tariffs[0].court_id",
        ),
        (
            {
                let mut rules = stricter();
                rules["late_cancellation"] = json!({"policy": "fee_percent", "percent": 150});
                rules
            },
            "late_cancellation.percent",
        ),
    ];
    for (rules, field) in cases {
        let refused = problem(
            save(&app, &olle, f.venue_id, &rules, Some(&etag)).await,
            422,
        )
        .await;
        assert_eq!(refused["field"], field, "{refused}");
        assert!(refused["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
    // Nothing of any of them was written, not even the valid first band.
    let (now, same) = read(&app, &olle, f.venue_id).await;
    assert_eq!((now, same), (original, etag));
    let log = json(olle.get(&app, "/api/v1/operator/audit").await).await;
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] != "rules.changed"),
        "{log}"
    );
}

/// Every demo venue's rules read back into the operator's form and save
/// unchanged: the seeded tariffs pass the same checks as the app's.
async fn the_demo_rules_read_back_and_save_unchanged(engine: Engine) {
    let app = spawn_app(engine).await;
    backend::seed::seed_demo(&app.db, Utc::now()).await.unwrap();
    let olle = operator(&app).await;
    let venues: Vec<i64> = backend::on_db!(&app.db, pool =>
        sqlx::query_scalar("SELECT venue_id FROM venue_rules ORDER BY venue_id").fetch_all(pool).await)
    .unwrap();
    assert!(venues.len() >= 2, "the demo data has venues with rules");
    for venue in venues {
        let (rules, etag) = read(&app, &olle, venue).await;
        let saved = save(&app, &olle, venue, &rules, Some(&etag)).await;
        assert_eq!(
            saved.status().as_u16(),
            200,
            "venue {venue}: {}",
            saved.text().await.unwrap()
        );
        assert_eq!(read(&app, &olle, venue).await.0, rules, "venue {venue}");
    }
}
