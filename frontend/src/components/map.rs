//! The venue map: Leaflet (global `L`, vendored from npm) with the venues as
//! clustered markers (`leaflet.markercluster`, see [`super::cluster`]). Each
//! marker is a small label — "Free now", "Next free 18:00", "Full today" —
//! that is keyboard-reachable and named after its venue. Activating it opens a
//! popup whose link goes to the venue (inside the app, without a page load).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use leaflet::{
    Icon, LatLng, LatLngBounds, Map, MapOptions, Marker, MarkerOptions, PopupEvents, TileLayer,
    TileLayerOptions,
};
use shared::{ClientConfig, VenueHit};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

use super::cluster::{
    div_icon, escape_html, venue_cluster_group, MarkerCluster, MarkerClusterGroup,
};
use super::leaflet_loader::{adopt_early_map, leaflet_ready, load_leaflet};
use crate::app::Route;
use crate::format::full_address;
use crate::i18n::msg;
use crate::search::{distance, free_label, free_state, FreeState};

#[derive(Properties, PartialEq)]
pub struct VenueMapProps {
    pub config: ClientConfig,
    pub hits: Vec<VenueHit>,
    /// The searched position ("near me" or a city), marked on the map.
    #[prop_or_default]
    pub center: Option<(f64, f64)>,
    /// A time window was asked for (no free time then means "No free times").
    #[prop_or_default]
    pub windowed: bool,
    /// Shown on screen (the map is hidden in the list view on phones; it is
    /// resized and re-fitted when it comes back).
    #[prop_or(true)]
    pub visible: bool,
}

/// The live Leaflet objects of one mounted map.
struct Live {
    map: Map,
    cluster: MarkerClusterGroup,
    _create_icon: Closure<dyn Fn(MarkerCluster) -> Icon>,
    /// Marks the searched position.
    me: Option<Marker>,
    /// Click handlers of the popups' links; replaced with the markers.
    listeners: Vec<EventListener>,
}

#[function_component(VenueMap)]
pub fn venue_map(props: &VenueMapProps) -> Html {
    let container = use_node_ref();
    let navigator = use_navigator();
    let live: Rc<RefCell<Option<Live>>> = use_mut_ref(|| None);
    // Leaflet comes with the first map, not with the page (leaflet_loader).
    let leaflet = use_state(|| {
        if leaflet_ready() {
            Leaflet::Ready
        } else {
            Leaflet::Loading
        }
    });
    {
        let leaflet = leaflet.clone();
        use_effect_with((), move |_| {
            if *leaflet == Leaflet::Loading {
                yew::platform::spawn_local(async move {
                    leaflet.set(match load_leaflet().await {
                        Ok(()) => Leaflet::Ready,
                        Err(_) => Leaflet::Failed,
                    });
                });
            }
        });
    }
    let ready = *leaflet == Leaflet::Ready;

    // The map itself, once per configuration (and once Leaflet is there).
    {
        let container = container.clone();
        let live = live.clone();
        use_effect_with((props.config.clone(), ready), move |(config, ready)| {
            if let (true, Some(el)) = (*ready, container.cast::<web_sys::HtmlElement>()) {
                *live.borrow_mut() = build_map(&el, config);
            }
            move || {
                if let Some(old) = live.borrow_mut().take() {
                    old.map.remove();
                }
            }
        });
    }

    // The markers, whenever the results (or the searched point) change.
    {
        let live = live.clone();
        let config = props.config.clone();
        use_effect_with(
            (props.hits.clone(), props.center, props.windowed, ready),
            move |(hits, center, windowed, _)| {
                if let Some(live) = live.borrow_mut().as_mut() {
                    show_markers(live, hits, *center, *windowed, navigator);
                    fit(&live.map, hits, *center, &config);
                }
            },
        );
    }

    // Coming back into view: Leaflet must measure its container again.
    {
        let live = live.clone();
        let config = props.config.clone();
        let hits = props.hits.clone();
        let center = props.center;
        use_effect_with(props.visible, move |visible| {
            if *visible {
                if let Some(live) = live.borrow().as_ref() {
                    live.map.invalidate_size(false);
                    fit(&live.map, &hits, center, &config);
                }
            }
        });
    }

    html! {
        <div class="map" ref={container} role="region" aria-label={msg::map_label()}>
            if *leaflet == Leaflet::Failed {
                <p class="map-unavailable">{ msg::map_unavailable() }</p>
            }
        </div>
    }
}

/// Whether Leaflet's files are there yet.
#[derive(Clone, Copy, PartialEq)]
enum Leaflet {
    Loading,
    Ready,
    Failed,
}

fn build_map(el: &web_sys::HtmlElement, config: &ClientConfig) -> Option<Live> {
    // On the first page the plain map may be drawn already, with its tiles
    // (frontend/map-start.js): go on with that one.
    let map = match adopt_early_map(el, &config.tile_url) {
        Some(map) => map,
        None => new_map(el, config)?,
    };
    let (cluster, create_icon) = venue_cluster_group();
    cluster.add_to(&map);
    Some(Live {
        map,
        cluster,
        _create_icon: create_icon,
        me: None,
        listeners: Vec::new(),
    })
}

