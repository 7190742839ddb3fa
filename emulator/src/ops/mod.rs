//! The AWS Backup operations: one module per resource family, all working on
//! the in-memory `Store` for the calling account and region.
//! This module holds what they share (the decoded request, paging); which
//! operation answers which request is the table in `operations`.

pub mod air_gapped;
pub mod audit;
pub mod aws_vaults;
pub mod copy_jobs;
pub mod framework_controls;
pub mod frameworks;
pub mod job_lists;
pub mod jobs;
pub mod kms;
pub mod legal_holds;
pub mod plan_document;
pub mod plans;
pub mod report_plans;
pub mod restore_jobs;
pub mod restore_selections;
pub mod restore_testing;
pub mod schedule;
pub mod selections;
pub mod settings;
pub mod tags;
pub mod tiering;
pub mod vaults;

use std::collections::HashMap;

use serde_json::Value;

use crate::auth::Caller;
use crate::error::AwsError;
use crate::limits::Limits;

/// One decoded AWS request.
pub struct Req<'a> {
    pub caller: &'a Caller,
    /// Percent-decoded URI labels, in template order.
    pub params: Vec<String>,
    pub query: HashMap<String, String>,
    pub body: Value,
    pub limits: &'a Limits,
}

impl Req<'_> {
    pub fn param(&self, i: usize) -> &str {
        self.params.get(i).map(String::as_str).unwrap_or_default()
    }
}

/// One page from an ordered map, resuming after the key in `token`.
pub fn page<'m, V>(
    map: &'m std::collections::BTreeMap<String, V>,
    kind: &str,
    token: Option<&String>,
    max: usize,
    mut keep: impl FnMut(&V) -> bool,
) -> Result<(Vec<&'m V>, Option<String>), AwsError> {
    use std::ops::Bound;
    let start = match token {
        Some(t) => Bound::Excluded(crate::util::read_token(kind, t)?),
        None => Bound::Unbounded,
    };
    let mut out = Vec::new();
    let mut last_key = None;
    let mut iter = map.range::<String, _>((start, Bound::Unbounded));
    for (k, v) in iter.by_ref() {
        if keep(v) {
            out.push(v);
            last_key = Some(k);
            if out.len() == max {
                break;
            }
        }
    }
    let next = match last_key {
        Some(k) if out.len() == max && iter.any(|(_, v)| keep(v)) => {
            Some(crate::util::make_token(kind, k))
        }
        _ => None,
    };
    Ok((out, next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn pages_resume_after_the_token_key_even_if_it_was_deleted() {
        let mut m: BTreeMap<String, u32> = (0..10).map(|i| (format!("k{i}"), i)).collect();
        let (first, next) = page(&m, "t", None, 4, |_| true).unwrap();
        assert_eq!(first, [&0, &1, &2, &3]);
        let next = next.unwrap();
        m.remove("k3");
        m.remove("k4");
        let (second, next) = page(&m, "t", Some(&next), 4, |_| true).unwrap();
        assert_eq!(second, [&5, &6, &7, &8]);
        let (third, next) = page(&m, "t", next.as_ref(), 4, |_| true).unwrap();
        assert_eq!(third, [&9]);
        assert!(next.is_none());
    }

    #[test]
    fn filtered_pages_have_no_empty_tail() {
        let m: BTreeMap<String, u32> = (0..6).map(|i| (format!("k{i}"), i)).collect();
        // Exactly two matches: one full page of 2 and no token.
        let (items, next) = page(&m, "t", None, 2, |v| *v == 1 || *v == 4).unwrap();
        assert_eq!(items, [&1, &4]);
        assert!(next.is_none());
    }

    #[test]
    fn foreign_tokens_are_refused() {
        let m: BTreeMap<String, u32> = BTreeMap::new();
        let t = crate::util::make_token("other", "k1");
        let e = page(&m, "t", Some(&t), 2, |_| true).unwrap_err();
        assert_eq!(e.code, "InvalidParameterValueException");
    }
}
