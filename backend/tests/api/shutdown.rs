//! Stopping gracefully (issue 16): SIGTERM under load loses no request.
//! Clients keep asking a real `ledig serve`, each request with an id of its
//! own on a connection of its own. After SIGTERM every request the process
//! took (its log says it started it) was answered in full; the others were
//! never taken (refused, or reset by the kernel while still in the listen
//! queue, which a load balancer retries on another process); and the
//! process exits cleanly within its grace time.

use std::{
    collections::HashSet,
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

use crate::kill::Server;

#[derive(Default)]
struct Outcomes {
    answered: Mutex<HashSet<String>>,
    failed: Mutex<HashSet<String>>,
    refused: AtomicU64,
}

#[tokio::test]
async fn sigterm_under_load_answers_every_request_it_took() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("ledig.db").display());
    let server = Server::start_with(
        &url,
        dir.path(),
        &[
            ("LEDIG_SEED_DEMO", "true"),
            ("LEDIG_SHUTDOWN_GRACE_S", "10"),
            // Each request's start, with its id.
            ("LEDIG_LOG", "warn,backend=info,tower_http=debug"),
        ],
    );
    let outcomes = Arc::new(Outcomes::default());
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicU64::new(0));
    let mut clients = Vec::new();
    for c in 0..16 {
        let (outcomes, stop, sent, base) = (
            outcomes.clone(),
            stop.clone(),
            sent.clone(),
            server.base.clone(),
        );
        clients.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(0)
                .build()
                .unwrap();
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let id = format!("c{c}-{n}");
                sent.fetch_add(1, Ordering::SeqCst);
                let response = client
                    .get(format!("{base}/api/v1/venues?lat=63.82&lon=20.26"))
                    .header("x-request-id", &id)
                    .send()
                    .await;
                match response {
                    Ok(response) => {
                        assert!(response.status().is_success(), "{}", response.status());
                        // The whole body, not only the head.
                        match response.bytes().await {
                            Ok(_) => outcomes.answered.lock().unwrap().insert(id),
                            Err(_) => outcomes.failed.lock().unwrap().insert(id),
                        };
                    }
                    Err(e) => {
                        if e.is_connect() {
                            outcomes.refused.fetch_add(1, Ordering::SeqCst);
                        }
                        outcomes.failed.lock().unwrap().insert(id);
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                }
            }
        }));
    }
    // Under load for a while, then the stop.
    while outcomes.answered.lock().unwrap().len() < 200 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let lines = server.lines.clone();
    server.terminate();
    let exited = tokio::task::spawn_blocking(move || server.exited_within(Duration::from_secs(15)))
        .await
        .unwrap();
    // Refused from here on: the clients run on a little, then stop.
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::SeqCst);
    for client in clients {
        client.await.unwrap();
    }
    let status = exited.expect("ledig serve did not exit within its grace time");
    assert!(status.success(), "{status}");
    assert!(
        outcomes.refused.load(Ordering::SeqCst) > 0,
        "the clients went on after the stop"
    );

    let started: HashSet<String> = lines
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.contains("started processing request"))
        .filter_map(|l| l.split("id=").nth(1))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    let answered = outcomes.answered.lock().unwrap();
    let failed = outcomes.failed.lock().unwrap();
    assert!(
        started.len() >= answered.len() && answered.len() >= 200,
        "{} started, {} answered",
        started.len(),
        answered.len()
    );
    let lost: Vec<&String> = started.intersection(&failed).collect();
    assert!(lost.is_empty(), "taken and not answered: {lost:?}");
    assert!(
        lines.lock().unwrap().iter().any(|l| l.contains("stopped")),
        "the process said it stopped"
    );
}
