//! The SDK seeder: writes what a config declares through the real
//! aws-sdk-backup client (standing in for `apply`, so plans, drift and
//! imports can be checked against live state), and the loaders that turn
//! config text or files into the desired state it writes.

use std::collections::HashMap;
use std::path::PathBuf;

use aws_sdk_backup::types as t;
use backupctl::model::{self, Desired, STACK_TAG};

use crate::emulator::Emu;

impl Emu {
    /// Create everything `d` declares in `region`.
    pub fn seed_in(&self, d: &Desired, region: &str) {
        self.rt.block_on(seed(&self.client_in(region), d));
    }

    /// Create everything `yaml` declares, as an apply would.
    pub fn seed_yaml(&self, yaml: &str) {
        let d = desired(yaml);
        self.rt.block_on(seed(&self.client(), &d));
    }
}

/// The desired state of a config text (panics with the diagnostics if
/// it is invalid).
pub fn desired(yaml: &str) -> Desired {
    let loaded = backupctl::config::load_from_str(&[("t.yaml", yaml)])
        .unwrap_or_else(|d| panic!("invalid test config: {}", d.render_text(false)));
    model::desired::from_config(&loaded.config)
}

/// The desired state of config files (panics if they are invalid).
pub fn desired_from_files(paths: &[PathBuf]) -> Desired {
    let loaded = backupctl::config::load(paths).expect("valid example");
    model::desired::from_config(&loaded.config)
}

/// `m` plus the stack tag (none for an empty stack).
fn tags(m: &model::Tags, stack: &str) -> HashMap<String, String> {
    let mut t: HashMap<_, _> = m.clone().into_iter().collect();
    // An empty stack seeds unmanaged (untagged) resources.
    if !stack.is_empty() {
        t.insert(STACK_TAG.to_string(), stack.to_string());
    }
    t
}

fn lifecycle(l: &model::Lifecycle) -> t::Lifecycle {
    t::Lifecycle::builder()
        .set_move_to_cold_storage_after_days(l.move_to_cold_storage_after_days)
        .set_delete_after_days(l.delete_after_days)
        .opt_in_to_archive_for_supported_resources(l.opt_in_to_archive_for_supported_resources)
        .build()
}

