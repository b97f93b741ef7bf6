//! The search's filters: sport, indoor or outdoor, surface, when, how long
//! and the order. Each change goes into the URL at once (the URL is the
//! search); clearing keeps the filters open and the focus on them.

use yew::prelude::*;

use crate::components::field::{Control, Field};
use crate::i18n::msg;
use crate::search::{
    duration_option, format_local, place_option, sort_option, sport_option, surface_option,
    SearchQuery, Window, DURATIONS, PLACES, SORTS, SPORTS, SURFACES,
};

#[derive(Properties, PartialEq)]
pub struct FiltersProps {
    pub query: SearchQuery,
    pub set_query: Callback<SearchQuery>,
}

#[function_component(Filters)]
pub fn filters(props: &FiltersProps) -> Html {
    let query = props.query.clone();
    let set_query = props.set_query.clone();
    let update = {
        let set_query = set_query.clone();
        let query = query.clone();
        move |f: fn(&mut SearchQuery, String)| {
            let set_query = set_query.clone();
            let query = query.clone();
            Callback::from(move |value: String| {
                let mut q = query.clone();
                f(&mut q, value);
                set_query.emit(q);
            })
        }
    };

    let custom = query.window() == Window::Custom;
    let now = chrono::Utc::now();
    let custom_from = query
        .custom_from()
        .map(format_local)
        .unwrap_or_else(|| format_local(now));
    let custom_to = query
        .custom_to()
        .map(format_local)
        .unwrap_or_else(|| format_local(now + chrono::Duration::hours(3)));
    let custom_error = match (query.custom_from(), query.custom_to()) {
        (Some(from), Some(to)) if custom && to <= from => Some(msg::home_custom_error()),
        _ => None,
    };
    let n_filters = query.active_filters();
    // Clearing removes the button the focus was on: the filters stay open
    // and the focus goes to their summary, not to the top of the page.
    let summary_ref = use_node_ref();
    let keep_open = use_state(|| false);
    let on_clear = {
        let set_query = set_query.clone();
        let query = query.clone();
        let (summary_ref, keep_open) = (summary_ref.clone(), keep_open.clone());
        Callback::from(move |_: MouseEvent| {
            keep_open.set(true);
            if let Some(summary) = summary_ref.cast::<web_sys::HtmlElement>() {
                let _ = summary.focus();
            }
            set_query.emit(SearchQuery {
                view: query.view.clone(),
                lat: query.lat.clone(),
                lon: query.lon.clone(),
                near: query.near.clone(),
                sort: query.sort.clone(),
                ..Default::default()
            })
        })
    };
    html! {
        <details class="filters" open={n_filters > 0 || *keep_open}>
            <summary ref={summary_ref}>
                { msg::home_filters() }
                if n_filters > 0 { <span class="filter-count">{ format!(" ({n_filters})") }</span> }
            </summary>
            <form class="filter-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { select("f-sport", msg::home_filter_sport(), &options(SPORTS, sport_option), query.sport(), update(|q, v| q.sport = some(v))) }
                { select("f-place", msg::home_filter_place(), &options(PLACES, place_option), query.place(), update(|q, v| q.place = some(v))) }
                { select("f-surface", msg::home_filter_surface(), &options(SURFACES, surface_option), query.surface(), update(|q, v| q.surface = some(v))) }
                { select("f-window", msg::home_filter_when(),
                    &Window::ALL.iter().map(|w| (w.key(), w.label().to_string())).collect::<Vec<_>>(),
                    query.window().key(),
                    update(|q, v| { q.window = (v != "any").then_some(v); if q.window.as_deref() != Some("custom") { q.from = None; q.to = None; } })) }
                if custom {
                    <div class="field-row">
                        { datetime("f-from", msg::home_filter_from(), &custom_from, update(|q, v| q.from = some(v)), None) }
                        { datetime("f-to", msg::home_filter_to(), &custom_to, update(|q, v| q.to = some(v)), custom_error) }
                    </div>
                }
                { select("f-min", msg::home_filter_min(), &options(DURATIONS, duration_option), query.min(), update(|q, v| q.min = some(v))) }
                { select("f-sort", msg::home_filter_sort(), &options(SORTS, sort_option), query.sort(), update(|q, v| q.sort = some(v))) }
                if query.sort() == "distance" && query.position().is_none() {
                    <p class="hint">{ msg::home_sort_hint() }</p>
                }
                if n_filters > 0 {
                    <button type="button" class="button button-secondary button-small" onclick={on_clear}>{ msg::home_clear_filters() }</button>
                }
            </form>
        </details>
    }
}

fn some(v: String) -> Option<String> {
    Some(v).filter(|v| !v.is_empty())
}

/// A filter's options: its keys with their labels.
fn options(keys: &[&'static str], label: fn(&str) -> String) -> Vec<(&'static str, String)> {
    keys.iter().map(|k| (*k, label(k))).collect()
}

/// A filter's choice, as the one form field.
fn select(
    id: &'static str,
    label: &'static str,
    options: &[(&'static str, String)],
    value: &str,
    on_change: Callback<String>,
) -> Html {
    let choices = options
        .iter()
        .map(|(k, text)| (AttrValue::from(*k), AttrValue::from(text.clone())))
        .collect();
    html! {
        <Field {id} {label} control={Control::Choice(choices)} value={value.to_string()} {on_change}
            class={classes!("field-select")} />
    }
}

/// A filter's date and time, as the one form field.
fn datetime(
    id: &'static str,
    label: &'static str,
    value: &str,
    on_change: Callback<String>,
    error: Option<&'static str>,
) -> Html {
    html! {
        <Field {id} {label} control={Control::DateTime} value={value.to_string()} {on_change}
            error={error.map(AttrValue::from)} />
    }
}
