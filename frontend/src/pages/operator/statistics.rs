//! `/operator/venues/:id/statistics` — what a venue's courts did over a
//! period: the totals, utilisation by hour and by weekday as charts (each
//! with its table), the figures per court and per customer category, and
//! the same as a CSV download. Viewers, staff and operators; no names.

use chrono::{Duration, NaiveDate};
use shared::operator::{Figures, Slice, VenueStatistics};
use shared::{Money, VenueDetail};
use yew::prelude::*;

use crate::api;
use crate::components::chart::{Bar, BarChart};
use crate::components::field::{set, Control, Field};
use crate::components::problem::ErrorBox;
use crate::components::skeleton::SkeletonLines;
use crate::i18n::{language, msg};
use crate::load::{use_load, Load};
use crate::pages::operator::{not_an_operator, VenuePage};

#[derive(Properties, PartialEq)]
pub struct StatisticsProps {
    pub id: i64,
}

#[function_component(StatisticsPage)]
pub fn statistics_page(props: &StatisticsProps) -> Html {
    html! {
        <VenuePage id={props.id} heading={msg::stats_heading()} class="page page-statistics"
            title={Callback::from(|name: String| msg::stats_title(&name))}
            body={Callback::from(|venue: VenueDetail| html! { <Period {venue} /> })} />
    }
}

#[derive(Properties, PartialEq)]
struct VenueProps {
    venue: VenueDetail,
}

#[derive(Clone, Debug, PartialEq)]
struct Ask {
    venue_id: i64,
    from: NaiveDate,
    to: NaiveDate,
}

