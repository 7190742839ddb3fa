//! Loading configs with `targets:` end to end (`load_from_str`): per-target
//! configs, cross-target references resolved to ARNs and their mistakes,
//! the findings of many targets merged, and the no-targets rules.

use super::load_from_str;

const HEAD: &str = r#"version: 1
stack: s
target_defaults:
  regions: [eu-west-1, eu-central-1]
targets:
  central: { account_id: "111111111111" }
  prod: { account_id: "222222222222", variables: { env: prod } }
"#;

fn errors(text: &str) -> Vec<String> {
    let d = load_from_str(&[("c.yaml", text)]).expect_err("invalid");
    d.items
        .iter()
        .map(|d| format!("{}:{}: {}: {}", d.line, d.column, d.path, d.message))
        .collect()
}

#[test]
fn references_become_the_destination_targets_vault_arns() {
    let text = format!(
        "{HEAD}vaults:\n  - name: main\n  - name: dr\n    targets: [\"*/eu-central-1\"]\nplans:\n  - name: p\n    targets: [prod]\n    rules:\n      - name: r\n        target_vault: main\n        copy_actions:\n          - destination_vault: {{ target: \"central/${{target.region}}\", vault: main }}\n          - destination_vault: {{ target: \"${{target.account}}/eu-central-1\", vault: dr }}\n"
    );
    let l = load_from_str(&[("c.yaml", &text)]).expect("valid");
    let names: Vec<_> = l.targets.iter().map(|t| t.target.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "central/eu-central-1",
            "central/eu-west-1",
            "prod/eu-central-1",
            "prod/eu-west-1"
        ]
    );
    let prod_west = &l.targets[3];
    assert_eq!(prod_west.config.region.as_ref().unwrap().value, "eu-west-1");
    assert_eq!(
        prod_west.config.account_id.as_ref().unwrap().value,
        "222222222222"
    );
    let arns: Vec<_> = prod_west.config.plans[0].rules[0]
        .copy_actions
        .iter()
        .map(|c| c.destination_vault_arn.value.clone())
        .collect();
    assert_eq!(
        arns,
        [
            "arn:aws:backup:eu-west-1:111111111111:backup-vault:main",
            "arn:aws:backup:eu-central-1:222222222222:backup-vault:dr"
        ]
    );
    let span = &prod_west.config.plans[0].rules[0].copy_actions[0]
        .destination_vault_arn
        .span;
    assert_eq!(
        span.path,
        "plans[0].rules[0].copy_actions[0].destination_vault"
    );
    assert_eq!((span.line, span.column), (19, 32));
    assert!(l.targets[0].config.plans.is_empty(), "central has no plan");
    assert_eq!(l.config.stack.value, "s");
    let deps = crate::targets::copy_dependencies(prod_west, &l.targets);
    assert_eq!(deps, ["central/eu-west-1", "prod/eu-central-1"]);
}

#[test]
fn reference_mistakes_name_the_place_and_the_targets() {
    let text = format!(
        "{HEAD}vaults:\n  - name: main\n  - name: dr\n    targets: [\"*/eu-central-1\"]\nplans:\n  - name: p\n    rules:\n      - name: r\n        target_vault: main\n        copy_actions:\n          - destination_vault: {{ target: centrl/eu-west-1, vault: main }}\n          - destination_vault: {{ target: \"central/${{target.region}}\", vault: dr }}\n          - destination_vault_arn: arn:aws:backup:eu-west-1:111111111111:backup-vault:xx\n            destination_vault: {{ target: central/eu-west-1, vault: main }}\n"
    );
    let e = errors(&text);
    assert_eq!(
        e,
        [
            "18:42: plans[0].rules[0].copy_actions[0].destination_vault.target: no target is named `centrl/eu-west-1`",
            "19:77: plans[0].rules[0].copy_actions[1].destination_vault.vault: target `central/eu-west-1` declares no vault `dr` (in `vaults` selected for it, or `external_vaults`) (targets central/eu-west-1 and prod/eu-west-1)",
            "20:36: plans[0].rules[0].copy_actions[2].destination_vault_arn: a copy action has `destination_vault` or `destination_vault_arn`, not both",
        ],
        "{e:#?}"
    );
}

