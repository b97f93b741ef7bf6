//! The search benchmark: "courts within 10 km, free in the next 3 hours for
//! at least 60 minutes", measured server-side (the search function itself,
//! from parsed query to page of results, database included) on a generated
//! country: 2,000 venues, 10,000 courts and 1,000,000 bookings over two years.
//!
//!     cargo bench -p backend --bench search
//!
//! SQLite always (a temp file); PostgreSQL too when LEDIG_BENCH_POSTGRES_URL
//! names an empty database. LEDIG_BENCH_QUERIES sets the number of searches
//! (default 2,000). Figures go in docs/BENCHMARKS.md.

use std::{sync::Arc, time::Instant};

use backend::{
    config::ServeConfig,
    db::{BeginWrite, Db},
    on_db,
    search::{self, Search},
    AppState,
};
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use rand::{rngs::StdRng, seq::index::sample, Rng, SeedableRng};
use shared::SearchSort;

const CITIES: [(&str, f64, f64); 20] = [
    ("Stockholm", 59.3293, 18.0686),
    ("Göteborg", 57.7089, 11.9746),
    ("Malmö", 55.6050, 13.0038),
    ("Uppsala", 59.8586, 17.6389),
    ("Västerås", 59.6099, 16.5448),
    ("Örebro", 59.2753, 15.2134),
    ("Linköping", 58.4108, 15.6214),
    ("Helsingborg", 56.0465, 12.6945),
    ("Jönköping", 57.7826, 14.1618),
    ("Norrköping", 58.5877, 16.1924),
    ("Lund", 55.7047, 13.1910),
    ("Umeå", 63.8258, 20.2630),
    ("Gävle", 60.6749, 17.1413),
    ("Borås", 57.7210, 12.9401),
    ("Södertälje", 59.1955, 17.6253),
    ("Eskilstuna", 59.3717, 16.5077),
    ("Halmstad", 56.6745, 12.8578),
    ("Växjö", 56.8777, 14.8091),
    ("Karlstad", 59.4022, 13.5115),
    ("Sundsvall", 62.3908, 17.3069),
];
const VENUES: usize = 2_000;
const COURTS_PER_VENUE: usize = 5;
const BOOKINGS: usize = 1_000_000;
const DAYS: i64 = 730;
/// Opening 07:00–22:00: 15 hourly slots a day.
const SLOTS_PER_DAY: i64 = 15;

fn bar(len: u64, message: &str) -> ProgressBar {
    ProgressBar::new(len)
        .with_style(
            ProgressStyle::with_template("{msg:32} {bar:40} {pos}/{len} {elapsed}").unwrap(),
        )
        .with_message(message.to_string())
}

/// Offsets a point by up to `km` in a random direction.
fn scatter(rng: &mut StdRng, lat: f64, lon: f64, km: f64) -> (f64, f64) {
    let r = km * rng.random::<f64>().sqrt();
    let angle = rng.random::<f64>() * std::f64::consts::TAU;
    let dlat = r * angle.cos() / 111.0;
    let dlon = r * angle.sin() / (111.32 * lat.to_radians().cos());
    (lat + dlat, lon + dlon)
}

async fn generate(db: &Db, start: DateTime<Utc>) -> anyhow::Result<()> {
    let mut rng = StdRng::seed_from_u64(2026);
    let tz = chrono_tz::Europe::Stockholm;
    let first_day = start.with_timezone(&tz).date_naive() - Duration::days(DAYS / 2);
    let per_court = BOOKINGS / (VENUES * COURTS_PER_VENUE);
    let progress = bar(
        (VENUES * COURTS_PER_VENUE) as u64,
        "generating courts and bookings",
    );
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        for v in 0..VENUES {
            let (city, lat, lon) = CITIES[v % CITIES.len()];
            let (lat, lon) = scatter(&mut rng, lat, lon, 12.0);
            let venue_id: i64 = sqlx::query_scalar(
                "INSERT INTO venues (name, address, city, lat, lon, timezone, description) \
                 VALUES ($1, 'Bänkvägen 1', $2, $3, $4, 'Europe/Stockholm', '') RETURNING id")
                .bind(format!("Bänkplan {v}")).bind(city).bind(lat).bind(lon)
                .fetch_one(&mut *tx).await?;
            for weekday in 1..=7i64 {
                sqlx::query("INSERT INTO opening_hours (venue_id, weekday, opens_min, closes_min) VALUES ($1, $2, 420, 1320)")
                    .bind(venue_id).bind(weekday).execute(&mut *tx).await?;
            }
            for c in 0..COURTS_PER_VENUE {
                let court_id: i64 = sqlx::query_scalar(
                    "INSERT INTO courts (venue_id, name, sport, surface, indoor, slot_minutes, price_minor, currency) \
                     VALUES ($1, $2, $3, 'hard', $4, 60, 15000, 'SEK') RETURNING id")
                    .bind(venue_id).bind(format!("Bana {}", c + 1))
                    .bind(if c == 4 { "padel" } else { "tennis" }).bind(c == 3)
                    .fetch_one(&mut *tx).await?;
                // Distinct slots per court: no two bookings overlap.
                let picks = sample(&mut rng, (DAYS * SLOTS_PER_DAY) as usize, per_court);
                let mut rows = Vec::with_capacity(per_court);
                for pick in picks.iter() {
                    let (day, hour) = (pick as i64 / SLOTS_PER_DAY, pick as i64 % SLOTS_PER_DAY);
                    let date = first_day + Duration::days(day);
                    let local = date.and_time(NaiveTime::from_hms_opt(7 + hour as u32, 0, 0).unwrap());
                    let Some(at) = tz.from_local_datetime(&local).earliest() else { continue };
                    let at = at.with_timezone(&Utc).timestamp();
                    rows.push((uuid::Uuid::new_v4(), at));
                }
                let mut insert = sqlx::QueryBuilder::new(
                    "INSERT INTO bookings (id, court_id, starts_at, ends_at, status, name, email, price_minor, currency, created_at) ");
                insert.push_values(rows, |mut row, (id, at)| {
                    row.push_bind(id).push_bind(court_id).push_bind(at).push_bind(at + 3600)
                        .push_bind("confirmed").push_bind("Bench").push_bind("bench@example.se")
                        .push_bind(15000i64).push_bind("SEK").push_bind(at - 86400);
                });
                insert.build().execute(&mut *tx).await?;
                progress.inc(1);
            }
        }
        tx.commit().await?;
    });
    progress.finish_and_clear();
    Ok(())
}

