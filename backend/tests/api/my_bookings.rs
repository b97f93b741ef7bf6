//! `GET /me/bookings` for a frequent player: every upcoming booking, past
//! ones a page at a time (newest first), whatever the length of the
//! history; and the e-mail lookup behind it uses an index.

use std::collections::HashSet;

use backend::{db::Db, on_db};
use serde_json::Value;
use uuid::Uuid;

use crate::{
    accounts::sign_in,
    helpers::{json, problem, spawn_app, Engine, TestApp},
    on_both_engines,
};

on_both_engines!(
    upcoming_all_and_past_paged_newest_first,
    the_email_lookup_uses_an_index,
);

/// Inserts a booking as the store would have written it.
#[allow(clippy::too_many_arguments)]
async fn insert(
    app: &TestApp,
    court_id: i64,
    starts_at: i64,
    status: &str,
    email: &str,
    account: Option<Uuid>,
    hold_expires_at: Option<i64>,
) -> Uuid {
    let id = Uuid::new_v4();
    on_db!(&app.db, pool => sqlx::query(
        "INSERT INTO bookings (id, court_id, starts_at, ends_at, status, name, email, email_key, price_minor, currency, \
         hold_expires_at, created_at, account_id) VALUES ($1, $2, $3, $4, $5, 'Frequent', $6, LOWER($6), 15000, 'SEK', $7, $8, $9)")
        .bind(id).bind(court_id).bind(starts_at).bind(starts_at + 3600).bind(status).bind(email)
        .bind(hold_expires_at).bind(starts_at - 86_400).bind(account)
        .execute(pool).await.map(|_| ())).unwrap();
    id
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap().to_string())
        .collect()
}

async fn upcoming_all_and_past_paged_newest_first(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let me = sign_in(&app, "many@example.se").await;
    let account = backend::accounts::store::account_by_email(&app.db, "many@example.se")
        .await
        .unwrap()
        .unwrap()
        .id;
    let now = chrono::Utc::now().timestamp() / 3600 * 3600;
    // 520 past hours: most made signed in, some as a guest with the same
    // (proved) address in another case; and two cancelled ones.
    for i in 0..520 {
        let account = (i % 3 != 0).then_some(account);
        insert(
            &app,
            f.court_id,
            now - (i + 2) * 3600,
            "confirmed",
            "Many@Example.se",
            account,
            None,
        )
        .await;
    }
    let mut past_expected = 520;
    for i in 0..2 {
        insert(
            &app,
            f.other_court_id,
            now + (i + 30) * 3600,
            "cancelled",
            "many@example.se",
            Some(account),
            None,
        )
        .await;
        past_expected += 1;
    }
    // Upcoming: confirmed (signed in and as a guest) and a running hold.
    let mut upcoming = Vec::new();
    for i in 0..3 {
        upcoming.push(
            insert(
                &app,
                f.court_id,
                now + (i + 24) * 3600,
                "confirmed",
                "many@example.se",
                Some(account),
                None,
            )
            .await,
        );
    }
    upcoming.push(
        insert(
            &app,
            f.court_id,
            now + 40 * 3600,
            "confirmed",
            "MANY@example.se",
            None,
            None,
        )
        .await,
    );
    upcoming.push(
        insert(
            &app,
            f.court_id,
            now + 41 * 3600,
            "held",
            "many@example.se",
            Some(account),
            Some(now + 3600 * 10),
        )
        .await,
    );
    // Not listed: a lapsed hold, and someone else's booking.
    insert(
        &app,
        f.court_id,
        now + 50 * 3600,
        "held",
        "many@example.se",
        Some(account),
        Some(now - 60),
    )
    .await;
    insert(
        &app,
        f.court_id,
        now + 51 * 3600,
        "confirmed",
        "other@example.se",
        None,
        None,
    )
    .await;

    let first = json(me.get(&app, "/api/v1/me/bookings").await).await;
    let listed: Vec<String> = ids(&first["upcoming"]);
    let want: Vec<String> = upcoming.iter().map(Uuid::to_string).collect();
    assert_eq!(listed, want, "every upcoming booking, soonest first");
    assert_eq!(
        first["past"].as_array().unwrap().len(),
        50,
        "a page of past ones"
    );
    assert!(first["past_next"].is_string());

    // Walk the past, 200 at a time: each once, newest first, then the end.
    let mut seen = Vec::new();
    let mut starts = Vec::new();
    let mut path = "/api/v1/me/bookings?past_limit=200".to_string();
    for _ in 0..10 {
        let page = json(me.get(&app, &path).await).await;
        assert_eq!(ids(&page["upcoming"]), want, "upcoming on every page");
        for b in page["past"].as_array().unwrap() {
            seen.push(b["id"].as_str().unwrap().to_string());
            starts.push(
                chrono::DateTime::parse_from_rfc3339(b["starts_at"].as_str().unwrap()).unwrap(),
            );
        }
        match page["past_next"].as_str() {
            Some(next) => path = format!("/api/v1/me/bookings?past_limit=200&past_before={next}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), past_expected);
    assert_eq!(
        seen.iter().collect::<HashSet<_>>().len(),
        past_expected,
        "no booking twice"
    );
    assert!(starts.windows(2).all(|w| w[0] >= w[1]), "newest first");

    for (query, field) in [
        ("past_limit=0", "past_limit"),
        ("past_limit=201", "past_limit"),
        ("past_limit=lots", "past_limit"),
        ("past_before=yesterday", "past_before"),
    ] {
        let body = problem(
            me.get(&app, &format!("/api/v1/me/bookings?{query}")).await,
            400,
        )
        .await;
        assert_eq!(body["field"], field, "{query}: {body}");
    }
}

/// `LOWER(email) = …` (guest bookings of a proved address) is an index
/// lookup on both engines, not a scan of every booking.
async fn the_email_lookup_uses_an_index(engine: Engine) {
    let app = spawn_app(engine).await;
    // The shape of the my-bookings query: the account's own, or the address's.
    macro_rules! query {
        () => {
            "SELECT b.id FROM bookings b WHERE b.account_id = '00000000-0000-0000-0000-000000000000' \
             OR LOWER(b.email) = 'many@example.se'"
        };
    }
    let plan: String = match &app.db {
        Db::Sqlite(pool) => {
            let rows: Vec<(i64, i64, i64, String)> =
                sqlx::query_as(concat!("EXPLAIN QUERY PLAN ", query!()))
                    .fetch_all(pool)
                    .await
                    .unwrap();
            rows.into_iter().map(|r| r.3).collect::<Vec<_>>().join("\n")
        }
        Db::Postgres(pool) => {
            let mut conn = pool.acquire().await.unwrap();
            // The table is empty: forbid the scan, so the plan shows whether
            // an index can answer at all.
            sqlx::query("SET enable_seqscan = off")
                .execute(&mut *conn)
                .await
                .unwrap();
            let rows: Vec<(String,)> = sqlx::query_as(concat!("EXPLAIN ", query!()))
                .fetch_all(&mut *conn)
                .await
                .unwrap();
            rows.into_iter().map(|r| r.0).collect::<Vec<_>>().join("\n")
        }
    };
    assert!(plan.contains("bookings_email_lower"), "{plan}");
}
