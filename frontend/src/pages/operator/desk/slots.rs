//! One choice of a venue's free slots on a day, every court: "Bana 2 ·
//! 12:00–13:00". Moving a booking and booking for a caller both pick one.

use chrono::{DateTime, NaiveDate, Utc};
use shared::SlotStatus;
use yew::prelude::*;

use crate::api;
use crate::components::field::{Control, Field};
use crate::components::problem::ErrorBox;
use crate::components::skeleton::SkeletonLines;
use crate::format::time_range;
use crate::i18n::msg;
use crate::load::{use_load, Load};

/// A slot as the choice values it: `court|start` (RFC 3339).
pub fn slot_value(court_id: i64, starts_at: DateTime<Utc>) -> String {
    format!("{court_id}|{}", starts_at.to_rfc3339())
}

/// The court and start a choice's value names.
pub fn parse_slot(value: &str) -> Option<(i64, DateTime<Utc>)> {
    let (court, start) = value.split_once('|')?;
    Some((
        court.parse().ok()?,
        DateTime::parse_from_rfc3339(start).ok()?.to_utc(),
    ))
}

#[derive(Properties, PartialEq)]
pub struct FreeSlotProps {
    pub id: AttrValue,
    pub venue_id: i64,
    pub day: NaiveDate,
    /// The chosen slot's value; when it is not one of the day's free slots,
    /// the first free slot is chosen (and said through `on_change`).
    pub value: String,
    pub on_change: Callback<String>,
}

#[function_component(FreeSlotChoice)]
pub fn free_slot_choice(props: &FreeSlotProps) -> Html {
    let (loaded, retry) = use_load((props.venue_id, props.day), |(venue, day)| async move {
        api::slots(venue, Some(day)).await
    });
    let free: Vec<(AttrValue, AttrValue)> = match &*loaded {
        Load::Ready(day) => day
            .courts
            .iter()
            .flat_map(|court| {
                court
                    .slots
                    .iter()
                    .filter(|s| s.status == SlotStatus::Free)
                    .map(move |s| {
                        (
                            AttrValue::from(slot_value(court.court_id, s.starts_at)),
                            AttrValue::from(format!(
                                "{} · {}",
                                court.court_name,
                                time_range(&s.local_start, &s.local_end)
                            )),
                        )
                    })
            })
            .collect(),
        _ => Vec::new(),
    };
    // Nothing chosen yet (or no longer free): the first free slot.
    {
        let first = free
            .iter()
            .find(|(v, _)| v.as_str() == props.value)
            .is_none()
            .then(|| free.first().map(|(v, _)| v.to_string()).unwrap_or_default());
        let on_change = props.on_change.clone();
        use_effect_with(first, move |first| {
            if let Some(first) = first {
                on_change.emit(first.clone());
            }
        });
    }
    match &*loaded {
        Load::Loading => html! { <SkeletonLines lines={2} /> },
        Load::Failed(p) => html! { <ErrorBox problem={p.clone()} on_retry={retry} /> },
        Load::Ready(_) if free.is_empty() => html! { <p>{ msg::desk_move_none() }</p> },
        Load::Ready(_) => html! {
            <Field id={props.id.clone()} label={msg::desk_move_slot()}
                control={Control::Choice(free)} value={props.value.clone()} on_change={props.on_change.clone()} />
        },
    }
}
