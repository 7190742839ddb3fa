//! Starting the emulator in-process on 127.0.0.1:0: [`start`] for async
//! tests that run it on their own runtime, and [`Emu`], the blocking
//! harness that owns a runtime, for tests that drive the real binary.

use std::collections::BTreeMap;

use backup_emulator::{Emulator, EmulatorOptions, RunningEmulator};
use serde_json::json;

use crate::admin::Admin;
use crate::REGION;

/// The one emulator starter: default options, a free port on 127.0.0.1.
pub async fn start() -> RunningEmulator {
    let emu = Emulator::start(EmulatorOptions::default())
        .await
        .expect("emulator starts");
    assert!(emu.endpoint().starts_with("http://127.0.0.1:"));
    emu
}

/// An emulator running on its own two-thread runtime, for blocking tests
/// (the binary under test, benchmarks). Shut down on drop.
pub struct Emu {
    /// The runtime the emulator runs on (also usable for SDK calls).
    pub rt: tokio::runtime::Runtime,
    /// The emulator (taken on drop).
    pub emu: Option<RunningEmulator>,
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
}

impl Emu {
    /// Starts an emulator on a fresh runtime.
    pub fn start() -> Emu {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let emu = rt.block_on(start());
        let endpoint = emu.endpoint();
        Emu {
            rt,
            emu: Some(emu),
            endpoint,
        }
    }

    /// An SDK client of the default account in [`REGION`].
    pub fn client(&self) -> aws_sdk_backup::Client {
        self.client_in(REGION)
    }

    /// An SDK client of the default account in `region`.
    pub fn client_in(&self, region: &str) -> aws_sdk_backup::Client {
        crate::sdk::client_at(&self.endpoint, "AKIDTEST", region, None)
    }

    /// Blocking [`Admin::attach_identity_policies`]: requests signed with
    /// `access_key_id` are evaluated against `policies` as `arn`.
    pub fn attach_identity_policies(
        &self,
        access_key_id: &str,
        arn: &str,
        policies: Vec<serde_json::Value>,
    ) -> serde_json::Value {
        self.rt.block_on(
            self.admin()
                .attach_identity_policies(access_key_id, arn, policies),
        )
    }

    /// Blocking [`Admin::attach_role_policies`].
    pub fn attach_role_policies(
        &self,
        role_arn: &str,
        policies: Vec<serde_json::Value>,
    ) -> serde_json::Value {
        self.rt
            .block_on(self.admin().attach_role_policies(role_arn, policies))
    }

    /// Blocking [`Admin::detach_identity`].
    pub fn detach_identity(&self, access_key_id: &str) -> serde_json::Value {
        self.rt
            .block_on(self.admin().detach_identity(access_key_id))
    }

    /// The admin API of this emulator.
    pub fn admin(&self) -> Admin {
        Admin::new(&self.endpoint)
    }

    /// `GET /__emulator/counters` as a map.
    pub fn counters(&self) -> BTreeMap<String, u64> {
        self.rt.block_on(self.admin().counters())
    }

    /// Inject `ms` of latency into every AWS request.
    pub fn set_latency(&self, ms: u64) {
        self.configure(json!({"latency_ms": ms, "jitter_ms": 0}));
    }

    /// Raise the emulator's per-region quotas (AWS's are 100 vaults and 100 plans).
    pub fn raise_limits(&self, n: usize) {
        self.configure(json!({"limits": {
            "vaults_per_region": n, "plans_per_region": n, "selections_per_plan": 50}}));
    }

    /// Make the next request of `op` fail once with `error`.
    pub fn fail_next(&self, op: &str, error: &str) {
        self.configure(json!({"fail_nth": {"operation": op, "n": 1, "error": error}}));
    }

    /// `PUT /__emulator/config` with `config`.
    pub fn configure(&self, config: serde_json::Value) {
        self.rt.block_on(self.admin().configure(config));
    }

    /// POST a JSON body to an admin path; returns the answer's body.
    pub fn admin_post(&self, path: &str, body: &str) -> String {
        self.rt.block_on(self.admin().ok("POST", path, body))
    }

    /// PUT a JSON body to an admin path (e.g. `/__emulator/config`).
    pub fn admin_put(&self, path: &str, body: &str) -> String {
        self.rt.block_on(self.admin().ok("PUT", path, body))
    }

    /// The operations called since the counters were reset, with their
    /// counts, sorted by name.
    pub fn calls(&self) -> Vec<(String, u64)> {
        self.counters()
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// Operations other than List*/Get*/Describe* that were called, sorted.
    pub fn mutating_calls(&self) -> Vec<(String, u64)> {
        self.calls()
            .into_iter()
            .filter(|(op, _)| {
                !["List", "Get", "Describe"]
                    .iter()
                    .any(|p| op.starts_with(p))
            })
            .collect()
    }

    /// Sets every counter back to zero.
    pub fn reset_counters(&self) {
        self.rt.block_on(self.admin().reset_counters());
    }

    /// The whole emulated state.
    pub fn state(&self) -> serde_json::Value {
        self.rt.block_on(self.admin().state())
    }

    /// STS refuses every assumption of `role_arn` (see [`Admin::deny_role`]).
    pub fn deny_role(&self, role_arn: &str) {
        self.rt.block_on(self.admin().deny_role(role_arn));
    }

    /// AssumeRole of `role_arn` must carry `external_id` (see
    /// [`Admin::require_external_id`]).
    pub fn require_external_id(&self, role_arn: &str, external_id: &str) {
        self.rt
            .block_on(self.admin().require_external_id(role_arn, external_id));
    }
}

impl Drop for Emu {
    fn drop(&mut self) {
        if let Some(e) = self.emu.take() {
            self.rt.block_on(e.shutdown());
        }
    }
}
