//! The shared state of the diff the kinds fill (`KindOps::diff`): the
//! stack, the options, the changes and errors so far, and the helpers every
//! kind uses (identity tags, CreatorRequestIds, the ownership check). The
//! loop over the kinds, the ordering and the unmanaged lists are `diff`'s.

use crate::changeset::{ids, Change};
use crate::model::{self, is_managed, STACK_TAG};

/// Switches that change what the diff allows.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiffOptions {
    /// Take over unmanaged resources that have a desired name.
    pub adopt: bool,
}

/// What each kind's diff (`resources::<kind>::diff`) adds to.
pub(crate) struct Differ<'a> {
    pub(crate) stack: &'a str,
    pub(crate) opts: DiffOptions,
    pub(crate) changes: Vec<Change>,
    pub(crate) errors: Vec<String>,
}

impl<'a> Differ<'a> {
    pub(crate) fn new(stack: &'a str, opts: DiffOptions) -> Differ<'a> {
        Differ {
            stack,
            opts,
            changes: Vec::new(),
            errors: Vec::new(),
        }
    }

    pub(crate) fn identity_tags(&self, tags: &mut model::Tags) {
        tags.insert(STACK_TAG.to_string(), self.stack.to_string());
    }

    pub(crate) fn crid(&self, identity: &str, content: &impl serde::Serialize) -> Option<String> {
        let json = serde_json::to_value(content).expect("serializes");
        Some(ids::creator_request_id(self.stack, identity, &json))
    }

    /// Ownership check for a live resource with a desired name: Ok(adopt?)
    /// or an error already recorded.
    pub(crate) fn ownership(&mut self, kind: &str, name: &str, tags: &model::Tags) -> Option<bool> {
        if is_managed(tags, self.stack) {
            return Some(false);
        }
        if let Some(other) = tags.get(STACK_TAG) {
            self.errors.push(format!(
                "{kind} \"{name}\" is managed by another stack (\"{other}\"); refusing to take it over"
            ));
            return None;
        }
        if self.opts.adopt {
            return Some(true);
        }
        self.errors.push(format!(
            "{kind} \"{name}\" already exists but is not managed by stack \"{}\" (no {STACK_TAG} tag); pass --adopt to take it over",
            self.stack
        ));
        None
    }
}
