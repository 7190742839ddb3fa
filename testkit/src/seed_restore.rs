//! Seeding restore testing plans and their selections of a desired state,
//! as an apply would create them (vault names resolved to the ARNs of the
//! emulator's default account in the client's region).

use aws_sdk_backup::types as t;
use backupctl::model::{Desired, RestoreTestingSelection};

fn selection(name: &str, s: &RestoreTestingSelection) -> t::RestoreTestingSelectionForCreate {
    let kv = |set: &std::collections::BTreeSet<(String, String)>| {
        set.iter()
            .map(|(k, v)| t::KeyValue::builder().key(k).value(v).build().unwrap())
            .collect::<Vec<_>>()
    };
    t::RestoreTestingSelectionForCreate::builder()
        .restore_testing_selection_name(name)
        .iam_role_arn(&s.iam_role_arn)
        .protected_resource_type(&s.protected_resource_type)
        .set_protected_resource_arns(Some(s.protected_resource_arns.iter().cloned().collect()))
        .protected_resource_conditions(
            t::ProtectedResourceConditions::builder()
                .set_string_equals(Some(kv(&s.string_equals)))
                .set_string_not_equals(Some(kv(&s.string_not_equals)))
                .build(),
        )
        .set_restore_metadata_overrides(Some(
            s.restore_metadata_overrides.clone().into_iter().collect(),
        ))
        .validation_window_hours(s.validation_window_hours as i32)
        .build()
        .unwrap()
}

pub(crate) async fn seed(c: &aws_sdk_backup::Client, d: &Desired) {
    let region = c
        .config()
        .region()
        .map(|r| r.to_string())
        .unwrap_or_default();
    let arn = |v: &String| {
        if v == "*" || v.starts_with("arn:") {
            v.clone()
        } else {
            format!(
                "arn:aws:backup:{region}:{}:backup-vault:{v}",
                crate::ACCOUNT
            )
        }
    };
    for p in d.restore_testing_plans.values() {
        let r = &p.recovery_point_selection;
        let rps = t::RestoreTestingRecoveryPointSelection::builder()
            .algorithm(r.algorithm.as_str().into())
            .set_include_vaults(Some(r.include_vaults.iter().map(arn).collect()))
            .set_exclude_vaults(Some(r.exclude_vaults.iter().map(arn).collect()))
            .set_recovery_point_types(Some(
                r.recovery_point_types
                    .iter()
                    .map(|x| x.as_str().into())
                    .collect(),
            ))
            .selection_window_days(r.selection_window_days as i32)
            .build();
        let mut tags: std::collections::HashMap<_, _> = p.tags.clone().into_iter().collect();
        if !d.stack.is_empty() {
            tags.insert(backupctl::model::STACK_TAG.to_string(), d.stack.clone());
        }
        c.create_restore_testing_plan()
            .restore_testing_plan(
                t::RestoreTestingPlanForCreate::builder()
                    .restore_testing_plan_name(&p.name)
                    .schedule_expression(&p.schedule)
                    .schedule_expression_timezone(&p.schedule_timezone)
                    .start_window_hours(p.start_window_hours as i32)
                    .recovery_point_selection(rps)
                    .build()
                    .unwrap(),
            )
            .set_tags(Some(tags))
            .send()
            .await
            .expect("create restore testing plan");
        for (name, s) in &p.selections {
            c.create_restore_testing_selection()
                .restore_testing_plan_name(&p.name)
                .restore_testing_selection(selection(name, s))
                .send()
                .await
                .expect("create restore testing selection");
        }
    }
}
