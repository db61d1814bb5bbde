//! The layer rules of `baohou-core`, as docs/architecture.md writes them, held against the
//! imports of its source: a module imports only from its own layer or those below, except for the
//! imports that document lists as still running back up. A new import that runs back up fails
//! here; so does a listed one that is gone (the list only shrinks, and says what is left).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The layers and the known exceptions, read from docs/architecture.md.
struct Rules {
    layer: BTreeMap<String, usize>,
    allowed: BTreeSet<(String, String)>,
}

/// The names between backticks in a text, in order.
fn ticked(text: &str) -> Vec<String> {
    text.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.trim().to_owned())
        .collect()
}

fn rules() -> Rules {
    let doc = std::fs::read_to_string(repo().join("docs/architecture.md")).unwrap();
    let mut layer = BTreeMap::new();
    let mut allowed = BTreeSet::new();
    for line in doc.lines() {
        // `| 2 | `portfolio`, `signals` … | what the layer is |`
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() > 3
            && cells[0].is_empty()
            && let Ok(n) = cells[1].parse::<usize>()
        {
            for module in ticked(cells[2]) {
                assert!(
                    layer.insert(module.clone(), n).is_none(),
                    "docs/architecture.md puts {module} in two layers"
                );
            }
        }
        // `- `store` → `report` …`
        if let Some(rest) = line.strip_prefix("- `")
            && rest.contains("` → `")
        {
            let names = ticked(&format!("`{rest}"));
            allowed.insert((names[0].clone(), names[1].clone()));
        }
    }
    assert!(
        layer.len() > 10,
        "docs/architecture.md lost its layer table"
    );
    Rules { layer, allowed }
}

