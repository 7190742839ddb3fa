//! The shape most kinds' live resources share (a name, an ARN, tags), and
//! the per-kind `KindOps` steps that only need that shape: the managed
//! count, import's chosen list and hiding `ignore_tags`. A kind implements
//! [`LiveTagged`] in its model and calls these instead of writing the
//! loops again.

use crate::model::{is_managed, IgnoredTags, Tags};
use crate::resources::{Chosen, Kind};

/// A live resource with a name, an ARN and tags.
pub(crate) trait LiveTagged {
    fn name(&self) -> &str;
    fn arn(&self) -> &str;
    fn tags(&self) -> &Tags;
    fn tags_mut(&mut self) -> &mut Tags;
}

/// How many of `items` the stack manages (`KindOps::managed`).
pub(crate) fn count_managed<'a, T: LiveTagged + 'a>(
    items: impl IntoIterator<Item = &'a T>,
    stack: &str,
) -> usize {
    items
        .into_iter()
        .filter(|r| is_managed(r.tags(), stack))
        .count()
}

/// The imported `items`, each to adopt unless the stack manages it
/// (`ImportOps::chosen`).
pub(crate) fn chosen<'a, T: LiveTagged + 'a>(
    items: impl IntoIterator<Item = &'a T>,
    noun: &'static str,
    stack: &str,
) -> Vec<Chosen> {
    items
        .into_iter()
        .map(|r| Chosen {
            kind: noun,
            name: r.name().to_string(),
            arn: r.arn().to_string(),
            adopt: !is_managed(r.tags(), stack),
        })
        .collect()
}

/// Drop the ignored tags of `items`, the `kind` resources read in full
/// (`KindOps::hide_tags`).
pub(crate) fn hide_tags<'a, T: LiveTagged + 'a>(
    items: impl IntoIterator<Item = &'a mut T>,
    kind: Kind,
    ignored: &IgnoredTags,
) {
    for r in items {
        let name = r.name().to_string();
        ignored.hide(kind, &name, r.tags_mut());
    }
}

/// Implements [`LiveTagged`] for a live type whose name and tags sit in
/// one field (`$inner.name`, `$inner.tags`) next to its `arn`.
macro_rules! live_tagged {
    ($ty:ty, $inner:ident) => {
        impl $crate::resources::tagged::LiveTagged for $ty {
            fn name(&self) -> &str {
                &self.$inner.name
            }
            fn arn(&self) -> &str {
                &self.arn
            }
            fn tags(&self) -> &$crate::model::Tags {
                &self.$inner.tags
            }
            fn tags_mut(&mut self) -> &mut $crate::model::Tags {
                &mut self.$inner.tags
            }
        }
    };
}
pub(crate) use live_tagged;
