//! Venue, court and opening-hours SQL (portable across both engines).

use chrono::NaiveDate;
use shared::{Court, Money, OpeningHours, VenueDetail, VenuePhoto, VenueSummary};
use uuid::Uuid;

use crate::availability::{
    grid::{Opening, SlotRule},
    hours::{Exception, WeeklyHours},
};

use crate::{
    db::{Db, Tx},
    on_db, on_tx,
};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VenueRow {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub city: String,
    pub lat: f64,
    pub lon: f64,
    pub timezone: String,
    pub description: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CourtRow {
    pub id: i64,
    pub venue_id: i64,
    pub name: String,
    pub sport: String,
    pub surface: String,
    pub indoor: bool,
    pub slot_minutes: i64,
    pub slot_offset_minutes: i64,
    pub price_minor: i64,
    pub currency: String,
    /// Floodlights: playable after dark.
    pub lights: bool,
}

impl CourtRow {
    /// Where this court's slots fall on the clock.
    pub fn slot_rule(&self) -> SlotRule {
        SlotRule {
            length_min: u32::try_from(self.slot_minutes).unwrap_or(60),
            offset_min: u32::try_from(self.slot_offset_minutes).unwrap_or(0),
        }
    }

    pub fn price(&self) -> Money {
        Money {
            amount_minor: self.price_minor,
            currency: self.currency.clone(),
        }
    }

    fn to_api(&self) -> Court {
        Court {
            id: self.id,
            name: self.name.clone(),
            sport: self.sport.clone(),
            surface: self.surface.clone(),
            indoor: self.indoor,
            lights: self.lights,
            slot_minutes: u32::try_from(self.slot_minutes).unwrap_or(60),
            price: self.price(),
        }
    }
}

/// One weekday's hours as stored: local minutes since midnight.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct HoursRow {
    pub weekday: i64,
    pub opens_min: i64,
    pub closes_min: i64,
}

impl HoursRow {
    fn to_api(self) -> OpeningHours {
        // A closing past midnight reads as the next day's clock time.
        let hm = |m: i64| format!("{:02}:{:02}", (m / 60) % 24, m % 60);
        OpeningHours {
            weekday: self.weekday as u8,
            opens: hm(self.opens_min),
            closes: hm(self.closes_min),
        }
    }
}

pub async fn venue(db: &Db, id: i64) -> sqlx::Result<Option<VenueRow>> {
    const SQL: &str =
        "SELECT id, name, address, city, lat, lon, timezone, description FROM venues WHERE id = $1";
    on_db!(db, pool => sqlx::query_as::<_, VenueRow>(SQL).bind(id).fetch_optional(pool).await)
}

pub async fn courts_of(db: &Db, venue_id: i64) -> sqlx::Result<Vec<CourtRow>> {
    const SQL: &str =
        "SELECT id, venue_id, name, sport, surface, indoor, slot_minutes, slot_offset_minutes, price_minor, currency, lights \
                       FROM courts WHERE venue_id = $1 ORDER BY name, id";
    on_db!(db, pool => sqlx::query_as::<_, CourtRow>(SQL).bind(venue_id).fetch_all(pool).await)
}

pub async fn court(db: &Db, court_id: i64) -> sqlx::Result<Option<CourtRow>> {
    const SQL: &str =
        "SELECT id, venue_id, name, sport, surface, indoor, slot_minutes, slot_offset_minutes, price_minor, currency, lights \
                       FROM courts WHERE id = $1";
    on_db!(db, pool => sqlx::query_as::<_, CourtRow>(SQL).bind(court_id).fetch_optional(pool).await)
}

/// The weekly hours in the engine's terms.
pub fn weekly(hours: &[HoursRow]) -> WeeklyHours {
    let mut weekly = WeeklyHours::default();
    for h in hours {
        if let Some(day) = weekly.days.get_mut((h.weekday - 1).clamp(0, 6) as usize) {
            *day = Some(Opening {
                opens_min: h.opens_min.clamp(0, 2880) as u32,
                closes_min: h.closes_min.clamp(0, 2880) as u32,
            });
        }
    }
    weekly
}

/// An exception as stored (dates are ISO text, so they compare as dates).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExceptionRow {
    pub venue_id: i64,
    pub id: i64,
    pub from_date: String,
    pub to_date: String,
    pub opens_min: Option<i64>,
    pub closes_min: Option<i64>,
    pub reason: String,
}

