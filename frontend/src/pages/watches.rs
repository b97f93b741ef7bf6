//! `/watches` — My watches: what the person asked to be told about, with
//! pause/resume and delete, and whether notifications can reach this phone.

use shared::watch::{UpdateWatch, Watch, WatchScope};
use shared::Problem;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, Route};
use crate::components::live::Status;
use crate::components::problem::{ErrorBox, SessionUnreachable};
use crate::components::skeleton::{LoadingAnnouncement, SkeletonLines};
use crate::format::{short_date, time_range};
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::pages::signin::SignInQuery;
use crate::push::{self, Permission};
use crate::session::use_session;

#[function_component(MyWatches)]
pub fn my_watches() -> Html {
    use_title(msg::watches_title().to_string());
    let session = use_session();
    let body = match (session.loaded, &session.account) {
        (false, _) => html! { <div class="card"><SkeletonLines lines={3} /></div> },
        (true, None) if session.unreachable => html! { <SessionUnreachable /> },
        (true, None) => html! {
            <div class="card">
                <p>{ msg::watches_sign_in_text() }</p>
                <p>
                    <Link<Route, SignInQuery> to={Route::SignIn} query={Some(SignInQuery { back: Some(1) })}
                        classes="button button-primary">{ msg::watches_sign_in() }</Link<Route, SignInQuery>>
                </p>
            </div>
        },
        (true, Some(_)) => html! {
            <>
                <PushStatus />
                <WatchList />
            </>
        },
    };
    html! {
        <div class="page page-watches">
            <h1>{ msg::watches_title() }</h1>
            { body }
        </div>
    }
}

/// Whether a notice can reach this phone, and a button to allow it.
#[function_component(PushStatus)]
fn push_status() -> Html {
    let permission = use_state(push::permission);
    let busy = use_state(|| false);
    let message = use_state(|| None::<Result<String, String>>);
    let onclick = {
        let (permission, busy, message) = (permission.clone(), busy.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            message.set(None);
            let (permission, busy, message) = (permission.clone(), busy.clone(), message.clone());
            spawn_local(async move {
                let result = push::enable().await;
                permission.set(push::permission());
                message.set(Some(result.map(|()| msg::watches_push_on().to_string())));
                busy.set(false);
            });
        })
    };
    let explain = match *permission {
        Permission::Granted => msg::watches_push_allowed(),
        Permission::Ask => msg::watches_push_ask(),
        Permission::Denied => msg::push_denied_help(),
        Permission::Unsupported => msg::push_unsupported_help(),
    };
    let can_try = matches!(*permission, Permission::Ask | Permission::Granted);
    html! {
        <section class="card push-status" aria-labelledby="push-heading">
            <h2 id="push-heading">{ msg::watches_push_heading() }</h2>
            <p>{ explain }</p>
            if can_try {
                <button type="button" class="button button-secondary" {onclick} aria-disabled={busy.then_some("true")}
                    aria-busy={busy.then_some("true")}>
                    { if *permission == Permission::Granted { msg::watches_push_check() } else { msg::watches_push_allow() } }
                </button>
            }
            <Status text={match &*message { Some(Ok(text)) => Some(AttrValue::from(text.clone())), _ => None }} class="notice" />
            if let Some(Err(text)) = &*message {
                <p class="notice notice-error" role="alert">{ text.clone() }</p>
            }
        </section>
    }
}

