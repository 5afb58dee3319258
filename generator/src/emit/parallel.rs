//! Runs independent jobs on a few threads and returns their results in job order.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

/// More threads than this gain little for the few hundred files of a large crate.
const MAX_THREADS: usize = 8;

/// Each worker's stack, as large as a main thread's: deeply nested code is parsed recursively.
const STACK_SIZE: usize = 8 << 20;

/// Applies `run` to every job and returns the results in the order of `jobs`.
///
/// Up to one thread per core (at most [`MAX_THREADS`], the caller's included) take jobs in
/// turn; each builds its own `context` first, so the context need not be `Send`. A panic in
/// `run` is propagated to the caller.
pub fn map<J, C, R>(
    jobs: &[J],
    context: impl Fn() -> C + Sync,
    run: impl Fn(&C, &J) -> R + Sync,
) -> Vec<R>
where
    J: Sync,
    R: Send,
{
    let threads = std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(MAX_THREADS)
        .min(jobs.len());
    let next = AtomicUsize::new(0);
    let work = || {
        let context = context();
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(index) else {
                return done;
            };
            done.push((index, run(&context, job)));
        }
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut results = work();
        for helper in helpers {
            match helper.join() {
                Ok(done) => results.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        results
    });
    results.sort_unstable_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}
