//! Demo data: fictional venues around Umeå, Göteborg and Malmö with some
//! bookings already made, so a first run looks like a real week.

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rand::{rngs::StdRng, Rng, SeedableRng};
use serde::Deserialize;

use crate::{
    availability::grid::{self, Opening, SlotRule},
    db::{BeginWrite, Db},
    on_db,
};

const DEMO_JSON: &str = include_str!("../seed/demo.json");

/// Share of slots in the coming week that are already booked in the demo.
const BOOKED_SHARE: f64 = 0.35;
const DAYS: i64 = 7;

#[derive(Debug, Deserialize)]
pub struct DemoData {
    pub venues: Vec<DemoVenue>,
}

#[derive(Debug, Deserialize)]
pub struct DemoVenue {
    pub name: String,
    pub address: String,
    pub city: String,
    pub lat: f64,
    pub lon: f64,
    pub timezone: String,
    pub description: String,
    /// Open data: how accessible the venue is, its county and who runs it.
    #[serde(default)]
    pub accessibility: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub operator: String,
    pub opening_hours: Vec<DemoHours>,
    pub courts: Vec<DemoCourt>,
    /// The venue's booking, cancellation and pricing rules; none: the defaults.
    #[serde(default)]
    pub rules: Option<DemoRules>,
}

/// A venue's rules in the demo data (the `venue_rules` and `tariffs` rows).
#[derive(Debug, Deserialize)]
pub struct DemoRules {
    pub min_notice_minutes: u32,
    pub max_days_ahead: u32,
    pub max_active_bookings: Option<u32>,
    pub cancel_deadline_hours: u32,
    pub late_cancellation: shared::rules::LateCancellation,
    pub vat_basis_points: u32,
    pub tariffs: Vec<DemoTariff>,
}

#[derive(Debug, Deserialize)]
pub struct DemoTariff {
    /// Only this court (by name); every court of the venue when absent.
    #[serde(default)]
    pub court: Option<String>,
    pub category: shared::CustomerCategory,
    pub weekdays: Vec<u8>,
    pub from: String,
    pub to: String,
    pub band: shared::rules::TimeBand,
    pub price_minor: i64,
    /// `slot` or `hour`.
    pub per: String,
}

#[derive(Debug, Deserialize)]
pub struct DemoHours {
    pub weekday: u8,
    pub opens: String,
    pub closes: String,
}

#[derive(Debug, Deserialize)]
pub struct DemoCourt {
    pub name: String,
    pub sport: String,
    pub surface: String,
    pub indoor: bool,
    pub slot_minutes: u32,
    pub price_minor: i64,
}

pub fn demo_data() -> anyhow::Result<DemoData> {
    serde_json::from_str(DEMO_JSON).context("backend/seed/demo.json is not valid demo data")
}

/// `HH:MM` (or `24:00`) to minutes since midnight.
fn minutes(hm: &str) -> anyhow::Result<u32> {
    let (h, m) = hm
        .split_once(':')
        .with_context(|| format!("bad time {hm:?}"))?;
    let (h, m): (u32, u32) = (h.parse()?, m.parse()?);
    anyhow::ensure!(m < 60 && h * 60 + m <= 24 * 60, "bad time {hm:?}");
    Ok(h * 60 + m)
}

