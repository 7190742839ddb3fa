//! AWS Backup cron expressions.
//!
//! AWS writes `cron(min hour day-of-month month day-of-week year)`: six
//! fields, Sunday is 1, and exactly one of day-of-month and day-of-week is
//! `?`. croner parses the fields (L, W, #, ranges, steps); we check the
//! wrapper and the AWS-specific rules ourselves.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use croner::parser::{CronParser, Seconds, Year};

/// A parsed AWS cron expression.
#[derive(Debug, Clone)]
pub struct AwsCron {
    cron: croner::Cron,
}

/// Why an expression was refused, with a hint for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronProblem {
    pub message: String,
    pub hint: Option<String>,
}

fn problem(message: impl Into<String>, hint: Option<&str>) -> CronProblem {
    CronProblem {
        message: message.into(),
        hint: hint.map(str::to_owned),
    }
}

impl AwsCron {
    /// Parse `cron(...)`.
    pub fn parse(expr: &str) -> Result<AwsCron, CronProblem> {
        let e = expr.trim();
        if e.starts_with("rate(") {
            return Err(problem(
                format!("`{e}`: AWS Backup schedules take cron expressions only"),
                Some("write e.g. cron(0 5 ? * * *) for daily at 05:00"),
            ));
        }
        let Some(inner) = e.strip_prefix("cron(").and_then(|s| s.strip_suffix(')')) else {
            return Err(problem(
                format!("`{e}` is not wrapped in cron(...)"),
                Some("AWS schedules look like cron(0 5 ? * * *)"),
            ));
        };
        let fields: Vec<&str> = inner.split_whitespace().collect();
        if fields.len() != 6 {
            return Err(problem(
                format!("cron has {} fields; AWS cron has six", fields.len()),
                Some("minutes hours day-of-month month day-of-week year, e.g. cron(0 5 ? * * *)"),
            ));
        }
        let (dom, dow) = (fields[2], fields[4]);
        match (dom == "?", dow == "?") {
            (true, true) => {
                return Err(problem(
                    "both day-of-month and day-of-week are `?`",
                    Some("exactly one of them is `?`, e.g. cron(0 5 ? * * *)"),
                ))
            }
            (false, false) => {
                return Err(problem(
                    "one of day-of-month and day-of-week must be `?`",
                    Some("e.g. cron(0 5 * * ? *) (every day) or cron(0 5 ? * MON *) (Mondays)"),
                ))
            }
            _ => {}
        }
        let parser = CronParser::builder()
            .seconds(Seconds::Required)
            .year(Year::Required)
            .alternative_weekdays(true)
            .sloppy_ranges(true)
            .build();
        // croner has no `?`: it means "any" here since the other day field decides.
        let translated: Vec<&str> = fields
            .iter()
            .map(|f| if *f == "?" { "*" } else { f })
            .collect();
        let pattern = format!("0 {}", translated.join(" "));
        match parser.parse(&pattern) {
            Ok(cron) => Ok(AwsCron { cron }),
            Err(err) => Err(problem(
                format!("invalid cron expression: {err}"),
                Some("fields: minutes(0-59) hours(0-23) day-of-month(1-31,L,W) month(1-12,JAN-DEC) day-of-week(1-7,SUN-SAT,L,#) year"),
            )),
        }
    }

    /// The next `n` runs after `after`, in timezone `tz`.
    pub fn next_runs(&self, tz: Tz, after: DateTime<Utc>, n: usize) -> Vec<DateTime<Tz>> {
        self.cron
            .iter_after(after.with_timezone(&tz))
            .take(n)
            .collect()
    }

    /// A readable description, e.g. "At 05:00 on every day".
    pub fn describe(&self) -> String {
        self.cron.describe()
    }
}

/// Parse an IANA timezone name.
pub fn parse_timezone(name: &str) -> Option<Tz> {
    name.parse::<Tz>().ok()
}