impl ExceptionRow {
    pub fn to_exception(&self) -> Option<Exception> {
        let opening = match (self.opens_min, self.closes_min) {
            (Some(o), Some(c)) => Some(Opening {
                opens_min: o.clamp(0, 1440) as u32,
                closes_min: c.clamp(0, 2880) as u32,
            }),
            _ => None,
        };
        Some(Exception {
            id: self.id,
            from: self.from_date.parse().ok()?,
            to: self.to_date.parse().ok()?,
            opening,
        })
    }
}

/// Exceptions that end on or after `from`.
pub async fn exceptions(db: &Db, venue_id: i64, from: NaiveDate) -> sqlx::Result<Vec<Exception>> {
    const SQL: &str =
        "SELECT venue_id, id, from_date, to_date, opens_min, closes_min, reason FROM opening_exceptions \
                       WHERE venue_id = $1 AND to_date >= $2 ORDER BY id";
    let rows = on_db!(db, pool => sqlx::query_as::<_, ExceptionRow>(SQL)
        .bind(venue_id).bind(from.format("%Y-%m-%d").to_string()).fetch_all(pool).await)?;
    Ok(rows.iter().filter_map(ExceptionRow::to_exception).collect())
}

pub async fn opening_hours(db: &Db, venue_id: i64) -> sqlx::Result<Vec<HoursRow>> {
    const SQL: &str = "SELECT weekday, opens_min, closes_min FROM opening_hours WHERE venue_id = $1 ORDER BY weekday";
    on_db!(db, pool => sqlx::query_as::<_, HoursRow>(SQL).bind(venue_id).fetch_all(pool).await)
}

/// Every venue with its sports and number of courts, by name.
pub async fn list(db: &Db) -> sqlx::Result<Vec<VenueSummary>> {
    const VENUES: &str = "SELECT id, name, address, city, lat, lon, timezone, description FROM venues ORDER BY name, id";
    const COURTS: &str = "SELECT id, venue_id, name, sport, surface, indoor, slot_minutes, slot_offset_minutes, price_minor, currency, lights FROM courts";
    let (venues, courts) = on_db!(db, pool => {
        let venues = sqlx::query_as::<_, VenueRow>(VENUES).fetch_all(pool).await?;
        let courts = sqlx::query_as::<_, CourtRow>(COURTS).fetch_all(pool).await?;
        (venues, courts)
    });
    Ok(venues
        .into_iter()
        .map(|v| {
            let own: Vec<&CourtRow> = courts.iter().filter(|c| c.venue_id == v.id).collect();
            summary(v, &own)
        })
        .collect())
}

pub async fn detail(db: &Db, id: i64) -> sqlx::Result<Option<VenueDetail>> {
    let Some(venue) = venue(db, id).await? else {
        return Ok(None);
    };
    let courts = courts_of(db, id).await?;
    let hours = opening_hours(db, id).await?;
    let photos = photos_of(db, id).await?;
    let description = venue.description.clone();
    let timezone = venue.timezone.clone();
    Ok(Some(VenueDetail {
        summary: summary(venue, &courts.iter().collect::<Vec<_>>()),
        description,
        timezone,
        courts: courts.iter().map(CourtRow::to_api).collect(),
        opening_hours: hours.into_iter().map(HoursRow::to_api).collect(),
        photos,
    }))
}

/// Where players get a venue's photo.
pub fn photo_url(venue_id: i64, photo_id: Uuid) -> String {
    format!("/api/v1/venues/{venue_id}/photos/{photo_id}")
}

#[derive(sqlx::FromRow)]
struct PhotoRow {
    id: Uuid,
    alt: String,
    width: i64,
    height: i64,
}

/// A venue's photos, oldest first (without their bytes).
pub async fn photos_of(db: &Db, venue_id: i64) -> sqlx::Result<Vec<VenuePhoto>> {
    const SQL: &str =
        "SELECT id, alt, CAST(width AS BIGINT) AS width, CAST(height AS BIGINT) AS height \
         FROM venue_photos WHERE venue_id = $1 ORDER BY created_at, id";
    let rows = on_db!(db, pool => sqlx::query_as::<_, PhotoRow>(SQL).bind(venue_id).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .map(|r| VenuePhoto {
            id: r.id,
            url: photo_url(venue_id, r.id),
            alt: r.alt,
            width: u32::try_from(r.width).unwrap_or(0),
            height: u32::try_from(r.height).unwrap_or(0),
        })
        .collect())
}

