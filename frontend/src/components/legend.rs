//! The key to slot colours, shared by the day and week views.

use yew::prelude::*;

#[function_component(SlotLegend)]
pub fn slot_legend() -> Html {
    html! {
        <ul class="legend" aria-label="Legend">
            <li><span class="swatch swatch-free"></span>{ "Free" }</li>
            <li><span class="swatch swatch-taken"></span>{ "Taken" }</li>
            <li><span class="swatch swatch-past"></span>{ "Past" }</li>
        </ul>
    }
}