/// `1, 3` → `Mon, Wed` (`mån, ons`); empty → `Every day`.
fn weekdays(days: &[u8]) -> String {
    if days.is_empty() || days.len() == 7 {
        return msg::watches_every_day().into();
    }
    days.iter()
        .filter(|d| (1..=7).contains(*d))
        .map(|d| msg::weekday_short(i64::from(*d)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn dates(w: &Watch) -> String {
    if w.from_date == w.to_date {
        short_date(w.from_date)
    } else {
        format!(
            "{}\u{2013}{}",
            short_date(w.from_date),
            short_date(w.to_date)
        )
    }
}

fn scope_kind(scope: &WatchScope) -> &'static str {
    match scope {
        WatchScope::Court { .. } => msg::watches_scope_court(),
        WatchScope::Venue { .. } => msg::watches_scope_venue(),
        WatchScope::Area { .. } => msg::watches_scope_area(),
    }
}

#[function_component(WatchList)]
fn watch_list() -> Html {
    let (loaded, retry) = use_load((), |_| api::watches());
    // Changes made here (pause, delete) replace the loaded list.
    let edited = use_state(|| None::<Vec<Watch>>);
    let error = use_state(|| None::<Problem>);
    let busy = use_state(|| None::<uuid::Uuid>);
    let list = match (&*edited, &*loaded) {
        (Some(list), _) => list.clone(),
        (None, Load::Ready(list)) => list.clone(),
        (None, Load::Loading) => {
            return html! {
                <>
                    <LoadingAnnouncement text={msg::watches_loading()} />
                    <div class="card"><SkeletonLines lines={3} /></div>
                </>
            }
        }
        (None, Load::Failed(problem)) => {
            return html! { <ErrorBox problem={problem.clone()} on_retry={retry} /> }
        }
    };

    let toggle = {
        let (edited, error, busy, list) =
            (edited.clone(), error.clone(), busy.clone(), list.clone());
        Callback::from(move |w: Watch| {
            if busy.is_some() {
                return;
            }
            busy.set(Some(w.id));
            error.set(None);
            let (edited, error, busy, list) =
                (edited.clone(), error.clone(), busy.clone(), list.clone());
            spawn_local(async move {
                match api::update_watch(w.id, &UpdateWatch { paused: !w.paused }).await {
                    Ok(fresh) => edited.set(Some(
                        list.into_iter()
                            .map(|x| if x.id == fresh.id { fresh.clone() } else { x })
                            .collect(),
                    )),
                    Err(problem) => error.set(Some(problem)),
                }
                busy.set(None);
            });
        })
    };
    let remove = {
        let (edited, error, busy, list) =
            (edited.clone(), error.clone(), busy.clone(), list.clone());
        Callback::from(move |w: Watch| {
            if busy.is_some() || !gloo::dialogs::confirm(&msg::watches_confirm_delete(&w.label)) {
                return;
            }
            busy.set(Some(w.id));
            error.set(None);
            let (edited, error, busy, list) =
                (edited.clone(), error.clone(), busy.clone(), list.clone());
            spawn_local(async move {
                match api::delete_watch(w.id).await {
                    Ok(()) => edited.set(Some(list.into_iter().filter(|x| x.id != w.id).collect())),
                    Err(problem) => error.set(Some(problem)),
                }
                busy.set(None);
            });
        })
    };

    html! {
        <section aria-labelledby="watches-heading">
            <h2 id="watches-heading">{ msg::watches_heading() }</h2>
            if let Some(problem) = &*error {
                <ErrorBox problem={problem.clone()} />
            }
            if list.is_empty() {
                <div class="empty">
                    <p>{ msg::watches_empty() }</p>
                    <p><Link<Route> to={Route::Home} classes="button button-primary">{ msg::watches_find_court() }</Link<Route>></p>
                </div>
            } else {
                <ul class="watch-list">
                    { for list.iter().map(|w| {
                        let w2 = w.clone();
                        let on_toggle = toggle.reform(move |_: MouseEvent| w2.clone());
                        let w3 = w.clone();
                        let on_remove = remove.reform(move |_: MouseEvent| w3.clone());
                        let working = *busy == Some(w.id);
                        let when = format!("{} · {} · {}", weekdays(&w.weekdays), time_range(&w.time_from, &w.time_to), dates(w));
                        html! {
                            <li key={w.id.to_string()} class={classes!("card", "watch-item", w.paused.then_some("watch-paused"))}>
                                <p class="watch-label">
                                    <span class="visually-hidden">{ format!("{}: ", scope_kind(&w.scope)) }</span>
                                    { &w.label }
                                    if w.paused { <span class="badge badge-paused">{ msg::watches_paused() }</span> }
                                </p>
                                <p class="watch-when">{ when }</p>
                                <p class="muted">{ msg::watches_min_length(w.min_minutes) }</p>
                                <div class="button-row">
                                    <button type="button" class="button button-secondary" onclick={on_toggle} aria-disabled={working.then_some("true")}
                                        aria-label={if w.paused {
                                            msg::watches_resume_label(&w.label, time_range(&w.time_from, &w.time_to))
                                        } else {
                                            msg::watches_pause_label(&w.label, time_range(&w.time_from, &w.time_to))
                                        }}>
                                        { if w.paused { msg::watches_resume() } else { msg::watches_pause() } }
                                    </button>
                                    <button type="button" class="button button-secondary button-danger" onclick={on_remove} aria-disabled={working.then_some("true")}
                                        aria-label={msg::watches_delete_label(&w.label, time_range(&w.time_from, &w.time_to))}>
                                        { msg::watches_delete() }
                                    </button>
                                </div>
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}
