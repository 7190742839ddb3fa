//! The harness of the tests of backupctl's `aws` module: the emulator
//! in-process, an `aws::Aws` connected to it with static credentials, and
//! (in [`fixtures`]) domain values that use every field of the model.

pub mod fixtures;

use backupctl::aws::{self, Aws, AwsOptions};
use backupctl::model::{Tags, STACK_TAG};

use crate::admin::Admin;
pub use crate::{ACCOUNT, REGION, ROLE, TOPIC};

/// An emulator and an [`Aws`] connected to it.
pub struct Env {
    /// The emulator, running on the test's runtime.
    pub emu: backup_emulator::RunningEmulator,
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    /// backupctl's AWS layer, pointed at the emulator.
    pub aws: Aws,
}

impl Env {
    /// The emulator's admin API.
    pub fn admin(&self) -> Admin {
        Admin::new(&self.endpoint)
    }
}

/// Options that point `aws::connect` at `endpoint` with static credentials.
pub fn options(endpoint: &str) -> AwsOptions {
    AwsOptions {
        endpoint_url: Some(endpoint.to_string()),
        region: Some(REGION.into()),
        static_credentials: Some(("AKIDEXAMPLE".into(), "secret".into())),
        ..Default::default()
    }
}

/// Starts an emulator and connects an [`Aws`] to it.
pub async fn start() -> Env {
    let emu = crate::emulator::start().await;
    let endpoint = emu.endpoint();
    let aws = aws::connect(&options(&endpoint)).await.expect("connect");
    Env { emu, endpoint, aws }
}

/// A tag map of `pairs`.
pub fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The tags that mark a resource as owned by `stack`.
pub fn stack_tags(stack: &str) -> Tags {
    tags(&[(STACK_TAG, stack)])
}
