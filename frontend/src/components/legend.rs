//! The key to slot colours, shared by the day and week views.

use yew::prelude::*;

use crate::i18n::msg;

#[function_component(SlotLegend)]
pub fn slot_legend() -> Html {
    html! {
        <ul class="legend" aria-label={msg::legend()}>
            <li><span class="swatch swatch-free"></span>{ msg::legend_free() }</li>
            <li><span class="swatch swatch-taken"></span>{ msg::legend_taken() }</li>
            <li><span class="swatch swatch-past"></span>{ msg::legend_past() }</li>
        </ul>
    }
}
