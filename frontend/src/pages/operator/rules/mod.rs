//! `/operator/venues/:id/rules` — a venue's prices and rules: booking
//! notice and horizon, the per-person limit, the cancellation deadline and
//! fee, VAT, and the tariff bands, with a preview of what one slot would
//! cost before saving. A change applies to new bookings; bookings already
//! made keep their terms. Saving sends the version the page loaded
//! (If-Match): when someone else saved in between, the page says so and
//! offers to load theirs instead of overwriting it.

mod bands;
mod draft;
mod preview;

use shared::rules::RuleSet;
use shared::{Problem, VenueDetail};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::form::{edit, focus_id, mistake_of, numeric, Mistake};
use crate::api;
use crate::components::field::{Control, Field};
use crate::components::live::Status;
use crate::components::problem::ErrorBox;
use crate::components::skeleton::SkeletonLines;
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::pages::operator::{not_an_operator, VenuePage};
use draft::{server_mistake, Draft};

#[derive(Properties, PartialEq)]
pub struct RulesProps {
    pub id: i64,
}

#[function_component(RulesPage)]
pub fn rules_page(props: &RulesProps) -> Html {
    html! {
        <VenuePage id={props.id} heading={msg::rules_heading()} class="page page-rules"
            title={Callback::from(|name: String| msg::rules_title(&name))}
            body={Callback::from(|venue: VenueDetail| html! { <Loaded {venue} /> })} />
    }
}

#[derive(Properties, PartialEq)]
struct VenueProps {
    venue: VenueDetail,
}

