//! Backup Audit Manager frameworks and report plans through the real SDK:
//! the control catalogue checks, the deployment lifecycle (one in-progress
//! answer, then COMPLETED), idempotency tokens, conflicts, tags by ARN,
//! pagination and the report template rules.

use aws_sdk_backup::types::{
    ControlInputParameter, ControlScope, FrameworkControl, ReportDeliveryChannel, ReportSetting,
};
use testkit::emulator::start;
use testkit::sdk::*;

fn control(name: &str, params: &[(&str, &str)], scope: Option<ControlScope>) -> FrameworkControl {
    let mut b = FrameworkControl::builder().control_name(name);
    for (k, v) in params {
        b = b.control_input_parameters(
            ControlInputParameter::builder()
                .parameter_name(*k)
                .parameter_value(*v)
                .build(),
        );
    }
    b.set_control_scope(scope).build().unwrap()
}

fn retention(days: &str) -> FrameworkControl {
    control(
        "BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK",
        &[("requiredRetentionDays", days)],
        None,
    )
}

#[tokio::test]
async fn framework_lifecycle_tags_and_idempotency() {
    let emu = start().await;
    let c = client(&emu).await;
    let scope = ControlScope::builder()
        .compliance_resource_types("EBS")
        .compliance_resource_types("RDS")
        .build();
    let out = c
        .create_framework()
        .framework_name("prod_audit")
        .framework_description("prod")
        .framework_controls(retention("35"))
        .framework_controls(control(
            "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
            &[],
            Some(scope),
        ))
        .framework_tags("team", "infra")
        .idempotency_token("tok-1")
        .send()
        .await
        .unwrap();
    let arn = out.framework_arn().unwrap().to_string();
    assert!(
        arn.starts_with("arn:aws:backup:us-east-1:123456789012:framework:prod_audit-"),
        "{arn}"
    );
    // A retry with the same token and request answers the same framework.
    let again = c
        .create_framework()
        .framework_name("prod_audit")
        .framework_description("prod")
        .framework_controls(retention("35"))
        .framework_controls(control(
            "BACKUP_RESOURCES_PROTECTED_BY_BACKUP_PLAN",
            &[],
            Some(
                ControlScope::builder()
                    .compliance_resource_types("EBS")
                    .compliance_resource_types("RDS")
                    .build(),
            ),
        ))
        .framework_tags("team", "infra")
        .idempotency_token("tok-1")
        .send()
        .await
        .unwrap();
    assert_eq!(again.framework_arn(), Some(arn.as_str()));
    // A new token for the same name is a conflict.
    let e = c
        .create_framework()
        .framework_name("prod_audit")
        .framework_controls(retention("35"))
        .idempotency_token("tok-2")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "AlreadyExistsException");
    // First read: CREATE_IN_PROGRESS; then COMPLETED.
    let d = c
        .describe_framework()
        .framework_name("prod_audit")
        .send()
        .await
        .unwrap();
    assert_eq!(d.deployment_status(), Some("CREATE_IN_PROGRESS"));
    assert_eq!(d.framework_controls().len(), 2);
    assert_eq!(d.idempotency_token(), Some("tok-1"));
    let d = c
        .describe_framework()
        .framework_name("prod_audit")
        .send()
        .await
        .unwrap();
    assert_eq!(d.deployment_status(), Some("COMPLETED"));
    assert_eq!(d.framework_status(), Some("ACTIVE"));
    assert_eq!(d.framework_description(), Some("prod"));
    let scope = d.framework_controls()[1].control_scope().unwrap();
    assert_eq!(scope.compliance_resource_types(), ["EBS", "RDS"]);
    assert!(d.framework_controls()[0].control_scope().is_none());
    // Tags at create and through TagResource/ListTags on the ARN.
    c.tag_resource()
        .resource_arn(&arn)
        .tags("env", "prod")
        .send()
        .await
        .unwrap();
    let tags = c.list_tags().resource_arn(&arn).send().await.unwrap();
    let tags = tags.tags().unwrap();
    assert_eq!(tags.len(), 2);
    assert_eq!(tags["team"], "infra");
    // Update: UPDATE_IN_PROGRESS once; a second update meanwhile conflicts.
    let u = c
        .update_framework()
        .framework_name("prod_audit")
        .framework_controls(retention("90"))
        .send()
        .await
        .unwrap();
    assert_eq!(u.framework_arn(), Some(arn.as_str()));
    let e = c
        .update_framework()
        .framework_name("prod_audit")
        .framework_controls(retention("91"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ConflictException");
    let list = c.list_frameworks().send().await.unwrap();
    assert_eq!(list.frameworks().len(), 1);
    assert_eq!(list.frameworks()[0].number_of_controls(), 1);
    assert_eq!(list.frameworks()[0].deployment_status(), Some("COMPLETED"));
    // Delete: DELETE_IN_PROGRESS once, then gone (tags too).
    c.delete_framework()
        .framework_name("prod_audit")
        .send()
        .await
        .unwrap();
    let d = c
        .describe_framework()
        .framework_name("prod_audit")
        .send()
        .await
        .unwrap();
    assert_eq!(d.deployment_status(), Some("DELETE_IN_PROGRESS"));
    let e = c
        .describe_framework()
        .framework_name("prod_audit")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
    let e = c.list_tags().resource_arn(&arn).send().await.unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
}

#[tokio::test]
async fn framework_controls_are_checked_against_the_catalogue() {
    let emu = start().await;
    let c = client(&emu).await;
    let bad = [
        control("BACKUP_EVERYTHING", &[], None),
        retention("0"),
        control(
            "BACKUP_RECOVERY_POINT_ENCRYPTED",
            &[("requiredRetentionDays", "35")],
            None,
        ),
        control(
            "BACKUP_LAST_RECOVERY_POINT_CREATED",
            &[
                ("recoveryPointAgeUnit", "days"),
                ("recoveryPointAgeValue", "32"),
            ],
            None,
        ),
        control(
            "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK",
            &[("requiredFrequencyUnit", "weeks")],
            None,
        ),
        control(
            "BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION",
            &[("crossRegionList", "not a region")],
            None,
        ),
        control(
            "BACKUP_RECOVERY_POINT_ENCRYPTED",
            &[],
            Some(
                ControlScope::builder()
                    .tags("a", "1")
                    .tags("b", "2")
                    .build(),
            ),
        ),
        control(
            "BACKUP_RECOVERY_POINT_ENCRYPTED",
            &[],
            Some(
                ControlScope::builder()
                    .compliance_resource_ids("vol-1")
                    .build(),
            ),
        ),
        control(
            "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
            &[],
            Some(
                ControlScope::builder()
                    .compliance_resource_types("EBS")
                    .build(),
            ),
        ),
    ];
    for ctl in bad {
        let e = c
            .create_framework()
            .framework_name("f")
            .framework_controls(ctl.clone())
            .send()
            .await
            .unwrap_err();
        assert_eq!(code(&e), "InvalidParameterValueException", "{ctl:?}");
    }
    for name in ["1abc", "a-b", ""] {
        let e = c
            .create_framework()
            .framework_name(name)
            .framework_controls(retention("35"))
            .send()
            .await
            .unwrap_err();
        assert!(
            [
                "InvalidParameterValueException",
                "MissingParameterValueException"
            ]
            .contains(&code(&e).as_str()),
            "{name}: {e:?}"
        );
    }
    let ok = control(
        "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED",
        &[(
            "principalArnList",
            "arn:aws:iam::123456789012:role/a,arn:aws:iam::123456789012:role/b",
        )],
        Some(
            ControlScope::builder()
                .compliance_resource_ids("default")
                .compliance_resource_types("AWS::Backup::BackupVault")
                .build(),
        ),
    );
    c.create_framework()
        .framework_name("vaults")
        .framework_controls(ok)
        .send()
        .await
        .unwrap();
    // Quotas: 50 controls per region over all frameworks.
    let many: Vec<FrameworkControl> = (0..50).map(|_| retention("35")).collect();
    let e = c
        .create_framework()
        .framework_name("too_many")
        .set_framework_controls(Some(many))
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "LimitExceededException");
}

