//! `/operator/organisations/:id/members` — who has which role in the
//! organisation, giving someone a role by e-mail (they are told by mail
//! and sign in with a code), and taking one away. The server keeps the
//! last operator; the page shows its refusal in words.

use shared::operator::{Member, NewMember, Role};
use shared::{Problem, VenueDetail};
use uuid::Uuid;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiResult};
use crate::app::{use_title, Route};
use crate::components::field::{set, Control, Field};
use crate::components::live::Status;
use crate::components::problem::ErrorBox;
use crate::components::skeleton::{LoadingAnnouncement, SkeletonLines};
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::pages::operator::{not_an_operator, OperatorGate};
use crate::session::use_session;

#[derive(Properties, PartialEq)]
pub struct MembersProps {
    pub id: i64,
}

/// The organisation as its operator sees it here.
#[derive(Clone, PartialEq)]
struct Organisation {
    id: i64,
    name: String,
    venues: Vec<VenueDetail>,
    members: Vec<Member>,
}

async fn organisation(id: i64) -> ApiResult<Organisation> {
    let memberships = api::operator_me().await?;
    let Some(mine) = memberships
        .into_iter()
        .find(|m| m.organisation_id == id && m.role == Role::Operator)
    else {
        // Not an operator here: what these pages are, not an error.
        return Err(Problem {
            kind: "/problems/forbidden".into(),
            title: String::new(),
            status: 403,
            detail: None,
            field: None,
        });
    };
    let members = api::members(id).await?;
    let mut venues = Vec::with_capacity(mine.venue_ids.len());
    for venue in &mine.venue_ids {
        venues.push(api::venue(*venue).await?);
    }
    Ok(Organisation {
        id,
        name: mine.organisation,
        venues,
        members,
    })
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Operator => msg::members_role_operator(),
        Role::Staff => msg::members_role_staff(),
        Role::Viewer => msg::members_role_viewer(),
    }
}

