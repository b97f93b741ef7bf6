//! The API, end to end in-process, on SQLite and on PostgreSQL.
//! Every test runs once per engine against a fresh database.

mod fake_push;
mod fake_stripe;
mod helpers;
mod soft_passkey;
mod tls;

mod access;
mod accounts;
mod bench_nodes;
mod bookings;
mod closures;
mod deploy;
mod door;
mod durability;
mod errors;
mod hold_limits;
mod import_osm;
mod kill;
mod kill_closure;
mod kill_nodes;
mod logs;
mod many_nodes;
mod metrics;
mod my_bookings;
mod nginx;
mod open_data;
mod operating;
mod operator;
mod operator_desk;
mod operator_hours;
mod operator_members;
mod operator_notices;
mod operator_photos;
mod operator_rules;
mod operator_statistics;
mod operator_venues;
mod owner;
mod payments_stripe;
mod privacy;
mod protected;
mod push;
mod race;
mod retention;
mod rules;
mod search;
mod settings;
mod shutdown;
mod static_files;
mod venues;
mod wake_ups;
mod watches;

/// Generates a `sqlite` and a `postgres` test for each async fn(Engine).
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::Engine::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::helpers::Engine::Postgres).await
            }
        }
    )*};
}
