//! `ignore_tags`: tag keys that other automation owns on the vaults and
//! plans backupctl manages (by exact key or by key prefix, as the Terraform
//! AWS provider's `ignore_tags`). Here, next to `Tags`: the config type
//! (config-wide and per vault or plan), the rule of what an entry covers,
//! and the offline checks (each entry a tag key, no duplicates, never the
//! stack tag, and no declared tag that a list hides).
//!
//! The desired state carries the lists normalized (`model::IgnoredTags`),
//! and the live state drops the tags they cover right after observing.

use schemars::JsonSchema;
use serde::Serialize;

use super::decode::decode_struct;
use super::findings::Findings;
use super::span::Spanned;
use super::tags::{key_length_problem, Tags, STACK_TAG};

/// Tags backupctl neither diffs nor removes: keys set by other automation.
/// Give `keys`, `key_prefixes` or both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IgnoreTags {
    /// Tag keys ignored exactly (case-sensitive), e.g. `CostCenter`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(transform = key_items)]
    pub keys: Vec<Spanned<String>>,
    /// Tag keys starting with one of these are ignored, e.g. `aws:`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(transform = key_items)]
    pub key_prefixes: Vec<Spanned<String>>,
}

decode_struct!(IgnoreTags { keys, key_prefixes });

/// Entries are tag keys (or their starts): 1..128 characters.
fn key_items(schema: &mut schemars::Schema) {
    schema.insert(
        "items".into(),
        serde_json::json!({"type": "string", "minLength": 1, "maxLength": 128}),
    );
}

/// Whether an entry covers tag key `key`: equal to it, or (a prefix entry)
/// the start of it.
pub fn covers(entry: &str, prefix: bool, key: &str) -> bool {
    if prefix {
        key.starts_with(entry)
    } else {
        key == entry
    }
}

impl IgnoreTags {
    /// The first entry covering `key` (exact keys before prefixes), and
    /// whether it is a prefix.
    pub fn entry_for(&self, key: &str) -> Option<(&Spanned<String>, bool)> {
        self.entries().find(|(e, prefix)| covers(e, *prefix, key))
    }

    /// Every entry, exact keys first, each with whether it is a prefix.
    pub fn entries(&self) -> impl Iterator<Item = (&Spanned<String>, bool)> {
        let keys = self.keys.iter().map(|k| (k, false));
        keys.chain(self.key_prefixes.iter().map(|p| (p, true)))
    }

    /// Another file's config-wide list, appended to this one.
    pub fn append(&mut self, other: IgnoreTags) {
        self.keys.extend(other.keys);
        self.key_prefixes.extend(other.key_prefixes);
    }
}

fn what(prefix: bool) -> &'static str {
    if prefix {
        "key_prefixes"
    } else {
        "keys"
    }
}

/// Check one list (config-wide, or one vault's or plan's): it names
/// something, every entry has a tag key's length, none repeats, and none
/// covers the stack tag (ownership would be lost with it).
pub(crate) fn check_list(list: &Spanned<IgnoreTags>, r: &mut Findings<'_>) {
    // Empty because decoding dropped a mistyped key: that one finding is
    // enough.
    let dropped = r.decode_error_under(Some(&list.span), &list.span.path);
    if list.keys.is_empty() && list.key_prefixes.is_empty() && !dropped {
        r.error(
            &list.span,
            "ignore_tags ignores nothing",
            Some("give `keys`, `key_prefixes` or both, or remove ignore_tags".into()),
        );
    }
    for (entry, prefix) in list.entries() {
        if let Some(msg) = key_length_problem(entry) {
            r.error(&entry.span, msg, None);
        }
        // An empty entry is only the length finding above.
        if !entry.is_empty() && covers(entry, prefix, STACK_TAG) {
            r.error(
                &entry.span,
                format!(
                    "ignore_tags {} `{}` covers the `{STACK_TAG}` tag, which backupctl needs: it is how a vault or plan is known to be this stack's",
                    what(prefix),
                    entry.value
                ),
                Some(format!("remove `{}` from ignore_tags", entry.value)),
            );
        }
    }
    r.unique(&list.keys, "ignore_tags key");
    r.unique(&list.key_prefixes, "ignore_tags key prefix");
}

