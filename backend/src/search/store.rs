//! Loading search candidates: venues in a bounding box with their courts,
//! hours, exceptions and the bookings in the searched window, in five
//! queries whatever the number of venues.

use chrono::{DateTime, NaiveDate, Utc};

use crate::{
    bookings::store::TakenInterval,
    db::Db,
    on_db,
    venues::store::{CourtRow, ExceptionRow, HoursRow, VenueRow},
};

/// A latitude/longitude box; the whole world when nothing narrower is asked.
#[derive(Debug, Clone, Copy)]
pub struct BoundingBox {
    pub min_lat: f64,
    pub max_lat: f64,
    pub min_lon: f64,
    pub max_lon: f64,
}

impl BoundingBox {
    pub const WORLD: BoundingBox = BoundingBox {
        min_lat: -90.0,
        max_lat: 90.0,
        min_lon: -180.0,
        max_lon: 180.0,
    };

    /// The box around a circle (slightly generous; the exact distance is checked after).
    pub fn around(lat: f64, lon: f64, radius_m: f64) -> BoundingBox {
        let dlat = (radius_m / 111_000.0) * 1.01;
        let cos = lat.to_radians().cos().max(0.01);
        let dlon = (radius_m / (111_320.0 * cos)) * 1.01;
        BoundingBox {
            min_lat: lat - dlat,
            max_lat: lat + dlat,
            min_lon: lon - dlon,
            max_lon: lon + dlon,
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VenueHoursRow {
    pub venue_id: i64,
    #[sqlx(flatten)]
    pub hours: HoursRow,
}

pub struct Candidates {
    pub venues: Vec<VenueRow>,
    pub courts: Vec<CourtRow>,
    pub hours: Vec<VenueHoursRow>,
    pub exceptions: Vec<ExceptionRow>,
    pub taken: Vec<TakenInterval>,
}

/// Bookings never last longer than a day (slot length ≤ 1440 min), so an
/// active booking overlapping the window starts less than a day before it;
/// bounding `starts_at` on both sides keeps the index range tight.
const LONGEST_BOOKING_S: i64 = 24 * 3600;

pub async fn candidates(
    db: &Db,
    bbox: BoundingBox,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    exceptions_from: NaiveDate,
    now: DateTime<Utc>,
) -> sqlx::Result<Candidates> {
    const VENUES: &str =
        "SELECT id, name, address, city, lat, lon, timezone, description FROM venues \
         WHERE lat BETWEEN $1 AND $2 AND lon BETWEEN $3 AND $4";
    // Subqueries rather than joins: both planners then start from the venue
    // box and walk the (venue_id) and (court_id, starts_at) indexes.
    const COURTS: &str = "SELECT id, venue_id, name, sport, surface, indoor, slot_minutes, \
         slot_offset_minutes, price_minor, currency, lights FROM courts WHERE venue_id IN \
         (SELECT id FROM venues WHERE lat BETWEEN $1 AND $2 AND lon BETWEEN $3 AND $4) ORDER BY venue_id, name, id";
    const HOURS: &str =
        "SELECT venue_id, weekday, opens_min, closes_min FROM opening_hours WHERE venue_id IN \
         (SELECT id FROM venues WHERE lat BETWEEN $1 AND $2 AND lon BETWEEN $3 AND $4)";
    const EXCEPTIONS: &str = "SELECT venue_id, id, from_date, to_date, opens_min, closes_min, reason FROM opening_exceptions \
         WHERE venue_id IN (SELECT id FROM venues WHERE lat BETWEEN $1 AND $2 AND lon BETWEEN $3 AND $4) \
         AND to_date >= $5";
    // Bookings, and the venues' closures (a closure may be long: any that
    // overlaps the window counts).
    const TAKEN: &str =
        "SELECT court_id, starts_at, ends_at, FALSE AS closed FROM bookings WHERE court_id IN \
         (SELECT c.id FROM courts c WHERE c.venue_id IN \
          (SELECT id FROM venues WHERE lat BETWEEN $1 AND $2 AND lon BETWEEN $3 AND $4)) \
         AND starts_at > $5 AND starts_at < $6 AND ends_at > $7 \
         AND (status = 'confirmed' OR (status = 'held' AND hold_expires_at > $8)) \
         UNION ALL SELECT c.id, cl.starts_at, cl.ends_at, cl.kind = 'closure' FROM closures cl \
         JOIN courts c ON c.venue_id = cl.venue_id AND (cl.court_id IS NULL OR cl.court_id = c.id) \
         WHERE cl.reopened_at IS NULL AND cl.starts_at < $6 AND cl.ends_at > $7 AND cl.venue_id IN \
          (SELECT id FROM venues WHERE lat BETWEEN $1 AND $2 AND lon BETWEEN $3 AND $4)";
    let b = bbox;
    on_db!(db, pool => {
        let venues = sqlx::query_as::<_, VenueRow>(VENUES)
            .bind(b.min_lat).bind(b.max_lat).bind(b.min_lon).bind(b.max_lon)
            .fetch_all(pool).await?;
        let courts = sqlx::query_as::<_, CourtRow>(COURTS)
            .bind(b.min_lat).bind(b.max_lat).bind(b.min_lon).bind(b.max_lon)
            .fetch_all(pool).await?;
        let hours = sqlx::query_as::<_, VenueHoursRow>(HOURS)
            .bind(b.min_lat).bind(b.max_lat).bind(b.min_lon).bind(b.max_lon)
            .fetch_all(pool).await?;
        let exceptions = sqlx::query_as::<_, ExceptionRow>(EXCEPTIONS)
            .bind(b.min_lat).bind(b.max_lat).bind(b.min_lon).bind(b.max_lon)
            .bind(exceptions_from.format("%Y-%m-%d").to_string())
            .fetch_all(pool).await?;
        let taken = sqlx::query_as::<_, TakenInterval>(TAKEN)
            .bind(b.min_lat).bind(b.max_lat).bind(b.min_lon).bind(b.max_lon)
            .bind(from.timestamp() - LONGEST_BOOKING_S).bind(to.timestamp()).bind(from.timestamp())
            .bind(now.timestamp())
            .fetch_all(pool).await?;
        Ok(Candidates { venues, courts, hours, exceptions, taken })
    })
}
