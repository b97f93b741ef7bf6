//! Door access: keys, credentials on confirm, the controllers' feed, entries,
//! online verification.

use backend::bookings::owner::access_ref;
use backend::{access, on_db};
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use shared::Booking;
use uuid::Uuid;

use crate::helpers::{json, problem, spawn_app, tomorrow_at, Engine, TestApp};

crate::on_both_engines!(
    keys_rotate_without_invalidating_tokens,
    controllers_authenticate_and_see_only_their_courts,
    feed_pages_by_cursor_and_shows_revocations,
    entries_are_idempotent_and_check_in,
    verify_names_every_denial,
    door_codes_are_unique_among_overlapping_windows,
    no_show_frees_the_rest_of_the_slot,
    feed_looks_24_hours_ahead,
    concurrent_issues_never_share_a_code,
    late_entry_gives_a_no_show_its_rest_back_unless_rebooked,
    controllers_are_listed_and_revoked,
);

/// An operator lists the controllers and revokes one: its secret stops
/// working at once, the others keep theirs, its entries stay.
async fn controllers_are_listed_and_revoked(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let (gate, gate_secret) =
        access::controllers::create(&app.db, "Gate", &[f.court_id, f.other_court_id])
            .await
            .unwrap();
    let (door, door_secret) = access::controllers::create(&app.db, "Door", &[f.court_id])
        .await
        .unwrap();
    let listed = access::controllers::list(&app.db).await.unwrap();
    let summary: Vec<(&str, &str, Vec<i64>, bool)> = listed
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.name.as_str(),
                c.courts.clone(),
                c.revoked_at.is_some(),
            )
        })
        .collect();
    let mut both_courts = vec![f.court_id, f.other_court_id];
    both_courts.sort();
    assert!(
        summary.contains(&(gate.as_str(), "Gate", both_courts, false)),
        "{summary:?}"
    );
    assert!(
        summary.contains(&(door.as_str(), "Door", vec![f.court_id], false)),
        "{summary:?}"
    );
    let gate_auth = format!("Bearer {gate}.{gate_secret}");
    let door_auth = format!("Bearer {door}.{door_secret}");
    assert_eq!(
        get_as(&app, &gate_auth, "/api/v1/access/feed")
            .await
            .status(),
        200
    );

    let now = Utc::now().timestamp();
    assert!(access::controllers::revoke(&app.db, &gate, now)
        .await
        .unwrap());
    assert!(
        !access::controllers::revoke(&app.db, &gate, now)
            .await
            .unwrap(),
        "once"
    );
    assert!(!access::controllers::revoke(&app.db, "ctl_nope", now)
        .await
        .unwrap());
    assert_eq!(
        get_as(&app, &gate_auth, "/api/v1/access/feed")
            .await
            .status(),
        401
    );
    assert!(
        access::controllers::authenticate(&app.db, &format!("{gate}.{gate_secret}"))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        get_as(&app, &door_auth, "/api/v1/access/feed")
            .await
            .status(),
        200
    );
    let listed = access::controllers::list(&app.db).await.unwrap();
    let revoked = listed.iter().find(|c| c.id == gate).unwrap();
    assert_eq!(revoked.revoked_at, Some(now));
    assert_eq!(listed.len(), 2, "a revoked controller stays listed");
}

