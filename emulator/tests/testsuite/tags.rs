//! TagResource, UntagResource and ListTags on vault ARNs through the real
//! SDK client (plan tags are covered in plans.rs).

use testkit::emulator::start;
use testkit::sdk::*;

#[tokio::test]
async fn vault_tags_from_create_and_tag_resource() {
    let emu = start().await;
    let c = client(&emu).await;
    let arn = c
        .create_backup_vault()
        .backup_vault_name("v1")
        .backup_vault_tags("a", "1")
        .send()
        .await
        .unwrap()
        .backup_vault_arn()
        .unwrap()
        .to_string();
    c.tag_resource()
        .resource_arn(&arn)
        .tags("b", "2")
        .tags("a", "changed")
        .send()
        .await
        .unwrap();
    let tags = c.list_tags().resource_arn(&arn).send().await.unwrap();
    let t = tags.tags().unwrap();
    assert_eq!(t.len(), 2);
    assert_eq!(t["a"], "changed");
    assert_eq!(t["b"], "2");
    c.untag_resource()
        .resource_arn(&arn)
        .tag_key_list("a")
        .send()
        .await
        .unwrap();
    let tags = c.list_tags().resource_arn(&arn).send().await.unwrap();
    assert_eq!(tags.tags().unwrap().keys().collect::<Vec<_>>(), ["b"]);
    let e = c
        .tag_resource()
        .resource_arn(&arn)
        .tags("aws:reserved", "x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "InvalidParameterValueException");
    let e = c
        .list_tags()
        .resource_arn("arn:aws:backup:us-east-1:123456789012:backup-vault:nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&e), "ResourceNotFoundException");
    let mut many = c.tag_resource().resource_arn(&arn);
    for i in 0..50 {
        many = many.tags(format!("k{i}"), "v");
    }
    let e = many.send().await.unwrap_err();
    assert_eq!(code(&e), "LimitExceededException");
}

#[tokio::test]
async fn list_tags_pages_follow_next_token() {
    let emu = start().await;
    let c = client(&emu).await;
    let mut create = c.create_backup_vault().backup_vault_name("v1");
    for k in ["a", "b", "c", "d", "e"] {
        create = create.backup_vault_tags(k, k.to_uppercase());
    }
    let arn = create
        .send()
        .await
        .unwrap()
        .backup_vault_arn()
        .unwrap()
        .to_string();
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = c
            .list_tags()
            .resource_arn(&arn)
            .max_results(2)
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap();
        let mut keys: Vec<_> = page.tags().unwrap().iter().collect();
        keys.sort();
        assert!(keys.len() <= 2);
        seen.extend(keys.into_iter().map(|(k, v)| format!("{k}={v}")));
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, ["a=A", "b=B", "c=C", "d=D", "e=E"]);
}
