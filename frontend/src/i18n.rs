//! The app's language: Swedish by default, English on request, remembered on
//! the device. Every string a person reads comes from the message files
//! (`frontend/locales/{sv,en}/*.ftl`), compiled by `build.rs` into [`msg`]:
//! `msg::home_title()`, `msg::next_free(time)`.
//!
//! The language lives in a thread-local (the app has one thread) so that
//! helpers far from any component, like the date formatters and the API
//! client's own error messages, can speak it; the [`LanguageHandle`] context
//! re-renders the app when it changes.

use std::cell::Cell;

use gloo::storage::{LocalStorage, Storage};
use yew::prelude::*;

const KEY: &str = "ledig.language.v1";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Sv,
    En,
}

impl Language {
    /// The BCP 47 tag: `<html lang>`, `Accept-Language`, the profile's value.
    pub fn code(self) -> &'static str {
        match self {
            Language::Sv => "sv",
            Language::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Language> {
        match code.get(..2)? {
            "sv" => Some(Language::Sv),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    /// The other one (the header's switch offers it).
    pub fn other(self) -> Language {
        match self {
            Language::Sv => Language::En,
            Language::En => Language::Sv,
        }
    }
}

thread_local! {
    static CURRENT: Cell<Language> = Cell::new(stored());
}

/// The language chosen on this device, Swedish if none was.
fn stored() -> Language {
    stored_choice().unwrap_or(Language::Sv)
}

/// The language chosen on this device, if one was (signing in adopts the
/// profile's language only on a device that never chose).
pub fn stored_choice() -> Option<Language> {
    LocalStorage::get::<String>(KEY)
        .ok()
        .and_then(|code| Language::parse(&code))
}

/// The language the app speaks now.
pub fn language() -> Language {
    CURRENT.with(Cell::get)
}

/// Speak `language` from now on, on this device; sets `<html lang>` too.
/// Components re-render through [`LanguageHandle`].
pub fn set_language(language: Language) {
    CURRENT.with(|c| c.set(language));
    // Storage can be full or disabled (private mode); the choice then lasts
    // until the page is closed.
    let _ = LocalStorage::set(KEY, language.code());
    apply_to_document(language);
}

pub fn apply_to_document(language: Language) {
    if let Some(html) = gloo::utils::document().document_element() {
        let _ = html.set_attribute("lang", language.code());
    }
}

/// The plural rule of Swedish and English: "one" for exactly 1.
pub fn is_plural_one(n: i64) -> bool {
    n == 1
}

/// Context: the language as component state, so changing it re-renders.
pub type LanguageHandle = UseStateHandle<Language>;

#[hook]
pub fn use_language() -> LanguageHandle {
    use_context::<LanguageHandle>().expect("the app provides LanguageHandle")
}

/// The generated messages: one function per message id.
pub mod msg {
    include!(concat!(env!("OUT_DIR"), "/messages.rs"));
}
