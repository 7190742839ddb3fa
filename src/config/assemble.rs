//! Decoding the YAML trees (one per file, templates applied and, with
//! targets, one target's edits done) and merging the files' configs into
//! one `Config`: the step `resolve` runs once, or once per target.

use std::path::PathBuf;

use super::decode::{Cx, Decode};
use super::diagnostics::{Diagnostic, Diagnostics};
use super::model::*;
use super::raw::Node;
use super::span::Spanned;

/// The parsed files: names, texts, and per file the key paths of rules
/// whose template is unknown (already reported).
pub(crate) struct Sources<'a> {
    pub files: &'a [PathBuf],
    pub texts: &'a [String],
    pub unknown_templates: &'a [Vec<String>],
}

/// Decode every tree (file `i` is `trees[i]`) into one config per file;
/// `None` when one of them could not be decoded.
pub(crate) fn decode_files(
    trees: &[Node],
    src: &Sources<'_>,
    diags: &mut Diagnostics,
) -> Option<Vec<Config>> {
    let mut configs = Vec::new();
    let mut ok = true;
    for (i, node) in trees.iter().enumerate() {
        let path = &src.files[i];
        let unknown = &src.unknown_templates[i];
        let mut cx = Cx::new(i as u32, src.files, src.texts, diags);
        let before = cx.diags.len();
        let decoded = Config::decode(node, &mut cx);
        // A rule whose template is unknown lacks the template's keys: that
        // is one mistake, already reported, not several.
        let mut k = 0;
        diags.items.retain(|d| {
            k += 1;
            k <= before
                || d.file != *path
                || !(d.message.starts_with("missing required key") && unknown.contains(&d.path))
        });
        match decoded {
            Some(c) => configs.push(c),
            None => ok = false,
        }
    }
    (ok && !configs.is_empty()).then_some(configs)
}

pub(crate) fn merge(configs: Vec<Config>, files: &[PathBuf], diags: &mut Diagnostics) -> Config {
    let mut iter = configs.into_iter();
    let mut out = iter.next().expect("at least one config");
    for mut c in iter {
        out.append_resources(&mut c);
        same(&out.version, &c.version, "version", files, diags);
        same(&out.stack, &c.stack, "stack", files, diags);
        merge_guard(
            &mut out.account_id,
            c.account_id,
            "account_id",
            files,
            diags,
        );
        merge_guard(&mut out.region, c.region, "region", files, diags);
        out.external_vaults.extend(c.external_vaults);
        for (name, t) in c.rule_templates {
            out.rule_templates.entry(name).or_insert(t);
        }
        if let Some(ig) = c.ignore {
            let dst = out.ignore.get_or_insert_with(Ignore::default);
            dst.vaults.extend(ig.vaults);
            dst.plans.extend(ig.plans);
        }
        match (&mut out.ignore_tags, c.ignore_tags) {
            (Some(dst), Some(it)) => dst.value.append(it.value),
            (dst @ None, it) => *dst = it,
            (Some(_), None) => {}
        }
        if let Some(s) = c.settings {
            let dst = out.settings.get_or_insert_with(Settings::default);
            for (k, v) in s.global {
                if let Some(prev) = dst.global.get(&k) {
                    conflict(prev, &v, &format!("setting `{k}`"), files, diags);
                } else {
                    dst.global.insert(k, v);
                }
            }
            if let Some(r) = s.region {
                let dr = dst.region.get_or_insert_with(RegionSettings::default);
                dr.resource_type_opt_in.extend(r.resource_type_opt_in);
                dr.resource_type_management
                    .extend(r.resource_type_management);
            }
        }
    }
    out
}

fn same<T: PartialEq + std::fmt::Debug>(
    a: &Spanned<T>,
    b: &Spanned<T>,
    what: &str,
    files: &[PathBuf],
    diags: &mut Diagnostics,
) {
    if a.value != b.value {
        conflict(a, b, what, files, diags);
    }
}

fn merge_guard(
    dst: &mut Option<Spanned<String>>,
    src: Option<Spanned<String>>,
    what: &str,
    files: &[PathBuf],
    diags: &mut Diagnostics,
) {
    match (dst.as_ref(), src) {
        (Some(a), Some(b)) if a.value != b.value => conflict(a, &b, what, files, diags),
        (None, Some(b)) => *dst = Some(b),
        _ => {}
    }
}

fn conflict<T: std::fmt::Debug>(
    first: &Spanned<T>,
    second: &Spanned<T>,
    what: &str,
    files: &[PathBuf],
    diags: &mut Diagnostics,
) {
    let f1 = &files[first.span.file as usize];
    let f2 = &files[second.span.file as usize];
    diags.push(
        Diagnostic::at(
            f2,
            &second.span,
            format!(
                "{what} {:?} differs from {:?} in another file",
                second.value, first.value
            ),
        )
        .with_hint(format!(
            "all files of one config must agree; first set at {}:{}:{}",
            f1.display(),
            first.span.line,
            first.span.column
        )),
    );
}
