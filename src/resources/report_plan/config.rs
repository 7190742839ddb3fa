//! The report plan entries of the config (`report_plans:`): their types
//! (what the loader decodes into and what the JSON Schema is derived from)
//! and their keys. Checked in `validate.rs`.

use schemars::JsonSchema;
use serde::Serialize;

use crate::yaml::decode::decode_struct;
use crate::yaml::ignore_tags::IgnoreTags;
use crate::yaml::span::Spanned;
use crate::yaml::tags::Tags;

/// A Backup Audit Manager report plan.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportPlan {
    /// Report plan name: a letter, then letters, digits and `_` (1..256).
    #[schemars(regex(pattern = r"^[a-zA-Z][_a-zA-Z0-9]{0,255}$"))]
    pub name: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String>>,
    /// Where reports go.
    pub delivery: Spanned<Delivery>,
    /// The report template, e.g. `BACKUP_JOB_REPORT`. Cannot change after
    /// creation (a new template replaces the plan).
    #[schemars(transform = template_enum)]
    pub template: Spanned<String>,
    /// Frameworks a compliance report covers: names of frameworks declared
    /// in this config, or ARNs of other frameworks. Required by
    /// RESOURCE_COMPLIANCE_REPORT and CONTROL_COMPLIANCE_REPORT, refused by
    /// the job reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frameworks: Vec<Spanned<String>>,
    /// Account ids (or `ROOT`) an organization-wide report covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<Spanned<String>>,
    /// Organizational units (`ou-...`, `r-...`) the report covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organization_units: Vec<Spanned<String>>,
    /// Regions the report covers (`*` for all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// Tags of this plan that other automation owns: never diffed, never removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_tags: Option<Spanned<IgnoreTags>>,
}

/// The S3 delivery channel.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    pub s3_bucket: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_key_prefix: Option<Spanned<String>>,
    /// `CSV`, `JSON` or both (default `CSV`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(transform = format_enum)]
    pub formats: Vec<Spanned<String>>,
}

decode_struct!(ReportPlan {
    name,
    description,
    delivery,
    template,
    frameworks,
    accounts,
    organization_units,
    regions,
    tags,
    ignore_tags
});
decode_struct!(Delivery {
    s3_bucket,
    s3_key_prefix,
    formats
});

fn template_enum(schema: &mut schemars::Schema) {
    let names: Vec<&str> = backup_facts::audit::REPORT_TEMPLATES
        .iter()
        .map(|t| t.name)
        .collect();
    schema.insert("enum".into(), serde_json::json!(names));
}

fn format_enum(schema: &mut schemars::Schema) {
    schema.insert(
        "items".into(),
        serde_json::json!({"type": "string", "enum": backup_facts::audit::REPORT_FORMATS}),
    );
}