/// The map with its tiles at the configured start view (as map-start.js draws it).
fn new_map(el: &web_sys::HtmlElement, config: &ClientConfig) -> Option<Map> {
    let map = Map::new_with_element(el, &MapOptions::new()).ok()?;
    let tile_options = TileLayerOptions::new();
    tile_options.set_attribution(config.tile_attribution.clone());
    tile_options.set_max_zoom(19.0);
    TileLayer::new_options(&config.tile_url, &tile_options).add_to(&map);
    map.set_view(
        &LatLng::new(config.default_lat, config.default_lon),
        f64::from(config.default_zoom),
    );
    Some(map)
}

fn show_markers(
    live: &mut Live,
    hits: &[VenueHit],
    center: Option<(f64, f64)>,
    windowed: bool,
    navigator: Option<Navigator>,
) {
    live.cluster.clear_layers();
    live.listeners.clear();
    if let Some(me) = live.me.take() {
        me.remove();
    }
    if let Some((lat, lon)) = center {
        let options = MarkerOptions::new();
        options.set_icon(div_icon(
            "<span class=\"me-dot\"></span>",
            "me-marker",
            Some((18.0, 18.0)),
            None,
        ));
        options.set_keyboard(false);
        let _ = js_sys::Reflect::set(&options, &"interactive".into(), &false.into());
        let me = Marker::new_with_options(&LatLng::new(lat, lon), &options);
        me.add_to(&live.map);
        live.me = Some(me);
    }

    let now = chrono::Utc::now();
    let markers = js_sys::Array::new();
    for hit in hits {
        let venue = &hit.venue;
        let label = free_label(hit.next_free.first(), now, windowed);
        let state = match free_state(hit.next_free.first(), now) {
            FreeState::Now => "pin-now",
            FreeState::Later => "pin-later",
            FreeState::None => "pin-full",
        };
        // The marker's accessible name: "Ekhagens tennisbanor: Next free 18:00".
        let html = format!(
            "<span class=\"pin-label {state}\"><span class=\"visually-hidden\">{}: </span>{}</span>",
            escape_html(&venue.name),
            escape_html(&label),
        );
        let options = MarkerOptions::new();
        // Sized by CSS and lifted above its point by CSS `translate`.
        let icon = div_icon(&html, "venue-pin", None, None);
        // Popups open above the label, not over it.
        if let Ok(icon_options) = js_sys::Reflect::get(&icon, &"options".into()) {
            let _ = js_sys::Reflect::set(
                &icon_options,
                &"popupAnchor".into(),
                &leaflet::Point::new(0.0, -40.0).into(),
            );
        }
        options.set_icon(icon);
        options.set_keyboard(true);
        options.set_rise_on_hover(true);
        let marker = Marker::new_with_options(&LatLng::new(venue.lat, venue.lon), &options);

        let Some((content, link)) = popup_content(hit, &label, state) else {
            continue;
        };
        if let Some(nav) = navigator.clone() {
            let id = venue.id;
            live.listeners
                .push(EventListener::new(&link, "click", move |event| {
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
        markers.push(&marker);
    }
    live.cluster.add_layers(&markers);
}

/// Show every result (and the searched point); without results, the point or
/// the configured default view.
fn fit(map: &Map, hits: &[VenueHit], center: Option<(f64, f64)>, config: &ClientConfig) {
    let points = js_sys::Array::new();
    for hit in hits {
        points.push(&LatLng::new(hit.venue.lat, hit.venue.lon));
    }
    if let Some((lat, lon)) = center {
        points.push(&LatLng::new(lat, lon));
    }
    if points.length() > 1 {
        let bounds = LatLngBounds::new_from_list(&points);
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(
            &options,
            &"padding".into(),
            &js_sys::Array::of2(&40.into(), &40.into()),
        );
        let _ = js_sys::Reflect::set(&options, &"maxZoom".into(), &14.into());
        map.fit_bounds_with_options(&bounds, &options);
    } else if let Some((lat, lon)) = hits.first().map(|h| (h.venue.lat, h.venue.lon)).or(center) {
        map.set_view(&LatLng::new(lat, lon), 13.0);
    } else {
        map.set_view(
            &LatLng::new(config.default_lat, config.default_lon),
            f64::from(config.default_zoom),
        );
    }
}

/// The popup of a venue: name, address, next free time, distance and a link.
fn popup_content(
    hit: &VenueHit,
    label: &str,
    state: &str,
) -> Option<(web_sys::Element, web_sys::HtmlElement)> {
    let venue = &hit.venue;
    let doc = gloo::utils::document();
    let root = doc.create_element("div").ok()?;
    root.set_class_name("map-popup");
    let name = doc.create_element("strong").ok()?;
    name.set_text_content(Some(&venue.name));
    let address = doc.create_element("span").ok()?;
    let mut where_ = full_address(venue);
    if let Some(m) = hit.distance_m {
        where_.push_str(&format!(" · {}", distance(m)));
    }
    address.set_text_content(Some(&where_));
    let free = doc.create_element("span").ok()?;
    free.set_class_name(&format!("popup-free {state}"));
    free.set_text_content(Some(label));
    let link = doc.create_element("a").ok()?;
    link.set_attribute("href", &Route::Venue { id: venue.id }.to_path())
        .ok()?;
    link.set_text_content(Some(msg::map_see_free_times()));
    link.set_class_name("button button-small");
    root.append_child(&name).ok()?;
    root.append_child(&address).ok()?;
    root.append_child(&free).ok()?;
    root.append_child(&link).ok()?;
    Some((root, link.dyn_into().ok()?))
}
