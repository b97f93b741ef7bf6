//! `kill -9` of one of three `ledig serve` processes on one PostgreSQL
//! (issue 16) while they deliver pushes and sweep lapsed holds.
//!
//! 600 pushes for 20 phones are queued in one transaction once the three
//! listen, so its NOTIFY sends all three to work at once, each with a batch
//! leased; the fake push service takes 100 ms for each message to arrive.
//! A process is killed while they are going out. The survivors send the
//! rest, the dead one's batch once its lease has run out; the push service
//! then holds every message exactly once by its per-slot Topic (a message
//! sent again replaces the one it is a copy of, as RFC 8030 has it), each
//! the one with its own message id; and the copies sent again are no more
//! than the killed process had in flight (it records each answer as it
//! comes, not its whole batch at the end). Of the holds, 16 had lapsed
//! before the start (swept as the three start) and 16 lapse after the kill
//! (swept by the survivors): each is expired and its slot freed once. The
//! survivors still take bookings.

use std::time::Duration;

use backend::{
    bookings::store::{insert_hold, NewBooking},
    db::Db,
    on_db,
    push::store::{enqueue_for_account_in, upsert_subscription, NewMessage},
};
use serde_json::Value;
use uuid::Uuid;

use crate::{
    fake_push::{Device, FakePush},
    helpers::fresh_postgres_url,
    kill::{add_courts, day_at, Server},
};

const PHONES: usize = 20;
const PER_PHONE: usize = 30;
const MESSAGES: usize = PHONES * PER_PHONE;
/// Pushes one process has in flight at once (`push::deliver`'s SENDING).
const IN_FLIGHT: usize = 16;
/// Holds lapsed before the start, and holds lapsing after the kill.
const LAPSED: usize = 16;
const LAPSING: usize = 16;

async fn count(db: &Db, sql: &'static str) -> i64 {
    on_db!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await).unwrap()
}

