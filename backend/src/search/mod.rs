//! Finding a court: venues near a point with their next free times,
//! filtered by sport, indoor/outdoor, surface, time window and duration.

pub mod store;

use std::collections::HashMap;

use axum::{extract::State, routing::get, Json, Router};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use shared::{search::distance_m, FreeTime, SearchSort, VenueHit, VenuePage, VenueSummary};

use crate::{
    availability::{
        free::free_stretches,
        grid::{self, GridSlot, SlotRule},
        hours::{Exception, Schedule},
    },
    bookings::store::TakenInterval,
    db::Db,
    error::{AppError, AppResult},
    extract::ApiQuery,
    venues::store::{weekly, CourtRow, HoursRow},
    AppState,
};
use store::BoundingBox;

/// Radius used when a position is given without one.
pub const DEFAULT_RADIUS_KM: f64 = 10.0;
/// Larger radii are capped to this.
pub const MAX_RADIUS_KM: f64 = 100.0;
/// The longest time window one search may cover.
pub const MAX_WINDOW_DAYS: i64 = 14;
/// The longest window without a point: the search then covers every venue,
/// so its window is one local day (25 hours, for the day clocks go back).
pub const MAX_WINDOW_HOURS_WITHOUT_POINT: i64 = 25;
pub const MAX_PER_PAGE: u32 = 100;
/// Free times listed per venue.
const NEXT_FREE_PER_VENUE: usize = 3;

pub fn router() -> Router<AppState> {
    Router::new().route("/venues", get(search_venues))
}

/// Query string of the venue search. Every parameter is optional.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    // Kept as strings so a bad value gets its own readable message (see
    // `Search::parse`), and an empty one counts as left out; `value_type`
    // and `pattern` tell the OpenAPI document what is meant.
    /// Latitude of the searched point (WGS84); needs `lon`.
    #[param(value_type = Option<f64>, minimum = -90, maximum = 90)]
    pub lat: Option<String>,
    /// Longitude of the searched point (WGS84); needs `lat`.
    #[param(value_type = Option<f64>, minimum = -180, maximum = 180)]
    pub lon: Option<String>,
    /// Radius around the point in km (default 10, capped at 100).
    #[param(value_type = Option<f64>, exclusive_minimum = 0)]
    pub radius_km: Option<String>,
    /// Only courts for this sport, e.g. `tennis`.
    pub sport: Option<String>,
    /// Only indoor (`true`) or outdoor (`false`) courts.
    #[param(value_type = Option<bool>)]
    pub indoor: Option<String>,
    /// Only courts with this surface, e.g. `clay`.
    pub surface: Option<String>,
    /// Start of the time window (RFC 3339); default now.
    #[param(pattern = r"^(\d{4}-\d{2}-\d{2}T.+)?$")]
    pub from: Option<String>,
    /// End of the time window (RFC 3339); default 24 hours after `from`, at
    /// most 14 days after it with `lat`/`lon`, at most 25 hours without
    /// (the search then covers every venue).
    #[param(pattern = r"^(\d{4}-\d{2}-\d{2}T.+)?$")]
    pub to: Option<String>,
    /// Minimum free minutes in a row (default: one slot).
    #[param(value_type = Option<u32>, maximum = 1440)]
    pub min_minutes: Option<String>,
    /// Only venues with free time in the window. Default: true when `from`,
    /// `to` or `min_minutes` is given, else false (the map shows every venue).
    #[param(value_type = Option<bool>)]
    pub only_free: Option<String>,
    /// `distance` (default; by name without a point) or `earliest_free`.
    pub sort: Option<String>,
    /// 1-based page (default 1).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 4294967295_u64)]
    pub page: Option<String>,
    /// Results per page (default 20, at most 100).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

/// The parsed, checked search.
#[derive(Debug, Clone)]
pub struct Search {
    pub center: Option<(f64, f64)>,
    pub radius_m: f64,
    pub sport: Option<String>,
    pub indoor: Option<bool>,
    pub surface: Option<String>,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub min: Duration,
    pub only_free: bool,
    pub sort: SearchSort,
    pub page: u32,
    pub per_page: u32,
}

fn bad(field: &str, message: impl Into<String>) -> AppError {
    AppError::BadRequest {
        field: Some(field.to_string()),
        message: message.into(),
    }
}

fn number<T: std::str::FromStr>(
    field: &str,
    raw: Option<&str>,
    what: &str,
) -> AppResult<Option<T>> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse()
            .map(Some)
            .map_err(|_| bad(field, format!("{field} must be {what}, got {s:?}."))),
    }
}

