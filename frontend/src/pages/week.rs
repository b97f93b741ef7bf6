//! The week schedule of a venue: days × courts, each court's slots laid out
//! on a time axis (free, taken or past — never who booked). Free cells are
//! buttons named in full ("Bana 1, Tuesday 25 November, 18:00–19:00, 150 kr,
//! free") that start the booking like the day view. On a phone only the grid
//! scrolls sideways, with the court names kept in view.

use chrono::{Datelike, Duration, NaiveDate};
use shared::{DaySlots, Slot, SlotStatus};
use yew::prelude::*;

use crate::components::legend::SlotLegend;

use crate::api;
use crate::components::problem::ErrorBox;
use crate::components::skeleton::{LoadingAnnouncement, SkeletonCourts};
use crate::format::{short_date, time_range, weekday_long, weekday_short};
use crate::i18n::msg;
use crate::load::{use_load, Load};

/// Width of one hour on the grid, in CSS pixels.
const HOUR_PX: i64 = 52;
/// The narrowest a slot's cell may be: a 44 px button and 2 px padding each side.
const MIN_SLOT_PX: i64 = 48;

#[derive(Properties, PartialEq)]
pub struct WeekProps {
    pub venue_id: i64,
    /// First day shown (`None`: today at the venue).
    pub from: Option<NaiveDate>,
    /// Today at the venue (no going back before its week).
    pub today: NaiveDate,
    /// A free slot was chosen: (court, local date, slot).
    pub on_pick: Callback<(i64, NaiveDate, Slot)>,
    /// Show the week starting on this date.
    pub on_week: Callback<NaiveDate>,
}

#[function_component(WeekView)]
pub fn week_view(props: &WeekProps) -> Html {
    let (week, retry) = use_load((props.venue_id, props.from), |(id, from)| {
        api::schedule(id, from, 7)
    });
    let first = match &*week {
        Load::Ready(days) => days.first().map(|d| d.date),
        _ => None,
    }
    .or(props.from)
    .unwrap_or(props.today);
    let last = first + Duration::days(6);
    let prev = props
        .on_week
        .reform(move |_: MouseEvent| first - Duration::days(7));
    let next = props
        .on_week
        .reform(move |_: MouseEvent| first + Duration::days(7));

    let body = match &*week {
        Load::Loading => html! {
            <>
                <LoadingAnnouncement text={msg::week_loading()} />
                <SkeletonCourts lines={2} />
            </>
        },
        Load::Failed(problem) => html! { <ErrorBox problem={problem.clone()} on_retry={retry} /> },
        Load::Ready(days) => week_grid(days, &props.on_pick),
    };

    html! {
        <>
            <h2 id="day-heading">{ format!("{} – {}", short_date(first), short_date(last)) }</h2>
            <div class="day-picker week-picker">
                <button type="button" class="button button-secondary day-step" title={msg::week_previous()} onclick={prev}
                    disabled={first <= props.today}>
                    <span aria-hidden="true">{ "‹" }</span><span class="visually-hidden">{ msg::week_previous() }</span>
                </button>
                <span class="week-range" aria-hidden="true">{ msg::week_days() }</span>
                <button type="button" class="button button-secondary day-step" title={msg::week_next()} onclick={next}>
                    <span class="visually-hidden">{ msg::week_next() }</span><span aria-hidden="true">{ "›" }</span>
                </button>
            </div>
            { body }
        </>
    }
}

/// Minutes after local midnight of `HH:MM`.
fn minutes(hm: &str) -> Option<i64> {
    let (h, m) = hm.split_once(':')?;
    Some(h.parse::<i64>().ok()? * 60 + m.parse::<i64>().ok()?)
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}

/// A slot placed on the time axis.
struct Placed<'a> {
    start: i64,
    length: i64,
    slot: &'a Slot,
}

fn place(slot: &Slot) -> Option<Placed<'_>> {
    let start = minutes(&slot.local_start)?;
    let length = (slot.ends_at - slot.starts_at).num_minutes();
    (length > 0).then_some(Placed {
        start,
        length,
        slot,
    })
}

