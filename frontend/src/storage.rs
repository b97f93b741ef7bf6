//! Bookings made on this device, kept in `localStorage` so "My bookings"
//! shows them even without a network (the last-known copy of each).

use gloo::storage::{LocalStorage, Storage};
use shared::Booking;
use uuid::Uuid;

const KEY: &str = "ledig.bookings.v1";

/// All bookings saved on this device, soonest start first.
pub fn bookings() -> Vec<Booking> {
    let mut list: Vec<Booking> = LocalStorage::get(KEY).unwrap_or_default();
    list.sort_by_key(|b| b.starts_at);
    list
}

/// The saved copy of one booking, if this device made it.
pub fn booking(id: Uuid) -> Option<Booking> {
    bookings().into_iter().find(|b| b.id == id)
}

/// Save (or update) the last-known state of a booking.
pub fn save(booking: &Booking) {
    let mut list = bookings();
    match list.iter_mut().find(|b| b.id == booking.id) {
        Some(existing) => *existing = booking.clone(),
        None => list.push(booking.clone()),
    }
    // Storage can be full or disabled (private mode); the app still works without it.
    let _ = LocalStorage::set(KEY, &list);
}

const OWNER_KEYS: &str = "ledig.booking-keys.v1";

/// Remember booking `id`'s owner key: this device's proof that it made the
/// booking (the id alone opens nothing). Kept apart from the booking copies,
/// which the server's later answers (without the key) overwrite.
pub fn save_owner_key(id: Uuid, key: &str) {
    let mut keys: std::collections::BTreeMap<Uuid, String> =
        LocalStorage::get(OWNER_KEYS).unwrap_or_default();
    keys.insert(id, key.to_string());
    let _ = LocalStorage::set(OWNER_KEYS, &keys);
}

/// Booking `id`'s owner key, if this device made it.
pub fn owner_key(id: Uuid) -> Option<String> {
    let keys: std::collections::BTreeMap<Uuid, String> =
        LocalStorage::get(OWNER_KEYS).unwrap_or_default();
    keys.get(&id).cloned()
}

const PLAYER_KEY: &str = "ledig.player.v1";

/// The name and e-mail last used on this device, to fill the form next time.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Player {
    pub name: String,
    pub email: String,
}

pub fn player() -> Player {
    LocalStorage::get(PLAYER_KEY).unwrap_or_default()
}

pub fn save_player(player: &Player) {
    let _ = LocalStorage::set(PLAYER_KEY, player);
}

/// Signing out: nothing of the person stays on the device (on a shared or
/// borrowed phone the next person must not see their bookings, door codes,
/// owner keys or name). The account keeps its bookings; signing in again
/// brings them back. The language chosen stays: it is the device's.
pub fn forget_everything() {
    for key in [KEY, OWNER_KEYS, PLAYER_KEY] {
        LocalStorage::delete(key);
    }
}
