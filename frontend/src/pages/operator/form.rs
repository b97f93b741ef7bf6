//! What the operator's forms share: a draft kept in one state and edited
//! field by field, mistakes keyed by the server's field names
//! (`tariffs[1].price_minor`, `weekly[2].opens`) so the page's own checks
//! and the server's 422 land on the same field, and the focus moved there.

use yew::prelude::*;

use crate::components::field::Control;

/// A mistake: the field (as the server names it) and what to do.
pub type Mistake = (String, String);

/// Moves the focus to the element with `id`.
pub fn focus_id(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id));
    if let Some(el) =
        element.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = el.focus();
    }
}

/// The message for the field the server calls `field`, if any.
pub fn mistake_of(mistakes: &[Mistake], field: &str) -> Option<AttrValue> {
    mistakes
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, m)| AttrValue::from(m.clone()))
}

/// A field's `on_change` that writes into the draft.
pub fn edit<D: Clone + 'static>(
    draft: &UseStateHandle<D>,
    write: impl Fn(&mut D, String) + 'static,
) -> Callback<String> {
    let draft = draft.clone();
    Callback::from(move |value: String| {
        let mut next = (*draft).clone();
        write(&mut next, value);
        draft.set(next);
    })
}

/// A text input with a phone keyboard for numbers or times.
pub fn numeric(inputmode: &'static str) -> Control {
    Control::Text {
        kind: "text",
        autocomplete: "off",
        inputmode: Some(inputmode),
    }
}

/// `18000` öre as `180`, `18050` as `180,50`.
pub fn kronor(minor: i64) -> String {
    if minor % 100 == 0 {
        (minor / 100).to_string()
    } else {
        format!("{},{:02}", minor / 100, (minor % 100).abs())
    }
}

/// `180`, `180,5` or `180.50` kronor as öre.
pub fn parse_kronor(text: &str) -> Option<i64> {
    let text = text.trim().replace([' ', '\u{a0}'], "").replace(',', ".");
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 2 {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(frac)
}
