//! The admin API under `/__emulator/` (a path AWS never uses, no SigV4):
//! reset, state dump/seed, counters, controls, seeding recovery points,
//! backup, copy and restore jobs, AWS-created vaults and KMS aliases, and the list of
//! implemented operations; STS's role rules are under `/__emulator/sts/`
//! ([`crate::sts::admin`]), IAM enforcement's under `/__emulator/iam`
//! ([`crate::iam::admin`]).

use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::{Caller, DEFAULT_ACCOUNT};
use crate::faults::{ConfigUpdate, Controls};
use crate::ops;
use crate::response::{json_response, Resp};
use crate::shared::Shared;
use crate::state::Store;

fn bad(msg: impl std::fmt::Display) -> Resp {
    json_response(400, &json!({ "error": msg.to_string() }))
}

fn ok() -> Resp {
    json_response(200, &json!({ "ok": true }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PointsSeed {
    account_id: Option<String>,
    region: Option<String>,
    vault_name: String,
    count: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasSeed {
    account_id: Option<String>,
    region: Option<String>,
    alias: String,
    key_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JobsSeed {
    account_id: Option<String>,
    region: Option<String>,
    jobs: Vec<Value>,
}

fn caller(account: Option<String>, region: Option<String>) -> Caller {
    Caller {
        account: account.unwrap_or_else(|| DEFAULT_ACCOUNT.to_string()),
        region: region.unwrap_or_else(|| crate::auth::DEFAULT_REGION.to_string()),
    }
}

/// Seeds copy or restore jobs (`{account_id?, region?, jobs: [...]}`):
/// each entry becomes a job by `build`; answers the new ids as `ids_key`.
fn seed_jobs(
    shared: &Shared,
    body: &[u8],
    ids_key: &str,
    id_member: &str,
    build: fn(&Caller, &Value) -> Result<Value, String>,
    list: fn(&mut crate::state::Region) -> &mut Vec<Value>,
) -> Resp {
    let seed = match serde_json::from_slice::<JobsSeed>(body) {
        Ok(j) => j,
        Err(e) => return bad(format!("invalid request: {e}")),
    };
    let c = caller(seed.account_id, seed.region);
    let jobs: Result<Vec<Value>, String> = seed.jobs.iter().map(|s| build(&c, s)).collect();
    match jobs {
        Ok(jobs) => {
            let ids: Vec<Value> = jobs.iter().map(|j| j[id_member].clone()).collect();
            let mut core = shared.lock_core();
            list(core.store.region_mut(&c)).extend(jobs);
            shared.persist(&core.store);
            json_response(200, &json!({ ids_key: ids }))
        }
        Err(e) => bad(e),
    }
}

pub fn handle(shared: &Shared, method: &str, path: &str, body: &[u8]) -> Resp {
    let route = path.trim_end_matches('/');
    if let Some(r) = crate::sts::admin::handle(shared, method, route, body) {
        return r;
    }
    if let Some(r) = crate::iam::admin::handle(shared, method, route, body) {
        return r;
    }
    match (method, route) {
        ("POST", "/__emulator/reset") => {
            {
                let mut core = shared.lock_core();
                core.store = Store::default();
                core.limits = crate::limits::Limits::default();
                shared.persist(&core.store);
            }
            *shared.lock_controls() =
                Controls::new(shared.latency_ms, shared.jitter_ms, shared.seed);
            ok()
        }
        ("GET", "/__emulator/state") => {
            let core = shared.lock_core();
            json_response(200, &serde_json::to_value(&core.store).unwrap_or_default())
        }
        ("PUT", "/__emulator/state") => match serde_json::from_slice::<Store>(body) {
            Ok(mut s) => {
                s.fixup();
                let mut core = shared.lock_core();
                core.store = s;
                shared.persist(&core.store);
                ok()
            }
            Err(e) => bad(format!("invalid state: {e}")),
        },
        ("GET", "/__emulator/counters") => {
            json_response(200, &json!(shared.lock_controls().counters))
        }
        ("POST", "/__emulator/counters/reset") => {
            shared.lock_controls().counters.clear();
            ok()
        }
        ("GET", "/__emulator/config") => {
            let core = shared.lock_core();
            json_response(200, &json!({ "limits": core.limits }))
        }
        ("PUT", "/__emulator/config") => match serde_json::from_slice::<ConfigUpdate>(body) {
            Ok(mut c) => {
                if let Some(l) = c.limits.take() {
                    shared.lock_core().limits = l;
                }
                match shared.lock_controls().apply(c) {
                    Ok(()) => ok(),
                    Err(e) => bad(e),
                }
            }
            Err(e) => bad(format!("invalid config: {e}")),
        },
        ("POST", "/__emulator/recovery-points") => {
            match serde_json::from_slice::<PointsSeed>(body) {
                Ok(p) => {
                    let c = caller(p.account_id, p.region);
                    let mut core = shared.lock_core();
                    match ops::jobs::seed_recovery_points(
                        &mut core.store,
                        &c,
                        &p.vault_name,
                        p.count,
                    ) {
                        Ok(n) => {
                            shared.persist(&core.store);
                            json_response(200, &json!({ "NumberOfRecoveryPoints": n }))
                        }
                        Err(e) => bad(e),
                    }
                }
                Err(e) => bad(format!("invalid request: {e}")),
            }
        }
        ("POST", "/__emulator/backup-jobs") => match serde_json::from_slice::<JobsSeed>(body) {
            Ok(j) => {
                let c = caller(j.account_id, j.region);
                let jobs: Result<Vec<Value>, String> = j
                    .jobs
                    .iter()
                    .map(|s| ops::jobs::job_from_seed(&c, s))
                    .collect();
                match jobs {
                    Ok(jobs) => {
                        let ids: Vec<Value> =
                            jobs.iter().map(|j| j["BackupJobId"].clone()).collect();
                        let mut core = shared.lock_core();
                        core.store.region_mut(&c).jobs.extend(jobs);
                        shared.persist(&core.store);
                        json_response(200, &json!({ "BackupJobIds": ids }))
                    }
                    Err(e) => bad(e),
                }
            }
            Err(e) => bad(format!("invalid request: {e}")),
        },
        ("POST", "/__emulator/copy-jobs") => seed_jobs(
            shared,
            body,
            "CopyJobIds",
            "CopyJobId",
            ops::copy_jobs::job_from_seed,
            |r| &mut r.copy_jobs,
        ),
        ("POST", "/__emulator/restore-jobs") => seed_jobs(
            shared,
            body,
            "RestoreJobIds",
            "RestoreJobId",
            ops::restore_jobs::job_from_seed,
            |r| &mut r.restore_jobs,
        ),
        ("POST", "/__emulator/aws-vaults") => {
            match serde_json::from_slice::<ops::aws_vaults::AwsVaultSeed>(body) {
                Ok(v) => {
                    let c = caller(v.account_id.clone(), v.region.clone());
                    let mut core = shared.lock_core();
                    match ops::aws_vaults::seed(&mut core.store, &c, v) {
                        Ok(out) => {
                            shared.persist(&core.store);
                            json_response(200, &out)
                        }
                        Err(e) => bad(e),
                    }
                }
                Err(e) => bad(format!("invalid request: {e}")),
            }
        }
        ("POST", "/__emulator/kms-aliases") => match serde_json::from_slice::<AliasSeed>(body) {
            Ok(a) if !ops::kms::alias_name_ok(&a.alias) => bad(format!(
                "invalid alias {:?}: must be alias/NAME with NAME of letters, digits, /, _, -",
                a.alias
            )),
            Ok(a) if !ops::kms::key_id_ok(&a.key_id) => bad(format!(
                "invalid key_id {:?}: must be a key id (UUID or mrk-...)",
                a.key_id
            )),
            Ok(a) => {
                let c = caller(a.account_id, a.region);
                let mut core = shared.lock_core();
                let key_arn = format!("arn:aws:kms:{}:{}:key/{}", c.region, c.account, a.key_id);
                let region = core.store.region_mut(&c);
                if a.alias == "alias/aws/backup" {
                    // The default key of vaults created without one, too.
                    region.default_key_id.clone_from(&a.key_id);
                }
                region.kms_aliases.insert(a.alias, a.key_id);
                shared.persist(&core.store);
                json_response(200, &json!({ "KeyArn": key_arn }))
            }
            Err(e) => bad(format!("invalid request: {e}")),
        },
        ("GET", "/__emulator/operations") => {
            json_response(200, &json!(crate::operations::names().collect::<Vec<_>>()))
        }
        _ => json_response(
            404,
            &json!({ "error": format!("no admin endpoint {method} {path}") }),
        ),
    }
}
