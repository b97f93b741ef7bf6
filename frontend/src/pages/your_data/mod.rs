//! `/account/data` — your data: everything Ledig holds about the signed-in
//! person (GDPR Art. 15), readable here and downloadable as the JSON file
//! the server writes (Art. 20), and deleting the account (Art. 17).
//!
//! The page shows the export as the server sends it, section by section,
//! rather than a hand-picked summary: what is shown is what is held.

mod delete;
mod labels;
mod protected;

use chrono::{DateTime, Local};
use serde_json::{Map, Value};
use shared::privacy::{AccountErased, DataExport, DataSection};
use shared::{BookingStatus, CustomerCategory, Money};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, Route};
use crate::components::problem::{ErrorBox, SessionUnreachable};
use crate::components::skeleton::SkeletonLines;
use crate::format::status_label;
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::pages::account::category_label;
use crate::session::use_session;
use delete::{DeleteAccount, Deleted};
use labels::{field_label, section_kept, section_title};

#[function_component(YourData)]
pub fn your_data() -> Html {
    use_title(msg::data_title().to_string());
    let session = use_session();
    // Once erased, the page says so (the session is gone by then).
    let erased = use_state(|| None::<(AccountErased, String)>);
    let on_erased = {
        let erased = erased.clone();
        Callback::from(move |done: (AccountErased, String)| erased.set(Some(done)))
    };
    let body = match (&*erased, &session.loaded, &session.account) {
        (Some((done, email)), _, _) => {
            html! { <Deleted erased={done.clone()} email={email.clone()} /> }
        }
        (None, false, _) => html! { <div class="card"><SkeletonLines lines={3} /></div> },
        (None, true, None) if session.unreachable => html! { <SessionUnreachable /> },
        (None, true, None) => html! {
            <div class="card">
                <p>{ msg::account_signed_out() }</p>
                <p>{ msg::data_guest() }</p>
                <p><Link<Route> to={Route::SignIn} classes="button button-primary">{ msg::account_sign_in() }</Link<Route>></p>
            </div>
        },
        (None, true, Some(account)) => html! {
            <>
                <Held />
                <protected::Protected account={account.clone()} />
                <DeleteAccount email={account.email.clone()} {on_erased} />
            </>
        },
    };
    html! {
        <div class="page page-data">
            <h1>{ msg::data_heading() }</h1>
            { body }
        </div>
    }
}

/// What is held: the download, then every section.
#[function_component(Held)]
fn held() -> Html {
    let (export, retry) = use_load((), |()| api::my_data());
    let sections = match &*export {
        Load::Loading => html! { <div class="card"><SkeletonLines lines={4} /></div> },
        Load::Failed(problem) => html! { <ErrorBox problem={problem.clone()} on_retry={retry} /> },
        Load::Ready(export) => sections_view(export),
    };
    let controller = match &*export {
        Load::Ready(export) => export.controller.clone(),
        _ => String::new(),
    };
    html! {
        <>
            <section class="card" aria-labelledby="data-download-heading">
                <h2 id="data-download-heading" class="visually-hidden">{ msg::data_download() }</h2>
                if !controller.is_empty() {
                    <p>{ msg::data_intro(&controller) }</p>
                }
                <p class="muted">{ msg::data_secrets() }</p>
                <p><Link<Route> to={Route::Privacy}>{ msg::data_privacy_link() }</Link<Route>></p>
                // The server's own file, named by it (Content-Disposition).
                <a class="button button-primary" href="/api/v1/me/export" download="" aria-describedby="data-download-hint">
                    { msg::data_download() }
                </a>
                <p id="data-download-hint" class="muted">{ msg::data_download_hint() }</p>
            </section>
            { sections }
        </>
    }
}

fn sections_view(export: &DataExport) -> Html {
    html! {
        <section class="data-sections" aria-labelledby="data-sections-heading">
            <h2 id="data-sections-heading">{ msg::data_sections_heading() }</h2>
            { for export.sections.iter().map(section_view) }
        </section>
    }
}

fn section_view(section: &DataSection) -> Html {
    let count = i64::try_from(section.rows.len()).unwrap_or(i64::MAX);
    html! {
        <details class="card data-section" key={section.key.clone()}>
            <summary>
                <span>{ section_title(&section.key) }</span>
                <span class="muted">{ " " }{ msg::data_count(count) }</span>
            </summary>
            if let Some(kept) = section_kept(&section.key) {
                <p class="data-kept">{ kept }</p>
            }
            if section.rows.is_empty() {
                <p class="muted">{ msg::data_none() }</p>
            } else {
                { for section.rows.iter().enumerate().map(|(i, row)| row_view(&section.columns, i, row)) }
            }
        </details>
    }
}

fn row_view(columns: &[String], index: usize, row: &Map<String, Value>) -> Html {
    let number = i64::try_from(index + 1).unwrap_or(i64::MAX);
    // In the server's order; a field it did not list (none today) after.
    let keys = columns
        .iter()
        .chain(row.keys().filter(|k| !columns.contains(k)));
    html! {
        <dl class="data-row" aria-label={msg::data_row(number)}>
            { for keys.filter_map(|key| row.get(key).map(|value| html! {
                <div>
                    <dt>{ field_label(key) }</dt>
                    <dd>{ value_text(key, value, row) }</dd>
                </div>
            })) }
        </dl>
    }
}

/// A value as a person reads it: times in the device's time zone, amounts
/// in their currency, categories and statuses in words, yes or no, a dash
/// for nothing.
fn value_text(key: &str, value: &Value, row: &Map<String, Value>) -> String {
    let currency = row.get("currency").and_then(Value::as_str);
    match (key, value) {
        (_, Value::Null) => msg::data_no_value().to_string(),
        (_, Value::Bool(true)) => msg::data_yes().to_string(),
        (_, Value::Bool(false)) => msg::data_no().to_string(),
        (k, Value::Number(n)) if k.ends_with("_minor") || k == "amount" => {
            match (n.as_i64(), currency) {
                (Some(amount_minor), Some(currency)) => Money {
                    amount_minor,
                    currency: currency.to_string(),
                }
                .display_sv(),
                _ => n.to_string(),
            }
        }
        ("category", Value::String(s)) => {
            serde_json::from_value::<CustomerCategory>(Value::String(s.clone()))
                .map(|c| category_label(c).to_string())
                .unwrap_or_else(|_| s.clone())
        }
        ("status", Value::String(s)) if row.contains_key("starts_at") => {
            serde_json::from_value::<BookingStatus>(Value::String(s.clone()))
                .map(|b| status_label(b).to_string())
                .unwrap_or_else(|_| s.clone())
        }
        ("language", Value::String(s)) => match s.as_str() {
            "sv" => "Svenska".to_string(),
            "en" => "English".to_string(),
            _ => s.clone(),
        },
        (_, Value::String(s)) => match DateTime::parse_from_rfc3339(s) {
            Ok(at) => at
                .with_timezone(&Local)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            Err(_) => s.clone(),
        },
        (_, other) => other.to_string(),
    }
}
