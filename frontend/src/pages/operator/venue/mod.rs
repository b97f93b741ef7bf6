//! `/operator/venues/:id` — a venue and its courts: name, address, place
//! on the map, description and contact, and each court's sport, surface,
//! indoor, lights, slot grid and price, saved with the version the page
//! loaded (If-Match). `/operator/organisations/:id/venues/new` makes one;
//! the next step is its opening hours.

mod courts;
mod draft;
mod photos;
mod preview;

use shared::operator::VenueSetup;
use shared::{Problem, VenueDetail};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, Route};
use crate::components::field::{Control, Field};
use crate::components::live::Status;
use crate::components::position::PositionPicker;
use crate::components::problem::ErrorBox;
use crate::components::skeleton::SkeletonLines;
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::pages::operator::form::{edit, focus_id, mistake_of, numeric, Mistake};
use crate::pages::operator::{not_an_operator, OperatorGate, VenuePage};
use draft::{dom_id, server_mistake, Draft};

#[derive(Properties, PartialEq)]
pub struct IdProps {
    pub id: i64,
}

#[function_component(VenueSetupPage)]
pub fn venue_setup_page(props: &IdProps) -> Html {
    html! {
        <VenuePage id={props.id} heading={msg::venue_setup_heading()} class="page page-venue-setup"
            title={Callback::from(|name: String| msg::venue_setup_title(&name))}
            body={Callback::from(|venue: VenueDetail| html! { <Loaded {venue} /> })} />
    }
}

#[derive(Properties, PartialEq)]
struct VenueProps {
    venue: VenueDetail,
}

#[function_component(Loaded)]
fn loaded(props: &VenueProps) -> Html {
    let (setup, retry) = use_load(props.venue.summary.id, api::venue_setup);
    match &*setup {
        Load::Loading => html! { <div class="card"><SkeletonLines lines={8} /></div> },
        Load::Failed(p) if p.status == 403 || p.status == 404 => not_an_operator(),
        Load::Failed(p) => html! { <ErrorBox problem={p.clone()} on_retry={retry} /> },
        Load::Ready((setup, etag)) => html! {
            <>
                <Editor mode={Mode::Edit { venue_id: props.venue.summary.id, etag: etag.clone() }}
                    draft={Draft::from_setup(setup)} />
                <photos::Photos venue_id={props.venue.summary.id} photos={props.venue.photos.clone()} />
            </>
        },
    }
}

