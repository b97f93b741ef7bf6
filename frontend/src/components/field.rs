//! The one form field of the app: a label, an optional hint, the control
//! (a text-like input, a longer text, a date and time, or a choice) and its error, wired
//! for screen readers — the hint and the error are the control's
//! description, and a field in error says it is invalid. Every form (the
//! booking form, sign-in, the profile, the search filters) uses it, so a
//! field looks, reads and is announced the same everywhere.

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// What a field asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Control {
    /// `<input type={kind}>`; `on_change` on every keystroke.
    Text {
        kind: &'static str,
        autocomplete: &'static str,
        /// The keyboard a phone shows (`numeric` for codes).
        inputmode: Option<&'static str>,
    },
    /// `<input type="datetime-local">`; `on_change` once a value is complete.
    DateTime,
    /// `<select>` of (value, text); `on_change` on a choice.
    Choice(Vec<(AttrValue, AttrValue)>),
    /// `<textarea>` of `rows` lines; `on_change` on every keystroke.
    #[cfg_attr(not(feature = "operator"), allow(dead_code))]
    LongText { rows: u32 },
    /// `<input type="file" accept={accept}>`; `on_change` with the chosen
    /// file's name once one is chosen (the file itself: `node`'s `files`).
    /// `value` is not set on it: a browser lets no page choose a file.
    #[cfg_attr(not(feature = "operator"), allow(dead_code))]
    File { accept: &'static str },
}

impl Control {
    pub fn text(kind: &'static str, autocomplete: &'static str) -> Self {
        Control::Text {
            kind,
            autocomplete,
            inputmode: None,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub control: Control,
    /// The current value (of a choice: the chosen option's value).
    pub value: AttrValue,
    pub on_change: Callback<String>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
    /// For moving the focus to the field (to the first one in error).
    #[prop_or_default]
    pub node: NodeRef,
    /// Extra classes on the field (e.g. `field-select`).
    #[prop_or_default]
    pub class: Classes,
}

#[function_component(Field)]
pub fn field(props: &FieldProps) -> Html {
    let id = props.id.clone();
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let describedby = [
        props.error.as_ref().map(|_| error_id.as_str()),
        props.hint.as_ref().map(|_| hint_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let describedby = (!describedby.is_empty()).then_some(describedby);
    let invalid = props.error.as_ref().map(|_| "true");
    let control = match &props.control {
        Control::Text {
            kind,
            autocomplete,
            inputmode,
        } => {
            let oninput = props
                .on_change
                .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
            html! {
                <input id={id.clone()} name={id.clone()} type={*kind} autocomplete={*autocomplete}
                    inputmode={*inputmode} value={props.value.clone()} {oninput} ref={props.node.clone()}
                    required={props.required} aria-invalid={invalid} aria-describedby={describedby} />
            }
        }
        Control::DateTime => {
            let onchange = props
                .on_change
                .reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value());
            html! {
                <input type="datetime-local" id={id.clone()} name={id.clone()} value={props.value.clone()}
                    {onchange} ref={props.node.clone()} required={props.required}
                    aria-invalid={invalid} aria-describedby={describedby} />
            }
        }
        Control::LongText { rows } => {
            let oninput = props
                .on_change
                .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
            html! {
                <textarea id={id.clone()} name={id.clone()} rows={rows.to_string()} value={props.value.clone()}
                    {oninput} ref={props.node.clone()} required={props.required}
                    aria-invalid={invalid} aria-describedby={describedby} />
            }
        }
        Control::File { accept } => {
            let onchange = props
                .on_change
                .reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value());
            html! {
                <input type="file" id={id.clone()} name={id.clone()} accept={*accept}
                    {onchange} ref={props.node.clone()} required={props.required}
                    aria-invalid={invalid} aria-describedby={describedby} />
            }
        }
        Control::Choice(options) => {
            let onchange = props
                .on_change
                .reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
            html! {
                <select id={id.clone()} name={id.clone()} {onchange} ref={props.node.clone()}
                    required={props.required} aria-invalid={invalid} aria-describedby={describedby}>
                    { for options.iter().map(|(value, text)| html! {
                        <option value={value.clone()} selected={*value == props.value}>{ text.clone() }</option>
                    }) }
                </select>
            }
        }
    };
    html! {
        <div class={classes!("field", props.error.is_some().then_some("field-invalid"), props.class.clone())}>
            <label for={id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint { <p class="hint" id={hint_id.clone()}>{ hint.clone() }</p> }
            { control }
            if let Some(message) = &props.error {
                <p class="field-error" id={error_id.clone()}>{ message.clone() }</p>
            }
        </div>
    }
}

/// A field's `on_change` that keeps a text state up to date.
pub fn set(state: &UseStateHandle<String>) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |value: String| state.set(value))
}
