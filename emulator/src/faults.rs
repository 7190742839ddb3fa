//! Test controls applied before an operation runs: request counters,
//! latency with jitter, per-operation token buckets, random faults drawn
//! from a seeded ChaCha generator (reproducible), and fail-the-Nth-request.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;

use crate::error::AwsError;

pub enum Outcome {
    Proceed,
    Fail(AwsError),
    Drop,
}

struct Bucket {
    rate: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
}

struct Faults {
    rng: ChaCha8Rng,
    throttle: f64,
    unavailable: f64,
    drop: f64,
    operations: Option<HashSet<String>>,
}

struct FailNth {
    operation: Option<String>,
    remaining: u64,
    error: String,
}

pub struct Controls {
    /// Requests per operation name (the table's names, and STS's).
    pub counters: BTreeMap<&'static str, u64>,
    latency_ms: u64,
    jitter_ms: u64,
    jitter_rng: ChaCha8Rng,
    buckets: HashMap<String, Bucket>,
    faults: Option<Faults>,
    fail_nth: Option<FailNth>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    pub rate_per_sec: f64,
    pub burst: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultConfig {
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub throttle_rate: f64,
    #[serde(default)]
    pub unavailable_rate: f64,
    #[serde(default)]
    pub drop_rate: f64,
    pub operations: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FailNthConfig {
    pub operation: Option<String>,
    pub n: u64,
    #[serde(default = "default_fail_error")]
    pub error: String,
}

fn default_fail_error() -> String {
    "ServiceUnavailableException".into()
}

/// Body of `PUT /__emulator/config`; every field optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigUpdate {
    pub latency_ms: Option<u64>,
    pub jitter_ms: Option<u64>,
    pub rate_limits: Option<HashMap<String, RateLimit>>,
    pub faults: Option<FaultConfig>,
    pub fail_nth: Option<FailNthConfig>,
    pub limits: Option<crate::limits::Limits>,
}

impl Controls {
    pub fn new(latency_ms: u64, jitter_ms: u64, seed: u64) -> Self {
        Controls {
            counters: BTreeMap::new(),
            latency_ms,
            jitter_ms,
            jitter_rng: ChaCha8Rng::seed_from_u64(seed),
            buckets: HashMap::new(),
            faults: None,
            fail_nth: None,
        }
    }

    pub fn count(&mut self, op: &'static str) {
        *self.counters.entry(op).or_insert(0) += 1;
    }

    pub fn apply(&mut self, c: ConfigUpdate) -> Result<(), String> {
        if let Some(l) = c.latency_ms {
            self.latency_ms = l;
        }
        if let Some(j) = c.jitter_ms {
            self.jitter_ms = j;
        }
        if let Some(limits) = c.rate_limits {
            self.buckets.clear();
            for (op, l) in limits {
                if l.rate_per_sec <= 0.0 {
                    return Err(format!("rate_limits.{op}.rate_per_sec must be > 0"));
                }
                let burst = l.burst.unwrap_or(l.rate_per_sec).max(1.0);
                self.buckets.insert(
                    op,
                    Bucket {
                        rate: l.rate_per_sec,
                        burst,
                        tokens: burst,
                        last: Instant::now(),
                    },
                );
            }
        }
        if let Some(f) = c.faults {
            for r in [f.throttle_rate, f.unavailable_rate, f.drop_rate] {
                if !(0.0..=1.0).contains(&r) {
                    return Err("fault rates must be between 0 and 1".into());
                }
            }
            self.faults = Some(Faults {
                rng: ChaCha8Rng::seed_from_u64(f.seed),
                throttle: f.throttle_rate,
                unavailable: f.unavailable_rate,
                drop: f.drop_rate,
                operations: f.operations.map(|o| o.into_iter().collect()),
            });
        }
        if let Some(n) = c.fail_nth {
            if n.n == 0 {
                return Err("fail_nth.n must be at least 1".into());
            }
            self.fail_nth = Some(FailNth {
                operation: n.operation,
                remaining: n.n,
                error: n.error,
            });
        }
        Ok(())
    }