#[tokio::test]
async fn kill_9_of_one_of_three_while_they_push_and_sweep_sends_each_message_and_frees_each_hold_once(
) {
    let url = fresh_postgres_url().await;
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let courts = add_courts(&db).await;
    let now = chrono::Utc::now().timestamp();

    // The holds: the first LAPSED lapsed a second ago, the rest lapse in 20 s.
    let mut holds = Vec::new();
    for i in 0..LAPSED + LAPSING {
        let starts = day_at(2, 8 + (i / courts.len()) as u32).timestamp();
        let hold = NewBooking {
            id: Uuid::new_v4(),
            court_id: courts[i % courts.len()],
            starts_at: starts,
            ends_at: starts + 3600,
            name: "Ada Lovelace".into(),
            email: "ada@example.se".into(),
            price: shared::Money {
                amount_minor: 15000,
                currency: "SEK".into(),
            },
            hold_expires_at: if i < LAPSED { now - 1 } else { now + 20 },
            created_at: now,
            idempotency_key: None,
            account_id: None,
            terms: Default::default(),
        };
        insert_hold(&db, &hold, now).await.unwrap();
        holds.push(hold.id);
    }

    // The phones: an account each, subscribed at the fake push service.
    let fake = FakePush::start_with_transit(Duration::from_millis(100)).await;
    let mut phones: Vec<(Uuid, Device)> = Vec::new();
    for p in 0..PHONES {
        let account = Uuid::new_v4();
        backend::accounts::store::find_or_create(
            &db,
            account,
            &format!("phone{p}@example.se"),
            "Spelare",
            shared::account::Language::Sv,
            now,
        )
        .await
        .unwrap();
        let phone = fake.device(&format!("phone{p}"));
        upsert_subscription(
            &db,
            account,
            &phone.endpoint,
            &phone.p256dh,
            &phone.auth,
            now,
        )
        .await
        .unwrap();
        phones.push((account, phone));
    }

    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("push-ca.pem");
    std::fs::write(&ca, &fake.ca_pem).unwrap();
    let ca = ca.display().to_string();
    let settings = [
        ("LEDIG_TEST_PUSH_PRIVATE_HOSTS", "1"),
        ("LEDIG_PUSH_EXTRA_CA", ca.as_str()),
    ];
    let mut servers: Vec<Server> = std::thread::scope(|scope| {
        let started: Vec<_> = (0..3)
            .map(|_| scope.spawn(|| Server::start_with(&url, dir.path(), &settings)))
            .collect();
        started.into_iter().map(|s| s.join().unwrap()).collect()
    });

    // All of it queued at once, once all three listen.
    let mut tx = db.begin_write().await.unwrap();
    for (p, (account, _)) in phones.iter().enumerate() {
        for k in 0..PER_PHONE {
            let payload =
                serde_json::json!({ "id": format!("m{p}-{k}"), "title": "Ledig tid" }).to_string();
            let topic = format!("slot{p}-{k}");
            let message = NewMessage {
                payload: &payload,
                topic: Some(&topic),
                urgency: "high",
                expires_at: now + 3600,
            };
            enqueue_for_account_in(&mut tx, *account, &message, now)
                .await
                .unwrap();
        }
    }
    tx.commit().await.unwrap();

    let mut arrived = 0;
    for _ in 0..600 {
        arrived = fake.received().len();
        if arrived >= 100 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(
        (100..MESSAGES).contains(&arrived),
        "killed while the pushes go out: {arrived} of {MESSAGES} had arrived"
    );
    servers.remove(0).kill_9();

    // The survivors send the rest (the dead one's batch after its 60 s
    // lease) and sweep the holds that lapse meanwhile.
    let mut left = (0, 0);
    for _ in 0..1200 {
        left = (
            count(
                &db,
                "SELECT COUNT(*) FROM push_outbox WHERE status <> 'sent'",
            )
            .await,
            count(&db, "SELECT COUNT(*) FROM bookings WHERE status = 'held'").await,
        );
        if left == (0, 0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        left,
        (0, 0),
        "(pushes not sent, holds not swept) after 120 s"
    );

    // Each message once, by its Topic, and the right one by its id.
    let pending = fake.pending();
    assert_eq!(pending.len(), MESSAGES, "one message per Topic and phone");
    for (p, (_, phone)) in phones.iter().enumerate() {
        for k in 0..PER_PHONE {
            let topic = format!("slot{p}-{k}");
            let held: Vec<_> = pending
                .iter()
                .filter(|m| m.device == format!("phone{p}") && m.headers["topic"] == topic.as_str())
                .collect();
            assert_eq!(held.len(), 1, "{topic}");
            let opened: Value = serde_json::from_slice(&phone.decrypt(&held[0].body)).unwrap();
            assert_eq!(opened["id"], format!("m{p}-{k}"));
        }
    }
    let again = fake.received().len() - MESSAGES;
    assert!(
        again <= IN_FLIGHT,
        "{again} messages sent twice: more than the killed process had in flight"
    );

    // Each hold expired, and its slot freed, once.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM bookings WHERE status = 'expired'"
        )
        .await,
        (LAPSED + LAPSING) as i64
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM slot_events WHERE reason = 'hold_lapsed'"
        )
        .await,
        (LAPSED + LAPSING) as i64,
        "each slot freed once"
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(DISTINCT booking_id) FROM slot_events WHERE reason = 'hold_lapsed'"
        )
        .await,
        (LAPSED + LAPSING) as i64
    );

    // The survivors carry on: each still answers and takes a booking.
    let client = reqwest::Client::new();
    for (n, server) in servers.iter().enumerate() {
        let ready = client
            .get(format!("{}/readyz", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(ready.status(), 200);
        let held = client
            .post(format!("{}/api/v1/bookings", server.base))
            .json(&serde_json::json!({
                "court_id": courts[n], "starts_at": day_at(3, 10),
                "name": "Ada Lovelace", "email": "ada@example.se"
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(held.status(), 201, "{}", held.text().await.unwrap());
    }
    for server in servers {
        server.kill_9();
    }
}
