//! Client-side pacing, one send rate per AWS operation.
//!
//! AWS throttles each API operation with its own token bucket (per account
//! and region). The SDK's adaptive retry mode keeps a single rate limiter for
//! the whole client, estimates the send rate from half-second buckets and
//! starts at 0.5 requests/s: one `ThrottlingException` early in a run drops
//! every operation to about 0.5 requests/s (a 0.03 s plan took 8–25 s).
//!
//! Here an operation is not paced at all until AWS throttles it twice
//! within a second (a lone throttle is retried at once and changes
//! nothing). From then on it gets a send rate, found the way TCP finds a
//! link's capacity:
//! - on a throttle of a request sent after the requests admitted at the
//!   old rate (the slots reserved before the last cut): the rate becomes
//!   [`CUT`] × the lower of the current rate and the successes of the last
//!   second (what the bucket let through), at least [`MIN_RATE`]; once the
//!   operation has been answered for a full second (so the bucket's initial
//!   burst is out of the count), those successes are the *ceiling* the
//!   bucket showed (a first throttle with next to no successes before it
//!   starts from [`FIRST_GUESS`] instead);
//! - on each success, below 90 % of the ceiling (or with none known yet):
//!   +[`FAST`] requests/s, which doubles the rate every second (a single
//!   stray throttle costs a second or two, never a collapse); above it:
//!   +[`SLOW`] requests/s, +10 % per second at any rate, probing gently
//!   for more.
//!
//! New calls of a paced operation queue for its slots, one per slot at the
//! rate current when the slot comes ([`Pacer::wait_turn`]); a retry of a
//! throttled call takes the next free slot ahead of them
//! ([`Pacer::reserve_retry`]): throttled retries go out at the paced rate
//! instead of sleeping an exponential backoff each. The benchmark in `benches/retries.rs` compares this with
//! the SDK's modes (BENCHMARKS.md, "Retries under throttling").

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Lowest send rate per operation, requests per second.
pub const MIN_RATE: f64 = 0.5;
/// Multiplicative cut on a throttle.
pub const CUT: f64 = 0.8;
/// Rate added per success below the ceiling (a rate `r` sees `r`
/// successes a second, so it doubles each second).
pub const FAST: f64 = 1.0;
/// Rate added per success near the ceiling (+10 % per second).
pub const SLOW: f64 = 0.1;
/// Rate after a first throttle that came with fewer than
/// `CEILING_EVIDENCE` (3) successes in the last second, requests per second.
pub const FIRST_GUESS: f64 = 5.0;
/// Fewest successes in the window for them to count as a ceiling.
const CEILING_EVIDENCE: usize = 3;
/// Window over which successes are counted.
const WINDOW: Duration = Duration::from_secs(1);

/// Send rates per operation, shared by every request of one client.
#[derive(Debug, Default)]
pub struct Pacer {
    ops: Mutex<HashMap<String, OpPace>>,
    /// Per operation, the queue of new calls waiting for a slot.
    gates: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

#[derive(Debug)]
struct OpPace {
    /// Requests per second; `None` until the operation is first throttled.
    rate: Option<f64>,
    /// Successes per second the bucket allowed when it last throttled.
    ceiling: Option<f64>,
    /// The last send slot taken (by a new call or a retry).
    last: Option<Instant>,
    /// Throttles of requests sent before this instant do not cut the rate
    /// again: set at a cut to the last slot taken so far, since every
    /// request sent until then was admitted at the old rate.
    cut_until: Option<Instant>,
    /// Successes within the last [`WINDOW`].
    successes: VecDeque<Instant>,
    /// The operation's first success.
    first_success: Option<Instant>,
    /// Throttles seen.
    throttles: u64,
    /// When the operation was last throttled while unpaced.
    last_throttle: Option<Instant>,
}

impl OpPace {
    fn new() -> Self {
        OpPace {
            rate: None,
            ceiling: None,
            last: None,
            cut_until: None,
            successes: VecDeque::new(),
            first_success: None,
            throttles: 0,
            last_throttle: None,
        }
    }

    /// The next free slot at the current rate, if paced.
    fn due(&self, now: Instant) -> Option<Instant> {
        let rate = self.rate?;
        Some(match self.last {
            Some(last) => (last + Duration::from_secs_f64(1.0 / rate)).max(now),
            None => now,
        })
    }
}

/// Whether a new call may be sent now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// The operation is not paced.
    Free,
    /// Paced, and this slot is taken now.
    Go,
    /// Paced: ask again after this long.
    Wait(Duration),
}

