//! Tests of the YAML tree (`yaml::raw`) through the config parser.

use crate::yaml::raw::*;

fn parse(s: &str) -> Node {
    crate::config::load::parse_text(std::path::Path::new("t.yaml"), s).unwrap()
}

#[test]
fn positions_are_kept() {
    let n = parse("a: 1\nb:\n  - x\n  - {c: true}\n");
    let b = n.get("b").unwrap();
    assert_eq!(b.pos.line, 3);
    let Kind::Seq(items) = &b.kind else { panic!() };
    assert_eq!((items[1].pos.line, items[1].pos.column), (4, 5));
    assert_eq!(items[1].get("c").unwrap().kind, Kind::Bool(true));
}

#[test]
fn merge_keys_and_aliases() {
    let n = parse("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n");
    let u = n.get("use").unwrap();
    assert_eq!(u.get("x").unwrap().kind, Kind::Int(1));
    assert_eq!(u.get("y").unwrap().kind, Kind::Int(3));
    assert_eq!(u.get("<<"), None);
}

#[test]
fn yaml_1_1_booleans_stay_strings() {
    let n = parse("a: y\nb: yes\nc: true\n");
    assert_eq!(n.get("a").unwrap().kind, Kind::Str("y".into()));
    assert_eq!(n.get("b").unwrap().kind, Kind::Str("yes".into()));
    assert_eq!(n.get("c").unwrap().kind, Kind::Bool(true));
}

#[test]
fn quoted_numbers_stay_strings() {
    let n = parse("a: '123'\nb: 123\n");
    assert_eq!(n.get("a").unwrap().kind, Kind::Str("123".into()));
    assert_eq!(n.get("b").unwrap().kind, Kind::Int(123));
}
