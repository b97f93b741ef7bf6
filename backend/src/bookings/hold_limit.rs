//! How many holds one client may place. A hold takes a slot from everyone
//! else for `LEDIG_HOLD_MINUTES` without paying, so without a limit one
//! script can hold every slot. Counted in the database (`hold_events`, the
//! last 15 minutes), so the limit holds across processes and restarts: per client address (`LEDIG_HOLDS_PER_CLIENT`) and per
//! signed-in account (`LEDIG_HOLDS_PER_PERSON`). A guest's e-mail is not a
//! key: anyone can type anyone's address, and would use up its quota.
//!
//! The venue's own per-person limit (`max_active_bookings`) counts by
//! [`person_key`] for the same reason.

use std::net::IpAddr;

use crate::{accounts::session::Live, db::Db, error::AppError};

/// The window holds are counted over, seconds.
pub const WINDOW_SECONDS: i64 = crate::limits::WINDOW_SECONDS;

/// Holds allowed per window.
#[derive(Debug, Clone, Copy)]
pub struct HoldLimits {
    pub per_client: u32,
    pub per_person: u32,
}

/// The client, for counting: its address, or for IPv6 its /64 (one
/// subscriber's network, whose addresses it may rotate at will).
pub fn client_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => format!("client:{v4}"),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("client:{v4}"),
            None => {
                let s = v6.segments();
                format!("client:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Who a booking counts against for the venue's per-person limit: a
/// signed-in account's proved address (its bookings as a guest from before
/// count too), an unproved account by itself, and a guest by address typed
/// *and* client, so a stranger elsewhere cannot fill someone's quota by
/// holding slots in their name.
pub fn person_key(live: Option<&Live>, email: &str, ip: IpAddr) -> String {
    match live {
        Some(live) if live.account.email_verified => crate::rules::email_key(&live.account.email),
        Some(live) => format!("account:{}", live.account.id),
        None => format!(
            "guest:{}:{}",
            client_key(ip).trim_start_matches("client:"),
            crate::rules::email_key(email)
        ),
    }
}

/// Counts one hold for the client (and the signed-in account); over a limit,
/// 429 with Retry-After until the oldest counted hold leaves the window.
pub async fn take(
    db: &Db,
    limits: HoldLimits,
    ip: IpAddr,
    live: Option<&Live>,
    now: i64,
) -> Result<(), AppError> {
    let mut keys = vec![(client_key(ip), limits.per_client)];
    if let Some(live) = live {
        keys.push((format!("person:{}", live.account.id), limits.per_person));
    }
    for (key, max) in &keys {
        if let Some(oldest) = crate::limits::take(db, key, i64::from(*max), now).await? {
            let retry_after = (oldest + WINDOW_SECONDS - now).max(1) as u64;
            let minutes = retry_after.div_ceil(60);
            return Err(AppError::TooManyRequests {
                retry_after,
                message: format!(
                    "Too many slots held from here. Please wait {minutes} min, or pay for the ones you hold."
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_are_keyed_by_address_or_ipv6_network() {
        assert_eq!(
            client_key("203.0.113.5".parse().unwrap()),
            "client:203.0.113.5"
        );
        assert_eq!(
            client_key("2001:db8:1:2:aaaa::1".parse().unwrap()),
            client_key("2001:db8:1:2:bbbb::9".parse().unwrap())
        );
        assert_ne!(
            client_key("2001:db8:1:2::1".parse().unwrap()),
            client_key("2001:db8:1:3::1".parse().unwrap())
        );
        assert_eq!(
            client_key("::ffff:203.0.113.5".parse().unwrap()),
            "client:203.0.113.5"
        );
    }

    #[test]
    fn a_guest_counts_by_address_and_client() {
        let here: IpAddr = "203.0.113.5".parse().unwrap();
        let there: IpAddr = "198.51.100.7".parse().unwrap();
        assert_eq!(
            person_key(None, " Ada@Example.se", here),
            "guest:203.0.113.5:ada@example.se"
        );
        assert_ne!(
            person_key(None, "ada@example.se", here),
            person_key(None, "ada@example.se", there)
        );
    }
}