/// Create vaults, plans, selections and tiering configurations of `d`
/// (and set its declared settings) through the SDK.
pub async fn seed(c: &aws_sdk_backup::Client, d: &Desired) {
    let st = &d.settings;
    if !st.global.is_empty() {
        c.update_global_settings()
            .set_global_settings(Some(st.global.clone().into_iter().collect()))
            .send()
            .await
            .expect("update global settings");
    }
    if !st.resource_type_opt_in.is_empty() || !st.resource_type_management.is_empty() {
        c.update_region_settings()
            .set_resource_type_opt_in_preference(Some(
                st.resource_type_opt_in.clone().into_iter().collect(),
            ))
            .set_resource_type_management_preference(Some(
                st.resource_type_management.clone().into_iter().collect(),
            ))
            .send()
            .await
            .expect("update region settings");
    }
    for v in d.vaults.values() {
        c.create_backup_vault()
            .backup_vault_name(&v.name)
            .set_encryption_key_arn(v.encryption_key_arn.clone())
            .set_backup_vault_tags(Some(tags(&v.tags, &d.stack)))
            .send()
            .await
            .expect("create vault");
        if let Some(p) = &v.access_policy {
            c.put_backup_vault_access_policy()
                .backup_vault_name(&v.name)
                .policy(serde_json::to_string_pretty(p).unwrap())
                .send()
                .await
                .expect("put policy");
        }
        if let Some(n) = &v.notifications {
            c.put_backup_vault_notifications()
                .backup_vault_name(&v.name)
                .sns_topic_arn(&n.sns_topic_arn)
                .set_backup_vault_events(Some(
                    n.events
                        .iter()
                        .rev()
                        .map(|e| t::BackupVaultEvent::from(e.as_str()))
                        .collect(),
                ))
                .send()
                .await
                .expect("put notifications");
        }
        if let Some(l) = &v.lock {
            c.put_backup_vault_lock_configuration()
                .backup_vault_name(&v.name)
                .set_min_retention_days(l.min_retention_days)
                .set_max_retention_days(l.max_retention_days)
                .set_changeable_for_days(l.changeable_for_days)
                .send()
                .await
                .expect("put lock");
        }
    }
    seed_air_gapped(c, d).await;
    for p in d.plans.values() {
        let mut input = t::BackupPlanInput::builder().backup_plan_name(&p.name);
        // Reverse order on purpose: rule order must not matter.
        for (name, r) in p.rules.iter().rev() {
            let mut b = t::BackupRuleInput::builder()
                .rule_name(name)
                .target_backup_vault_name(&r.target_vault)
                .enable_continuous_backup(r.enable_continuous_backup)
                .set_target_logically_air_gapped_backup_vault_arn(
                    r.target_logically_air_gapped_backup_vault_arn
                        .as_deref()
                        .map(|t| air_gapped_arn(c, d, t)),
                );
            // Leave AWS defaults unset so the emulator fills them in.
            if r.schedule != model::DEFAULT_SCHEDULE {
                b = b.schedule_expression(&r.schedule);
            }
            if r.schedule_timezone != model::DEFAULT_TIMEZONE {
                b = b.schedule_expression_timezone(&r.schedule_timezone);
            }
            if r.start_window_minutes != model::DEFAULT_START_WINDOW {
                b = b.start_window_minutes(r.start_window_minutes);
            }
            if r.completion_window_minutes != model::DEFAULT_COMPLETION_WINDOW {
                b = b.completion_window_minutes(r.completion_window_minutes);
            }
            if let Some(l) = &r.lifecycle {
                b = b.lifecycle(lifecycle(l));
            }
            for ca in &r.copy_actions {
                b = b.copy_actions(
                    t::CopyAction::builder()
                        .destination_backup_vault_arn(&ca.destination_vault_arn)
                        .set_lifecycle(ca.lifecycle.as_ref().map(lifecycle))
                        .build()
                        .unwrap(),
                );
            }
            if !r.recovery_point_tags.is_empty() {
                b = b.set_recovery_point_tags(Some(
                    r.recovery_point_tags.clone().into_iter().collect(),
                ));
            }
            input = input.rules(b.build().unwrap());
        }
        for (rt, opts) in &p.advanced_backup_settings {
            input = input.advanced_backup_settings(
                t::AdvancedBackupSetting::builder()
                    .resource_type(rt)
                    .set_backup_options(Some(opts.clone().into_iter().collect()))
                    .build(),
            );
        }
        let out = c
            .create_backup_plan()
            .backup_plan(input.build().unwrap())
            .set_backup_plan_tags(Some(tags(&p.tags, &d.stack)))
            .send()
            .await
            .expect("create plan");
        let id = out.backup_plan_id().unwrap().to_string();
        for (name, s) in &p.selections {
            let mut b = t::BackupSelection::builder()
                .selection_name(name)
                .iam_role_arn(&s.iam_role_arn)
                .set_resources(Some(s.resources.iter().rev().cloned().collect()))
                .set_not_resources(Some(s.not_resources.iter().cloned().collect()));
            for tc in &s.list_of_tags {
                b = b.list_of_tags(
                    t::Condition::builder()
                        .condition_type(t::ConditionType::from(tc.condition_type.as_str()))
                        .condition_key(&tc.key)
                        .condition_value(&tc.value)
                        .build()
                        .unwrap(),
                );
            }
            let params = |set: &std::collections::BTreeSet<(String, String)>| {
                Some(
                    set.iter()
                        .map(|(k, v)| {
                            t::ConditionParameter::builder()
                                .condition_key(k)
                                .condition_value(v)
                                .build()
                        })
                        .collect::<Vec<_>>(),
                )
            };
            let cs = &s.conditions;
            b = b.conditions(
                t::Conditions::builder()
                    .set_string_equals(params(&cs.string_equals))
                    .set_string_not_equals(params(&cs.string_not_equals))
                    .set_string_like(params(&cs.string_like))
                    .set_string_not_like(params(&cs.string_not_like))
                    .build(),
            );
            c.create_backup_selection()
                .backup_plan_id(&id)
                .backup_selection(b.build().unwrap())
                .send()
                .await
                .expect("create selection");
        }
    }
    crate::seed_restore::seed(c, d).await;
    for tc in d.tiering_configurations.values() {
        // Reverse order on purpose: selection and resource order must not matter.
        let sels = tc.resource_selection.iter().rev().map(|s| {
            t::ResourceSelection::builder()
                .resource_type(&s.resource_type)
                .set_resources(Some(s.resources.iter().rev().cloned().collect()))
                .tiering_down_settings_in_days(s.tiering_down_settings_in_days as i32)
                .build()
                .unwrap()
        });
        c.create_tiering_configuration()
            .tiering_configuration(
                t::TieringConfigurationInputForCreate::builder()
                    .tiering_configuration_name(&tc.name)
                    .backup_vault_name(&tc.vault)
                    .set_resource_selection(Some(sels.collect()))
                    .build()
                    .unwrap(),
            )
            .set_tiering_configuration_tags(Some(tags(&tc.tags, &d.stack)))
            .send()
            .await
            .expect("create tiering configuration");
    }
    seed_legal_holds(c, d).await;
    seed_audit(c, d).await;
}

