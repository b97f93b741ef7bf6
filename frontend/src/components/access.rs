//! The door code and QR code of a confirmed booking: large, with text for
//! screen readers, and rendered on the phone from the saved booking, so it
//! shows without network.

use shared::{Booking, BookingStatus};
use yew::prelude::*;

use crate::i18n::msg;

use crate::components::qr::Qr;

#[derive(Properties, PartialEq)]
pub struct AccessPassProps {
    pub booking: Booking,
}

#[function_component(AccessPass)]
pub fn access_pass(props: &AccessPassProps) -> Html {
    let b = &props.booking;
    let (Some(code), Some(payload)) = (&b.door_code, b.qr_payload()) else {
        return html! {};
    };
    if b.status != BookingStatus::Confirmed {
        return html! {};
    }
    let heading = format!("access-{}", b.id);
    html! {
        <section class="card access" aria-labelledby={heading.clone()}>
            <h2 id={heading}>{ msg::access_title() }</h2>
            <p class="door-code" aria-label={msg::access_code_label(spaced(code))}>{ code }</p>
            <p class="hint">{ msg::access_hint() }</p>
            <Qr payload={payload} label={msg::access_qr_label()} />
        </section>
    }
}

/// `123456` → `1 2 3 4 5 6`, so a screen reader reads digits, not a number.
pub fn spaced(code: &str) -> String {
    code.chars().map(String::from).collect::<Vec<_>>().join(" ")
}
