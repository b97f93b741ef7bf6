//! Importing venues and courts from open data: `ledig import osm FILE`.
//!
//! [`import_osm`] reads OpenStreetMap Overpass JSON, finds the tennis pitches
//! ([`osm`]), groups them into venues ([`grouping`], which documents the rule)
//! and creates or updates the venues and courts in one write transaction: a
//! file that fails half-way leaves nothing written.
//!
//! Re-importing is idempotent. Each court remembers its pitch
//! (`courts.osm_ref`, "way/456") and each venue its key (`venues.osm_ref`, the
//! smallest member pitch). A venue is found by its key, else through the
//! courts it already has from the file's pitches (so a venue survives a new
//! smaller pitch joining it). Found rows get the file's names, addresses,
//! positions, surfaces and indoor flags; hours only when the file has
//! `opening_hours` the import understands; price, slot length, time zone,
//! description and `operator` are set when a row is created and then left
//! to the people who run the venue in Ledig.
//! Nothing is ever deleted: a court whose pitch has left OSM (within the
//! area the file covers) is kept, with its bookings, and reported as gone.

pub mod grouping;
pub mod osm;
pub mod tags;

use std::{
    collections::{HashMap, HashSet},
    fmt,
};

use indicatif::{ProgressBar, ProgressStyle};

use crate::{
    db::{BeginWrite, Db},
    on_db,
};
use grouping::VenuePlan;
use tags::{Week, DEFAULT_WEEK};

/// Settings of an OSM import (the flags of `ledig import osm`).
#[derive(Debug, Clone)]
pub struct OsmOptions {
    /// City for venues whose OSM data has no `addr:city`.
    pub city: String,
    /// IANA time zone of new venues.
    pub timezone: String,
    /// Price of an hour on a new court, in whole kronor.
    pub price_sek: u32,
    /// Show a progress bar on a terminal.
    pub progress: bool,
}

impl Default for OsmOptions {
    fn default() -> Self {
        OsmOptions {
            city: String::new(),
            timezone: "Europe/Stockholm".into(),
            price_sek: 150,
            progress: false,
        }
    }
}

/// Slot length of imported courts, in minutes.
pub const SLOT_MINUTES: i64 = 60;

/// New, changed and untouched rows of one kind.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.new + self.updated + self.unchanged
    }

    fn describe(&self, one: &str, many: &str) -> String {
        let total = self.total();
        let noun = if total == 1 { one } else { many };
        let mut s = format!("{total} {noun} ({} new, {} updated", self.new, self.updated);
        if self.unchanged > 0 {
            s += &format!(", {} unchanged", self.unchanged);
        }
        s + ")"
    }
}

/// A court made by an earlier import whose pitch this file no longer has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoneCourt {
    pub court_id: i64,
    pub name: String,
    pub osm_ref: String,
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ImportSummary {
    pub venues: Counts,
    pub courts: Counts,
    /// Tennis pitches without a position in the file (not imported).
    pub skipped_no_position: usize,
    /// Kept, but no longer in OSM.
    pub gone: Vec<GoneCourt>,
    /// Things the operator may want to look at.
    pub warnings: Vec<String>,
}

impl ImportSummary {
    /// "Imported osm FILE: 3 venues (2 new, 1 updated), …".
    pub fn line(&self, source: &str) -> String {
        format!("Imported osm {source}: {self}.")
    }
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let skipped = self.skipped_no_position;
        write!(
            f,
            "{}, {}, {skipped} {} skipped (no position)",
            self.venues.describe("venue", "venues"),
            self.courts.describe("court", "courts"),
            if skipped == 1 { "pitch" } else { "pitches" },
        )?;
        if !self.gone.is_empty() {
            let n = self.gone.len();
            let noun = if n == 1 { "court" } else { "courts" };
            write!(f, ", {n} {noun} gone from OSM (kept)")?;
        }
        Ok(())
    }
}