fn instant(field: &str, raw: Option<&str>) -> AppResult<Option<DateTime<Utc>>> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|_| {
                bad(
                    field,
                    format!("{field} must be a time like 2026-06-01T17:00:00+02:00, got {s:?}."),
                )
            }),
    }
}

fn text(raw: Option<String>) -> Option<String> {
    raw.map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
}

impl Search {
    pub fn parse(q: SearchQuery, now: DateTime<Utc>) -> AppResult<Search> {
        let lat: Option<f64> = number("lat", q.lat.as_deref(), "a latitude in degrees")?;
        let lon: Option<f64> = number("lon", q.lon.as_deref(), "a longitude in degrees")?;
        let center = match (lat, lon) {
            (Some(lat), Some(lon)) => {
                if !(-90.0..=90.0).contains(&lat) {
                    return Err(bad("lat", "lat must be between -90 and 90."));
                }
                if !(-180.0..=180.0).contains(&lon) {
                    return Err(bad("lon", "lon must be between -180 and 180."));
                }
                Some((lat, lon))
            }
            (None, None) => None,
            (Some(_), None) => return Err(bad("lon", "Give lon together with lat.")),
            (None, Some(_)) => return Err(bad("lat", "Give lat together with lon.")),
        };
        let radius_km: Option<f64> =
            number("radius_km", q.radius_km.as_deref(), "a distance in km")?;
        if radius_km.is_some() && center.is_none() {
            return Err(bad(
                "radius_km",
                "radius_km needs a point: give lat and lon too.",
            ));
        }
        let radius_km = radius_km.unwrap_or(DEFAULT_RADIUS_KM);
        if !radius_km.is_finite() || radius_km <= 0.0 {
            return Err(bad("radius_km", "radius_km must be more than 0."));
        }
        let indoor = number::<bool>("indoor", q.indoor.as_deref(), "true or false")?;
        let only_free = number::<bool>("only_free", q.only_free.as_deref(), "true or false")?;
        let min_minutes: Option<u32> = number(
            "min_minutes",
            q.min_minutes.as_deref(),
            "a whole number of minutes",
        )?;
        if min_minutes.is_some_and(|m| m > 24 * 60) {
            return Err(bad(
                "min_minutes",
                "min_minutes can be at most 1440 (a day).",
            ));
        }
        let asked_from = instant("from", q.from.as_deref())?;
        let asked_to = instant("to", q.to.as_deref())?;
        let from = asked_from.unwrap_or(now).max(now);
        let to = asked_to.unwrap_or(from + Duration::hours(24));
        if to <= from {
            return Err(bad("to", "to must be after from (and after now)."));
        }
        if to - from > Duration::days(MAX_WINDOW_DAYS) {
            return Err(bad(
                "to",
                format!("The time window can be at most {MAX_WINDOW_DAYS} days."),
            ));
        }
        if center.is_none() && to - from > Duration::hours(MAX_WINDOW_HOURS_WITHOUT_POINT) {
            return Err(bad(
                "to",
                format!(
                    "Without a point the time window can be at most \
                     {MAX_WINDOW_HOURS_WITHOUT_POINT} hours; give lat and lon to search up to \
                     {MAX_WINDOW_DAYS} days."
                ),
            ));
        }
        let sort = match text(q.sort).as_deref() {
            None | Some("distance") => SearchSort::Distance,
            Some("earliest_free") => SearchSort::EarliestFree,
            Some(other) => {
                return Err(bad(
                    "sort",
                    format!("sort must be distance or earliest_free, got {other:?}."),
                ))
            }
        };
        let page: u32 = number("page", q.page.as_deref(), "a page number from 1")?.unwrap_or(1);
        let per_page: u32 =
            number("per_page", q.per_page.as_deref(), "a number from 1 to 100")?.unwrap_or(20);
        if page == 0 {
            return Err(bad("page", "page starts at 1."));
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(bad(
                "per_page",
                format!("per_page must be from 1 to {MAX_PER_PAGE}."),
            ));
        }
        Ok(Search {
            center,
            radius_m: radius_km.min(MAX_RADIUS_KM) * 1000.0,
            sport: text(q.sport),
            indoor,
            surface: text(q.surface),
            from,
            to,
            min: Duration::minutes(i64::from(min_minutes.unwrap_or(0))),
            only_free: only_free
                .unwrap_or(asked_from.is_some() || asked_to.is_some() || min_minutes.is_some()),
            sort,
            page,
            per_page,
        })
    }