/// `ledig controller add|list|revoke`, the real binary.
#[test]
fn the_ledig_binary_lists_and_revokes_controllers() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("ledig.db").display());
    let ledig = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_ledig"))
            .arg("--database-url")
            .arg(&url)
            .args(args)
            .env("LEDIG_LOG", "warn")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, _) = ledig(&["controller", "list"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("No lock controllers"), "{out}");
    assert_eq!(ledig(&["seed"]).0, Some(0));
    let (code, out, err) = ledig(&[
        "controller",
        "add",
        "--name",
        "North gate",
        "--courts",
        "1,2",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let id = out
        .lines()
        .find_map(|l| l.strip_prefix("controller id: "))
        .unwrap()
        .trim()
        .to_string();
    let (code, out, _) = ledig(&["controller", "list"]);
    assert_eq!(code, Some(0));
    let line = out.lines().find(|l| l.starts_with(&id)).expect("listed");
    assert!(
        line.contains("North gate") && line.contains("courts 1,2") && line.ends_with("active"),
        "{line}"
    );
    let (code, out, _) = ledig(&["controller", "revoke", &id]);
    assert_eq!(code, Some(0));
    assert!(out.contains("Revoked"), "{out}");
    let (_, out, _) = ledig(&["controller", "list"]);
    assert!(
        out.lines()
            .any(|l| l.starts_with(&id) && l.contains("revoked 2")),
        "{out}"
    );
    let (code, _, err) = ledig(&["controller", "revoke", &id]);
    assert_eq!(code, Some(1));
    assert!(err.contains("not revoked already"), "{err}");
}

/// A confirmed booking (see `TestApp::confirmed`), checked to carry its token.
async fn confirmed(app: &TestApp, court_id: i64, hour: u32, soon: bool) -> Booking {
    let booking = app.confirmed(court_id, hour, soon).await;
    assert!(
        booking.access_token.is_some(),
        "confirmed booking has a token"
    );
    assert_eq!(booking.qr_payload(), booking.access_token);
    booking
}

/// Runs the feed's horizon step a day ahead, so tomorrow's credentials (more
/// than 24 hours ahead early in the day) are in the feed. Ones already within
/// 24 hours were published when issued; the others are still unexpired then.
pub async fn publish_tomorrow(app: &TestApp) {
    access::horizon::publish_due(&app.db, Utc::now().timestamp() + 86_400)
        .await
        .unwrap();
}

async fn typed<T: serde::de::DeserializeOwned>(r: reqwest::Response) -> T {
    r.json().await.expect("JSON body")
}

async fn controller(app: &TestApp, courts: &[i64]) -> String {
    let (id, secret) = access::controllers::create(&app.db, "Gate", courts)
        .await
        .unwrap();
    format!("Bearer {id}.{secret}")
}

async fn get_as(app: &TestApp, auth: &str, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("authorization", auth)
        .send()
        .await
        .unwrap()
}

async fn post_as(app: &TestApp, auth: &str, path: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .header("authorization", auth)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn verify(app: &TestApp, auth: &str, body: Value) -> Value {
    let r = post_as(app, auth, "/api/v1/access/verify", &body).await;
    assert_eq!(r.status().as_u16(), 200);
    json(r).await
}

async fn keys_rotate_without_invalidating_tokens(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let keys = json(app.get("/api/v1/access/keys").await).await;
    assert_eq!(keys["keys"].as_array().unwrap().len(), 1);
    assert_eq!(keys["keys"][0]["alg"], "EdDSA");
    let old = confirmed(&app, f.court_id, 10, true).await;
    let auth = controller(&app, &[f.court_id]).await;
    let token = old.access_token.clone().unwrap();

    let new_kid = access::keys::rotate(&app.db, Utc::now().timestamp())
        .await
        .unwrap();
    let keys = json(app.get("/api/v1/access/keys").await).await;
    let keys = keys["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2, "old key still listed: {keys:?}");
    assert_eq!(keys[0]["kid"], new_kid.as_str());
    assert!(keys[1]["not_after"].is_string());
    // Offline with the listed keys, and online: the old token still opens.
    let listed: Vec<shared::access::AccessKey> =
        serde_json::from_value(Value::Array(keys.clone())).unwrap();
    let now = Utc::now().timestamp();
    shared::access::verify_token(&token, &listed, f.court_id, now, 60).unwrap();
    let v = verify(&app, &auth, json!({"court_id": f.court_id, "token": token})).await;
    assert_eq!(v["result"], "accepted", "{v}");
    assert_eq!(v["booking_ref"], access_ref(old.id).to_string());
    // New bookings are signed with the new key.
    let fresh = confirmed(&app, f.court_id, 14, false).await;
    let (_, claims, _) =
        shared::access::decode_token(fresh.access_token.as_deref().unwrap()).unwrap();
    assert_eq!(claims.kid, new_kid);
}

async fn controllers_authenticate_and_see_only_their_courts(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let mine = controller(&app, &[f.court_id]).await;
    let theirs = controller(&app, &[f.other_court_id]).await;
    confirmed(&app, f.court_id, 10, false).await;
    publish_tomorrow(&app).await;

    problem(app.get("/api/v1/access/feed").await, 401).await;
    problem(
        get_as(&app, "Bearer ctl_nobody.secret", "/api/v1/access/feed").await,
        401,
    )
    .await;
    let forged = format!("{}x", mine);
    problem(get_as(&app, &forged, "/api/v1/access/feed").await, 401).await;

    let feed = json(get_as(&app, &mine, "/api/v1/access/feed").await).await;
    assert_eq!(feed["credentials"].as_array().unwrap().len(), 2);
    let feed = json(get_as(&app, &theirs, "/api/v1/access/feed").await).await;
    assert_eq!(feed["credentials"].as_array().unwrap().len(), 0);
    let r = post_as(
        &app,
        &theirs,
        "/api/v1/access/verify",
        &json!({"court_id": f.court_id, "code": "123456"}),
    )
    .await;
    problem(r, 403).await;
}

async fn feed_pages_by_cursor_and_shows_revocations(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let auth = controller(&app, &[f.court_id, f.other_court_id]).await;
    let a = confirmed(&app, f.court_id, 9, false).await;
    confirmed(&app, f.court_id, 12, false).await;
    confirmed(&app, f.other_court_id, 15, false).await;
    publish_tomorrow(&app).await;

    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = json(
            get_as(
                &app,
                &auth,
                &format!("/api/v1/access/feed?limit=4&cursor={cursor}"),
            )
            .await,
        )
        .await;
        let creds = page["credentials"].as_array().unwrap().clone();
        assert!(creds.len() <= 4);
        seen.extend(creds);
        cursor = page["cursor"].as_str().unwrap().to_string();
        if !page["has_more"].as_bool().unwrap() {
            break;
        }
    }
    assert_eq!(seen.len(), 6);
    let codes = seen.iter().filter(|c| c["kind"] == "code").count();
    assert_eq!(codes, 3);
    assert!(seen.iter().all(|c| c["revoked"] == false));
    let code_a = seen
        .iter()
        .find(|c| c["kind"] == "code" && c["booking_ref"] == access_ref(a.id).to_string())
        .unwrap();
    assert_eq!(code_a["code"], a.door_code.clone().unwrap().as_str());

    // Nothing new since the cursor; then a cancellation shows up as revoked.
    let page =
        json(get_as(&app, &auth, &format!("/api/v1/access/feed?cursor={cursor}")).await).await;
    assert_eq!(page["credentials"].as_array().unwrap().len(), 0);
    assert_eq!(page["cursor"], cursor.as_str());
    let r = app.post(&format!("/api/v1/bookings/{}/cancel", a.id)).await;
    assert_eq!(r.status().as_u16(), 200);
    let cancelled: Booking = typed(app.get(&format!("/api/v1/bookings/{}", a.id)).await).await;
    assert_eq!(cancelled.access_token, None);
    let page =
        json(get_as(&app, &auth, &format!("/api/v1/access/feed?cursor={cursor}")).await).await;
    let creds = page["credentials"].as_array().unwrap();
    assert_eq!(creds.len(), 2);
    assert!(creds
        .iter()
        .all(|c| c["revoked"] == true && c["booking_ref"] == access_ref(a.id).to_string()));
    let v = verify(
        &app,
        &auth,
        json!({"court_id": f.court_id, "token": a.access_token}),
    )
    .await;
    assert_eq!(v["reason"], "revoked", "{v}");
}

async fn entries_are_idempotent_and_check_in(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let auth = controller(&app, &[f.court_id]).await;
    let b = confirmed(&app, f.court_id, 10, true).await;
    let batch = json!({"entries": [
        {"event_id": Uuid::new_v4(), "court_id": f.court_id, "method": "code", "result": "denied",
         "reason": "unknown_code", "at": Utc::now()},
        {"event_id": Uuid::new_v4(), "booking_ref": access_ref(b.id), "court_id": f.court_id, "method": "qr",
         "result": "accepted", "at": Utc::now()},
    ]});
    let r = json(post_as(&app, &auth, "/api/v1/access/entries", &batch).await).await;
    assert_eq!(r, json!({"accepted": 2, "duplicates": 0}));
    let r = json(post_as(&app, &auth, "/api/v1/access/entries", &batch).await).await;
    assert_eq!(r, json!({"accepted": 0, "duplicates": 2}));
    let stored: i64 = on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM access_entries").fetch_one(pool).await).unwrap();
    assert_eq!(stored, 2);
    let checked_in: Option<i64> = on_db!(&app.db, pool => sqlx::query_scalar("SELECT checked_in_at FROM bookings WHERE id = $1").bind(b.id).fetch_one(pool).await).unwrap();
    assert!(checked_in.is_some());
    // Another controller's court is refused, and nothing is stored.
    let other = json!({"entries": [{"event_id": Uuid::new_v4(), "court_id": f.other_court_id,
        "method": "qr", "result": "accepted", "at": Utc::now()}]});
    problem(
        post_as(&app, &auth, "/api/v1/access/entries", &other).await,
        403,
    )
    .await;
    problem(app.post_json("/api/v1/access/entries", &batch).await, 401).await;
}

async fn verify_names_every_denial(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let auth = controller(&app, &[f.court_id, f.other_court_id]).await;
    let now_b = confirmed(&app, f.court_id, 10, true).await;
    let later = confirmed(&app, f.court_id, 20, false).await;
    let token = now_b.access_token.clone().unwrap();
    let code = now_b.door_code.clone().unwrap();
    let c = f.court_id;

    let ok = verify(&app, &auth, json!({"court_id": c, "token": token})).await;
    assert_eq!(ok["result"], "accepted");
    let ok = verify(&app, &auth, json!({"court_id": c, "code": code})).await;
    assert_eq!(ok["result"], "accepted", "{ok}");
    assert_eq!(ok["booking_ref"], access_ref(now_b.id).to_string());

    let reason = |v: Value| v["reason"].as_str().unwrap_or("").to_string();
    let wrong = verify(
        &app,
        &auth,
        json!({"court_id": f.other_court_id, "token": token}),
    )
    .await;
    assert_eq!(reason(wrong), "wrong_court");
    // Claims changed (a longer window), signature kept.
    let (_, mut claims, sig) = shared::access::decode_token(&token).unwrap();
    claims.exp += 3600 * 24;
    let tampered = shared::access::assemble_token(&shared::access::encode_claims(&claims), &sig);
    assert_eq!(
        reason(verify(&app, &auth, json!({"court_id": c, "token": tampered})).await),
        "tampered"
    );
    claims.kid = "nobody".into();
    let unknown_key = shared::access::assemble_token(&shared::access::encode_claims(&claims), &sig);
    assert_eq!(
        reason(verify(&app, &auth, json!({"court_id": c, "token": unknown_key})).await),
        "wrong_key"
    );
    assert_eq!(
        reason(verify(&app, &auth, json!({"court_id": c, "token": "LEDIG1.x.y"})).await),
        "malformed"
    );
    assert_eq!(
        reason(
            verify(
                &app,
                &auth,
                json!({"court_id": c, "token": later.access_token})
            )
            .await
        ),
        "not_yet_valid"
    );
    assert_eq!(
        reason(verify(&app, &auth, json!({"court_id": c, "code": later.door_code})).await),
        "not_yet_valid"
    );
    let unknown = if code == "000000" { "000001" } else { "000000" };
    if later.door_code.as_deref() != Some(unknown) {
        assert_eq!(
            reason(verify(&app, &auth, json!({"court_id": c, "code": unknown})).await),
            "unknown_code"
        );
    }
    let skewed = Utc::now() + Duration::minutes(5);
    assert_eq!(
        reason(
            verify(
                &app,
                &auth,
                json!({"court_id": c, "token": token, "at": skewed})
            )
            .await
        ),
        "clock_skew"
    );
    // Expired: the booking ended two minutes ago (beyond the 60 s skew).
    let ended = Utc::now().timestamp() - 120;
    on_db!(&app.db, pool => sqlx::query("UPDATE access_credentials SET expires_at = $2 WHERE booking_id = $1")
        .bind(now_b.id).bind(ended).execute(pool).await.map(|_| ())).unwrap();
    assert_eq!(
        reason(verify(&app, &auth, json!({"court_id": c, "code": code})).await),
        "expired"
    );
}

async fn door_codes_are_unique_among_overlapping_windows(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let a = confirmed(&app, f.court_id, 10, false).await;
    let code = a.door_code.clone().unwrap();
    // The next slot's window (with the margin) overlaps A's last 10 minutes:
    // confirm it with A's code, as a random draw might.
    let held: Booking = typed(app.book(f.court_id, tomorrow_at(11)).await).await;
    let row = backend::bookings::store::get(&app.db, held.id)
        .await
        .unwrap()
        .unwrap();
    backend::bookings::store::confirm(&app.db, &row, &code, Utc::now().timestamp())
        .await
        .unwrap();
    access::issue_for_booking(&app.db, held.id).await.unwrap();
    let b: Booking = typed(app.get(&format!("/api/v1/bookings/{}", held.id)).await).await;
    assert_ne!(b.door_code, Some(code.clone()), "clashing code was redrawn");
    // Far apart on the same court, the same code may be reused.
    let held: Booking = typed(app.book(f.court_id, tomorrow_at(18)).await).await;
    let row = backend::bookings::store::get(&app.db, held.id)
        .await
        .unwrap()
        .unwrap();
    backend::bookings::store::confirm(&app.db, &row, &code, Utc::now().timestamp())
        .await
        .unwrap();
    access::issue_for_booking(&app.db, held.id).await.unwrap();
    let c: Booking = typed(app.get(&format!("/api/v1/bookings/{}", held.id)).await).await;
    assert_eq!(c.door_code, Some(code));
}

async fn no_show_frees_the_rest_of_the_slot(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let auth = controller(&app, &[f.court_id, f.other_court_id]).await;
    let absent = confirmed(&app, f.court_id, 10, false).await;
    let present = confirmed(&app, f.other_court_id, 10, false).await;
    // Both started 20 minutes ago; only one player came in.
    let now = Utc::now().timestamp();
    let (start, end) = (now - 20 * 60, now + 40 * 60);
    for id in [absent.id, present.id] {
        app.exec(
            "UPDATE bookings SET starts_at = $2 WHERE id = $1",
            id,
            start,
        )
        .await;
        app.exec("UPDATE bookings SET ends_at = $2 WHERE id = $1", id, end)
            .await;
    }
    let entry = json!({"entries": [{"event_id": Uuid::new_v4(), "booking_ref": access_ref(present.id),
        "court_id": f.other_court_id, "method": "code", "result": "accepted", "at": Utc::now()}]});
    assert_eq!(
        post_as(&app, &auth, "/api/v1/access/entries", &entry)
            .await
            .status(),
        200
    );

    assert_eq!(
        access::noshow::mark_no_shows(&app.db, now).await.unwrap(),
        1
    );
    assert_eq!(
        access::noshow::mark_no_shows(&app.db, now).await.unwrap(),
        0,
        "once"
    );
    let row = backend::bookings::store::get(&app.db, absent.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status, "confirmed");
    let freed_from = (now + 59) / 60 * 60;
    assert_eq!(row.ends_at, freed_from);
    let no_show: Option<i64> = on_db!(&app.db, pool => sqlx::query_scalar("SELECT no_show_at FROM bookings WHERE id = $1").bind(absent.id).fetch_one(pool).await).unwrap();
    assert_eq!(no_show, Some(now));
    let event: (i64, i64, String) = on_db!(&app.db, pool => sqlx::query_as("SELECT starts_at, ends_at, reason FROM slot_events WHERE booking_id = $1").bind(absent.id).fetch_one(pool).await).unwrap();
    assert_eq!(event, (freed_from, end, "no_show".to_string()));
    let still: Option<i64> = on_db!(&app.db, pool => sqlx::query_scalar("SELECT no_show_at FROM bookings WHERE id = $1").bind(present.id).fetch_one(pool).await).unwrap();
    assert_eq!(still, None, "checked in: not a no-show");
    // Its credentials are revoked.
    let revoked: i64 = on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM access_credentials WHERE booking_id = $1 AND revoked_at IS NOT NULL").bind(absent.id).fetch_one(pool).await).unwrap();
    assert_eq!(revoked, 2);

    // The rest of the slot can be booked again.
    let hold = backend::bookings::store::NewBooking {
        id: Uuid::new_v4(),
        court_id: f.court_id,
        starts_at: freed_from,
        ends_at: end,
        name: "Walk-in".into(),
        email: "walk@example.se".into(),
        price: absent.price.clone(),
        hold_expires_at: now + 600,
        created_at: now,
        idempotency_key: None,
        account_id: None,
        terms: Default::default(),
    };
    let outcome = backend::bookings::store::insert_hold(&app.db, &hold, now)
        .await
        .unwrap();
    assert_eq!(outcome, backend::bookings::store::HoldOutcome::Held);
}

/// All feed pages after `cursor`: the credentials and the new cursor.
async fn feed_after(app: &TestApp, auth: &str, cursor: &str) -> (Vec<Value>, String) {
    let mut seen = Vec::new();
    let mut cursor = cursor.to_string();
    loop {
        let page =
            json(get_as(app, auth, &format!("/api/v1/access/feed?cursor={cursor}")).await).await;
        seen.extend(page["credentials"].as_array().unwrap().clone());
        cursor = page["cursor"].as_str().unwrap().to_string();
        if !page["has_more"].as_bool().unwrap() {
            return (seen, cursor);
        }
    }
}

/// A confirmed booking moved (while held) to start at `start`.
async fn confirmed_from(app: &TestApp, court_id: i64, start: i64) -> Booking {
    let held: Booking = typed(app.book(court_id, tomorrow_at(10)).await).await;
    app.exec(
        "UPDATE bookings SET starts_at = $2, ends_at = $2 + 3600 WHERE id = $1",
        held.id,
        start,
    )
    .await;
    let r = app
        .post(&format!("/api/v1/payments/demo/{}/confirm", held.id))
        .await;
    assert_eq!(r.status().as_u16(), 200);
    typed(r).await
}

fn of_booking<'a>(creds: &'a [Value], b: &Booking) -> Vec<&'a Value> {
    creds
        .iter()
        .filter(|c| c["booking_ref"] == access_ref(b.id).to_string())
        .collect()
}

async fn feed_looks_24_hours_ahead(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let auth = controller(&app, &[f.court_id, f.other_court_id]).await;
    let now = Utc::now().timestamp();
    let soon = confirmed(&app, f.court_id, 10, true).await;
    let far = confirmed_from(&app, f.court_id, now + 3 * 86_400).await;
    let dropped = confirmed_from(&app, f.other_court_id, now + 3 * 86_400).await;
    assert!(far.access_token.is_some(), "issued at once, for the player");

    // Three days ahead: not in the feed; within the hour: in it at once.
    let (creds, first) = feed_after(&app, &auth, "").await;
    assert_eq!(of_booking(&creds, &soon).len(), 2);
    assert!(of_booking(&creds, &far).is_empty(), "{creds:?}");
    assert!(of_booking(&creds, &dropped).is_empty());
    assert_eq!(access::horizon::publish_due(&app.db, now).await.unwrap(), 0);

    // Cancelled before it entered the horizon: it never shows up.
    let r = app
        .post(&format!("/api/v1/bookings/{}/cancel", dropped.id))
        .await;
    assert_eq!(r.status().as_u16(), 200);
    let (creds, cursor) = feed_after(&app, &auth, &first).await;
    assert!(creds.is_empty(), "{creds:?}");
    assert_eq!(cursor, first);

    // Two days and an hour later its window starts within 24 hours: it
    // enters the feed as a new change, after the cursor the lock holds.
    let later = now + 2 * 86_400 + 3600;
    assert_eq!(
        access::horizon::publish_due(&app.db, later).await.unwrap(),
        2
    );
    assert_eq!(
        access::horizon::publish_due(&app.db, later).await.unwrap(),
        0,
        "once"
    );
    let (creds, second) = feed_after(&app, &auth, &first).await;
    assert_eq!(creds.len(), 2, "{creds:?}");
    assert_eq!(of_booking(&creds, &far).len(), 2);
    assert!(creds.iter().all(|c| c["revoked"] == false));
    let code = creds.iter().find(|c| c["kind"] == "code").unwrap();
    assert_eq!(code["code"], far.door_code.clone().unwrap().as_str());
    assert!(second.parse::<i64>().unwrap() > first.parse::<i64>().unwrap());

    // Revoked once it is in the feed: the revocation comes through.
    let r = app
        .post(&format!("/api/v1/bookings/{}/cancel", far.id))
        .await;
    assert_eq!(r.status().as_u16(), 200);
    let (creds, _) = feed_after(&app, &auth, &second).await;
    assert_eq!(creds.len(), 2, "{creds:?}");
    assert!(creds
        .iter()
        .all(|c| c["revoked"] == true && c["booking_ref"] == access_ref(far.id).to_string()));
}

async fn concurrent_issues_never_share_a_code(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    // Back-to-back slots: each window (with the margin) overlaps its
    // neighbours'. All confirmed with the same 1-digit code, and issued at
    // once with 1-digit redraws, so clashes are certain and a race shows.
    let mut ids = Vec::new();
    for hour in 7..21 {
        let held: Booking = typed(app.book(f.court_id, tomorrow_at(hour)).await).await;
        let row = backend::bookings::store::get(&app.db, held.id)
            .await
            .unwrap()
            .unwrap();
        backend::bookings::store::confirm(&app.db, &row, "5", Utc::now().timestamp())
            .await
            .unwrap();
        ids.push(held.id);
    }
    let issues = ids.iter().map(|id| {
        let db = app.db.clone();
        let id = *id;
        tokio::spawn(async move { access::issue_with_code_digits(&db, id, 1).await })
    });
    for issued in futures::future::join_all(issues).await {
        assert!(issued.unwrap().unwrap().is_some());
    }
    #[derive(sqlx::FromRow, Debug)]
    struct Code {
        booking_id: Uuid,
        code: String,
        not_before: i64,
        expires_at: i64,
    }
    const SQL: &str = "SELECT booking_id, code, not_before, expires_at FROM access_credentials \
         WHERE court_id = $1 AND kind = 'code' AND revoked_at IS NULL ORDER BY not_before";
    let codes: Vec<Code> = on_db!(&app.db, pool => sqlx::query_as::<_, Code>(SQL)
        .bind(f.court_id).fetch_all(pool).await)
    .unwrap();
    assert_eq!(codes.len(), ids.len(), "one code each: {codes:?}");
    for (i, a) in codes.iter().enumerate() {
        for b in &codes[i + 1..] {
            if a.not_before < b.expires_at && b.not_before < a.expires_at {
                assert_ne!(
                    a.code, b.code,
                    "overlapping windows share a code: {a:?} {b:?}"
                );
            }
        }
        let booking: Booking =
            typed(app.get(&format!("/api/v1/bookings/{}", a.booking_id)).await).await;
        assert_eq!(booking.door_code.as_deref(), Some(a.code.as_str()));
    }
}

async fn late_entry_gives_a_no_show_its_rest_back_unless_rebooked(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let auth = controller(&app, &[f.court_id, f.other_court_id]).await;
    let free = confirmed(&app, f.court_id, 10, false).await;
    let taken = confirmed(&app, f.other_court_id, 10, false).await;
    // Both started 20 minutes ago; both players came in at once, but the
    // lock was offline, so the server marked both no-shows.
    let now = Utc::now().timestamp();
    let (start, end) = (now - 20 * 60, now + 40 * 60);
    for id in [free.id, taken.id] {
        app.exec(
            "UPDATE bookings SET starts_at = $2 WHERE id = $1",
            id,
            start,
        )
        .await;
        app.exec("UPDATE bookings SET ends_at = $2 WHERE id = $1", id, end)
            .await;
    }
    assert_eq!(
        access::noshow::mark_no_shows(&app.db, now).await.unwrap(),
        2
    );
    let freed_from = (now + 59) / 60 * 60;
    // Someone books the freed rest of one of them.
    let walk_in = backend::bookings::store::NewBooking {
        id: Uuid::new_v4(),
        court_id: f.other_court_id,
        starts_at: freed_from,
        ends_at: end,
        name: "Walk-in".into(),
        email: "walk@example.se".into(),
        price: taken.price.clone(),
        hold_expires_at: now + 600,
        created_at: now,
        idempotency_key: None,
        account_id: None,
        terms: Default::default(),
    };
    assert_eq!(
        backend::bookings::store::insert_hold(&app.db, &walk_in, now)
            .await
            .unwrap(),
        backend::bookings::store::HoldOutcome::Held
    );

    let entered = Utc::now() - Duration::minutes(19);
    let batch = json!({"entries": [
        {"event_id": Uuid::new_v4(), "booking_ref": access_ref(free.id), "court_id": f.court_id,
         "method": "code", "result": "accepted", "at": entered},
        {"event_id": Uuid::new_v4(), "booking_ref": access_ref(taken.id), "court_id": f.other_court_id,
         "method": "qr", "result": "accepted", "at": entered},
    ]});
    let r: shared::access::EntryBatchResult =
        typed(post_as(&app, &auth, "/api/v1/access/entries", &batch).await).await;
    assert_eq!(r.accepted, 2);
    let outcome = |id: Uuid| {
        r.late_check_ins
            .iter()
            .find(|l| l.booking_ref == access_ref(id))
            .map(|l| (l.outcome, l.ends_at.timestamp()))
    };
    use shared::access::LateCheckInOutcome::{KeptCut, Restored};
    assert_eq!(outcome(free.id), Some((Restored, end)), "{r:?}");
    assert_eq!(outcome(taken.id), Some((KeptCut, freed_from)), "{r:?}");

    // Restored: the original end, no longer a no-show, door access back.
    let row = backend::bookings::store::get(&app.db, free.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.ends_at, end);
    let marks: (Option<i64>, Option<i64>, Option<i64>) = on_db!(&app.db, pool => sqlx::query_as(
        "SELECT no_show_at, original_ends_at, checked_in_at FROM bookings WHERE id = $1")
        .bind(free.id).fetch_one(pool).await)
    .unwrap();
    assert_eq!(marks, (None, None, Some(entered.timestamp())));
    let back: Booking = typed(app.get(&format!("/api/v1/bookings/{}", free.id)).await).await;
    assert!(back.access_token.is_some(), "credentials re-issued");
    let v = verify(
        &app,
        &auth,
        json!({"court_id": f.court_id, "code": back.door_code}),
    )
    .await;
    assert_eq!(v["result"], "accepted", "{v}");
    let v = verify(
        &app,
        &auth,
        json!({"court_id": f.court_id, "token": back.access_token}),
    )
    .await;
    assert_eq!(v["result"], "accepted", "{v}");

    // Kept: the cut end, still a no-show, the walk-in keeps its booking.
    let row = backend::bookings::store::get(&app.db, taken.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.ends_at, freed_from);
    let marks: (Option<i64>, Option<i64>) = on_db!(&app.db, pool => sqlx::query_as(
        "SELECT no_show_at, original_ends_at FROM bookings WHERE id = $1")
        .bind(taken.id).fetch_one(pool).await)
    .unwrap();
    assert_eq!(marks, (Some(now), Some(end)));
    let walk_in_row = backend::bookings::store::get(&app.db, walk_in.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (walk_in_row.status.as_str(), walk_in_row.ends_at),
        ("held", end)
    );

    // The log says what each entry did; re-sending changes nothing.
    let effects: Vec<String> = on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT effect FROM access_entries ORDER BY effect").fetch_all(pool).await)
    .unwrap();
    assert_eq!(effects, ["no_show_kept_cut", "no_show_restored"]);
    let again: shared::access::EntryBatchResult =
        typed(post_as(&app, &auth, "/api/v1/access/entries", &batch).await).await;
    assert_eq!((again.duplicates, again.late_check_ins.len()), (2, 0));
}
