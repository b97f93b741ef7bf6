//! The venue map: Leaflet (global `L`, vendored from npm) with one keyboard-
//! reachable marker per venue. Activating a marker opens a popup whose link
//! goes to the venue (inside the app, without a page load).

use gloo::events::EventListener;
use leaflet::{
    Icon, IconOptions, LatLng, LatLngBounds, Map, MapOptions, Marker, MarkerOptions, Point,
    PopupEvents, TileLayer, TileLayerOptions,
};
use shared::{ClientConfig, VenueSummary};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;

#[derive(Properties, PartialEq)]
pub struct VenueMapProps {
    pub config: ClientConfig,
    pub venues: Vec<VenueSummary>,
}

#[function_component(VenueMap)]
pub fn venue_map(props: &VenueMapProps) -> Html {
    let container = use_node_ref();
    let navigator = use_navigator();
    {
        let container = container.clone();
        use_effect_with(
            (props.config.clone(), props.venues.clone()),
            move |(config, venues)| {
                let built = container
                    .cast::<web_sys::HtmlElement>()
                    .and_then(|el| build_map(&el, config, venues, navigator));
                move || {
                    if let Some((map, listeners)) = built {
                        drop(listeners);
                        map.remove();
                    }
                }
            },
        );
    }
    html! {
        <div class="map" ref={container} role="region" aria-label="Map of venues"></div>
    }
}

/// Build the map; returns it with the DOM listeners that must live as long as it.
fn build_map(
    el: &web_sys::HtmlElement,
    config: &ClientConfig,
    venues: &[VenueSummary],
    navigator: Option<Navigator>,
) -> Option<(Map, Vec<EventListener>)> {
    let options = MapOptions::new();
    let map = Map::new_with_element(el, &options).ok()?;

    let tile_options = TileLayerOptions::new();
    tile_options.set_attribution(config.tile_attribution.clone());
    tile_options.set_max_zoom(19.0);
    TileLayer::new_options(&config.tile_url, &tile_options).add_to(&map);

    let icon_options = IconOptions::new();
    icon_options.set_icon_url("/icons/marker.svg".to_string());
    icon_options.set_icon_size(Point::new(34.0, 44.0));
    icon_options.set_icon_anchor(Point::new(17.0, 43.0));
    icon_options.set_popup_anchor(Point::new(0.0, -38.0));
    let icon = Icon::new(&icon_options);

    let mut listeners = Vec::new();
    let points = js_sys::Array::new();
    for venue in venues {
        let at = LatLng::new(venue.lat, venue.lon);
        points.push(&at);
        let marker_options = MarkerOptions::new();
        marker_options.set_icon(icon.clone());
        marker_options.set_title(venue.name.clone());
        marker_options.set_alt(format!("{} — show details", venue.name));
        marker_options.set_keyboard(true);
        let marker = Marker::new_with_options(&at, &marker_options);

        let (content, link) = popup_content(venue)?;
        if let Some(nav) = navigator.clone() {
            let id = venue.id;
            listeners.push(EventListener::new(&link, "click", move |event| {
                let plain = event.dyn_ref::<web_sys::MouseEvent>().is_none_or(|m| {
                    !(m.ctrl_key() || m.meta_key() || m.shift_key() || m.alt_key())
                });
                if plain {
                    event.prevent_default();
                    nav.push(&Route::Venue { id });
                }
            }));
        }
        marker.bind_popup_with_options(&content, &JsValue::UNDEFINED);
        // Keyboard users land on the popup's link once it opens.
        let link_for_focus = link.clone();
        marker.on_popup_open(Box::new(move |_| {
            let _ = link_for_focus.focus();
        }));
        marker.add_to(&map);
    }

    if venues.len() > 1 {
        let bounds = LatLngBounds::new_from_list(&points);
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(
            &options,
            &"padding".into(),
            &js_sys::Array::of2(&32.into(), &32.into()),
        );
        let _ = js_sys::Reflect::set(&options, &"maxZoom".into(), &14.into());
        map.fit_bounds_with_options(&bounds, &options);
    } else if let Some(venue) = venues.first() {
        map.set_view(&LatLng::new(venue.lat, venue.lon), 14.0);
    } else {
        map.set_view(
            &LatLng::new(config.default_lat, config.default_lon),
            f64::from(config.default_zoom),
        );
    }
    Some((map, listeners))
}

/// The popup of a venue: name, address and a link to its free times.
fn popup_content(venue: &VenueSummary) -> Option<(web_sys::Element, web_sys::HtmlElement)> {
    let doc = gloo::utils::document();
    let root = doc.create_element("div").ok()?;
    root.set_class_name("map-popup");
    let name = doc.create_element("strong").ok()?;
    name.set_text_content(Some(&venue.name));
    let address = doc.create_element("span").ok()?;
    address.set_text_content(Some(&crate::format::full_address(venue)));
    let link = doc.create_element("a").ok()?;
    link.set_attribute("href", &Route::Venue { id: venue.id }.to_path())
        .ok()?;
    link.set_text_content(Some("See free times"));
    link.set_class_name("button button-small");
    root.append_child(&name).ok()?;
    root.append_child(&address).ok()?;
    root.append_child(&link).ok()?;
    Some((root, link.dyn_into().ok()?))
}
