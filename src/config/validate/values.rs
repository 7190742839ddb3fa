//! Checks of single values: tags.

use crate::config::decode::Cx;
use crate::config::raw::{Kind, Node, Pos};

/// AWS tag limits: key 1..128 characters without the reserved `aws:` prefix,
/// value up to 256 characters.
pub(crate) fn check_tag(key: &str, value: &Node, key_pos: Pos, cx: &mut Cx) {
    let n = key.chars().count();
    if n == 0 || n > 128 {
        cx.error(
            key_pos,
            format!("tag key is {n} characters; AWS allows 1 to 128"),
            None,
        );
    }
    if key.to_lowercase().starts_with("aws:") {
        cx.error(
            key_pos,
            format!("tag key `{key}` uses the reserved `aws:` prefix"),
            Some("AWS reserves tags starting with aws:; choose another key".into()),
        );
    }
    if let Kind::Str(v) = &value.kind {
        let n = v.chars().count();
        if n > 256 {
            cx.error(
                value.pos,
                format!("tag value is {n} characters; AWS allows at most 256"),
                None,
            );
        }
    }
}
