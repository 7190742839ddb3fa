//! What every AWS call did, seen from inside the SDK: an interceptor on the
//! Backup and STS clients that
//! - logs one line per call at info level (`-v`), like a readable
//!   `TF_LOG`: operation, resource (vault name, plan id, ARN), final HTTP
//!   status and AWS error code, time including retries, attempts and why
//!   earlier attempts failed;
//! - feeds the per-operation [`Pacer`](super::pacing::Pacer) with each
//!   attempt's answer and tags each retry with its operation, so the
//!   paced HTTP client (`transport`) can hold it until its slot; in paced
//!   mode a throttled attempt does not use up one of `--max-attempts`
//!   ([`PACED_THROTTLES_PER_CALL`]);
//! - remembers whether the endpoint has ever answered (timeouts are only
//!   retried once it has: see `transport::RetryPolicy`);
//! - names the endpoint and the timeout that fired when a call got no
//!   answer ([`NoAnswer`]);
//! - counts calls, attempts and throttles for the run summary.
//!
//! The resource comes from the operation's input (a table of the inputs
//! backupctl sends), since the request is already serialized later on.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

use aws_sdk_backup::config::interceptors::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextMut,
    FinalizerInterceptorContextMut, FinalizerInterceptorContextRef,
};
use aws_sdk_backup::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::Input;
use aws_smithy_runtime_api::client::orchestrator::{Metadata, OrchestratorError};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_types::config_bag::{Storable, StoreReplace};
use aws_smithy_types::retry::RetryConfig;

use super::error::{human, NoAnswer, NoAnswerKind};
use super::shared::{Shared, Timeouts};
use super::transport::{error_code, is_throttle, OpTag};

/// The interceptor (see the module comment).
#[derive(Debug, Clone)]
pub(crate) struct CallLog {
    pub shared: Arc<Shared>,
}

/// Per-call state kept in the call's config bag.
#[derive(Debug, Clone)]
struct Call {
    started: Instant,
    resource: Option<String>,
    /// When the current attempt asked for its send slot.
    attempt_at: Instant,
    endpoint: Option<String>,
    /// How each finished attempt ended ("400 ThrottlingException", ...).
    outcomes: Vec<String>,
    /// Throttled attempts not counted against `--max-attempts` (paced mode).
    paced_throttles: u32,
}

/// In paced mode, a throttled attempt does not use up one of the call's
/// `--max-attempts` (the pacer spaces its retry at the rate AWS allows; a
/// throttle is AWS setting the pace, not a failure), up to this many per
/// call; the operation timeout bounds the call's time in any case.
pub(crate) const PACED_THROTTLES_PER_CALL: u32 = 10;

impl Storable for Call {
    type Storer = StoreReplace<Self>;
}

fn service(cfg: &ConfigBag) -> String {
    cfg.load::<Metadata>()
        .map_or_else(|| "AWS".to_string(), |m| m.service().to_string())
}

fn operation(cfg: &ConfigBag) -> String {
    cfg.load::<Metadata>()
        .map_or_else(|| "unknown".to_string(), |m| m.name().to_string())
}

fn attempts(cfg: &ConfigBag) -> u32 {
    cfg.load::<RequestAttempts>().map_or(1, |a| a.attempts())
}

/// `scheme://host[:port]` of a URL.
fn endpoint_of(uri: &str) -> String {
    match uri.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split(['/', '?']).next().unwrap_or(rest);
            format!("{scheme}://{host}")
        }
        None => uri.to_string(),
    }
}

