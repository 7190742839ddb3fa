//! AWS cron schedules (`cron(min hour day-of-month month day-of-week year)`,
//! Sunday = 1) evaluated in a rule's time zone: validation of
//! ScheduleExpression/ScheduleExpressionTimezone and GetBackupPlan's
//! ScheduledRunsPreview.

use std::str::FromStr;

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use croner::parser::{CronParser, Seconds, Year};
use croner::Cron;
use serde_json::{json, Value};

/// Parses an AWS cron expression; None when it is not one.
pub fn parse(expr: &str) -> Option<Cron> {
    let inner = expr.strip_prefix("cron(")?.strip_suffix(')')?;
    let fields: Vec<&str> = inner.split_whitespace().collect();
    if fields.len() != 6 || (fields[2] == "?") == (fields[4] == "?") {
        return None;
    }
    // AWS takes single spaces only, and `?` only in the two day fields.
    if inner != fields.join(" ") || [0, 1, 3, 5].iter().any(|&i| fields[i].contains('?')) {
        return None;
    }
    CronParser::builder()
        .seconds(Seconds::Required)
        .year(Year::Required)
        .alternative_weekdays(true)
        .sloppy_ranges(true)
        .build()
        .parse(&format!("0 {}", fields.join(" ")))
        .ok()
}

pub fn timezone(name: &str) -> Option<Tz> {
    Tz::from_str(name).ok()
}

/// The next `n` runs of every rule of a stored plan document after `after`
/// (epoch seconds), merged in time order, as ScheduledPlanExecutionMember.
pub fn preview(doc: &Value, after: f64, n: usize) -> Vec<Value> {
    let mut runs: Vec<(i64, Value)> = Vec::new();
    let start = Utc
        .timestamp_opt(after as i64, 0)
        .single()
        .unwrap_or_else(Utc::now);
    for rule in doc["Rules"].as_array().into_iter().flatten() {
        let (Some(cron), Some(tz)) = (
            rule["ScheduleExpression"].as_str().and_then(parse),
            rule["ScheduleExpressionTimezone"]
                .as_str()
                .and_then(timezone),
        ) else {
            continue;
        };
        let kind = if rule["EnableContinuousBackup"].as_bool() == Some(true) {
            "CONTINUOUS_AND_SNAPSHOTS"
        } else {
            "SNAPSHOTS"
        };
        for t in cron.iter_after(start.with_timezone(&tz)).take(n) {
            let secs = t.timestamp();
            runs.push((
                secs,
                json!({"ExecutionTime": secs, "RuleId": rule["RuleId"], "RuleExecutionType": kind}),
            ));
        }
    }
    runs.sort_by_key(|(t, _)| *t);
    runs.into_iter().take(n).map(|(_, v)| v).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_cron_shapes() {
        assert!(parse("cron(0 5 ? * * *)").is_some());
        assert!(parse("cron(0 3 ? * MON-FRI *)").is_some());
        assert!(parse("cron(0/15 * ? * * *)").is_some());
        assert!(parse("cron(0 12 L * ? *)").is_some());
        assert!(parse("cron(0 12 ? * 6#3 *)").is_some());
        assert!(parse("cron(0 5 * * * *)").is_none(), "needs one ?");
        assert!(parse("cron(0 5 ? * *)").is_none(), "six fields");
        assert!(parse("rate(1 day)").is_none());
        assert!(parse("cron(99 5 ? * * *)").is_none());
        assert!(parse("cron(0  5 ? * * *)").is_none(), "doubled space");
        assert!(parse("cron(0 5 ? * * *) ").is_none(), "trailing space");
        assert!(parse("cron(? 5 ? * * *)").is_none(), "? in minutes");
        assert!(parse("cron(0 5 ? * * ?)").is_none(), "? in the year");
    }

    #[test]
    fn previews_daily_runs_in_the_rule_time_zone() {
        let doc = json!({"Rules": [
            {"RuleId": "a", "ScheduleExpression": "cron(0 5 ? * * *)", "ScheduleExpressionTimezone": "Etc/UTC"},
            {"RuleId": "b", "ScheduleExpression": "cron(30 1 ? * 1 *)", "ScheduleExpressionTimezone": "Europe/Paris",
             "EnableContinuousBackup": true}]});
        // 2024-01-01T00:00:00Z is a Monday.
        let runs = preview(&doc, 1704067200.0, 3);
        let times: Vec<i64> = runs
            .iter()
            .map(|r| r["ExecutionTime"].as_i64().unwrap())
            .collect();
        assert_eq!(times, [1704085200, 1704171600, 1704258000]);
        assert!(runs.iter().all(|r| r["RuleId"] == "a"));
        // Sunday 2024-01-07 01:30 in Paris is 00:30 UTC; AWS numbers Sunday 1.
        let runs = preview(&doc, 1704067200.0, 10);
        let b: Vec<&Value> = runs.iter().filter(|r| r["RuleId"] == "b").collect();
        assert_eq!(b[0]["ExecutionTime"], 1704587400);
        assert_eq!(b[0]["RuleExecutionType"], "CONTINUOUS_AND_SNAPSHOTS");
    }
}
