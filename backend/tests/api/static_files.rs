//! The built app as the server sends it: the brotli and gzip copies a
//! release build writes (frontend/tools/postbuild.mjs) go to browsers that
//! accept them, hashed files are cached for a year, the entry points are
//! checked every time, and client-side routes get index.html.

use std::path::Path;

use crate::helpers::{spawn_app_with, Engine};

const WASM: &str = "frontend-0123456789abcdef_bg.wasm";

/// A dist/ the way `trunk build --release` leaves it, with distinct bytes per
/// encoding so the test sees which file was sent.
fn write_dist(dir: &Path) {
    let files: [(&str, &[u8]); 7] = [
        ("index.html", b"<!doctype html><title>Ledig</title>"),
        ("index.html.br", b"index-br"),
        ("index.html.gz", b"index-gz"),
        (WASM, b"\0asm raw"),
        ("frontend-0123456789abcdef_bg.wasm.br", b"wasm-br"),
        ("frontend-0123456789abcdef_bg.wasm.gz", b"wasm-gz"),
        ("sw.js", b"// sw"),
    ];
    for (name, body) in files {
        std::fs::write(dir.join(name), body).expect("write dist file");
    }
}

async fn fetch(
    client: &reqwest::Client,
    url: &str,
    accept: Option<&str>,
) -> (reqwest::StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let mut request = client.get(url);
    if let Some(accept) = accept {
        request = request.header("accept-encoding", accept);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.expect("body").to_vec();
    (status, headers, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn precompressed_copies_and_caching() {
    let dist = tempfile::tempdir().expect("temp dir");
    write_dist(dist.path());
    let mut config = backend::config::ServeConfig::for_tests();
    config.static_dir = dist.path().to_path_buf();
    let app = spawn_app_with(Engine::Sqlite, config).await;
    // No automatic decompression: the raw bytes on the wire are compared.
    let client = reqwest::Client::new();
    let wasm = format!("{}/{WASM}", app.address);

    let (status, h, body) = fetch(&client, &wasm, Some("gzip, deflate, br")).await;
    assert_eq!(status, 200);
    assert_eq!(h["content-encoding"], "br");
    assert_eq!(body, b"wasm-br");
    assert_eq!(h["content-type"], "application/wasm");
    assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
    assert!(h["vary"].to_str().unwrap().contains("accept-encoding"));

    let (_, h, body) = fetch(&client, &wasm, Some("gzip")).await;
    assert_eq!(h["content-encoding"], "gzip");
    assert_eq!(body, b"wasm-gz");

    let (_, h, body) = fetch(&client, &wasm, None).await;
    assert!(h.get("content-encoding").is_none());
    assert_eq!(body, b"\0asm raw");

    // A client-side route: index.html, precompressed too, never cached
    // unchecked (a release must be picked up at once).
    let (status, h, body) = fetch(
        &client,
        &format!("{}/venues/some-venue", app.address),
        Some("br"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(h["content-encoding"], "br");
    assert_eq!(body, b"index-br");
    assert_eq!(h["cache-control"], "no-cache");

    let (_, h, _) = fetch(&client, &format!("{}/sw.js", app.address), Some("br")).await;
    assert_eq!(h["cache-control"], "no-cache");
    assert!(
        h.get("content-encoding").is_none(),
        "no .br copy of sw.js here"
    );
}