/// The source without its test items: each `#[cfg(test)]` item (a `mod tests;` declaration, a
/// test module, a test helper) is left out, up to its `;` or its closing brace, and the code
/// after it is read. Tests may reach anywhere.
fn without_tests(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(i) = text[at..].find("#[cfg(test)]") {
        let start = at + i;
        kept.push_str(&text[at..start]);
        let item = start + "#[cfg(test)]".len();
        let rest = &text[item..];
        let end = match (rest.find(';'), rest.find('{')) {
            (Some(semi), Some(brace)) if semi < brace => item + semi + 1,
            (_, Some(brace)) => {
                let mut depth = 0usize;
                let mut close = text.len();
                for (k, ch) in text[item + brace..].char_indices() {
                    match ch {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                close = item + brace + k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                close
            }
            (Some(semi), None) => item + semi + 1,
            (None, None) => text.len(),
        };
        at = end;
    }
    kept.push_str(&text[at..]);
    kept
}

/// The source without its comments (`//`, `///`, `//!` to the end of the line): a doc link names
/// a module without importing it.
fn without_comments(text: &str) -> String {
    text.lines()
        .map(|line| line.find("//").map_or(line, |i| &line[..i]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a source names through `crate::…` (single paths and `crate::{a, b::c}`).
fn crate_names(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find("crate::") {
        let at = from + i;
        from = at + "crate::".len();
        // `$crate::` (a macro's body) and `baohou_crate::` are not this crate's paths.
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || matches!(bytes[at - 1], b'_' | b'$'))
        {
            continue;
        }
        let rest = &text[from..];
        let ident = |s: &str| -> String {
            s.trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        };
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 || (c == ',' && depth == 1) {
                    names.insert(ident(&item));
                    item.clear();
                    if depth == 0 {
                        break;
                    }
                } else {
                    item.push(c);
                }
            }
        } else {
            names.insert(ident(rest));
        }
    }
    names.remove("");
    names
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Each import of one top-level module by another (from, to), with the files that make it.
type Edges = BTreeMap<(String, String), BTreeSet<String>>;

/// Every import of one top-level module from another, with the files that make it.
fn imports() -> (BTreeSet<String>, Edges) {
    let src = repo().join("crates/core/src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut modules = BTreeSet::new();
    let mut edges = Edges::new();
    for file in files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let top = rel
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_owned();
        let name = file.file_name().unwrap().to_string_lossy();
        if top == "lib"
            || name == "tests.rs"
            || name.ends_with("_tests.rs")
            || rel.contains("/tests/")
        {
            continue;
        }
        modules.insert(top.clone());
        let text = std::fs::read_to_string(&file).unwrap();
        for used in crate_names(&without_comments(&without_tests(&text))) {
            if used != top {
                edges
                    .entry((top.clone(), used))
                    .or_default()
                    .insert(rel.clone());
            }
        }
    }
    (modules, edges)
}

#[test]
fn the_core_imports_only_downwards_but_for_the_listed_exceptions() {
    let rules = rules();
    let (modules, edges) = imports();
    let unplaced: Vec<_> = modules
        .iter()
        .filter(|m| !rules.layer.contains_key(*m))
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules of baohou-core in no layer of docs/architecture.md: {unplaced:?}"
    );
    let mut up = BTreeSet::new();
    let mut wrong = Vec::new();
    for ((from, to), files) in &edges {
        let (Some(a), Some(b)) = (rules.layer.get(from), rules.layer.get(to)) else {
            continue;
        };
        if b > a {
            up.insert((from.clone(), to.clone()));
            if !rules.allowed.contains(&(from.clone(), to.clone())) {
                wrong.push(format!(
                    "{from} (layer {a}) imports {to} (layer {b}) in {files:?}"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that run back up, against docs/architecture.md's layers:\n{}",
        wrong.join("\n")
    );
    let gone: Vec<_> = rules.allowed.difference(&up).collect();
    assert!(
        gone.is_empty(),
        "listed in docs/architecture.md as running back up, but no longer: remove {gone:?} from the list"
    );
}

/// A circle of modules importing each other, as a path that starts and ends on the same module.
fn circle(modules: &BTreeSet<String>, edges: &Edges) -> Option<Vec<String>> {
    fn visit(
        m: &str,
        next: &BTreeMap<&str, Vec<&str>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(m.to_owned(), 1);
        path.push(m.to_owned());
        for &n in next.get(m).into_iter().flatten() {
            match state.get(n) {
                Some(1) => {
                    let at = path.iter().position(|p| p == n).unwrap();
                    let mut found = path[at..].to_vec();
                    found.push(n.to_owned());
                    return Some(found);
                }
                Some(_) => {}
                None => {
                    if let Some(found) = visit(n, next, state, path) {
                        return Some(found);
                    }
                }
            }
        }
        path.pop();
        state.insert(m.to_owned(), 2);
        None
    }
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        next.entry(from.as_str()).or_default().push(to.as_str());
    }
    let mut state = BTreeMap::new();
    for m in modules {
        if !state.contains_key(m)
            && let Some(found) = visit(m, &next, &mut state, &mut Vec::new())
        {
            return Some(found);
        }
    }
    None
}

/// Within a layer, modules may import each other, but never in a circle: the core's modules
/// form a graph that can be read from the ground up.
#[test]
fn the_core_modules_import_each_other_in_no_circle() {
    let (modules, edges) = imports();
    if let Some(found) = circle(&modules, &edges) {
        let files: Vec<String> = found
            .windows(2)
            .map(|w| {
                format!(
                    "{} -> {} in {:?}",
                    w[0],
                    w[1],
                    edges[&(w[0].clone(), w[1].clone())]
                )
            })
            .collect();
        panic!(
            "the core's modules import each other in a circle:\n{}",
            files.join("\n")
        );
    }
    // The check itself finds a circle when there is one.
    let mut with_one = edges.clone();
    with_one.insert(
        ("money".into(), "store".into()),
        BTreeSet::from(["money.rs".into()]),
    );
    assert!(circle(&modules, &with_one).is_some());
}

/// The reader itself: the paths it must see, and those it must not.
#[test]
fn the_import_reader_sees_single_and_grouped_paths_and_skips_tests_and_macros() {
    let text = "use crate::store::Store;\nuse crate::{money::Money, report::{seal, pdf}};\n\
                /// See [`crate::session::Session`].\n\
                let x = crate::tasks::run(); // crate::overview\n\
                macro_rules! m { () => { $crate::i18n::x } }\n\
                #[cfg(test)]\nmod tests {\n use crate::demo;\n}\n\
                #[cfg(test)]\npub(crate) mod fixtures;\n\
                pub fn after() { crate::calendar::x() }\n";
    let names = crate_names(&without_comments(&without_tests(text)));
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        ["calendar", "money", "report", "store", "tasks"]
    );
}