impl Intercept for CallLog {
    fn name(&self) -> &'static str {
        "backupctl::CallLog"
    }

    fn read_before_execution(
        &self,
        ctx: &BeforeSerializationInterceptorContextRef<'_>,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let now = Instant::now();
        cfg.interceptor_state().store_put(Call {
            started: now,
            resource: resource(ctx.input()),
            attempt_at: now,
            endpoint: None,
            outcomes: Vec::new(),
            paced_throttles: 0,
        });
        Ok(())
    }

    fn modify_before_transmit(
        &self,
        ctx: &mut BeforeTransmitInterceptorContextMut<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let op = operation(cfg);
        let endpoint = endpoint_of(ctx.request().uri());
        // First attempts waited for their slot in `Aws::permit`; retries
        // wait in the paced HTTP client.
        if self.shared.pacer.is_some() && attempts(cfg) > 1 {
            ctx.request_mut().add_extension(OpTag(op.into()));
        }
        if let Some(call) = cfg.load::<Call>() {
            let mut call = call.clone();
            call.attempt_at = Instant::now();
            call.endpoint = Some(endpoint);
            cfg.interceptor_state().store_put(call);
        }
        Ok(())
    }

    fn read_after_attempt(
        &self,
        ctx: &FinalizerInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let now = Instant::now();
        let op = operation(cfg);
        let (outcome, throttled) = match ctx.response() {
            Some(r) => {
                self.shared.answered.store(true, Ordering::Relaxed);
                let status = r.status().as_u16();
                let code = error_code(r.headers().get("x-amzn-errortype"));
                let throttled = is_throttle(status, code.as_deref());
                match code {
                    Some(code) if status >= 300 => (format!("{status} {code}"), throttled),
                    _ => (status.to_string(), throttled),
                }
            }
            None => (no_response(ctx.output_or_error()), false),
        };
        let sent = cfg.load::<Call>().map_or(now, |c| c.attempt_at);
        if throttled {
            self.shared.stats.lock().expect("stats lock").throttles += 1;
        }
        if let Some(pacer) = &self.shared.pacer {
            if ctx.response().is_some() {
                if let Some(rate) = pacer.record(&op, sent, throttled, now) {
                    tracing::info!(
                        target: "backupctl::aws",
                        "AWS throttles {op}: pacing {op} at {rate:.1} requests/s"
                    );
                }
            }
        }
        if let Some(call) = cfg.load::<Call>() {
            let mut call = call.clone();
            call.outcomes.push(outcome);
            if throttled
                && self.shared.pacer.is_some()
                && call.paced_throttles < PACED_THROTTLES_PER_CALL
            {
                call.paced_throttles += 1;
                if let Some(retry) = cfg.load::<RetryConfig>() {
                    let more = retry.max_attempts() + 1;
                    let retry = retry.clone().with_max_attempts(more);
                    cfg.interceptor_state().store_put(retry);
                }
            }
            cfg.interceptor_state().store_put(call);
        }
        Ok(())
    }

    fn modify_before_completion(
        &self,
        ctx: &mut FinalizerInterceptorContextMut<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(Err(err)) = ctx.output_or_error_mut() else {
            return Ok(());
        };
        let Some(kind) = no_answer_kind(err, &self.shared.timeouts) else {
            return Ok(());
        };
        let call = cfg.load::<Call>();
        let endpoint = call.and_then(|c| c.endpoint.clone());
        let Some(endpoint) = endpoint else {
            return Ok(());
        };
        let no_answer = NoAnswer {
            service: service(cfg),
            endpoint,
            operation: operation(cfg),
            attempts: attempts(cfg),
            detail: transport_detail(&super::error::chain(&*err)),
            kind,
            last_answer: call.and_then(|c| {
                c.outcomes
                    .iter()
                    .rev()
                    .find(|o| o.starts_with(char::is_numeric))
                    .cloned()
            }),
        };
        *err = match no_answer.kind {
            NoAnswerKind::Operation(_) => OrchestratorError::timeout(Box::new(no_answer)),
            NoAnswerKind::Connect(_) | NoAnswerKind::Read(_) => {
                OrchestratorError::connector(ConnectorError::timeout(Box::new(no_answer)))
            }
            NoAnswerKind::Unreachable => {
                OrchestratorError::connector(ConnectorError::io(Box::new(no_answer)))
            }
        };
        Ok(())
    }

    fn read_after_execution(
        &self,
        ctx: &FinalizerInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let op = operation(cfg);
        let n = attempts(cfg);
        let failed = !matches!(ctx.output_or_error(), Some(Ok(_)));
        {
            let mut s = self.shared.stats.lock().expect("stats lock");
            s.calls += 1;
            s.attempts += u64::from(n);
            s.errors += u64::from(failed);
        }
        let Some(call) = cfg.load::<Call>() else {
            return Ok(());
        };
        let last = call
            .outcomes
            .last()
            .cloned()
            .unwrap_or_else(|| no_response(ctx.output_or_error()));
        let earlier = &call.outcomes[..call.outcomes.len().saturating_sub(1)];
        let resource = call
            .resource
            .as_deref()
            .map_or_else(String::new, |r| format!(" {r}"));
        let time = human(call.started.elapsed());
        if earlier.is_empty() {
            tracing::info!(target: "backupctl::aws", "{op}{resource} -> {last} in {time}");
        } else {
            tracing::info!(
                target: "backupctl::aws",
                "{op}{resource} -> {last} in {time} after {n} attempts (retried: {})",
                earlier.join(", ")
            );
        }
        Ok(())
    }
}

