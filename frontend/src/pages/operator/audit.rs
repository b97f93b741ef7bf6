//! `/operator/audit` — the audit log: who closed, reserved, reopened or
//! granted what, and when, newest first (operators only; the server says
//! 403 to anyone else).

use chrono::DateTime;
use shared::operator::{AuditEntry, ClosureReason};
use shared::{Problem, VenueDetail};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiResult};
use crate::app::{use_title, Route};
use crate::components::problem::ErrorBox;
use crate::components::skeleton::{LoadingAnnouncement, SkeletonLines};
use crate::format::{closure_reason, device_day_time};
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::pages::operator::closures::span;
use crate::pages::operator::{my_venues, not_an_operator, OperatorGate};

/// One page of the log.
const PAGE: usize = 50;

#[function_component(AuditPage)]
pub fn audit_page() -> Html {
    use_title(msg::audit_title().to_string());
    html! {
        <div class="page page-audit">
            <p class="back"><Link<Route> to={Route::Operator}>{ msg::closures_back() }</Link<Route>></p>
            <h1>{ msg::audit_title() }</h1>
            <OperatorGate><AuditLog /></OperatorGate>
        </div>
    }
}

async fn first_page() -> ApiResult<(Vec<AuditEntry>, Vec<VenueDetail>)> {
    let entries = api::audit(None).await?;
    Ok((entries, my_venues().await?.venues))
}

