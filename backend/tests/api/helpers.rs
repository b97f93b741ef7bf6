//! `spawn_app`: the real server on a free port over a fresh database.

use std::str::FromStr;

use backend::{config::ServeConfig, db::Db, on_db, Application};
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use serde_json::Value;
use sqlx::Connection;

#[derive(Debug, Clone, Copy)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: Db,
    /// Where the app's mails land (no SMTP server in these tests).
    pub outbox: std::path::PathBuf,
    /// The server's owner keys: `get`/`post` act as the device that made a
    /// booking (they send its `X-Booking-Key` when the path names one).
    pub owner_keys: backend::bookings::owner::OwnerKeys,
    pub _dir: tempfile::TempDir,
}

/// A test venue open 06:00–23:00 every day with two 60-minute courts.
pub struct Fixture {
    pub venue_id: i64,
    pub court_id: i64,
    pub other_court_id: i64,
}

pub async fn spawn_app(engine: Engine) -> TestApp {
    spawn_app_with(engine, ServeConfig::for_tests()).await
}

/// `spawn_app` with its own settings (e.g. Stripe pointed at a fake).
pub async fn spawn_app_with(engine: Engine, mut config: ServeConfig) -> TestApp {
    // The database file (SQLite) and the mail outbox live in a temporary
    // directory that goes away with the test.
    let dir = tempfile::tempdir().expect("temp dir");
    let db = match engine {
        Engine::Sqlite => {
            let url = format!("sqlite://{}", dir.path().join("ledig.db").display());
            Db::connect(&url).await.expect("open sqlite")
        }
        Engine::Postgres => fresh_postgres().await,
    };
    db.migrate().await.expect("migrate");
    config.accounts.outbox_dir = dir.path().join("outbox");
    let outbox = config.accounts.outbox_dir.clone();
    let app = Application::build_with_db(db.clone(), config)
        .await
        .expect("build app");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let owner_keys = backend::bookings::owner::OwnerKeys::ensure(&db)
        .await
        .expect("owner keys");
    TestApp {
        address,
        client: reqwest::Client::new(),
        db,
        outbox,
        owner_keys,
        _dir: dir,
    }
}

/// A new, empty database on the test cluster named by LEDIG_TEST_POSTGRES_URL
/// (scripts/test starts one and sets it).
async fn fresh_postgres() -> Db {
    Db::connect(&fresh_postgres_url().await)
        .await
        .expect("connect to the new database")
}

/// The URL of a new, empty database on the test cluster.
pub async fn fresh_postgres_url() -> String {
    let admin_url = std::env::var("LEDIG_TEST_POSTGRES_URL").expect(
        "LEDIG_TEST_POSTGRES_URL is not set: run scripts/test, which starts PostgreSQL, \
         or point it at a server where this role may CREATE DATABASE",
    );
    let name = format!("ledig_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect_with(
        &sqlx::postgres::PgConnectOptions::from_str(&admin_url).unwrap(),
    )
    .await
    .expect("connect to the test PostgreSQL");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create database");
    let (base, _) = admin_url.rsplit_once('/').expect("URL with a database");
    format!("{base}/{name}")
}