#[function_component(MembersPage)]
pub fn members_page(props: &MembersProps) -> Html {
    let (loaded, retry) = use_load(props.id, organisation);
    let name = match &*loaded {
        Load::Ready(o) => o.name.clone(),
        _ => String::new(),
    };
    use_title(if name.is_empty() {
        msg::members_heading().to_string()
    } else {
        msg::members_title(&name)
    });
    let body = match &*loaded {
        Load::Loading => html! {
            <div class="card"><LoadingAnnouncement /><SkeletonLines lines={4} /></div>
        },
        Load::Failed(p) if p.status == 403 || p.status == 404 => not_an_operator(),
        Load::Failed(p) => html! { <ErrorBox problem={p.clone()} on_retry={retry} /> },
        Load::Ready(o) => html! { <Members organisation={o.clone()} /> },
    };
    html! {
        <div class="page page-members">
            <p class="back"><Link<Route> to={Route::Operator}>{ msg::closures_back() }</Link<Route>></p>
            <h1>{ msg::members_heading() }</h1>
            if !name.is_empty() { <p class="lead">{ name.clone() }</p> }
            <OperatorGate>{ body }</OperatorGate>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct OrganisationProps {
    organisation: Organisation,
}

#[function_component(Members)]
fn members(props: &OrganisationProps) -> Html {
    let list = {
        let members = props.organisation.members.clone();
        use_state(move || members)
    };
    let on_given = {
        let list = list.clone();
        Callback::from(move |member: Member| {
            let mut next: Vec<Member> = (*list).clone();
            match next.iter_mut().find(|m| m.account_id == member.account_id) {
                Some(old) => *old = member,
                None => {
                    next.push(member);
                    next.sort_by(|a, b| a.email.cmp(&b.email));
                }
            }
            list.set(next);
        })
    };
    let on_removed = {
        let list = list.clone();
        Callback::from(move |id: Uuid| {
            list.set(
                list.iter()
                    .filter(|m| m.account_id != id)
                    .cloned()
                    .collect(),
            );
        })
    };
    html! {
        <>
            <MemberList organisation={props.organisation.clone()} members={(*list).clone()} {on_removed} />
            <GiveForm organisation={props.organisation.clone()} {on_given} />
            <super::protect::ProtectForm organisation_id={props.organisation.id} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ListProps {
    organisation: Organisation,
    members: Vec<Member>,
    on_removed: Callback<Uuid>,
}

#[function_component(MemberList)]
fn member_list(props: &ListProps) -> Html {
    let session = use_session();
    let me = session.account.as_ref().map(|a| a.id);
    let busy = use_state(|| None::<Uuid>);
    let problem = use_state(|| None::<Problem>);
    let announced = use_state(|| None::<String>);
    let venue_names = |ids: &[i64]| {
        ids.iter()
            .filter_map(|id| {
                props
                    .organisation
                    .venues
                    .iter()
                    .find(|v| v.summary.id == *id)
            })
            .map(|v| v.summary.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let organisation_id = props.organisation.id;
    html! {
        <section class="card" aria-labelledby="members-heading">
            <h2 id="members-heading">{ msg::members_list_heading() }</h2>
            <p class="hint">{ msg::members_explain() }</p>
            <ul class="member-list">
                { for props.members.iter().map(|m| {
                    let role = if m.role == Role::Staff {
                        msg::members_staff_at(venue_names(&m.venue_ids))
                    } else {
                        role_label(m.role).to_string()
                    };
                    let onclick = {
                        let (busy, problem, announced, on_removed) =
                            (busy.clone(), problem.clone(), announced.clone(), props.on_removed.clone());
                        let (id, email) = (m.account_id, who(m));
                        Callback::from(move |_: MouseEvent| {
                            if busy.is_some() {
                                return;
                            }
                            busy.set(Some(id));
                            problem.set(None);
                            announced.set(None);
                            let (busy, problem, announced, on_removed, email) =
                                (busy.clone(), problem.clone(), announced.clone(), on_removed.clone(), email.clone());
                            spawn_local(async move {
                                match api::remove_member(organisation_id, id).await {
                                    Ok(()) => {
                                        announced.set(Some(msg::members_removed(&email)));
                                        on_removed.emit(id);
                                    }
                                    Err(p) => problem.set(Some(p)),
                                }
                                busy.set(None);
                            });
                        })
                    };
                    let working = *busy == Some(m.account_id);
                    html! {
                        <li key={m.account_id.to_string()} class="member-item">
                            <p class="member-who">
                                <strong>{ who(m) }</strong>
                                if me == Some(m.account_id) { { " " }{ msg::members_you() } }
                            </p>
                            if let Some(name) = &m.name { <p>{ name.clone() }</p> }
                            <p>{ role }</p>
                            <button type="button" class="button button-secondary" {onclick}
                                aria-label={msg::members_remove_label(&who(m))}
                                aria-disabled={working.then_some("true")} aria-busy={working.then_some("true")}>
                                { msg::members_remove() }
                            </button>
                        </li>
                    }
                }) }
            </ul>
            <Status text={(*announced).clone().map(AttrValue::from)} class="notice" />
            if let Some(p) = &*problem { <ErrorBox problem={p.clone()} /> }
        </section>
    }
}

/// Who a member is to the operator: their address, or a protected
/// person's alias (as the desk shows them).
fn who(m: &shared::operator::Member) -> String {
    match &m.protected_alias {
        Some(alias) => msg::desk_protected(alias),
        None => m.email.clone(),
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    organisation: Organisation,
    on_given: Callback<Member>,
}

#[function_component(GiveForm)]
fn give_form(props: &FormProps) -> Html {
    let email = use_state(String::new);
    let role = use_state(|| Role::Staff.as_str().to_string());
    let venues = use_state(Vec::<i64>::new);
    let errors = use_state(Vec::<(&'static str, String)>::new);
    let problem = use_state(|| None::<Problem>);
    let busy = use_state(|| false);
    let done = use_state(|| None::<String>);
    let email_ref = use_node_ref();

    let onsubmit = {
        let (email, role, venues, errors, problem, busy, done) = (
            email.clone(),
            role.clone(),
            venues.clone(),
            errors.clone(),
            problem.clone(),
            busy.clone(),
            done.clone(),
        );
        let (organisation_id, on_given, email_ref) = (
            props.organisation.id,
            props.on_given.clone(),
            email_ref.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            done.set(None);
            problem.set(None);
            let role_now = Role::parse(&role).unwrap_or(Role::Viewer);
            let mut found = Vec::new();
            if let Err(invalid) = shared::validate::Email::parse(&email) {
                found.push(("email", crate::problem_text::invalid(&invalid)));
            }
            if role_now == Role::Staff && venues.is_empty() {
                found.push(("venue_ids", msg::members_error_venues().to_string()));
            }
            if !found.is_empty() {
                if found[0].0 == "email" {
                    if let Some(el) = email_ref.cast::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
                errors.set(found);
                return;
            }
            errors.set(Vec::new());
            let body = NewMember {
                email: email.trim().to_string(),
                role: role_now,
                venue_ids: if role_now == Role::Staff {
                    (*venues).clone()
                } else {
                    Vec::new()
                },
            };
            busy.set(true);
            let (email, venues, errors, problem, busy, done, on_given) = (
                email.clone(),
                venues.clone(),
                errors.clone(),
                problem.clone(),
                busy.clone(),
                done.clone(),
                on_given.clone(),
            );
            spawn_local(async move {
                match api::give_role(organisation_id, &body).await {
                    Ok(member) => {
                        done.set(Some(msg::members_given(&member.email)));
                        on_given.emit(member);
                        email.set(String::new());
                        venues.set(Vec::new());
                    }
                    Err(p) if p.status == 422 => {
                        let field = match p.field.as_deref() {
                            Some("venue_ids") => "venue_ids",
                            _ => "email",
                        };
                        let text = if field == "venue_ids" {
                            msg::members_error_venues().to_string()
                        } else {
                            p.message().to_string()
                        };
                        errors.set(vec![(field, text)]);
                    }
                    Err(p) => problem.set(Some(p)),
                }
                busy.set(false);
            });
        })
    };
    let error_of = |field: &str| {
        errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| AttrValue::from(m.clone()))
    };
    let roles: Vec<(AttrValue, AttrValue)> = vec![
        ("staff".into(), msg::members_role_staff_choice().into()),
        ("viewer".into(), msg::members_role_viewer_choice().into()),
        (
            "operator".into(),
            msg::members_role_operator_choice().into(),
        ),
    ];
    let venue_error = error_of("venue_ids");
    html! {
        <section class="card" aria-labelledby="give-heading">
            <h2 id="give-heading">{ msg::members_give_heading() }</h2>
            <p class="hint">{ msg::members_give_explain() }</p>
            <form class="closure-form" {onsubmit} novalidate=true>
                <Field id="member-email" label={msg::members_email()} control={Control::text("email", "off")}
                    value={(*email).clone()} on_change={set(&email)} error={error_of("email")}
                    node={email_ref.clone()} required=true />
                <Field id="member-role" label={msg::members_role()} control={Control::Choice(roles)}
                    value={(*role).clone()} on_change={set(&role)} />
                if *role == "staff" {
                    <fieldset class={classes!("checks", venue_error.is_some().then_some("field-invalid"))}
                        aria-describedby={venue_error.as_ref().map(|_| "member-venues-error")}>
                        <legend>{ msg::members_venues() }</legend>
                        { for props.organisation.venues.iter().map(|v| {
                            let id = v.summary.id;
                            let checked = venues.contains(&id);
                            let onchange = {
                                let venues = venues.clone();
                                Callback::from(move |e: Event| {
                                    let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                                    let mut next: Vec<i64> = venues.iter().copied().filter(|v| *v != id).collect();
                                    if on {
                                        next.push(id);
                                    }
                                    venues.set(next);
                                })
                            };
                            html! {
                                <label class="check" key={id}>
                                    <input type="checkbox" value={id.to_string()} {checked} {onchange} />
                                    <span>{ v.summary.name.clone() }</span>
                                </label>
                            }
                        }) }
                        if let Some(message) = &venue_error {
                            <p class="field-error" id="member-venues-error">{ message.clone() }</p>
                        }
                    </fieldset>
                }
                <button type="submit" class="button button-primary" aria-disabled={busy.then_some("true")}
                    aria-busy={busy.then_some("true")}>
                    { if *busy { msg::members_giving() } else { msg::members_give() } }
                </button>
            </form>
            <Status text={(*done).clone().map(AttrValue::from)} class="notice" />
            if let Some(p) = &*problem { <ErrorBox problem={p.clone()} /> }
        </section>
    }
}
