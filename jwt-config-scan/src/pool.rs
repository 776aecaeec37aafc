//! Work on every core, answered in order: what lets the scan parse files
//! in parallel and still report exactly what a file-by-file scan reports.
//!
//! Scoped threads take the next item from one shared counter, so a thread
//! that drew short files takes more of them; no thread pool crate is
//! needed for one loop over a slice.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads to work on: the cores this process may run on (one
/// when that cannot be told).
pub(crate) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// `work` applied to every item on up to `threads` threads, the results in
/// the items' order; else the error of the first item, in the items'
/// order, that failed — the error a loop over the items would stop at,
/// whichever thread met an error first.
///
/// Once an item has failed, no item after it is started; every item before
/// it still is, since one of them may fail too and comes first.
pub(crate) fn map_in_order<T, R, E>(
    items: &[T],
    threads: usize,
    work: impl Fn(&T) -> Result<R, E> + Sync,
) -> Result<Vec<R>, E>
where
    T: Sync,
    R: Send,
    E: Send,
{
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    // The lowest index that failed so far; `usize::MAX` while none has.
    let failed = AtomicUsize::new(usize::MAX);
    let done: Vec<Vec<(usize, Result<R, E>)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        // Relaxed suffices: the counter only hands out
                        // distinct indices, and `failed` only saves work
                        // (a stale read starts an item that is then
                        // dropped); the results come back through `join`.
                        let at = next.fetch_add(1, Ordering::Relaxed);
                        if at >= items.len() || at > failed.load(Ordering::Relaxed) {
                            return done;
                        }
                        let result = work(&items[at]);
                        if result.is_err() {
                            failed.fetch_min(at, Ordering::Relaxed);
                        }
                        done.push((at, result));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut slots: Vec<Option<Result<R, E>>> =
        std::iter::repeat_with(|| None).take(items.len()).collect();
    for (at, result) in done.into_iter().flatten() {
        slots[at] = Some(result);
    }
    // Indices are handed out in increasing order and none is skipped below
    // the first failure, so every slot up to it is filled: the first error
    // met here is the first in the items' order, and with no error every
    // slot is filled.
    slots
        .into_iter()
        .map_while(|slot| slot)
        .collect::<Result<Vec<R>, E>>()
}

#[cfg(test)]
mod tests {
    use super::map_in_order;

    #[test]
    fn results_come_in_the_items_order_on_any_number_of_threads() {
        let items: Vec<u64> = (0..1000).collect();
        for threads in [1, 2, 3, 8, 2000] {
            let squares: Result<Vec<u64>, ()> = map_in_order(&items, threads, |n| Ok(n * n));
            assert_eq!(
                squares.unwrap(),
                items.iter().map(|n| n * n).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn the_error_is_the_first_in_the_items_order() {
        let items: Vec<u64> = (0..1000).collect();
        for threads in [1, 2, 4] {
            // Items 700 and 300 fail; 300 comes first in the items' order
            // whichever thread reaches 700 first. The spin makes the early
            // items slow, so that a later failure is often met first.
            let result: Result<Vec<u64>, u64> = map_in_order(&items, threads, |&n| {
                if n < 400 {
                    std::hint::black_box((0..2000).sum::<u64>());
                }
                if n == 700 || n == 300 { Err(n) } else { Ok(n) }
            });
            assert_eq!(result, Err(300), "{threads} threads");
        }
    }

    #[test]
    fn no_items_is_no_results() {
        let result: Result<Vec<u8>, ()> = map_in_order(&[] as &[u8], 4, |_| Ok(0));
        assert_eq!(result, Ok(Vec::new()));
    }
}
