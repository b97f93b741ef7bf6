//! Rate limits on signing in, per client address: codes asked for, codes
//! tried, passkey ceremonies started. Counted in the database
//! ([`crate::limits`], the last 15 minutes) so that N processes behind a
//! load balancer allow what one does, and a restart forgets nothing. The
//! database also holds the other sign-in limits: a code dies after five
//! wrong guesses (however many processes they went to), and an address
//! gets six codes an hour.

use crate::{db::Db, error::AppResult};

/// At most `max` attempts in 15 minutes.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: u32,
}

/// Counts an attempt for `key`; over the limit, 429 with Retry-After until
/// the oldest counted attempt leaves the window ("Too many `what`").
pub async fn check(db: &Db, key: &str, limit: Limit, what: &str) -> AppResult<()> {
    let now = chrono::Utc::now().timestamp();
    match crate::limits::take(db, key, i64::from(limit.max), now).await? {
        None => Ok(()),
        Some(oldest) => {
            let retry = (oldest + crate::limits::WINDOW_SECONDS - now).max(1) as u64;
            Err(super::email_code::too_many(
                std::time::Duration::from_secs(retry),
                what,
            ))
        }
    }
}
