//! The courts of the venue form: one fieldset per court (name, sport,
//! surface, indoor, lights, slot length and offset, price), and a button
//! that adds one like the last. Courts are not removed here: closing one is
//! how it goes out of use, with its bookings and history kept.

use shared::operator::{SPORTS, SURFACES};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::draft::Draft;
use crate::components::field::{Control, Field};
use crate::format::{sport_label, surface_label};
use crate::i18n::msg;
use crate::pages::operator::form::{edit, mistake_of, numeric, Mistake};

#[derive(Properties, PartialEq)]
pub struct CourtsProps {
    pub draft: UseStateHandle<Draft>,
    pub mistakes: Vec<Mistake>,
}

fn choices(codes: &[&str], label: fn(&str) -> String) -> Control {
    Control::Choice(
        codes
            .iter()
            .map(|c| (AttrValue::from(c.to_string()), AttrValue::from(label(c))))
            .collect(),
    )
}

/// A checkbox of court `i` that writes `write` into the draft.
fn check(
    draft: &UseStateHandle<Draft>,
    id: String,
    label: &'static str,
    checked: bool,
    write: fn(&mut super::draft::CourtDraft, bool),
    i: usize,
) -> Html {
    let onchange = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next = (*draft).clone();
            if let Some(court) = next.courts.get_mut(i) {
                write(court, on);
            }
            draft.set(next);
        })
    };
    html! {
        <label class="check" for={id.clone()}>
            <input type="checkbox" id={id} {checked} {onchange} />
            <span>{ label }</span>
        </label>
    }
}

#[function_component(Courts)]
pub fn courts(props: &CourtsProps) -> Html {
    let draft = &props.draft;
    let m = &props.mistakes;
    let add = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.add_court();
            draft.set(next);
        })
    };
    html! {
        <section class="card" aria-labelledby="venue-courts-heading">
            <h2 id="venue-courts-heading">{ msg::venue_setup_courts_heading() }</h2>
            <p class="hint">{ msg::venue_setup_courts_explain() }</p>
            { for draft.courts.iter().enumerate().map(|(i, c)| {
                let id = |name: &str| format!("court-{i}-{name}");
                let field = |name: &str| format!("courts[{i}].{name}");
                let name_error = mistake_of(m, &field("name")).or_else(|| mistake_of(m, &field("id")));
                html! {
                    <fieldset key={c.key} class="rules-band">
                        <legend>{ msg::venue_setup_court_legend(i as i64 + 1) }</legend>
                        <Field id={id("name")} label={msg::venue_setup_court_name()} control={Control::text("text", "off")}
                            value={c.name.clone()} error={name_error} required=true
                            on_change={edit(draft, move |d: &mut Draft, v| d.courts[i].name = v)} />
                        <div class="field-pair">
                            <Field id={id("sport")} label={msg::venue_setup_sport()} control={choices(&SPORTS, sport_label)}
                                value={c.sport.clone()} error={mistake_of(m, &field("sport"))}
                                on_change={edit(draft, move |d: &mut Draft, v| d.courts[i].sport = v)} />
                            <Field id={id("surface")} label={msg::venue_setup_surface()} control={choices(&SURFACES, surface_label)}
                                value={c.surface.clone()} error={mistake_of(m, &field("surface"))}
                                on_change={edit(draft, move |d: &mut Draft, v| d.courts[i].surface = v)} />
                        </div>
                        <div class="court-checks">
                            { check(draft, id("indoor"), msg::venue_setup_indoor(), c.indoor, |c, on| c.indoor = on, i) }
                            { check(draft, id("lights"), msg::venue_setup_lights(), c.lights, |c, on| c.lights = on, i) }
                        </div>
                        <div class="field-pair">
                            <Field id={id("slot_minutes")} label={msg::venue_setup_slot_minutes()} control={numeric("numeric")}
                                value={c.slot_minutes.clone()} error={mistake_of(m, &field("slot_minutes"))}
                                on_change={edit(draft, move |d: &mut Draft, v| d.courts[i].slot_minutes = v)} />
                            <Field id={id("slot_offset_minutes")} label={msg::venue_setup_slot_offset()} control={numeric("numeric")}
                                value={c.slot_offset_minutes.clone()} error={mistake_of(m, &field("slot_offset_minutes"))}
                                on_change={edit(draft, move |d: &mut Draft, v| d.courts[i].slot_offset_minutes = v)} />
                        </div>
                        <Field id={id("price_minor")} label={msg::venue_setup_price()} control={numeric("decimal")}
                            value={c.price.clone()} error={mistake_of(m, &field("price_minor"))}
                            hint={Some(AttrValue::from(msg::venue_setup_price_hint()))}
                            on_change={edit(draft, move |d: &mut Draft, v| d.courts[i].price = v)} />
                    </fieldset>
                }
            }) }
            if let Some(error) = mistake_of(m, "courts") {
                <p class="field-error" role="alert">{ error }</p>
            }
            <p><button type="button" id="courts-add" class="button button-secondary" onclick={add}>{ msg::venue_setup_add_court() }</button></p>
        </section>
    }
}
