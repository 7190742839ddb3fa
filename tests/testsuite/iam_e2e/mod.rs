//! Issue 17's IAM proof through the real binary against the emulator
//! enforcing IAM: the policies `backupctl iam-policy` prints are
//! sufficient for every example (`examples`), minimal (`minimal`, over the
//! `tour` of every call), and name the key KMS authorizes (`kms_alias`).

mod examples;
mod harness;
mod kms_alias;
mod minimal;
mod tour;
