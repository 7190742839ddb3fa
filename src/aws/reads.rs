//! Read calls shared by every kind (tags). The kinds' own reads live in
//! their folders (`resources::<kind>`).

use super::convert::tags_from;
use super::error::from_sdk;
use super::{Aws, AwsError};
use std::collections::BTreeMap;

impl Aws {
    /// All tags of a resource (ListTags paged by NextToken by hand: the SDK
    /// has no paginator for it).
    pub(crate) async fn list_tags(&self, arn: &str) -> Result<BTreeMap<String, String>, AwsError> {
        let mut tags = BTreeMap::new();
        let mut token: Option<String> = None;
        loop {
            let out = {
                let _p = self.permit("ListTags").await;
                self.client
                    .list_tags()
                    .resource_arn(arn)
                    .set_next_token(token.take())
                    .send()
                    .await
                    .map_err(|e| from_sdk("ListTags", e))?
            };
            // `aws:` keys are AWS's own (CloudFormation, ...): they cannot be
            // declared, set or removed, so they are never compared.
            tags.extend(
                tags_from(out.tags)
                    .into_iter()
                    .filter(|(k, _)| !k.to_ascii_lowercase().starts_with("aws:")),
            );
            match out.next_token.filter(|t| !t.is_empty()) {
                Some(t) => token = Some(t),
                None => return Ok(tags),
            }
        }
    }
}
