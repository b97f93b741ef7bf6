//! "What would this cost?": one slot priced under the rules as they stand
//! in the form, before saving — the quote a player would get, with its
//! cancellation terms, in a sentence. Nothing is saved.

use chrono::Duration;
use shared::rules::{Quote, RulesPreview};
use shared::{CustomerCategory, Problem, VenueDetail};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::bands::category_choices;
use super::draft::Draft;
use crate::api;
use crate::components::field::{set, Control, Field};
use crate::components::live::Status;
use crate::components::problem::ErrorBox;
use crate::format::{band_label, cancellation_terms, short_date};
use crate::i18n::msg;
use crate::pages::account::category_label;
use crate::pages::operator::form::numeric;
use crate::zone;

#[derive(Properties, PartialEq)]
pub struct PreviewProps {
    pub venue: VenueDetail,
    pub draft: Draft,
}

/// The quote in words: who pays what for which slot, and the terms.
fn sentence(venue: &VenueDetail, quote: &Quote) -> String {
    let court = venue
        .courts
        .iter()
        .find(|c| c.id == quote.court_id)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let when = zone::local(&venue.timezone, quote.starts_at)
        .map(|at| msg::day_time(short_date(at.date()), at.format("%H:%M")))
        .unwrap_or_default();
    let band = quote.band.map_or_else(
        || msg::rules_preview_court_price().to_string(),
        |b| band_label(b).to_lowercase(),
    );
    format!(
        "{} {}",
        msg::rules_preview_result(
            band,
            category_label(quote.category),
            court,
            quote.price.display_sv(),
            when
        ),
        cancellation_terms(&quote.cancellation, quote.starts_at)
    )
}

#[function_component(Preview)]
pub fn preview(props: &PreviewProps) -> Html {
    let venue = &props.venue;
    let tomorrow = zone::local(&venue.timezone, chrono::Utc::now())
        .map(|now| now.date() + Duration::days(1))
        .unwrap_or_else(|| chrono::Utc::now().date_naive() + Duration::days(1));
    let court = {
        let first = venue
            .courts
            .first()
            .map(|c| c.id.to_string())
            .unwrap_or_default();
        use_state(move || first)
    };
    let category = use_state(|| CustomerCategory::Adult.as_str().to_string());
    let date = use_state(|| tomorrow.format("%Y-%m-%d").to_string());
    let time = use_state(|| "18:00".to_string());
    let result = use_state(|| None::<String>);
    let error = use_state(|| None::<(String, String)>);
    let problem = use_state(|| None::<Problem>);

    let onclick = {
        let (court, category, date, time) =
            (court.clone(), category.clone(), date.clone(), time.clone());
        let (result, error, problem) = (result.clone(), error.clone(), problem.clone());
        let (draft, venue) = (props.draft.clone(), venue.clone());
        Callback::from(move |_: MouseEvent| {
            result.set(None);
            problem.set(None);
            error.set(None);
            let Ok(rules) = draft.to_set() else {
                error.set(Some(("".into(), msg::rules_preview_fix_first().into())));
                return;
            };
            let Ok(day) = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
                error.set(Some((
                    "date".into(),
                    msg::rules_preview_error_date().into(),
                )));
                return;
            };
            let body = RulesPreview {
                rules,
                court_id: court.parse().unwrap_or_default(),
                date: day,
                time: time.trim().to_string(),
                category: CustomerCategory::parse(&category).unwrap_or_default(),
            };
            let (result, error, problem, venue) = (
                result.clone(),
                error.clone(),
                problem.clone(),
                venue.clone(),
            );
            spawn_local(async move {
                match api::preview_rules(venue.summary.id, &body).await {
                    Ok(quote) => result.set(Some(sentence(&venue, &quote))),
                    Err(p) if p.status == 422 && p.field.as_deref() == Some("time") => error.set(
                        Some(("time".into(), msg::rules_preview_error_time().into())),
                    ),
                    Err(p) if p.status == 422 => {
                        error.set(Some(("".into(), msg::rules_preview_fix_first().into())))
                    }
                    Err(p) => problem.set(Some(p)),
                }
            });
        })
    };
    let courts: Vec<(AttrValue, AttrValue)> = venue
        .courts
        .iter()
        .map(|c| (c.id.to_string().into(), c.name.clone().into()))
        .collect();
    let error_on = |field: &str| {
        error
            .as_ref()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| AttrValue::from(m.clone()))
    };
    html! {
        <section class="card" aria-labelledby="rules-preview-heading">
            <h2 id="rules-preview-heading">{ msg::rules_preview_heading() }</h2>
            <p class="hint">{ msg::rules_preview_explain() }</p>
            <Field id="preview-court" label={msg::rules_band_court()} control={Control::Choice(courts)}
                value={(*court).clone()} on_change={set(&court)} />
            <Field id="preview-category" label={msg::rules_band_category()} control={Control::Choice(category_choices())}
                value={(*category).clone()} on_change={set(&category)} />
            <div class="field-pair">
                <Field id="preview-date" label={msg::rules_preview_date()} control={Control::text("date", "off")}
                    value={(*date).clone()} on_change={set(&date)} error={error_on("date")} />
                <Field id="preview-time" label={msg::rules_preview_time()} control={numeric("text")}
                    value={(*time).clone()} on_change={set(&time)} hint={msg::rules_time_hint()}
                    error={error_on("time")} />
            </div>
            <button type="button" class="button button-secondary" {onclick}>{ msg::rules_preview_button() }</button>
            <Status text={(*result).clone().map(AttrValue::from)} class="notice rules-preview-result" />
            if let Some(message) = error_on("") { <p class="field-error" role="alert">{ message }</p> }
            if let Some(p) = &*problem { <ErrorBox problem={p.clone()} /> }
        </section>
    }
}
