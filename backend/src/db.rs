//! The database: SQLite (embedded default) or PostgreSQL (production), chosen
//! by URL. Each engine has its own migrations; most queries are written once
//! and run on both through [`on_db!`], and the few that must differ (how a
//! write transaction starts, how a double booking is refused) say so where
//! they live.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    str::FromStr,
    sync::{Arc, OnceLock},
    time::Duration,
};

use anyhow::Context;
use sqlx::{
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    PgPool, SqlitePool,
};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// The advisory lock key of [`Db::start_lock`] ("ledig", then 1).
const START_LOCK_KEY: i64 = 0x6c65_6469_6700_0001;

/// A PostgreSQL session lock, held while this lives ([`Db::start_lock`]):
/// dropping it closes its connection, which ends the lock (never back to
/// the pool with the lock held). Nothing on SQLite.
pub struct SessionLock(Option<sqlx::PgConnection>);

/// A job's lock for one round ([`Db::try_job_lock`]): an open transaction
/// that holds `pg_try_advisory_xact_lock`, so ending it (release, drop, or
/// the process dying with its connection) ends the lock, and its connection
/// goes back to the pool without it. A job that runs every few seconds
/// costs no new connection a round. Nothing on SQLite.
pub struct JobLock(Option<sqlx::Transaction<'static, sqlx::Postgres>>);

impl JobLock {
    /// Ends the lock at once (dropping it ends it too: the transaction is
    /// rolled back when its connection is next used).
    pub async fn release(mut self) {
        if let Some(tx) = self.0.take() {
            let _ = tx.rollback().await;
        }
    }
}

impl SessionLock {
    /// Ends the lock at once (dropping it ends it too, when PostgreSQL sees
    /// the connection close, a moment later).
    pub async fn release(mut self) {
        if let Some(mut connection) = self.0.take() {
            let _ = sqlx::query("SELECT pg_advisory_unlock_all()")
                .execute(&mut connection)
                .await;
            let _ = sqlx::Connection::close(connection).await;
        }
    }
}

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
                // FULL: a commit is on disk (the WAL fsynced) before it is
                // acknowledged, so a power cut cannot take back a paid
                // confirmation the player was already shown. NORMAL would
                // only fsync at checkpoints: safe against a crashed process,
                // not against a crashed machine. It costs one fsync per
                // write transaction (see docs/OPERATIONS.md, "SQLite durability").
                .synchronous(SqliteSynchronous::Full)
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

    /// Waits for and takes the lock that every starting process holds while
    /// it migrates, loads demo data and makes its keys, so N processes
    /// started at once on one empty PostgreSQL do each of those once: the
    /// first does them, the others find them done. SQLite: nothing to wait
    /// for (one file, one process).
    ///
    /// A session lock on a connection of its own: dropping the guard closes
    /// that connection (never back to the pool with the lock held), and a
    /// process that dies holding it releases it with its connection.
    pub async fn start_lock(&self) -> anyhow::Result<SessionLock> {
        match self {
            Db::Sqlite(_) => Ok(SessionLock(None)),
            Db::Postgres(pool) => {
                let mut connection = pool.acquire().await?.detach();
                sqlx::query("SELECT pg_advisory_lock($1)")
                    .bind(START_LOCK_KEY)
                    .execute(&mut connection)
                    .await
                    .context("waiting for the start-up lock")?;
                Ok(SessionLock(Some(connection)))
            }
        }
    }

    /// For a job that must not run in two processes at once (the open-data
    /// refresh, the offer worker's pass): the lock `key` if no other process
    /// holds it, or `None` (skip this round; that process is doing it).
    /// Tried, never waited for. A process that dies holding it releases it
    /// with its connection. SQLite: always granted (one process; its callers
    /// serialise within it).
    pub async fn try_job_lock(&self, key: i64) -> sqlx::Result<Option<JobLock>> {
        match self {
            Db::Sqlite(_) => Ok(Some(JobLock(None))),
            Db::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1)")
                    .bind(key)
                    .fetch_one(&mut *tx)
                    .await?;
                Ok(got.then_some(JobLock(Some(tx))))
            }
        }
    }

    /// Whether every migration this build knows is applied, none failed.
    /// A process of the build before, on a schema an upgrade has moved on,
    /// is still current (migrations only add); one of a newer build whose
    /// migrations have not run is not.
    pub async fn migrations_current(&self) -> sqlx::Result<bool> {
        const APPLIED: &str = "SELECT version FROM _sqlx_migrations WHERE success";
        let (migrator, applied): (&sqlx::migrate::Migrator, Vec<i64>) = match self {
            Db::Sqlite(pool) => (
                &SQLITE_MIGRATIONS,
                sqlx::query_scalar(APPLIED).fetch_all(pool).await?,
            ),
            Db::Postgres(pool) => (
                &POSTGRES_MIGRATIONS,
                sqlx::query_scalar(APPLIED).fetch_all(pool).await?,
            ),
        };
        Ok(migrator
            .iter()
            .filter(|m| m.migration_type.is_up_migration())
            .all(|m| applied.contains(&m.version)))
    }

    /// The pool's connections: (open, idle, at most).
    pub fn pool_use(&self) -> (u32, u32, u32) {
        match self {
            Db::Sqlite(pool) => (
                pool.size(),
                pool.num_idle() as u32,
                pool.options().get_max_connections(),
            ),
            Db::Postgres(pool) => (
                pool.size(),
                pool.num_idle() as u32,
                pool.options().get_max_connections(),
            ),
        }
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
///
/// SQLite writers also queue for their turn in the app first ([`WriteTx`]):
/// SQLite has one write lock, and a connection that finds it taken sleeps in
/// its busy handler (1, 2, 5 … 100 ms) instead of being woken when it frees,
/// which under load turns into tens of milliseconds of idle waiting. A tokio
/// mutex per database hands the turn over at once instead.
pub trait BeginWrite {
    type Database: sqlx::Database;
    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = sqlx::Result<WriteTx<Self::Database>>> + Send;
}

/// A write transaction, holding (on SQLite) this process's turn to write
/// until it commits or is dropped. Derefs to the connection, so `&mut *tx`
/// is an executor as with a plain transaction.
pub struct WriteTx<DB: sqlx::Database> {
    tx: sqlx::Transaction<'static, DB>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl<DB: sqlx::Database> WriteTx<DB> {
    pub async fn commit(self) -> sqlx::Result<()> {
        self.tx.commit().await
    }
}

impl<DB: sqlx::Database> std::ops::Deref for WriteTx<DB> {
    type Target = DB::Connection;
    fn deref(&self) -> &DB::Connection {
        &self.tx
    }
}

impl<DB: sqlx::Database> std::ops::DerefMut for WriteTx<DB> {
    fn deref_mut(&mut self) -> &mut DB::Connection {
        &mut self.tx
    }
}

/// The writers' queue of each SQLite database file in this process.
fn sqlite_turns(pool: &SqlitePool) -> Arc<tokio::sync::Mutex<()>> {
    static TURNS: OnceLock<std::sync::Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>>> =
        OnceLock::new();
    let file = pool.connect_options().get_filename().to_path_buf();
    let mut turns = TURNS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    turns.entry(file).or_default().clone()
}

impl BeginWrite for SqlitePool {
    type Database = sqlx::Sqlite;
    async fn begin_write(&self) -> sqlx::Result<WriteTx<sqlx::Sqlite>> {
        let turn = sqlite_turns(self).lock_owned().await;
        let tx = self.begin_with("BEGIN IMMEDIATE").await?;
        Ok(WriteTx {
            tx,
            _turn: Some(turn),
        })
    }
}

impl BeginWrite for PgPool {
    type Database = sqlx::Postgres;
    async fn begin_write(&self) -> sqlx::Result<WriteTx<sqlx::Postgres>> {
        Ok(WriteTx {
            tx: self.begin().await?,
            _turn: None,
        })
    }
}

/// A write transaction on whichever engine, for a change that spans
/// capabilities and must commit whole or not at all: a confirmation with its
/// door credentials and payment status, a cancellation with its revocation,
/// an entry with its check-in. Each capability offers a `…_in(&mut Tx, …)`
/// step that writes inside the caller's transaction; the caller commits.
/// Dropped without [`Tx::commit`], nothing of it is written.
pub enum Tx {
    Sqlite(WriteTx<sqlx::Sqlite>),
    Postgres(WriteTx<sqlx::Postgres>),
}

/// Runs the same body on whichever transaction `$tx` (a `&mut Tx`) holds;
/// `$conn` is the `&mut WriteTx`, so `&mut **$conn` is the executor.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite($conn) => $body,
            $crate::db::Tx::Postgres($conn) => $body,
        }
    };
}

impl Db {
    /// Starts a write transaction ([`BeginWrite`]: `BEGIN IMMEDIATE` in this
    /// process's turn on SQLite, `BEGIN` on PostgreSQL).
    pub async fn begin_write(&self) -> sqlx::Result<Tx> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_write().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin_write().await?),
        })
    }
}

impl Tx {
    pub async fn commit(self) -> sqlx::Result<()> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
    }

    /// [`TxLock::lock_key`] on this transaction.
    pub async fn lock_key(&mut self, name: &'static str, key: i64) -> sqlx::Result<()> {
        match self {
            Tx::Sqlite(tx) => tx.lock_key(name, key).await,
            Tx::Postgres(tx) => tx.lock_key(name, key).await,
        }
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

impl TxLock for WriteTx<sqlx::Sqlite> {
    async fn lock_key(&mut self, _name: &'static str, _key: i64) -> sqlx::Result<()> {
        Ok(())
    }
}

impl TxLock for WriteTx<sqlx::Postgres> {
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
