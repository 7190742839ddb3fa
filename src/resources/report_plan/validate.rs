//! Offline checks of the config's report plans against the template rules
//! of `backup_facts::audit`: a known template; compliance templates need
//! frameworks, job templates take none; frameworks are names declared in
//! this config or framework ARNs; formats CSV/JSON without repeats; an S3
//! bucket; account ids (or ROOT), organizational units and Regions of the
//! right form. Run by `config::validate`.

use backup_facts::audit::{report_template, REPORT_FORMATS, REPORT_TEMPLATES};

use super::config::ReportPlan;
use crate::resources::framework::validate::{audit_name, description};
use crate::resources::Config;
use crate::yaml::decode::did_you_mean;
use crate::yaml::findings::Findings;
use crate::yaml::ignore_tags;
use crate::yaml::span::Spanned;

pub(crate) fn check(c: &Config, r: &mut Findings<'_>) {
    r.unique(c.report_plans.iter().map(|p| &p.name), "report plan name");
    for p in &c.report_plans {
        plan(c, p, r);
    }
}

fn is_framework_arn(s: &str) -> bool {
    let p: Vec<&str> = s.splitn(6, ':').collect();
    p.len() == 6
        && p[0] == "arn"
        && p[2] == "backup"
        && backup_facts::names::is_account_id(p[4])
        && p[5].starts_with("framework:")
}

fn plan(c: &Config, p: &Spanned<ReportPlan>, r: &mut Findings<'_>) {
    audit_name(&p.name, "report plan", r);
    if let Some(d) = &p.description {
        description(d, r);
    }
    if let Some(own) = &p.ignore_tags {
        ignore_tags::check_own(own, c.ignore_tags.as_ref(), r);
    }
    ignore_tags::check_declared(
        &p.tags,
        &[c.ignore_tags.as_ref(), p.ignore_tags.as_ref()],
        r,
    );
    let names: Vec<&str> = REPORT_TEMPLATES.iter().map(|t| t.name).collect();
    r.one_of(&p.template, &names, "report template");
    if let Some(t) = report_template(&p.template.value) {
        if t.compliance && p.frameworks.is_empty() {
            r.error(
                &p.template.span,
                format!("the {} template needs `frameworks`", t.name),
                Some(
                    "name the frameworks the report covers, e.g. frameworks: [my_framework]".into(),
                ),
            );
        }
        if !t.compliance {
            if let Some(f) = p.frameworks.first() {
                r.error(
                    &f.span,
                    format!("the {} template covers jobs, not frameworks", t.name),
                    Some("frameworks are for RESOURCE_COMPLIANCE_REPORT and CONTROL_COMPLIANCE_REPORT; remove them".into()),
                );
            }
        }
    }
    r.unique(&p.frameworks, "framework");
    let declared: Vec<&str> = c.frameworks.iter().map(|f| f.name.value.as_str()).collect();
    for f in &p.frameworks {
        if f.value.starts_with("arn:") {
            if !is_framework_arn(&f.value) {
                r.error(
                    &f.span,
                    format!("`{}` is not a framework ARN", f.value),
                    Some("arn:aws:backup:REGION:ACCOUNT:framework:NAME-ID".into()),
                );
            }
        } else if !declared.contains(&f.value.as_str()) {
            let hint = match did_you_mean(&f.value, declared.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "declare it under `frameworks:`, or give the ARN of a framework this config does not manage".into(),
            };
            r.error(
                &f.span,
                format!("framework `{}` is not declared in this config", f.value),
                Some(hint),
            );
        }
    }
    if p.delivery.s3_bucket.value.trim().is_empty() {
        r.error(&p.delivery.s3_bucket.span, "s3_bucket is empty", None);
    }
    for f in &p.delivery.formats {
        r.one_of(f, REPORT_FORMATS, "report format");
    }
    r.unique(&p.delivery.formats, "format");
    for a in &p.accounts {
        if a.value != "ROOT" && !backup_facts::names::is_account_id(&a.value) {
            r.error(
                &a.span,
                format!("account `{}` is not a 12-digit account id or ROOT", a.value),
                None,
            );
        }
    }
    for o in &p.organization_units {
        if !(o.value.starts_with("ou-") || o.value.starts_with("r-")) {
            r.error(
                &o.span,
                format!(
                    "`{}` is not an organizational unit id (ou-... or r-...)",
                    o.value
                ),
                None,
            );
        }
    }
    for g in &p.regions {
        let parts: Vec<&str> = g.value.split('-').collect();
        let ok = g.value == "*"
            || (parts.len() >= 3
                && parts
                    .iter()
                    .all(|x| !x.is_empty() && x.bytes().all(|b| b.is_ascii_alphanumeric())));
        if !ok {
            r.error(
                &g.span,
                format!("`{}` is not a Region code (or *)", g.value),
                None,
            );
        }
    }
    r.unique(&p.accounts, "account");
    r.unique(&p.organization_units, "organizational unit");
    r.unique(&p.regions, "Region");
}