#[function_component(AuditLog)]
fn audit_log() -> Html {
    let (loaded, retry) = use_load((), |_| first_page());
    // Older pages appended here.
    let more = use_state(Vec::<AuditEntry>::new);
    let done = use_state(|| false);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<Problem>);
    let (entries, venues) = match &*loaded {
        Load::Loading => {
            return html! {
                <div class="card"><LoadingAnnouncement /><SkeletonLines lines={4} /></div>
            }
        }
        Load::Failed(p) if p.status == 403 => return not_an_operator(),
        Load::Failed(p) => return html! { <ErrorBox problem={p.clone()} on_retry={retry} /> },
        Load::Ready((entries, venues)) => (entries, venues),
    };
    let all: Vec<&AuditEntry> = entries.iter().chain(more.iter()).collect();
    let last_page_full = if more.is_empty() {
        entries.len() == PAGE
    } else {
        more.len() % PAGE == 0
    };
    let onclick = {
        let (more, done, busy, problem) =
            (more.clone(), done.clone(), busy.clone(), problem.clone());
        let before = all.last().map(|e| e.id);
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            let (more, done, busy, problem) =
                (more.clone(), done.clone(), busy.clone(), problem.clone());
            spawn_local(async move {
                match api::audit(before).await {
                    Ok(page) => {
                        if page.len() < PAGE {
                            done.set(true);
                        }
                        let mut next = (*more).clone();
                        next.extend(page);
                        more.set(next);
                    }
                    Err(p) => problem.set(Some(p)),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <section class="card" aria-labelledby="audit-heading">
            <h2 id="audit-heading" class="visually-hidden">{ msg::audit_title() }</h2>
            <p class="hint">{ msg::audit_explain() }</p>
            if all.is_empty() { <p>{ msg::audit_none() }</p> }
            <ul class="audit-list">
                { for all.iter().map(|e| html! {
                    <li key={e.id} class="audit-item">
                        <p class="audit-what"><strong>{ action(&e.action) }</strong>
                            { " · " }{ e.actor.clone().unwrap_or_else(|| msg::audit_command_line().to_string()) }</p>
                        <p>{ describe(e, venues) }</p>
                        <p class="hint">{ device_day_time(e.at) }</p>
                    </li>
                }) }
            </ul>
            if last_page_full && !*done {
                <button type="button" class="button button-secondary" {onclick}
                    aria-busy={busy.then_some("true")}>{ msg::audit_more() }</button>
            }
            if let Some(p) = &*problem { <ErrorBox problem={p.clone()} /> }
        </section>
    }
}

fn action(action: &str) -> String {
    match action {
        "closure.created" => msg::audit_closure_created().into(),
        "block.created" => msg::audit_block_created().into(),
        "closure.reopened" => msg::audit_closure_reopened().into(),
        "role.granted" => msg::audit_role_granted().into(),
        "role.removed" => msg::audit_role_removed().into(),
        "controller.revoked" => msg::audit_controller_revoked().into(),
        "rules.changed" => msg::audit_rules_changed().into(),
        "hours.changed" => msg::audit_hours_changed().into(),
        "venue.created" => msg::audit_venue_created().into(),
        "venue.changed" => msg::audit_venue_changed().into(),
        "booking.cancelled" => msg::audit_booking_cancelled().into(),
        "booking.moved" => msg::audit_booking_moved().into(),
        "booking.made" => msg::audit_booking_made().into(),
        "notices.changed" => msg::audit_notices_changed().into(),
        "identity.protected" => msg::audit_identity_protected().into(),
        "identity.unprotected" => msg::audit_identity_unprotected().into(),
        "identity.viewed" => msg::audit_identity_viewed().into(),
        other => other.to_string(),
    }
}

/// What the entry was about, in words: the venue and court, the time, the
/// reason; the person and role for a grant.
fn describe(e: &AuditEntry, venues: &[VenueDetail]) -> String {
    let venue = e
        .venue_id
        .and_then(|id| venues.iter().find(|v| v.summary.id == id));
    let d = &e.detail;
    match e.action.as_str() {
        "closure.created" | "block.created" => {
            let Some(venue) = venue else {
                return String::new();
            };
            let court = d["court_id"]
                .as_i64()
                .and_then(|id| venue.courts.iter().find(|c| c.id == id))
                .map_or_else(
                    || msg::closures_whole_venue().to_string(),
                    |c| c.name.clone(),
                );
            let at = |key: &str| d[key].as_i64().and_then(|s| DateTime::from_timestamp(s, 0));
            let when = match (at("starts_at"), at("ends_at")) {
                (Some(from), Some(to)) => span(&venue.timezone, from, to),
                _ => String::new(),
            };
            let reason = d["reason"]
                .as_str()
                .and_then(ClosureReason::parse)
                .map(closure_reason)
                .unwrap_or_default();
            msg::audit_closure_detail(
                d["cancelled_bookings"].as_i64().unwrap_or(0),
                court,
                reason,
                venue.summary.name.clone(),
                when,
            )
        }
        "closure.reopened" => venue
            .map(|v| {
                msg::audit_reopened_detail(
                    d["freed_slots"].as_i64().unwrap_or(0),
                    v.summary.name.clone(),
                )
            })
            .unwrap_or_default(),
        "hours.changed" => venue
            .map(|v| {
                msg::audit_hours_detail(
                    d["freed_slots"].as_i64().unwrap_or(0),
                    v.summary.name.clone(),
                )
            })
            .unwrap_or_default(),
        "rules.changed" => venue
            .map(|v| msg::audit_rules_detail(v.summary.name.clone()))
            .unwrap_or_default(),
        "role.removed" => msg::audit_role_removed_detail(
            member(e.subject.as_deref()),
            role(d["role"].as_str().unwrap_or_default()),
        ),
        "role.granted" => msg::audit_role_detail(
            member(e.subject.as_deref()),
            role(d["role"].as_str().unwrap_or_default()),
        ),
        // The alias, never who: the log is read by every operator.
        "identity.protected" | "identity.unprotected" => {
            msg::desk_protected(e.subject.as_deref().unwrap_or_default())
        }
        "identity.viewed" => msg::desk_protected(d["alias"].as_str().unwrap_or_default()),
        _ => e.subject.clone().unwrap_or_default(),
    }
}

/// Whom a role entry is about: an address, or a protected person's alias
/// (the backend writes that instead; an alias has no `@`).
fn member(subject: Option<&str>) -> String {
    match subject {
        Some(s) if !s.contains('@') && !s.is_empty() => msg::desk_protected(s),
        other => other.unwrap_or_default().to_string(),
    }
}

fn role(code: &str) -> String {
    match code {
        "operator" => msg::audit_role_operator().into(),
        "staff" => msg::audit_role_staff().into(),
        "viewer" => msg::audit_role_viewer().into(),
        other => other.to_string(),
    }
}