/// What one operation's pacing came to, for the run summary.
#[derive(Debug, Clone, PartialEq)]
pub struct PaceSummary {
    pub operation: String,
    /// The send rate at the end (requests per second).
    pub rate: f64,
    pub throttles: u64,
}

impl Pacer {
    /// Whether a new call of `operation` may go at `now`; `Go` takes the
    /// slot. Callers queue in [`Pacer::wait_turn`], which asks again after
    /// each wait, so a rate that changed meanwhile applies at once.
    pub fn turn(&self, operation: &str, now: Instant) -> Turn {
        let mut ops = self.ops.lock().expect("pacer lock");
        let Some(p) = ops.get_mut(operation) else {
            return Turn::Free;
        };
        let Some(due) = p.due(now) else {
            return Turn::Free;
        };
        if due > now {
            return Turn::Wait(due - now);
        }
        p.last = Some(now);
        Turn::Go
    }

    /// Wait until a new call of `operation` may be sent: at once while the
    /// operation is not paced (returns false), else in a first-come queue
    /// of the operation's callers, one per slot (returns true).
    pub async fn wait_turn(&self, operation: &str) -> bool {
        if !self.is_paced(operation) {
            return false;
        }
        let gate = {
            let mut gates = self.gates.lock().expect("pacer lock");
            gates.entry(operation.to_string()).or_default().clone()
        };
        let _queue = gate.lock().await;
        loop {
            match self.turn(operation, Instant::now()) {
                Turn::Free | Turn::Go => return true,
                Turn::Wait(d) => tokio::time::sleep(d).await,
            }
        }
    }

    /// Whether AWS has throttled `operation` (it has a send rate).
    pub fn is_paced(&self, operation: &str) -> bool {
        let ops = self.ops.lock().expect("pacer lock");
        ops.get(operation).is_some_and(|p| p.rate.is_some())
    }

    /// How long the retry of a throttled `operation` call waits: it takes
    /// the next free slot, ahead of the new calls queued in
    /// [`Pacer::wait_turn`] (a retry holds one of the `--concurrency`
    /// slots while it waits, so it must not wait behind every queued call).
    pub fn reserve_retry(&self, operation: &str, now: Instant) -> Duration {
        let mut ops = self.ops.lock().expect("pacer lock");
        let Some(p) = ops.get_mut(operation) else {
            return Duration::ZERO;
        };
        let Some(due) = p.due(now) else {
            return Duration::ZERO;
        };
        p.last = Some(due);
        due - now
    }

    /// Record the answer to a request of `operation` sent at `sent`.
    /// Returns the new rate when this answer cut it.
    pub fn record(
        &self,
        operation: &str,
        sent: Instant,
        throttled: bool,
        now: Instant,
    ) -> Option<f64> {
        let mut ops = self.ops.lock().expect("pacer lock");
        let p = ops.entry(operation.to_string()).or_insert_with(OpPace::new);
        while p
            .successes
            .front()
            .is_some_and(|t| now.duration_since(*t) > WINDOW)
        {
            p.successes.pop_front();
        }
        if !throttled {
            p.successes.push_back(now);
            p.first_success.get_or_insert(now);
            if let Some(rate) = &mut p.rate {
                let near = p.ceiling.is_some_and(|c| *rate >= 0.9 * c);
                *rate += if near { SLOW } else { FAST };
            }
            return None;
        }
        p.throttles += 1;
        if p.cut_until.is_some_and(|until| sent < until) {
            return None;
        }
        // A lone throttle of an unpaced operation is retried at once and
        // paces nothing: a bucket AWS keeps empty answers the retry (or the
        // next call) with another throttle within the second.
        if p.rate.is_none() {
            let lone = p
                .last_throttle
                .is_none_or(|t| now.duration_since(t) > WINDOW);
            p.last_throttle = Some(now);
            if lone {
                return None;
            }
        }
        // Successes over the last second: what the bucket let through. It
        // shows the bucket's rate (a ceiling) only once the operation has
        // been answered for a full second; before that it mixes in the
        // bucket's initial burst.
        let let_through = p.successes.len() as f64;
        let window_full = p
            .first_success
            .is_some_and(|f| now.duration_since(f) >= WINDOW);
        if window_full && p.successes.len() >= CEILING_EVIDENCE {
            p.ceiling = Some(let_through);
        }
        let rate = match p.rate {
            // A first throttle with next to no successes before it says
            // little about the bucket (it may have been emptied by another
            // client): start from a guess and let the next throttles tell.
            None if p.successes.len() < CEILING_EVIDENCE => FIRST_GUESS,
            current => current.unwrap_or(f64::INFINITY).min(let_through) * CUT,
        }
        .max(MIN_RATE);
        p.rate = Some(rate);
        p.cut_until = Some(p.last.map_or(now, |last| last.max(now)));
        Some(rate)
    }

