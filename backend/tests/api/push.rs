//! Web Push delivery: VAPID keys, subscriptions, the outbox and its worker,
//! against a local fake push service over https (a test CA) that decrypts
//! what it gets with the subscription's private key (ece), on both engines;
//! endpoints on private addresses refused outside tests; and RFC 8291's own
//! example.

use backend::push::{self, store::NewMessage};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::json;

use crate::{
    accounts::sign_in,
    fake_push::FakePush,
    helpers::{json, problem, spawn_app, spawn_app_with, Engine as DbEngine, TestApp},
    on_both_engines,
};

/// An app that, as tests need, accepts push endpoints on this machine.
async fn spawn_push_app(engine: DbEngine) -> TestApp {
    let mut config = backend::config::ServeConfig::for_tests();
    config.push_allow_private_hosts = true;
    spawn_app_with(engine, config).await
}

async fn account_id(app: &TestApp, email: &str) -> uuid::Uuid {
    backend::accounts::store::account_by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// A push worker that trusts `fake`'s test CA and, as tests need, delivers
/// to this machine.
async fn pusher(app: &TestApp, fake: &FakePush) -> push::Pusher {
    pusher_with(app, Some(fake), true).await
}

async fn pusher_with(app: &TestApp, trust: Option<&FakePush>, allow_private: bool) -> push::Pusher {
    push::Pusher::with_options(
        push::keys::ensure(&app.db).await.unwrap(),
        "mailto:ops@example.se".into(),
        push::PushOptions {
            extra_roots_pem: trust.map(|fake| fake.ca_pem.clone().into_bytes()),
            allow_private_hosts: allow_private,
        },
    )
    .unwrap()
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
    let app = spawn_push_app(engine).await;
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
    let pass = pusher(&app, &fake)
        .await
        .deliver_due(&app.db, now)
        .await
        .unwrap();
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
    let app = spawn_push_app(engine).await;
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

    let pusher = pusher(&app, &fake).await;
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
    let app = spawn_push_app(engine).await;
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
    let pass = pusher(&app, &fake)
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
    let app = spawn_push_app(engine).await;
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

async fn subscribe_ok(
    app: &TestApp,
    me: &crate::accounts::Person,
    body: serde_json::Value,
) -> String {
    let response = me.post(app, "/api/v1/push/subscriptions", Some(body)).await;
    assert_eq!(response.status().as_u16(), 201);
    json(response).await["id"].as_str().unwrap().to_string()
}

/// Pushes go over TLS: the fake push service speaks only https, so without
/// a TLS stack, or without trusting the service's CA, nothing arrives.
async fn pushes_need_tls_and_a_trusted_certificate(engine: DbEngine) {
    let app = spawn_push_app(engine).await;
    let fake = FakePush::start().await;
    let me = sign_in(&app, "tls@example.se").await;
    subscribe_ok(&app, &me, fake.device("phone").subscription_json()).await;
    let now = chrono::Utc::now().timestamp();
    let message = NewMessage {
        payload: "over tls",
        topic: None,
        urgency: "normal",
        expires_at: now + 3600,
    };
    push::store::enqueue_for_account(
        &app.db,
        account_id(&app, "tls@example.se").await,
        &message,
        now,
    )
    .await
    .unwrap();
    // Only the public web roots: the test CA is unknown, the handshake fails.
    let untrusting = pusher_with(&app, None, true).await;
    let pass = untrusting.deliver_due(&app.db, now).await.unwrap();
    assert_eq!((pass.sent, pass.retried), (0, 1));
    assert!(fake.received().is_empty());
    let error: Option<String> =
        backend::on_db!(&app.db, pool => sqlx::query_scalar("SELECT last_error FROM push_outbox")
        .fetch_one(pool).await)
        .unwrap();
    assert!(error.unwrap().contains("unreachable"));
    // Trusting it: delivered, over https.
    let later = now + push::deliver::backoff(0);
    let pass = pusher(&app, &fake)
        .await
        .deliver_due(&app.db, later)
        .await
        .unwrap();
    assert_eq!(pass.sent, 1);
    assert_eq!(fake.received().len(), 1);
}

/// Outside tests, endpoints on this machine or a private network are not
/// stored, and a stored one (from before the check, or a name that now
/// resolves to a private address) gets nothing.
async fn private_push_endpoints_are_refused(engine: DbEngine) {
    let app = spawn_app(engine).await;
    let fake = FakePush::start().await;
    let me = sign_in(&app, "ssrf@example.se").await;
    let localhost = format!("https://localhost:{}", fake.port);
    for endpoint in [
        fake.device("a").endpoint,
        fake.device_at(&localhost, "b").endpoint,
        "https://10.0.0.7/push".to_string(),
        "https://169.254.169.254/latest/meta-data".to_string(),
        "https://[::1]/push".to_string(),
        "https://intranet/push".to_string(),
        format!("http://127.0.0.1:{}/push/c", fake.port),
    ] {
        let mut body = fake.device("x").subscription_json();
        body["endpoint"] = json!(endpoint);
        let response = me
            .post(&app, "/api/v1/push/subscriptions", Some(body))
            .await;
        assert_eq!(
            problem(response, 422).await["field"],
            "endpoint",
            "{endpoint}"
        );
    }
    // Rows stored without the check: a literal loopback address, and a name
    // (localhost) that the delivery resolves, seeing only loopback.
    let account = account_id(&app, "ssrf@example.se").await;
    let now = chrono::Utc::now().timestamp();
    for device in [fake.device("literal"), fake.device_at(&localhost, "named")] {
        backend::on_db!(&app.db, pool => sqlx::query(
            "INSERT INTO push_subscriptions (id, account_id, endpoint, p256dh, auth, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(uuid::Uuid::new_v4()).bind(account).bind(&device.endpoint).bind(&device.p256dh).bind(&device.auth).bind(now)
            .execute(pool).await.map(|_| ())).unwrap();
    }
    let message = NewMessage {
        payload: "for the intranet",
        topic: None,
        urgency: "normal",
        expires_at: now + 3600,
    };
    assert_eq!(
        push::store::enqueue_for_account(&app.db, account, &message, now)
            .await
            .unwrap(),
        2
    );
    // The production worker (trusting the CA, so only the address stops it).
    let strict = pusher_with(&app, Some(&fake), false).await;
    let pass = strict.deliver_due(&app.db, now).await.unwrap();
    assert_eq!((pass.sent, pass.dead, pass.retried), (0, 2, 0));
    assert!(
        fake.received().is_empty(),
        "nothing reached the private address"
    );
    let errors: Vec<Option<String>> = backend::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT last_error FROM push_outbox ORDER BY last_error").fetch_all(pool).await)
    .unwrap();
    assert_eq!(
        errors,
        [
            Some("push endpoint is not a public address".to_string()),
            Some("push endpoint resolves to no public address".to_string()),
        ]
    );
}

/// An endpoint is a browser's: when another account subscribes it (someone
/// else signed in on that browser), the old subscription ends with what was
/// queued for it, and the new one gets a new id.
async fn an_endpoint_subscribed_by_another_account_is_not_moved(engine: DbEngine) {
    let app = spawn_push_app(engine).await;
    let fake = FakePush::start().await;
    let (ada, bob) = (
        sign_in(&app, "ada@example.se").await,
        sign_in(&app, "bob@example.se").await,
    );
    let ada_phone = fake.device("shared");
    let ada_id = subscribe_ok(&app, &ada, ada_phone.subscription_json()).await;
    let now = chrono::Utc::now().timestamp();
    let ada_account = account_id(&app, "ada@example.se").await;
    let bob_account = account_id(&app, "bob@example.se").await;
    let for_ada = NewMessage {
        payload: "Ada's slot is free",
        topic: None,
        urgency: "normal",
        expires_at: now + 3600,
    };
    push::store::enqueue_for_account(&app.db, ada_account, &for_ada, now)
        .await
        .unwrap();

    // Bob, on the same browser: same endpoint, new keys.
    let bob_phone = fake.device("shared");
    assert_eq!(bob_phone.endpoint, ada_phone.endpoint);
    let bob_id = subscribe_ok(&app, &bob, bob_phone.subscription_json()).await;
    assert_ne!(bob_id, ada_id, "a new subscription, not Ada's moved");
    // Ada's id names nothing of hers any more, nor Bob's row.
    problem(
        ada.send(
            &app,
            reqwest::Method::DELETE,
            &format!("/api/v1/push/subscriptions/{ada_id}"),
            None,
        )
        .await,
        404,
    )
    .await;
    problem(
        ada.send(
            &app,
            reqwest::Method::DELETE,
            &format!("/api/v1/push/subscriptions/{bob_id}"),
            None,
        )
        .await,
        404,
    )
    .await;
    // Ada has no device now; Bob has one.
    assert_eq!(
        push::store::enqueue_for_account(&app.db, ada_account, &for_ada, now)
            .await
            .unwrap(),
        0
    );
    let for_bob = NewMessage {
        payload: "Bob's slot is free",
        ..for_ada
    };
    assert_eq!(
        push::store::enqueue_for_account(&app.db, bob_account, &for_bob, now)
            .await
            .unwrap(),
        1
    );
    // Only Bob's message goes out; Ada's queued one ended with her row.
    let pass = pusher(&app, &fake)
        .await
        .deliver_due(&app.db, now)
        .await
        .unwrap();
    assert_eq!(pass.sent, 1);
    let got = fake.received();
    assert_eq!(got.len(), 1);
    assert_eq!(bob_phone.decrypt(&got[0].body), b"Bob's slot is free");
    let statuses: Vec<(String, Option<String>)> = backend::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT status, last_error FROM push_outbox ORDER BY created_at, status").fetch_all(pool).await).unwrap();
    assert!(
        statuses.contains(&(
            "dead".to_string(),
            Some("subscription taken over".to_string())
        )),
        "{statuses:?}"
    );
    // Bob subscribing again (new keys after a browser refresh): same id.
    let again = fake.device("shared");
    assert_eq!(
        subscribe_ok(&app, &bob, again.subscription_json()).await,
        bob_id
    );
}

/// A bad LEDIG_PUSH_EXTRA_CA stops the start with a message naming it.
#[tokio::test]
async fn a_bad_push_ca_file_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let not_pem = dir.path().join("ca.pem");
    std::fs::write(&not_pem, "not a certificate").unwrap();
    for path in [not_pem, dir.path().join("missing.pem")] {
        let mut config = backend::config::ServeConfig::for_tests();
        config.push_extra_ca = Some(path);
        let db = backend::db::Db::connect(&format!(
            "sqlite://{}",
            dir.path().join("db.sqlite").display()
        ))
        .await
        .unwrap();
        db.migrate().await.unwrap();
        let error = match backend::Application::build_with_db(db, config).await {
            Ok(_) => panic!("started with a bad CA file"),
            Err(error) => format!("{error:#}"),
        };
        assert!(error.contains("LEDIG_PUSH_EXTRA_CA"), "{error}");
    }
}

const HTTP_ECE_DECRYPT: &str = r#"
import base64, sys
import http_ece
from cryptography.hazmat.primitives.asymmetric import ec
b64 = lambda s: base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
key = ec.derive_private_key(int.from_bytes(b64(sys.argv[1]), "big"), ec.SECP256R1())
body = sys.stdin.buffer.read()
sys.stdout.buffer.write(http_ece.decrypt(body, private_key=key, auth_secret=b64(sys.argv[2]), version="aes128gcm"))
"#;

/// What the server sends decrypts with an implementation that shares no
/// code with ours (Python `http_ece`), not only with the `ece` crate.
async fn an_independent_implementation_decrypts_our_pushes(engine: DbEngine) {
    let app = spawn_push_app(engine).await;
    let fake = FakePush::start().await;
    let phone = fake.device("phone");
    let me = sign_in(&app, "ece@example.se").await;
    let response = me
        .post(
            &app,
            "/api/v1/push/subscriptions",
            Some(phone.subscription_json()),
        )
        .await;
    assert_eq!(response.status().as_u16(), 201);
    let now = chrono::Utc::now().timestamp();
    let payload = r#"{"title":"Ledig tid: Bana 1","body":"tis 8 dec 18:00–19:00 (150 kr)","url":"/offers/1"}"#;
    push::store::enqueue_for_account(
        &app.db,
        account_id(&app, "ece@example.se").await,
        &NewMessage {
            payload,
            topic: None,
            urgency: "normal",
            expires_at: now + 600,
        },
        now,
    )
    .await
    .unwrap();
    assert_eq!(
        pusher(&app, &fake)
            .await
            .deliver_due(&app.db, now)
            .await
            .unwrap()
            .sent,
        1
    );
    let body = fake.received()[0].body.clone();
    let (private_key, auth) = phone.secrets();
    let mut child = std::process::Command::new(crate::helpers::test_python())
        .args(["-c", HTTP_ECE_DECRYPT, &private_key, &auth])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start python");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&body).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "http_ece: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), payload);
}

on_both_engines!(
    an_independent_implementation_decrypts_our_pushes,
    vapid_key_is_made_once_and_kept,
    pushes_need_tls_and_a_trusted_certificate,
    private_push_endpoints_are_refused,
    an_endpoint_subscribed_by_another_account_is_not_moved,
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
