//! Rate limits on signing in, per client address and per e-mail address.
//!
//! In memory, per process: a sliding log of recent attempts per key. The
//! database adds the limits that must hold across processes (a code dies
//! after a few wrong guesses; a few codes per address per hour), so this is
//! the cheap first line against a flood, not the only one.

use std::{
    collections::{HashMap, VecDeque},
    sync::Mutex,
    time::{Duration, Instant},
};

/// A limit: at most `max` attempts in any `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: usize,
    pub window: Duration,
}

#[derive(Default)]
pub struct RateLimiter {
    attempts: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// Counts an attempt for `key`; `Err(retry_after)` when over the limit
    /// (the refused attempt is not counted).
    pub fn check(&self, key: &str, limit: Limit) -> Result<(), Duration> {
        self.check_at(key, limit, Instant::now())
    }

    fn check_at(&self, key: &str, limit: Limit, now: Instant) -> Result<(), Duration> {
        // A poisoned lock only means another request panicked mid-update;
        // the counters are still usable.
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        if attempts.len() > 100_000 {
            // Bound memory under a flood of distinct keys: forget idle ones.
            attempts.retain(|_, log| {
                log.back()
                    .is_some_and(|t| now.duration_since(*t) < limit.window)
            });
        }
        let log = attempts.entry(key.to_string()).or_default();
        while log
            .front()
            .is_some_and(|t| now.duration_since(*t) >= limit.window)
        {
            log.pop_front();
        }
        if log.len() >= limit.max {
            let oldest = log.front().copied().unwrap_or(now);
            return Err(limit.window.saturating_sub(now.duration_since(oldest)));
        }
        log.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_over_the_limit_and_recovers_after_the_window() {
        let limiter = RateLimiter::default();
        let limit = Limit {
            max: 3,
            window: Duration::from_secs(60),
        };
        let t0 = Instant::now();
        for i in 0..3 {
            assert!(limiter
                .check_at("ip:1", limit, t0 + Duration::from_secs(i))
                .is_ok());
        }
        let retry = limiter
            .check_at("ip:1", limit, t0 + Duration::from_secs(10))
            .unwrap_err();
        assert_eq!(retry, Duration::from_secs(50));
        // Another key is not affected.
        assert!(limiter.check_at("ip:2", limit, t0).is_ok());
        // Once the first attempt is a window old, one more goes through.
        assert!(limiter
            .check_at("ip:1", limit, t0 + Duration::from_secs(60))
            .is_ok());
        assert!(limiter
            .check_at("ip:1", limit, t0 + Duration::from_secs(60))
            .is_err());
    }
}
