//! Open-data SQL (portable across both engines): the register as one read,
//! and the RPDE feed items with their change counter.

use crate::{
    db::{BeginWrite, Db},
    on_db,
    venues::store::CourtRow,
};

/// A venue with the facts the open register publishes.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RegisterVenue {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub city: String,
    pub lat: f64,
    pub lon: f64,
    pub timezone: String,
    pub description: String,
    pub accessibility: String,
    pub region: String,
    pub operator: String,
}

/// One weekday's opening at a venue (local minutes since midnight).
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct VenueHours {
    pub venue_id: i64,
    pub weekday: i64,
    pub opens_min: i64,
    pub closes_min: i64,
}

/// The whole facility register: venues, courts and weekly hours.
#[derive(Debug, Clone, Default)]
pub struct Register {
    pub venues: Vec<RegisterVenue>,
    pub courts: Vec<CourtRow>,
    pub hours: Vec<VenueHours>,
}

impl Register {
    pub fn courts_of(&self, venue_id: i64) -> impl Iterator<Item = &CourtRow> {
        self.courts.iter().filter(move |c| c.venue_id == venue_id)
    }

    pub fn hours_of(&self, venue_id: i64) -> Vec<VenueHours> {
        self.hours
            .iter()
            .filter(|h| h.venue_id == venue_id)
            .copied()
            .collect()
    }
}

/// Reads the register in three queries, whatever its size.
pub async fn register(db: &Db) -> sqlx::Result<Register> {
    const VENUES: &str = "SELECT id, name, address, city, lat, lon, timezone, description, \
         accessibility, region, operator FROM venues ORDER BY id";
    const COURTS: &str = "SELECT id, venue_id, name, sport, surface, indoor, slot_minutes, \
         slot_offset_minutes, price_minor, currency, lights FROM courts ORDER BY venue_id, name, id";
    const HOURS: &str = "SELECT venue_id, weekday, opens_min, closes_min FROM opening_hours \
         ORDER BY venue_id, weekday";
    on_db!(db, pool => {
        let venues = sqlx::query_as::<_, RegisterVenue>(VENUES).fetch_all(pool).await?;
        let courts = sqlx::query_as::<_, CourtRow>(COURTS).fetch_all(pool).await?;
        let hours = sqlx::query_as::<_, VenueHours>(HOURS).fetch_all(pool).await?;
        Ok(Register { venues, courts, hours })
    })
}

/// What the feed table holds about an item, without its data.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemState {
    pub id: String,
    pub deleted: bool,
    pub digest: i64,
}

pub async fn item_states(db: &Db, feed: &str) -> sqlx::Result<Vec<ItemState>> {
    const SQL: &str = "SELECT id, deleted, digest FROM open_data_items WHERE feed = $1";
    on_db!(db, pool => sqlx::query_as::<_, ItemState>(SQL).bind(feed).fetch_all(pool).await)
}

/// A new version of an item: its data, or a tombstone (`data: None`).
#[derive(Debug, Clone)]
pub struct Change {
    pub id: String,
    pub data: Option<String>,
    pub digest: i64,
}

/// Rows per INSERT statement (8 parameters each).
const CHUNK: usize = 250;

/// Writes `changes` in one transaction, each with the next `modified` value
/// in order. The counter row is updated first, so concurrent refreshes (from
/// several processes) queue behind it and their values commit in order.
pub async fn apply_changes(
    db: &Db,
    feed: &str,
    kind: &str,
    changes: &[Change],
    now: i64,
) -> sqlx::Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    const BUMP: &str = "UPDATE open_data_counter SET last_modified = last_modified + $1 \
         WHERE only_row = 1 RETURNING last_modified";
    const UPSERT: &str =
        "INSERT INTO open_data_items (feed, id, kind, modified, deleted, data, digest, deleted_at) ";
    const ON_CONFLICT: &str = " ON CONFLICT (feed, id) DO UPDATE SET kind = excluded.kind, \
         modified = excluded.modified, deleted = excluded.deleted, data = excluded.data, \
         digest = excluded.digest, deleted_at = excluded.deleted_at";
    let count = changes.len() as i64;
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let last: i64 = sqlx::query_scalar(BUMP).bind(count).fetch_one(&mut *tx).await?;
        let mut modified = last - count;
        for chunk in changes.chunks(CHUNK) {
            let mut insert = sqlx::QueryBuilder::new(UPSERT);
            insert.push_values(chunk, |mut row, change| {
                modified += 1;
                row.push_bind(feed.to_string())
                    .push_bind(change.id.clone())
                    .push_bind(kind.to_string())
                    .push_bind(modified)
                    .push_bind(change.data.is_none())
                    .push_bind(change.data.clone())
                    .push_bind(change.digest)
                    .push_bind(change.data.is_none().then_some(now));
            });
            insert.push(ON_CONFLICT);
            insert.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    })
}

/// Forgets tombstones deleted before `before` (Unix seconds).
pub async fn purge_tombstones(db: &Db, before: i64) -> sqlx::Result<u64> {
    const SQL: &str = "DELETE FROM open_data_items WHERE deleted AND deleted_at < $1";
    Ok(on_db!(db, pool => sqlx::query(SQL).bind(before).execute(pool).await?.rows_affected()))
}

/// One item as a feed page shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FeedRow {
    pub id: String,
    pub kind: String,
    pub modified: i64,
    pub deleted: bool,
    pub data: Option<String>,
}

/// Up to `limit` items after `(modified, id)` in (modified, id) order.
pub async fn page(
    db: &Db,
    feed: &str,
    after: Option<(i64, &str)>,
    limit: i64,
) -> sqlx::Result<Vec<FeedRow>> {
    const SQL: &str = "SELECT id, kind, modified, deleted, data FROM open_data_items \
         WHERE feed = $1 AND (modified > $2 OR (modified = $2 AND id > $3)) \
         ORDER BY modified, id LIMIT $4";
    let (modified, id) = after.unwrap_or((i64::MIN, ""));
    on_db!(db, pool => sqlx::query_as::<_, FeedRow>(SQL)
        .bind(feed).bind(modified).bind(id).bind(limit)
        .fetch_all(pool).await)
}

/// One item by id (tombstones included).
pub async fn item(db: &Db, feed: &str, id: &str) -> sqlx::Result<Option<FeedRow>> {
    const SQL: &str = "SELECT id, kind, modified, deleted, data FROM open_data_items \
         WHERE feed = $1 AND id = $2";
    on_db!(db, pool => sqlx::query_as::<_, FeedRow>(SQL).bind(feed).bind(id).fetch_optional(pool).await)
}
