use std::time::Duration;

use super::*;

const NOW: i64 = 1_700_000_000;

#[test]
fn lines_name_a_token_its_expiry_and_a_note_and_expired_ones_are_dropped() {
    let text = "\
# revoked after the laptop was lost
a1 2100-01-01T00:00:00Z lost laptop, ticket 4711

a2 4102444800
  # indented comment
old 2020-01-01T00:00:00+08:00 long expired
";
    let list = parse(text, NOW).expect("parses");
    assert_eq!(list.len(), 2);
    assert_eq!(
        list["a1"],
        Revocation {
            expires: 4_102_444_800,
            note: "lost laptop, ticket 4711".to_owned()
        }
    );
    assert_eq!(list["a2"].expires, 4_102_444_800);
    assert!(list["a2"].note.is_empty());
    assert!(!list.contains_key("old"));
}

#[test]
fn a_malformed_line_is_named() {
    let missing = parse("# header\nonly-an-id\n", NOW).expect_err("no expiry");
    assert!(missing.starts_with("line 2:"), "{missing}");
    let bad = parse("a1 2100-01-01\n", NOW).expect_err("bad expiry");
    assert!(
        bad.contains("line 1") && bad.contains("2100-01-01"),
        "{bad}"
    );
}

#[test]
fn written_lines_read_back() {
    let written = line("a1", 4_102_444_800, "lost\nlaptop  twice");
    assert_eq!(written, "a1 2100-01-01T00:00:00Z lost laptop twice");
    let list = parse(&written, NOW).expect("parses");
    assert_eq!(list["a1"].note, "lost laptop twice");
    assert_eq!(parse_expiry("2100-01-01T08:00:00+08:00"), Ok(4_102_444_800));
}

#[test]
fn a_missing_file_revokes_nothing_and_a_malformed_one_stops_start_up() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("revoked-tokens");
    let list = RevokedTokens::load(&path).expect("missing is fine");
    assert!(list.is_empty() && !list.contains("a1"));
    std::fs::write(&path, "a1 someday\n").expect("write");
    let error = RevokedTokens::load(&path).expect_err("malformed");
    assert!(error.contains("auth.revoked_file") && error.contains("line 1"));
    assert!(!error.contains('\n'));
}

#[test]
fn a_changed_file_is_picked_up_and_a_malformed_change_keeps_the_last_good_list() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("revoked-tokens");
    std::fs::write(&path, "a1 2100-01-01T00:00:00Z\n").expect("write");
    let list = RevokedTokens::load_checking_every(&path, Duration::ZERO).expect("load");
    assert!(list.contains("a1") && !list.contains("a2"));

    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .expect("open");
    std::io::Write::write_all(&mut file, b"a2 4102444800 second\n").expect("append");
    drop(file);
    assert!(list.contains("a2"), "an appended line counts at once");

    std::fs::write(&path, "a3 not-a-time-at-all\n").expect("write");
    assert!(list.contains("a1") && list.contains("a2") && !list.contains("a3"));

    std::fs::write(&path, "a3 4102444800\n").expect("write");
    assert!(
        list.contains("a3") && !list.contains("a1"),
        "fixed file read"
    );

    std::fs::remove_file(&path).expect("remove");
    assert!(!list.contains("a3"), "a removed file revokes nothing");
}

#[test]
fn the_file_is_looked_at_no_more_often_than_the_interval() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("revoked-tokens");
    let list = RevokedTokens::load_checking_every(&path, Duration::from_secs(3600)).expect("load");
    std::fs::write(&path, "a1 4102444800\n").expect("write");
    assert!(
        !list.contains("a1"),
        "not looked at again within the interval"
    );
}