/// Imports the tennis pitches of an Overpass JSON document. Bad JSON, a
/// document that is not Overpass output or a bad option is an error, and
/// then nothing is written.
pub async fn import_osm(
    db: &Db,
    json: &str,
    options: &OsmOptions,
) -> anyhow::Result<ImportSummary> {
    options
        .timezone
        .parse::<chrono_tz::Tz>()
        .map_err(|_| anyhow::anyhow!("unknown time zone {:?}", options.timezone))?;
    let price_minor = i64::from(options.price_sek) * 100;
    let doc = osm::parse(json)?;
    let extract = osm::extract(&doc);
    drop(doc);
    let plans = grouping::plan(&extract, &options.city);

    let mut summary = ImportSummary {
        skipped_no_position: extract.unplaced.len(),
        ..ImportSummary::default()
    };
    if extract.pitches.is_empty() && extract.unplaced.is_empty() {
        summary
            .warnings
            .push("the file has no tennis pitches (leisure=pitch with sport=tennis)".into());
    }
    for osm in &extract.unplaced {
        summary
            .warnings
            .push(format!("{osm} has no position in the file; skipped"));
    }
    let in_file: HashSet<String> = extract
        .pitches
        .iter()
        .map(|p| p.osm)
        .chain(extract.unplaced.iter().copied())
        .map(|r| r.to_string())
        .collect();
    let area = Area::of(&extract);

    let progress = if options.progress {
        ProgressBar::new(extract.pitches.len() as u64)
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) = ProgressStyle::with_template("Importing courts [{bar:40}] {pos}/{len}") {
        progress.set_style(style.progress_chars("=> "));
    }

    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let venues: Vec<ExistingVenue> = sqlx::query_as(EXISTING_VENUES).fetch_all(&mut *tx).await?;
        let courts: Vec<ExistingCourt> = sqlx::query_as(EXISTING_COURTS).fetch_all(&mut *tx).await?;
        let matched = match_venues(&plans, &venues, &courts);
        let court_by_ref: HashMap<&str, &ExistingCourt> =
            courts.iter().map(|c| (c.osm_ref.as_str(), c)).collect();

        for (plan, existing) in plans.iter().zip(matched) {
            let key = plan.key.to_string();
            let venue_id = match existing.map(|i| &venues[i]) {
                Some(v) => {
                    let city = if plan.city.is_empty() { &v.city } else { &plan.city };
                    let mut changed = v.name != plan.name
                        || v.address != plan.address
                        || &v.city != city
                        || (v.lat - plan.position.lat).abs() > 1e-9
                        || (v.lon - plan.position.lon).abs() > 1e-9
                        || v.osm_ref.as_deref() != Some(key.as_str());
                    if changed {
                        sqlx::query(
                            "UPDATE venues SET name = $1, address = $2, city = $3, lat = $4, lon = $5, osm_ref = $6 \
                             WHERE id = $7",
                        )
                        .bind(&plan.name).bind(&plan.address).bind(city)
                        .bind(plan.position.lat).bind(plan.position.lon).bind(&key).bind(v.id)
                        .execute(&mut *tx).await?;
                    }
                    if let Some(week) = &plan.hours {
                        let stored: Vec<(i64, i64, i64)> = sqlx::query_as(
                            "SELECT weekday, opens_min, closes_min FROM opening_hours WHERE venue_id = $1 ORDER BY weekday",
                        )
                        .bind(v.id).fetch_all(&mut *tx).await?;
                        if stored != week_rows(week) {
                            sqlx::query("DELETE FROM opening_hours WHERE venue_id = $1")
                                .bind(v.id).execute(&mut *tx).await?;
                            for (weekday, opens, closes) in week_rows(week) {
                                sqlx::query("INSERT INTO opening_hours (venue_id, weekday, opens_min, closes_min) VALUES ($1, $2, $3, $4)")
                                    .bind(v.id).bind(weekday).bind(opens).bind(closes)
                                    .execute(&mut *tx).await?;
                            }
                            changed = true;
                        }
                    }
                    if changed { summary.venues.updated += 1 } else { summary.venues.unchanged += 1 }
                    v.id
                }
                None => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO venues (name, address, city, lat, lon, timezone, description, osm_ref, operator) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                    )
                    .bind(&plan.name).bind(&plan.address).bind(&plan.city)
                    .bind(plan.position.lat).bind(plan.position.lon)
                    .bind(&options.timezone).bind(&plan.description).bind(&key).bind(&plan.operator)
                    .fetch_one(&mut *tx).await?;
                    for (weekday, opens, closes) in week_rows(plan.hours.as_ref().unwrap_or(&DEFAULT_WEEK)) {
                        sqlx::query("INSERT INTO opening_hours (venue_id, weekday, opens_min, closes_min) VALUES ($1, $2, $3, $4)")
                            .bind(id).bind(weekday).bind(opens).bind(closes)
                            .execute(&mut *tx).await?;
                    }
                    summary.venues.new += 1;
                    id
                }
            };
            if let Some(value) = &plan.unparsed_hours {
                let kept = if existing.is_some() { "its hours are unchanged" } else { "it opens 07:00–22:00 every day" };
                summary.warnings.push(format!(
                    "{} ({key}): opening_hours {value:?} is not a form the import reads; {kept}",
                    plan.name
                ));
            }

            for court in &plan.courts {
                let osm_ref = court.osm.to_string();
                match court_by_ref.get(osm_ref.as_str()) {
                    Some(c) if c.venue_id == venue_id
                        && c.name == court.name
                        && c.surface == court.surface
                        && c.indoor == court.indoor =>
                    {
                        summary.courts.unchanged += 1;
                    }
                    Some(c) => {
                        sqlx::query("UPDATE courts SET venue_id = $1, name = $2, surface = $3, indoor = $4 WHERE id = $5")
                            .bind(venue_id).bind(&court.name).bind(court.surface).bind(court.indoor).bind(c.id)
                            .execute(&mut *tx).await?;
                        summary.courts.updated += 1;
                    }
                    None => {
                        sqlx::query(
                            "INSERT INTO courts (venue_id, name, sport, surface, indoor, slot_minutes, price_minor, currency, osm_ref) \
                             VALUES ($1, $2, 'tennis', $3, $4, $5, $6, 'SEK', $7)",
                        )
                        .bind(venue_id).bind(&court.name).bind(court.surface).bind(court.indoor)
                        .bind(SLOT_MINUTES).bind(price_minor).bind(&osm_ref)
                        .execute(&mut *tx).await?;
                        summary.courts.new += 1;
                    }
                }
                progress.inc(1);
            }
        }

        for c in &courts {
            if !in_file.contains(&c.osm_ref) && area.is_some_and(|a| a.contains(c.venue_lat, c.venue_lon)) {
                summary.warnings.push(format!(
                    "court {} \"{}\" ({}) is gone from OSM; kept",
                    c.id, c.name, c.osm_ref
                ));
                summary.gone.push(GoneCourt { court_id: c.id, name: c.name.clone(), osm_ref: c.osm_ref.clone() });
            }
        }
        tx.commit().await?;
    });
    progress.finish_and_clear();
    Ok(summary)
}

