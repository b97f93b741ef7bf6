//! `/venues/:id` — a venue and its day: every court's slots, free ones bookable.

use chrono::{Duration, NaiveDate};
use shared::{Court, CourtSlots, DaySlots, Slot, SlotStatus};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::legend::SlotLegend;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, BookQuery, Route, VenueQuery};
use crate::components::problem::ErrorBox;
use crate::components::skeleton::{LoadingAnnouncement, SkeletonCourts, SkeletonLines};
use crate::format::{capitalise, full_address, long_date, time_range};
use crate::load::{use_load, Load};
use crate::pages::week::WeekView;

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
        _ => "Venue".to_string(),
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
                <LoadingAnnouncement text="Loading venue…" />
                <span class="skeleton skeleton-title" aria-hidden="true"></span>
                <SkeletonLines lines={2} />
            </>
        },
        Load::Failed(problem) => html! {
            <>
                <h1>{ "Venue" }</h1>
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
            <div class="view-toggle view-toggle-venue" role="group" aria-label="Show times by">
                <button type="button" aria-pressed={(!week).to_string()} onclick={to_day}>{ "Day" }</button>
                <button type="button" aria-pressed={week.to_string()} onclick={to_week}>{ "Week" }</button>
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
            <p class="back"><Link<Route> to={Route::Home}>{ "← All venues" }</Link<Route>></p>
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
                <LoadingAnnouncement text="Loading free times…" />
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
                <button type="button" class="button button-secondary day-step" title="Previous day" onclick={prev} disabled={date <= today}>
                    <span aria-hidden="true">{ "‹" }</span><span class="visually-hidden">{ "Previous day" }</span>
                </button>
                <label class="day-input">
                    <span class="visually-hidden">{ "Date" }</span>
                    <input type="date" value={date.format("%Y-%m-%d").to_string()}
                        min={today.format("%Y-%m-%d").to_string()} onchange={on_input} />
                </label>
                <button type="button" class="button button-secondary day-step" title="Next day" onclick={next}>
                    <span class="visually-hidden">{ "Next day" }</span><span aria-hidden="true">{ "›" }</span>
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

#[function_component(DayView)]
fn day_view(props: &DayViewProps) -> Html {
    if props.day.courts.is_empty() {
        return html! { <p class="muted">{ "No courts are open on this day." }</p> };
    }
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
                { match free { 0 => "No free times on this day.".to_string(), 1 => "1 free time".to_string(), n => format!("{n} free times") } }
            </p>
            <SlotLegend />
            { for props.day.courts.iter().map(|cs| {
                let court = props.courts.iter().find(|c| c.id == cs.court_id).cloned();
                html! { <CourtDay key={cs.court_id} slots={cs.clone()} {court} on_pick={props.on_pick.clone()} /> }
            }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CourtDayProps {
    slots: CourtSlots,
    court: Option<Court>,
    on_pick: Callback<(i64, Slot)>,
}

#[function_component(CourtDay)]
fn court_day(props: &CourtDayProps) -> Html {
    let cs = &props.slots;
    let meta = props.court.as_ref().map(|c| {
        let place = if c.indoor { "indoor" } else { "outdoor" };
        format!(
            "{} · {} · {} min",
            capitalise(&c.surface),
            place,
            c.slot_minutes
        )
    });
    let heading_id = format!("court-{}", cs.court_id);
    html! {
        <section class="court" aria-labelledby={heading_id.clone()}>
            <h3 id={heading_id}>{ &cs.court_name }
                if let Some(meta) = meta { <span class="court-meta">{ meta }</span> }
            </h3>
            if cs.slots.is_empty() {
                <p class="muted">{ "Closed on this day." }</p>
            } else {
                <ul class="slot-grid">
                    { for cs.slots.iter().map(|slot| slot_tile(&cs.court_name, cs.court_id, slot, &props.on_pick)) }
                </ul>
            }
        </section>
    }
}

fn slot_tile(
    court_name: &str,
    court_id: i64,
    slot: &Slot,
    on_pick: &Callback<(i64, Slot)>,
) -> Html {
    let times = time_range(&slot.local_start, &slot.local_end);
    let key = slot.starts_at.timestamp();
    // The accessible name is the visible text plus hidden context, e.g.
    // "Bana 1, 18:00–19:00, 150 kr, free", so speech input matches what is seen.
    let hidden = |text: String| html! { <span class="visually-hidden">{ text }</span> };
    let (second, state, class) = match slot.status {
        SlotStatus::Free => (slot.price.display_sv(), ", free", "slot slot-free"),
        SlotStatus::Taken => ("Taken".to_string(), "", "slot slot-taken"),
        SlotStatus::Past => ("Past".to_string(), "", "slot slot-past"),
    };
    let inner = html! {
        <>
            { hidden(format!("{court_name}, ")) }
            <span class="slot-time">{ times }</span>
            { hidden(", ".to_string()) }
            <span class="slot-price">{ second }</span>
            if !state.is_empty() { { hidden(state.to_string()) } }
        </>
    };
    if slot.status == SlotStatus::Free {
        let s = slot.clone();
        let onclick = on_pick.reform(move |_: MouseEvent| (court_id, s.clone()));
        html! { <li {key}><button type="button" {class} {onclick}>{ inner }</button></li> }
    } else {
        html! { <li {key}><span {class}>{ inner }</span></li> }
    }
}
