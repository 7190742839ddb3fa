//! Import writer for live report plans: their config entries (stack tag
//! left out; formats left out when CSV alone, the default). A framework
//! ARN of an imported framework is written as its name, others stay ARNs.

use serde_json::{json, Value};

use super::model::LiveReportPlan;
use crate::model::{Live, STACK_TAG};
use crate::resources::ops::Select;
use crate::resources::writer::{item, put, put_list, user_tags, Obj};
use crate::resources::Import;

pub(crate) fn select<'a>(live: &'a Live, s: &Select<'_>, out: &mut Import<'a>) {
    for p in live.report_plans.values() {
        if !s.filter.matches(&p.plan.name, &p.plan.tags) {
            continue;
        }
        match p.plan.tags.get(STACK_TAG).filter(|o| o.as_str() != s.stack) {
            Some(other) => out.skipped.push(format!(
                "report plan \"{}\" belongs to stack \"{other}\"",
                p.plan.name
            )),
            None => out.report_plans.push(p),
        }
    }
}

/// The `report_plans:` section.
pub(crate) fn write(import: &Import<'_>, out: &mut String) {
    if !import.report_plans.is_empty() {
        out.push_str("\nreport_plans:\n");
        for p in &import.report_plans {
            out.push_str(&item(&format!("source: {}", p.arn), &entry(import, p)));
        }
    }
}

fn entry(import: &Import<'_>, p: &LiveReportPlan) -> Value {
    let p = &p.plan;
    let mut m = Obj::new();
    m.insert("name".into(), json!(p.name));
    put(&mut m, "description", p.description.as_ref());
    let mut d = Obj::new();
    d.insert("s3_bucket".into(), json!(p.delivery.s3_bucket));
    put(&mut d, "s3_key_prefix", p.delivery.s3_key_prefix.as_ref());
    if p.delivery.formats.iter().ne(["CSV"].iter()) {
        d.insert("formats".into(), json!(p.delivery.formats));
    }
    m.insert("delivery".into(), Value::Object(d));
    m.insert("template".into(), json!(p.template));
    put_list(&mut m, "frameworks", &p.frameworks, |arn| {
        let name = import
            .frameworks
            .iter()
            .find(|f| &f.arn == arn)
            .map(|f| f.framework.name.clone());
        json!(name.unwrap_or_else(|| arn.clone()))
    });
    put_list(&mut m, "accounts", &p.accounts, |a| json!(a));
    put_list(&mut m, "organization_units", &p.organization_units, |a| {
        json!(a)
    });
    put_list(&mut m, "regions", &p.regions, |a| json!(a));
    put(&mut m, "tags", user_tags(&p.tags));
    Value::Object(m)
}