    fn injected(error: &str) -> Outcome {
        match error {
            "drop" | "DroppedConnection" | "drop_connection" => Outcome::Drop,
            e => Outcome::Fail(AwsError::by_name(e)),
        }
    }

    /// Decides what happens to one request of `op`, and how long to wait first.
    pub fn admit(&mut self, op: &str) -> (Duration, Outcome) {
        let delay = if self.latency_ms + self.jitter_ms == 0 {
            Duration::ZERO
        } else {
            let j = if self.jitter_ms > 0 {
                self.jitter_rng.random_range(0..=self.jitter_ms)
            } else {
                0
            };
            Duration::from_millis(self.latency_ms + j)
        };
        if let Some(f) = &mut self.fail_nth {
            if f.operation.as_deref().is_none_or(|o| o == op) {
                f.remaining -= 1;
                if f.remaining == 0 {
                    let e = f.error.clone();
                    self.fail_nth = None;
                    return (delay, Self::injected(&e));
                }
            }
        }
        if let Some(b) = self.buckets.get_mut(op) {
            let now = Instant::now();
            let dt = now.duration_since(b.last).as_secs_f64();
            b.last = now;
            b.tokens = (b.tokens + dt * b.rate).min(b.burst);
            if b.tokens < 1.0 {
                return (delay, Outcome::Fail(AwsError::throttling()));
            }
            b.tokens -= 1.0;
        }
        if let Some(f) = &mut self.faults {
            if f.operations.as_ref().is_none_or(|s| s.contains(op)) {
                let r: f64 = f.rng.random();
                if r < f.throttle {
                    return (delay, Outcome::Fail(AwsError::throttling()));
                }
                if r < f.throttle + f.unavailable {
                    return (delay, Outcome::Fail(AwsError::unavailable()));
                }
                if r < f.throttle + f.unavailable + f.drop {
                    return (delay, Outcome::Drop);
                }
            }
        }
        (delay, Outcome::Proceed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(json: &str) -> ConfigUpdate {
        serde_json::from_str(json).unwrap()
    }

    fn pattern(c: &mut Controls) -> Vec<u8> {
        (0..200)
            .map(|_| match c.admit("ListBackupVaults").1 {
                Outcome::Proceed => 0,
                Outcome::Fail(e) if e.code == "ThrottlingException" => 1,
                Outcome::Fail(_) => 2,
                Outcome::Drop => 3,
            })
            .collect()
    }

    #[test]
    fn faults_are_reproducible_from_the_seed() {
        let conf =
            r#"{"faults":{"seed":7,"throttle_rate":0.2,"unavailable_rate":0.2,"drop_rate":0.1}}"#;
        let mut a = Controls::new(0, 0, 1);
        a.apply(cfg(conf)).unwrap();
        let mut b = Controls::new(0, 0, 2);
        b.apply(cfg(conf)).unwrap();
        let (pa, pb) = (pattern(&mut a), pattern(&mut b));
        assert_eq!(pa, pb);
        for k in 0..4 {
            assert!(pa.contains(&k), "outcome {k} never drawn");
        }
    }

    #[test]
    fn token_bucket_throttles_after_burst() {
        let mut c = Controls::new(0, 0, 1);
        c.apply(cfg(
            r#"{"rate_limits":{"ListBackupVaults":{"rate_per_sec":0.001,"burst":3}}}"#,
        ))
        .unwrap();
        let p = pattern(&mut c);
        assert_eq!(&p[..4], &[0, 0, 0, 1]);
    }

    #[test]
    fn fail_nth_fails_once() {
        let mut c = Controls::new(0, 0, 1);
        c.apply(cfg(r#"{"fail_nth":{"n":3,"error":"ThrottlingException"}}"#))
            .unwrap();
        let p = pattern(&mut c);
        assert_eq!(&p[..5], &[0, 0, 1, 0, 0]);
    }
}
