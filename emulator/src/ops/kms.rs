//! KMS key references given to CreateBackupVault. AWS Backup reports a
//! vault's key by its key ARN (`...:key/ID`), never by the alias it was
//! created with, so a client that compares what it sent with what it reads
//! must see the same here. The emulator runs no KMS: an alias resolves to a
//! key registered through the admin API (`POST /__emulator/kms-aliases`),
//! `alias/aws/backup` to the region's default key, and any other alias to a
//! made-up key id that is stable for (account, region, alias).

use crate::auth::Caller;
use crate::error::AwsError;
use crate::state::Store;

/// AWS's answer when it refuses an alias (aws/aws-cdk#10979, 2020); used
/// when the admin config sets `limits.refuse_kms_aliases`.
pub const ALIAS_REFUSED: &str = "KMS key Alias is not supported by AWS Backup";

/// The key ARN a CreateBackupVault `EncryptionKeyArn` stands for: key ARNs
/// (and other KMS ARNs) unchanged; alias ARNs and bare `alias/NAME`
/// resolved in the account and region they name (the caller's for a bare
/// alias). Anything else is InvalidParameterValueException.
pub fn resolve(
    store: &mut Store,
    caller: &Caller,
    given: &str,
    refuse_aliases: bool,
) -> Result<String, AwsError> {
    let invalid = || AwsError::invalid(format!("Invalid EncryptionKeyArn {given}"));
    let (partition, region, account, alias) = if given.starts_with("alias/") {
        (
            "aws",
            caller.region.as_str(),
            caller.account.as_str(),
            given,
        )
    } else {
        let parts: Vec<&str> = given.splitn(6, ':').collect();
        if parts.len() != 6
            || parts[0] != "arn"
            || !parts[1].starts_with("aws")
            || parts[2] != "kms"
            || parts[5].is_empty()
        {
            return Err(invalid());
        }
        if !parts[5].starts_with("alias/") {
            return Ok(given.to_string());
        }
        (parts[1], parts[3], parts[4], parts[5])
    };
    if !alias_name_ok(alias) || region.is_empty() || account.is_empty() {
        return Err(invalid());
    }
    if refuse_aliases {
        return Err(AwsError::invalid(ALIAS_REFUSED));
    }
    let key_id = key_id_for(store, account, region, alias);
    Ok(format!(
        "arn:{partition}:kms:{region}:{account}:key/{key_id}"
    ))
}

/// KMS's alias name rule: `alias/` then `[a-zA-Z0-9/_-]`, 1..256 in all.
pub fn alias_name_ok(alias: &str) -> bool {
    alias.len() <= 256
        && alias.strip_prefix("alias/").is_some_and(|n| {
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-'))
        })
}

/// A KMS key id: a UUID (`1234abcd-12ab-34cd-56ef-1234567890ab`) or a
/// multi-Region key id (`mrk-` and 32 hex digits).
pub fn key_id_ok(id: &str) -> bool {
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    if let Some(rest) = id.strip_prefix("mrk-") {
        return hex(rest, 32);
    }
    let parts: Vec<&str> = id.split('-').collect();
    parts.len() == 5 && [8, 4, 4, 4, 12].iter().zip(&parts).all(|(n, p)| hex(p, *n))
}

fn key_id_for(store: &mut Store, account: &str, region: &str, alias: &str) -> String {
    let registered = store
        .accounts
        .get(account)
        .and_then(|a| a.regions.get(region))
        .and_then(|r| r.kms_aliases.get(alias));
    if let Some(id) = registered {
        return id.clone();
    }
    if alias == "alias/aws/backup" {
        let c = Caller {
            account: account.to_string(),
            region: region.to_string(),
        };
        return store.region_mut(&c).default_key_id.clone();
    }
    stable_key_id(account, region, alias)
}

/// A UUID-shaped key id derived from (account, region, alias) with
/// FNV-1a (128 bits): the same alias always names the same key.
pub fn stable_key_id(account: &str, region: &str, alias: &str) -> String {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in [account, region, alias].join("\0").bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    let x = format!("{h:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &x[..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller() -> Caller {
        Caller {
            account: "123456789012".into(),
            region: "us-east-1".into(),
        }
    }

    #[test]
    fn key_arns_pass_and_aliases_resolve_to_stable_keys() {
        let mut s = Store::default();
        let key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert_eq!(resolve(&mut s, &caller(), key, false).unwrap(), key);
        let alias = "arn:aws:kms:eu-west-1:111122223333:alias/backup";
        let a = resolve(&mut s, &caller(), alias, false).unwrap();
        assert!(
            a.starts_with("arn:aws:kms:eu-west-1:111122223333:key/"),
            "{a}"
        );
        assert!(key_id_ok(a.rsplit('/').next().unwrap()), "{a}");
        assert_eq!(resolve(&mut s, &caller(), alias, false).unwrap(), a);
        let other = resolve(
            &mut s,
            &caller(),
            "arn:aws:kms:eu-west-1:111122223333:alias/b2",
            false,
        );
        assert_ne!(other.unwrap(), a);
    }

    #[test]
    fn bare_alias_resolves_in_the_callers_region() {
        let mut s = Store::default();
        let bare = resolve(&mut s, &caller(), "alias/backup", false).unwrap();
        let arn = "arn:aws:kms:us-east-1:123456789012:alias/backup";
        assert_eq!(resolve(&mut s, &caller(), arn, false).unwrap(), bare);
    }

    #[test]
    fn aws_backup_alias_is_the_default_key() {
        let mut s = Store::default();
        let k = resolve(&mut s, &caller(), "alias/aws/backup", false).unwrap();
        let default = s.region_mut(&caller()).default_key_id.clone();
        assert_eq!(
            k,
            format!("arn:aws:kms:us-east-1:123456789012:key/{default}")
        );
    }

    #[test]
    fn malformed_references_and_refused_aliases() {
        let mut s = Store::default();
        for bad in [
            "not-an-arn",
            "1234abcd-12ab-34cd-56ef-1234567890ab",
            "alias/",
            "alias/has space",
            "arn:aws:s3:::bucket",
            "arn:aws:kms:us-east-1:123456789012:alias/",
        ] {
            let e = resolve(&mut s, &caller(), bad, false).unwrap_err();
            assert_eq!(e.code, "InvalidParameterValueException", "{bad}");
        }
        let e = resolve(&mut s, &caller(), "alias/x", true).unwrap_err();
        assert_eq!(e.message, ALIAS_REFUSED);
    }

    #[test]
    fn key_id_shapes() {
        assert!(key_id_ok("1234abcd-12ab-34cd-56ef-1234567890ab"));
        assert!(key_id_ok("mrk-1234abcd12ab34cd56ef1234567890ab"));
        assert!(!key_id_ok("1234abcd"));
        assert!(!key_id_ok("alias/x"));
    }
}