    fn wants(&self, court: &CourtRow) -> bool {
        self.sport
            .as_ref()
            .is_none_or(|s| court.sport.eq_ignore_ascii_case(s))
            && self
                .surface
                .as_ref()
                .is_none_or(|s| court.surface.eq_ignore_ascii_case(s))
            && self.indoor.is_none_or(|indoor| court.indoor == indoor)
    }

    fn filters_courts(&self) -> bool {
        self.sport.is_some() || self.surface.is_some() || self.indoor.is_some()
    }
}

/// Venues, nearest first (with `lat`/`lon`), each with its next free times.
#[utoipa::path(get, path = "/api/v1/venues", tag = "venues",
    params(SearchQuery),
    responses(
        (status = 200, description = "One page of matching venues", body = VenuePage),
        (status = 400, description = "A parameter is invalid (named in `field`)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn search_venues(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> AppResult<Json<VenuePage>> {
    let search = Search::parse(query, Utc::now())?;
    Ok(Json(run(&state, &search, Utc::now()).await?))
}

/// What a search cost: the venues whose slots were computed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Work {
    pub venues_scheduled: usize,
}

/// Runs a parsed search.
pub async fn run(state: &AppState, search: &Search, now: DateTime<Utc>) -> AppResult<VenuePage> {
    Ok(run_on(&state.db, search, now).await?.0)
}

/// A venue that passed the court filters, before its free times are known.
struct Candidate<'a> {
    hit: VenueHit,
    schedule: Schedule,
    wanted: Vec<&'a CourtRow>,
}

/// Runs a parsed search and says what it cost. Slots are the expensive
/// part, so they are computed only where the answer needs them: for every
/// venue when free time filters or orders the list (`only_free`,
/// `earliest_free`), else for the venues of the asked page alone.
pub async fn run_on(db: &Db, search: &Search, now: DateTime<Utc>) -> AppResult<(VenuePage, Work)> {
    let bbox = match search.center {
        Some((lat, lon)) => BoundingBox::around(lat, lon, search.radius_m),
        None => BoundingBox::WORLD,
    };
    let exceptions_from = (search.from - Duration::days(2)).date_naive();
    let c = store::candidates(db, bbox, search.from, search.to, exceptions_from, now).await?;

    let mut courts: HashMap<i64, Vec<&CourtRow>> = HashMap::new();
    for court in &c.courts {
        courts.entry(court.venue_id).or_default().push(court);
    }
    let mut hours: HashMap<i64, Vec<HoursRow>> = HashMap::new();
    for row in &c.hours {
        hours.entry(row.venue_id).or_default().push(row.hours);
    }
    let mut exceptions: HashMap<i64, Vec<Exception>> = HashMap::new();
    for row in &c.exceptions {
        exceptions
            .entry(row.venue_id)
            .or_default()
            .extend(row.to_exception());
    }
    let mut taken: HashMap<i64, Vec<TakenInterval>> = HashMap::new();
    for t in &c.taken {
        taken.entry(t.court_id).or_default().push(t.clone());
    }

    let mut candidates = Vec::new();
    for venue in c.venues {
        let distance = search
            .center
            .map(|(lat, lon)| distance_m(lat, lon, venue.lat, venue.lon));
        if distance.is_some_and(|d| d > search.radius_m) {
            continue;
        }
        let all_courts = courts.remove(&venue.id).unwrap_or_default();
        let wanted: Vec<&CourtRow> = all_courts
            .iter()
            .copied()
            .filter(|c| search.wants(c))
            .collect();
        if wanted.is_empty() && search.filters_courts() {
            continue;
        }
        let Ok(tz) = venue.timezone.parse::<chrono_tz::Tz>() else {
            tracing::warn!(
                venue = venue.id,
                "skipping a venue with an unknown time zone"
            );
            continue;
        };
        let schedule = Schedule {
            tz,
            weekly: weekly(hours.get(&venue.id).map(Vec::as_slice).unwrap_or_default()),
            exceptions: exceptions.remove(&venue.id).unwrap_or_default(),
        };
        let mut sports: Vec<String> = all_courts.iter().map(|c| c.sport.clone()).collect();
        sports.sort();
        sports.dedup();
        let mut surfaces: Vec<String> = all_courts.iter().map(|c| c.surface.clone()).collect();
        surfaces.sort();
        surfaces.dedup();
        candidates.push(Candidate {
            hit: VenueHit {
                indoor: all_courts.iter().any(|c| c.indoor),
                surfaces,
                distance_m: distance.map(|d| d.round() as u32),
                next_free: Vec::new(),
                venue: VenueSummary {
                    id: venue.id,
                    name: venue.name,
                    address: venue.address,
                    city: venue.city,
                    lat: venue.lat,
                    lon: venue.lon,
                    sports,
                    court_count: all_courts.len() as u32,
                },
            },
            schedule,
            wanted,
        });
    }

    let mut work = Work::default();
    let mut fill = |candidate: &mut Candidate| {
        work.venues_scheduled += 1;
        candidate.hit.next_free = next_free(&candidate.schedule, &candidate.wanted, &taken, search);
    };
    let skip = ((search.page - 1) as usize).saturating_mul(search.per_page as usize);
    let needs_all = search.only_free || search.sort == SearchSort::EarliestFree;
    if needs_all {
        candidates.iter_mut().for_each(&mut fill);
        if search.only_free {
            candidates.retain(|c| !c.hit.next_free.is_empty());
        }
    }
    candidates.sort_by(|a, b| order(&a.hit, &b.hit, search.sort));
    let total = candidates.len() as u32;
    let mut page: Vec<Candidate> = candidates
        .into_iter()
        .skip(skip)
        .take(search.per_page as usize)
        .collect();
    if !needs_all {
        page.iter_mut().for_each(&mut fill);
    }
    Ok((
        VenuePage {
            venues: page.into_iter().map(|c| c.hit).collect(),
            page: search.page,
            per_page: search.per_page,
            total,
        },
        work,
    ))
}

