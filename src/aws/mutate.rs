//! The write calls `apply` makes, one method per AWS operation, domain
//! types in and ids out. Creates carry the caller's deterministic
//! CreatorRequestId; an AlreadyExistsException naming that same id means an
//! earlier attempt (an SDK retry, an interrupted run) already created the
//! resource, so it counts as success and the existing resource is returned:
//! never a second one (facts, quirk 6). Zero/empty values are omitted from
//! requests (see `convert`).
//!
//! Creates make the bare resource only: `create_vault` sets name, key and
//! tags (policy, notifications and lock are separate Put calls);
//! `create_plan` writes the plan document and tags (selections are created
//! one by one with `create_selection`).
//!
//! The kinds' write calls live in their folders (`resources::<kind>`);
//! this file keeps the shared tag calls.

use super::error::from_sdk;
use super::{Aws, AwsError};
use std::collections::BTreeMap;

pub(crate) fn hash(tags: &BTreeMap<String, String>) -> std::collections::HashMap<String, String> {
    tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

impl Aws {
    /// TagResource with the given tags (added or overwritten); no call when
    /// `tags` is empty.
    pub async fn tag(&self, arn: &str, tags: &BTreeMap<String, String>) -> Result<(), AwsError> {
        if tags.is_empty() {
            return Ok(());
        }
        let _p = self.permit("TagResource").await;
        self.client
            .tag_resource()
            .resource_arn(arn)
            .set_tags(Some(hash(tags)))
            .send()
            .await
            .map_err(|e| from_sdk("TagResource", e))?;
        Ok(())
    }

    /// UntagResource for the given keys; no call when `keys` is empty.
    pub async fn untag(&self, arn: &str, keys: &[String]) -> Result<(), AwsError> {
        if keys.is_empty() {
            return Ok(());
        }
        let _p = self.permit("UntagResource").await;
        self.client
            .untag_resource()
            .resource_arn(arn)
            .set_tag_key_list(Some(keys.to_vec()))
            .send()
            .await
            .map_err(|e| from_sdk("UntagResource", e))?;
        Ok(())
    }
}
