//! The state of the venue search, as carried by the query string of `/`
//! (`/?view=list&lat=..&lon=..&sport=tennis&window=3h&min=60&sort=earliest_free`),
//! and how it becomes a request to `GET /api/v1/venues`.
//!
//! Every field is kept as text so that one odd value in a shared link is
//! ignored on its own instead of throwing the whole search away.

use chrono::{DateTime, Duration, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::format::{sport_label, weekday_short};
use crate::i18n::msg;

/// Cities offered when the position is unknown, with their centres.
pub const CITIES: &[(&str, f64, f64)] = &[
    ("Umeå", 63.8258, 20.2630),
    ("Göteborg", 57.7089, 11.9746),
    ("Malmö", 55.6050, 13.0038),
    ("Stockholm", 59.3293, 18.0686),
];

/// The search radius (km) around a position.
pub const RADIUS_KM: u32 = 25;

/// A search as it appears in the URL of `/`. `None` means "the default".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchQuery {
    /// `map` or `list` (phones show one at a time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<String>,
    /// What the position is: `me` or a city name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub near: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sport: Option<String>,
    /// `indoor` or `outdoor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surface: Option<String>,
    /// A [`Window`] key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<String>,
    /// Custom window, local `YYYY-MM-DDTHH:MM` (as `<input type="datetime-local">` gives).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Minimum free minutes in a row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<String>,
    /// `distance` or `earliest_free`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
}

/// The time windows offered as presets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// The next 24 hours, every venue shown (free or not).
    Any,
    /// Starting within the next hour.
    Now,
    ThreeHours,
    /// Today 17–21 (tomorrow's once today's is over).
    Evening,
    Tomorrow,
    Custom,
}

impl Window {
    pub const ALL: [Window; 6] = [
        Window::Any,
        Window::Now,
        Window::ThreeHours,
        Window::Evening,
        Window::Tomorrow,
        Window::Custom,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Window::Any => "any",
            Window::Now => "now",
            Window::ThreeHours => "3h",
            Window::Evening => "evening",
            Window::Tomorrow => "tomorrow",
            Window::Custom => "custom",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Window::Any => msg::search_window_any(),
            Window::Now => msg::search_window_now(),
            Window::ThreeHours => msg::search_window_three_hours(),
            Window::Evening => msg::search_window_evening(),
            Window::Tomorrow => msg::search_window_tomorrow(),
            Window::Custom => msg::search_window_custom(),
        }
    }

    pub fn from_key(key: &str) -> Option<Window> {
        Window::ALL.into_iter().find(|w| w.key() == key)
    }
}

/// The options of each filter, as their keys in the URL (`""`: any); their
/// labels come from the `*_option` functions below.
pub const SPORTS: &[&str] = &["", "tennis", "padel"];
pub const PLACES: &[&str] = &["", "indoor", "outdoor"];
pub const SURFACES: &[&str] = &["", "hard", "clay", "carpet", "artificial_grass", "grass"];
pub const DURATIONS: &[&str] = &["", "30", "60", "90", "120"];
pub const SORTS: &[&str] = &["distance", "earliest_free"];

/// The label of a [`SPORTS`] option.
pub fn sport_option(key: &str) -> String {
    match key {
        "" => msg::search_any_sport().to_string(),
        sport => sport_label(sport),
    }
}

/// The label of a [`PLACES`] option.
pub fn place_option(key: &str) -> String {
    match key {
        "indoor" => msg::search_place_indoor(),
        "outdoor" => msg::search_place_outdoor(),
        _ => msg::search_place_any(),
    }
    .to_string()
}

/// The label of a [`SURFACES`] option (the filter says "Hard court" where a
/// venue card says "hard").
pub fn surface_option(key: &str) -> String {
    match key {
        "hard" => msg::search_surface_hard(),
        "clay" => msg::search_surface_clay(),
        "carpet" => msg::search_surface_carpet(),
        "artificial_grass" => msg::search_surface_artificial_grass(),
        "grass" => msg::search_surface_grass(),
        _ => msg::search_surface_any(),
    }
    .to_string()
}

/// The label of a [`DURATIONS`] option: `60 min`.
pub fn duration_option(key: &str) -> String {
    match key {
        "" => msg::search_duration_any().to_string(),
        minutes => msg::search_duration_minutes(minutes),
    }
}

/// The label of a [`SORTS`] option.
pub fn sort_option(key: &str) -> String {
    match key {
        "distance" => msg::search_sort_distance(),
        _ => msg::search_sort_earliest_free(),
    }
    .to_string()
}