/// `/operator/organisations/:id/venues/new`.
#[function_component(NewVenuePage)]
pub fn new_venue_page(props: &IdProps) -> Html {
    use_title(msg::venue_new_heading().to_string());
    html! {
        <div class="page page-venue-setup">
            <p class="back"><Link<Route> to={Route::Operator}>{ msg::closures_back() }</Link<Route>></p>
            <h1>{ msg::venue_new_heading() }</h1>
            <OperatorGate>
                <p class="lead">{ msg::venue_new_explain() }</p>
                <Editor mode={Mode::New { organisation_id: props.id }} draft={Draft::empty()} />
            </OperatorGate>
        </div>
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Mode {
    Edit { venue_id: i64, etag: String },
    New { organisation_id: i64 },
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    mode: Mode,
    draft: Draft,
}

/// What saving came to.
enum Saved {
    Edited(VenueSetup, String),
    Made(i64),
}

#[function_component(Editor)]
fn editor(props: &EditorProps) -> Html {
    let navigator = use_navigator();
    let (config, _) = use_load((), |()| api::config());
    let draft = {
        let draft = props.draft.clone();
        use_state(move || draft)
    };
    let mode = {
        let mode = props.mode.clone();
        use_state(move || mode)
    };
    let mistakes = use_state(Vec::<Mistake>::new);
    let problem = use_state(|| None::<Problem>);
    let notice = use_state(|| None::<String>);
    let stale = use_state(|| false);
    let busy = use_state(|| false);
    let saved = use_state(|| None::<String>);

    let show = {
        let mistakes = mistakes.clone();
        move |found: Vec<Mistake>| {
            if let Some((field, _)) = found.first() {
                focus_id(&dom_id(field));
            }
            mistakes.set(found);
        }
    };
    let onsubmit = {
        let (draft, mode, problem, notice, stale, busy, saved) = (
            draft.clone(),
            mode.clone(),
            problem.clone(),
            notice.clone(),
            stale.clone(),
            busy.clone(),
            saved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            saved.set(None);
            problem.set(None);
            notice.set(None);
            let setup = match draft.to_setup() {
                Ok(setup) => setup,
                Err(found) => return show(found),
            };
            show(Vec::new());
            busy.set(true);
            let (draft, mode, problem, notice, stale, busy, saved, show, navigator) = (
                draft.clone(),
                mode.clone(),
                problem.clone(),
                notice.clone(),
                stale.clone(),
                busy.clone(),
                saved.clone(),
                show.clone(),
                navigator.clone(),
            );
            spawn_local(async move {
                let result = match &*mode {
                    Mode::Edit { venue_id, etag } => api::save_venue_setup(*venue_id, etag, &setup)
                        .await
                        .map(|(s, e)| Saved::Edited(s, e)),
                    Mode::New { organisation_id } => api::create_venue(*organisation_id, &setup)
                        .await
                        .map(|made| Saved::Made(made.id)),
                };
                busy.set(false);
                match result {
                    Ok(Saved::Edited(setup, etag)) => {
                        let venue_id = match &*mode {
                            Mode::Edit { venue_id, .. } => *venue_id,
                            Mode::New { .. } => 0,
                        };
                        draft.set(Draft::from_setup(&setup));
                        mode.set(Mode::Edit { venue_id, etag });
                        stale.set(false);
                        saved.set(Some(msg::venue_setup_saved().to_string()));
                    }
                    Ok(Saved::Made(id)) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::OperatorHours { id });
                        }
                    }
                    Err(p) if p.status == 412 => stale.set(true),
                    Err(p) if p.status == 409 => {
                        notice.set(Some(msg::venue_setup_stranded().to_string()))
                    }
                    Err(p) => match p.field.clone() {
                        Some(field) if p.status == 422 => {
                            let words = server_mistake(&field);
                            show(vec![(field, words)]);
                        }
                        _ => problem.set(Some(p)),
                    },
                }
            });
        })
    };
    let reload = {
        let (draft, mode, stale, problem, mistakes) = (
            draft.clone(),
            mode.clone(),
            stale.clone(),
            problem.clone(),
            mistakes.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let Mode::Edit { venue_id, .. } = &*mode else {
                return;
            };
            let venue_id = *venue_id;
            let (draft, mode, stale, problem, mistakes) = (
                draft.clone(),
                mode.clone(),
                stale.clone(),
                problem.clone(),
                mistakes.clone(),
            );
            spawn_local(async move {
                match api::venue_setup(venue_id).await {
                    Ok((setup, etag)) => {
                        draft.set(Draft::from_setup(&setup));
                        mode.set(Mode::Edit { venue_id, etag });
                        mistakes.set(Vec::new());
                        stale.set(false);
                    }
                    Err(p) => problem.set(Some(p)),
                }
            });
        })
    };
    let on_pick = {
        let draft = draft.clone();
        Callback::from(move |(lat, lon): (f64, f64)| {
            let mut next = (*draft).clone();
            next.lat = lat.to_string();
            next.lon = lon.to_string();
            draft.set(next);
        })
    };
    let m = &*mistakes;
    let is_new = matches!(&*mode, Mode::New { .. });
    html! {
        <form class="rules-form venue-form" {onsubmit} novalidate=true>
            <section class="card" aria-labelledby="venue-about-heading">
                <h2 id="venue-about-heading">{ msg::venue_setup_about_heading() }</h2>
                <Field id="venue-name" label={msg::venue_setup_name()} control={Control::text("text", "off")}
                    value={draft.name.clone()} error={mistake_of(m, "name")} required=true
                    on_change={edit(&draft, |d: &mut Draft, v| d.name = v)} />
                <Field id="venue-address" label={msg::venue_setup_address()} control={Control::text("text", "off")}
                    value={draft.address.clone()} error={mistake_of(m, "address")} required=true
                    on_change={edit(&draft, |d: &mut Draft, v| d.address = v)} />
                <Field id="venue-city" label={msg::venue_setup_city()} control={Control::text("text", "off")}
                    value={draft.city.clone()} error={mistake_of(m, "city")} required=true
                    on_change={edit(&draft, |d: &mut Draft, v| d.city = v)} />
                <Field id="venue-description" label={msg::venue_setup_description()} control={Control::LongText { rows: 4 }}
                    value={draft.description.clone()} error={mistake_of(m, "description")}
                    on_change={edit(&draft, |d: &mut Draft, v| d.description = v)} />
                <div class="field-pair">
                    <Field id="venue-contact_email" label={msg::venue_setup_contact_email()} control={Control::text("email", "off")}
                        value={draft.contact_email.clone()} error={mistake_of(m, "contact_email")}
                        on_change={edit(&draft, |d: &mut Draft, v| d.contact_email = v)} />
                    <Field id="venue-contact_phone" label={msg::venue_setup_contact_phone()} control={Control::text("tel", "off")}
                        value={draft.contact_phone.clone()} error={mistake_of(m, "contact_phone")}
                        on_change={edit(&draft, |d: &mut Draft, v| d.contact_phone = v)} />
                </div>
            </section>
            <section class="card" aria-labelledby="venue-place-heading">
                <h2 id="venue-place-heading">{ msg::venue_setup_place_heading() }</h2>
                <p class="hint">{ msg::venue_setup_place_explain() }</p>
                if let Load::Ready(config) = &*config {
                    <PositionPicker config={config.clone()} at={draft.position()} {on_pick} />
                }
                <div class="field-pair">
                    <Field id="venue-lat" label={msg::venue_setup_lat()} control={numeric("decimal")}
                        value={draft.lat.clone()} error={mistake_of(m, "lat")} required=true
                        on_change={edit(&draft, |d: &mut Draft, v| d.lat = v)} />
                    <Field id="venue-lon" label={msg::venue_setup_lon()} control={numeric("decimal")}
                        value={draft.lon.clone()} error={mistake_of(m, "lon")} required=true
                        on_change={edit(&draft, |d: &mut Draft, v| d.lon = v)} />
                </div>
            </section>
            <courts::Courts draft={draft.clone()} mistakes={m.clone()} />
            if let Mode::Edit { venue_id, .. } = &*mode {
                <preview::SlotPreview venue_id={*venue_id} draft={(*draft).clone()} />
            }
            <section class="card rules-save" aria-label={msg::rules_save_label()}>
                if !m.is_empty() {
                    <p class="field-error" role="alert">{ msg::rules_has_mistakes(m.len() as i64) }</p>
                }
                <button type="submit" class="button button-primary" aria-disabled={busy.then_some("true")}
                    aria-busy={busy.then_some("true")}>
                    { if *busy { msg::rules_saving() } else if is_new { msg::venue_new_save() } else { msg::venue_setup_save() } }
                </button>
                <Status text={(*saved).clone().map(AttrValue::from)} class="notice" />
                if let Some(text) = &*notice {
                    <p class="notice notice-warning" role="alert">{ text.clone() }</p>
                }
                if *stale {
                    <div class="notice notice-warning" role="alert">
                        <p>{ msg::venue_setup_changed_meanwhile() }</p>
                        <button type="button" class="button button-secondary" onclick={reload}>{ msg::rules_reload() }</button>
                    </div>
                }
                if let Some(p) = &*problem { <ErrorBox problem={p.clone()} /> }
            </section>
        </form>
    }
}
