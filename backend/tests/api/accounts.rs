//! Accounts: e-mailed codes, sessions, CSRF, rate limits, profile, my
//! bookings, the calendar feed, the passkey routes' refusals, and passkey
//! ceremonies with a software passkey (`soft_passkey`; in Chromium with a
//! virtual authenticator: e2e/tests/accounts.test.mjs).

use serde_json::{json, Value};

use crate::{
    helpers::{json, problem, spawn_app, spawn_app_with, tomorrow_at, Engine, TestApp},
    on_both_engines,
    soft_passkey::SoftPasskey,
};

/// A signed-in browser: its session cookie and CSRF token.
pub struct Person {
    pub cookie: String,
    pub csrf: String,
}

/// The code in the newest mail to `to`.
async fn code_from_outbox(app: &TestApp, to: &str) -> String {
    let mails = backend::mail::read_outbox(&app.outbox, 20).await.unwrap();
    let mail = mails
        .iter()
        .find(|m| m.to == to)
        .unwrap_or_else(|| panic!("no mail to {to} in {mails:?}"));
    mail.text
        .split_whitespace()
        .find(|w| w.len() == 6 && w.chars().all(|c| c.is_ascii_digit()))
        .expect("a 6-digit code in the mail")
        .to_string()
}

async fn ask_code(app: &TestApp, email: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/auth/email/start",
        &json!({ "email": email, "language": "en" }),
    )
    .await
}

async fn verify(app: &TestApp, email: &str, code: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/auth/email/verify",
        &json!({ "email": email, "code": code }),
    )
    .await
}

pub fn session_cookie(response: &reqwest::Response) -> String {
    let set = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(set.starts_with("__Host-ledig_session="), "{set}");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Secure"] {
        assert!(set.contains(flag), "{set} lacks {flag}");
    }
    set.split(';').next().unwrap().to_string()
}

/// Signs in `email` by e-mailed code.
pub async fn sign_in(app: &TestApp, email: &str) -> Person {
    assert_eq!(ask_code(app, email).await.status().as_u16(), 202);
    let code = code_from_outbox(app, email).await;
    let response = verify(app, email, &code).await;
    assert_eq!(response.status().as_u16(), 200);
    let cookie = session_cookie(&response);
    let body = json(response).await;
    Person {
        cookie,
        csrf: body["csrf_token"].as_str().unwrap().to_string(),
    }
}

impl Person {
    pub async fn get(&self, app: &TestApp, path: &str) -> reqwest::Response {
        app.client
            .get(app.url(path))
            .header("cookie", &self.cookie)
            .send()
            .await
            .unwrap()
    }

    pub async fn send(
        &self,
        app: &TestApp,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        self.send_with(app, method, path, body, &[]).await
    }

