//! Picking a place on the map: a click (or a tap) on the map puts the
//! marker there and gives its position; the marker follows the position
//! when it is typed instead. The latitude and longitude fields beside it
//! are the way without a pointer (keyboard, screen reader), so the map is
//! a help, never the only way.

use std::cell::RefCell;
use std::rc::Rc;

use leaflet::{LatLng, Map, MapOptions, Marker, MarkerOptions, TileLayer, TileLayerOptions};
use shared::ClientConfig;
use yew::prelude::*;

use super::cluster::div_icon;
use super::leaflet_loader::{leaflet_ready, load_leaflet};
use crate::i18n::msg;

#[derive(Properties, PartialEq)]
pub struct PositionPickerProps {
    pub config: ClientConfig,
    /// The position now, if the fields hold one.
    pub at: Option<(f64, f64)>,
    pub on_pick: Callback<(f64, f64)>,
}

struct Live {
    map: Map,
    marker: Option<Marker>,
}

/// Five decimals: about a metre, finer than a court.
fn round(value: f64) -> f64 {
    (value * 100_000.0).round() / 100_000.0
}

#[function_component(PositionPicker)]
pub fn position_picker(props: &PositionPickerProps) -> Html {
    let container = use_node_ref();
    let live: Rc<RefCell<Option<Live>>> = use_mut_ref(|| None);
    let ready = use_state(leaflet_ready);
    let failed = use_state(|| false);
    {
        let (ready, failed) = (ready.clone(), failed.clone());
        use_effect_with((), move |_| {
            if !*ready {
                yew::platform::spawn_local(async move {
                    match load_leaflet().await {
                        Ok(()) => ready.set(true),
                        Err(_) => failed.set(true),
                    }
                });
            }
        });
    }
    // The map, once Leaflet is there; a click picks the place.
    {
        let (container, live) = (container.clone(), live.clone());
        let config = props.config.clone();
        let on_pick = props.on_pick.clone();
        let start = props.at;
        use_effect_with(*ready, move |ready| {
            if let (true, Some(el)) = (*ready, container.cast::<web_sys::HtmlElement>()) {
                if let Ok(map) = Map::new_with_element(&el, &MapOptions::new()) {
                    let tiles = TileLayerOptions::new();
                    tiles.set_attribution(config.tile_attribution.clone());
                    tiles.set_max_zoom(19.0);
                    TileLayer::new_options(&config.tile_url, &tiles).add_to(&map);
                    let (view, zoom) = match start {
                        Some((lat, lon)) => (LatLng::new(lat, lon), 15.0),
                        None => (
                            LatLng::new(config.default_lat, config.default_lon),
                            f64::from(config.default_zoom),
                        ),
                    };
                    map.set_view(&view, zoom);
                    map.on_mouse_click(Box::new(move |e: leaflet::MouseEvent| {
                        let at = e.lat_lng();
                        on_pick.emit((round(at.lat()), round(at.lng())));
                    }));
                    *live.borrow_mut() = Some(Live { map, marker: None });
                }
            }
            move || {
                if let Some(old) = live.borrow_mut().take() {
                    old.map.remove();
                }
            }
        });
    }
    // The marker where the position is, the map following it.
    {
        let live = live.clone();
        let at = props.at;
        use_effect_with(
            (at.map(|(a, b)| (a.to_bits(), b.to_bits())), *ready),
            move |_| {
                if let Some(live) = live.borrow_mut().as_mut() {
                    if let Some(old) = live.marker.take() {
                        old.remove();
                    }
                    if let Some((lat, lon)) = at {
                        let place = LatLng::new(lat, lon);
                        let options = MarkerOptions::new();
                        options.set_icon(div_icon(
                            "<span class=\"me-dot\"></span>",
                            "me-marker",
                            Some((18.0, 18.0)),
                            None,
                        ));
                        options.set_keyboard(false);
                        let marker = Marker::new_with_options(&place, &options);
                        marker.add_to(&live.map);
                        live.map.pan_to(&place);
                        live.marker = Some(marker);
                    }
                }
            },
        );
    }
    html! {
        <div class="map position-map" ref={container} role="region" aria-label={msg::venue_setup_map_label()}>
            if *failed { <p class="map-unavailable">{ msg::map_unavailable() }</p> }
        </div>
    }
}
