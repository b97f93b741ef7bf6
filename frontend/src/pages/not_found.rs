//! Any path the app does not know.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::{use_title, Route};
use crate::i18n::msg;

#[function_component(NotFound)]
pub fn not_found() -> Html {
    use_title(msg::not_found_title().to_string());
    html! {
        <div class="page">
            <h1>{ msg::not_found_title() }</h1>
            <p>{ msg::not_found_text() }</p>
            <p><Link<Route> to={Route::Home} classes="button">{ msg::not_found_home() }</Link<Route>></p>
        </div>
    }
}
