//! The temporary credentials STS hands out, and who they belong to. The
//! access key id itself carries the role's account (`ASIA` + 12-digit
//! account + 4 characters, read by [`crate::auth`]), so Backup calls made
//! with it act in that account even after a restart. The role and session
//! names, needed only by GetCallerIdentity and AccessDenied messages, are
//! kept in this in-memory table (never persisted, bounded in size). Apart
//! from `sts` so the shared core can hold the table without depending on
//! the STS operations.

use std::collections::{HashMap, VecDeque};

use rand::Rng;

use crate::auth::{account_of_key, SESSION_KEY_PREFIX};

/// How many sessions the table remembers; the oldest is forgotten first
/// (its key still acts as its account, see [`Sessions::identity`]).
pub const MAX_SESSIONS: usize = 100_000;

/// One assumed-role session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub partition: String,
    pub account: String,
    /// The role's ARN (path included), which its IAM policies are keyed by.
    pub role_arn: String,
    /// The role's name (its path left out, as in assumed-role ARNs).
    pub role_name: String,
    /// `AROA...`: the role's stable unique id.
    pub role_id: String,
    pub session_name: String,
}

impl Session {
    /// `arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION`
    pub fn arn(&self) -> String {
        format!(
            "arn:{}:sts::{}:assumed-role/{}/{}",
            self.partition, self.account, self.role_name, self.session_name
        )
    }
    /// `ROLEID:SESSION`, the UserId of GetCallerIdentity and the
    /// AssumedRoleId of AssumeRole.
    pub fn user_id(&self) -> String {
        format!("{}:{}", self.role_id, self.session_name)
    }
}

/// Freshly minted credentials.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
}

/// Who a caller is: ARN, UserId and account, as GetCallerIdentity answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub arn: String,
    pub user_id: String,
    pub account: String,
}

/// Sessions by access key id.
#[derive(Debug)]
pub struct Sessions {
    by_key: HashMap<String, Session>,
    order: VecDeque<String>,
    cap: usize,
}

impl Default for Sessions {
    fn default() -> Self {
        Sessions::with_cap(MAX_SESSIONS)
    }
}

const KEY_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const SECRET_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn random_string(rng: &mut impl Rng, chars: &[u8], n: usize) -> String {
    (0..n)
        .map(|_| chars[rng.random_range(0..chars.len())] as char)
        .collect()
}

impl Sessions {
    /// A table that remembers at most `cap` sessions.
    pub fn with_cap(cap: usize) -> Self {
        Sessions {
            by_key: HashMap::new(),
            order: VecDeque::new(),
            cap: cap.max(1),
        }
    }

    /// Mints credentials for `session` and remembers it.
    pub fn mint(&mut self, session: Session) -> Credentials {
        let mut rng = rand::rng();
        let access_key_id = loop {
            let k = format!(
                "{SESSION_KEY_PREFIX}{}{}",
                session.account,
                random_string(&mut rng, KEY_CHARS, 4)
            );
            if !self.by_key.contains_key(&k) {
                break k;
            }
        };
        if self.order.len() >= self.cap {
            if let Some(old) = self.order.pop_front() {
                self.by_key.remove(&old);
            }
        }
        self.order.push_back(access_key_id.clone());
        self.by_key.insert(access_key_id.clone(), session);
        Credentials {
            access_key_id,
            secret_access_key: random_string(&mut rng, SECRET_CHARS, 40),
            // AWS's tokens are long opaque base64; clients must not parse them.
            session_token: format!(
                "IQoJb3JpZ2luX2VjE{}",
                random_string(&mut rng, SECRET_CHARS, 300)
            ),
        }
    }

    /// The session of an access key id, if this emulator minted it and
    /// still remembers it.
    pub fn get(&self, access_key_id: &str) -> Option<&Session> {
        self.by_key.get(access_key_id)
    }

    /// Who the holder of `access_key_id` is: the assumed role of a known
    /// session, otherwise the emulator's IAM user in the key's account
    /// (a 12-digit key, a session key from before a restart, or the
    /// default account).
    pub fn identity(&self, access_key_id: Option<&str>) -> Identity {
        let akid = access_key_id.unwrap_or_default();
        match self.get(akid) {
            Some(s) => Identity {
                arn: s.arn(),
                user_id: s.user_id(),
                account: s.account.clone(),
            },
            None => {
                let account = account_of_key(akid);
                Identity {
                    arn: format!("arn:aws:iam::{account}:user/emulator"),
                    user_id: "AIDAEMULATOR".to_string(),
                    account,
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}

/// A role's unique id, `AROA` + 17 characters, stable for one role ARN (AWS
/// keeps it for the role's lifetime; here the ARN stands for the role).
pub fn role_id(role_arn: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let fnv = |seed: u64| {
        role_arn.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let bits = (u128::from(fnv(0xcbf2_9ce4_8422_2325)) << 64) | u128::from(fnv(0x8422_2325));
    let tail: String = (0..17)
        .map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char)
        .collect();
    format!("AROA{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::session_key_account;

    fn session(account: &str) -> Session {
        Session {
            partition: "aws".into(),
            account: account.into(),
            role_arn: "arn:aws:iam::222222222222:role/ci/deployer".into(),
            role_name: "deployer".into(),
            role_id: role_id("arn:aws:iam::222222222222:role/ci/deployer"),
            session_name: "run-1".into(),
        }
    }

    #[test]
    fn minted_keys_encode_the_account_and_identify_the_session() {
        let mut s = Sessions::default();
        let c = s.mint(session("222222222222"));
        assert_eq!(c.access_key_id.len(), 20);
        assert_eq!(session_key_account(&c.access_key_id), Some("222222222222"));
        assert_eq!(c.secret_access_key.len(), 40);
        let id = s.identity(Some(&c.access_key_id));
        assert_eq!(
            id.arn,
            "arn:aws:sts::222222222222:assumed-role/deployer/run-1"
        );
        assert!(id.user_id.starts_with("AROA") && id.user_id.ends_with(":run-1"));
        assert_eq!(id.account, "222222222222");
    }

    #[test]
    fn unknown_keys_fall_back_to_their_account() {
        let s = Sessions::default();
        let id = s.identity(Some("ASIA333333333333ZZZZ"));
        assert_eq!(id.account, "333333333333");
        assert_eq!(id.arn, "arn:aws:iam::333333333333:user/emulator");
        assert_eq!(s.identity(None).account, crate::auth::DEFAULT_ACCOUNT);
    }

    #[test]
    fn the_oldest_session_is_forgotten_first() {
        let mut s = Sessions::with_cap(2);
        let a = s.mint(session("222222222222")).access_key_id;
        let b = s.mint(session("222222222222")).access_key_id;
        let c = s.mint(session("444444444444")).access_key_id;
        assert_eq!(s.len(), 2);
        assert!(s.get(&a).is_none());
        assert!(s.get(&b).is_some() && s.get(&c).is_some());
        // A forgotten key still acts as its account.
        assert_eq!(s.identity(Some(&a)).account, "222222222222");
    }

    #[test]
    fn role_ids_are_stable_per_role() {
        let a = role_id("arn:aws:iam::222222222222:role/a");
        assert_eq!(a, role_id("arn:aws:iam::222222222222:role/a"));
        assert_ne!(a, role_id("arn:aws:iam::222222222222:role/b"));
        assert_eq!(a.len(), 21);
        assert!(a[4..]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
    }
}
