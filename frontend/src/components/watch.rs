//! "Tell me if this frees": watching a taken slot from the venue's day.
//! Tapping a taken slot opens [`WatchAsk`], which says what will happen;
//! only its confirm asks the browser for notification permission, then the
//! watch is made (and this device's push subscription given to the server).

use chrono::{Datelike, NaiveDate};
use shared::watch::{NewWatch, Watch, WatchScope};
use shared::Slot;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::format::{long_date, time_range};
use crate::i18n::msg;

/// The watch one taken slot asks for: this court, this weekday, exactly this
/// time on this one date.
pub fn watch_for(court_id: i64, date: NaiveDate, slot: &Slot) -> NewWatch {
    let minutes = (slot.ends_at - slot.starts_at).num_minutes().max(1);
    NewWatch {
        scope: WatchScope::Court { court_id },
        weekdays: vec![date.weekday().number_from_monday() as u8],
        time_from: Some(slot.local_start.clone()),
        time_to: Some(slot.local_end.clone()),
        min_minutes: Some(minutes as u32),
        from_date: Some(date),
        to_date: Some(date),
    }
}

/// Does an active watch already cover this slot (so the tile says "Watching")?
pub fn covers(watch: &Watch, court_id: i64, date: NaiveDate, slot: &Slot) -> bool {
    let court = matches!(watch.scope, WatchScope::Court { court_id: c } if c == court_id);
    let weekday = date.weekday().number_from_monday() as u8;
    // "HH:MM" strings compare in time order.
    court
        && !watch.paused
        && watch.from_date <= date
        && date <= watch.to_date
        && (watch.weekdays.is_empty() || watch.weekdays.contains(&weekday))
        && watch.time_from.as_str() <= slot.local_start.as_str()
        && slot.local_end.as_str() <= watch.time_to.as_str()
}

/// What happened to a watch asked for, shown under its court.
#[derive(Clone, Debug, PartialEq)]
pub enum WatchNotice {
    /// Made, and a push can reach this phone.
    Made(String),
    /// Made, but a push cannot arrive (why, and how to fix it).
    MadeNoPush(String, String),
    /// Not made.
    Failed(String),
}

#[derive(Properties, PartialEq)]
pub struct WatchAskProps {
    pub court_name: AttrValue,
    pub date: NaiveDate,
    pub slot: Slot,
    pub on_confirm: Callback<()>,
    pub on_cancel: Callback<()>,
}

/// The short explanation before a watch is made, with its confirm button
/// (focused when it opens, so a keyboard user lands on it).
#[function_component(WatchAsk)]
pub fn watch_ask(props: &WatchAskProps) -> Html {
    let confirm_ref = use_node_ref();
    {
        let confirm_ref = confirm_ref.clone();
        use_effect_with(props.slot.starts_at, move |_| {
            if let Some(button) = confirm_ref.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let times = time_range(&props.slot.local_start, &props.slot.local_end);
    let on_confirm = props.on_confirm.reform(|_: MouseEvent| ());
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
    // Escape closes it, like a dialog.
    let onkeydown = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_cancel.emit(());
            }
        })
    };
    html! {
        <section class="card watch-ask" aria-labelledby="watch-ask-heading" {onkeydown}>
            <h4 id="watch-ask-heading">{ msg::watch_ask_heading(&times) }</h4>
            <p>{ msg::watch_ask_text(&props.court_name, long_date(props.date), &times) }</p>
            <p class="hint">{ msg::watch_ask_hint() }</p>
            <div class="button-row">
                <button type="button" class="button button-primary" ref={confirm_ref} onclick={on_confirm}>{ msg::watch_ask_confirm() }</button>
                <button type="button" class="button button-secondary" onclick={on_cancel}>{ msg::watch_ask_cancel() }</button>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct WatchNoticeProps {
    pub notice: WatchNotice,
}

#[function_component(WatchNoticeBox)]
pub fn watch_notice_box(props: &WatchNoticeProps) -> Html {
    let link = html! {
        <Link<Route> to={Route::Watches}>{ msg::watch_my_watches() }</Link<Route>>
    };
    match &props.notice {
        WatchNotice::Made(text) => html! {
            <div class="notice watch-notice" role="status"><p>{ text.clone() }{ msg::watch_notice_see_before() }{ link }{ msg::watch_notice_see_after() }</p></div>
        },
        WatchNotice::MadeNoPush(text, why) => html! {
            <div class="notice notice-error watch-notice" role="alert">
                <p>{ text.clone() }{ msg::watch_notice_listed_before() }{ link }{ msg::watch_notice_listed_after() }</p>
                <p>{ why.clone() }</p>
            </div>
        },
        WatchNotice::Failed(why) => html! {
            <div class="notice notice-error watch-notice" role="alert"><p>{ why.clone() }</p></div>
        },
    }
}