#[function_component(Period)]
fn period(props: &VenueProps) -> Html {
    let today = crate::zone::local(&props.venue.timezone, chrono::Utc::now())
        .map(|now| now.date())
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let first = today - Duration::days(29);
    let from = use_state(|| first.format("%Y-%m-%d").to_string());
    let to = use_state(|| today.format("%Y-%m-%d").to_string());
    let venue_id = props.venue.summary.id;
    let ask = use_state(|| Ask {
        venue_id,
        from: first,
        to: today,
    });
    let error = use_state(|| None::<AttrValue>);
    let onsubmit = {
        let (from, to, ask, error) = (from.clone(), to.clone(), ask.clone(), error.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let parse = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok();
            match (parse(&from), parse(&to)) {
                (Some(f), Some(t)) if f <= t => {
                    error.set(None);
                    ask.set(Ask {
                        venue_id,
                        from: f,
                        to: t,
                    });
                }
                _ => error.set(Some(AttrValue::from(msg::stats_error_period()))),
            }
        })
    };
    html! {
        <>
            <form class="card desk-filter" {onsubmit} aria-label={msg::stats_period_label()}>
                <div class="field-pair">
                    <Field id="stats-from" label={msg::stats_from()} control={Control::text("date", "off")}
                        value={(*from).clone()} on_change={set(&from)} error={(*error).clone()} />
                    <Field id="stats-to" label={msg::stats_to()} control={Control::text("date", "off")}
                        value={(*to).clone()} on_change={set(&to)} />
                </div>
                <button type="submit" class="button button-primary">{ msg::stats_show() }</button>
            </form>
            <Numbers ask={(*ask).clone()} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct FiguresProps {
    ask: Ask,
}

fn hours(h: f64) -> String {
    let text = format!("{h:.1}");
    text.trim_end_matches(".0").replace('.', ",")
}

fn percent(p: f64) -> String {
    format!("{} %", format!("{p:.1}").replace('.', ","))
}

fn kr(minor: i64) -> String {
    Money::sek(minor).display_sv()
}

/// The head of a table of figures, with `first` as the first column.
fn head(first: &str) -> Html {
    html! {
        <thead><tr>
            <th scope="col">{ first.to_string() }</th>
            <th scope="col">{ msg::stats_open() }</th>
            <th scope="col">{ msg::stats_booked() }</th>
            <th scope="col">{ msg::stats_used() }</th>
            <th scope="col">{ msg::stats_utilisation() }</th>
            <th scope="col">{ msg::stats_bookings() }</th>
            <th scope="col">{ msg::stats_no_shows() }</th>
            <th scope="col">{ msg::stats_cancellations() }</th>
            <th scope="col">{ msg::stats_revenue() }</th>
        </tr></thead>
    }
}

fn row(label: &str, f: &Figures) -> Html {
    html! {
        <tr>
            <th scope="row">{ label.to_string() }</th>
            <td>{ hours(f.open_hours) }</td>
            <td>{ hours(f.booked_hours) }</td>
            <td>{ hours(f.used_hours) }</td>
            <td>{ percent(f.utilisation_percent) }</td>
            <td>{ f.bookings }</td>
            <td>{ f.no_shows }</td>
            <td>{ f.cancellations }</td>
            <td>{ kr(f.revenue_minor) }</td>
        </tr>
    }
}

fn table(id: &str, caption: String, first: &str, slices: &[Slice]) -> Html {
    html! {
        <div class="table-scroll" role="region" aria-labelledby={format!("{id}-caption")} tabindex="0">
            <table class="stats-table">
                <caption id={format!("{id}-caption")}>{ caption }</caption>
                { head(first) }
                <tbody>{ for slices.iter().map(|s| row(&s.label, &s.figures)) }</tbody>
            </table>
        </div>
    }
}

#[function_component(Numbers)]
fn figures(props: &FiguresProps) -> Html {
    let lang = language().code();
    let (loaded, retry) = use_load(props.ask.clone(), move |ask: Ask| async move {
        api::statistics(ask.venue_id, ask.from, ask.to, lang).await
    });
    let stats: &VenueStatistics = match &*loaded {
        Load::Loading => return html! { <div class="card"><SkeletonLines lines={6} /></div> },
        Load::Failed(p) if p.status == 403 || p.status == 404 => return not_an_operator(),
        Load::Failed(p) => return html! { <ErrorBox problem={p.clone()} on_retry={retry} /> },
        Load::Ready(stats) => stats,
    };
    let t = &stats.totals;
    let csv = api::statistics_csv_url(props.ask.venue_id, props.ask.from, props.ask.to, lang);
    let by_hour: Vec<Bar> = stats
        .by_hour
        .iter()
        .map(|s| Bar {
            label: AttrValue::from(s.key.clone()),
            percent: s.figures.utilisation_percent,
        })
        .collect();
    let by_weekday: Vec<Bar> = stats
        .by_weekday
        .iter()
        .map(|s| Bar {
            label: AttrValue::from(s.label.chars().take(3).collect::<String>()),
            percent: s.figures.utilisation_percent,
        })
        .collect();
    html! {
        <>
            <section class="card" aria-labelledby="stats-totals">
                <h2 id="stats-totals">{ msg::stats_totals(crate::format::short_date(stats.from), crate::format::short_date(stats.to)) }</h2>
                <dl class="stats-totals">
                    <div><dt>{ msg::stats_utilisation() }</dt><dd>{ percent(t.utilisation_percent) }</dd></div>
                    <div><dt>{ msg::stats_open() }</dt><dd>{ hours(t.open_hours) }</dd></div>
                    <div><dt>{ msg::stats_booked() }</dt><dd>{ hours(t.booked_hours) }</dd></div>
                    <div><dt>{ msg::stats_used() }</dt><dd>{ hours(t.used_hours) }</dd></div>
                    <div><dt>{ msg::stats_bookings() }</dt><dd>{ t.bookings }</dd></div>
                    <div><dt>{ msg::stats_no_shows() }</dt><dd>{ t.no_shows }</dd></div>
                    <div><dt>{ msg::stats_cancellations() }</dt><dd>{ t.cancellations }</dd></div>
                    <div><dt>{ msg::stats_revenue() }</dt><dd>{ kr(t.revenue_minor) }</dd></div>
                    <div><dt>{ msg::stats_refunds() }</dt><dd>{ kr(t.refunds_minor) }</dd></div>
                </dl>
                <p><a class="button button-secondary" href={csv} download="">{ msg::stats_csv() }</a></p>
            </section>
            <section class="card" aria-labelledby="stats-when">
                <h2 id="stats-when">{ msg::stats_when_heading() }</h2>
                <BarChart id="stats-hour" title={msg::stats_by_hour()} bars={by_hour}>
                    { table("stats-hour-table", msg::stats_by_hour_table().to_string(), msg::stats_hour(), &stats.by_hour) }
                </BarChart>
                <BarChart id="stats-weekday" title={msg::stats_by_weekday()} bars={by_weekday}>
                    { table("stats-weekday-table", msg::stats_by_weekday_table().to_string(), msg::stats_weekday(), &stats.by_weekday) }
                </BarChart>
            </section>
            <section class="card" aria-labelledby="stats-courts">
                <h2 id="stats-courts">{ msg::stats_courts_heading() }</h2>
                { table("stats-court-table", msg::stats_by_court().to_string(), msg::stats_court(), &stats.by_court) }
                { table("stats-category-table", msg::stats_by_category().to_string(), msg::stats_category(), &stats.by_category) }
            </section>
        </>
    }
}
