//! The database: SQLite (embedded default) or PostgreSQL (production), chosen
//! by URL. Each engine has its own migrations; most queries are written once
//! and run on both through [`on_db!`], and the few that must differ (how a
//! write transaction starts, how a double booking is refused) say so where
//! they live.

use std::{path::Path, str::FromStr, time::Duration};

use anyhow::Context;
use sqlx::{
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    PgPool, SqlitePool,
};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// A connection pool on one of the two engines.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same body against whichever pool `$db` holds. The body is compiled
/// once per engine, so it may use engine-generic sqlx calls only; SQL must be
/// portable (positional `$1` parameters work on both).
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

impl Db {
    /// Connects to `url`: `sqlite://path` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url).context("invalid PostgreSQL URL")?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .context("cannot connect to PostgreSQL")?;
            Ok(Db::Postgres(pool))
        } else if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .context("invalid SQLite URL")?
                .create_if_missing(true)
                .foreign_keys(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                // Writers queue behind SQLite's single write lock instead of failing.
                .busy_timeout(Duration::from_secs(10))
                // Reads dominate (search, open data): map the file and keep a
                // larger page cache instead of a syscall per page.
                .pragma("mmap_size", "268435456")
                .pragma("cache_size", "-32768");
            if let Some(dir) = options.get_filename().parent() {
                if !dir.as_os_str().is_empty() && !Path::new(dir).exists() {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("cannot create {}", dir.display()))?;
                }
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await
                .context("cannot open the SQLite database")?;
            Ok(Db::Sqlite(pool))
        } else {
            anyhow::bail!("LEDIG_DATABASE_URL must start with sqlite: or postgres://, got {url:?}")
        }
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    pub fn engine(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
}

/// Starting a transaction that will write. On SQLite this is `BEGIN
/// IMMEDIATE`, which takes the database's single write lock before the first
/// read, so a check-then-insert inside it cannot race another writer. On
/// PostgreSQL a plain `BEGIN`: there the constraints do the refusing.
pub trait BeginWrite {
    type Database: sqlx::Database;
    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = sqlx::Result<sqlx::Transaction<'static, Self::Database>>> + Send;
}

impl BeginWrite for SqlitePool {
    type Database = sqlx::Sqlite;
    async fn begin_write(&self) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        self.begin_with("BEGIN IMMEDIATE").await
    }
}

impl BeginWrite for PgPool {
    type Database = sqlx::Postgres;
    async fn begin_write(&self) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Postgres>> {
        self.begin().await
    }
}

/// Serialising writes that must not interleave for one key (a person's
/// holds) inside a write transaction. SQLite: nothing to do, `BEGIN
/// IMMEDIATE` already holds the database's single write lock. PostgreSQL: a
/// transaction-scoped advisory lock on the key, released at commit or
/// rollback.
pub trait LockKey {
    fn lock_key(&mut self, key: i64) -> impl std::future::Future<Output = sqlx::Result<()>> + Send;
}

impl LockKey for sqlx::Transaction<'_, sqlx::Sqlite> {
    async fn lock_key(&mut self, _key: i64) -> sqlx::Result<()> {
        Ok(())
    }
}

impl LockKey for sqlx::Transaction<'_, sqlx::Postgres> {
    async fn lock_key(&mut self, key: i64) -> sqlx::Result<()> {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(key)
            .execute(&mut **self)
            .await
            .map(|_| ())
    }
}

/// True when PostgreSQL refused a write because it would double-book
/// (exclusion violation) or because two such writes deadlocked.
pub fn is_booking_conflict(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == "23P01" || code == "40P01")
}

/// A transaction-scoped lock on a named key, for check-then-write sequences
/// that no constraint can express (door codes per court, the order of the
/// access change log). PostgreSQL: `pg_advisory_xact_lock`, released at
/// commit or rollback. SQLite: nothing to do, `BEGIN IMMEDIATE` already
/// holds the single write lock for the whole transaction.
pub trait TxLock {
    fn lock_key(
        &mut self,
        name: &'static str,
        key: i64,
    ) -> impl std::future::Future<Output = sqlx::Result<()>> + Send;
}

impl TxLock for sqlx::Transaction<'static, sqlx::Sqlite> {
    async fn lock_key(&mut self, _name: &'static str, _key: i64) -> sqlx::Result<()> {
        Ok(())
    }
}

impl TxLock for sqlx::Transaction<'static, sqlx::Postgres> {
    async fn lock_key(&mut self, name: &'static str, key: i64) -> sqlx::Result<()> {
        // One 64-bit lock id per (name, key), so locks of different
        // purposes never wait on each other.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, $2))")
            .bind(name)
            .bind(key)
            .execute(&mut **self)
            .await
            .map(|_| ())
    }
}