/// A photo's content type and bytes, if it is one of the venue's.
pub async fn photo_file(
    db: &Db,
    venue_id: i64,
    photo_id: Uuid,
) -> sqlx::Result<Option<(String, Vec<u8>)>> {
    const SQL: &str =
        "SELECT content_type, bytes FROM venue_photos WHERE id = $1 AND venue_id = $2";
    on_db!(db, pool => sqlx::query_as::<_, (String, Vec<u8>)>(SQL).bind(photo_id).bind(venue_id).fetch_optional(pool).await)
}

fn summary(v: VenueRow, courts: &[&CourtRow]) -> VenueSummary {
    let mut sports: Vec<String> = courts.iter().map(|c| c.sport.clone()).collect();
    sports.sort();
    sports.dedup();
    VenueSummary {
        id: v.id,
        name: v.name,
        address: v.address,
        city: v.city,
        lat: v.lat,
        lon: v.lon,
        sports,
        court_count: courts.len() as u32,
    }
}

/// The version of a venue's opening hours (its operators' ETag); `None`
/// for no such venue.
pub async fn hours_version(db: &Db, venue_id: i64) -> sqlx::Result<Option<i64>> {
    const SQL: &str = "SELECT hours_version FROM venues WHERE id = $1";
    on_db!(db, pool => sqlx::query_scalar(SQL).bind(venue_id).fetch_optional(pool).await)
}

/// Every exception of a venue not over before `from` (reasons too), by id.
pub async fn exception_rows(
    db: &Db,
    venue_id: i64,
    from: NaiveDate,
) -> sqlx::Result<Vec<ExceptionRow>> {
    const SQL: &str =
        "SELECT venue_id, id, from_date, to_date, opens_min, closes_min, reason FROM opening_exceptions \
         WHERE venue_id = $1 AND to_date >= $2 ORDER BY from_date, id";
    on_db!(db, pool => sqlx::query_as::<_, ExceptionRow>(SQL)
        .bind(venue_id).bind(from.format("%Y-%m-%d").to_string()).fetch_all(pool).await)
}

/// Replaces a venue's weekly hours and its exceptions not over before
/// `today` (past ones stay, as history) inside the caller's transaction,
/// if the hours are still at version `expected`. The check and the write
/// are one statement: of two saves over one version, one wins. `None`:
/// changed meanwhile (nothing written); else the new version.
pub async fn replace_hours_in(
    tx: &mut Tx,
    venue_id: i64,
    hours: &super::hours::CheckedHours,
    today: NaiveDate,
    expected: i64,
) -> sqlx::Result<Option<i64>> {
    const BUMP: &str =
        "UPDATE venues SET hours_version = hours_version + 1 WHERE id = $1 AND hours_version = $2";
    const CLEAR_WEEK: &str = "DELETE FROM opening_hours WHERE venue_id = $1";
    const DAY: &str = "INSERT INTO opening_hours (venue_id, weekday, opens_min, closes_min) VALUES ($1, $2, $3, $4)";
    const CLEAR_AHEAD: &str =
        "DELETE FROM opening_exceptions WHERE venue_id = $1 AND to_date >= $2";
    const EXCEPTION: &str = "INSERT INTO opening_exceptions (venue_id, from_date, to_date, opens_min, closes_min, reason) \
         VALUES ($1, $2, $3, $4, $5, $6)";
    let today = today.format("%Y-%m-%d").to_string();
    on_tx!(tx, tx => {
        let bumped = sqlx::query(BUMP).bind(venue_id).bind(expected).execute(&mut **tx).await?.rows_affected();
        if bumped == 0 {
            return Ok(None);
        }
        sqlx::query(CLEAR_WEEK).bind(venue_id).execute(&mut **tx).await?;
        for day in &hours.weekly {
            sqlx::query(DAY).bind(venue_id).bind(day.weekday).bind(day.opens_min).bind(day.closes_min)
                .execute(&mut **tx).await?;
        }
        sqlx::query(CLEAR_AHEAD).bind(venue_id).bind(&today).execute(&mut **tx).await?;
        for e in &hours.exceptions {
            sqlx::query(EXCEPTION)
                .bind(venue_id)
                .bind(e.from.format("%Y-%m-%d").to_string())
                .bind(e.to.format("%Y-%m-%d").to_string())
                .bind(e.opening.map(|o| i64::from(o.opens_min)))
                .bind(e.opening.map(|o| i64::from(o.closes_min)))
                .bind(&e.reason)
                .execute(&mut **tx).await?;
        }
        Ok(Some(expected + 1))
    })
}

/// A venue's own fields as its operators edit them, with their version.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SetupRow {
    pub name: String,
    pub address: String,
    pub city: String,
    pub lat: f64,
    pub lon: f64,
    pub description: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub setup_version: i64,
}

