//! The venue's photos on its operator page: each with its alternative text
//! and a remove button, and a form that adds one (a JPEG, PNG or WebP of at
//! most 5 MB, and a few words of what it shows). The server drops the
//! file's metadata (where and with what it was taken) before it is stored.

use base64::Engine as _;
use shared::operator::NewVenuePhoto;
use shared::{Problem, VenuePhoto};
use std::rc::Rc;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::field::{set, Control, Field};
use crate::components::live::Status;
use crate::components::problem::ErrorBox;
use crate::i18n::msg;
use crate::pages::operator::form::focus_id;

const MAX_BYTES: f64 = 5.0 * 1024.0 * 1024.0;
const MAX_PHOTOS: usize = 8;
const TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

#[derive(Properties, PartialEq)]
pub struct PhotosProps {
    pub venue_id: i64,
    pub photos: Vec<VenuePhoto>,
}

/// What went wrong with the photo being added, and where it is shown.
#[derive(Clone, PartialEq)]
enum Mistake {
    File(&'static str),
    Alt(&'static str),
    Other(Problem),
}

/// The venue's photos as this page knows them. A reducer, not a state: an
/// upload or a removal that answers later changes the list as it is then,
/// not as it was when the button was pressed (two quick removals would
/// otherwise bring the first photo back).
#[derive(PartialEq)]
struct List(Vec<VenuePhoto>);

enum Change {
    Added(VenuePhoto),
    Removed(uuid::Uuid),
}

impl Reducible for List {
    type Action = Change;

    fn reduce(self: Rc<Self>, change: Change) -> Rc<Self> {
        let mut photos = self.0.clone();
        match change {
            Change::Added(photo) => photos.push(photo),
            Change::Removed(id) => photos.retain(|p| p.id != id),
        }
        Rc::new(List(photos))
    }
}

/// What the callbacks change, cloned into them as one.
#[derive(Clone)]
struct Handles {
    photos: UseReducerDispatcher<List>,
    alt: UseStateHandle<String>,
    file: NodeRef,
    mistake: UseStateHandle<Option<Mistake>>,
    busy: UseStateHandle<bool>,
    said: UseStateHandle<Option<String>>,
}

#[function_component(Photos)]
pub fn photos(props: &PhotosProps) -> Html {
    let photos = {
        let photos = props.photos.clone();
        use_reducer(move || List(photos))
    };
    let h = Handles {
        photos: photos.dispatcher(),
        alt: use_state(String::new),
        file: use_node_ref(),
        mistake: use_state(|| None::<Mistake>),
        busy: use_state(|| false),
        said: use_state(|| None::<String>),
    };
    let venue_id = props.venue_id;

    let onsubmit = {
        let h = h.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *h.busy {
                return;
            }
            h.said.set(None);
            let chosen = h
                .file
                .cast::<HtmlInputElement>()
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            let text = h.alt.trim().to_string();
            let found = match &chosen {
                None => Some(Mistake::File(msg::photo_file_missing())),
                Some(f) if !TYPES.contains(&f.type_().as_str()) => {
                    Some(Mistake::File(msg::photo_file_type()))
                }
                Some(f) if f.size() > MAX_BYTES => Some(Mistake::File(msg::photo_file_size())),
                _ if text.is_empty() || text.chars().count() > 200 => {
                    Some(Mistake::Alt(msg::photo_alt_missing()))
                }
                _ => None,
            };
            if let Some(found) = found {
                focus_id(if matches!(found, Mistake::Alt(_)) {
                    "photo-alt"
                } else {
                    "photo-file"
                });
                h.mistake.set(Some(found));
                return;
            }
            let Some(chosen) = chosen else { return };
            h.mistake.set(None);
            h.busy.set(true);
            spawn_local(upload(h.clone(), venue_id, chosen, text));
        })
    };

    let remove = {
        let h = h.clone();
        Callback::from(move |id: uuid::Uuid| {
            let h = h.clone();
            spawn_local(async move {
                match api::remove_venue_photo(venue_id, id).await {
                    // 404: already gone (a second tap, or a colleague).
                    Ok(()) => removed(&h, id),
                    Err(p) if p.status == 404 => removed(&h, id),
                    Err(p) => h.mistake.set(Some(Mistake::Other(p))),
                }
            });
        })
    };

