//! `/operator/venues/:id/hours` — a venue's opening hours: each weekday's
//! hours (empty for closed), exceptions ahead (a closed day or special
//! hours over dates), a preview of one day's slots, and saving with the
//! version the page loaded (If-Match). The server refuses hours that would
//! strand a booking; the page says what to do instead.

use shared::operator::{CourtDay, Hours, HoursException, HoursPreview, VenueHours};
use shared::{Problem, VenueDetail};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::field::{set, Control, Field};
use crate::components::live::Status;
use crate::components::problem::ErrorBox;
use crate::components::skeleton::SkeletonLines;
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::pages::operator::form::{edit, focus_id, mistake_of, numeric, Mistake};
use crate::pages::operator::{not_an_operator, VenuePage};

#[derive(Properties, PartialEq)]
pub struct HoursProps {
    pub id: i64,
}

#[function_component(HoursPage)]
pub fn hours_page(props: &HoursProps) -> Html {
    html! {
        <VenuePage id={props.id} heading={msg::hours_heading()} class="page page-hours"
            title={Callback::from(|name: String| msg::hours_title(&name))}
            body={Callback::from(|venue: VenueDetail| html! { <Loaded {venue} /> })} />
    }
}

#[derive(Properties, PartialEq)]
struct VenueProps {
    venue: VenueDetail,
}

#[function_component(Loaded)]
fn loaded(props: &VenueProps) -> Html {
    let (hours, retry) = use_load(props.venue.summary.id, api::hours);
    match &*hours {
        Load::Loading => html! { <div class="card"><SkeletonLines lines={7} /></div> },
        Load::Failed(p) if p.status == 403 || p.status == 404 => not_an_operator(),
        Load::Failed(p) => html! { <ErrorBox problem={p.clone()} on_retry={retry} /> },
        Load::Ready((set, etag)) => html! {
            <Editor venue={props.venue.clone()} set={set.clone()} etag={etag.clone()} />
        },
    }
}

#[derive(Clone, Debug, PartialEq)]
struct ExceptionDraft {
    key: u32,
    from: String,
    to: String,
    opens: String,
    closes: String,
    reason: String,
}

/// The form's state: every field as typed.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    /// Monday first: (opens, closes); both empty for closed.
    days: Vec<(String, String)>,
    exceptions: Vec<ExceptionDraft>,
    next_key: u32,
}

fn split(hours: &Option<Hours>) -> (String, String) {
    hours
        .as_ref()
        .map(|h| (h.opens.clone(), h.closes.clone()))
        .unwrap_or_default()
}

/// `HH:MM`, or a mistake on `field`.
fn clock_ok(text: &str) -> bool {
    let b = text.trim().as_bytes();
    b.len() == 5 && b[2] == b':' && [0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit())
}

/// Both times, one of them, or neither (closed).
fn opening(opens: &str, closes: &str, at: &str, mistakes: &mut Vec<Mistake>) -> Option<Hours> {
    let (opens, closes) = (opens.trim(), closes.trim());
    if opens.is_empty() && closes.is_empty() {
        return None;
    }
    for (text, name) in [(opens, "opens"), (closes, "closes")] {
        if !clock_ok(text) {
            mistakes.push((format!("{at}.{name}"), msg::hours_error_time().to_string()));
        }
    }
    Some(Hours {
        opens: opens.to_string(),
        closes: closes.to_string(),
    })
}

impl Draft {
    fn from_set(set: &VenueHours) -> Draft {
        let exceptions: Vec<ExceptionDraft> = set
            .exceptions
            .iter()
            .zip(0u32..)
            .map(|(e, key)| {
                let (opens, closes) = split(&e.hours);
                ExceptionDraft {
                    key,
                    from: e.from_date.to_string(),
                    to: e.to_date.to_string(),
                    opens,
                    closes,
                    reason: e.reason.clone(),
                }
            })
            .collect();
        Draft {
            days: set.weekly.iter().map(split).collect(),
            next_key: u32::try_from(exceptions.len()).unwrap_or(0),
            exceptions,
        }
    }

