//! Observe, legal holds: ListLegalHolds (1 per page of 1,000), then for
//! each ACTIVE or CREATING hold ListTags and GetLegalHold (its selection),
//! so 2 calls per active hold. CANCELING and CANCELED holds are history:
//! only counted per title (no further call). The stack's holds go to
//! `held` by title (the oldest of a shared title, ties by id; the others to
//! `duplicates`), every other active hold to `outside` (adoption, import).

use chrono::{DateTime, Utc};
use futures_util::future::try_join_all;

use super::model::{timestamp, DateRange, LegalHold, LiveHolds, LiveLegalHold, PointSelection};
use crate::aws::error::from_sdk;
use crate::aws::{Aws, AwsError};
use crate::model::is_managed;

/// A hold as ListLegalHolds reports it.
struct Summary {
    id: String,
    arn: String,
    title: String,
    status: String,
    created_ms: i64,
}

fn when(d: &aws_smithy_types::DateTime) -> String {
    let t = DateTime::<Utc>::from_timestamp_millis(d.to_millis().unwrap_or(0)).unwrap_or_default();
    timestamp(t)
}

impl Aws {
    async fn list_legal_holds(&self) -> Result<Vec<Summary>, AwsError> {
        let pages = self
            .client
            .list_legal_holds()
            .max_results(1000)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        for page in self
            .all_pages_if_served("ListLegalHolds", pages)
            .await?
            .unwrap_or_default()
        {
            for h in page.legal_holds.unwrap_or_default() {
                let (Some(id), Some(arn)) = (h.legal_hold_id, h.legal_hold_arn) else {
                    continue;
                };
                out.push(Summary {
                    id,
                    arn,
                    title: h.title.unwrap_or_default(),
                    status: h.status.map(|s| s.as_str().to_string()).unwrap_or_default(),
                    created_ms: h
                        .creation_date
                        .and_then(|d| d.to_millis().ok())
                        .unwrap_or(0),
                });
            }
        }
        Ok(out)
    }

    async fn read_legal_hold(&self, s: Summary) -> Result<LiveLegalHold, AwsError> {
        let tags = self.list_tags(&s.arn).await?;
        let out = {
            let _p = self.permit("GetLegalHold").await;
            self.client
                .get_legal_hold()
                .legal_hold_id(&s.id)
                .send()
                .await
                .map_err(|e| from_sdk("GetLegalHold", e))?
        };
        let selection = out.recovery_point_selection.and_then(|p| {
            PointSelection {
                vaults: p.vault_names.unwrap_or_default().into_iter().collect(),
                resource_identifiers: p
                    .resource_identifiers
                    .unwrap_or_default()
                    .into_iter()
                    .collect(),
                date_range: p.date_range.map(|d| DateRange {
                    from: when(&d.from_date),
                    to: when(&d.to_date),
                }),
            }
            .nonempty()
        });
        Ok(LiveLegalHold {
            id: s.id,
            arn: s.arn,
            status: out
                .status
                .map(|x| x.as_str().to_string())
                .unwrap_or(s.status),
            created_ms: s.created_ms,
            hold: LegalHold {
                title: out.title.unwrap_or(s.title),
                description: out.description.unwrap_or_default(),
                recovery_point_selection: selection,
                tags,
            },
        })
    }

    /// Every legal hold of the region, filed for `stack`.
    pub(super) async fn observe_legal_holds(
        &self,
        stack: &str,
    ) -> Result<(LiveHolds, Option<String>), AwsError> {
        let listed = self.list_legal_holds().await?;
        let first_arn = listed.first().map(|h| h.arn.clone());
        let mut holds = LiveHolds::default();
        let mut active = Vec::new();
        for s in listed {
            if matches!(s.status.as_str(), "ACTIVE" | "CREATING") {
                active.push(s);
            } else {
                *holds.canceled.entry(s.title).or_default() += 1;
            }
        }
        let mut read = try_join_all(active.into_iter().map(|s| self.read_legal_hold(s))).await?;
        read.sort_by(|a, b| {
            a.created_ms
                .cmp(&b.created_ms)
                .then_with(|| a.id.cmp(&b.id))
        });
        for h in read {
            if !is_managed(&h.hold.tags, stack) {
                holds.outside.push(h);
            } else if holds.held.contains_key(&h.hold.title) {
                holds
                    .duplicates
                    .entry(h.hold.title.clone())
                    .or_default()
                    .push(h.id);
            } else {
                holds.held.insert(h.hold.title.clone(), h);
            }
        }
        Ok((holds, first_arn))
    }
}