async fn measure(engine: &str, db: Db, queries: usize) -> anyhow::Result<String> {
    // Searches at 16:00 on a weekday some weeks ahead: the evening peak.
    let tz = chrono_tz::Europe::Stockholm;
    let now = Utc::now();
    generate(&db, now).await?;
    analyze(&db).await?;
    let mut day = now.with_timezone(&tz).date_naive() + Duration::days(21);
    while grid_weekday(day) > 5 {
        day += Duration::days(1);
    }
    let at = tz
        .from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(16, 0, 0).unwrap()))
        .earliest()
        .unwrap()
        .with_timezone(&Utc);
    let state = AppState {
        db: db.clone(),
        hold: Duration::minutes(10),
        client_config: Arc::new(shared::ClientConfig {
            tile_url: ServeConfig::for_tests().tile_url,
            tile_attribution: String::new(),
            default_lat: 0.0,
            default_lon: 0.0,
            default_zoom: 1,
            operator_name: String::new(),
            contact_email: None,
            card_payments: false,
            retention: shared::RetentionPeriods {
                sessions_days: 30,
                sign_in_codes_hours: 24,
                unpaid_holds_days: 30,
                access_entries_days: 90,
                push_messages_days: 7,
            },
        }),
        accounts: Arc::new(
            backend::accounts::Accounts::from_config(&ServeConfig::for_tests().accounts)
                .expect("accounts settings"),
        ),
        hold_limits: backend::bookings::hold_limit::HoldLimits {
            per_client: u32::MAX,
            per_person: u32::MAX,
        },
        owner_keys: backend::bookings::owner::OwnerKeys::ensure(&db).await?,
    };
    let mut rng = StdRng::seed_from_u64(7);
    let progress = bar(queries as u64, &format!("searching ({engine})"));
    let (mut samples, mut hits, mut free) = (Vec::with_capacity(queries), 0usize, 0usize);
    for _ in 0..queries {
        let (_, lat, lon) = CITIES[rng.random_range(0..CITIES.len())];
        let (lat, lon) = scatter(&mut rng, lat, lon, 6.0);
        let started = Instant::now();
        let search = Search {
            center: Some((lat, lon)),
            radius_m: 10_000.0,
            sport: None,
            indoor: None,
            surface: None,
            from: at,
            to: at + Duration::hours(3),
            min: Duration::minutes(60),
            only_free: true,
            sort: SearchSort::Distance,
            page: 1,
            per_page: 20,
        };
        let page = search::run(&state, &search, at - Duration::hours(1))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        samples.push(started.elapsed());
        hits += page.total as usize;
        free += page.venues.iter().map(|v| v.next_free.len()).sum::<usize>();
        progress.inc(1);
    }
    progress.finish_and_clear();
    samples.sort();
    let pick =
        |p: f64| samples[((samples.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1000.0;
    Ok(format!(
        "{engine}: {queries} searches, p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {:.1} venues matched and {:.1} free times listed per search",
        pick(0.5),
        pick(0.95),
        pick(0.99),
        pick(1.0),
        hits as f64 / queries as f64,
        free as f64 / queries as f64
    ))
}

fn grid_weekday(date: chrono::NaiveDate) -> u8 {
    backend::availability::grid::iso_weekday(date)
}

/// Fresh planner statistics after the bulk load, as an operator would have.
async fn analyze(db: &Db) -> anyhow::Result<()> {
    on_db!(db, pool => sqlx::query("ANALYZE").execute(pool).await.map(|_| ()))?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let queries: usize = std::env::var("LEDIG_BENCH_QUERIES")
        .ok()
        .and_then(|q| q.parse().ok())
        .unwrap_or(2_000);
    let mut report = Vec::new();
    let dir = tempfile::tempdir()?;
    let sqlite = Db::connect(&format!(
        "sqlite://{}",
        dir.path().join("bench.db").display()
    ))
    .await?;
    sqlite.migrate().await?;
    report.push(measure("sqlite", sqlite, queries).await?);
    println!("{}", report[0]);
    if let Ok(url) = std::env::var("LEDIG_BENCH_POSTGRES_URL") {
        let pg = Db::connect(&url).await?;
        pg.migrate().await?;
        report.push(measure("postgres", pg, queries).await?);
    }
    for line in &report {
        println!("{line}");
    }
    println!("search benchmark done: {} engines measured.", report.len());
    Ok(())
}
