//! A day's slots under the courts as drafted (slot lengths and offsets)
//! and the venue's opening hours, asked of the server before saving, so an
//! operator sees what players will see before the grid changes.

use shared::operator::{CourtDay, VenuePreview};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::draft::Draft;
use crate::api;
use crate::components::field::{set, Control, Field};
use crate::components::live::Status;
use crate::i18n::msg;
use crate::pages::operator::hours::day_text;

#[derive(Properties, PartialEq)]
pub struct PreviewProps {
    pub venue_id: i64,
    pub draft: Draft,
}

#[function_component(SlotPreview)]
pub fn slot_preview(props: &PreviewProps) -> Html {
    let date = use_state(|| {
        (chrono::Utc::now() + chrono::Duration::days(1))
            .format("%Y-%m-%d")
            .to_string()
    });
    let result = use_state(|| None::<Vec<CourtDay>>);
    let error = use_state(|| None::<String>);
    let onclick = {
        let (date, result, error) = (date.clone(), result.clone(), error.clone());
        let (draft, venue_id) = (props.draft.clone(), props.venue_id);
        Callback::from(move |_: MouseEvent| {
            result.set(None);
            error.set(None);
            let (Ok(setup), Ok(day)) = (
                draft.to_setup(),
                chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d"),
            ) else {
                error.set(Some(msg::rules_preview_fix_first().to_string()));
                return;
            };
            let body = VenuePreview { setup, date: day };
            let (result, error) = (result.clone(), error.clone());
            spawn_local(async move {
                match api::preview_venue(venue_id, &body).await {
                    Ok(days) => result.set(Some(days)),
                    Err(p) if p.status == 422 => error.set(Some(match &p.detail {
                        Some(detail) => format!("{} {detail}", msg::rules_preview_fix_first()),
                        None => msg::rules_preview_fix_first().to_string(),
                    })),
                    Err(p) => error.set(Some(p.message().to_string())),
                }
            });
        })
    };
    let said = result.as_ref().map(|days| day_text(days));
    html! {
        <section class="card" aria-labelledby="venue-preview-heading">
            <h2 id="venue-preview-heading">{ msg::hours_preview_heading() }</h2>
            <Field id="venue-preview-date" label={msg::rules_preview_date()} control={Control::text("date", "off")}
                value={(*date).clone()} on_change={set(&date)} />
            <button type="button" class="button button-secondary" {onclick}>{ msg::hours_preview_button() }</button>
            <Status text={said.map(AttrValue::from)} class="notice venue-preview-result" />
            if let Some(text) = &*error { <p class="field-error" role="alert">{ text.clone() }</p> }
        </section>
    }
}