    /// [`Person::send`] with extra headers (`If-Match`).
    pub async fn send_with(
        &self,
        app: &TestApp,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut request = app
            .client
            .request(method, app.url(path))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    pub async fn post(&self, app: &TestApp, path: &str, body: Option<Value>) -> reqwest::Response {
        self.send(app, reqwest::Method::POST, path, body).await
    }
}

async fn email_code_signs_in_and_creates_the_account(engine: Engine) {
    let app = spawn_app(engine).await;
    let anonymous = json(app.get("/api/v1/session").await).await;
    assert_eq!(anonymous["account"], Value::Null);

    assert_eq!(
        ask_code(&app, " Ada@Example.SE ").await.status().as_u16(),
        202
    );
    let code = code_from_outbox(&app, "ada@example.se").await;
    let mail = &backend::mail::read_outbox(&app.outbox, 1).await.unwrap()[0];
    assert!(
        mail.subject.contains(&code) && mail.subject.contains("sign-in code"),
        "{mail:?}"
    );

    // A wrong guess says how many tries are left.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let body = problem(verify(&app, "ada@example.se", wrong).await, 422).await;
    assert_eq!(body["field"], "code");
    assert!(
        body["detail"].as_str().unwrap().contains("4 tries left"),
        "{body}"
    );

    let response = verify(
        &app,
        "ADA@example.se",
        &format!("{} {}", &code[..3], &code[3..]),
    )
    .await;
    assert_eq!(response.status().as_u16(), 200);
    let cookie = session_cookie(&response);
    let body = json(response).await;
    assert_eq!(body["account"]["email"], "ada@example.se");
    assert_eq!(body["account"]["email_verified"], true);
    assert_eq!(body["account"]["category"], "adult");

    let me = Person {
        cookie,
        csrf: body["csrf_token"].as_str().unwrap().into(),
    };
    let session = json(me.get(&app, "/api/v1/session").await).await;
    assert_eq!(session["account"]["email"], "ada@example.se");
    assert_eq!(session["csrf_token"], body["csrf_token"]);

    // A code works once.
    problem(verify(&app, "ada@example.se", &code).await, 422).await;
    // Signing in again reaches the same account.
    let again = sign_in(&app, "ada@example.se").await;
    let profile = json(again.get(&app, "/api/v1/me/profile").await).await;
    assert_eq!(profile["id"], session["account"]["id"]);
}

async fn wrong_guesses_use_up_a_code_and_sends_are_limited(engine: Engine) {
    let app = spawn_app(engine).await;
    ask_code(&app, "bo@example.se").await;
    let code = code_from_outbox(&app, "bo@example.se").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        problem(verify(&app, "bo@example.se", wrong).await, 422).await;
    }
    // The right code no longer helps after five wrong ones.
    let body = problem(verify(&app, "bo@example.se", &code).await, 422).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("Ask for a new one"),
        "{body}"
    );

    // Six codes an hour per address; the seventh is refused with Retry-After.
    for _ in 1..6 {
        assert_eq!(ask_code(&app, "bo@example.se").await.status().as_u16(), 202);
    }
    let refused = ask_code(&app, "bo@example.se").await;
    assert!(refused.headers().contains_key("retry-after"));
    problem(refused, 429).await;
    // Bad input is a clear 422, not a mail.
    let body = problem(ask_code(&app, "not-an-address").await, 422).await;
    assert_eq!(body["field"], "email");
    let body = problem(verify(&app, "bo@example.se", "12ab").await, 422).await;
    assert_eq!(body["field"], "code");
}

