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

/// The operator pages' build in `dist/operator/` (frontend/operator.html):
/// `/operator` and everything under it get its index.html and files, the
/// rest the players' app, and the CSP lets both builds' inline loaders run.
/// Without that build, operator paths fall to the players' app (which says
/// so).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_operator_pages_are_a_build_of_their_own() {
    let dist = tempfile::tempdir().expect("temp dir");
    write_dist(dist.path());
    let client = reqwest::Client::new();

    // A players'-only dist/ first.
    let mut config = backend::config::ServeConfig::for_tests();
    config.static_dir = dist.path().to_path_buf();
    let players_only = spawn_app_with(Engine::Sqlite, config.clone()).await;
    let (status, _, body) = fetch(
        &client,
        &format!("{}/operator/venues/3/bookings", players_only.address),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body, b"<!doctype html><title>Ledig</title>");

    let operator = dist.path().join("operator");
    std::fs::create_dir(&operator).expect("operator dir");
    let index = b"<!doctype html><title>Ledig drift</title><script type=\"module\">import init from '/operator/frontend-fedcba9876543210.js';init();</script>";
    for (name, body) in [
        ("index.html", &index[..]),
        ("index.html.br", b"operator-index-br"),
        ("frontend-fedcba9876543210_bg.wasm", b"\0asm operator"),
        ("frontend-fedcba9876543210_bg.wasm.br", b"operator-wasm-br"),
    ] {
        std::fs::write(operator.join(name), body).expect("write operator file");
    }
    let app = spawn_app_with(Engine::Sqlite, config).await;
    for path in ["/operator", "/operator/", "/operator/venues/3/bookings"] {
        let (status, h, body) = fetch(&client, &format!("{}{path}", app.address), None).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(body, index, "{path}");
        assert_eq!(h["cache-control"], "no-cache", "{path}");
        let (_, h, body) = fetch(&client, &format!("{}{path}", app.address), Some("br")).await;
        assert_eq!(body, b"operator-index-br", "{path}");
        assert_eq!(h["content-encoding"], "br");
    }
    let (status, h, body) = fetch(
        &client,
        &format!("{}/operator/frontend-fedcba9876543210_bg.wasm", app.address),
        Some("br"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body, b"operator-wasm-br");
    assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
    // The players' app stays the players'.
    for path in ["/", "/venues/1", "/operatorer"] {
        let (status, _, body) = fetch(&client, &format!("{}{path}", app.address), None).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(body, b"<!doctype html><title>Ledig</title>", "{path}");
    }
    // The operator build's inline loader is allowed by its hash.
    let (_, h, _) = fetch(&client, &format!("{}/operator", app.address), None).await;
    let script = "import init from '/operator/frontend-fedcba9876543210.js';init();";
    let hash = {
        use base64::Engine as _;
        use sha2::Digest as _;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script.as_bytes()))
    };
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
}
