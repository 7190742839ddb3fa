//! The top-level keys that declare targets (`variables`, `target_defaults`,
//! `targets`) and the per-resource keys that refer to them (`targets:` on a
//! vault or a plan, `destination_vault:` on a copy action), as typed for
//! decoding and for the JSON Schema. They are read from the YAML trees
//! before the per-target configs are decoded, so `Config` does not hold
//! them; `config::schema` adds them to the published schema.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

use crate::yaml::decode::{decode_struct, Cx, Decode};
use crate::yaml::raw::{Kind, Node};
use crate::yaml::span::Spanned;

/// An account under `targets:`; it expands to one target per region.
#[derive(Debug, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountEntry {
    /// The account's id: 12 digits, quoted.
    #[schemars(regex(pattern = backup_facts::names::ACCOUNT_ID))]
    pub account_id: Spanned<String>,
    #[serde(flatten)]
    pub access: AccessKeys,
}

/// `target_defaults:` the keys of an account entry but `account_id`.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetDefaults {
    #[serde(flatten)]
    pub access: AccessKeys,
}

/// The keys an account entry shares with `target_defaults`.
#[derive(Debug, Clone, Default, JsonSchema)]
pub struct AccessKeys {
    /// Regions: one target per region (required here or in `target_defaults`).
    pub regions: Option<Vec<Spanned<String>>>,
    /// IAM role to assume (STS AssumeRole); may use `${target.*}` and `${var.*}`.
    pub role_arn: Option<Spanned<String>>,
    /// The role's external id: 2 to 1224 of letters, digits and `+=,.@:/-_`.
    #[schemars(regex(pattern = r"^[\w+=,.@:/${}-]{2,1224}$"))]
    pub external_id: Option<Spanned<String>>,
    /// STS session name (default `backupctl`): 2 to 64 of letters, digits and `+=,.@-_`.
    #[schemars(regex(pattern = r"^[\w+=,.@${}-]{2,64}$"))]
    pub session_name: Option<Spanned<String>>,
    /// Named profile: the credentials, or the source credentials of `role_arn`.
    pub profile: Option<Spanned<String>>,
    /// `aws`, `aws-cn` or `aws-us-gov` (default: from the region).
    #[schemars(extend("enum" = ["aws", "aws-cn", "aws-us-gov"]))]
    pub partition: Option<Spanned<String>>,
    /// Variables of this account (override the top-level `variables`).
    #[serde(default)]
    pub variables: Variables,
}

decode_struct!(AccessKeys {
    regions,
    role_arn,
    external_id,
    session_name,
    profile,
    partition,
    variables
});

const ACCOUNT_OWN_KEYS: &[&str] = &["account_id"];

impl Decode for AccountEntry {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self> {
        let keys: Vec<&str> = ACCOUNT_OWN_KEYS
            .iter()
            .chain(AccessKeys::KEYS)
            .copied()
            .collect();
        let map = crate::yaml::decode::open_map(node, cx, &keys)?;
        let account_id = map.field(cx, "account_id");
        let access = AccessKeys::decode_in(&map, cx);
        Some(AccountEntry {
            account_id: account_id?,
            access: access?,
        })
    }
}

impl Decode for TargetDefaults {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self> {
        AccessKeys::decode(node, cx).map(|access| TargetDefaults { access })
    }
    fn absent() -> Option<Self> {
        Some(TargetDefaults::default())
    }
}

/// Variables: name -> any YAML value, kept as written (with positions) so
/// a whole-value reference keeps its type.
#[derive(Debug, Clone, Default)]
pub struct Variables(pub BTreeMap<String, Node>);

/// Letters, digits, `_` and `-`, starting with a letter or `_`.
pub fn valid_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

impl Decode for Variables {
    fn decode(node: &Node, cx: &mut Cx<'_>) -> Option<Self> {
        let mut out = BTreeMap::new();
        match &node.kind {
            Kind::Null => {}
            Kind::Map(entries) => {
                for (k, v) in entries {
                    let Kind::Str(name) = &k.kind else {
                        cx.error(k.pos, "variable names are strings", None);
                        continue;
                    };
                    if !valid_variable_name(name) {
                        cx.in_key(name, |cx| {
                            cx.error(
                                k.pos,
                                format!("`{name}` is not a valid variable name"),
                                Some(
                                    "letters, digits, `_` and `-`, starting with a letter or `_`"
                                        .into(),
                                ),
                            );
                        });
                        continue;
                    }
                    out.insert(name.clone(), v.clone());
                }
            }
            k => {
                let msg = format!("expected a mapping of variables, found {}", k.type_name());
                cx.error(node.pos, msg, None);
                return None;
            }
        }
        Some(Variables(out))
    }
    fn absent() -> Option<Self> {
        Some(Variables::default())
    }
}

impl JsonSchema for Variables {
    fn schema_name() -> Cow<'static, str> {
        "Variables".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Variables: name -> any value, used as `${var.NAME}` (a value that is exactly one reference keeps the variable's type).",
            "type": "object",
            "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_-]*$"},
            "additionalProperties": true
        })
    }
}

/// A vault's or a plan's `targets:`: names and globs, or a selector.
#[derive(Debug, Clone, JsonSchema)]
#[serde(untagged)]
pub enum TargetSelector {
    /// Target names or globs (`*`, `?`); a pattern without `/` is an account key.
    Patterns(Vec<String>),
    /// Variable names and `target.name|account|account_id|region|partition`
    /// -> a value or a list of values (any of); every key must match.
    Match(BTreeMap<String, SelectorValue>),
}

/// A selector's value: one scalar or any of several.
#[derive(Debug, Clone, JsonSchema)]
#[serde(untagged)]
pub enum SelectorValue {
    One(Scalar),
    AnyOf(Vec<Scalar>),
}

/// A scalar a selector compares with.
#[derive(Debug, Clone, JsonSchema)]
#[serde(untagged)]
pub enum Scalar {
    Text(String),
    Number(i64),
    Flag(bool),
}

/// A copy action's `destination_vault`: another target's vault, resolved
/// to its ARN.
#[derive(Debug, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VaultRef {
    /// A target name (`central/eu-west-1`); may use `${target.*}`.
    pub target: String,
    /// A vault that target declares, or lists in `external_vaults`.
    pub vault: String,
}

/// The top-level keys, for the schema.
#[derive(JsonSchema)]
pub struct TopLevelKeys {
    /// Variables every target sees (an account's own `variables` override them).
    #[serde(default)]
    pub variables: Variables,
    /// Keys every account entry gets unless it sets them itself.
    #[serde(default)]
    pub target_defaults: Option<TargetDefaults>,
    /// The accounts this config applies to, by key (letters, digits, `-`,
    /// `_`); each expands to one target per region, named `ACCOUNT/REGION`.
    /// With `targets:`, the top-level `account_id` and `region` are not allowed.
    #[serde(default)]
    pub targets: BTreeMap<String, AccountEntry>,
}

/// The per-resource keys, for the schema.
#[derive(JsonSchema)]
pub struct ResourceKeys {
    /// The targets this resource applies to (default: every target).
    pub targets: TargetSelector,
    /// Another target's vault, instead of `destination_vault_arn`.
    pub destination_vault: VaultRef,
}
