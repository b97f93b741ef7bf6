//! Doorbells for the background workers.
//!
//! The truth is always in the database: a freed slot is a `slot_events` row
//! and a push is a `push_outbox` row, written in the same transaction as the
//! change that caused them, and every worker polls for them on an interval.
//! A poll interval alone would put seconds between a cancellation and the
//! watcher's phone, so whoever commits such a row in this process also rings
//! the worker's bell *after* the commit, and the worker looks at once.
//!
//! A ring only shortens a wait; losing one costs at most one interval (the
//! poll finds the row anyway).
//!
//! Across processes on one PostgreSQL the rows ring too: a trigger on each
//! table that gives a job work sends `NOTIFY` on that job's channel from the
//! writing transaction (migration 0031), and every process runs one
//! [`listen_forever`] that rings its own bell for each notification. So a
//! cancellation answered by one process wakes the offer worker of whichever
//! process gets the job's lock, without waiting for its poll. A notification
//! missed while the listener reconnects is made up by ringing every bell
//! once it listens again, and by the polls.
//!
//! Each listener keeps its own "last seen" (a `watch` channel's version), so
//! a ring while the worker is busy is not lost: its next wait returns at
//! once. The bells are per process, not per database: in a test binary with
//! many servers a ring wakes every server's worker, which finds nothing to
//! do and waits again.

use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        OnceLock,
    },
    time::Duration,
};

use tokio::{sync::watch, time::Interval};

/// Whether a ring in this process wakes this process's workers. Always, but
/// for a benchmark that runs two servers in one process as if each were a
/// process of its own: there only the database's notifications may wake.
static LOCAL_RINGS: AtomicBool = AtomicBool::new(true);

/// Rings in this process wake no one here; only [`listen_forever`] does.
#[doc(hidden)]
pub fn hear_only_the_database() {
    LOCAL_RINGS.store(false, Ordering::SeqCst);
}

/// The process is stopping (SIGTERM, Ctrl-C): every worker finishes the
/// step in hand and returns instead of waiting for the next. One per
/// process, as the process stops as a whole.
static STOPPING: AtomicBool = AtomicBool::new(false);
static STOP: Bell = Bell::new();

static STOPPED_AT: OnceLock<tokio::time::Instant> = OnceLock::new();

/// Tells every worker to stop after its current step.
pub fn stop() {
    STOPPED_AT.get_or_init(tokio::time::Instant::now);
    STOPPING.store(true, Ordering::SeqCst);
    STOP.ring_here();
}

/// When [`stop`] was first called.
pub fn stopped_at() -> Option<tokio::time::Instant> {
    STOPPED_AT.get().copied()
}

/// Whether [`stop`] was called.
pub fn stopping() -> bool {
    STOPPING.load(Ordering::SeqCst)
}

/// Until [`stop`] is called (at once if it was).
pub async fn stopped() {
    let mut rings = STOP.sender().subscribe();
    while !stopping() {
        // The sender is a static and never dropped, so this never errs.
        let _ = rings.changed().await;
    }
}

/// A worker that only polls: [`Ear::wait`] at every tick of `every` (the
/// first at once), never rung.
pub fn every(every: Duration) -> Ear {
    NEVER.listen(every)
}

/// [`every`], with the first tick after `first` instead of at once.
pub fn every_after(first: Duration, every: Duration) -> Ear {
    let mut ear = NEVER.listen(every);
    ear.tick = tokio::time::interval_at(tokio::time::Instant::now() + first, every);
    ear.tick
        .set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ear
}

/// The bell of the workers that only poll.
static NEVER: Bell = Bell::new();

pub struct Bell(OnceLock<watch::Sender<u64>>);

impl Bell {
    pub const fn new() -> Bell {
        Bell(OnceLock::new())
    }

    fn sender(&self) -> &watch::Sender<u64> {
        self.0.get_or_init(|| watch::channel(0).0)
    }

    /// Wakes every worker listening. Call it after the commit.
    pub fn ring(&self) {
        if LOCAL_RINGS.load(Ordering::Relaxed) {
            self.ring_here();
        }
    }

    /// What a notification from the database does: rings whatever
    /// [`hear_only_the_database`] says.
    fn ring_here(&self) {
        self.sender()
            .send_modify(|rings| *rings = rings.wrapping_add(1));
    }

