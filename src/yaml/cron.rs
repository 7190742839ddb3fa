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
        if e != expr {
            return Err(problem(
                format!("`{expr}` has spaces around it; AWS refuses the schedule"),
                Some(&format!("write `{e}`")),
            ));
        }
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
        let single = fields.join(" ");
        if inner != single {
            return Err(problem(
                format!("`{e}` separates its fields with more than one space (or a tab, or spaces inside the parentheses); AWS refuses the schedule"),
                Some(&format!("write `cron({single})`")),
            ));
        }
        for (i, field) in fields.iter().enumerate() {
            if i != 2 && i != 4 && field.contains('?') {
                return Err(problem(
                    format!(
                        "{}: `?` is allowed only in day-of-month or day-of-week",
                        FIELDS[i].name
                    ),
                    Some(&format!("use * in the {} field", FIELDS[i].name)),
                ));
            }
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
        for (i, field) in fields.iter().enumerate() {
            check_field(&FIELDS[i], field)?;
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

    /// `Err` when the expression matches no moment after `now` (30 February,
    /// only past years): backups would silently never run.
    pub fn check_runs(&self, expr: &str, now: DateTime<Utc>) -> Result<(), CronProblem> {
        if self.next_runs(chrono_tz::UTC, now, 1).is_empty() {
            return Err(problem(
                format!("`{expr}` never runs: no date after today matches it, so no backup would ever be taken"),
                Some("check the day-of-month, month and year fields (e.g. 30 February, or a year in the past)"),
            ));
        }
        Ok(())
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

/// Name, lowest and highest number, and names of each AWS cron field.
struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
}

const MONTHS: &[&str] = &[
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: [Field; 6] = [
    Field {
        name: "minutes",
        min: 0,
        max: 59,
        names: &[],
    },
    Field {
        name: "hours",
        min: 0,
        max: 23,
        names: &[],
    },
    Field {
        name: "day-of-month",
        min: 1,
        max: 31,
        names: &[],
    },
    Field {
        name: "month",
        min: 1,
        max: 12,
        names: MONTHS,
    },
    Field {
        name: "day-of-week",
        min: 1,
        max: 7,
        names: DAYS,
    },
    Field {
        name: "year",
        min: 1970,
        max: 2199,
        names: &[],
    },
];

/// Name the field and value when a number is out of range or a name is
/// unknown; croner's own messages do not say which field is wrong.
fn check_field(f: &Field, text: &str) -> Result<(), CronProblem> {
    for part in text.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (part, None),
        };
        if let Some(step) = step {
            if step.parse::<u32>().map_or(true, |n| n == 0) {
                return Err(problem(
                    format!("{}: step `/{step}` must be a positive number", f.name),
                    None,
                ));
            }
        }
        for tok in range.split('-') {
            // `#` (nth weekday), `W` (nearest weekday) and `L` (last) suffixes.
            let base = tok.split('#').next().unwrap_or(tok);
            let base = base.trim_end_matches(['W', 'L']);
            if base.is_empty() || base == "*" || base == "?" {
                continue;
            }
            if let Ok(n) = base.parse::<u32>() {
                if n < f.min || n > f.max {
                    return Err(problem(
                        format!("{}: {n} is out of range {}-{}", f.name, f.min, f.max),
                        None,
                    ));
                }
            } else if !f.names.contains(&base.to_uppercase().as_str()) {
                let hint = if f.names.is_empty() {
                    format!("{} takes numbers {}-{}", f.name, f.min, f.max)
                } else {
                    format!(
                        "{} takes {}-{} or {}",
                        f.name,
                        f.min,
                        f.max,
                        f.names.join(", ")
                    )
                };
                return Err(problem(
                    format!("{}: unknown value `{base}`", f.name),
                    Some(&hint),
                ));
            }
        }
    }
    Ok(())
}

/// Parse an IANA timezone name.
pub fn parse_timezone(name: &str) -> Option<Tz> {
    name.parse::<Tz>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn runs(expr: &str, tz: &str, n: usize) -> Vec<String> {
        let c = AwsCron::parse(expr).unwrap();
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        c.next_runs(parse_timezone(tz).unwrap(), start, n)
            .iter()
            .map(|t| t.format("%Y-%m-%d %a %H:%M %Z").to_string())
            .collect()
    }

    fn err(expr: &str) -> String {
        AwsCron::parse(expr).unwrap_err().message
    }

    #[test]
    fn daily_and_weekday_names() {
        assert_eq!(
            runs("cron(0 5 ? * * *)", "Etc/UTC", 2),
            ["2026-01-01 Thu 05:00 UTC", "2026-01-02 Fri 05:00 UTC"]
        );
        assert_eq!(
            runs("cron(30 2 ? * SUN *)", "Etc/UTC", 1),
            ["2026-01-04 Sun 02:30 UTC"]
        );
    }

    #[test]
    fn aws_numbers_sunday_as_one() {
        assert_eq!(
            runs("cron(0 3 ? * 1 *)", "Etc/UTC", 1),
            ["2026-01-04 Sun 03:00 UTC"]
        );
        assert_eq!(
            runs("cron(0 3 ? * 2-6 *)", "Etc/UTC", 1),
            ["2026-01-01 Thu 03:00 UTC"]
        );
    }

    #[test]
    fn last_day_nth_weekday_and_nearest_weekday() {
        assert_eq!(
            runs("cron(0 4 L * ? *)", "Etc/UTC", 2),
            ["2026-01-31 Sat 04:00 UTC", "2026-02-28 Sat 04:00 UTC"]
        );
        // The first Monday of the month (MON is 2 in AWS numbering).
        assert_eq!(
            runs("cron(0 4 ? * 2#1 *)", "Etc/UTC", 1),
            ["2026-01-05 Mon 04:00 UTC"]
        );
        // Nearest weekday to the 3rd: Jan 3rd 2026 is a Saturday, so Friday the 2nd.
        assert_eq!(
            runs("cron(0 4 3W * ? *)", "Etc/UTC", 1),
            ["2026-01-02 Fri 04:00 UTC"]
        );
    }

    #[test]
    fn steps_and_year_and_timezone() {
        assert_eq!(
            runs("cron(0/30 1 ? * * 2026)", "Etc/UTC", 3),
            [
                "2026-01-01 Thu 01:00 UTC",
                "2026-01-01 Thu 01:30 UTC",
                "2026-01-02 Fri 01:00 UTC"
            ]
        );
        assert_eq!(
            runs("cron(0 2 ? * * *)", "Europe/Berlin", 1),
            ["2026-01-01 Thu 02:00 CET"]
        );
        assert!(runs("cron(0 5 ? * * 2025)", "Etc/UTC", 1).is_empty());
    }

    #[test]
    fn aws_shape_rules() {
        assert!(err("rate(1 day)").contains("cron expressions only"));
        assert!(err("0 5 ? * * *").contains("not wrapped"));
        assert!(err("cron(0 5 * * ?)").contains("5 fields"));
        assert!(err("cron(0 5 * * * *)").contains("must be `?`"));
        assert!(err("cron(0 5 ? * ? *)").contains("both"));
    }

    #[test]
    fn field_ranges_and_names() {
        assert_eq!(err("cron(0 25 ? * * *)"), "hours: 25 is out of range 0-23");
        assert_eq!(
            err("cron(60 5 ? * * *)"),
            "minutes: 60 is out of range 0-59"
        );
        assert_eq!(
            err("cron(0 5 32 * ? *)"),
            "day-of-month: 32 is out of range 1-31"
        );
        assert_eq!(err("cron(0 5 ? 13 * *)"), "month: 13 is out of range 1-12");
        assert_eq!(
            err("cron(0 5 ? * 8 *)"),
            "day-of-week: 8 is out of range 1-7"
        );
        assert_eq!(
            err("cron(0 5 ? * MOX *)"),
            "day-of-week: unknown value `MOX`"
        );
        assert_eq!(
            err("cron(0/0 5 ? * * *)"),
            "minutes: step `/0` must be a positive number"
        );
    }
}

#[cfg(test)]
mod aws_rule_tests {
    //! Rules AWS applies that croner does not (issue 12, items 2 and 3).
    use super::*;
    use chrono::TimeZone;

    fn message(expr: &str) -> String {
        AwsCron::parse(expr).unwrap_err().message
    }

    #[test]
    fn question_mark_outside_the_day_fields_is_refused() {
        assert!(message("cron(? 5 ? * * *)").starts_with("minutes: `?`"));
        assert!(message("cron(0 ? * * ? *)").starts_with("hours: `?`"));
        assert!(message("cron(0 5 ? ? * *)").starts_with("month: `?`"));
        assert!(message("cron(0 5 ? * * ?)").starts_with("year: `?`"));
        assert!(AwsCron::parse("cron(0 5 ? * * *)").is_ok());
    }

    #[test]
    fn doubled_leading_or_trailing_spaces_are_refused() {
        for e in [
            "cron(0 5 ? * * *) ",
            " cron(0 5 ? * * *)",
            "cron(0  5 ? * * *)",
            "cron( 0 5 ? * * *)",
            "cron(0 5 ? * * * )",
            "cron(0\t5 ? * * *)",
        ] {
            assert!(AwsCron::parse(e).is_err(), "{e:?} accepted");
        }
    }

    #[test]
    fn schedules_that_never_run_are_refused() {
        let now = Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap();
        for e in [
            "cron(0 5 30 2 ? *)",
            "cron(0 5 ? * * 2020)",
            "cron(0 5 31 4 ? *)",
        ] {
            let c = AwsCron::parse(e).unwrap();
            let p = c.check_runs(e, now).unwrap_err();
            assert!(p.message.contains("never runs"), "{e}: {p:?}");
        }
        let c = AwsCron::parse("cron(0 5 29 2 ? *)").unwrap();
        assert!(
            c.check_runs("", now).is_ok(),
            "29 February runs in leap years"
        );
    }
}
