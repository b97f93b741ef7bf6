//! Showing an API problem to a person.

use shared::Problem;
use yew::prelude::*;

use crate::i18n::msg;

#[derive(Properties, PartialEq)]
pub struct ErrorBoxProps {
    pub problem: Problem,
    /// Offer a "Try again" button.
    #[prop_or_default]
    pub on_retry: Option<Callback<()>>,
}

/// A block-level error message (`role="alert"`).
#[function_component(ErrorBox)]
pub fn error_box(props: &ErrorBoxProps) -> Html {
    html! {
        <div class="notice notice-error" role="alert">
            <p>{ props.problem.message() }</p>
            if let Some(retry) = &props.on_retry {
                <button type="button" class="button button-secondary" onclick={retry.reform(|_| ())}>{ msg::try_again() }</button>
            }
        </div>
    }
}

/// In place of a page that needs an account when the start-up session check
/// could not reach the server: neither "sign in" (the person may well be
/// signed in) nor an endless skeleton. The app asks again once online.
#[function_component(SessionUnreachable)]
pub fn session_unreachable() -> Html {
    html! {
        <div class="notice" role="status">
            <p>{ msg::session_unreachable() }</p>
        </div>
    }
}
