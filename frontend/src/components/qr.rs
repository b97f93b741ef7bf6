//! A QR code rendered as inline SVG.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QrProps {
    pub payload: AttrValue,
    /// Accessible description of what the code is for.
    pub label: AttrValue,
}

#[function_component(Qr)]
pub fn qr(props: &QrProps) -> Html {
    let svg = use_memo(props.payload.clone(), |payload| {
        QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
            .ok()
            .map(|code| {
                code.render::<svg::Color>()
                    .min_dimensions(220, 220)
                    .quiet_zone(true)
                    .dark_color(svg::Color("#111111"))
                    .light_color(svg::Color("#ffffff"))
                    .build()
            })
    });
    match &*svg {
        Some(svg) => html! {
            <div class="qr" role="img" aria-label={props.label.clone()} data-payload={props.payload.clone()}>
                { Html::from_html_unchecked(AttrValue::from(svg.clone())) }
            </div>
        },
        None => html! {},
    }
}