/// A rule's air-gapped target: a declared air-gapped vault's name becomes
/// its ARN (as backupctl sends it), an ARN stays.
fn air_gapped_arn(c: &aws_sdk_backup::Client, d: &Desired, target: &str) -> String {
    if !d.air_gapped_vaults.contains_key(target) {
        return target.to_string();
    }
    let region = c
        .config()
        .region()
        .map(|r| r.to_string())
        .unwrap_or_default();
    format!(
        "arn:aws:backup:{region}:{}:backup-vault:{target}",
        crate::ACCOUNT
    )
}

/// The air-gapped vaults of `d`, with their policy, notifications, MPA team
/// and restore access vaults, as an apply would leave them.
async fn seed_air_gapped(c: &aws_sdk_backup::Client, d: &Desired) {
    for v in d.air_gapped_vaults.values() {
        let arn = c
            .create_logically_air_gapped_backup_vault()
            .backup_vault_name(&v.name)
            .min_retention_days(v.min_retention_days)
            .max_retention_days(v.max_retention_days)
            .set_encryption_key_arn(v.encryption_key_arn.clone())
            .set_backup_vault_tags(Some(tags(&v.tags, &d.stack)))
            .send()
            .await
            .expect("create air-gapped vault")
            .backup_vault_arn
            .unwrap();
        if let Some(p) = &v.access_policy {
            c.put_backup_vault_access_policy()
                .backup_vault_name(&v.name)
                .policy(p.to_string())
                .send()
                .await
                .expect("put policy");
        }
        if let Some(n) = &v.notifications {
            c.put_backup_vault_notifications()
                .backup_vault_name(&v.name)
                .sns_topic_arn(&n.sns_topic_arn)
                .set_backup_vault_events(Some(
                    n.events
                        .iter()
                        .map(|e| t::BackupVaultEvent::from(e.as_str()))
                        .collect(),
                ))
                .send()
                .await
                .expect("put notifications");
        }
        if let Some(team) = &v.mpa_approval_team_arn {
            c.associate_backup_vault_mpa_approval_team()
                .backup_vault_name(&v.name)
                .mpa_approval_team_arn(team)
                .send()
                .await
                .expect("associate MPA team");
        }
        for (name, ra) in &v.restore_access_vaults {
            c.create_restore_access_backup_vault()
                .source_backup_vault_arn(&arn)
                .backup_vault_name(name)
                .set_backup_vault_tags(Some(tags(&ra.tags, &d.stack)))
                .send()
                .await
                .expect("create restore access vault");
        }
    }
}