    fn to_set(&self) -> Result<VenueHours, Vec<Mistake>> {
        let mut mistakes = Vec::new();
        let weekly = self
            .days
            .iter()
            .enumerate()
            .map(|(i, (o, c))| opening(o, c, &format!("weekly[{i}]"), &mut mistakes))
            .collect();
        let mut exceptions = Vec::new();
        for (i, e) in self.exceptions.iter().enumerate() {
            let at = format!("exceptions[{i}]");
            let from = chrono::NaiveDate::parse_from_str(&e.from, "%Y-%m-%d");
            let to = chrono::NaiveDate::parse_from_str(&e.to, "%Y-%m-%d");
            if from.is_err() {
                mistakes.push((
                    format!("{at}.from_date"),
                    msg::hours_error_date().to_string(),
                ));
            }
            if to.is_err() {
                mistakes.push((format!("{at}.to_date"), msg::hours_error_date().to_string()));
            }
            let hours = opening(&e.opens, &e.closes, &format!("{at}.hours"), &mut mistakes);
            if let (Ok(from_date), Ok(to_date)) = (from, to) {
                exceptions.push(HoursException {
                    from_date,
                    to_date,
                    hours,
                    reason: e.reason.trim().to_string(),
                });
            }
        }
        if mistakes.is_empty() {
            Ok(VenueHours { weekly, exceptions })
        } else {
            Err(mistakes)
        }
    }
}

/// The DOM id of the field the server calls `field`.
fn dom_id(field: &str) -> String {
    field
        .replace("weekly[", "day-")
        .replace("exceptions[", "exception-")
        .replace("].hours.", "-")
        .replace("].", "-")
}

