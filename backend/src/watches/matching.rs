//! Which watches a freed slot matches, and in what order its watchers are
//! asked. Pure functions over rows, so the rules are tested without a
//! database.

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

/// A freed slot, with where and when it is in the venue's terms.
#[derive(Debug, Clone)]
pub struct FreedSlot {
    pub court_id: i64,
    pub venue_id: i64,
    pub venue_lat: f64,
    pub venue_lon: f64,
    pub tz: Tz,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl FreedSlot {
    /// ISO weekday (1 = Monday), minute of the day its start and end fall
    /// on (the end may be 1440, midnight), its length and local date.
    pub fn local(&self) -> (u32, i64, i64, i64, chrono::NaiveDate) {
        let start = self.starts_at.with_timezone(&self.tz);
        let minutes = (self.ends_at - self.starts_at).num_minutes();
        let from = i64::from(start.hour() * 60 + start.minute());
        (
            start.weekday().number_from_monday(),
            from,
            from + minutes,
            minutes,
            start.date_naive(),
        )
    }
}

/// A watch as the matcher needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WatchRow {
    pub id: Uuid,
    pub account_id: Uuid,
    pub scope: String,
    pub court_id: Option<i64>,
    pub venue_id: Option<i64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub radius_m: Option<i64>,
    pub weekdays: i64,
    pub from_minute: i64,
    pub to_minute: i64,
    pub min_minutes: i64,
    pub from_date: String,
    pub to_date: String,
    pub created_at: i64,
    /// When this watcher was last offered a slot (fair order), if ever.
    pub last_offered_at: Option<i64>,
}

/// Great-circle distance in metres.
pub fn distance_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = ((lat2 - lat1).to_radians(), (lon2 - lon1).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371_000.0 * a.sqrt().asin()
}

/// The bounding box (min_lat, max_lat, min_lon, max_lon) of a circle, for
/// the index; the exact distance is checked after.
pub fn bounding_box(lat: f64, lon: f64, radius_m: u32) -> (f64, f64, f64, f64) {
    // Metres per degree of latitude on the same sphere as `distance_m`, and
    // 1 % to spare: the box must never be smaller than the circle.
    let dlat = f64::from(radius_m) * 1.01 / (6_371_000.0 * std::f64::consts::PI / 180.0);
    let dlon = dlat / lat.to_radians().cos().abs().max(0.01);
    (lat - dlat, lat + dlat, lon - dlon, lon + dlon)
}

/// True when the watch wants to hear of this slot.
pub fn matches(watch: &WatchRow, slot: &FreedSlot) -> bool {
    let (weekday, from, to, minutes, date) = slot.local();
    let date = date.format("%Y-%m-%d").to_string();
    let place = match watch.scope.as_str() {
        "court" => watch.court_id == Some(slot.court_id),
        "venue" => watch.venue_id == Some(slot.venue_id),
        "area" => match (watch.lat, watch.lon, watch.radius_m) {
            (Some(lat), Some(lon), Some(r)) => {
                distance_m(lat, lon, slot.venue_lat, slot.venue_lon) <= r as f64
            }
            _ => false,
        },
        _ => false,
    };
    place
        && watch.weekdays & (1 << weekday) != 0
        && from >= watch.from_minute
        && to <= watch.to_minute
        && minutes >= watch.min_minutes
        && watch.from_date <= date
        && date <= watch.to_date
}