    /// A worker's ear: [`Ear::wait`] returns at the next tick or ring.
    pub fn listen(&'static self, every: Duration) -> Ear {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        Ear {
            rings: self.sender().subscribe(),
            stop: STOP.sender().subscribe(),
            tick,
        }
    }
}

pub struct Ear {
    rings: watch::Receiver<u64>,
    stop: watch::Receiver<u64>,
    tick: Interval,
}

impl Ear {
    /// Until the next tick of the interval, or a ring since the last wait;
    /// `false` once the process is stopping (then at once), so a worker's
    /// loop is `while ear.wait().await { step }` and a step under way is
    /// finished, never cut off.
    pub async fn wait(&mut self) -> bool {
        if stopping() {
            return false;
        }
        tokio::select! {
            _ = self.tick.tick() => {}
            // The senders are statics and never dropped, so these never err.
            _ = self.rings.changed() => {}
            _ = self.stop.changed() => {}
        }
        !stopping()
    }
}

/// A slot was freed (cancelled, a hold lapsed, a no-show released) or an
/// offer was passed: the offer worker has a run to start or move on.
pub static OFFERS: Bell = Bell::new();

/// Pushes were queued in the outbox: the delivery worker has work.
pub static PUSHES: Bell = Bell::new();

/// Mail was queued in the mail outbox: its delivery worker has work.
pub static MAIL: Bell = Bell::new();

/// A closure or block was written, or a booking confirmed: the venues'
/// staff may have something to be told (`operator::notices::job`).
pub static STAFF: Bell = Bell::new();

/// The channels the triggers of migration 0031 notify, and the bell each rings.
pub static CHANNELS: [(&str, &Bell); 4] = [
    ("ledig_offers", &OFFERS),
    ("ledig_pushes", &PUSHES),
    ("ledig_mail", &MAIL),
    ("ledig_staff", &STAFF),
];

/// On PostgreSQL: `LISTEN`s on `channels` and rings the bell of each
/// notification's channel, until the process stops. It has a connection of
/// its own (not one of the pool's, which it would hold for good). When that
/// connection is lost it listens again after a second, and rings every bell
/// once it does: whatever was notified meanwhile is looked at then.
pub async fn listen_forever(
    pool: sqlx::PgPool,
    channels: &'static [(&'static str, &'static Bell)],
) {
    use sqlx::postgres::{PgListener, PgPoolOptions};
    let own = PgPoolOptions::new()
        .max_connections(1)
        .max_lifetime(None)
        .idle_timeout(None)
        .connect_lazy_with((*pool.connect_options()).clone());
    drop(pool);
    let names: Vec<&str> = channels.iter().map(|(name, _)| *name).collect();
    while !stopping() {
        let listened = async {
            let mut listener = PgListener::connect_with(&own).await?;
            listener.listen_all(names.iter().copied()).await?;
            Ok::<_, sqlx::Error>(listener)
        }
        .await;
        match listened {
            Ok(mut listener) => {
                tracing::debug!("listening for other processes' wake-ups");
                for (_, bell) in channels {
                    bell.ring_here();
                }
                loop {
                    let next = tokio::select! {
                        next = listener.try_recv() => next,
                        () = stopped() => return,
                    };
                    match next {
                        Ok(Some(notification)) => {
                            if let Some((_, bell)) = channels
                                .iter()
                                .find(|(name, _)| *name == notification.channel())
                            {
                                bell.ring_here();
                            }
                        }
                        // The connection was lost: listen anew.
                        Ok(None) => break,
                        Err(error) => {
                            tracing::warn!(%error, "listening for wake-ups failed; the polls carry on");
                            break;
                        }
                    }
                }
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for wake-ups; the polls carry on");
            }
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
            () = stopped() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static TEST: Bell = Bell::new();

    #[tokio::test]
    async fn a_ring_while_busy_is_heard_at_the_next_wait() {
        let mut ear = TEST.listen(Duration::from_secs(3600));
        ear.wait().await; // an interval's first tick is immediate
        TEST.ring(); // rung while the worker is not waiting
        tokio::time::timeout(Duration::from_millis(200), ear.wait())
            .await
            .expect("the ring is not lost");
        // Heard once: the next wait sleeps until the next tick or ring.
        assert!(
            tokio::time::timeout(Duration::from_millis(100), ear.wait())
                .await
                .is_err(),
            "a ring is heard once"
        );
    }
}