#[function_component(Loaded)]
fn loaded(props: &VenueProps) -> Html {
    let (rules, retry) = use_load(props.venue.summary.id, api::rules);
    match &*rules {
        Load::Loading => html! { <div class="card"><SkeletonLines lines={6} /></div> },
        Load::Failed(p) if p.status == 403 || p.status == 404 => not_an_operator(),
        Load::Failed(p) => html! { <ErrorBox problem={p.clone()} on_retry={retry} /> },
        Load::Ready((set, etag)) => html! {
            <Editor venue={props.venue.clone()} set={set.clone()} etag={etag.clone()} />
        },
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    venue: VenueDetail,
    set: RuleSet,
    etag: String,
}

/// The DOM id of the field the server calls `field`.
pub(crate) fn dom_id(field: &str) -> String {
    if let Some(rest) = field.strip_prefix("tariffs[") {
        if let Some((i, name)) = rest.split_once("].") {
            return format!("band-{i}-{name}");
        }
    }
    match field {
        "late_cancellation.percent" | "late_cancellation.amount_minor" => "rules-fee".into(),
        other => format!("rules-{other}"),
    }
}

#[function_component(Editor)]
fn editor(props: &EditorProps) -> Html {
    let venue_id = props.venue.summary.id;
    let draft = {
        let set = props.set.clone();
        use_state(move || Draft::from_set(&set))
    };
    let etag = {
        let etag = props.etag.clone();
        use_state(move || etag)
    };
    let mistakes = use_state(Vec::<Mistake>::new);
    let problem = use_state(|| None::<Problem>);
    let stale = use_state(|| false);
    let busy = use_state(|| false);
    let saved = use_state(|| None::<String>);

    let onsubmit = {
        let (draft, etag, mistakes, problem, stale, busy, saved) = (
            draft.clone(),
            etag.clone(),
            mistakes.clone(),
            problem.clone(),
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
            let set = match draft.to_set() {
                Ok(set) => set,
                Err(found) => {
                    if let Some((field, _)) = found.first() {
                        focus_id(&dom_id(field));
                    }
                    mistakes.set(found);
                    return;
                }
            };
            mistakes.set(Vec::new());
            busy.set(true);
            let (draft, etag, mistakes, problem, stale, busy, saved) = (
                draft.clone(),
                etag.clone(),
                mistakes.clone(),
                problem.clone(),
                stale.clone(),
                busy.clone(),
                saved.clone(),
            );
            spawn_local(async move {
                match api::save_rules(venue_id, &etag, &set).await {
                    Ok((set, new_etag)) => {
                        draft.set(Draft::from_set(&set));
                        etag.set(new_etag);
                        stale.set(false);
                        saved.set(Some(msg::rules_saved().to_string()));
                    }
                    Err(p) if p.status == 412 => stale.set(true),
                    Err(p) => match p.field.clone() {
                        Some(field) if p.status == 422 => {
                            let text = server_mistake(&field)
                                .or_else(|| p.detail.clone())
                                .unwrap_or_else(|| p.title.clone());
                            focus_id(&dom_id(&field));
                            mistakes.set(vec![(field, text)]);
                        }
                        _ => problem.set(Some(p)),
                    },
                }
                busy.set(false);
            });
        })
    };

    // Someone saved meanwhile: load theirs (this draft is dropped).
    let reload = {
        let (draft, etag, stale, problem, mistakes) = (
            draft.clone(),
            etag.clone(),
            stale.clone(),
            problem.clone(),
            mistakes.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (draft, etag, stale, problem, mistakes) = (
                draft.clone(),
                etag.clone(),
                stale.clone(),
                problem.clone(),
                mistakes.clone(),
            );
            spawn_local(async move {
                match api::rules(venue_id).await {
                    Ok((set, new_etag)) => {
                        draft.set(Draft::from_set(&set));
                        etag.set(new_etag);
                        mistakes.set(Vec::new());
                        stale.set(false);
                    }
                    Err(p) => problem.set(Some(p)),
                }
            });
        })
    };

    let d = &*draft;
    let policies: Vec<(AttrValue, AttrValue)> = vec![
        ("fee_percent".into(), msg::rules_policy_percent().into()),
        ("fee".into(), msg::rules_policy_fee().into()),
        ("no_refund".into(), msg::rules_policy_no_refund().into()),
    ];
    let mut vats: Vec<(AttrValue, AttrValue)> = [0u32, 600, 1200, 2500]
        .iter()
        .map(|bp| (bp.to_string().into(), format!("{} %", bp / 100).into()))
        .collect();
    if !vats.iter().any(|(v, _)| v.as_str() == d.vat) {
        let shown = d
            .vat
            .parse::<f64>()
            .map(|bp| format!("{} %", bp / 100.0))
            .unwrap_or_default();
        vats.push((d.vat.clone().into(), shown.into()));
    }
    let fee_label = if d.policy == "fee" {
        msg::rules_fee_amount()
    } else {
        msg::rules_fee_percent()
    };
    html! {
        <form class="rules-form" {onsubmit} novalidate=true>
            <section class="card" aria-labelledby="rules-booking-heading">
                <h2 id="rules-booking-heading">{ msg::rules_booking_heading() }</h2>
                <p class="hint">{ msg::rules_explain() }</p>
                <Field id="rules-min_notice_minutes" label={msg::rules_notice()} control={numeric("numeric")}
                    value={d.notice_minutes.clone()} on_change={edit(&draft, |d, v| d.notice_minutes = v)}
                    hint={msg::rules_notice_hint()} error={mistake_of(&mistakes, "min_notice_minutes")} />
                <Field id="rules-max_days_ahead" label={msg::rules_days_ahead()} control={numeric("numeric")}
                    value={d.days_ahead.clone()} on_change={edit(&draft, |d, v| d.days_ahead = v)}
                    error={mistake_of(&mistakes, "max_days_ahead")} />
                <Field id="rules-max_active_bookings" label={msg::rules_limit()} control={numeric("numeric")}
                    value={d.limit.clone()} on_change={edit(&draft, |d, v| d.limit = v)}
                    hint={msg::rules_limit_hint()} error={mistake_of(&mistakes, "max_active_bookings")} />
                <Field id="rules-vat_basis_points" label={msg::rules_vat()} control={Control::Choice(vats)}
                    value={d.vat.clone()} on_change={edit(&draft, |d, v| d.vat = v)}
                    error={mistake_of(&mistakes, "vat_basis_points")} />
            </section>
            <section class="card" aria-labelledby="rules-cancel-heading">
                <h2 id="rules-cancel-heading">{ msg::rules_cancel_heading() }</h2>
                <Field id="rules-cancel_deadline_hours" label={msg::rules_deadline()} control={numeric("numeric")}
                    value={d.deadline_hours.clone()} on_change={edit(&draft, |d, v| d.deadline_hours = v)}
                    hint={msg::rules_deadline_hint()} error={mistake_of(&mistakes, "cancel_deadline_hours")} />
                <Field id="rules-policy" label={msg::rules_policy()} control={Control::Choice(policies)}
                    value={d.policy.clone()} on_change={edit(&draft, |d, v| d.policy = v)} />
                if d.policy != "no_refund" {
                    <Field id="rules-fee" label={fee_label} control={numeric("decimal")}
                        value={d.fee.clone()} on_change={edit(&draft, |d, v| d.fee = v)}
                        error={mistake_of(&mistakes, "late_cancellation.percent")
                            .or_else(|| mistake_of(&mistakes, "late_cancellation.amount_minor"))} />
                }
            </section>
            <bands::Bands venue={props.venue.clone()} draft={draft.clone()} mistakes={(*mistakes).clone()} />
            <preview::Preview venue={props.venue.clone()} draft={(*draft).clone()} />
            <section class="card rules-save" aria-label={msg::rules_save_label()}>
                <p class="hint">{ msg::rules_applies() }</p>
                if !mistakes.is_empty() {
                    <p class="field-error" role="alert">{ msg::rules_has_mistakes(mistakes.len() as i64) }</p>
                }
                <button type="submit" class="button button-primary" aria-disabled={busy.then_some("true")}
                    aria-busy={busy.then_some("true")}>
                    { if *busy { msg::rules_saving() } else { msg::rules_save() } }
                </button>
                <Status text={(*saved).clone().map(AttrValue::from)} class="notice" />
                if *stale {
                    <div class="notice notice-warning" role="alert">
                        <p>{ msg::rules_changed_meanwhile() }</p>
                        <button type="button" class="button button-secondary" onclick={reload}>
                            { msg::rules_reload() }
                        </button>
                    </div>
                }
                if let Some(p) = &*problem { <ErrorBox problem={p.clone()} /> }
            </section>
        </form>
    }
}
