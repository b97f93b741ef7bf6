//! Your data: the register of personal data against both engines' schemas,
//! and the export (every row put in comes out; nobody else's, no secret).

use std::collections::{BTreeMap, BTreeSet};

use backend::{on_db, privacy::register};
use serde_json::Value;
use uuid::Uuid;

use crate::{
    accounts::sign_in,
    helpers::{json, spawn_app, Engine, TestApp},
    on_both_engines,
};

/// Every table of the database with its columns and their types.
async fn schema(app: &TestApp) -> BTreeMap<String, BTreeMap<String, String>> {
    let rows: Vec<(String, String, String)> = match &app.db {
        backend::db::Db::Sqlite(pool) => sqlx::query_as(
            "SELECT m.name, p.name, p.type FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
        backend::db::Db::Postgres(pool) => sqlx::query_as(
            "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
    };
    let mut tables: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (table, column, ty) in rows {
        tables.entry(table).or_default().insert(column, ty);
    }
    tables
}

async fn the_register_covers_every_table_and_personal_column(engine: Engine) {
    let app = spawn_app(engine).await;
    let schema = schema(&app).await;
    let mut wrong = Vec::new();
    for (table, columns) in &schema {
        let Some(entry) = register::table(table) else {
            wrong.push(format!(
                "table {table} is not in the register of personal data (backend/src/privacy/register.rs)"
            ));
            continue;
        };
        let personal = entry.personal();
        let classified: BTreeSet<&str> = entry
            .plain
            .iter()
            .copied()
            .chain(personal.into_iter().flat_map(|p| {
                p.columns
                    .iter()
                    .map(|(c, _)| *c)
                    .chain(p.secret.iter().copied())
            }))
            .collect();
        for column in columns.keys() {
            if register::sounds_personal(column) && !classified.contains(column.as_str()) {
                wrong.push(format!(
                    "{table}.{column} may hold personal data: list it in the register as personal, secret or plain"
                ));
            }
        }
        for column in &classified {
            if !columns.contains_key(*column) {
                wrong.push(format!(
                    "the register names {table}.{column}, which is not there"
                ));
            }
        }
        // The types as SQLite declares them (PostgreSQL spells them its own way).
        if matches!(engine, Engine::Sqlite) {
            for (column, ty) in personal.map(|p| p.columns).unwrap_or_default() {
                match columns.get(*column) {
                    Some(actual) if actual == ty => {}
                    Some(actual) => wrong.push(format!(
                        "{table}.{column} is {actual}, the register says {ty}"
                    )),
                    None => {}
                }
            }
        }
    }
    for entry in register::TABLES {
        if !schema.contains_key(entry.name) {
            wrong.push(format!(
                "the register lists {}, which is not a table",
                entry.name
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
on_both_engines!(the_register_covers_every_table_and_personal_column);

/// One value bound to a statement.
enum Arg {
    Id(Uuid),
    Int(i64),
    Text(&'static str),
}
use Arg::{Id, Int, Text};

async fn exec(app: &TestApp, sql: &'static str, args: Vec<Arg>) {
    on_db!(&app.db, pool => {
        let mut q = sqlx::query(sql);
        for a in args {
            q = match a {
                Id(id) => q.bind(id),
                Int(n) => q.bind(n),
                Text(t) => q.bind(t),
            };
        }
        q.execute(pool).await.map(|_| ())
    })
    .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn scalar(app: &TestApp, sql: &'static str) -> i64 {
    on_db!(&app.db, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await).unwrap()
}

/// Secrets put in for Ada, none of which may come out in her export.
const SECRETS: &[&str] = &[
    "passkey-secret-7f3a",
    "ceremony-secret-9c1d",
    "p256dh-secret-4b2e",
    "auth-secret-8d0f",
];

/// A row about Ada in every personal table the API does not fill by
/// itself here (by SQL, as the features that write them would).
async fn fill_the_rest(app: &TestApp, ada: Uuid, booking: Uuid, venue: i64, court: i64) {
    let now = chrono::Utc::now().timestamp();
    let (s, e) = (now + 86_400, now + 90_000);
    let ada_text: &'static str = Box::leak(format!("person:{ada}").into_boxed_str());
    let booking_text: &'static str = Box::leak(booking.to_string().into_boxed_str());
    exec(app, "INSERT INTO passkeys (id, account_id, passkey, created_at) VALUES ('cred-ada', $1, '{\"k\":\"passkey-secret-7f3a\"}', $2)", vec![Id(ada), Int(now)]).await;
    exec(app, "INSERT INTO webauthn_challenges (id, kind, account_id, email, name, state, expires_at) VALUES ($1, 'register', $2, 'ada@example.se', 'Ada', 'ceremony-secret-9c1d', $3)", vec![Id(Uuid::new_v4()), Id(ada), Int(now + 300)]).await;
    let watch = Uuid::new_v4();
    exec(app, "INSERT INTO watches (id, account_id, scope, court_id, weekdays, from_minute, to_minute, min_minutes, from_date, to_date, paused, created_at) VALUES ($1, $2, 'court', $3, 254, 600, 1200, 60, '2026-01-01', '2030-01-01', FALSE, $4)", vec![Id(watch), Id(ada), Int(court), Int(now)]).await;
    exec(
        app,
        "INSERT INTO watch_fairness (account_id, last_offered_at) VALUES ($1, $2)",
        vec![Id(ada), Int(now)],
    )
    .await;
    exec(app, "INSERT INTO slot_events (kind, reason, court_id, booking_id, starts_at, ends_at, created_at) VALUES ('freed', 'cancelled', $1, $2, $3, $4, $5)", vec![Int(court), Id(booking), Int(s), Int(e), Int(now)]).await;
    let event = scalar(app, "SELECT MAX(id) FROM slot_events").await;
    let run = Uuid::new_v4();
    exec(app, "INSERT INTO offer_runs (id, slot_event_id, court_id, starts_at, ends_at, freed_by, state, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'done', $7)", vec![Id(run), Int(event), Int(court), Int(s), Int(e), Id(ada), Int(now)]).await;
    exec(app, "INSERT INTO offers (id, run_id, account_id, watch_id, round, status, created_at) VALUES ($1, $2, $3, $4, 1, 'passed', $5)", vec![Id(Uuid::new_v4()), Id(run), Id(ada), Id(watch), Int(now)]).await;
    exec(
        app,
        "INSERT INTO hold_events (id, counter_key, at) VALUES ($1, $2, $3)",
        vec![Id(Uuid::new_v4()), Text(ada_text), Int(now)],
    )
    .await;
    let subscription = Uuid::new_v4();
    exec(app, "INSERT INTO push_subscriptions (id, account_id, endpoint, p256dh, auth, created_at) VALUES ($1, $2, 'https://push.example/ada-phone', 'p256dh-secret-4b2e', 'auth-secret-8d0f', $3)", vec![Id(subscription), Id(ada), Int(now)]).await;
    exec(app, "INSERT INTO push_outbox (id, subscription_id, payload, urgency, expires_at, next_attempt_at, status, created_at, sent_at) VALUES ($1, $2, '{\"title\":\"Ledig tid\"}', 'high', $3, $3, 'sent', $3, $3)", vec![Id(Uuid::new_v4()), Id(subscription), Int(now)]).await;
    exec(app, "INSERT INTO mail_outbox (id, to_address, subject, body, next_attempt_at, status, created_at) VALUES ($1, 'ada@example.se', 'Stängt', 'Banan är stängd.', $2, 'sent', $2)", vec![Id(Uuid::new_v4()), Int(now)]).await;
    exec(app, "INSERT INTO venue_subscribers (venue_id, name, email, language, closures, after_hours, daily_summary) VALUES ($1, 'Ada', 'ada@example.se', 'sv', TRUE, FALSE, FALSE)", vec![Int(venue)]).await;
    exec(
        app,
        "INSERT INTO organisations (name, created_at) VALUES ('Testkommun', $1)",
        vec![Int(now)],
    )
    .await;
    let organisation = scalar(app, "SELECT MAX(id) FROM organisations").await;
    exec(app, "INSERT INTO operator_roles (account_id, organisation_id, role, created_at) VALUES ($1, $2, 'staff', $3)", vec![Id(ada), Int(organisation), Int(now)]).await;
    exec(app, "INSERT INTO operator_role_venues (account_id, organisation_id, venue_id) VALUES ($1, $2, $3)", vec![Id(ada), Int(organisation), Int(venue)]).await;
    exec(app, "INSERT INTO closures (id, venue_id, starts_at, ends_at, reason, note, created_by, created_at) VALUES ($1, $2, $3, $4, 'rain', 'Regn', $5, $6)", vec![Id(Uuid::new_v4()), Int(venue), Int(s), Int(e), Id(ada), Int(now)]).await;
    exec(app, "INSERT INTO audit_log (organisation_id, actor_id, action, venue_id, subject, created_at) VALUES ($1, $2, 'closure.create', $3, 'a closure', $4)", vec![Int(organisation), Id(ada), Int(venue), Int(now)]).await;
    exec(app, "INSERT INTO audit_log (organisation_id, action, subject, created_at) VALUES ($1, 'member.add', 'Ada@Example.se', $2)", vec![Int(organisation), Int(now)]).await;
    exec(app, "INSERT INTO audit_log (organisation_id, action, subject, created_at) VALUES ($1, 'desk.cancel', $2, $3)", vec![Int(organisation), Text(booking_text), Int(now)]).await;
    exec(app, "INSERT INTO access_controllers (id, name, secret_hash, created_at) VALUES ('door-1', 'Grinden', 'x', $1)", vec![Int(now)]).await;
    exec(app, "INSERT INTO access_entries (event_id, controller_id, booking_id, court_id, method, result, at, received_at) VALUES ($1, 'door-1', $2, $3, 'code', 'granted', $4, $4)", vec![Id(Uuid::new_v4()), Id(booking), Int(court), Int(now)]).await;
    // The demo provider keeps no payment record; Stripe's would look so.
    exec(app, "INSERT INTO payments (booking_id, provider, intent_id, amount, currency, status, created_at, updated_at) VALUES ($1, 'stripe', 'pi_ada', 15000, 'SEK', 'succeeded', $2, $2)", vec![Id(booking), Int(now)]).await;
    exec(app, "INSERT INTO refunds (booking_id, provider, amount_minor, currency, status, created_at, updated_at) VALUES ($1, 'demo', 100, 'SEK', 'succeeded', $2, $2)", vec![Id(booking), Int(now)]).await;
}

async fn the_export_holds_every_row_about_the_person_and_nothing_else(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    // A guest booking first, made with the address Ada proves later.
    let booking = app.confirmed(f.court_id, 10, true).await;
    // Someone else's booking on the next hour.
    let bob: Value = json(
        app.post_json(
            "/api/v1/bookings",
            &serde_json::json!({ "court_id": f.court_id, "starts_at": crate::helpers::tomorrow_at(11),
                "name": "Bob", "email": "bob@example.se" }),
        )
        .await,
    )
    .await;
    let ada = sign_in(&app, "ada@example.se").await;
    let profile = json(ada.get(&app, "/api/v1/me/profile").await).await;
    let ada_id: Uuid = profile["id"].as_str().unwrap().parse().unwrap();
    fill_the_rest(&app, ada_id, booking.id, f.venue_id, f.court_id).await;

    let response = ada.get(&app, "/api/v1/me/export").await;
    assert_eq!(response.status().as_u16(), 200);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.starts_with("attachment; filename=\"ledig-"),
        "{disposition}"
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
    let text = response.text().await.unwrap();
    let export: shared::privacy::DataExport = serde_json::from_str(&text).unwrap();
    assert_eq!(export.account_id, ada_id);
    assert_eq!(export.email, "ada@example.se");
    assert_eq!(export.controller, "Testkommun");

    // The file says, in her language, what each section is, how long it is
    // kept and what deleting the account does; what the law keeps says so.
    use shared::privacy::OnErasure;
    let about = |key: &str| export.sections.iter().find(|s| s.key == key).unwrap();
    assert_eq!(export.language, shared::account::Language::Sv);
    assert_eq!(about("bookings").title, "Bokningar");
    assert_eq!(about("bookings").on_erasure, OnErasure::Pseudonymised);
    assert!(
        about("bookings").kept.contains("sju år")
            && about("bookings").kept.contains("bokföringslagen"),
        "{}",
        about("bookings").kept
    );
    assert_eq!(about("sessions").on_erasure, OnErasure::Deleted);
    assert!(export.sections.iter().all(|s| !s.kept.is_empty()));
    let english = ada
        .send(
            &app,
            reqwest::Method::PUT,
            "/api/v1/me/profile",
            Some(serde_json::json!({ "name": "Ada Lovelace", "language": "en", "category": "adult" })),
        )
        .await;
    assert_eq!(english.status().as_u16(), 200);
    let in_english: shared::privacy::DataExport =
        serde_json::from_value(json(ada.get(&app, "/api/v1/me/export").await).await).unwrap();
    let bookings = in_english
        .sections
        .iter()
        .find(|s| s.key == "bookings")
        .unwrap();
    assert_eq!(bookings.title, "Bookings");
    assert!(
        bookings.kept.contains("Bookkeeping Act"),
        "{}",
        bookings.kept
    );

    // A section per personal table, in the register's order, each holding
    // the row put in for Ada.
    let expected: Vec<&str> = register::TABLES
        .iter()
        .filter(|t| t.personal().is_some())
        .map(|t| t.name)
        .collect();
    let keys: Vec<&str> = export.sections.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, expected);
    let empty: Vec<&str> = export
        .sections
        .iter()
        .filter(|s| s.rows.is_empty())
        .map(|s| s.key.as_str())
        .collect();
    assert!(empty.is_empty(), "no rows in {empty:?}");
    let section = |key: &str| &export.sections.iter().find(|s| s.key == key).unwrap().rows;
    // The fields in the register's order (a JSON object keeps none).
    let booking_columns = &export
        .sections
        .iter()
        .find(|s| s.key == "bookings")
        .unwrap()
        .columns;
    assert_eq!(booking_columns[..4], ["id", "venue", "court", "starts_at"]);
    assert_eq!(booking_columns.len(), section("bookings")[0].len());
    let bookings = section("bookings");
    assert_eq!(bookings.len(), 1, "{bookings:?}");
    assert_eq!(bookings[0]["id"], booking.id.to_string());
    assert_eq!(bookings[0]["name"], "Ada Lovelace");
    assert_eq!(bookings[0]["venue"], "Testparkens tennis");
    assert_eq!(bookings[0]["pay_at_venue"], false);
    // Times as RFC 3339.
    let starts = bookings[0]["starts_at"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(starts).is_ok(),
        "{starts}"
    );
    assert_eq!(section("audit_log").len(), 3);
    assert_eq!(section("watches")[0]["scope"], "court");
    assert_eq!(
        section("push_subscriptions")[0]["endpoint"],
        "https://push.example/ada-phone"
    );

    // The app's readable page has a name for every section and field, in
    // both languages (frontend/locales/*/data.ftl).
    for language in ["sv", "en"] {
        let path = format!(
            "{}/../frontend/locales/{language}/data.ftl",
            env!("CARGO_MANIFEST_DIR")
        );
        let ftl = std::fs::read_to_string(&path).unwrap();
        let has = |id: String| ftl.lines().any(|l| l.starts_with(&format!("{id} =")));
        for s in &export.sections {
            assert!(
                has(format!("data-section-{}", s.key)),
                "{path} has no data-section-{}",
                s.key
            );
            for key in s.rows.iter().flat_map(|r| r.keys()) {
                assert!(
                    has(format!("data-field-{key}")),
                    "{path} has no data-field-{key}"
                );
            }
        }
    }

    // Nobody else's, and no secret.
    assert!(
        !text.contains(bob["id"].as_str().unwrap()),
        "Bob's booking is in Ada's export"
    );
    assert!(!text.contains("bob@example.se"));
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} is in the export");
    }
    let token_hashes: Vec<String> = on_db!(&app.db, pool => sqlx::query_scalar("SELECT token_hash FROM sessions").fetch_all(pool).await).unwrap();
    for hash in token_hashes {
        assert!(
            !text.contains(&hash),
            "a session's token hash is in the export"
        );
    }

    // Signed out: nothing.
    assert_eq!(app.get("/api/v1/me/export").await.status().as_u16(), 401);
}
on_both_engines!(the_export_holds_every_row_about_the_person_and_nothing_else);

/// How many rows of `table` hold `needle` in a text column, or `id` in a
/// UUID column, per column: the erased person, wherever they might be.
async fn traces(app: &TestApp, needles: &[&str], id: Uuid) -> Vec<String> {
    let mut found = Vec::new();
    for (table, columns) in schema(app).await {
        for (column, ty) in columns {
            let ty = ty.to_lowercase();
            let text = ty == "text";
            let uuid = ty == "uuid" || ty == "blob";
            if !text && !uuid {
                continue;
            }
            let sql = if text {
                format!("SELECT COUNT(*) FROM {table} WHERE LOWER({column}) LIKE $1")
            } else {
                format!("SELECT COUNT(*) FROM {table} WHERE {column} = $1")
            };
            let mut hits = 0i64;
            if text {
                for needle in needles {
                    let like = format!("%{}%", needle.to_lowercase());
                    hits += on_db!(&app.db, pool => sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.clone())).bind(like).fetch_one(pool).await).unwrap();
                }
            } else {
                hits += on_db!(&app.db, pool => sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_one(pool).await).unwrap();
            }
            if hits > 0 {
                found.push(format!("{table}.{column}"));
            }
        }
    }
    found
}

async fn erasing_removes_the_person_everywhere_but_the_kept_records(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    // A booking played last week (an accounting record, with the rows that
    // point at it) and one tomorrow, both made as a guest with the address
    // Ada then proves.
    let played = app.confirmed(f.court_id, 10, false).await;
    let week_ago = chrono::Utc::now().timestamp() - 7 * 86_400;
    app.exec(
        "UPDATE bookings SET starts_at = $2, ends_at = $2 + 3600 WHERE id = $1",
        played.id,
        week_ago,
    )
    .await;
    let tomorrow = app.confirmed(f.court_id, 12, false).await;
    let ada = sign_in(&app, "ada@example.se").await;
    let profile = json(ada.get(&app, "/api/v1/me/profile").await).await;
    let ada_id: Uuid = profile["id"].as_str().unwrap().parse().unwrap();
    let update = ada
        .send(
            &app,
            reqwest::Method::PUT,
            "/api/v1/me/profile",
            Some(
                serde_json::json!({ "name": "Ada Lovelace", "phone": "+46 70 123 45 67",
                "language": "sv", "category": "adult" }),
            ),
        )
        .await;
    assert_eq!(update.status().as_u16(), 200);
    fill_the_rest(&app, ada_id, played.id, f.venue_id, f.court_id).await;
    // Bob watches the court: he is to hear of the time her erasure frees.
    let bob = sign_in(&app, "bob@example.se").await;
    let watched = bob
        .post(
            &app,
            "/api/v1/watches",
            Some(
                serde_json::json!({"scope": {"kind": "court", "court_id": f.court_id},
                "weekdays": [], "time_from": "06:00", "time_to": "23:00", "min_minutes": 60}),
            ),
        )
        .await;
    assert_eq!(watched.status().as_u16(), 201);

    // Not her address: refused, nothing erased.
    let wrong = ada
        .post(
            &app,
            "/api/v1/me/erase",
            Some(serde_json::json!({ "confirm_email": "ad@example.se" })),
        )
        .await;
    assert_eq!(
        crate::helpers::problem(wrong, 422).await["field"],
        "confirm_email"
    );
    assert_eq!(
        ada.get(&app, "/api/v1/me/profile").await.status().as_u16(),
        200
    );

    let response = ada
        .post(
            &app,
            "/api/v1/me/erase",
            Some(serde_json::json!({ "confirm_email": " Ada@Example.se " })),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.contains("Max-Age=0"), "{cookie}");
    let erased: shared::privacy::AccountErased = response.json().await.unwrap();
    assert_eq!(erased.cancelled, 1);
    assert_eq!(erased.kept_as_records, 2);

    // Signed out everywhere, and the export finds nothing.
    assert_eq!(
        ada.get(&app, "/api/v1/me/profile").await.status().as_u16(),
        401
    );
    // The staff notices' pass after it (her closure, as a subscriber, was
    // not yet told) finds nobody to mail.
    backend::operator::notices::job::step(&app.db, chrono::Utc::now())
        .await
        .unwrap();
    let person = backend::privacy::Person {
        account_id: ada_id,
        proved_email: Some("ada@example.se"),
    };
    let left = backend::privacy::export::sections(&app.db, &person, shared::account::Language::Sv)
        .await
        .unwrap();
    let nonempty: Vec<_> = left
        .iter()
        .filter(|s| !s.rows.is_empty())
        .map(|s| (s.key.clone(), s.rows.len()))
        .collect();
    // The confirmation mail, until it is sent and retention removes it.
    assert_eq!(
        nonempty,
        vec![("mail_outbox".to_string(), 1)],
        "still about Ada"
    );

    // No row names her, but the one mail that tells her it is done.
    let found = traces(
        &app,
        &[
            "ada@example.se",
            "Ada Lovelace",
            "70 123 45 67",
            &ada_id.to_string(),
        ],
        ada_id,
    )
    .await;
    assert_eq!(
        found,
        vec![
            "mail_outbox.body".to_string(),
            "mail_outbox.to_address".to_string()
        ]
    );
    let subject: String = on_db!(&app.db, pool => sqlx::query_scalar("SELECT subject FROM mail_outbox WHERE to_address = 'ada@example.se'").fetch_one(pool).await).unwrap();
    assert_eq!(subject, "Ditt konto hos Ledig är raderat");

    // The records stay, pseudonymised; tomorrow's booking is cancelled and
    // refunded, its slot freed (watchers are told of it), no code works.
    let kept: Vec<(String, String, Option<i64>)> = on_db!(&app.db, pool => sqlx::query_as(
        "SELECT status, name, refund_minor FROM bookings WHERE id IN ($1, $2) ORDER BY starts_at")
        .bind(played.id).bind(tomorrow.id).fetch_all(pool).await)
    .unwrap();
    assert_eq!(kept.len(), 2);
    assert_eq!((kept[0].0.as_str(), kept[0].1.as_str()), ("confirmed", ""));
    assert_eq!((kept[1].0.as_str(), kept[1].1.as_str()), ("cancelled", ""));
    assert_eq!(Some(erased.refund_minor), kept[1].2);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM payments").await, 1);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM access_credentials WHERE revoked_at IS NULL"
        )
        .await,
        0
    );
    let freed: i64 = on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM slot_events WHERE kind = 'freed' AND booking_id = $1")
        .bind(tomorrow.id).fetch_one(pool).await)
    .unwrap();
    assert_eq!(freed, 1);
    // The watcher is offered it: the slot is free, held in his name.
    let settings = backend::watches::offers::OfferSettings {
        hold_minutes: 3,
        rounds: 3,
        broadcast_within_minutes: 120,
    };
    backend::watches::offers::step(&app.db, &settings, chrono::Utc::now().timestamp())
        .await
        .unwrap();
    let offers = json(bob.get(&app, "/api/v1/offers").await).await;
    let offered: Vec<&serde_json::Value> = offers
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] == "offered" && o["court_id"] == f.court_id)
        .collect();
    assert_eq!(offered.len(), 1, "{offers}");
    assert_eq!(
        offered[0]["starts_at"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap(),
        tomorrow.starts_at
    );

    // The same address signs in to a new, empty account.
    let back = sign_in(&app, "ada@example.se").await;
    let profile = json(back.get(&app, "/api/v1/me/profile").await).await;
    assert_ne!(profile["id"], ada_id.to_string());
    assert_eq!(profile["name"], "");
    let mine = json(back.get(&app, "/api/v1/me/bookings").await).await;
    // Only the booking just made with her address again, as a guest.
    assert_eq!(mine["past"], serde_json::json!([]));
}
on_both_engines!(erasing_removes_the_person_everywhere_but_the_kept_records);