/// The earliest free stretches in the window across the wanted courts.
fn next_free(
    schedule: &Schedule,
    courts: &[&CourtRow],
    taken: &HashMap<i64, Vec<TakenInterval>>,
    search: &Search,
) -> Vec<FreeTime> {
    let tz = schedule.tz;
    let (first, last) = (
        grid::local_date(tz, search.from),
        grid::local_date(tz, search.to),
    );
    let mut found: Vec<FreeTime> = Vec::new();
    // A venue's courts mostly share one grid: compute each grid once.
    let mut grids: HashMap<SlotRule, Vec<GridSlot>> = HashMap::new();
    for court in courts {
        let slots = grids.entry(court.slot_rule()).or_insert_with(|| {
            first
                .iter_days()
                .take_while(|d| *d <= last)
                .flat_map(|date| schedule.day_slots(date, court.slot_rule()))
                .collect()
        });
        let court_taken = taken.get(&court.id).map(Vec::as_slice).unwrap_or_default();
        let stretches = free_stretches(
            slots,
            court.id,
            court_taken,
            search.from,
            search.to,
            search.min,
        );
        found.extend(
            stretches
                .into_iter()
                .take(NEXT_FREE_PER_VENUE)
                .map(|s| FreeTime {
                    court_id: court.id,
                    court_name: court.name.clone(),
                    starts_at: s.starts_at,
                    ends_at: s.ends_at,
                    local_date: grid::local_date(tz, s.starts_at),
                    local_start: grid::local_hm(tz, s.starts_at),
                }),
        );
    }
    found.sort_by(|a, b| {
        a.starts_at
            .cmp(&b.starts_at)
            .then(a.court_name.cmp(&b.court_name))
    });
    found.truncate(NEXT_FREE_PER_VENUE);
    found
}

/// The list's order: by distance (by name without a point), or by the
/// earliest free time, venues with none last.
fn order(a: &VenueHit, b: &VenueHit, sort: SearchSort) -> std::cmp::Ordering {
    let by_name = |a: &VenueHit, b: &VenueHit| {
        a.venue
            .name
            .cmp(&b.venue.name)
            .then(a.venue.id.cmp(&b.venue.id))
    };
    let by_distance =
        |a: &VenueHit, b: &VenueHit| a.distance_m.cmp(&b.distance_m).then_with(|| by_name(a, b));
    match sort {
        SearchSort::Distance => by_distance(a, b),
        SearchSort::EarliestFree => {
            let first = |h: &VenueHit| h.next_free.first().map(|f| f.starts_at);
            match (first(a), first(b)) {
                (Some(x), Some(y)) => x.cmp(&y).then_with(|| by_distance(a, b)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => by_distance(a, b),
            }
        }
    }
}
