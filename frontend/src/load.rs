//! Loading API data into a component: a small hook with retry.

use std::future::Future;

use shared::Problem;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::ApiResult;

/// The state of something fetched from the API.
#[derive(Clone, Debug, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(Problem),
}

/// Fetch with `fetch(deps)` whenever `deps` change; returns the state and a
/// callback that fetches again. Answers to stale requests are dropped.
#[hook]
pub fn use_load<T, D, F, Fut>(deps: D, fetch: F) -> (UseStateHandle<Load<T>>, Callback<()>)
where
    T: 'static,
    D: PartialEq + Clone + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = ApiResult<T>> + 'static,
{
    let state = use_state(|| Load::Loading);
    let attempt = use_state(|| 0u32);
    let generation = use_mut_ref(|| 0u64);
    {
        let state = state.clone();
        use_effect_with((deps, *attempt), move |(deps, _)| {
            let this = {
                let mut g = generation.borrow_mut();
                *g += 1;
                *g
            };
            state.set(Load::Loading);
            let request = fetch(deps.clone());
            spawn_local(async move {
                let result = request.await;
                if *generation.borrow() == this {
                    state.set(match result {
                        Ok(value) => Load::Ready(value),
                        Err(problem) => Load::Failed(problem),
                    });
                }
            });
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |()| attempt.set(attempt.wrapping_add(1)))
    };
    (state, retry)
}