/// The words for a field the server refused.
fn server_mistake(field: &str) -> String {
    let text = match field.rsplit('.').next().unwrap_or(field) {
        "opens" | "closes" => msg::hours_error_grid(),
        "from_date" => msg::hours_error_overlap(),
        "to_date" => msg::hours_error_to(),
        "reason" => msg::hours_error_reason(),
        _ => msg::hours_error_time(),
    };
    text.to_string()
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    venue: VenueDetail,
    set: VenueHours,
    etag: String,
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
    let notice = use_state(|| None::<String>);
    let stale = use_state(|| false);
    let busy = use_state(|| false);
    let saved = use_state(|| None::<String>);

    let onsubmit = {
        let (draft, etag, mistakes, problem, notice, stale, busy, saved) = (
            draft.clone(),
            etag.clone(),
            mistakes.clone(),
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
            let (draft, etag, mistakes, problem, notice, stale, busy, saved) = (
                draft.clone(),
                etag.clone(),
                mistakes.clone(),
                problem.clone(),
                notice.clone(),
                stale.clone(),
                busy.clone(),
                saved.clone(),
            );
            spawn_local(async move {
                match api::save_hours(venue_id, &etag, &set).await {
                    Ok((set, new_etag)) => {
                        draft.set(Draft::from_set(&set));
                        etag.set(new_etag);
                        stale.set(false);
                        saved.set(Some(msg::hours_saved().to_string()));
                    }
                    Err(p) if p.status == 412 => stale.set(true),
                    Err(p) if p.status == 409 => {
                        notice.set(Some(msg::hours_stranded().to_string()))
                    }
                    Err(p) => match p.field.clone() {
                        Some(field) if p.status == 422 => {
                            focus_id(&dom_id(&field));
                            mistakes.set(vec![(field.clone(), server_mistake(&field))]);
                        }
                        _ => problem.set(Some(p)),
                    },
                }
                busy.set(false);
            });
        })
    };
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
                match api::hours(venue_id).await {
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
    let add = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.exceptions.push(ExceptionDraft {
                key: next.next_key,
                from: String::new(),
                to: String::new(),
                opens: String::new(),
                closes: String::new(),
                reason: String::new(),
            });
            next.next_key += 1;
            draft.set(next);
        })
    };
    let m = &*mistakes;
    html! {
        <form class="rules-form" {onsubmit} novalidate=true>
            <section class="card" aria-labelledby="hours-week-heading">
                <h2 id="hours-week-heading">{ msg::hours_week_heading() }</h2>
                <p class="hint">{ msg::hours_week_explain() }</p>
                { for draft.days.iter().enumerate().map(|(i, (opens, closes))| html! {
                    <fieldset key={i} class="rules-band">
                        <legend>{ msg::weekday_long(i as i64 + 1) }</legend>
                        <div class="field-pair">
                            <Field id={format!("day-{i}-opens")} label={msg::hours_opens()} control={numeric("text")}
                                value={opens.clone()} error={mistake_of(m, &format!("weekly[{i}].opens"))}
                                on_change={edit(&draft, move |d: &mut Draft, v| d.days[i].0 = v)} />
                            <Field id={format!("day-{i}-closes")} label={msg::hours_closes()} control={numeric("text")}
                                value={closes.clone()} error={mistake_of(m, &format!("weekly[{i}].closes"))}
                                on_change={edit(&draft, move |d: &mut Draft, v| d.days[i].1 = v)} />
                        </div>
                    </fieldset>
                }) }
            </section>
            <section class="card" aria-labelledby="hours-exceptions-heading">
                <h2 id="hours-exceptions-heading">{ msg::hours_exceptions_heading() }</h2>
                <p class="hint">{ msg::hours_exceptions_explain() }</p>
                if draft.exceptions.is_empty() { <p>{ msg::hours_exceptions_none() }</p> }
                { for draft.exceptions.iter().enumerate().map(|(i, e)| {
                    let at = |name: &str| format!("exceptions[{i}].{name}");
                    let remove = {
                        let draft = draft.clone();
                        Callback::from(move |_: MouseEvent| {
                            let mut next = (*draft).clone();
                            if i < next.exceptions.len() {
                                next.exceptions.remove(i);
                            }
                            draft.set(next);
                        })
                    };
                    let n = i as i64 + 1;
                    html! {
                        <fieldset key={e.key} class="rules-band">
                            <legend>{ msg::hours_exception_legend(n) }</legend>
                            <div class="field-pair">
                                <Field id={format!("exception-{i}-from_date")} label={msg::hours_from_date()} control={Control::text("date", "off")}
                                    value={e.from.clone()} error={mistake_of(m, &at("from_date"))}
                                    on_change={edit(&draft, move |d: &mut Draft, v| d.exceptions[i].from = v)} />
                                <Field id={format!("exception-{i}-to_date")} label={msg::hours_to_date()} control={Control::text("date", "off")}
                                    value={e.to.clone()} error={mistake_of(m, &at("to_date"))}
                                    on_change={edit(&draft, move |d: &mut Draft, v| d.exceptions[i].to = v)} />
                            </div>
                            <div class="field-pair">
                                <Field id={format!("exception-{i}-opens")} label={msg::hours_opens()} control={numeric("text")}
                                    value={e.opens.clone()} error={mistake_of(m, &at("hours.opens"))}
                                    on_change={edit(&draft, move |d: &mut Draft, v| d.exceptions[i].opens = v)} />
                                <Field id={format!("exception-{i}-closes")} label={msg::hours_closes()} control={numeric("text")}
                                    value={e.closes.clone()} error={mistake_of(m, &at("hours.closes"))}
                                    on_change={edit(&draft, move |d: &mut Draft, v| d.exceptions[i].closes = v)} />
                            </div>
                            <Field id={format!("exception-{i}-reason")} label={msg::hours_reason()} control={Control::text("text", "off")}
                                value={e.reason.clone()} error={mistake_of(m, &at("reason"))}
                                on_change={edit(&draft, move |d: &mut Draft, v| d.exceptions[i].reason = v)} />
                            <button type="button" class="button button-secondary" onclick={remove}>
                                { msg::hours_exception_remove(n) }
                            </button>
                        </fieldset>
                    }
                }) }
                <p><button type="button" class="button button-secondary" onclick={add}>{ msg::hours_exception_add() }</button></p>
            </section>
            <DayPreview venue={props.venue.clone()} draft={(*draft).clone()} />
            <section class="card rules-save" aria-label={msg::rules_save_label()}>
                if !m.is_empty() {
                    <p class="field-error" role="alert">{ msg::rules_has_mistakes(m.len() as i64) }</p>
                }
                <button type="submit" class="button button-primary" aria-disabled={busy.then_some("true")}
                    aria-busy={busy.then_some("true")}>
                    { if *busy { msg::rules_saving() } else { msg::hours_save() } }
                </button>
                <Status text={(*saved).clone().map(AttrValue::from)} class="notice" />
                if let Some(text) = &*notice {
                    <p class="notice notice-warning" role="alert">{ text.clone() }</p>
                }
                if *stale {
                    <div class="notice notice-warning" role="alert">
                        <p>{ msg::hours_changed_meanwhile() }</p>
                        <button type="button" class="button button-secondary" onclick={reload}>{ msg::rules_reload() }</button>
                    </div>
                }
                if let Some(p) = &*problem { <ErrorBox problem={p.clone()} /> }
            </section>
        </form>
    }
}

