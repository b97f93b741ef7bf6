//! The operator side (issue 15): the people who run venues. `/operator`
//! lists the venues this person may run; each has its closures page
//! (`closures.rs`). Players never see these pages: the account page links
//! here only for a person with a role, and the server answers every
//! operator route for them alone.

pub mod audit;
pub mod closures;
pub mod desk;
pub mod form;
pub mod hours;
pub mod members;
pub mod notices;
mod protect;
pub mod rules;
pub mod statistics;
pub mod venue;

use shared::operator::{Membership, Role};
use shared::VenueDetail;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiResult};
use crate::app::{use_title, Route};
use crate::components::problem::{ErrorBox, SessionUnreachable};
use crate::components::skeleton::{LoadingAnnouncement, SkeletonLines};
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::pages::signin::SignInQuery;
use crate::session::use_session;

/// The body of an operator page: a sign-in prompt when signed out, else
/// `content` (which says itself when the person has no role).
#[derive(Properties, PartialEq)]
pub struct SignedInProps {
    pub children: Html,
}

#[function_component(OperatorGate)]
pub fn operator_gate(props: &SignedInProps) -> Html {
    let session = use_session();
    match (session.loaded, &session.account) {
        (false, _) => html! { <div class="card"><SkeletonLines lines={3} /></div> },
        (true, None) if session.unreachable => html! { <SessionUnreachable /> },
        (true, None) => html! {
            <div class="card">
                <p>{ msg::operator_sign_in_text() }</p>
                <p>
                    <Link<Route, SignInQuery> to={Route::SignIn} query={Some(SignInQuery { back: Some(1) })}
                        classes="button button-primary">{ msg::operator_sign_in() }</Link<Route, SignInQuery>>
                </p>
            </div>
        },
        (true, Some(_)) => props.children.clone(),
    }
}

/// The frame of a page about one venue: the way back, the heading, the
/// venue's name, the sign-in gate, and `body` once the venue has loaded.
#[derive(Properties, PartialEq)]
pub struct VenuePageProps {
    pub id: i64,
    pub heading: AttrValue,
    /// The document title, given the venue's name.
    pub title: Callback<String, String>,
    /// The page's classes (`page page-closures`).
    pub class: AttrValue,
    pub body: Callback<VenueDetail, Html>,
}

#[function_component(VenuePage)]
pub fn venue_page(props: &VenuePageProps) -> Html {
    let (venue, retry) = use_load(props.id, api::venue);
    let name = match &*venue {
        Load::Ready(v) => v.summary.name.clone(),
        _ => String::new(),
    };
    use_title(if name.is_empty() {
        props.heading.to_string()
    } else {
        props.title.emit(name.clone())
    });
    let body = match &*venue {
        Load::Loading => html! {
            <div class="card"><LoadingAnnouncement /><SkeletonLines lines={4} /></div>
        },
        Load::Failed(p) => html! { <ErrorBox problem={p.clone()} on_retry={retry} /> },
        Load::Ready(v) => props.body.emit(v.clone()),
    };
    html! {
        <div class={props.class.clone()}>
            <p class="back"><Link<Route> to={Route::Operator}>{ msg::closures_back() }</Link<Route>></p>
            <h1>{ props.heading.clone() }</h1>
            if !name.is_empty() { <p class="lead">{ name.clone() }</p> }
            <OperatorGate>{ body }</OperatorGate>
        </div>
    }
}

/// A player signed in (403): what these pages are, not an error.
pub fn not_an_operator() -> Html {
    html! { <div class="card"><p>{ msg::operator_not_operator() }</p></div> }
}

/// What this person runs: the venues of every role, each once, in id
/// order, and whether they are an operator somewhere (the audit log).
pub struct Mine {
    pub operator: bool,
    /// The venues where this person is an operator (prices and rules).
    pub operates: Vec<i64>,
    /// The venues where this person is staff or operator (the bookings desk).
    pub desk: Vec<i64>,
    /// The organisations where this person is an operator (their people).
    pub organisations: Vec<(i64, String)>,
    pub venues: Vec<VenueDetail>,
}

pub async fn my_venues() -> ApiResult<Mine> {
    let memberships: Vec<Membership> = api::operator_me().await?;
    let operator = memberships.iter().any(|m| m.role == Role::Operator);
    let operates: Vec<i64> = memberships
        .iter()
        .filter(|m| m.role == Role::Operator)
        .flat_map(|m| m.venue_ids.iter().copied())
        .collect();
    let desk: Vec<i64> = memberships
        .iter()
        .filter(|m| matches!(m.role, Role::Operator | Role::Staff))
        .flat_map(|m| m.venue_ids.iter().copied())
        .collect();
    let organisations: Vec<(i64, String)> = memberships
        .iter()
        .filter(|m| m.role == Role::Operator)
        .map(|m| (m.organisation_id, m.organisation.clone()))
        .collect();
    let mut ids: Vec<i64> = memberships
        .iter()
        .flat_map(|m| m.venue_ids.iter().copied())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut venues = Vec::with_capacity(ids.len());
    for id in ids {
        venues.push(api::venue(id).await?);
    }
    Ok(Mine {
        operator,
        operates,
        desk,
        organisations,
        venues,
    })
}