async fn csrf_and_cross_site_requests_are_refused(engine: Engine) {
    let app = spawn_app(engine).await;
    let me = sign_in(&app, "cy@example.se").await;
    // With the cookie but without the token: refused, nothing written.
    let response = app
        .client
        .post(app.url("/api/v1/me/calendar-feed"))
        .header("cookie", &me.cookie)
        .send()
        .await
        .unwrap();
    problem(response, 403).await;
    let response = app
        .client
        .post(app.url("/api/v1/me/calendar-feed"))
        .header("cookie", &me.cookie)
        .header("x-csrf-token", "forged")
        .send()
        .await
        .unwrap();
    problem(response, 403).await;
    assert_eq!(
        me.post(&app, "/api/v1/me/calendar-feed", None)
            .await
            .status()
            .as_u16(),
        200
    );

    // Another site cannot post, with or without a session.
    let f = app.add_fixture().await;
    let body = json!({ "court_id": f.court_id, "starts_at": tomorrow_at(10), "name": "Cy", "email": "cy@example.se" });
    let response = app
        .client
        .post(app.url("/api/v1/bookings"))
        .header("origin", "https://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    problem(response, 403).await;
    assert_eq!(app.booking_count().await, 0);
    // Our own origin can.
    let response = app
        .client
        .post(app.url("/api/v1/bookings"))
        .header("origin", app.address.clone())
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
}

async fn logout_and_ending_sessions_really_end_them(engine: Engine) {
    let app = spawn_app(engine).await;
    let phone = sign_in(&app, "di@example.se").await;
    let laptop = sign_in(&app, "di@example.se").await;

    let sessions = json(phone.get(&app, "/api/v1/me/sessions").await).await;
    let sessions = sessions.as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions.iter().filter(|s| s["current"] == true).count(), 1);
    assert!(sessions.iter().all(|s| s["method"] == "email_code"));
    let other = sessions.iter().find(|s| s["current"] == false).unwrap();

    // The phone ends the laptop's session: the laptop is signed out.
    let path = format!("/api/v1/me/sessions/{}/end", other["id"].as_str().unwrap());
    assert_eq!(phone.post(&app, &path, None).await.status().as_u16(), 204);
    problem(laptop.get(&app, "/api/v1/me/profile").await, 401).await;
    problem(phone.post(&app, &path, None).await, 404).await;

    // Logging out ends the phone's session on the server, and clears the cookie.
    let response = phone.post(&app, "/api/v1/auth/logout", None).await;
    assert_eq!(response.status().as_u16(), 204);
    assert!(response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    problem(phone.get(&app, "/api/v1/me/profile").await, 401).await;
    let session = json(phone.get(&app, "/api/v1/session").await).await;
    assert_eq!(session["account"], Value::Null);
    // A stale cookie is simply no session: a guest may still book.
    let f = app.add_fixture().await;
    let response = phone
        .post(
            &app,
            "/api/v1/bookings",
            Some(json!({ "court_id": f.court_id, "starts_at": tomorrow_at(9), "name": "Di", "email": "di@example.se" })),
        )
        .await;
    assert_eq!(response.status().as_u16(), 201);
}

async fn profile_updates_are_checked(engine: Engine) {
    let app = spawn_app(engine).await;
    let me = sign_in(&app, "ek@example.se").await;
    let update = |name: &str, phone: &str, category: &str| json!({ "name": name, "phone": phone, "language": "en", "category": category });
    let response = me
        .send(
            &app,
            reqwest::Method::PUT,
            "/api/v1/me/profile",
            Some(update("Ek Svensson", "070-123 45 67", "senior")),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let profile = json(me.get(&app, "/api/v1/me/profile").await).await;
    assert_eq!(profile["name"], "Ek Svensson");
    assert_eq!(profile["phone"], "070-123 45 67");
    assert_eq!(profile["language"], "en");
    assert_eq!(profile["category"], "senior");

    for (body, field) in [
        (update("Ek", "07x", "adult"), "phone"),
        (update("  ", "", "adult"), "name"),
        (update("Ek", "", "club"), "category"),
    ] {
        let response = me
            .send(&app, reqwest::Method::PUT, "/api/v1/me/profile", Some(body))
            .await;
        assert_eq!(problem(response, 422).await["field"], field);
    }
    let response = me
        .send(
            &app,
            reqwest::Method::PUT,
            "/api/v1/me/profile",
            Some(json!({ "name": "Ek", "language": "de", "category": "adult" })),
        )
        .await;
    assert_eq!(response.status().as_u16(), 422);
    // Nothing of the refused updates was written.
    let profile = json(me.get(&app, "/api/v1/me/profile").await).await;
    assert_eq!(profile["category"], "senior");
    // Not signed in: 401.
    problem(app.get("/api/v1/me/profile").await, 401).await;
}

async fn my_bookings_follow_the_account(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    // A guest booking with the same address, before the account existed.
    let guest: Value = json(
        app.post_json(
            "/api/v1/bookings",
            &json!({ "court_id": f.court_id, "starts_at": tomorrow_at(8), "name": "Fia", "email": "FIA@example.se" }),
        )
        .await,
    )
    .await;
    // Someone else's booking.
    app.book(f.court_id, tomorrow_at(9)).await;

    let me = sign_in(&app, "fia@example.se").await;
    let mine: Value = json(
        me.post(
            &app,
            "/api/v1/bookings",
            Some(json!({ "court_id": f.other_court_id, "starts_at": tomorrow_at(10), "name": "Fia", "email": "fia@example.se" })),
        )
        .await,
    )
    .await;
    let confirm = format!(
        "/api/v1/payments/demo/{}/confirm",
        mine["id"].as_str().unwrap()
    );
    assert_eq!(me.post(&app, &confirm, None).await.status().as_u16(), 200);

    let list = json(me.get(&app, "/api/v1/me/bookings").await).await;
    let upcoming: Vec<&str> = list["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        upcoming,
        [guest["id"].as_str().unwrap(), mine["id"].as_str().unwrap()]
    );
    assert!(list["past"].as_array().unwrap().is_empty());

    // Cancelling moves it to the past.
    let cancel = format!("/api/v1/bookings/{}/cancel", guest["id"].as_str().unwrap());
    assert_eq!(me.post(&app, &cancel, None).await.status().as_u16(), 200);
    let list = json(me.get(&app, "/api/v1/me/bookings").await).await;
    assert_eq!(list["upcoming"].as_array().unwrap().len(), 1);
    assert_eq!(list["past"][0]["id"], guest["id"]);
    assert_eq!(list["past"][0]["status"], "cancelled");
    problem(app.get("/api/v1/me/bookings").await, 401).await;
}

async fn calendar_feed_lists_confirmed_bookings(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let me = sign_in(&app, "gun@example.se").await;
    for hour in [11, 12] {
        let booking: Value = json(
            me.post(
                &app,
                "/api/v1/bookings",
                Some(json!({ "court_id": f.court_id, "starts_at": tomorrow_at(hour), "name": "Gun", "email": "gun@example.se" })),
            )
            .await,
        )
        .await;
        if hour == 11 {
            let confirm = format!(
                "/api/v1/payments/demo/{}/confirm",
                booking["id"].as_str().unwrap()
            );
            me.post(&app, &confirm, None).await;
        }
    }
    let feed = json(me.post(&app, "/api/v1/me/calendar-feed", None).await).await;
    let url = feed["url"].as_str().unwrap().to_string();
    assert!(
        url.contains("/api/v1/calendar/") && url.ends_with(".ics"),
        "{url}"
    );
    let path = &url[url.find("/api/v1/").unwrap()..];
    let response = app.get(path).await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let text = response.text().await.unwrap();
    // An independent parser reads it: one event, the confirmed one (the
    // unpaid hold is not in anyone's calendar).
    let calendar = ical::IcalParser::new(text.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(calendar.events.len(), 1);
    let prop = |name: &str| {
        calendar.events[0]
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap()
    };
    assert_eq!(prop("STATUS"), "CONFIRMED");
    assert_eq!(
        prop("DTSTART"),
        tomorrow_at(11).format("%Y%m%dT%H%M%SZ").to_string()
    );

    // A new URL retires the old one.
    me.post(&app, "/api/v1/me/calendar-feed", None).await;
    problem(app.get(path).await, 404).await;
}

async fn passkey_routes_refuse_what_they_must(engine: Engine) {
    let app = spawn_app(engine).await;
    // A new account's registration starts with WebAuthn options.
    let start = app
        .post_json(
            "/api/v1/auth/passkey/register/start",
            &json!({ "email": "hu@example.se", "name": "Hu" }),
        )
        .await;
    assert_eq!(start.status().as_u16(), 200);
    let start = json(start).await;
    let options = &start["options"]["publicKey"];
    assert!(options["challenge"].is_string(), "{start}");
    assert_eq!(options["rp"]["id"], "localhost");
    assert_eq!(options["user"]["name"], "hu@example.se");
    assert_eq!(
        options["authenticatorSelection"]["userVerification"],
        "required"
    );

    // A credential that is not one: 400; the challenge is then spent.
    let finish = json!({ "challenge_id": start["challenge_id"], "credential": { "id": "x" } });
    problem(
        app.post_json("/api/v1/auth/passkey/register/finish", &finish)
            .await,
        400,
    )
    .await;
    let body = problem(
        app.post_json("/api/v1/auth/passkey/register/finish", &finish)
            .await,
        422,
    )
    .await;
    assert_eq!(body["field"], "challenge_id");
    let unknown = json!({ "challenge_id": uuid::Uuid::new_v4(), "credential": {} });
    problem(
        app.post_json("/api/v1/auth/passkey/login/finish", &unknown)
            .await,
        422,
    )
    .await;

    // An address that has an account cannot get a passkey without signing in.
    let me = sign_in(&app, "ida@example.se").await;
    let body = problem(
        app.post_json(
            "/api/v1/auth/passkey/register/start",
            &json!({ "email": "ida@example.se", "name": "Ida" }),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(body["type"], "/problems/account-exists");
    // Signed in, it can.
    let response = me
        .post(&app, "/api/v1/auth/passkey/register/start", Some(json!({})))
        .await;
    assert_eq!(response.status().as_u16(), 200);
    // No passkey yet: sign in with a code instead.
    problem(
        app.post_json(
            "/api/v1/auth/passkey/login/start",
            &json!({ "email": "ida@example.se" }),
        )
        .await,
        404,
    )
    .await;
    problem(
        app.post_json(
            "/api/v1/auth/passkey/register/start",
            &json!({ "email": "x@example.se" }),
        )
        .await,
        422,
    )
    .await;
}

async fn per_client_limits_behind_a_trusted_proxy(engine: Engine) {
    let mut config = backend::config::ServeConfig::for_tests();
    config.accounts.trust_proxy = true;
    let app = crate::helpers::spawn_app_with(engine, config).await;
    let send = |n: usize, client: &'static str| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/v1/auth/email/start"))
                // A client's own X-Forwarded-For entry comes first; the proxy appends the real one.
                .header("x-forwarded-for", format!("6.6.6.6, {client}"))
                .json(&json!({ "email": format!("p{n}@example.se") }))
                .send()
                .await
                .unwrap()
        }
    };
    for n in 0..10 {
        assert_eq!(send(n, "203.0.113.5").await.status().as_u16(), 202);
    }
    problem(send(10, "203.0.113.5").await, 429).await;
    // Another client behind the same proxy is not held up.
    assert_eq!(send(11, "203.0.113.9").await.status().as_u16(), 202);
    // Another process on the same database counts the same codes: the
    // client is refused there too (and after a restart).
    let mut config = backend::config::ServeConfig::for_tests();
    config.accounts.trust_proxy = true;
    let other = app.another_process(config).await;
    let refused = app
        .client
        .post(format!("{other}/api/v1/auth/email/start"))
        .header("x-forwarded-for", "6.6.6.6, 203.0.113.5")
        .json(&json!({ "email": "p12@example.se" }))
        .send()
        .await
        .unwrap();
    problem(refused, 429).await;
}

/// Five wrong guesses in all use a code up, however many processes they
/// went to (the count is the code's row, not a process's memory).
async fn a_code_guessed_across_processes_is_used_up_after_five_in_all(engine: Engine) {
    let app = spawn_app(engine).await;
    let other = app
        .another_process(backend::config::ServeConfig::for_tests())
        .await;
    ask_code(&app, "bo@example.se").await;
    let code = code_from_outbox(&app, "bo@example.se").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let verify_at = |base: String, code: String| {
        let client = app.client.clone();
        async move {
            client
                .post(format!("{base}/api/v1/auth/email/verify"))
                .json(&json!({ "email": "bo@example.se", "code": code }))
                .send()
                .await
                .unwrap()
        }
    };
    for n in 0..5 {
        let base = if n % 2 == 0 {
            app.address.clone()
        } else {
            other.clone()
        };
        problem(verify_at(base, wrong.to_string()).await, 422).await;
    }
    let body = problem(verify_at(other.clone(), code).await, 422).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("Ask for a new one"),
        "{body}"
    );
}
on_both_engines!(a_code_guessed_across_processes_is_used_up_after_five_in_all);

async fn a_signed_in_person_pays_their_category_price(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    crate::rules::add_tariffs(&app, f.venue_id).await;
    let me = sign_in(&app, "ung@example.se").await;
    let update =
        json!({ "name": "Ung Spelare", "phone": "", "language": "sv", "category": "youth" });
    me.send(
        &app,
        reqwest::Method::PUT,
        "/api/v1/me/profile",
        Some(update),
    )
    .await;

    let start = tomorrow_at(10);
    let path = format!(
        "/api/v1/courts/{}/quote?starts_at={}",
        f.court_id,
        start.to_rfc3339().replace('+', "%2B")
    );
    // The guest price (adult) and the youth price, for the same slot.
    let guest = json(app.get(&path).await).await;
    let mine = json(me.get(&app, &path).await).await;
    assert_eq!(guest["price"]["amount_minor"], 12000);
    assert_eq!(
        (
            mine["price"]["amount_minor"].clone(),
            mine["category"].clone()
        ),
        (json!(6000), json!("youth"))
    );

    // The booking charges what the quote showed.
    let booking = json(
        me.post(
            &app,
            "/api/v1/bookings",
            Some(json!({ "court_id": f.court_id, "starts_at": start, "name": "Ung Spelare", "email": "ung@example.se" })),
        )
        .await,
    )
    .await;
    assert_eq!(booking["price"], mine["price"]);
}

/// The origin of the tests' pages (LEDIG_PUBLIC_URL in `ServeConfig::for_tests`).
const PAGE_ORIGIN: &str = "http://localhost:8080";

impl Person {
    /// The person a sign-in answer (200 with a cookie) signed in.
    pub async fn from_sign_in(response: reqwest::Response) -> Person {
        assert_eq!(response.status().as_u16(), 200);
        let cookie = session_cookie(&response);
        let body = json(response).await;
        Person {
            cookie,
            csrf: body["csrf_token"].as_str().unwrap().to_string(),
        }
    }
}

/// Registers `passkey` for a new account with `email` (not signed in).
async fn register_new(app: &TestApp, passkey: &mut SoftPasskey, email: &str) -> reqwest::Response {
    let start = app
        .post_json(
            "/api/v1/auth/passkey/register/start",
            &json!({ "email": email, "name": "Mallory" }),
        )
        .await;
    assert_eq!(start.status().as_u16(), 200);
    let start = json(start).await;
    let credential = passkey.create(&start["options"]);
    app.post_json(
        "/api/v1/auth/passkey/register/finish",
        &json!({ "challenge_id": start["challenge_id"], "credential": credential }),
    )
    .await
}

/// Starts a passkey sign-in for `email`: the challenge (`None` on 404).
async fn passkey_login_start(app: &TestApp, email: &str) -> Option<Value> {
    let start = app
        .post_json(
            "/api/v1/auth/passkey/login/start",
            &json!({ "email": email }),
        )
        .await;
    match start.status().as_u16() {
        200 => Some(json(start).await),
        _ => {
            problem(start, 404).await;
            None
        }
    }
}

async fn passkey_login_finish(
    app: &TestApp,
    passkey: &mut SoftPasskey,
    challenge: &Value,
) -> reqwest::Response {
    let credential = passkey.get(&challenge["options"]);
    app.post_json(
        "/api/v1/auth/passkey/login/finish",
        &json!({ "challenge_id": challenge["challenge_id"], "credential": credential }),
    )
    .await
}

/// Issue 14, item 2. Mallory creates an account with a passkey for Vera's
/// address before Vera ever signs in. Vera books as a guest, then signs in
/// with a code sent to her address and lands in that account. From that
/// first proof on, Mallory's passkey, sessions, pending sign-in and
/// calendar feed are worth nothing, and she never sees Vera's bookings.
async fn a_passkey_registered_for_someone_elses_address_is_dropped_at_its_first_proof(
    engine: Engine,
) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let victim = "vera@example.se";
    let mut mallorys_key = SoftPasskey::new(PAGE_ORIGIN);

    // Mallory's account for Vera's address: signed in at once, and again
    // with the passkey later (a second session).
    let mallory = Person::from_sign_in(register_new(&app, &mut mallorys_key, victim).await).await;
    let profile = json(mallory.get(&app, "/api/v1/me/profile").await).await;
    assert_eq!(
        (
            profile["email"].clone(),
            profile["email_verified"].clone(),
            profile["passkeys"].clone()
        ),
        (json!(victim), json!(false), json!(1))
    );
    let challenge = passkey_login_start(&app, victim)
        .await
        .expect("a passkey to sign in with");
    let mallory_again =
        Person::from_sign_in(passkey_login_finish(&app, &mut mallorys_key, &challenge).await).await;
    // A sign-in she starts now and finishes after Vera's proof, and a
    // calendar feed she sets up now.
    let pending = passkey_login_start(&app, victim).await.unwrap();
    let feed = json(mallory.post(&app, "/api/v1/me/calendar-feed", None).await).await;
    let feed_url = feed["url"].as_str().unwrap();
    let feed_path = feed_url[feed_url.find("/api/v1/").unwrap()..].to_string();

    // Vera books as a guest with her address: an unproved account does not see it.
    let guest = json(
        app.post_json(
            "/api/v1/bookings",
            &json!({ "court_id": f.court_id, "starts_at": tomorrow_at(9), "name": "Vera", "email": "Vera@Example.se" }),
        )
        .await,
    )
    .await;
    app.post(&format!(
        "/api/v1/payments/demo/{}/confirm",
        guest["id"].as_str().unwrap()
    ))
    .await;
    let seen = json(mallory.get(&app, "/api/v1/me/bookings").await).await;
    assert_eq!(seen["upcoming"], json!([]), "{seen}");
    let calendar = app.get(&feed_path).await.text().await.unwrap();
    assert!(!calendar.contains("VEVENT"), "{calendar}");

    // Vera proves her address: the same account, now hers alone.
    let vera = sign_in(&app, victim).await;
    let profile = json(vera.get(&app, "/api/v1/me/profile").await).await;
    assert_eq!(profile["email_verified"], true);
    assert_eq!(profile["passkeys"], 0, "{profile}");
    let mine = json(vera.get(&app, "/api/v1/me/bookings").await).await;
    assert_eq!(mine["upcoming"][0]["id"], guest["id"]);
    let sessions = json(vera.get(&app, "/api/v1/me/sessions").await).await;
    assert_eq!(sessions.as_array().unwrap().len(), 1, "{sessions}");

    // Mallory: both sessions ended, nothing to read.
    for session in [&mallory, &mallory_again] {
        problem(session.get(&app, "/api/v1/me/bookings").await, 401).await;
        problem(session.get(&app, "/api/v1/me/profile").await, 401).await;
        let anonymous = json(session.get(&app, "/api/v1/session").await).await;
        assert_eq!(anonymous["account"], Value::Null);
    }
    // The sign-in she had started does not finish, and no new one starts.
    let late = passkey_login_finish(&app, &mut mallorys_key, &pending).await;
    assert_eq!(late.status().as_u16(), 422);
    assert!(late.headers().get("set-cookie").is_none());
    assert!(passkey_login_start(&app, victim).await.is_none());
    // Her calendar feed is gone.
    problem(app.get(&feed_path).await, 404).await;
    // Nor can she register a passkey for the address again.
    let again = app
        .post_json(
            "/api/v1/auth/passkey/register/start",
            &json!({ "email": victim, "name": "Mallory" }),
        )
        .await;
    problem(again, 409).await;
    let rows: i64 = backend::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM passkeys").fetch_one(pool).await).unwrap();
    assert_eq!(rows, 0);
}

/// A passkey added after the address was proved is the owner's: later code
/// sign-ins keep it, and it signs in.
async fn a_passkey_added_after_the_proof_stays(engine: Engine) {
    let app = spawn_app(engine).await;
    let owner = sign_in(&app, "wilma@example.se").await;
    let mut key = SoftPasskey::new(PAGE_ORIGIN);
    let start = json(
        owner
            .post(&app, "/api/v1/auth/passkey/register/start", Some(json!({})))
            .await,
    )
    .await;
    let credential = key.create(&start["options"]);
    let finish = owner
        .post(
            &app,
            "/api/v1/auth/passkey/register/finish",
            Some(json!({ "challenge_id": start["challenge_id"], "credential": credential })),
        )
        .await;
    assert_eq!(finish.status().as_u16(), 200);
    assert_eq!(json(finish).await["account"]["passkeys"], 1);

    // Signing in by code again (not the first proof) keeps it and the session.
    sign_in(&app, "wilma@example.se").await;
    let profile = json(owner.get(&app, "/api/v1/me/profile").await).await;
    assert_eq!(profile["passkeys"], 1);
    let challenge = passkey_login_start(&app, "wilma@example.se").await.unwrap();
    let signed_in =
        Person::from_sign_in(passkey_login_finish(&app, &mut key, &challenge).await).await;
    let profile = json(signed_in.get(&app, "/api/v1/me/profile").await).await;
    assert_eq!(profile["email"], "wilma@example.se");
}

/// Issue 14, item 7: guesses at a code are counted and compared in one
/// statement, so 20 wrong guesses sent at once count as at most 5 and use
/// the code up; the right code is refused afterwards.
async fn parallel_wrong_guesses_cannot_pass_the_cap(engine: Engine) {
    // Each guess from its own address, so the per-address limit stays out
    // of the way and only the per-code cap is tested.
    let mut config = backend::config::ServeConfig::for_tests();
    config.accounts.trust_proxy = true;
    let app = spawn_app_with(engine, config).await;
    let email = "gus@example.se";
    ask_code(&app, email).await;
    let code = code_from_outbox(&app, email).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let guess = |n: usize, code: &str| {
        app.client
            .post(app.url("/api/v1/auth/email/verify"))
            .header("x-forwarded-for", format!("198.51.100.{n}"))
            .json(&json!({ "email": email, "code": code }))
            .send()
    };
    let answers = futures::future::join_all((0..20).map(|n| guess(n, wrong))).await;
    for answer in answers {
        problem(answer.unwrap(), 422).await;
    }
    let attempts: i64 = backend::on_db!(&app.db, pool => sqlx::query_scalar("SELECT attempts FROM sign_in_codes WHERE email = $1").bind(email).fetch_one(pool).await).unwrap();
    assert!(attempts <= 5, "{attempts} guesses were counted");
    let refused = problem(guess(99, &code).await.unwrap(), 422).await;
    assert_eq!(refused["field"], "code");
    let accounts: i64 = backend::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM accounts").fetch_one(pool).await).unwrap();
    assert_eq!(accounts, 0);
}

/// Issue 14, item 12: behind a reverse proxy the `Host` header is the
/// proxy's upstream (here 127.0.0.1:port) while browsers send the public
/// origin: that is ours; any other origin is not.
async fn csrf_compares_the_origin_with_the_public_url(engine: Engine) {
    let mut config = backend::config::ServeConfig::for_tests();
    config.accounts.public_url = "https://boka.example.se".into();
    // A production-shaped configuration, so that it starts (see settings.rs).
    config.accounts.smtp_url = Some("smtp://127.0.0.1:9".into());
    config.allow_demo = true;
    let app = spawn_app_with(engine, config).await;
    let f = app.add_fixture().await;
    let post = |origin: String, hour: u32| {
        let app = &app;
        let body = json!({ "court_id": f.court_id, "starts_at": tomorrow_at(hour), "name": "Ola", "email": "ola@example.se" });
        async move {
            app.client
                .post(app.url("/api/v1/bookings"))
                .header("origin", origin)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        post("https://boka.example.se".into(), 8)
            .await
            .status()
            .as_u16(),
        201
    );
    for origin in ["https://evil.example", "http://boka.example.se", "null"] {
        problem(post(origin.into(), 9).await, 403).await;
    }
    // Under https only the public origin counts, not whatever Host says.
    problem(post(app.address.clone(), 10).await, 403).await;
    assert_eq!(app.booking_count().await, 1);
}

/// Issue 14, item 1: the outbox (with everyone's sign-in codes) is shown only
/// with LEDIG_DEV_OUTBOX on.
async fn the_outbox_is_shown_only_in_development(engine: Engine) {
    let app = spawn_app(engine).await;
    assert_eq!(
        ask_code(&app, "ulf@example.se").await.status().as_u16(),
        202
    );
    let code = code_from_outbox(&app, "ulf@example.se").await;
    let page = app.get("/dev/outbox").await;
    assert_eq!(page.status().as_u16(), 404);
    assert!(!page.text().await.unwrap().contains(&code));

    let mut config = backend::config::ServeConfig::for_tests();
    config.accounts.dev_outbox = true;
    let dev = spawn_app_with(engine, config).await;
    assert_eq!(
        ask_code(&dev, "ulf@example.se").await.status().as_u16(),
        202
    );
    let code = code_from_outbox(&dev, "ulf@example.se").await;
    let page = dev.get("/dev/outbox").await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.unwrap().contains(&code));
}

on_both_engines!(
    a_signed_in_person_pays_their_category_price,
    per_client_limits_behind_a_trusted_proxy,
    email_code_signs_in_and_creates_the_account,
    wrong_guesses_use_up_a_code_and_sends_are_limited,
    csrf_and_cross_site_requests_are_refused,
    logout_and_ending_sessions_really_end_them,
    profile_updates_are_checked,
    my_bookings_follow_the_account,
    calendar_feed_lists_confirmed_bookings,
    passkey_routes_refuse_what_they_must,
    a_passkey_registered_for_someone_elses_address_is_dropped_at_its_first_proof,
    a_passkey_added_after_the_proof_stays,
    parallel_wrong_guesses_cannot_pass_the_cap,
    csrf_compares_the_origin_with_the_public_url,
    the_outbox_is_shown_only_in_development,
);