/// Loads the demo data into an empty database; leaves a non-empty one alone.
/// Returns a one-line summary.
pub async fn seed_demo(db: &Db, now: DateTime<Utc>) -> anyhow::Result<String> {
    let existing: i64 = on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM venues").fetch_one(pool).await)?;
    if existing > 0 {
        return Ok(format!(
            "The database already has {existing} venues; demo data not loaded."
        ));
    }
    let data = demo_data()?;
    let (mut venues, mut courts, mut bookings) = (0, 0, 0);
    on_db!(db, pool => {
        // One transaction: a failed seed leaves nothing half-written.
        let mut tx = pool.begin_write().await?;
        for venue in &data.venues {
            let tz: Tz = venue.timezone.parse().map_err(|_| anyhow::anyhow!("bad time zone {:?}", venue.timezone))?;
            let venue_id: i64 = sqlx::query_scalar(
                "INSERT INTO venues (name, address, city, lat, lon, timezone, description, accessibility, region, operator) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(&venue.name).bind(&venue.address).bind(&venue.city).bind(venue.lat).bind(venue.lon)
            .bind(&venue.timezone).bind(&venue.description)
            .bind(&venue.accessibility).bind(&venue.region).bind(&venue.operator)
            .fetch_one(&mut *tx).await?;
            venues += 1;
            let mut hours = Vec::new();
            for h in &venue.opening_hours {
                let day = Opening { opens_min: minutes(&h.opens)?, closes_min: minutes(&h.closes)? };
                sqlx::query("INSERT INTO opening_hours (venue_id, weekday, opens_min, closes_min) VALUES ($1, $2, $3, $4)")
                    .bind(venue_id).bind(i64::from(h.weekday)).bind(i64::from(day.opens_min)).bind(i64::from(day.closes_min))
                    .execute(&mut *tx).await?;
                hours.push((h.weekday, day));
            }
            let mut court_ids = Vec::new();
            for court in &venue.courts {
                let court_id: i64 = sqlx::query_scalar(
                    "INSERT INTO courts (venue_id, name, sport, surface, indoor, slot_minutes, price_minor, currency) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 'SEK') RETURNING id",
                )
                .bind(venue_id).bind(&court.name).bind(&court.sport).bind(&court.surface).bind(court.indoor)
                .bind(i64::from(court.slot_minutes)).bind(court.price_minor)
                .fetch_one(&mut *tx).await?;
                court_ids.push((court.name.as_str(), court_id));
                courts += 1;
                // The same court gets the same demo week every time.
                let mut rng = StdRng::seed_from_u64(court_id as u64);
                let today = grid::local_date(tz, now);
                for offset in 0..DAYS {
                    let date = today + Duration::days(offset);
                    let Some(&(_, day)) = hours.iter().find(|(w, _)| *w == grid::iso_weekday(date)) else { continue };
                    let rule = SlotRule { length_min: court.slot_minutes, offset_min: 0 };
                    for slot in grid::opening_grid(tz, date, day, rule) {
                        if !rng.random_bool(BOOKED_SHARE) {
                            continue;
                        }
                        sqlx::query(
                            "INSERT INTO bookings (id, court_id, starts_at, ends_at, status, name, email, \
                             price_minor, currency, hold_expires_at, door_code, created_at) \
                             VALUES ($1, $2, $3, $4, 'confirmed', 'Demo player', 'demo@ledig.invalid', $5, 'SEK', NULL, $6, $7)",
                        )
                        .bind(uuid::Uuid::new_v4()).bind(court_id)
                        .bind(slot.starts_at.timestamp()).bind(slot.ends_at.timestamp())
                        .bind(court.price_minor).bind(format!("{:06}", rng.random_range(0..1_000_000)))
                        .bind(now.timestamp())
                        .execute(&mut *tx).await?;
                        bookings += 1;
                    }
                }
            }
            if let Some(rules) = &venue.rules {
                use shared::rules::LateCancellation;
                let (policy, fee_minor, fee_percent) = match &rules.late_cancellation {
                    LateCancellation::Fee { amount_minor } => ("fee_minor", *amount_minor, 0),
                    LateCancellation::FeePercent { percent } => ("fee_percent", 0, i64::from(*percent)),
                    LateCancellation::NoRefund => ("no_refund", 0, 0),
                };
                sqlx::query(
                    "INSERT INTO venue_rules (venue_id, min_notice_minutes, max_days_ahead, max_active_bookings, \
                     cancel_deadline_hours, late_cancel_policy, late_cancel_fee_minor, late_cancel_fee_percent, vat_basis_points) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(venue_id).bind(i64::from(rules.min_notice_minutes)).bind(i64::from(rules.max_days_ahead))
                .bind(rules.max_active_bookings.map(i64::from)).bind(i64::from(rules.cancel_deadline_hours))
                .bind(policy).bind(fee_minor).bind(fee_percent).bind(i64::from(rules.vat_basis_points))
                .execute(&mut *tx).await?;
                for t in &rules.tariffs {
                    let court_id = match &t.court {
                        None => None,
                        Some(name) => Some(court_ids.iter().find(|(n, _)| n == name).map(|(_, id)| *id)
                            .with_context(|| format!("{}: tariff for unknown court {name:?}", venue.name))?),
                    };
                    let weekdays: String = t.weekdays.iter().map(|d| d.to_string()).collect();
                    sqlx::query(
                        "INSERT INTO tariffs (venue_id, court_id, category, weekdays, starts_min, ends_min, band, price_minor, per) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    )
                    .bind(venue_id).bind(court_id).bind(t.category.as_str()).bind(weekdays)
                    .bind(i64::from(minutes(&t.from)?)).bind(i64::from(minutes(&t.to)?))
                    .bind(t.band.as_str()).bind(t.price_minor).bind(&t.per)
                    .execute(&mut *tx).await?;
                }
            }
        }
        tx.commit().await?;
    });
    Ok(format!(
        "Loaded demo data: {venues} venues, {courts} courts, {bookings} bookings."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_data_is_big_enough_and_sane() {
        let data = demo_data().unwrap();
        assert!(data.venues.len() >= 12);
        assert!(data.venues.iter().map(|v| v.courts.len()).sum::<usize>() >= 40);
        for city in ["Umeå", "Göteborg", "Malmö"] {
            assert!(data.venues.iter().any(|v| v.city == city), "{city}");
        }
        for v in &data.venues {
            assert!(v.timezone.parse::<Tz>().is_ok());
            for h in &v.opening_hours {
                assert!((1..=7).contains(&h.weekday));
                assert!(
                    minutes(&h.opens).unwrap() < minutes(&h.closes).unwrap(),
                    "{}",
                    v.name
                );
            }
        }
    }

    #[test]
    fn demo_rules_are_sane() {
        let data = demo_data().unwrap();
        let with_rules: Vec<_> = data.venues.iter().filter(|v| v.rules.is_some()).collect();
        assert!(with_rules.len() >= 2);
        for v in with_rules {
            let rules = v.rules.as_ref().unwrap();
            assert_eq!(rules.vat_basis_points, 600, "{}", v.name);
            for t in &rules.tariffs {
                assert!(
                    minutes(&t.from).unwrap() < minutes(&t.to).unwrap(),
                    "{}",
                    v.name
                );
                assert!(t.weekdays.iter().all(|d| (1..=7).contains(d)));
                assert!(t.per == "hour" || t.per == "slot");
                assert!(t
                    .court
                    .as_ref()
                    .is_none_or(|c| v.courts.iter().any(|k| &k.name == c)));
            }
        }
    }

    #[test]
    fn times_parse() {
        assert_eq!(minutes("07:30").unwrap(), 450);
        assert_eq!(minutes("24:00").unwrap(), 1440);
        assert!(minutes("24:01").is_err());
        assert!(minutes("7").is_err());
    }
}
