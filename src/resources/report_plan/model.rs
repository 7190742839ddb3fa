//! The normalized report plan: lists as sets (their order carries no
//! meaning), formats defaulting to CSV, and frameworks as the names of the
//! config's frameworks or the ARNs of others (a live ARN of a framework
//! the account holds under a declared name compares as that name; see
//! `diff.rs`).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::Tags;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPlan {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub template: String,
    pub delivery: Delivery,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub frameworks: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub accounts: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub organization_units: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub regions: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub s3_bucket: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_key_prefix: Option<String>,
    /// Never empty: none given means CSV.
    pub formats: BTreeSet<String>,
}

/// Formats as compared: none means CSV.
pub fn formats(f: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    let mut s: BTreeSet<String> = f.into_iter().collect();
    if s.is_empty() {
        s.insert("CSV".into());
    }
    s
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveReportPlan {
    pub arn: String,
    pub plan: ReportPlan,
}

pub(crate) fn from_config(p: &super::config::ReportPlan) -> ReportPlan {
    let set =
        |v: &[crate::yaml::span::Spanned<String>]| v.iter().map(|s| s.value.clone()).collect();
    ReportPlan {
        name: p.name.value.clone(),
        description: p
            .description
            .as_ref()
            .map(|d| d.value.clone())
            .filter(|d| !d.trim().is_empty()),
        template: p.template.value.clone(),
        delivery: Delivery {
            s3_bucket: p.delivery.s3_bucket.value.clone(),
            s3_key_prefix: p
                .delivery
                .s3_key_prefix
                .as_ref()
                .map(|s| s.value.clone())
                .filter(|s| !s.is_empty()),
            formats: formats(p.delivery.formats.iter().map(|f| f.value.clone())),
        },
        frameworks: set(&p.frameworks),
        accounts: set(&p.accounts),
        organization_units: set(&p.organization_units),
        regions: set(&p.regions),
        tags: p.tags.0.clone(),
    }
}

crate::resources::tagged::live_tagged!(LiveReportPlan, plan);