/// What a search's position stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum Near {
    /// The device's own position ("near me").
    Me,
    /// One of the [`CITIES`] (or whatever name a shared link gives).
    City(String),
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A local `YYYY-MM-DDTHH:MM` as an instant (the device's zone).
pub fn parse_local(s: &str) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// An instant as local `YYYY-MM-DDTHH:MM`.
pub fn format_local(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

fn local_at(date: NaiveDate, hour: u32) -> Option<DateTime<Utc>> {
    let t = NaiveTime::from_hms_opt(hour, 0, 0)?;
    Local
        .from_local_datetime(&date.and_time(t))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

impl SearchQuery {
    pub fn position(&self) -> Option<(f64, f64)> {
        let lat: f64 = non_empty(&self.lat)?.parse().ok()?;
        let lon: f64 = non_empty(&self.lon)?.parse().ok()?;
        ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
    }

    /// The device or the city the position stands for.
    pub fn near_place(&self) -> Option<Near> {
        self.position()?;
        match non_empty(&self.near) {
            Some("me") | None => Some(Near::Me),
            Some(city) => Some(Near::City(city.to_string())),
        }
    }

    pub fn list_view(&self) -> bool {
        non_empty(&self.view) == Some("list")
    }

    pub fn sport(&self) -> &str {
        non_empty(&self.sport)
            .filter(|s| SPORTS.contains(s))
            .unwrap_or("")
    }

    pub fn place(&self) -> &str {
        non_empty(&self.place)
            .filter(|s| *s == "indoor" || *s == "outdoor")
            .unwrap_or("")
    }

    pub fn surface(&self) -> &str {
        non_empty(&self.surface)
            .filter(|s| SURFACES.contains(s))
            .unwrap_or("")
    }

    pub fn window(&self) -> Window {
        non_empty(&self.window)
            .and_then(Window::from_key)
            .unwrap_or(Window::Any)
    }

    pub fn min(&self) -> &str {
        non_empty(&self.min)
            .filter(|s| DURATIONS.contains(s))
            .unwrap_or("")
    }

    /// The sort in force: by distance needs a position, so without one the
    /// default is the earliest free time.
    pub fn sort(&self) -> &str {
        match non_empty(&self.sort) {
            Some("earliest_free") => "earliest_free",
            Some("distance") => "distance",
            _ if self.position().is_some() => "distance",
            _ => "earliest_free",
        }
    }

    pub fn custom_from(&self) -> Option<DateTime<Utc>> {
        non_empty(&self.from).and_then(parse_local)
    }

    pub fn custom_to(&self) -> Option<DateTime<Utc>> {
        non_empty(&self.to).and_then(parse_local)
    }

    /// The time window to search, `None` for the server's default (next 24 h).
    pub fn time_range(&self, now: DateTime<Utc>) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let today = now.with_timezone(&Local).date_naive();
        match self.window() {
            Window::Any => None,
            Window::Now => Some((now, now + Duration::hours(1))),
            Window::ThreeHours => Some((now, now + Duration::hours(3))),
            Window::Evening => {
                let end = local_at(today, 21)?;
                let day = if now >= end { today.succ_opt()? } else { today };
                Some((local_at(day, 17)?.max(now), local_at(day, 21)?))
            }
            Window::Tomorrow => {
                let day = today.succ_opt()?;
                Some((local_at(day, 0)?, local_at(day.succ_opt()?, 0)?))
            }
            Window::Custom => {
                let from = self.custom_from().unwrap_or(now).max(now);
                let to = self.custom_to().unwrap_or(from + Duration::hours(24));
                Some((from, to))
            }
        }
    }

    /// Filters other than the defaults, counted for the "Filters (n)" button.
    pub fn active_filters(&self) -> usize {
        [
            !self.sport().is_empty(),
            !self.place().is_empty(),
            !self.surface().is_empty(),
            self.window() != Window::Any,
            !self.min().is_empty(),
        ]
        .into_iter()
        .filter(|b| *b)
        .count()
    }

    /// The API query string (without `?`) for this search.
    pub fn api_query(&self, now: DateTime<Utc>) -> String {
        let mut q: Vec<(&str, String)> = Vec::new();
        if let Some((lat, lon)) = self.position() {
            q.push(("lat", format!("{lat:.5}")));
            q.push(("lon", format!("{lon:.5}")));
            q.push(("radius_km", RADIUS_KM.to_string()));
        }
        if !self.sport().is_empty() {
            q.push(("sport", self.sport().to_string()));
        }
        match self.place() {
            "indoor" => q.push(("indoor", "true".into())),
            "outdoor" => q.push(("indoor", "false".into())),
            _ => {}
        }
        if !self.surface().is_empty() {
            q.push(("surface", self.surface().to_string()));
        }
        if let Some((from, to)) = self.time_range(now) {
            q.push((
                "from",
                from.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ));
            q.push(("to", to.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)));
        }
        if !self.min().is_empty() {
            q.push(("min_minutes", self.min().to_string()));
        }
        q.push(("sort", self.sort().to_string()));
        q.push(("per_page", "100".into()));
        q.iter()
            .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// `850 m`, `1.2 km` (`1,2 km` in Swedish), `34 km`.
pub fn distance(m: u32) -> String {
    if m < 1000 {
        msg::search_distance_m((m + 5) / 10 * 10)
    } else if m < 10_000 {
        let km = format!("{:.1}", f64::from(m) / 1000.0);
        match km.split_once('.') {
            Some((whole, tenths)) => msg::search_distance_km_tenths(tenths, whole),
            None => msg::search_distance_km(km),
        }
    } else {
        msg::search_distance_km((m + 500) / 1000)
    }
}

/// How soon a venue is next free, which its label and colour say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FreeState {
    /// Within 30 minutes.
    Now,
    /// Later.
    Later,
    /// Not at all in the window.
    None,
}

/// See [`FreeState`].
pub fn free_state(next: Option<&shared::FreeTime>, now: DateTime<Utc>) -> FreeState {
    match next {
        Some(free) if free.starts_at <= now + Duration::minutes(30) => FreeState::Now,
        Some(_) => FreeState::Later,
        None => FreeState::None,
    }
}

/// The short label of a venue's next free time, as on its map marker:
/// "Free now" (within 30 minutes), "Next free 18:00", "Next free Tue 18:00",
/// or "Full today" / "No free times" when there is none in the window.
pub fn free_label(next: Option<&shared::FreeTime>, now: DateTime<Utc>, windowed: bool) -> String {
    let today = now.with_timezone(&Local).date_naive();
    match (free_state(next, now), next) {
        (FreeState::Now, _) => msg::search_free_now().to_string(),
        (_, Some(free)) if free.local_date == today => msg::search_next_free(&free.local_start),
        (_, Some(free)) => {
            msg::search_next_free_day(weekday_short(free.local_date), &free.local_start)
        }
        (_, None) if windowed => msg::search_no_free_times().to_string(),
        (_, None) => msg::search_full_today().to_string(),
    }
}
