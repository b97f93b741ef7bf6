//! Any path the app does not know.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::{use_title, Route};

#[function_component(NotFound)]
pub fn not_found() -> Html {
    use_title("Page not found".to_string());
    html! {
        <div class="page">
            <h1>{ "Page not found" }</h1>
            <p>{ "There is nothing at this address." }</p>
            <p><Link<Route> to={Route::Home} classes="button">{ "Go to the map" }</Link<Route>></p>
        </div>
    }
}