/// How an attempt without an HTTP answer ended, for the log line.
fn no_response<O, E>(result: Option<Result<&O, &OrchestratorError<E>>>) -> String {
    match result {
        Some(Err(e)) if e.is_timeout_error() => "timeout".into(),
        Some(Err(e)) => match e.as_connector_error() {
            Some(c) if c.is_timeout() => "timeout".into(),
            Some(_) => "no connection".into(),
            None => "failed".into(),
        },
        _ => "no answer".into(),
    }
}

/// The SDK's transport error chain without its generic wrappers
/// ("connector error: io error: client error (Connect): tcp connect error:
/// Connection refused" -> "tcp connect error: Connection refused").
fn transport_detail(chain: &str) -> String {
    const WRAPPERS: &[&str] = &[
        "dispatch failure: ",
        "connector error: ",
        "io error: ",
        "other error: ",
        "client error (Connect): ",
        "client error (SendRequest): ",
    ];
    let mut rest = chain;
    while let Some(w) = WRAPPERS.iter().find(|w| rest.starts_with(**w)) {
        rest = &rest[w.len()..];
    }
    rest.to_string()
}

/// Whether `err` is a call that got no answer, and which limit ended it.
fn no_answer_kind<E>(err: &OrchestratorError<E>, t: &Timeouts) -> Option<NoAnswerKind> {
    if err.is_timeout_error() {
        return Some(NoAnswerKind::Operation(t.operation));
    }
    let c = err.as_connector_error()?;
    if c.is_timeout() {
        let text = super::error::chain(c);
        return Some(if text.contains("HTTP connect timeout") {
            NoAnswerKind::Connect(t.connect)
        } else {
            NoAnswerKind::Read(t.read)
        });
    }
    c.is_io().then_some(NoAnswerKind::Unreachable)
}