fn week_grid(days: &[DaySlots], on_pick: &Callback<(i64, NaiveDate, Slot)>) -> Html {
    let placed: Vec<Placed> = days
        .iter()
        .flat_map(|d| d.courts.iter().flat_map(|c| c.slots.iter()))
        .filter_map(place)
        .collect();
    if placed.is_empty() {
        return html! { <p class="muted">{ msg::week_no_courts_open() }</p> };
    }
    let free = placed
        .iter()
        .filter(|p| p.slot.status == SlotStatus::Free)
        .count();
    // The axis: from the earliest opening to the latest closing of the week,
    // in units that every slot's start and length are a multiple of.
    let start = placed.iter().map(|p| p.start).min().unwrap_or(0) / 60 * 60;
    let end = placed
        .iter()
        .map(|p| p.start + p.length)
        .max()
        .unwrap_or(24 * 60);
    let end = (end + 59) / 60 * 60;
    let unit = placed
        .iter()
        .fold(60, |g, p| gcd(gcd(g, p.start), p.length))
        .max(5);
    let columns = ((end - start) / unit) as usize;
    // Wide enough that the shortest slot is a 44 px target (plus the cell's
    // padding), WCAG 2.5.5: 30-minute slots make a wider week that scrolls.
    let shortest = placed.iter().map(|p| p.length).min().unwrap_or(60).max(5);
    let hour_px = HOUR_PX.max((MIN_SLOT_PX * 60 + shortest - 1) / shortest);
    let unit_px = (hour_px * unit + 59) / 60;
    let width = 92 + unit_px * columns as i64;

    html! {
        <>
            <p class="day-summary" role="status">
                { msg::week_free_times(i64::try_from(free).unwrap_or(i64::MAX)) }
            </p>
            <SlotLegend />
            <div class="week-scroll" role="region" aria-label={msg::week_schedule_label()} tabindex="0">
                <table class="week-grid" style={format!("width: {width}px")}>
                    <caption class="visually-hidden">{ msg::week_caption() }</caption>
                    <colgroup>
                        <col class="week-col-court" />
                        { for (0..columns).map(|_| html! { <col style={format!("width: {unit_px}px")} /> }) }
                    </colgroup>
                    { for days.iter().map(|day| day_rows(day, start, end, unit, columns, on_pick)) }
                </table>
            </div>
        </>
    }
}

fn day_rows(
    day: &DaySlots,
    start: i64,
    end: i64,
    unit: i64,
    columns: usize,
    on_pick: &Callback<(i64, NaiveDate, Slot)>,
) -> Html {
    // "Tuesday 25 November", and "Tue 25" on screen.
    let long = msg::week_date_long(
        day.date.day(),
        msg::month_long(i64::from(day.date.month())),
        weekday_long(day.date),
    );
    let short = msg::week_date_short(day.date.day(), weekday_short(day.date));
    // The hours along the top of each day.
    let mut hours = Vec::new();
    let mut m = start;
    while m < end {
        let next = ((m / 60) + 1) * 60;
        let span = ((next.min(end) - m) / unit).max(1);
        let label = (m % 60 == 0).then(|| format!("{:02}", m / 60));
        hours.push(html! { <td colspan={span.to_string()} class="week-hour">{ label }</td> });
        m = next;
    }
    let rows = if day.courts.is_empty() {
        html! {
            <tr><th scope="row" class="week-court">{ "—" }</th>
                <td colspan={columns.to_string()} class="week-closed">{ msg::week_closed() }</td></tr>
        }
    } else {
        day.courts
            .iter()
            .map(|court| {
                let mut cells = Vec::new();
                let mut cursor = start;
                let mut slots: Vec<Placed> = court.slots.iter().filter_map(place).collect();
                slots.sort_by_key(|p| p.start);
                for p in slots {
                    if p.start < cursor || p.start + p.length > end {
                        continue;
                    }
                    if p.start > cursor {
                        cells.push(gap(p.start - cursor, unit));
                    }
                    cells.push(slot_cell(
                        &court.court_name,
                        court.court_id,
                        day.date,
                        &long,
                        &p,
                        unit,
                        on_pick,
                    ));
                    cursor = p.start + p.length;
                }
                if cursor < end {
                    cells.push(gap(end - cursor, unit));
                }
                html! {
                    <tr key={court.court_id}>
                        <th scope="row" class="week-court">{ &court.court_name }</th>
                        { for cells }
                    </tr>
                }
            })
            .collect::<Html>()
    };
    html! {
        <tbody key={day.date.to_string()}>
            <tr class="week-day">
                <th scope="rowgroup" class="week-court week-date">
                    <span aria-hidden="true">{ short }</span>
                    <span class="visually-hidden">{ long.clone() }</span>
                </th>
                { for hours }
            </tr>
            { rows }
        </tbody>
    }
}

fn gap(minutes: i64, unit: i64) -> Html {
    html! { <td colspan={(minutes / unit).to_string()} class="week-gap"></td> }
}

fn slot_cell(
    court_name: &str,
    court_id: i64,
    date: NaiveDate,
    long_date: &str,
    p: &Placed,
    unit: i64,
    on_pick: &Callback<(i64, NaiveDate, Slot)>,
) -> Html {
    let slot = p.slot;
    let span = (p.length / unit).to_string();
    let times = time_range(&slot.local_start, &slot.local_end);
    match slot.status {
        SlotStatus::Free => {
            let name = msg::week_slot_free(court_name, long_date, slot.price.display_sv(), &times);
            let s = slot.clone();
            let onclick = on_pick.reform(move |_: MouseEvent| (court_id, date, s.clone()));
            html! {
                <td colspan={span} class="week-cell">
                    <button type="button" class="week-slot week-free" aria-label={name.clone()} title={name} {onclick}></button>
                </td>
            }
        }
        status => {
            let (class, text) = match status {
                SlotStatus::Taken => ("week-slot week-taken", msg::week_slot_taken(&times)),
                SlotStatus::Closed => ("week-slot week-past", msg::week_slot_closed(&times)),
                _ => ("week-slot week-past", msg::week_slot_past(&times)),
            };
            html! {
                <td colspan={span} class="week-cell">
                    <span {class}><span class="visually-hidden">{ text }</span></span>
                </td>
            }
        }
    }
}