pub async fn setup_row(db: &Db, venue_id: i64) -> sqlx::Result<Option<SetupRow>> {
    const SQL: &str = "SELECT name, address, city, lat, lon, description, contact_email, contact_phone, setup_version \
                       FROM venues WHERE id = $1";
    on_db!(db, pool => sqlx::query_as::<_, SetupRow>(SQL).bind(venue_id).fetch_optional(pool).await)
}

const NEW_COURT: &str = "INSERT INTO courts (venue_id, name, sport, surface, indoor, lights, slot_minutes, slot_offset_minutes, price_minor, currency) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'SEK') RETURNING id";

/// Makes a venue of `organisation_id` (named `organisation` in the open
/// data) with its courts, inside the caller's transaction. It opens no
/// hours until its operators give it some. The new venue's id.
pub async fn create_venue_in(
    tx: &mut Tx,
    organisation_id: i64,
    organisation: &str,
    venue: &super::setup::CheckedVenue,
) -> sqlx::Result<i64> {
    const VENUE: &str = "INSERT INTO venues (name, address, city, lat, lon, timezone, description, contact_email, contact_phone, operator, organisation_id) \
         VALUES ($1, $2, $3, $4, $5, 'Europe/Stockholm', $6, $7, $8, $9, $10) RETURNING id";
    on_tx!(tx, tx => {
        let id: i64 = sqlx::query_scalar(VENUE)
            .bind(&venue.name).bind(&venue.address).bind(&venue.city).bind(venue.lat).bind(venue.lon)
            .bind(&venue.description).bind(&venue.contact_email).bind(&venue.contact_phone)
            .bind(organisation).bind(organisation_id)
            .fetch_one(&mut **tx).await?;
        for c in &venue.courts {
            let _: i64 = sqlx::query_scalar(NEW_COURT)
                .bind(id).bind(&c.name).bind(c.sport).bind(c.surface).bind(c.indoor).bind(c.lights)
                .bind(c.slot_minutes).bind(c.slot_offset_minutes).bind(c.price_minor)
                .fetch_one(&mut **tx).await?;
        }
        Ok(id)
    })
}

/// Replaces a venue's own fields and its courts' (adding the new ones)
/// inside the caller's transaction, if the setup is still at version
/// `expected`. Check and write are one statement, as for the hours.
/// `None`: changed meanwhile (nothing written); else the new version and
/// the ids of the courts added.
pub async fn replace_setup_in(
    tx: &mut Tx,
    venue_id: i64,
    venue: &super::setup::CheckedVenue,
    expected: i64,
) -> sqlx::Result<Option<(i64, Vec<i64>)>> {
    const VENUE: &str = "UPDATE venues SET name = $1, address = $2, city = $3, lat = $4, lon = $5, description = $6, \
         contact_email = $7, contact_phone = $8, setup_version = setup_version + 1 \
         WHERE id = $9 AND setup_version = $10";
    const COURT: &str = "UPDATE courts SET name = $1, sport = $2, surface = $3, indoor = $4, lights = $5, \
         slot_minutes = $6, slot_offset_minutes = $7, price_minor = $8 WHERE id = $9 AND venue_id = $10";
    on_tx!(tx, tx => {
        let bumped = sqlx::query(VENUE)
            .bind(&venue.name).bind(&venue.address).bind(&venue.city).bind(venue.lat).bind(venue.lon)
            .bind(&venue.description).bind(&venue.contact_email).bind(&venue.contact_phone)
            .bind(venue_id).bind(expected)
            .execute(&mut **tx).await?.rows_affected();
        if bumped == 0 {
            return Ok(None);
        }
        let mut added = Vec::new();
        for c in &venue.courts {
            match c.id {
                Some(id) => {
                    sqlx::query(COURT)
                        .bind(&c.name).bind(c.sport).bind(c.surface).bind(c.indoor).bind(c.lights)
                        .bind(c.slot_minutes).bind(c.slot_offset_minutes).bind(c.price_minor)
                        .bind(id).bind(venue_id)
                        .execute(&mut **tx).await?;
                }
                None => {
                    let id: i64 = sqlx::query_scalar(NEW_COURT)
                        .bind(venue_id).bind(&c.name).bind(c.sport).bind(c.surface).bind(c.indoor).bind(c.lights)
                        .bind(c.slot_minutes).bind(c.slot_offset_minutes).bind(c.price_minor)
                        .fetch_one(&mut **tx).await?;
                    added.push(id);
                }
            }
        }
        Ok(Some((expected + 1, added)))
    })
}