/// The resource a call is about, from its input: `vault NAME`, `plan ID`,
/// an ARN, or `None` (list calls).
fn resource(input: &Input) -> Option<String> {
    use aws_sdk_backup::operation as o;
    macro_rules! by_input {
        ($($module:ident::$ty:ident => |$i:ident| $e:expr;)*) => {
            $(if let Some($i) = input.downcast_ref::<o::$module::$ty>() { return $e; })*
        };
    }
    let vault = |n: Option<&str>| n.map(|n| format!("vault {n}"));
    let plan = |id: Option<&str>| id.map(|id| format!("plan {id}"));
    by_input! {
        describe_backup_vault::DescribeBackupVaultInput => |i| vault(i.backup_vault_name());
        create_backup_vault::CreateBackupVaultInput => |i| vault(i.backup_vault_name());
        delete_backup_vault::DeleteBackupVaultInput => |i| vault(i.backup_vault_name());
        get_backup_vault_access_policy::GetBackupVaultAccessPolicyInput => |i| vault(i.backup_vault_name());
        put_backup_vault_access_policy::PutBackupVaultAccessPolicyInput => |i| vault(i.backup_vault_name());
        delete_backup_vault_access_policy::DeleteBackupVaultAccessPolicyInput => |i| vault(i.backup_vault_name());
        get_backup_vault_notifications::GetBackupVaultNotificationsInput => |i| vault(i.backup_vault_name());
        put_backup_vault_notifications::PutBackupVaultNotificationsInput => |i| vault(i.backup_vault_name());
        delete_backup_vault_notifications::DeleteBackupVaultNotificationsInput => |i| vault(i.backup_vault_name());
        put_backup_vault_lock_configuration::PutBackupVaultLockConfigurationInput => |i| vault(i.backup_vault_name());
        delete_backup_vault_lock_configuration::DeleteBackupVaultLockConfigurationInput => |i| vault(i.backup_vault_name());
        create_backup_plan::CreateBackupPlanInput => |i| i.backup_plan().map(|p| format!("plan {}", p.backup_plan_name()));
        get_backup_plan::GetBackupPlanInput => |i| plan(i.backup_plan_id());
        update_backup_plan::UpdateBackupPlanInput => |i| plan(i.backup_plan_id());
        delete_backup_plan::DeleteBackupPlanInput => |i| plan(i.backup_plan_id());
        list_backup_selections::ListBackupSelectionsInput => |i| plan(i.backup_plan_id());
        create_backup_selection::CreateBackupSelectionInput => |i| Some(format!(
            "plan {} selection {}",
            i.backup_plan_id().unwrap_or("?"),
            i.backup_selection().map_or("?", |s| s.selection_name())
        ));
        get_backup_selection::GetBackupSelectionInput => |i| Some(format!(
            "plan {} selection {}",
            i.backup_plan_id().unwrap_or("?"),
            i.selection_id().unwrap_or("?")
        ));
        delete_backup_selection::DeleteBackupSelectionInput => |i| Some(format!(
            "plan {} selection {}",
            i.backup_plan_id().unwrap_or("?"),
            i.selection_id().unwrap_or("?")
        ));
        list_tags::ListTagsInput => |i| i.resource_arn().map(str::to_string);
        tag_resource::TagResourceInput => |i| i.resource_arn().map(str::to_string);
        untag_resource::UntagResourceInput => |i| i.resource_arn().map(str::to_string);
        list_backup_jobs::ListBackupJobsInput => |i| i.by_backup_vault_name().and_then(|n| vault(Some(n)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_backup::operation as o;

    #[test]
    fn endpoints_keep_scheme_host_and_port_only() {
        assert_eq!(
            endpoint_of("http://127.0.0.1:4566/backup-vaults/v?maxResults=2"),
            "http://127.0.0.1:4566"
        );
        assert_eq!(
            endpoint_of("https://backup.eu-west-1.amazonaws.com/backup/plans/"),
            "https://backup.eu-west-1.amazonaws.com"
        );
    }

    #[test]
    fn resources_come_from_the_inputs() {
        let v = o::get_backup_vault_access_policy::GetBackupVaultAccessPolicyInput::builder()
            .backup_vault_name("prod")
            .build()
            .unwrap();
        assert_eq!(resource(&Input::erase(v)).as_deref(), Some("vault prod"));
        let t = o::list_tags::ListTagsInput::builder()
            .resource_arn("arn:aws:backup:us-east-1:1:backup-plan:p")
            .build()
            .unwrap();
        assert_eq!(
            resource(&Input::erase(t)).as_deref(),
            Some("arn:aws:backup:us-east-1:1:backup-plan:p")
        );
        let l = o::list_backup_vaults::ListBackupVaultsInput::builder()
            .build()
            .unwrap();
        assert_eq!(resource(&Input::erase(l)), None);
    }
}
