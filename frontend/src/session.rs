//! Who is signed in: loaded once at start-up from `GET /session` and shared
//! with every page through a context. Also where the app's language and the
//! profile's (the language of the person's mails and pushes) meet.

use shared::account::{Account, ProfileUpdate, SessionInfo};
use yew::prelude::*;

use crate::i18n::{self, LanguageHandle};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SessionState {
    /// False until the first answer from the server (or a failure to get one).
    pub loaded: bool,
    pub account: Option<Account>,
    /// The server could not be asked (offline, or it did not answer): who is
    /// signed in is not known, so pages must not treat the person as signed
    /// out (no "sign in" prompt, no redirect). Asked again when back online.
    pub unreachable: bool,
}

impl SessionState {
    pub fn from_info(info: SessionInfo) -> Self {
        SessionState {
            loaded: true,
            account: info.account,
            unreachable: false,
        }
    }

    pub fn signed_in(account: Account) -> Self {
        SessionState {
            loaded: true,
            account: Some(account),
            unreachable: false,
        }
    }

    pub fn signed_out() -> Self {
        SessionState {
            loaded: true,
            account: None,
            unreachable: false,
        }
    }

    /// The start-up check failed for want of a network or a server.
    pub fn unreachable() -> Self {
        SessionState {
            loaded: true,
            account: None,
            unreachable: true,
        }
    }

    /// Known to be signed out (not merely unknown).
    pub fn is_signed_out(&self) -> bool {
        self.loaded && self.account.is_none() && !self.unreachable
    }
}

pub type SessionHandle = UseStateHandle<SessionState>;

/// The session context, provided by the app frame.
#[hook]
pub fn use_session() -> SessionHandle {
    use_context::<SessionHandle>().expect("the app frame provides the session context")
}

/// The app's language as the profile's.
pub fn profile_language(language: i18n::Language) -> shared::account::Language {
    match language {
        i18n::Language::Sv => shared::account::Language::Sv,
        i18n::Language::En => shared::account::Language::En,
    }
}

/// The profile's language as the app's.
pub fn app_language(language: shared::account::Language) -> i18n::Language {
    match language {
        shared::account::Language::Sv => i18n::Language::Sv,
        shared::account::Language::En => i18n::Language::En,
    }
}

/// Speak `language` from now on: on this device, and in the app now.
pub fn switch_app_language(handle: &LanguageHandle, language: i18n::Language) {
    i18n::set_language(language);
    if **handle != language {
        handle.set(language);
    }
}

/// Just signed in: a device that never chose a language adopts the
/// profile's (a device that chose keeps its choice).
pub fn adopt_profile_language(handle: &LanguageHandle, info: &SessionInfo) {
    if let (Some(account), None) = (&info.account, i18n::stored_choice()) {
        switch_app_language(handle, app_language(account.language));
    }
}

/// The header's switch, signed in: the profile's language follows, so mails
/// and pushes come in the language the person reads the app in. Best
/// effort, in the background: when it fails the profile keeps its language
/// and the app has switched all the same.
pub fn save_profile_language(session: &SessionHandle, language: i18n::Language) {
    if session.account.is_none() {
        return;
    }
    let session = session.clone();
    let wanted = profile_language(language);
    yew::platform::spawn_local(async move {
        // The update replaces the whole profile: start from the server's
        // current one, not from what this page loaded (staff may have set a
        // club category since).
        let Ok(info) = crate::api::session().await else {
            return;
        };
        let Some(account) = info.account else { return };
        // Nothing to change; and the server refuses a profile without a
        // name (an account made by an e-mailed code has none until the
        // person gives one), so don't ask.
        // Switched back meanwhile: that switch saves its own.
        if i18n::language() != language {
            return;
        }
        if account.language == wanted || account.name.trim().is_empty() {
            return;
        }
        let update = ProfileUpdate {
            name: account.name,
            phone: account.phone,
            language: wanted,
            category: account.category,
        };
        if let Ok(account) = crate::api::update_profile(&update).await {
            session.set(SessionState::signed_in(account));
        }
    });
}
