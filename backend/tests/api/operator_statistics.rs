//! Statistics (issue 15, item 6) against a hand-computed fixture: one day
//! at a venue of two courts open 06:00–23:00 in hourly slots (34 open
//! hours), three paid bookings (one entered, one a no-show), one paid and
//! cancelled with a full refund, one hold (not counted). The CSV is parsed
//! back. Both engines.

use backend::operator::roles;
use chrono::Utc;
use serde_json::Value;
use shared::operator::{Role, VenueStatistics};

use crate::{
    accounts::sign_in,
    helpers::{json, problem, spawn_app, tomorrow_at, Engine},
};

crate::on_both_engines!(
    statistics_match_a_hand_computed_day,
    the_csv_reads_back_as_the_figures
);

async fn fixture_day(
    engine: Engine,
) -> (
    crate::helpers::TestApp,
    crate::accounts::Person,
    i64,
    String,
    i64,
) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let entered = app.confirmed(f.court_id, 10, false).await;
    let no_show = app.confirmed(f.court_id, 11, false).await;
    let plain = app.confirmed(f.other_court_id, 12, false).await;
    let cancelled = app.confirmed(f.other_court_id, 14, false).await;
    assert_eq!(
        app.book(f.court_id, tomorrow_at(16)).await.status(),
        201,
        "a hold, not counted"
    );
    let _ = plain;
    let now = Utc::now().timestamp();
    app.exec(
        "UPDATE bookings SET checked_in_at = $2 WHERE id = $1",
        entered.id,
        now,
    )
    .await;
    app.exec(
        "UPDATE bookings SET no_show_at = $2 WHERE id = $1",
        no_show.id,
        now,
    )
    .await;
    // A no-show's end is cut back; its booked hour still counts.
    app.exec(
        "UPDATE bookings SET original_ends_at = ends_at, ends_at = starts_at + $2 WHERE id = $1",
        no_show.id,
        600,
    )
    .await;
    let response = app
        .post(&format!("/api/v1/bookings/{}/cancel", cancelled.id))
        .await;
    assert_eq!(response.status().as_u16(), 200);
    roles::grant(
        &app.db,
        "vera@umea.se",
        "Umeå kommun",
        Role::Viewer,
        &[],
        now,
    )
    .await
    .unwrap();
    let vera = sign_in(&app, "vera@umea.se").await;
    let day = tomorrow_at(12)
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .format("%Y-%m-%d")
        .to_string();
    (app, vera, f.venue_id, day, entered.price.amount_minor)
}

async fn statistics_match_a_hand_computed_day(engine: Engine) {
    let (app, vera, venue_id, day, price) = fixture_day(engine).await;
    let path = format!("/api/v1/operator/venues/{venue_id}/statistics?from={day}&to={day}");
    let stats: VenueStatistics =
        serde_json::from_value(json(vera.get(&app, &path).await).await).unwrap();
    let t = &stats.totals;
    assert_eq!(t.open_hours, 34.0, "2 courts × 17 hours");
    assert_eq!(t.booked_hours, 3.0);
    assert_eq!(t.used_hours, 1.0);
    assert_eq!(t.bookings, 3);
    assert_eq!(t.no_shows, 1);
    assert_eq!(t.cancellations, 1);
    assert_eq!(t.utilisation_percent, 8.82, "3 / 34");
    assert_eq!(t.revenue_minor, 3 * price, "four paid, one refunded");
    assert_eq!(t.refunds_minor, price);

    let courts: Vec<(&str, f64, f64, f64)> = stats
        .by_court
        .iter()
        .map(|s| {
            (
                s.label.as_str(),
                s.figures.open_hours,
                s.figures.booked_hours,
                s.figures.utilisation_percent,
            )
        })
        .collect();
    assert_eq!(
        courts,
        [("Bana 1", 17.0, 2.0, 11.76), ("Bana 2", 17.0, 1.0, 5.88)]
    );
    let ten = stats.by_hour.iter().find(|s| s.key == "10").unwrap();
    assert_eq!(
        (
            ten.label.as_str(),
            ten.figures.open_hours,
            ten.figures.booked_hours
        ),
        ("10:00–11:00", 2.0, 1.0)
    );
    assert_eq!(ten.figures.utilisation_percent, 50.0);
    let weekday = stats
        .by_weekday
        .iter()
        .find(|s| s.figures.open_hours > 0.0)
        .unwrap();
    assert_eq!(weekday.figures.open_hours, 34.0);
    assert_eq!(
        stats
            .by_weekday
            .iter()
            .filter(|s| s.figures.open_hours > 0.0)
            .count(),
        1
    );
    assert_eq!(stats.by_category.len(), 1);
    assert_eq!(
        (
            stats.by_category[0].key.as_str(),
            stats.by_category[0].label.as_str(),
            stats.by_category[0].figures.bookings
        ),
        ("adult", "vuxen", 3)
    );

    // The period is checked: backwards or over a year is a 422 on `to`.
    let backwards =
        format!("/api/v1/operator/venues/{venue_id}/statistics?from={day}&to=2020-01-01");
    assert_eq!(
        problem(vera.get(&app, &backwards).await, 422).await["field"],
        "to"
    );
}

