//! Web Push delivery: VAPID keys, subscriptions, the outbox and its worker,
//! against a local fake push service that decrypts what it gets with the
//! subscription's private key (ece), on both engines; and RFC 8291's own
//! example.

use backend::push::{self, store::NewMessage};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::json;

use crate::{
    accounts::sign_in,
    fake_push::FakePush,
    helpers::{json, problem, spawn_app, Engine as DbEngine, TestApp},
    on_both_engines,
};

async fn account_id(app: &TestApp, email: &str) -> uuid::Uuid {
    backend::accounts::store::account_by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn pusher(app: &TestApp) -> push::Pusher {
    push::Pusher::new(
        push::keys::ensure(&app.db).await.unwrap(),
        "mailto:ops@example.se".into(),
    )
}

async fn outbox_status(app: &TestApp) -> Vec<(String, i64)> {
    backend::on_db!(&app.db, pool => sqlx::query_as("SELECT status, attempts FROM push_outbox ORDER BY created_at")
        .fetch_all(pool).await)
    .unwrap()
}

async fn vapid_key_is_made_once_and_kept(engine: DbEngine) {
    let app = spawn_app(engine).await;
    let first = json(app.get("/api/v1/push/vapid-public-key").await).await;
    let key = first["public_key"].as_str().unwrap();
    let raw = URL_SAFE_NO_PAD.decode(key).unwrap();
    assert_eq!((raw.len(), raw[0]), (65, 4), "an uncompressed P-256 point");
    // Asked again (any process, after a restart): the same key.
    let again = push::keys::ensure(&app.db).await.unwrap();
    assert_eq!(again.public_key, key);
}

async fn a_push_arrives_encrypted_signed_and_decryptable(engine: DbEngine) {
    let app = spawn_app(engine).await;
    let fake = FakePush::start().await;
    let phone = fake.device("phone");
    let me = sign_in(&app, "push@example.se").await;
    let response = me
        .post(
            &app,
            "/api/v1/push/subscriptions",
            Some(phone.subscription_json()),
        )
        .await;
    assert_eq!(response.status().as_u16(), 201);

    let now = chrono::Utc::now().timestamp();
    let payload = r#"{"title":"Bana 1 is free","url":"/offers/1"}"#;
    let queued = push::store::enqueue_for_account(
        &app.db,
        account_id(&app, "push@example.se").await,
        &NewMessage {
            payload,
            topic: Some("slot-42-1700000000"),
            urgency: "high",
            expires_at: now + 3600,
        },
        now,
    )
    .await
    .unwrap();
    assert_eq!(queued, 1);
    let pass = pusher(&app).await.deliver_due(&app.db, now).await.unwrap();
    assert_eq!(pass.sent, 1);

    let got = fake.received();
    assert_eq!(got.len(), 1);
    let h = &got[0].headers;
    assert_eq!(h["content-encoding"], "aes128gcm");
    assert_eq!(h["urgency"], "high");
    assert_eq!(h["topic"], "slot-42-1700000000");
    let ttl: i64 = h["ttl"].to_str().unwrap().parse().unwrap();
    assert!(
        (3590..=3600).contains(&ttl),
        "TTL until the slot starts: {ttl}"
    );
    let vapid = h["authorization"].to_str().unwrap();
    let server_key = push::keys::ensure(&app.db).await.unwrap().public_key;
    assert!(
        vapid.starts_with("vapid t=") && vapid.contains(&format!("k={server_key}")),
        "{vapid}"
    );
    // Only the device's private key opens it.
    assert_eq!(phone.decrypt(&got[0].body), payload.as_bytes());
    assert_ne!(got[0].body, payload.as_bytes());
    assert_eq!(outbox_status(&app).await, [("sent".to_string(), 1)]);
}

async fn gone_subscriptions_are_removed_and_failures_retried(engine: DbEngine) {
    let app = spawn_app(engine).await;
    let fake = FakePush::start().await;
    let me = sign_in(&app, "retry@example.se").await;
    let (old, flaky) = (fake.device("old"), fake.device("flaky"));
    for device in [&old, &flaky] {
        me.post(
            &app,
            "/api/v1/push/subscriptions",
            Some(device.subscription_json()),
        )
        .await;
    }
    fake.answer("old", &[410]);
    fake.answer("flaky", &[503]);
    let now = chrono::Utc::now().timestamp();
    let message = NewMessage {
        payload: "free!",
        topic: None,
        urgency: "normal",
        expires_at: now + 7200,
    };
    let account = account_id(&app, "retry@example.se").await;
    assert_eq!(
        push::store::enqueue_for_account(&app.db, account, &message, now)
            .await
            .unwrap(),
        2
    );

    let pusher = pusher(&app).await;
    let pass = pusher.deliver_due(&app.db, now).await.unwrap();
    assert_eq!((pass.gone, pass.retried, pass.sent), (1, 1, 0));
    // The gone subscription is removed: the next message goes to one device.
    let subs: i64 = backend::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM push_subscriptions")
        .fetch_one(pool).await).unwrap();
    assert_eq!(subs, 1);
    // Nothing is due until the back-off has passed; then it goes through.
    assert_eq!(
        pusher.deliver_due(&app.db, now + 1).await.unwrap(),
        Default::default()
    );
    let later = pusher
        .deliver_due(&app.db, now + push::deliver::backoff(0))
        .await
        .unwrap();
    assert_eq!(later.sent, 1);
    let flaky_got: Vec<_> = fake
        .received()
        .into_iter()
        .filter(|r| r.device == "flaky")
        .collect();
    assert_eq!(flaky_got.len(), 2);
    assert_eq!(flaky.decrypt(&flaky_got[1].body), b"free!");
}

