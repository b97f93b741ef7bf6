//! Settings that are wrong, or unsafe for a public server, stop `ledig
//! serve` at start with a message naming the setting (issue 14, items 1
//! and 14): through `Application::build`, and through the real binary.

use std::{
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use backend::{
    config::{DatabaseConfig, ServeConfig},
    Application,
};

/// A production-shaped configuration: https, mail over SMTP, Stripe keys,
/// no demo data. It starts.
fn production() -> ServeConfig {
    let mut config = ServeConfig::for_tests();
    config.accounts.public_url = "https://boka.example.se".into();
    // Never dialled: nothing here sends mail.
    config.accounts.smtp_url = Some("smtp://127.0.0.1:9".into());
    config.stripe.secret_key = Some("sk_test_settings".into());
    config.stripe.webhook_secret = Some("whsec_settings".into());
    config.stripe.publishable_key = Some("pk_test_settings".into());
    config
}

/// What `Application::build` says about `config`; `Ok` when it started,
/// and whether it had touched the database by then.
async fn build(config: ServeConfig) -> (Result<(), String>, bool) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ledig.db");
    let database = DatabaseConfig {
        database_url: format!("sqlite://{}", file.display()),
    };
    let result = Application::build(&database, config)
        .await
        .map(|_| ())
        .map_err(|e| format!("{e:#}"));
    (result, file.exists())
}

async fn refused(config: ServeConfig, names: &[&str]) {
    let (result, touched) = build(config).await;
    let message = result.expect_err("the server should refuse to start");
    for name in names {
        assert!(message.contains(name), "{message:?} does not name {name}");
    }
    assert!(!touched, "refused only after opening the database");
}

#[tokio::test]
async fn a_production_configuration_starts() {
    let (result, _) = build(production()).await;
    result.unwrap();
    // A public demo, explicitly.
    let mut demo = production();
    demo.stripe = Default::default();
    demo.seed_demo = true;
    demo.allow_demo = true;
    build(demo).await.0.unwrap();
}

#[tokio::test]
async fn https_without_smtp_refuses_to_start() {
    let mut config = production();
    config.accounts.smtp_url = None;
    refused(config, &["LEDIG_PUBLIC_URL", "LEDIG_SMTP_URL"]).await;
    // Not even for a demo: sign-in codes would reach nobody.
    let mut config = production();
    config.accounts.smtp_url = None;
    config.allow_demo = true;
    refused(config, &["LEDIG_SMTP_URL"]).await;
}

#[tokio::test]
async fn https_with_the_dev_outbox_refuses_to_start() {
    let mut config = production();
    config.accounts.dev_outbox = true;
    refused(config.clone(), &["LEDIG_DEV_OUTBOX"]).await;
    config.allow_demo = true;
    config.accounts.smtp_url = None;
    refused(config, &["LEDIG_DEV_OUTBOX"]).await;
    // Over http (development) it is fine.
    let mut dev = ServeConfig::for_tests();
    dev.accounts.dev_outbox = true;
    build(dev).await.0.unwrap();
}

#[tokio::test]
async fn https_with_demo_payments_or_demo_data_needs_allow_demo() {
    let mut config = production();
    config.stripe = Default::default();
    refused(config, &["LEDIG_STRIPE_SECRET_KEY", "LEDIG_ALLOW_DEMO"]).await;
    let mut config = production();
    config.seed_demo = true;
    refused(config, &["LEDIG_SEED_DEMO", "LEDIG_ALLOW_DEMO"]).await;
}

#[tokio::test]
async fn out_of_range_numbers_refuse_to_start() {
    let mut config = ServeConfig::for_tests();
    config.hold_minutes = 0;
    refused(config, &["LEDIG_HOLD_MINUTES"]).await;
    let mut config = ServeConfig::for_tests();
    config.accounts.session_days = 0;
    refused(config, &["LEDIG_SESSION_DAYS"]).await;
}

/// `ledig serve` with `env` (and nothing else from the environment): its
/// exit code and standard error. A server that starts instead is stopped
/// and reported.
fn serve(env: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ledig"))
        .arg("serve")
        .env_clear()
        .env("LEDIG_LOG", "warn")
        .env(
            "LEDIG_DATABASE_URL",
            format!("sqlite://{}", dir.path().join("ledig.db").display()),
        )
        .env("LEDIG_ADDR", "127.0.0.1:0")
        .env("LEDIG_SEED_DEMO", "false")
        .env("LEDIG_OUTBOX_DIR", dir.path().join("outbox"))
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
            return (status.code(), stderr);
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("ledig serve started with {env:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_binary_names_the_bad_setting() {
    for (env, name) in [
        (
            ("LEDIG_ACCESS_MARGIN_MINUTES", "-5"),
            "LEDIG_ACCESS_MARGIN_MINUTES",
        ),
        (
            ("LEDIG_ACCESS_SKEW_SECONDS", "lots"),
            "LEDIG_ACCESS_SKEW_SECONDS",
        ),
        (("LEDIG_NO_SHOW_MINUTES", "0"), "LEDIG_NO_SHOW_MINUTES"),
        (("LEDIG_ACCESS_FEED_HOURS", "-1"), "LEDIG_ACCESS_FEED_HOURS"),
        (
            ("LEDIG_ACCESS_CODE_DIGITS", "12"),
            "LEDIG_ACCESS_CODE_DIGITS",
        ),
        (("LEDIG_HOLD_MINUTES", "-5"), "LEDIG_HOLD_MINUTES"),
        (("LEDIG_HOLD_MINUTES", "0"), "LEDIG_HOLD_MINUTES"),
        (("LEDIG_SESSION_DAYS", "ten"), "LEDIG_SESSION_DAYS"),
        (("LEDIG_DEV_OUTBOX", "yes"), "LEDIG_DEV_OUTBOX"),
        (("LEDIG_SEED_DEMO", "no"), "LEDIG_SEED_DEMO"),
        (("LEDIG_CONTACT_EMAIL", "kommunen"), "LEDIG_CONTACT_EMAIL"),
    ] {
        let (code, stderr) = serve(&[env]);
        assert!(
            matches!(code, Some(1 | 2)),
            "{env:?}: exit {code:?}, {stderr}"
        );
        assert!(stderr.contains(name), "{env:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{env:?}: {stderr}");
    }
}

#[test]
fn the_binary_refuses_an_unsafe_public_server() {
    let https = ("LEDIG_PUBLIC_URL", "https://boka.example.se");
    let (code, stderr) = serve(&[https]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("LEDIG_SMTP_URL"), "{stderr}");

    let smtp = ("LEDIG_SMTP_URL", "smtp://127.0.0.1:9");
    let (code, stderr) = serve(&[https, smtp, ("LEDIG_DEV_OUTBOX", "true")]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("LEDIG_DEV_OUTBOX"), "{stderr}");

    let (code, stderr) = serve(&[https, smtp]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("LEDIG_ALLOW_DEMO"), "{stderr}");
}