#[tokio::test]
async fn frameworks_paginate() {
    let emu = start().await;
    let c = client(&emu).await;
    for i in 0..5 {
        c.create_framework()
            .framework_name(format!("f{i}"))
            .framework_controls(retention("35"))
            .send()
            .await
            .unwrap();
    }
    let first = c.list_frameworks().max_results(2).send().await.unwrap();
    assert_eq!(first.frameworks().len(), 2);
    assert_eq!(
        first.frameworks()[0].deployment_status(),
        Some("CREATE_IN_PROGRESS")
    );
    let mut names: Vec<String> = Vec::new();
    let mut token = None;
    loop {
        let page = c
            .list_frameworks()
            .max_results(2)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        names.extend(
            page.frameworks()
                .iter()
                .map(|f| f.framework_name().unwrap().to_string()),
        );
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(names, ["f0", "f1", "f2", "f3", "f4"]);
}

fn channel(bucket: &str) -> ReportDeliveryChannel {
    ReportDeliveryChannel::builder()
        .s3_bucket_name(bucket)
        .s3_key_prefix("audit")
        .formats("CSV")
        .formats("JSON")
        .build()
        .unwrap()
}

#[tokio::test]
async fn report_plans_follow_the_template_rules() {
    let emu = start().await;
    let c = client(&emu).await;
    let fw = c
        .create_framework()
        .framework_name("fw")
        .framework_controls(retention("35"))
        .send()
        .await
        .unwrap();
    let fw_arn = fw.framework_arn().unwrap();
    // Compliance templates need FrameworkArns; job templates take none.
    let e = c
        .create_report_plan()
        .report_plan_name("compliance")
        .report_delivery_channel(channel("bucket"))
        .report_setting(
            ReportSetting::builder()
                .report_template("CONTROL_COMPLIANCE_REPORT")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "MissingParameterValueException");
    let e = c
        .create_report_plan()
        .report_plan_name("jobs")
        .report_delivery_channel(channel("bucket"))
        .report_setting(
            ReportSetting::builder()
                .report_template("BACKUP_JOB_REPORT")
                .framework_arns(fw_arn)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    for (template, fmt) in [("NOT_A_REPORT", "CSV"), ("BACKUP_JOB_REPORT", "XML")] {
        let e = c
            .create_report_plan()
            .report_plan_name("bad")
            .report_delivery_channel(
                ReportDeliveryChannel::builder()
                    .s3_bucket_name("b")
                    .formats(fmt)
                    .build()
                    .unwrap(),
            )
            .report_setting(
                ReportSetting::builder()
                    .report_template(template)
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            code(&e),
            "InvalidParameterValueException",
            "{template} {fmt}"
        );
    }
    let out = c
        .create_report_plan()
        .report_plan_name("compliance")
        .report_plan_description("weekly")
        .report_delivery_channel(channel("bucket"))
        .report_setting(
            ReportSetting::builder()
                .report_template("CONTROL_COMPLIANCE_REPORT")
                .framework_arns(fw_arn)
                .number_of_frameworks(1)
                .regions("*")
                .build()
                .unwrap(),
        )
        .report_plan_tags("team", "audit")
        .send()
        .await
        .unwrap();
    let arn = out.report_plan_arn().unwrap().to_string();
    assert!(arn.contains(":report-plan:compliance-"), "{arn}");
    let d = c
        .describe_report_plan()
        .report_plan_name("compliance")
        .send()
        .await
        .unwrap();
    let p = d.report_plan().unwrap();
    assert_eq!(p.deployment_status(), Some("CREATE_IN_PROGRESS"));
    assert_eq!(p.report_setting().unwrap().framework_arns(), [fw_arn]);
    assert_eq!(
        p.report_delivery_channel().unwrap().formats(),
        ["CSV", "JSON"]
    );
    assert_eq!(p.report_plan_description(), Some("weekly"));
    let tags = c.list_tags().resource_arn(&arn).send().await.unwrap();
    assert_eq!(tags.tags().unwrap()["team"], "audit");
    // The template cannot change; the channel can.
    let e = c
        .update_report_plan()
        .report_plan_name("compliance")
        .report_setting(
            ReportSetting::builder()
                .report_template("BACKUP_JOB_REPORT")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    c.update_report_plan()
        .report_plan_name("compliance")
        .report_delivery_channel(channel("other-bucket"))
        .send()
        .await
        .unwrap();
    let list = c.list_report_plans().send().await.unwrap();
    let p = &list.report_plans()[0];
    assert_eq!(p.deployment_status(), Some("UPDATE_IN_PROGRESS"));
    assert_eq!(
        p.report_delivery_channel().unwrap().s3_bucket_name(),
        "other-bucket"
    );
    c.delete_report_plan()
        .report_plan_name("compliance")
        .send()
        .await
        .unwrap();
    let d = c
        .describe_report_plan()
        .report_plan_name("compliance")
        .send()
        .await
        .unwrap();
    assert_eq!(
        d.report_plan().unwrap().deployment_status(),
        Some("DELETE_IN_PROGRESS")
    );
    let e = c
        .describe_report_plan()
        .report_plan_name("compliance")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
}