/// The people to ask, in fair order: whoever was offered a slot least
/// recently (never counts as longest ago) first; between equals, whoever
/// has watched longest. One entry per person (their earliest matching
/// watch), leaving out `skip` (who freed it, and who was asked already).
pub fn queue(watches: &[WatchRow], slot: &FreedSlot, skip: &[Uuid]) -> Vec<WatchRow> {
    let mut matching: Vec<&WatchRow> = watches
        .iter()
        .filter(|w| !skip.contains(&w.account_id) && matches(w, slot))
        .collect();
    matching.sort_by_key(|w| (w.last_offered_at.unwrap_or(i64::MIN), w.created_at, w.id));
    let mut seen = std::collections::HashSet::new();
    matching
        .into_iter()
        .filter(|w| seen.insert(w.account_id))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn slot(local_hour: u32, minutes: i64) -> FreedSlot {
        let tz = chrono_tz::Europe::Stockholm;
        // Wednesday 2026-06-10.
        let starts = tz
            .with_ymd_and_hms(2026, 6, 10, local_hour, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        FreedSlot {
            court_id: 7,
            venue_id: 3,
            venue_lat: 63.8258,
            venue_lon: 20.263,
            tz,
            starts_at: starts,
            ends_at: starts + chrono::Duration::minutes(minutes),
        }
    }

    fn watch(n: u8, scope: &str) -> WatchRow {
        WatchRow {
            id: Uuid::from_bytes([n; 16]),
            account_id: Uuid::from_bytes([n; 16]),
            scope: scope.into(),
            court_id: Some(7),
            venue_id: Some(3),
            lat: Some(63.83),
            lon: Some(20.27),
            radius_m: Some(2000),
            weekdays: 0b1111_1110,
            from_minute: 0,
            to_minute: 1440,
            min_minutes: 30,
            from_date: "2026-06-01".into(),
            to_date: "2026-06-30".into(),
            created_at: i64::from(n),
            last_offered_at: None,
        }
    }

    #[test]
    fn place_day_time_length_and_dates_all_count() {
        let s = slot(18, 60);
        for scope in ["court", "venue", "area"] {
            assert!(matches(&watch(1, scope), &s), "{scope}");
        }
        let mut other_court = watch(1, "court");
        other_court.court_id = Some(8);
        assert!(!matches(&other_court, &s));
        let mut far = watch(1, "area");
        far.radius_m = Some(100);
        assert!(!matches(&far, &s));
        let mut weekend = watch(1, "venue");
        weekend.weekdays = (1 << 6) | (1 << 7);
        assert!(!matches(&weekend, &s), "a Wednesday is not the weekend");
        let mut evening = watch(1, "venue");
        (evening.from_minute, evening.to_minute) = (17 * 60, 19 * 60);
        assert!(matches(&evening, &s));
        evening.to_minute = 18 * 60 + 30;
        assert!(!matches(&evening, &s), "the slot must fit in the window");
        let mut long = watch(1, "venue");
        long.min_minutes = 90;
        assert!(!matches(&long, &s));
        let mut july = watch(1, "venue");
        july.from_date = "2026-07-01".into();
        july.to_date = "2026-07-31".into();
        assert!(!matches(&july, &s));
    }

    #[test]
    fn least_recently_offered_first_then_longest_watching_one_per_person() {
        let s = slot(18, 60);
        let mut a = watch(1, "court");
        a.last_offered_at = Some(500);
        let b = watch(2, "venue"); // never offered
        let mut c = watch(3, "court");
        c.last_offered_at = Some(100);
        let mut b_again = watch(2, "area");
        b_again.id = Uuid::from_bytes([9; 16]);
        b_again.created_at = 99;
        let order: Vec<u8> = queue(&[a.clone(), b.clone(), c.clone(), b_again], &s, &[])
            .iter()
            .map(|w| w.account_id.as_bytes()[0])
            .collect();
        assert_eq!(order, [2, 3, 1]);
        let skipped = queue(&[a, b.clone(), c], &s, &[b.account_id]);
        assert_eq!(skipped.len(), 2);
    }

    #[test]
    fn distance_and_box() {
        let d = distance_m(59.3293, 18.0686, 57.7089, 11.9746); // Stockholm–Göteborg
        assert!((395_000.0..400_000.0).contains(&d), "{d}");
        let (a, b, c, e) = bounding_box(63.8, 20.2, 1000);
        assert!(a < 63.8 && b > 63.8 && c < 20.2 && e > 20.2);
        assert!(distance_m(63.8, 20.2, b, 20.2) >= 999.0);
    }
}
