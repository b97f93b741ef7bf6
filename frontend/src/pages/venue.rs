//! `/venues/:id` — a venue and its day: every court's slots, free ones bookable.

use std::collections::HashSet;
use std::rc::Rc;

use chrono::{Duration, NaiveDate};
use shared::watch::Watch;
use shared::{Court, CourtSlots, DaySlots, Slot, SlotStatus};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::legend::SlotLegend;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, BookQuery, Route, VenueQuery};
use crate::components::problem::ErrorBox;
use crate::components::skeleton::{LoadingAnnouncement, SkeletonCourts, SkeletonLines};
use crate::components::watch::{covers, watch_for, WatchAsk, WatchNotice, WatchNoticeBox};
use crate::format::{full_address, long_date, surface_label, time_range};
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::pages::week::WeekView;
use crate::push;

#[derive(Properties, PartialEq)]
pub struct VenueProps {
    pub id: i64,
}

#[function_component(VenuePage)]
pub fn venue_page(props: &VenueProps) -> Html {
    let id = props.id;
    let navigator = use_navigator();
    let query = use_location()
        .and_then(|l| l.query::<VenueQuery>().ok())
        .unwrap_or_default();
    let week = query.is_week();
    let date = query.date;

    let (venue, retry_venue) = use_load(id, api::venue);
    // Today at the venue: the day the server shows when no date is asked for.
    let (today, _) = use_load(id, |id| async move {
        api::slots(id, None).await.map(|d| d.date)
    });
    let today = match &*today {
        Load::Ready(d) => *d,
        _ => chrono::Local::now().date_naive(),
    };

    let title = match &*venue {
        Load::Ready(v) => v.summary.name.clone(),
        _ => msg::venue_title().to_string(),
    };
    use_title(title);

    let go_to = {
        let navigator = navigator.clone();
        Callback::from(move |q: VenueQuery| {
            if let Some(nav) = &navigator {
                let _ = nav.replace_with_query(&Route::Venue { id }, &q);
            }
        })
    };
    let go_to_date = go_to.reform(VenueQuery::day);
    let go_to_week = go_to.reform(|from: NaiveDate| VenueQuery {
        view: Some("week".into()),
        from: Some(from),
        ..Default::default()
    });
    let on_pick = {
        let navigator = navigator.clone();
        Callback::from(move |(court, date, slot): (i64, NaiveDate, Slot)| {
            if let Some(nav) = &navigator {
                let query = BookQuery {
                    venue: id,
                    court,
                    date,
                    start: slot.starts_at,
                };
                let _ = nav.push_with_query(&Route::Book, &query);
            }
        })
    };

    let header = match &*venue {
        Load::Loading => html! {
            <>
                <LoadingAnnouncement text={msg::venue_loading()} />
                <span class="skeleton skeleton-title" aria-hidden="true"></span>
                <SkeletonLines lines={2} />
            </>
        },
        Load::Failed(problem) => html! {
            <>
                <h1>{ msg::venue_title() }</h1>
                <ErrorBox problem={problem.clone()} on_retry={retry_venue} />
            </>
        },
        Load::Ready(v) => html! {
            <>
                <h1>{ &v.summary.name }</h1>
                <p class="venue-address">{ full_address(&v.summary) }</p>
                if !v.description.is_empty() {
                    <p class="muted">{ &v.description }</p>
                }
                if !v.photos.is_empty() {
                    // Their sizes keep their place while they load; a
                    // narrow screen scrolls them sideways.
                    <ul class="venue-photos" aria-label={msg::venue_photos()}>
                        { for v.photos.iter().map(|p| html! {
                            <li key={p.id.to_string()}>
                                <img src={p.url.clone()} alt={p.alt.clone()} loading="lazy" decoding="async"
                                    width={p.width.to_string()} height={p.height.to_string()} />
                            </li>
                        }) }
                    </ul>
                }
            </>
        },
    };

    let courts: Vec<Court> = match &*venue {
        Load::Ready(v) => v.courts.clone(),
        _ => Vec::new(),
    };

    // Day | Week: the week keeps the week of the day shown, and back.
    let toggle = {
        let to_day = go_to.reform({
            let from = query.from;
            move |_: MouseEvent| VenueQuery {
                date: from,
                ..Default::default()
            }
        });
        let to_week = go_to.reform({
            let date = query.date;
            move |_: MouseEvent| VenueQuery {
                view: Some("week".into()),
                from: date,
                ..Default::default()
            }
        });
        html! {
            <div class="view-toggle view-toggle-venue" role="group" aria-label={msg::venue_show_by()}>
                <button type="button" aria-pressed={(!week).to_string()} onclick={to_day}>{ msg::venue_day() }</button>
                <button type="button" aria-pressed={week.to_string()} onclick={to_week}>{ msg::venue_week() }</button>
            </div>
        }
    };

    let body = if week {
        html! { <WeekView venue_id={id} from={query.from} {today} on_pick={on_pick.clone()} on_week={go_to_week} /> }
    } else {
        html! { <DayBody {id} {date} {today} {courts} on_pick={on_pick.clone()} on_date={go_to_date} /> }
    };

    html! {
        <div class="page page-venue">
            <p class="back"><Link<Route> to={Route::Home}>{ msg::venue_back() }</Link<Route>></p>
            { header }
            { toggle }
            <section aria-labelledby="day-heading">
                { body }
            </section>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DayBodyProps {
    id: i64,
    date: Option<NaiveDate>,
    today: NaiveDate,
    courts: Vec<Court>,
    on_pick: Callback<(i64, NaiveDate, Slot)>,
    on_date: Callback<NaiveDate>,
}

/// The day view: the date picker and every court's slots.
#[function_component(DayBody)]
fn day_body(props: &DayBodyProps) -> Html {
    let (day, retry_day) = use_load((props.id, props.date), |(id, date)| api::slots(id, date));
    match &*day {
        Load::Loading => html! {
            <>
                <LoadingAnnouncement text={msg::venue_loading_times()} />
                <SkeletonCourts lines={2} />
            </>
        },
        Load::Failed(problem) => {
            html! { <ErrorBox problem={problem.clone()} on_retry={retry_day} /> }
        }
        Load::Ready(day) => {
            let date = day.date;
            let on_pick = props
                .on_pick
                .reform(move |(court, slot): (i64, Slot)| (court, date, slot));
            html! {
                <>
                    <DayPicker date={day.date} today={props.today} on_change={props.on_date.clone()} />
                    <DayView day={day.clone()} courts={props.courts.clone()} {on_pick} />
                </>
            }
        }
    }
}

#[derive(Properties, PartialEq)]
struct DayPickerProps {
    date: NaiveDate,
    /// Today at the venue: no going back before it.
    today: NaiveDate,
    on_change: Callback<NaiveDate>,
}

/// Previous day / date input / next day.
#[function_component(DayPicker)]
fn day_picker(props: &DayPickerProps) -> Html {
    let date = props.date;
    let prev = props
        .on_change
        .reform(move |_: MouseEvent| date - Duration::days(1));
    let next = props
        .on_change
        .reform(move |_: MouseEvent| date + Duration::days(1));
    let on_input = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(d) = NaiveDate::parse_from_str(&input.value(), "%Y-%m-%d") {
                on_change.emit(d);
            }
        })
    };
    let today = props.today;
    html! {
        <>
            <h2 id="day-heading">{ long_date(date) }</h2>
            <div class="day-picker">
                <button type="button" class="button button-secondary day-step" title={msg::venue_previous_day()} onclick={prev} disabled={date <= today}>
                    <span aria-hidden="true">{ "‹" }</span><span class="visually-hidden">{ msg::venue_previous_day() }</span>
                </button>
                <label class="day-input">
                    <span class="visually-hidden">{ msg::venue_date() }</span>
                    <input type="date" value={date.format("%Y-%m-%d").to_string()}
                        min={today.format("%Y-%m-%d").to_string()} onchange={on_input} />
                </label>
                <button type="button" class="button button-secondary day-step" title={msg::venue_next_day()} onclick={next}>
                    <span class="visually-hidden">{ msg::venue_next_day() }</span><span aria-hidden="true">{ "›" }</span>
                </button>
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct DayViewProps {
    day: DaySlots,
    courts: Vec<Court>,
    on_pick: Callback<(i64, Slot)>,
}

/// Watches asked for on this page: which taken slots say "Watching", and
/// the latest word about one (shown under its court).
#[derive(Clone, Debug, Default, PartialEq)]
struct WatchState {
    /// `(court_id, starts_at)` of slots watched from this page.
    watching: HashSet<(i64, i64)>,
    notice: Option<(i64, WatchNotice)>,
}

enum WatchAction {
    /// Optimistic: the tile says "Watching" at once.
    Start(i64, i64),
    Made(i64, WatchNotice),
    Failed(i64, i64, WatchNotice),
    Clear,
}

impl Reducible for WatchState {
    type Action = WatchAction;
    fn reduce(self: Rc<Self>, action: WatchAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            WatchAction::Start(court, at) => {
                next.watching.insert((court, at));
                next.notice = None;
            }
            WatchAction::Made(court, notice) => next.notice = Some((court, notice)),
            WatchAction::Failed(court, at, notice) => {
                next.watching.remove(&(court, at));
                next.notice = Some((court, notice));
            }
            WatchAction::Clear => next.notice = None,
        }
        Rc::new(next)
    }
}