    let Handles {
        mistake,
        busy,
        said,
        alt,
        file,
        ..
    } = h;
    let photos = &photos.0;
    let (file_error, alt_error) = match &*mistake {
        Some(Mistake::File(m)) => (Some(AttrValue::from(*m)), None),
        Some(Mistake::Alt(m)) => (None, Some(AttrValue::from(*m))),
        _ => (None, None),
    };
    let full = photos.len() >= MAX_PHOTOS;
    html! {
        <section class="card venue-photo-admin" aria-labelledby="photos-heading">
            <h2 id="photos-heading" tabindex="-1">{ msg::photos_heading() }</h2>
            <p class="hint">{ msg::photos_explain() }</p>
            if photos.is_empty() {
                <p class="muted">{ msg::photos_none() }</p>
            } else {
                <ul class="photo-list">
                    { for photos.iter().map(|p| {
                        let id = p.id;
                        let onclick = remove.reform(move |_: MouseEvent| id);
                        html! {
                            <li key={p.id.to_string()}>
                                <img src={p.url.clone()} alt={p.alt.clone()} width={p.width.to_string()} height={p.height.to_string()} loading="lazy" />
                                <span class="photo-alt">{ &p.alt }</span>
                                <button type="button" class="button button-secondary" {onclick}
                                    aria-label={msg::photo_remove_label(&p.alt)}>{ msg::photo_remove() }</button>
                            </li>
                        }
                    }) }
                </ul>
            }
            if full {
                <p class="notice">{ msg::photo_limit() }</p>
            } else {
                <form class="photo-form" {onsubmit} novalidate=true>
                    <Field id="photo-file" label={msg::photo_file()} hint={AttrValue::from(msg::photo_file_hint())}
                        control={Control::File { accept: "image/jpeg,image/png,image/webp" }}
                        value="" on_change={Callback::noop()} node={file.clone()}
                        error={file_error} required=true />
                    <Field id="photo-alt" label={msg::photo_alt()} hint={AttrValue::from(msg::photo_alt_hint())}
                        control={Control::text("text", "off")} value={(*alt).clone()} on_change={set(&alt)}
                        error={alt_error} required=true />
                    <button type="submit" class="button button-primary" disabled={*busy}>
                        { if *busy { msg::photo_adding() } else { msg::photo_add() } }
                    </button>
                </form>
            }
            if let Some(Mistake::Other(p)) = &*mistake {
                <ErrorBox problem={p.clone()} />
            }
            <Status text={(*said).clone().map(AttrValue::from)} class="notice" />
        </section>
    }
}

/// Sends the chosen file and its alt text; on success the list has it and
/// the form is empty again.
async fn upload(h: Handles, venue_id: i64, chosen: web_sys::File, text: String) {
    let bytes = match JsFuture::from(chosen.array_buffer()).await {
        Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
        Err(_) => {
            h.mistake
                .set(Some(Mistake::File(msg::photo_file_unreadable())));
            h.busy.set(false);
            return;
        }
    };
    let body = NewVenuePhoto {
        alt: text,
        content_type: chosen.type_(),
        data: base64::engine::general_purpose::STANDARD.encode(bytes),
    };
    match api::add_venue_photo(venue_id, &body).await {
        Ok(added) => {
            h.photos.dispatch(Change::Added(added));
            h.alt.set(String::new());
            if let Some(input) = h.file.cast::<HtmlInputElement>() {
                input.set_value("");
            }
            h.said.set(Some(msg::photo_added().to_string()));
        }
        Err(p) if p.status == 422 && p.field.as_deref() == Some("alt") => {
            h.mistake.set(Some(Mistake::Alt(msg::photo_alt_missing())));
            focus_id("photo-alt");
        }
        Err(p) if p.status == 422 || p.status == 400 => {
            h.mistake
                .set(Some(Mistake::File(msg::photo_file_damaged())));
            focus_id("photo-file");
        }
        Err(p) => h.mistake.set(Some(Mistake::Other(p))),
    }
    h.busy.set(false);
}

fn removed(h: &Handles, id: uuid::Uuid) {
    h.photos.dispatch(Change::Removed(id));
    h.said.set(Some(msg::photo_removed().to_string()));
    focus_id("photos-heading");
}
