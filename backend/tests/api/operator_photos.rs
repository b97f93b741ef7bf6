//! Venue photos (issue 15, item 2, "photos optional"): an operator adds
//! one, players get it from the venue's detail without what the file said
//! beside the picture (where and with what it was taken), and mistakes are
//! named and write nothing. Both engines.

use base64::Engine as _;
use reqwest::Method;
use serde_json::{json as body, Value};

use crate::{
    helpers::{json, problem, spawn_app, Engine, TestApp},
    operating::{operator, staff},
};

crate::on_both_engines!(
    a_photo_reaches_players_without_its_metadata_and_goes_again,
    mistakes_are_named_and_write_nothing,
);

/// A 2×1 PNG (its real pixels) with a text chunk that names a person and
/// an `eXIf` chunk with a position, as a phone's editor might leave them.
pub fn png_with_metadata() -> Vec<u8> {
    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        let mut crc = crc32(kind, data).to_be_bytes().to_vec();
        c.append(&mut crc);
        c
    }
    let mut f = b"\x89PNG\r\n\x1a\n".to_vec();
    f.extend(chunk(b"IHDR", &[0, 0, 0, 2, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
    f.extend(chunk(b"tEXt", b"Author\0Kalle Karlsson, Storgatan 1"));
    f.extend(chunk(b"eXIf", b"MM\0*GPS 63.8N 20.3E"));
    // zlib of two RGB pixels behind their filter bytes.
    f.extend(chunk(
        b"IDAT",
        &[
            0x78, 0x01, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF,
        ],
    ));
    f.extend(chunk(b"IEND", b""));
    f
}

/// PNG's CRC-32 over a chunk's type and data.
fn crc32(kind: &[u8], data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in kind.iter().chain(data) {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The body that adds [`png_with_metadata`] with `alt`.
pub fn photo_body(alt: &str) -> Value {
    body!({"alt": alt, "content_type": "image/png",
        "data": base64::engine::general_purpose::STANDARD.encode(png_with_metadata())})
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

async fn photos_of(app: &TestApp, venue_id: i64) -> Vec<Value> {
    let detail = json(app.get(&format!("/api/v1/venues/{venue_id}")).await).await;
    detail["photos"].as_array().expect("photos").clone()
}

async fn a_photo_reaches_players_without_its_metadata_and_goes_again(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let olle = operator(&app).await;
    let path = format!("/api/v1/operator/venues/{}/photos", f.venue_id);
    assert_eq!(photos_of(&app, f.venue_id).await, Vec::<Value>::new());

    let added = olle
        .post(
            &app,
            &path,
            Some(photo_body(" Bana 1 i kvällssol, sedd från läktaren ")),
        )
        .await;
    assert_eq!(added.status().as_u16(), 201);
    let added = json(added).await;
    assert_eq!(added["alt"], "Bana 1 i kvällssol, sedd från läktaren");
    assert_eq!(
        (added["width"].as_u64(), added["height"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(photos_of(&app, f.venue_id).await, vec![added.clone()]);

    // A player, anonymous, gets the picture and nothing the file said beside it.
    let url = added["url"].as_str().unwrap();
    let served = app.get(url).await;
    assert_eq!(served.status().as_u16(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(
        served.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let bytes = served.bytes().await.unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n")
            && bytes.ends_with(&png_with_metadata()[png_with_metadata().len() - 12..])
    );
    for gone in [&b"Kalle"[..], b"GPS", b"tEXt", b"eXIf"] {
        assert!(
            !contains(&bytes, gone),
            "{} left in the served file",
            String::from_utf8_lossy(gone)
        );
    }
    assert!(contains(&bytes, b"IDAT"), "the picture itself is kept");
    // Not through another venue's address.
    let (other, _) = app
        .add_venue(
            "Norrhallen",
            63.9,
            20.3,
            &[crate::helpers::CourtSpec::tennis("Bana 1")],
        )
        .await;
    let photo_id = added["id"].as_str().unwrap();
    problem(
        app.get(&format!("/api/v1/venues/{other}/photos/{photo_id}"))
            .await,
        404,
    )
    .await;

    // The audit log says who added it.
    let log = json(olle.get(&app, "/api/v1/operator/audit").await).await;
    assert!(log.to_string().contains("venue.photo_added"), "{log}");

    let one = format!("{path}/{photo_id}");
    assert_eq!(
        olle.send(&app, Method::DELETE, &one, None)
            .await
            .status()
            .as_u16(),
        204
    );
    problem(app.get(url).await, 404).await;
    problem(olle.send(&app, Method::DELETE, &one, None).await, 404).await;
    assert_eq!(photos_of(&app, f.venue_id).await, Vec::<Value>::new());
}

async fn mistakes_are_named_and_write_nothing(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let olle = operator(&app).await;
    let path = format!("/api/v1/operator/venues/{}/photos", f.venue_id);
    let b64 = |data: &[u8]| base64::engine::general_purpose::STANDARD.encode(data);
    let cases = [
        (
            body!({"alt": "  ", "content_type": "image/png", "data": b64(&png_with_metadata())}),
            "alt",
        ),
        (
            body!({"alt": "x".repeat(201), "content_type": "image/png", "data": b64(&png_with_metadata())}),
            "alt",
        ),
        (
            body!({"alt": "Banan", "content_type": "image/png", "data": "not base64!"}),
            "data",
        ),
        (
            body!({"alt": "Banan", "content_type": "image/gif", "data": b64(b"GIF89a\x01\0\x01\0")}),
            "data",
        ),
        (
            body!({"alt": "Banan", "content_type": "image/png", "data": b64(b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")}),
            "data",
        ),
        (
            body!({"alt": "Banan", "content_type": "image/jpeg", "data": b64(&png_with_metadata())}),
            "data",
        ),
    ];
    for (bad, field) in cases {
        let p = problem(olle.post(&app, &path, Some(bad.clone())).await, 422).await;
        assert_eq!(p["field"], field, "{bad}");
        assert!(p["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
    // More than 5 MB: refused before it is read whole.
    let huge =
        body!({"alt": "Banan", "content_type": "image/png", "data": "A".repeat(8 * 1024 * 1024)});
    // The server answers once the limit is read and stops reading: the
    // answer is a 400 problem, unless the unread rest made the connection
    // close under the client before it read the answer (TCP resets a
    // socket closed with unread data). Either way nothing is written.
    // On a client of its own: the connection the server gives up on must
    // not go back to the pool the next requests take from.
    let sent = reqwest::Client::new()
        .post(app.url(&path))
        .header("cookie", &olle.cookie)
        .header("x-csrf-token", &olle.csrf)
        .json(&huge)
        .send()
        .await;
    match sent {
        Ok(response) => {
            problem(response, 400).await;
        }
        Err(e) => assert!(e.is_request() || e.is_body(), "{e}"),
    }
    assert_eq!(
        photos_of(&app, f.venue_id).await.len(),
        0,
        "nothing written"
    );

    // Eight at most.
    for i in 0..8 {
        let added = olle
            .post(&app, &path, Some(photo_body(&format!("Bild {i}"))))
            .await;
        assert_eq!(added.status().as_u16(), 201);
    }
    let p = problem(
        olle.post(&app, &path, Some(photo_body("Bild 9"))).await,
        409,
    )
    .await;
    assert!(p["type"].as_str().unwrap().ends_with("/photo-limit"), "{p}");
    assert_eq!(photos_of(&app, f.venue_id).await.len(), 8);

    // Staff run bookings, not the venue's page.
    let stina = staff(&app, f.venue_id).await;
    problem(stina.post(&app, &path, Some(photo_body("Bana"))).await, 403).await;
}
