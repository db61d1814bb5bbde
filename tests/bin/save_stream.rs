//! A stream of saves as the app makes them (one autosaved edit per transaction, through the
//! session), for the kill -9 test: `save-stream DB VISIT START` adds a stock-count line and
//! names it `货品{n}` for n = START, START+1, …, printing `ack n LINE` only once each save has
//! returned, until it is killed. A save that fails prints `error CODE MESSAGE` and exits 2.
//! The passphrase comes from BAOHOU_PASSPHRASE.

use baohou_core::Locale;
use baohou_core::draft::{InventoryColumn, VisitEdit};
use baohou_core::session::Session;
use baohou_core::store::OpenMode;
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (db, visit, start) = match &args[..] {
        [_, db, visit, start] => (
            db,
            visit.parse::<i64>().unwrap(),
            start.parse::<u64>().unwrap(),
        ),
        _ => panic!("usage: save-stream DB VISIT START"),
    };
    let pass = std::env::var("BAOHOU_PASSPHRASE").expect("BAOHOU_PASSPHRASE");
    let mut session = Session::open(db, OpenMode::Existing);
    session.unlock(Locale::ZhCn, &pass).expect("unlock");
    let mut out = std::io::stdout().lock();
    for n in start.. {
        let saved = session
            .edit_visit(Locale::ZhCn, visit, &VisitEdit::AddInventoryLine)
            .and_then(|added| {
                let line = added.outcome.new_id.expect("the new line's id");
                session
                    .edit_visit(
                        Locale::ZhCn,
                        visit,
                        &VisitEdit::InventoryText {
                            line_id: line,
                            column: InventoryColumn::GoodsName,
                            text: format!("货品{n}"),
                        },
                    )
                    .map(|_| line)
            });
        match saved {
            Ok(line) => writeln!(out, "ack {n} {line}").unwrap(),
            Err(e) => {
                writeln!(out, "error {} {}", e.code, e.message).unwrap();
                out.flush().unwrap();
                std::process::exit(2);
            }
        }
        out.flush().unwrap();
    }
}