#[function_component(OperatorHome)]
pub fn operator_home() -> Html {
    use_title(msg::operator_title().to_string());
    html! {
        <div class="page page-operator">
            <h1>{ msg::operator_title() }</h1>
            <OperatorGate><VenueList /></OperatorGate>
        </div>
    }
}

#[function_component(VenueList)]
fn venue_list() -> Html {
    let (loaded, retry) = use_load((), |_| my_venues());
    match &*loaded {
        Load::Loading => html! {
            <div class="card">
                <LoadingAnnouncement text={msg::operator_loading()} />
                <SkeletonLines lines={3} />
            </div>
        },
        Load::Failed(p) if p.status == 403 => not_an_operator(),
        Load::Failed(p) => html! { <ErrorBox problem={p.clone()} on_retry={retry} /> },
        Load::Ready(mine) if mine.venues.is_empty() => html! {
            <div class="card">
                <p>{ msg::operator_no_venues() }</p>
                { for mine.organisations.iter().map(|(id, _)| html! {
                    <p><Link<Route> to={Route::OperatorNewVenue { id: *id }} classes="button button-primary">
                        { msg::operator_new_venue() }
                    </Link<Route>></p>
                }) }
            </div>
        },
        Load::Ready(Mine {
            operator,
            operates,
            desk,
            organisations,
            venues,
        }) => html! {
            <section class="card" aria-labelledby="operator-venues">
                <h2 id="operator-venues">{ msg::operator_venues_heading() }</h2>
                <ul class="operator-venues">
                    { for venues.iter().map(|v| html! {
                        <li key={v.summary.id}>
                            <Link<Route> to={Route::OperatorClosures { id: v.summary.id }} classes="operator-venue">
                                <span class="operator-venue-name">{ v.summary.name.clone() }</span>
                                <span class="operator-venue-action">{ msg::operator_closures_link() }</span>
                            </Link<Route>>
                            <span class="operator-venue-links">
                                if desk.contains(&v.summary.id) {
                                    <Link<Route> to={Route::OperatorDesk { id: v.summary.id }} classes="operator-venue-more">
                                        { msg::operator_desk_link() }
                                    </Link<Route>>
                                }
                                <Link<Route> to={Route::OperatorStatistics { id: v.summary.id }} classes="operator-venue-more">
                                    { msg::operator_statistics_link() }
                                </Link<Route>>
                            </span>
                            if operates.contains(&v.summary.id) {
                                <span class="operator-venue-links">
                                    <Link<Route> to={Route::OperatorVenue { id: v.summary.id }} classes="operator-venue-more">
                                        { msg::operator_venue_link() }
                                    </Link<Route>>
                                    <Link<Route> to={Route::OperatorHours { id: v.summary.id }} classes="operator-venue-more">
                                        { msg::operator_hours_link() }
                                    </Link<Route>>
                                    <Link<Route> to={Route::OperatorRules { id: v.summary.id }} classes="operator-venue-more">
                                        { msg::operator_rules_link() }
                                    </Link<Route>>
                                    <Link<Route> to={Route::OperatorNotices { id: v.summary.id }} classes="operator-venue-more">
                                        { msg::operator_notices_link() }
                                    </Link<Route>>
                                </span>
                            }
                        </li>
                    }) }
                </ul>
                if *operator {
                    <p class="operator-links">
                        { for organisations.iter().map(|(id, name)| html! {
                            <>
                                <Link<Route> to={Route::OperatorMembers { id: *id }} classes="button button-secondary">
                                    { msg::operator_members_link() }
                                    if organisations.len() > 1 { { " – " }{ name.clone() } }
                                </Link<Route>>
                                <Link<Route> to={Route::OperatorNewVenue { id: *id }} classes="button button-secondary">
                                    { msg::operator_new_venue() }
                                    if organisations.len() > 1 { { " – " }{ name.clone() } }
                                </Link<Route>>
                            </>
                        }) }
                        <Link<Route> to={Route::OperatorAudit} classes="button button-secondary">{ msg::audit_link() }</Link<Route>>
                    </p>
                }
            </section>
        },
    }
}
