//! Work that must run to its end once started. A client that disconnects
//! makes axum drop the handler's future at its next `.await`; whatever the
//! handler had still to do is then never done. Steps that cannot share one
//! transaction with what came before (a call to Stripe sits between them)
//! run in a task of their own instead, which the dropped handler does not
//! take down. Each such step is idempotent, so a retry or the repair pass
//! may run it again.

use std::future::Future;

/// Runs `work` on its own task and waits for it. If the caller is dropped,
/// the task still runs to its end.
pub async fn to_completion<T: Send + 'static>(work: impl Future<Output = T> + Send + 'static) -> T {
    match tokio::spawn(work).await {
        Ok(done) => done,
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        // Only a runtime shutting down cancels it, and that drops us too.
        Err(error) => panic!("detached work was cancelled: {error}"),
    }
}
