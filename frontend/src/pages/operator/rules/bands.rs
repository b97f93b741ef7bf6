//! The tariff bands of the rules form: one fieldset per band (court,
//! category, weekdays, times, peak or off-peak, price), added and removed
//! in place. On a phone each band is a card of its own, not a wide table.

use shared::rules::TimeBand;
use shared::{CustomerCategory, VenueDetail};
use yew::prelude::*;

use super::draft::{BandDraft, Draft};
use crate::components::field::{Control, Field};
use crate::format::band_label;
use crate::i18n::msg;
use crate::pages::account::category_label;
use crate::pages::operator::form::{edit, mistake_of, numeric, Mistake};

#[derive(Properties, PartialEq)]
pub struct BandsProps {
    pub venue: VenueDetail,
    pub draft: UseStateHandle<Draft>,
    pub mistakes: Vec<Mistake>,
}

/// Weekday digits in words: `mån–fre`, `lör–sön`, `alla dagar`, or a list.
fn weekdays_label(days: &str) -> String {
    match days {
        "12345" => msg::rules_days_weekdays().into(),
        "67" => msg::rules_days_weekend().into(),
        "1234567" => msg::rules_days_all().into(),
        other => other
            .bytes()
            .map(|d| msg::weekday_short(i64::from(d.wrapping_sub(b'0'))))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

pub fn category_choices() -> Vec<(AttrValue, AttrValue)> {
    CustomerCategory::ALL
        .iter()
        .map(|c| (c.as_str().into(), category_label(*c).into()))
        .collect()
}

#[function_component(Bands)]
pub fn bands(props: &BandsProps) -> Html {
    let draft = &props.draft;
    let mut courts: Vec<(AttrValue, AttrValue)> =
        vec![("all".into(), msg::rules_all_courts().into())];
    courts.extend(
        props
            .venue
            .courts
            .iter()
            .map(|c| (c.id.to_string().into(), c.name.clone().into())),
    );
    let bands: Vec<(AttrValue, AttrValue)> = [TimeBand::Peak, TimeBand::OffPeak]
        .iter()
        .map(|b| (b.as_str().into(), band_label(*b).into()))
        .collect();
    let pers: Vec<(AttrValue, AttrValue)> = vec![
        ("hour".into(), msg::rules_per_hour().into()),
        ("slot".into(), msg::rules_per_slot().into()),
    ];
    let add = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.add_band();
            draft.set(next);
        })
    };
    html! {
        <section class="card" aria-labelledby="rules-bands-heading">
            <h2 id="rules-bands-heading">{ msg::rules_bands_heading() }</h2>
            <p class="hint">{ msg::rules_bands_explain() }</p>
            if draft.bands.is_empty() { <p>{ msg::rules_bands_none() }</p> }
            { for draft.bands.iter().enumerate().map(|(i, b)| {
                let mut days: Vec<(AttrValue, AttrValue)> = ["12345", "67", "1234567", "1", "2", "3", "4", "5", "6", "7"]
                    .iter()
                    .map(|d| ((*d).into(), weekdays_label(d).into()))
                    .collect();
                if !days.iter().any(|(v, _)| v.as_str() == b.weekdays) {
                    days.push((b.weekdays.clone().into(), weekdays_label(&b.weekdays).into()));
                }
                let n = i as i64 + 1;
                let field = |name: &str| format!("tariffs[{i}].{name}");
                let id = |name: &str| AttrValue::from(format!("band-{i}-{name}"));
                let set = |write: fn(&mut BandDraft, String)| {
                    edit(draft, move |d, v| {
                        if let Some(band) = d.bands.get_mut(i) {
                            write(band, v);
                        }
                    })
                };
                let remove = {
                    let draft = draft.clone();
                    Callback::from(move |_: MouseEvent| {
                        let mut next = (*draft).clone();
                        if i < next.bands.len() {
                            next.bands.remove(i);
                        }
                        draft.set(next);
                    })
                };
                let m = &props.mistakes;
                html! {
                    <fieldset key={b.key} class="rules-band">
                        <legend>{ msg::rules_band_legend(n) }</legend>
                        <Field id={id("court_id")} label={msg::rules_band_court()} control={Control::Choice(courts.clone())}
                            value={b.court.clone()} on_change={set(|b, v| b.court = v)} error={mistake_of(m, &field("court_id"))} />
                        <Field id={id("category")} label={msg::rules_band_category()} control={Control::Choice(category_choices())}
                            value={b.category.clone()} on_change={set(|b, v| b.category = v)} />
                        <Field id={id("weekdays")} label={msg::rules_band_days()} control={Control::Choice(days)}
                            value={b.weekdays.clone()} on_change={set(|b, v| b.weekdays = v)} error={mistake_of(m, &field("weekdays"))} />
                        <div class="field-pair">
                            <Field id={id("from")} label={msg::rules_band_from()} control={numeric("text")}
                                value={b.from.clone()} on_change={set(|b, v| b.from = v)} hint={msg::rules_time_hint()}
                                error={mistake_of(m, &field("from"))} />
                            <Field id={id("to")} label={msg::rules_band_to()} control={numeric("text")}
                                value={b.to.clone()} on_change={set(|b, v| b.to = v)} error={mistake_of(m, &field("to"))} />
                        </div>
                        <Field id={id("band")} label={msg::rules_band_band()} control={Control::Choice(bands.clone())}
                            value={b.band.clone()} on_change={set(|b, v| b.band = v)} />
                        <div class="field-pair">
                            <Field id={id("price_minor")} label={msg::rules_band_price()} control={numeric("decimal")}
                                value={b.price.clone()} on_change={set(|b, v| b.price = v)} error={mistake_of(m, &field("price_minor"))} />
                            <Field id={id("per")} label={msg::rules_band_per()} control={Control::Choice(pers.clone())}
                                value={b.per.clone()} on_change={set(|b, v| b.per = v)} error={mistake_of(m, &field("per"))} />
                        </div>
                        <button type="button" class="button button-secondary" onclick={remove}>
                            { msg::rules_band_remove(n) }
                        </button>
                    </fieldset>
                }
            }) }
            <p><button type="button" class="button button-secondary" onclick={add}>{ msg::rules_band_add() }</button></p>
        </section>
    }
}