/// RFC 4180 with quotes (labels may hold commas); enough for this file.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        let (mut fields, mut field, mut quoted, mut chars) =
            (Vec::new(), String::new(), false, line.chars().peekable());
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(std::mem::take(&mut field)),
                (c, _) => field.push(c),
            }
        }
        fields.push(field);
        rows.push(fields);
    }
    rows
}

async fn the_csv_reads_back_as_the_figures(engine: Engine) {
    let (app, vera, venue_id, day, price) = fixture_day(engine).await;
    let query = format!("from={day}&to={day}&lang=en");
    let response = vera
        .get(
            &app,
            &format!("/api/v1/operator/venues/{venue_id}/statistics.csv?{query}"),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment;"));
    let rows = parse_csv(&response.text().await.unwrap());
    let stats: Value = json(
        vera.get(
            &app,
            &format!("/api/v1/operator/venues/{venue_id}/statistics?{query}"),
        )
        .await,
    )
    .await;
    assert_eq!(rows[0][0], "dimension");
    assert!(
        rows.iter().all(|r| r.len() == 12),
        "every line has every column"
    );
    let total = rows.iter().find(|r| r[0] == "total").unwrap();
    assert_eq!(total[3].parse::<f64>().unwrap(), 34.0);
    assert_eq!(total[4].parse::<f64>().unwrap(), 3.0);
    assert_eq!(total[5].parse::<f64>().unwrap(), 1.0);
    assert_eq!(total[9].parse::<f64>().unwrap(), 8.82);
    assert_eq!(
        total[10],
        format!("{}.{:02}", 3 * price / 100, (3 * price) % 100)
    );
    // Every slice of the JSON is a line of the CSV with the same figures.
    for (dimension, key) in [
        ("court", "by_court"),
        ("weekday", "by_weekday"),
        ("hour", "by_hour"),
        ("category", "by_category"),
    ] {
        for slice in stats[key].as_array().unwrap() {
            let line = rows
                .iter()
                .find(|r| r[0] == dimension && r[1] == slice["key"].as_str().unwrap())
                .unwrap_or_else(|| panic!("{dimension} {} in the CSV", slice["key"]));
            assert_eq!(line[2], slice["label"].as_str().unwrap());
            assert_eq!(
                line[4].parse::<f64>().unwrap(),
                slice["booked_hours"].as_f64().unwrap()
            );
            assert_eq!(
                line[6].parse::<i64>().unwrap(),
                slice["bookings"].as_i64().unwrap()
            );
        }
    }
    assert!(
        rows.iter()
            .any(|r| r[0] == "weekday" && r[2].ends_with("day")),
        "labels in English when asked"
    );
}