/// A previewed day in words: "Bana 1: 07:00, 08:00. Bana 2: stängt."
pub fn day_text(days: &[CourtDay]) -> String {
    days.iter()
        .map(|d| {
            if d.starts.is_empty() {
                msg::hours_preview_closed(&d.court_name)
            } else {
                msg::hours_preview_court(&d.court_name, d.starts.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Properties, PartialEq)]
struct PreviewProps {
    venue: VenueDetail,
    draft: Draft,
}

/// One day's slots under the hours in the form.
#[function_component(DayPreview)]
fn day_preview(props: &PreviewProps) -> Html {
    let date = {
        let tomorrow = crate::zone::local(&props.venue.timezone, chrono::Utc::now())
            .map(|now| now.date() + chrono::Duration::days(1))
            .unwrap_or_else(|| chrono::Utc::now().date_naive());
        use_state(move || tomorrow.format("%Y-%m-%d").to_string())
    };
    let result = use_state(|| None::<Vec<CourtDay>>);
    let error = use_state(|| None::<String>);
    let onclick = {
        let (date, result, error) = (date.clone(), result.clone(), error.clone());
        let (draft, venue_id) = (props.draft.clone(), props.venue.summary.id);
        Callback::from(move |_: MouseEvent| {
            result.set(None);
            error.set(None);
            let (Ok(hours), Ok(day)) = (
                draft.to_set(),
                chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d"),
            ) else {
                error.set(Some(msg::rules_preview_fix_first().to_string()));
                return;
            };
            let body = HoursPreview { hours, date: day };
            let (result, error) = (result.clone(), error.clone());
            spawn_local(async move {
                match api::preview_hours(venue_id, &body).await {
                    Ok(days) => result.set(Some(days)),
                    Err(p) if p.status == 422 => {
                        error.set(Some(msg::rules_preview_fix_first().to_string()))
                    }
                    Err(p) => error.set(Some(p.message().to_string())),
                }
            });
        })
    };
    let said = result.as_ref().map(|days| day_text(days));
    html! {
        <section class="card" aria-labelledby="hours-preview-heading">
            <h2 id="hours-preview-heading">{ msg::hours_preview_heading() }</h2>
            <Field id="hours-preview-date" label={msg::rules_preview_date()} control={Control::text("date", "off")}
                value={(*date).clone()} on_change={set(&date)} />
            <button type="button" class="button button-secondary" {onclick}>{ msg::hours_preview_button() }</button>
            <Status text={said.map(AttrValue::from)} class="notice hours-preview-result" />
            if let Some(text) = &*error { <p class="field-error" role="alert">{ text.clone() }</p> }
        </section>
    }
}