#[test]
fn selector_and_declaration_mistakes() {
    let text = format!(
        "{HEAD}  prod2: {{ account_id: \"222222222222\" }}\nvaults:\n  - name: main\n    targets: [staging]\n  - name: other\n    targets: {{ evn: prod }}\n"
    );
    let e = errors(&text);
    assert!(e.iter().any(|m| m.starts_with("8:24: targets.prod2.account_id: account 222222222222 in eu-west-1 is already target `prod/eu-west-1`")), "{e:#?}");
    assert!(
        e.iter()
            .any(|m| m.starts_with("11:15: vaults[0].targets[0]: `staging` matches no target")),
        "{e:#?}"
    );
    assert!(
        e.iter()
            .any(|m| m
                .starts_with("13:16: vaults[1].targets.evn: no target defines the variable `evn`")),
        "{e:#?}"
    );

    let e = errors("version: 1\nstack: s\nregion: eu-west-1\ntargets:\n  a: { account_id: \"1\", regions: [eu-west-1], rol_arn: x }\n");
    assert!(
        e.iter()
            .any(|m| m.contains("with `targets:`, the top-level `region` is not allowed")),
        "{e:#?}"
    );
    assert!(
        e.iter()
            .any(|m| m.contains("targets.a.rol_arn: unknown key `rol_arn`")),
        "{e:#?}"
    );
    assert!(
        e.iter()
            .any(|m| m.contains("`1` is not a valid account id")),
        "{e:#?}"
    );
}

#[test]
fn variables_merge_across_files_and_a_second_definition_is_a_mistake() {
    let a = "version: 1\nstack: s\nvariables: { days: 7 }\ntargets:\n  a: { account_id: \"111111111111\", regions: [eu-west-1] }\n";
    let b =
        "version: 1\nstack: s\nvariables: { days: 9, env: x }\nvaults:\n  - name: v-${var.env}\n";
    let d = load_from_str(&[("a.yaml", a), ("b.yaml", b)]).expect_err("twice");
    let m: Vec<_> = d
        .items
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {} [{:?}]",
                d.file.display(),
                d.line,
                d.column,
                d.message,
                d.hint
            )
        })
        .collect();
    assert_eq!(
        m,
        ["b.yaml:3:14: `variables.days` is defined twice [Some(\"first defined at a.yaml:3:14\")]"]
    );
    let b = b.replace("days: 9, ", "");
    let l = load_from_str(&[("a.yaml", a), ("b.yaml", &b)]).expect("valid");
    assert_eq!(l.targets[0].config.vaults[0].name.value, "v-x");
}

#[test]
fn without_targets_variables_and_facts_come_from_the_top_level() {
    let ok = "version: 1\nstack: s\naccount_id: \"123456789012\"\nregion: eu-west-1\nvariables: { days: 30 }\nvaults:\n  - name: v-${target.region}\nplans:\n  - name: p\n    rules:\n      - name: r\n        target_vault: v-eu-west-1\n        lifecycle: { delete_after_days: \"${var.days}\" }\n";
    let l = load_from_str(&[("c.yaml", ok)]).expect("valid");
    assert!(l.targets.is_empty());
    assert_eq!(l.config.vaults[0].name.value, "v-eu-west-1");
    let days = l.config.plans[0].rules[0]
        .lifecycle
        .as_ref()
        .unwrap()
        .delete_after_days
        .as_ref()
        .unwrap();
    assert_eq!((days.value, days.span.line, days.span.column), (30, 13, 41));

    let e = errors("version: 1\nstack: s\nvaults:\n  - name: v-${target.account}\n    targets: [a]\nplans:\n  - name: p\n    rules:\n      - name: r\n        target_vault: x\n        copy_actions:\n          - destination_vault: { target: a/b, vault: x }\n");
    assert_eq!(
        e,
        [
            "4:11: vaults[0].name: `${target.account}` is not available: it needs top-level `targets:`",
            "5:5: vaults[0].targets: `targets:` on a resource needs top-level `targets:`",
            "12:13: plans[0].rules[0].copy_actions[0].destination_vault: `destination_vault` needs top-level `targets:`",
        ],
        "{e:#?}"
    );
}

#[test]
fn one_hundred_fifty_targets_load_quickly() {
    let mut text = String::from("version: 1\nstack: s\nvariables: { days: 35 }\ntarget_defaults:\n  regions: [eu-west-1, eu-central-1]\n  role_arn: \"arn:aws:iam::${target.account_id}:role/backupctl\"\ntargets:\n");
    for i in 0..75 {
        text.push_str(&format!(
            "  a{i}: {{ account_id: \"{:012}\" }}\n",
            100_000_000_000u64 + i
        ));
    }
    text.push_str("vaults:\n  - name: main\n    tags: { Env: \"${target.account}\" }\n  - name: dr\n    targets: [\"*/eu-central-1\"]\nplans:\n  - name: p\n    rules:\n      - name: daily\n        target_vault: main\n        schedule: cron(0 5 * * ? *)\n        lifecycle: { delete_after_days: \"${var.days}\" }\n        copy_actions:\n          - destination_vault: { target: \"${target.account}/eu-central-1\", vault: dr }\n    selections:\n      - name: all\n        iam_role_arn: arn:aws:iam::${target.account_id}:role/backup\n        resources: [\"*\"]\n");
    let start = std::time::Instant::now();
    let l = load_from_str(&[("org.yaml", &text)]).expect("valid");
    let took = start.elapsed();
    assert_eq!(l.targets.len(), 150);
    // About 60 ms in a debug build; a generous bound for loaded CI machines.
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
}
