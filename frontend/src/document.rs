//! The document the app was loaded as. Two kinds of page need a document of
//! their own and are loaded afresh when an in-app link reaches them: the pay
//! step (its CSP alone lets Stripe.js in) and, in the players' build, the
//! operator pages (a build of their own under `/operator/`, so a player's
//! phone never downloads them).

thread_local! {
    static FIRST_PATH: String = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
}

/// Remembers the first path, before any in-app navigation.
pub fn remember_first_path() {
    FIRST_PATH.with(|_| ());
}

/// Whether this document was loaded at `path`.
pub fn loaded_at(path: &str) -> bool {
    FIRST_PATH.with(|p| p == path)
}
