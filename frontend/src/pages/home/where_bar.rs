//! "Near me" or a city: where the search is centred, with a clear way back
//! to searching everywhere. A refused or slow location offers the cities.

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::geo::{self, GeoError};
use crate::i18n::msg;
use crate::search::{Near, SearchQuery, CITIES};

/// Where "near me" is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Locating {
    Idle,
    Busy,
    Failed(GeoError),
}

#[derive(Properties, PartialEq)]
pub struct WhereBarProps {
    pub query: SearchQuery,
    pub set_query: Callback<SearchQuery>,
}

#[function_component(WhereBar)]
pub fn where_bar(props: &WhereBarProps) -> Html {
    let query = props.query.clone();
    let set_query = props.set_query.clone();
    let locating = use_state(|| Locating::Idle);
    let choosing_city = use_state(|| false);
    let on_near_me = {
        let locating = locating.clone();
        let set_query = set_query.clone();
        let query = query.clone();
        Callback::from(move |_: MouseEvent| {
            if *locating == Locating::Busy {
                return;
            }
            locating.set(Locating::Busy);
            let (locating, set_query, query) = (locating.clone(), set_query.clone(), query.clone());
            spawn_local(async move {
                match geo::current_position().await {
                    Ok((lat, lon)) => {
                        locating.set(Locating::Idle);
                        set_query.emit(SearchQuery {
                            lat: Some(format!("{lat:.5}")),
                            lon: Some(format!("{lon:.5}")),
                            near: Some("me".into()),
                            sort: Some("distance".into()),
                            ..query
                        });
                    }
                    Err(e) => locating.set(Locating::Failed(e)),
                }
            });
        })
    };
    let on_city = {
        let set_query = set_query.clone();
        let query = query.clone();
        let locating = locating.clone();
        let choosing_city = choosing_city.clone();
        Callback::from(move |(name, lat, lon): (&'static str, f64, f64)| {
            locating.set(Locating::Idle);
            choosing_city.set(false);
            set_query.emit(SearchQuery {
                lat: Some(format!("{lat:.4}")),
                lon: Some(format!("{lon:.4}")),
                near: Some(name.into()),
                sort: Some("distance".into()),
                ..query.clone()
            });
        })
    };
    let on_everywhere = {
        let set_query = set_query.clone();
        let query = query.clone();
        Callback::from(move |_: MouseEvent| {
            set_query.emit(SearchQuery {
                lat: None,
                lon: None,
                near: None,
                sort: None,
                ..query.clone()
            })
        })
    };
    let toggle_cities = {
        let choosing_city = choosing_city.clone();
        Callback::from(move |_: MouseEvent| choosing_city.set(!*choosing_city))
    };

    let near = query.near_place();
    html! {
        <div class="where">
            <div class="where-actions">
                <button type="button" class="button button-primary near-me" onclick={on_near_me}
                    aria-disabled={(*locating == Locating::Busy).then_some("true")} aria-busy={(*locating == Locating::Busy).then_some("true")}>
                    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                        <path fill="currentColor" d="M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zm8.94 3A9 9 0 0 0 13 3.06V1h-2v2.06A9 9 0 0 0 3.06 11H1v2h2.06A9 9 0 0 0 11 20.94V23h2v-2.06A9 9 0 0 0 20.94 13H23v-2h-2.06zM12 19a7 7 0 1 1 0-14 7 7 0 0 1 0 14z"/>
                    </svg>
                    { if *locating == Locating::Busy { msg::home_locating() } else { msg::home_near_me() } }
                </button>
                <button type="button" class="button button-secondary" onclick={toggle_cities}
                    aria-expanded={(*choosing_city).to_string()} aria-controls="city-choice">
                    { msg::home_choose_city() }
                </button>
            </div>
            if let Locating::Failed(e) = *locating {
                <div class="notice notice-warning" role="alert">
                    <p>{ e.message() }</p>
                </div>
            }
            if *choosing_city || matches!(*locating, Locating::Failed(_)) {
                <fieldset class="city-choice" id="city-choice">
                    <legend>{ msg::home_search_near() }</legend>
                    <div class="city-buttons">
                        { for CITIES.iter().map(|&(name, lat, lon)| {
                            let onclick = on_city.reform(move |_: MouseEvent| (name, lat, lon));
                            let current = matches!(&near, Some(Near::City(city)) if city == name);
                            html! { <button type="button" class="button button-small button-secondary" {onclick}
                                aria-pressed={current.to_string()}>{ name }</button> }
                        }) }
                    </div>
                </fieldset>
            }
            if let Some(near) = &near {
                <p class="where-now">
                    { match near {
                        Near::Me => msg::home_near_you().to_string(),
                        Near::City(city) => msg::home_near_place(city),
                    } }
                    <button type="button" class="link-button" onclick={on_everywhere}>{ msg::home_show_everywhere() }</button>
                </p>
            }
        </div>
    }
}