#[function_component(DayView)]
fn day_view(props: &DayViewProps) -> Html {
    let session = crate::session::use_session();
    let navigator = use_navigator();
    let signed_in = session.account.is_some();
    let date = props.day.date;
    let asking = use_state(|| None::<(i64, Slot)>);
    let state = use_reducer(WatchState::default);
    // The person's watches, so a slot already watched says so.
    let (mine, _) = use_load(signed_in, |signed_in| async move {
        if signed_in {
            api::watches().await
        } else {
            Ok(Vec::new())
        }
    });
    let mine: Vec<Watch> = match &*mine {
        Load::Ready(w) => w.clone(),
        _ => Vec::new(),
    };

    if props.day.courts.is_empty() {
        return html! { <p class="muted">{ msg::venue_no_courts_open() }</p> };
    }

    let on_watch = {
        let (asking, state) = (asking.clone(), state.clone());
        Callback::from(move |(court, slot, watched): (i64, Slot, bool)| {
            let Some(nav) = &navigator else { return };
            if watched {
                nav.push(&Route::Watches);
            } else if !signed_in {
                // Sign in first; signing in comes back to this day.
                let _ = nav.push_with_query(
                    &Route::SignIn,
                    &crate::pages::signin::SignInQuery { back: Some(1) },
                );
            } else {
                state.dispatch(WatchAction::Clear);
                asking.set(Some((court, slot)));
            }
        })
    };
    let on_cancel = {
        let asking = asking.clone();
        Callback::from(move |()| asking.set(None))
    };
    let on_confirm = {
        let (asking, state) = (asking.clone(), state.clone());
        Callback::from(move |()| {
            let Some((court, slot)) = (*asking).clone() else {
                return;
            };
            asking.set(None);
            let at = slot.starts_at.timestamp();
            state.dispatch(WatchAction::Start(court, at));
            let state = state.clone();
            spawn_local(async move {
                // Permission first, while the tap still counts as the person's.
                let permission = push::ask_permission().await;
                let times = time_range(&slot.local_start, &slot.local_end);
                match api::create_watch(&watch_for(court, date, &slot)).await {
                    Err(problem) => state.dispatch(WatchAction::Failed(
                        court,
                        at,
                        WatchNotice::Failed(msg::venue_watch_failed(problem.message(), &times)),
                    )),
                    Ok(_) => {
                        let pushed = match permission {
                            Ok(()) => push::subscribe().await,
                            Err(why) => Err(why),
                        };
                        state.dispatch(WatchAction::Made(
                            court,
                            match pushed {
                                Ok(()) => WatchNotice::Made(msg::venue_watching_notify(&times)),
                                Err(why) => {
                                    WatchNotice::MadeNoPush(msg::venue_watching(&times), why)
                                }
                            },
                        ));
                    }
                }
            });
        })
    };

    let free = props
        .day
        .courts
        .iter()
        .flat_map(|c| &c.slots)
        .filter(|s| s.status == SlotStatus::Free)
        .count();
    html! {
        <>
            <p class="day-summary" role="status">
                { msg::venue_free_times(i64::try_from(free).unwrap_or(i64::MAX)) }
            </p>
            <SlotLegend />
            { for props.day.courts.iter().map(|cs| {
                let court = props.courts.iter().find(|c| c.id == cs.court_id).cloned();
                let court_id = cs.court_id;
                let watching: Vec<i64> = cs.slots.iter()
                    .filter(|s| s.status == SlotStatus::Taken)
                    .filter(|s| state.watching.contains(&(court_id, s.starts_at.timestamp()))
                        || mine.iter().any(|w| covers(w, court_id, date, s)))
                    .map(|s| s.starts_at.timestamp())
                    .collect();
                let asking = asking.as_ref().filter(|(c, _)| *c == court_id).map(|(_, s)| s.clone());
                let notice = state.notice.as_ref().filter(|(c, _)| *c == court_id).map(|(_, n)| n.clone());
                html! {
                    <CourtDay key={court_id} slots={cs.clone()} {court} {date} on_pick={props.on_pick.clone()}
                        {watching} {asking} {notice} on_watch={on_watch.clone()}
                        on_confirm={on_confirm.clone()} on_cancel={on_cancel.clone()} />
                }
            }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CourtDayProps {
    slots: CourtSlots,
    court: Option<Court>,
    date: NaiveDate,
    on_pick: Callback<(i64, Slot)>,
    /// `starts_at` (unix) of the taken slots watched.
    watching: Vec<i64>,
    /// The taken slot whose watch is being asked about.
    asking: Option<Slot>,
    notice: Option<WatchNotice>,
    /// A taken slot tapped: (court, slot, already watched).
    on_watch: Callback<(i64, Slot, bool)>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
}

#[function_component(CourtDay)]
fn court_day(props: &CourtDayProps) -> Html {
    let cs = &props.slots;
    let meta = props.court.as_ref().map(|c| {
        let place = if c.indoor {
            msg::venue_court_indoor()
        } else {
            msg::venue_court_outdoor()
        };
        let meta = msg::venue_court_meta(c.slot_minutes, place, surface_label(&c.surface));
        if c.lights {
            format!("{meta} · {}", msg::venue_court_lights())
        } else {
            meta
        }
    });
    let heading_id = format!("court-{}", cs.court_id);
    html! {
        <section class="court" aria-labelledby={heading_id.clone()}>
            <h3 id={heading_id}>{ &cs.court_name }
                if let Some(meta) = meta { <span class="court-meta">{ meta }</span> }
            </h3>
            if cs.slots.is_empty() {
                <p class="muted">{ msg::venue_closed() }</p>
            } else {
                <ul class="slot-grid">
                    { for cs.slots.iter().map(|slot| {
                        let watched = props.watching.contains(&slot.starts_at.timestamp());
                        slot_tile(&cs.court_name, cs.court_id, slot, watched, &props.on_pick, &props.on_watch)
                    }) }
                </ul>
            }
            if let Some(slot) = &props.asking {
                <WatchAsk court_name={cs.court_name.clone()} date={props.date} slot={slot.clone()}
                    on_confirm={props.on_confirm.clone()} on_cancel={props.on_cancel.clone()} />
            }
            if let Some(notice) = &props.notice {
                <WatchNoticeBox notice={notice.clone()} />
            }
        </section>
    }
}

fn slot_tile(
    court_name: &str,
    court_id: i64,
    slot: &Slot,
    watched: bool,
    on_pick: &Callback<(i64, Slot)>,
    on_watch: &Callback<(i64, Slot, bool)>,
) -> Html {
    let times = time_range(&slot.local_start, &slot.local_end);
    let key = slot.starts_at.timestamp();
    // The accessible name is the visible text plus hidden context, e.g.
    // "Bana 1, 18:00–19:00, 150 kr, free", so speech input matches what is seen.
    let hidden = |text: String| html! { <span class="visually-hidden">{ text }</span> };
    let (second, state, class) = match slot.status {
        SlotStatus::Free => (
            slot.price.display_sv(),
            format!(", {}", msg::venue_slot_free()),
            "slot slot-free",
        ),
        SlotStatus::Taken if watched => (
            msg::venue_slot_taken().to_string(),
            String::new(),
            "slot slot-taken slot-watched",
        ),
        SlotStatus::Taken => (
            msg::venue_slot_taken().to_string(),
            String::new(),
            "slot slot-taken slot-watchable",
        ),
        SlotStatus::Past => (
            msg::venue_slot_past().to_string(),
            String::new(),
            "slot slot-past",
        ),
        SlotStatus::Closed => (
            msg::venue_slot_closed().to_string(),
            String::new(),
            "slot slot-past slot-closed",
        ),
    };
    // A taken slot is a button: "tell me if this frees".
    let watch = match slot.status {
        SlotStatus::Taken if watched => html! {
            <>{ hidden(", ".to_string()) }<span class="slot-watch">{ bell() }{ msg::venue_slot_watching() }</span></>
        },
        SlotStatus::Taken => html! {
            <>{ hidden(", ".to_string()) }<span class="slot-watch">{ bell() }{ msg::venue_slot_watch() }</span></>
        },
        _ => html! {},
    };
    let inner = html! {
        <>
            { hidden(format!("{court_name}, ")) }
            <span class="slot-time">{ times }</span>
            { hidden(", ".to_string()) }
            <span class="slot-price">{ second }</span>
            if !state.is_empty() { { hidden(state) } }
            { watch }
        </>
    };
    match slot.status {
        SlotStatus::Free => {
            let s = slot.clone();
            let onclick = on_pick.reform(move |_: MouseEvent| (court_id, s.clone()));
            html! { <li {key}><button type="button" {class} {onclick}>{ inner }</button></li> }
        }
        SlotStatus::Taken => {
            let s = slot.clone();
            let onclick = on_watch.reform(move |_: MouseEvent| (court_id, s.clone(), watched));
            html! { <li {key}><button type="button" {class} {onclick}>{ inner }</button></li> }
        }
        SlotStatus::Past | SlotStatus::Closed => {
            html! { <li {key}><span {class}>{ inner }</span></li> }
        }
    }
}

fn bell() -> Html {
    html! {
        <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" focusable="false">
            <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z" fill="currentColor"/>
        </svg>
    }
}
