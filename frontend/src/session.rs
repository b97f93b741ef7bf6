//! Who is signed in: loaded once at start-up from `GET /session` and shared
//! with every page through a context.

use shared::account::{Account, SessionInfo};
use yew::prelude::*;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SessionState {
    /// False until the first answer from the server (or a failure to get one).
    pub loaded: bool,
    pub account: Option<Account>,
}

impl SessionState {
    pub fn from_info(info: SessionInfo) -> Self {
        SessionState {
            loaded: true,
            account: info.account,
        }
    }

    pub fn signed_out() -> Self {
        SessionState {
            loaded: true,
            account: None,
        }
    }
}

pub type SessionHandle = UseStateHandle<SessionState>;

/// The session context, provided by the app frame.
#[hook]
pub fn use_session() -> SessionHandle {
    use_context::<SessionHandle>().expect("the app frame provides the session context")
}
