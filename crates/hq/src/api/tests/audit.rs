//! The audit chain anchored at head office (issue 29): each agenda carries the laptop's chain
//! length and head and its own entry at the length head office last acknowledged; a chain that
//! no longer runs through what head office holds is flagged beside the laptop.

use super::*;
use baohou_core::protocol::{AgendaAck, AgendaReport, AuditHead, AuditPoint};

fn hash(n: u64, branch: &str) -> String {
    sha(format!("{branch}/{n}").as_bytes())
}

fn head(entries: u64, branch: &str, anchored: Option<(u64, &str)>) -> AuditHead {
    AuditHead {
        entries,
        head: hash(entries, branch),
        anchored: anchored.map(|(n, b)| AuditPoint {
            entries: n,
            hash: hash(n, b),
        }),
    }
}

#[test]
fn a_chain_that_no_longer_runs_through_what_head_office_holds_is_flagged() {
    chains_are_anchored(start(None));
}

#[test]
#[ignore = "needs PostgreSQL: BAOHOU_TEST_PG (scripts/test.sh)"]
fn a_chain_that_no_longer_runs_through_what_head_office_holds_is_flagged_on_postgresql() {
    chains_are_anchored(start(Some(super::scratch_database())));
}

fn chains_are_anchored(s: Running) {
    let token = s.enroll("张伟");
    let http = Client::new();
    let put = |audit: AuditHead| -> AgendaAck {
        let report = AgendaReport {
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            policy_version: "2026.2".into(),
            overdue: Vec::new(),
            audit: Some(audit),
        };
        let r = http
            .put(format!("{}/agenda", s.base))
            .bearer_auth(&token)
            .json(&report)
            .send()
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        r.json().unwrap()
    };
    let device = || s.runtime.block_on(s.office.devices()).unwrap().remove(0);
    // The first: anchored as sent.
    assert_eq!(put(head(3, "a", None)).audit_entries, Some(3));
    // It grows, vouching for entry 3: it extends what is held.
    assert_eq!(put(head(8, "a", Some((3, "a")))).audit_entries, Some(8));
    assert_eq!(device().audit_entries, Some(8));
    assert_eq!(device().audit_break, None);
    // An acknowledgement lost on the way: it vouches for 3 again. Head office keeps 8 and asks
    // for it; vouched for next time, it extends.
    assert_eq!(put(head(9, "a", Some((3, "a")))).audit_entries, Some(8));
    assert_eq!(device().audit_entries, Some(8));
    assert_eq!(put(head(9, "a", Some((8, "a")))).audit_entries, Some(9));
    assert_eq!(device().audit_break, None);
    // Entry 9 is not the one head office holds: records before it were changed.
    assert_eq!(put(head(12, "b", Some((9, "b")))).audit_entries, Some(12));
    let flagged = device().audit_break.expect("flagged");
    assert!(
        flagged.contains("第 9 条记录的哈希与总部所存的不同"),
        "{flagged}"
    );
    assert_eq!(device().audit_entries, Some(12));
    // Shorter than what is held: records were removed, or an older copy came back.
    put(head(10, "c", Some((12, "b"))));
    assert!(
        device()
            .audit_break
            .unwrap()
            .contains("审计日志只有 10 条，少于总部已记录的 12 条")
    );
    // Not vouching at all, twice in a row, is a break too (the first time it is asked).
    put(head(11, "c", Some((10, "c"))));
    assert_eq!(put(head(12, "c", None)).audit_entries, Some(11));
    assert!(!device().audit_break.unwrap().contains("第二次"));
    put(head(12, "c", None));
    assert!(
        device()
            .audit_break
            .unwrap()
            .contains("第二次同步仍未出示总部所存的第 11 条记录")
    );
    // What the laptop sends is checked: a head that is not a hash is refused.
    let mut bad = head(13, "c", Some((12, "c")));
    bad.head = "not a hash".into();
    let r = http
        .put(format!("{}/agenda", s.base))
        .bearer_auth(&token)
        .json(&AgendaReport {
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            policy_version: "2026.2".into(),
            overdue: Vec::new(),
            audit: Some(bad),
        })
        .send()
        .unwrap();
    assert_eq!(error_of(r).0, 400);
}
