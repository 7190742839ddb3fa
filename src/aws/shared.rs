//! State of one [`Aws`](super::Aws) client that its SDK hooks share: the
//! interceptor (`calls`), the retry classifier and the paced HTTP client
//! (`transport`). Kept apart from both so neither depends on the other's
//! internals. Also how the timeout limits are written on the command line
//! ([`parse_duration`]).

use std::sync::atomic::AtomicBool;
use std::sync::Mutex;
use std::time::Duration;

use super::pacing::Pacer;

/// The three limits on a call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timeouts {
    /// TCP connect and TLS handshake.
    pub connect: Duration,
    /// From sending a request to the first byte of its answer.
    pub read: Duration,
    /// One whole call: attempts, backoff and pacing waits.
    pub operation: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(5),
            read: Duration::from_secs(20),
            operation: Duration::from_secs(60),
        }
    }
}

/// State shared by the interceptor, the retry classifier and the paced HTTP
/// client of one [`Aws`](super::Aws).
#[derive(Debug, Default)]
pub(crate) struct Shared {
    /// Per-operation pacing (`None`: the SDK's own standard or adaptive mode).
    pub pacer: Option<Pacer>,
    /// The endpoint has answered at least one request in this run.
    pub answered: AtomicBool,
    pub timeouts: Timeouts,
    pub(super) stats: Mutex<Stats>,
}

/// Totals of a run, for the summary line.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Stats {
    /// Calls made (each paginated page is a call).
    pub calls: u64,
    /// HTTP attempts, retries included.
    pub attempts: u64,
    /// Attempts AWS answered with a throttling error.
    pub throttles: u64,
    /// Calls that ended in an error (AWS error answers included, such as
    /// ResourceNotFoundException for a vault without a policy).
    pub errors: u64,
}

impl Shared {
    pub(super) fn new(pacer: Option<Pacer>, timeouts: Timeouts) -> Self {
        Shared {
            pacer,
            timeouts,
            ..Default::default()
        }
    }

    pub(super) fn stats(&self) -> Stats {
        self.stats.lock().expect("stats lock").clone()
    }
}

/// A duration flag: `500ms`, `5s`, `2m`, `1m30s`, or plain seconds (`5`,
/// `0.5`).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let bad = || format!("`{text}` is not a duration (e.g. 500ms, 5s, 2m, 1m30s)");
    let t = text.trim();
    if let Ok(secs) = t.parse::<f64>() {
        return Duration::try_from_secs_f64(secs).map_err(|_| bad());
    }
    let mut total = Duration::ZERO;
    let mut rest = t;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let (number, tail) = rest.split_at(digits);
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (unit, tail) = tail.split_at(unit_len);
        let n: f64 = number.parse().map_err(|_| bad())?;
        let secs = match unit {
            "ms" => n / 1000.0,
            "s" => n,
            "m" => n * 60.0,
            "h" => n * 3600.0,
            _ => return Err(bad()),
        };
        total += Duration::try_from_secs_f64(secs).map_err(|_| bad())?;
        rest = tail;
    }
    if total.is_zero() {
        return Err(format!("`{text}`: a timeout must be more than zero"));
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_people_write_them() {
        let ms = Duration::from_millis;
        assert_eq!(parse_duration("5s"), Ok(ms(5000)));
        assert_eq!(parse_duration("500ms"), Ok(ms(500)));
        assert_eq!(parse_duration("1m30s"), Ok(ms(90_000)));
        assert_eq!(parse_duration("2"), Ok(ms(2000)));
        assert_eq!(parse_duration("0.25"), Ok(ms(250)));
        assert_eq!(parse_duration("1.5s"), Ok(ms(1500)));
        for bad in ["", "5x", "s", "-1", "0s", "five"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