/// A vault's or plan's own list: [`check_list`], and a warning for each
/// entry the config-wide list already has.
pub(crate) fn check_own(
    own: &Spanned<IgnoreTags>,
    config_wide: Option<&Spanned<IgnoreTags>>,
    r: &mut Findings<'_>,
) {
    check_list(own, r);
    let Some(wide) = config_wide else { return };
    for (entry, prefix) in own.entries() {
        let same = wide
            .entries()
            .find(|(w, p)| *p == prefix && w.value == entry.value);
        if let Some((first, _)) = same {
            let hint = format!(
                "the config-wide ignore_tags has it at {}",
                r.locate(&first.span)
            );
            r.warning(
                &entry.span,
                format!(
                    "ignore_tags {} `{}` is already ignored config-wide",
                    what(prefix),
                    entry.value
                ),
                Some(hint),
            );
        }
    }
}

/// A declared tag that the effective lists (config-wide and the
/// resource's own) cover would never be applied or diffed: an error at
/// the tag's key.
pub(crate) fn check_declared(
    tags: &Tags,
    lists: &[Option<&Spanned<IgnoreTags>>],
    r: &mut Findings<'_>,
) {
    for key in tags.keys() {
        let hit = lists
            .iter()
            .flatten()
            .find_map(|l| l.entry_for(key).map(|e| (l, e)));
        let Some((list, (entry, prefix))) = hit else {
            continue;
        };
        let span = tags.key_span(key).unwrap_or(&list.span);
        let at = r.locate(&entry.span);
        r.error(
            span,
            format!(
                "tag `{key}` is ignored by ignore_tags ({} `{}` at {at}); remove it from tags or from ignore_tags",
                what(prefix),
                entry.value
            ),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(keys: &[&str], prefixes: &[&str]) -> IgnoreTags {
        let s = |v: &[&str]| {
            v.iter()
                .map(|k| Spanned::unspanned(k.to_string()))
                .collect()
        };
        IgnoreTags {
            keys: s(keys),
            key_prefixes: s(prefixes),
        }
    }

    #[test]
    fn an_exact_key_covers_only_itself() {
        assert!(covers("Owner", false, "Owner"));
        assert!(!covers("Owner", false, "Owner2"));
        assert!(!covers("Owner", false, "owner"), "keys are case-sensitive");
        assert!(!covers("Owner", false, "Own"));
    }

    #[test]
    fn a_prefix_covers_every_key_starting_with_it() {
        assert!(covers("org:", true, "org:team"));
        assert!(covers("org:", true, "org:"));
        assert!(!covers("org:", true, "xorg:team"));
        assert!(!covers("org:", true, "ORG:team"));
    }

    #[test]
    fn entry_for_names_the_entry_and_its_kind() {
        let l = list(&["CostCenter"], &["aws:", "org:"]);
        let (e, prefix) = l.entry_for("org:owner").expect("covered");
        assert_eq!((e.value.as_str(), prefix), ("org:", true));
        let (e, prefix) = l.entry_for("CostCenter").expect("covered");
        assert_eq!((e.value.as_str(), prefix), ("CostCenter", false));
        assert!(l.entry_for("Team").is_none());
        assert!(l.entry_for(STACK_TAG).is_none());
    }

    #[test]
    fn append_concatenates_both_lists() {
        let mut a = list(&["A"], &["p:"]);
        a.append(list(&["B"], &["q:"]));
        let keys: Vec<_> = a.keys.iter().map(|k| k.value.as_str()).collect();
        let prefixes: Vec<_> = a.key_prefixes.iter().map(|k| k.value.as_str()).collect();
        assert_eq!((keys, prefixes), (vec!["A", "B"], vec!["p:", "q:"]));
    }
}