/// Venues an earlier import made, and venues holding courts it made.
const EXISTING_VENUES: &str = "SELECT id, osm_ref, name, address, city, lat, lon FROM venues \
     WHERE osm_ref IS NOT NULL OR id IN (SELECT venue_id FROM courts WHERE osm_ref IS NOT NULL)";

/// Courts an earlier import made, with where their venue is.
const EXISTING_COURTS: &str =
    "SELECT c.id, c.venue_id, c.osm_ref, c.name, c.surface, c.indoor, v.lat AS venue_lat, v.lon AS venue_lon \
     FROM courts c JOIN venues v ON v.id = c.venue_id WHERE c.osm_ref IS NOT NULL ORDER BY c.id";

#[derive(Debug, Clone, sqlx::FromRow)]
struct ExistingVenue {
    id: i64,
    osm_ref: Option<String>,
    name: String,
    address: String,
    city: String,
    lat: f64,
    lon: f64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct ExistingCourt {
    id: i64,
    venue_id: i64,
    osm_ref: String,
    name: String,
    surface: String,
    indoor: bool,
    venue_lat: f64,
    venue_lon: f64,
}

/// Which existing venue (index into `venues`) each plan updates; `None`:
/// a new venue. First by key, then, for the rest, the unclaimed venue that
/// holds most of the plan's courts (ties: the oldest).
fn match_venues(
    plans: &[VenuePlan],
    venues: &[ExistingVenue],
    courts: &[ExistingCourt],
) -> Vec<Option<usize>> {
    let by_key: HashMap<&str, usize> = venues
        .iter()
        .enumerate()
        .filter_map(|(i, v)| Some((v.osm_ref.as_deref()?, i)))
        .collect();
    let by_id: HashMap<i64, usize> = venues.iter().enumerate().map(|(i, v)| (v.id, i)).collect();
    let venue_of_court: HashMap<&str, i64> = courts
        .iter()
        .map(|c| (c.osm_ref.as_str(), c.venue_id))
        .collect();
    let mut claimed = HashSet::new();
    let mut matched: Vec<Option<usize>> = plans
        .iter()
        .map(|p| {
            let i = *by_key.get(p.key.to_string().as_str())?;
            claimed.insert(i);
            Some(i)
        })
        .collect();
    for (plan, slot) in plans.iter().zip(matched.iter_mut()) {
        if slot.is_some() {
            continue;
        }
        let mut votes: HashMap<usize, usize> = HashMap::new();
        for court in &plan.courts {
            if let Some(i) = venue_of_court
                .get(court.osm.to_string().as_str())
                .and_then(|id| by_id.get(id))
            {
                if !claimed.contains(i) {
                    *votes.entry(*i).or_default() += 1;
                }
            }
        }
        if let Some((&i, _)) = votes
            .iter()
            .max_by(|(a, na), (b, nb)| na.cmp(nb).then(venues[**b].id.cmp(&venues[**a].id)))
        {
            claimed.insert(i);
            *slot = Some(i);
        }
    }
    matched
}

/// A week as `opening_hours` rows: (weekday 1–7, opens, closes).
fn week_rows(week: &Week) -> Vec<(i64, i64, i64)> {
    week.iter()
        .enumerate()
        .filter_map(|(day, hours)| {
            let h = hours.as_ref()?;
            Some((
                day as i64 + 1,
                i64::from(h.opens_min),
                i64::from(h.closes_min),
            ))
        })
        .collect()
}

/// The area a file covers: the box around its pitches and named areas, with
/// a margin of about 2 km. Courts of earlier imports outside it are not
/// reported as gone (so importing one city at a time works).
#[derive(Debug, Clone, Copy)]
struct Area {
    min_lat: f64,
    max_lat: f64,
    min_lon: f64,
    max_lon: f64,
}

impl Area {
    const MARGIN_LAT: f64 = 0.02;
    const MARGIN_LON: f64 = 0.04;