    /// Every throttled operation with its final rate, sorted by name.
    pub fn summary(&self) -> Vec<PaceSummary> {
        let ops = self.ops.lock().expect("pacer lock");
        let mut out: Vec<PaceSummary> = ops
            .iter()
            .filter_map(|(op, p)| {
                p.rate.map(|rate| PaceSummary {
                    operation: op.clone(),
                    rate,
                    throttles: p.throttles,
                })
            })
            .collect();
        out.sort_by(|a, b| a.operation.cmp(&b.operation));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// Two throttles of an unpaced operation (the first, alone, paces
    /// nothing); the rate the second set.
    fn throttled_twice(p: &Pacer, op: &str, sent: Instant, now: Instant) -> f64 {
        assert_eq!(p.record(op, sent, true, now), None);
        assert_eq!(p.turn(op, now), Turn::Free);
        p.record(op, sent, true, now).expect("paced")
    }

    #[tokio::test]
    async fn queued_calls_go_one_per_slot_at_the_current_rate() {
        let p = Arc::new(Pacer::default());
        let t = Instant::now();
        for i in 0..20 {
            p.record("Op", t, false, t + ms(i));
        }
        // Paced at 16/s (20 successes in the last second x 0.8).
        throttled_twice(&p, "Op", t, Instant::now());
        let start = Instant::now();
        let calls: Vec<_> = (0..5)
            .map(|_| {
                let p = p.clone();
                tokio::spawn(async move { p.wait_turn("Op").await })
            })
            .collect();
        for c in calls {
            assert!(c.await.unwrap());
        }
        // 5 calls at 16/s: the first at once, the last 4 slots later.
        let took = start.elapsed();
        assert!(took >= ms(240), "{took:?}");
        assert!(!p.wait_turn("Other").await);
    }

    #[test]
    fn an_operation_never_throttled_is_not_paced() {
        let p = Pacer::default();
        let t = Instant::now();
        for i in 0..100 {
            p.record("ListTags", t, false, t + ms(i));
            assert_eq!(p.turn("ListTags", t + ms(i)), Turn::Free);
        }
        assert!(p.summary().is_empty());
    }

    #[test]
    fn the_first_throttle_paces_at_what_the_bucket_let_through() {
        let p = Pacer::default();
        let t = Instant::now();
        // 20 successes a second, then a throttle.
        for i in 0..20 {
            p.record("ListTags", t, false, t + ms(50 * i));
        }
        let rate = throttled_twice(&p, "ListTags", t, t + ms(1000));
        assert!((rate - 16.0).abs() < 1e-9, "{rate}");
        // Slots 62.5 ms apart, from the throttle on; other operations free.
        let now = t + ms(1000);
        let slot = Duration::from_micros(62_500);
        assert_eq!(p.turn("ListTags", now), Turn::Go);
        assert_eq!(p.turn("ListTags", now), Turn::Wait(slot));
        assert_eq!(p.turn("ListTags", now + slot), Turn::Go);
        assert_eq!(p.turn("GetBackupPlan", now), Turn::Free);
        // A retry takes the next slot, ahead of the queued new calls.
        assert_eq!(p.reserve_retry("ListTags", now + slot), slot);
        assert_eq!(p.turn("ListTags", now + 2 * slot), Turn::Wait(slot));
    }

    #[test]
    fn a_burst_is_no_ceiling() {
        let p = Pacer::default();
        let t = Instant::now();
        // The bucket's burst of 10 went through within 10 ms: pace at 8/s
        // but keep doubling (+1 per success), since the bucket's rate is
        // not known yet.
        for i in 0..10 {
            p.record("Op", t, false, t + ms(i));
        }
        let rate = throttled_twice(&p, "Op", t, t + ms(20));
        assert!((rate - 8.0).abs() < 1e-9, "{rate}");
        for i in 0..10 {
            p.record("Op", t, false, t + ms(100 + 10 * i));
        }
        assert!((p.summary()[0].rate - 18.0).abs() < 1e-9);
    }

    #[test]
    fn throttles_of_requests_sent_before_a_cut_do_not_cut_again() {
        let p = Pacer::default();
        let t = Instant::now();
        for i in 0..10 {
            p.record("Op", t, false, t + ms(i));
        }
        let first = throttled_twice(&p, "Op", t, t + ms(10));
        // 15 more answers to requests sent at t, all throttled.
        for i in 0..15 {
            assert_eq!(p.record("Op", t, true, t + ms(11 + i)), None);
        }
        assert_eq!(p.summary()[0].rate, first);
        assert_eq!(p.summary()[0].throttles, 17);
        // A request sent after the cut and throttled cuts again.
        let second = p.record("Op", t + ms(30), true, t + ms(40)).unwrap();
        assert!(second < first);
        assert!(second >= MIN_RATE);
    }

    #[test]
    fn requests_admitted_at_the_old_rate_do_not_cut_again() {
        let p = Pacer::default();
        let t = Instant::now();
        for i in 0..20 {
            p.record("Op", t, false, t + ms(50 * i));
        }
        let now = t + ms(1000);
        throttled_twice(&p, "Op", t, now);
        // Six retries admitted at 16/s: slots up to now + 312.5 ms.
        for _ in 0..6 {
            p.reserve_retry("Op", now);
        }
        let second = p.record("Op", now + ms(10), true, now + ms(20)).unwrap();
        // Until the slots reserved before that cut are used, throttles are
        // answers to the old rate.
        assert_eq!(p.record("Op", now + ms(300), true, now + ms(310)), None);
        let third = p.record("Op", now + ms(400), true, now + ms(410)).unwrap();
        assert!(third < second);
    }

    #[test]
    fn successes_raise_the_rate_fast_below_the_ceiling_then_slowly() {
        let p = Pacer::default();
        let t = Instant::now();
        for i in 0..5 {
            p.record("Op", t, false, t + ms(200 * i));
        }
        // 5 successes in the last second: ceiling 5/s, rate 4/s.
        let r0 = throttled_twice(&p, "Op", t, t + ms(1000));
        assert!((r0 - 4.0).abs() < 1e-9, "{r0}");
        // +1 per success up to 4.5, then +0.1.
        p.record("Op", t, false, t + ms(2000));
        assert!((p.summary()[0].rate - 5.0).abs() < 1e-9);
        p.record("Op", t, false, t + ms(2100));
        assert!((p.summary()[0].rate - 5.1).abs() < 1e-9);
        // Throttled again: the 2 successes of the last second bound it.
        let cut = p.record("Op", t + ms(2500), true, t + ms(2800)).unwrap();
        assert!((cut - 2.0 * CUT).abs() < 1e-9, "{cut}");
    }

    #[test]
    fn a_lone_throttle_paces_nothing() {
        let p = Pacer::default();
        let t = Instant::now();
        for i in 0..50 {
            p.record("Op", t, false, t + ms(i));
        }
        assert_eq!(p.record("Op", t, true, t + ms(60)), None);
        assert_eq!(p.turn("Op", t + ms(60)), Turn::Free);
        // Another one more than a second later is lone too.
        assert_eq!(p.record("Op", t + ms(1100), true, t + ms(1200)), None);
        assert_eq!(p.turn("Op", t + ms(1200)), Turn::Free);
        assert!(p.summary().is_empty());
    }

    #[test]
    fn throttles_without_evidence_start_from_a_guess_and_recover() {
        let p = Pacer::default();
        let t = Instant::now();
        // The very first requests are throttled: nothing is known.
        assert_eq!(throttled_twice(&p, "Op", t, t + ms(5)), FIRST_GUESS);
        // Each success adds 1/s: ten successes later it is at 15/s.
        for i in 0..10 {
            p.record("Op", t, false, t + ms(100 * i));
        }
        assert!((p.summary()[0].rate - 15.0).abs() < 1e-9);
        // Throttled again right away: now the cuts follow the evidence.
        let cut = p.record("Op", t + ms(990), true, t + ms(995)).unwrap();
        assert!((cut - 10.0 * CUT).abs() < 1e-9, "{cut}");
    }

    #[test]
    fn the_rate_never_falls_below_the_minimum() {
        let p = Pacer::default();
        let t = Instant::now();
        for i in 0..50 {
            p.record("Op", t + ms(i * 10), true, t + ms(i * 10 + 5));
        }
        assert_eq!(p.summary()[0].rate, MIN_RATE);
        assert_eq!(p.turn("Op", t + ms(1000)), Turn::Go);
        assert_eq!(p.turn("Op", t + ms(1000)), Turn::Wait(ms(2000)));
    }
}
