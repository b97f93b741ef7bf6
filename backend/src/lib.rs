//! Ledig's server: one module per domain capability, each owning its SQL, its
//! rules and its routes; the infrastructure (config, db, http plumbing) stays thin.

pub mod access;
pub mod accounts;
pub mod availability;
pub mod bookings;
pub mod config;
pub mod db;
pub mod detach;
pub mod door;
pub mod error;
pub mod extract;
pub mod http;
pub mod import;
pub mod limits;
pub mod mail;
pub mod metrics;
pub mod openapi;
pub mod opendata;
pub mod operator;
pub mod payments;
pub mod privacy;
pub mod push;
pub mod repair;
pub mod retention;
pub mod rules;
pub mod search;
pub mod security;
pub mod seed;
pub mod venues;
pub mod wake;
pub mod watches;
pub mod words;

mod app;

pub use app::{AppState, Application};