async fn the_outbox_survives_a_restart_and_expired_messages_are_dropped(engine: DbEngine) {
    let app = spawn_app(engine).await;
    let fake = FakePush::start().await;
    let me = sign_in(&app, "restart@example.se").await;
    let phone = fake.device("phone");
    me.post(
        &app,
        "/api/v1/push/subscriptions",
        Some(phone.subscription_json()),
    )
    .await;
    let now = chrono::Utc::now().timestamp();
    let account = account_id(&app, "restart@example.se").await;
    for (payload, expires_at) in [("soon gone", now + 5), ("still good", now + 3600)] {
        let message = NewMessage {
            payload,
            topic: None,
            urgency: "normal",
            expires_at,
        };
        push::store::enqueue_for_account(&app.db, account, &message, now)
            .await
            .unwrap();
    }
    // A new worker (as after a restart) with keys read back from the database
    // delivers what was queued; what expired meanwhile is not sent.
    let pass = pusher(&app)
        .await
        .deliver_due(&app.db, now + 10)
        .await
        .unwrap();
    assert_eq!((pass.sent, pass.dead), (1, 1));
    let got = fake.received();
    assert_eq!(got.len(), 1);
    assert_eq!(phone.decrypt(&got[0].body), b"still good");
}

async fn subscriptions_are_checked(engine: DbEngine) {
    let app = spawn_app(engine).await;
    let me = sign_in(&app, "check@example.se").await;
    let fake = FakePush::start().await;
    let good = fake.device("good").subscription_json();
    let mut bad_endpoint = good.clone();
    bad_endpoint["endpoint"] = json!("http://evil.example/push");
    let mut bad_key = good.clone();
    bad_key["keys"]["p256dh"] = json!("AAAA");
    let mut bad_auth = good.clone();
    bad_auth["keys"]["auth"] = json!("%%%");
    for (body, field) in [
        (bad_endpoint, "endpoint"),
        (bad_key, "keys.p256dh"),
        (bad_auth, "keys.auth"),
    ] {
        let response = me
            .post(&app, "/api/v1/push/subscriptions", Some(body))
            .await;
        assert_eq!(problem(response, 422).await["field"], field);
    }
    // Not signed in: 401.
    problem(
        app.post_json("/api/v1/push/subscriptions", &good).await,
        401,
    )
    .await;
    // The same endpoint twice is one subscription; deleting it works once.
    let first = json(
        me.post(&app, "/api/v1/push/subscriptions", Some(good.clone()))
            .await,
    )
    .await;
    let second = json(
        me.post(&app, "/api/v1/push/subscriptions", Some(good))
            .await,
    )
    .await;
    assert_eq!(first["id"], second["id"]);
    let path = format!(
        "/api/v1/push/subscriptions/{}",
        first["id"].as_str().unwrap()
    );
    assert_eq!(
        me.send(&app, reqwest::Method::DELETE, &path, None)
            .await
            .status()
            .as_u16(),
        204
    );
    problem(
        me.send(&app, reqwest::Method::DELETE, &path, None).await,
        404,
    )
    .await;
}

on_both_engines!(
    vapid_key_is_made_once_and_kept,
    a_push_arrives_encrypted_signed_and_decryptable,
    gone_subscriptions_are_removed_and_failures_retried,
    the_outbox_survives_a_restart_and_expired_messages_are_dropped,
    subscriptions_are_checked,
);

/// RFC 8291, Appendix A: the example message decrypts with the example
/// user agent's keys to the example plaintext.
#[test]
fn rfc_8291_appendix_a_example_decrypts() {
    let b64 = |s: &str| URL_SAFE_NO_PAD.decode(s).unwrap();
    let ua_private = b64("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94");
    let ua_public = b64(
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
    );
    let auth = b64("BTBZMqHH6r4Tts7J_aSIgg");
    let body = b64(
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
    );
    let plaintext = ece::decrypt(
        &ece::EcKeyComponents::new(ua_private, ua_public),
        &auth,
        &body,
    )
    .unwrap();
    assert_eq!(plaintext, b"When I grow up, I want to be a watermelon");
}