impl TestApp {
    /// Another server on this app's database, as a second process behind a
    /// load balancer would be (its own memory, the same rows); its address.
    pub async fn another_process(&self, config: ServeConfig) -> String {
        let other = Application::build_with_db(self.db.clone(), config)
            .await
            .expect("build the other app");
        let address = format!("http://127.0.0.1:{}", other.port());
        tokio::spawn(other.run_until_stopped());
        address
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// The owner key of the booking a path names, if it names one
    /// (`/api/v1/bookings/{id}…`, `/api/v1/payments/{provider}/{id}/…`).
    pub fn owner_key_for_path(&self, path: &str) -> Option<String> {
        let path = path.split('?').next().unwrap_or(path);
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let id = match parts.as_slice() {
            ["api", "v1", "bookings", id, ..] => id,
            ["api", "v1", "payments", _, id, ..] => id,
            _ => return None,
        };
        let id = uuid::Uuid::parse_str(id).ok()?;
        Some(self.owner_keys.key_for(id))
    }

    /// As the booking's owner: with its `X-Booking-Key` when the path names one.
    fn as_owner(&self, request: reqwest::RequestBuilder, path: &str) -> reqwest::RequestBuilder {
        match self.owner_key_for_path(path) {
            Some(key) => request.header("X-Booking-Key", key),
            None => request,
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.as_owner(self.client.get(self.url(path)), path)
            .send()
            .await
            .expect("request")
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.as_owner(self.client.post(self.url(path)), path)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn post(&self, path: &str) -> reqwest::Response {
        self.as_owner(self.client.post(self.url(path)), path)
            .send()
            .await
            .expect("request")
    }

    /// Books `starts_at` on `court_id`, as the app does.
    pub async fn book(&self, court_id: i64, starts_at: DateTime<Utc>) -> reqwest::Response {
        self.post_json(
            "/api/v1/bookings",
            &serde_json::json!({ "court_id": court_id, "starts_at": starts_at, "name": "Ada Lovelace", "email": "ada@example.se" }),
        )
        .await
    }

    pub async fn booking_count(&self) -> i64 {
        on_db!(&self.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM bookings").fetch_one(pool).await).unwrap()
    }

    /// Runs a statement on the app's database (to age a hold, say).
    pub async fn exec(&self, sql: &'static str, id: uuid::Uuid, value: i64) {
        on_db!(&self.db, pool => sqlx::query(sql).bind(id).bind(value).execute(pool).await.map(|_| ())).unwrap()
    }

    /// Holds and demo-pays a booking tomorrow at `hour`; `soon` moves it to
    /// start in 5 minutes (inside the 10-minute access margin, so its door
    /// credentials are valid now).
    pub async fn confirmed(&self, court_id: i64, hour: u32, soon: bool) -> shared::Booking {
        let held: shared::Booking = self
            .book(court_id, tomorrow_at(hour))
            .await
            .json()
            .await
            .unwrap();
        if soon {
            let start = Utc::now().timestamp() + 300;
            self.exec(
                "UPDATE bookings SET starts_at = $2, ends_at = $2 + 3600 WHERE id = $1",
                held.id,
                start,
            )
            .await;
        }
        let response = self
            .post(&format!("/api/v1/payments/demo/{}/confirm", held.id))
            .await;
        assert_eq!(response.status().as_u16(), 200);
        response.json().await.unwrap()
    }

    pub async fn add_fixture(&self) -> Fixture {
        let courts = [CourtSpec::tennis("Bana 1"), CourtSpec::tennis("Bana 2")];
        let (venue_id, courts) = self
            .add_venue("Testparkens tennis", 63.8258, 20.263, &courts)
            .await;
        Fixture {
            venue_id,
            court_id: courts[0],
            other_court_id: courts[1],
        }
    }

    /// A venue open 06:00–23:00 every day (Stockholm time) with these courts.
    pub async fn add_venue(
        &self,
        name: &str,
        lat: f64,
        lon: f64,
        courts: &[CourtSpec],
    ) -> (i64, Vec<i64>) {
        on_db!(&self.db, pool => {
            let venue_id: i64 = sqlx::query_scalar(
                "INSERT INTO venues (name, address, city, lat, lon, timezone, description) \
                 VALUES ($1, 'Testvägen 1', 'Umeå', $2, $3, 'Europe/Stockholm', 'For tests') RETURNING id",
            ).bind(name).bind(lat).bind(lon).fetch_one(pool).await.unwrap();
            for weekday in 1..=7i64 {
                sqlx::query("INSERT INTO opening_hours (venue_id, weekday, opens_min, closes_min) VALUES ($1, $2, 360, 1380)")
                    .bind(venue_id).bind(weekday).execute(pool).await.unwrap();
            }
            let mut ids = Vec::new();
            for court in courts {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO courts (venue_id, name, sport, surface, indoor, slot_minutes, price_minor, currency) \
                     VALUES ($1, $2, $3, $4, $5, $6, 15000, 'SEK') RETURNING id",
                ).bind(venue_id).bind(court.name).bind(court.sport).bind(court.surface).bind(court.indoor)
                .bind(court.slot_minutes).fetch_one(pool).await.unwrap();
                ids.push(id);
            }
            (venue_id, ids)
        })
    }
}

/// A court for `add_venue`.
#[derive(Debug, Clone, Copy)]
pub struct CourtSpec {
    pub name: &'static str,
    pub sport: &'static str,
    pub surface: &'static str,
    pub indoor: bool,
    pub slot_minutes: i64,
}

impl CourtSpec {
    pub fn tennis(name: &'static str) -> Self {
        CourtSpec {
            name,
            sport: "tennis",
            surface: "hard",
            indoor: false,
            slot_minutes: 60,
        }
    }
}

/// Tomorrow at `hour:00` in Stockholm, as a UTC instant: always bookable.
pub fn tomorrow_at(hour: u32) -> DateTime<Utc> {
    let tz = chrono_tz::Europe::Stockholm;
    let date = Utc::now().with_timezone(&tz).date_naive() + Duration::days(1);
    tz.from_local_datetime(&date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap()))
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

pub async fn json(response: reqwest::Response) -> Value {
    response.json().await.expect("JSON body")
}

/// Asserts an RFC 9457 problem response and returns its body.
pub async fn problem(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let body = json(response).await;
    assert_eq!(body["status"], status);
    assert!(
        body["title"].is_string() && body["type"].is_string(),
        "{body}"
    );
    body
}

/// The Python with `http_ece` (Mozilla's reference implementation of RFC
/// 8188/8291) and `prometheus_client` (Prometheus's text-format parser),
/// which `scripts/test` installs: `LEDIG_TEST_PYTHON`, else the virtualenv
/// `scripts/lib/setup.sh` makes.
pub fn test_python() -> std::path::PathBuf {
    if let Some(python) = std::env::var_os("LEDIG_TEST_PYTHON") {
        return python.into();
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cache")
        });
    let python = cache.join("ledig/py-tools-2/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/test once (it installs http_ece and prometheus_client from PyPI) or set LEDIG_TEST_PYTHON",
        python.display()
    );
    python
}