    fn of(extract: &osm::Extract) -> Option<Area> {
        let mut points = extract
            .pitches
            .iter()
            .map(|p| p.position)
            .chain(extract.areas.iter().map(|a| a.position));
        let first = points.next()?;
        let mut area = Area {
            min_lat: first.lat,
            max_lat: first.lat,
            min_lon: first.lon,
            max_lon: first.lon,
        };
        for p in points {
            area.min_lat = area.min_lat.min(p.lat);
            area.max_lat = area.max_lat.max(p.lat);
            area.min_lon = area.min_lon.min(p.lon);
            area.max_lon = area.max_lon.max(p.lon);
        }
        Some(area)
    }

    fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.min_lat - Self::MARGIN_LAT..=self.max_lat + Self::MARGIN_LAT).contains(&lat)
            && (self.min_lon - Self::MARGIN_LON..=self.max_lon + Self::MARGIN_LON).contains(&lon)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_reads_as_one_line() {
        let mut s = ImportSummary {
            venues: Counts {
                new: 2,
                updated: 1,
                unchanged: 0,
            },
            courts: Counts {
                new: 7,
                updated: 2,
                unchanged: 0,
            },
            skipped_no_position: 1,
            ..ImportSummary::default()
        };
        assert_eq!(
            s.line("umea.json"),
            "Imported osm umea.json: 3 venues (2 new, 1 updated), 9 courts (7 new, 2 updated), 1 pitch skipped (no position)."
        );
        s.venues = Counts {
            new: 0,
            updated: 0,
            unchanged: 1,
        };
        s.skipped_no_position = 0;
        s.gone.push(GoneCourt {
            court_id: 1,
            name: "Bana 1".into(),
            osm_ref: "way/1".into(),
        });
        assert_eq!(
            s.to_string(),
            "1 venue (0 new, 0 updated, 1 unchanged), 9 courts (7 new, 2 updated), 0 pitches skipped (no position), 1 court gone from OSM (kept)"
        );
    }

    #[test]
    fn week_rows_skip_closed_days() {
        let mut week = DEFAULT_WEEK;
        week[2] = None;
        let rows = week_rows(&week);
        assert_eq!(rows.len(), 6);
        assert_eq!(rows[0], (1, 420, 1320));
        assert_eq!(rows[2].0, 4);
    }
}