/// The legal holds `d` declares, tagged into its stack.
async fn seed_legal_holds(c: &aws_sdk_backup::Client, d: &Desired) {
    let at = |s: &str| {
        let t = backupctl::resources::legal_hold::model::parse_timestamp(s).expect("RFC 3339");
        aws_sdk_backup::primitives::DateTime::from_millis(t.timestamp_millis())
    };
    for h in d.legal_holds.values() {
        let sel = h.recovery_point_selection.as_ref().map(|p| {
            t::RecoveryPointSelection::builder()
                .set_vault_names(Some(p.vaults.iter().cloned().collect()))
                .set_resource_identifiers(Some(p.resource_identifiers.iter().cloned().collect()))
                .set_date_range(p.date_range.as_ref().map(|r| {
                    t::DateRange::builder()
                        .from_date(at(&r.from))
                        .to_date(at(&r.to))
                        .build()
                        .unwrap()
                }))
                .build()
        });
        c.create_legal_hold()
            .title(&h.title)
            .description(&h.description)
            .set_recovery_point_selection(sel)
            .set_tags(Some(tags(&h.tags, &d.stack)))
            .send()
            .await
            .expect("create legal hold");
    }
}

/// Frameworks (waited for until deployed) and report plans, the latter
/// naming declared frameworks by their ARN.
async fn seed_audit(c: &aws_sdk_backup::Client, d: &Desired) {
    let mut arns: HashMap<String, String> = HashMap::new();
    for (name, f) in &d.frameworks {
        let mut req = c
            .create_framework()
            .framework_name(name)
            .set_framework_description(f.description.clone())
            .set_framework_tags(Some(tags(&f.tags, &d.stack)));
        for (cname, ctl) in &f.controls {
            let mut b = t::FrameworkControl::builder().control_name(cname);
            for (k, v) in &ctl.parameters {
                b = b.control_input_parameters(
                    t::ControlInputParameter::builder()
                        .parameter_name(k)
                        .parameter_value(v)
                        .build(),
                );
            }
            if let Some(sc) = &ctl.scope {
                b = b.control_scope(
                    t::ControlScope::builder()
                        .set_compliance_resource_ids(
                            (!sc.resource_ids.is_empty())
                                .then(|| sc.resource_ids.iter().cloned().collect()),
                        )
                        .set_compliance_resource_types(
                            (!sc.resource_types.is_empty())
                                .then(|| sc.resource_types.iter().cloned().collect()),
                        )
                        .set_tags(
                            (!sc.tags.is_empty()).then(|| sc.tags.clone().into_iter().collect()),
                        )
                        .build(),
                );
            }
            req = req.framework_controls(b.build().unwrap());
        }
        let arn = req
            .send()
            .await
            .expect("create framework")
            .framework_arn
            .unwrap();
        c.describe_framework()
            .framework_name(name)
            .send()
            .await
            .expect("describe framework");
        arns.insert(name.clone(), arn);
    }
    for (name, p) in &d.report_plans {
        let list = |s: &std::collections::BTreeSet<String>| {
            (!s.is_empty()).then(|| s.iter().cloned().collect::<Vec<_>>())
        };
        let frameworks: Vec<String> = p
            .frameworks
            .iter()
            .map(|f| arns.get(f).cloned().unwrap_or_else(|| f.clone()))
            .collect();
        c.create_report_plan()
            .report_plan_name(name)
            .set_report_plan_description(p.description.clone())
            .report_delivery_channel(
                t::ReportDeliveryChannel::builder()
                    .s3_bucket_name(&p.delivery.s3_bucket)
                    .set_s3_key_prefix(p.delivery.s3_key_prefix.clone())
                    .set_formats(list(&p.delivery.formats))
                    .build()
                    .unwrap(),
            )
            .report_setting(
                t::ReportSetting::builder()
                    .report_template(&p.template)
                    .set_framework_arns((!frameworks.is_empty()).then_some(frameworks))
                    .set_accounts(list(&p.accounts))
                    .set_organization_units(list(&p.organization_units))
                    .set_regions(list(&p.regions))
                    .build()
                    .unwrap(),
            )
            .set_report_plan_tags(Some(tags(&p.tags, &d.stack)))
            .send()
            .await
            .expect("create report plan");
    }
}
