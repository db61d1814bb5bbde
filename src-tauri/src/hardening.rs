//! The window's reach, held by tests: a widened capability, a command added without its grant,
//! a remote source or `unsafe-eval` in the CSP, or the isolation pattern switched off fails
//! `cargo test` (and so the test command).

#[cfg(test)]
mod tests {
    use crate::COMMAND_NAMES;
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn json(path: &Path) -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    /// The permissions the window needs: its own commands by name, events (the close request),
    /// closing itself after storing what was typed. No file dialog: the shell opens them
    /// (`choose_path`), so no path the window names is taken unless chosen there.
    fn expected_permissions() -> BTreeSet<String> {
        let mut p: BTreeSet<String> = ["core:event:default", "core:window:allow-destroy"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        p.extend(
            COMMAND_NAMES
                .iter()
                .map(|c| format!("allow-{}", c.replace('_', "-"))),
        );
        p
    }

    /// Command names invoked by the generated bindings.
    fn bound_commands() -> Vec<String> {
        let text = std::fs::read_to_string(root().join("ui/src/lib/bindings.ts")).unwrap();
        text.split("__TAURI_INVOKE")
            .skip(1)
            .filter_map(|rest| {
                let start = rest.find("(\"")? + 2;
                let end = start + rest[start..].find('"')?;
                Some(rest[start..end].to_owned())
            })
            .collect()
    }

    #[test]
    fn every_command_is_declared_granted_bound_and_passed_by_the_isolation_hook() {
        let declared: BTreeSet<String> = COMMAND_NAMES.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            declared.len(),
            COMMAND_NAMES.len(),
            "a command is listed twice"
        );
        let bound = bound_commands();
        let bound_set: BTreeSet<String> = bound.iter().cloned().collect();
        assert_eq!(bound.len(), bound_set.len());
        assert_eq!(
            bound_set, declared,
            "src/command_names.rs and the registered commands (bindings.ts) differ"
        );
        let hook = std::fs::read_to_string(root().join("ui/isolation/index.js")).unwrap();
        let list = hook
            .split("new Set(")
            .nth(1)
            .and_then(|r| r.split(");").next())
            .expect("the hook's command list");
        let passed: BTreeSet<String> = serde_json::from_str::<Vec<String>>(list)
            .unwrap()
            .into_iter()
            .collect();
        assert_eq!(
            passed, declared,
            "ui/isolation/index.js passes other commands"
        );
    }

    #[test]
    fn the_only_capability_grants_exactly_what_the_window_needs() {
        let dir = root().join("src-tauri/capabilities");
        let files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(files, ["main.json"], "a capability file was added");
        let cap = json(&dir.join("main.json"));
        let granted: BTreeSet<String> = cap["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p.as_str()
                    .expect("permissions are plain names, never scoped objects")
                    .to_owned()
            })
            .collect();
        let expected = expected_permissions();
        let extra: Vec<_> = granted.difference(&expected).collect();
        let missing: Vec<_> = expected.difference(&granted).collect();
        assert!(
            extra.is_empty() && missing.is_empty(),
            "capability widened {extra:?} / missing {missing:?}"
        );
        assert_eq!(cap["windows"], serde_json::json!(["main"]));
        for key in ["remote", "webviews", "platforms"] {
            assert!(cap.get(key).is_none(), "capability has `{key}`");
        }
    }

    #[test]
    fn the_csp_allows_no_remote_source_and_the_isolation_pattern_is_on() {
        let conf = json(&root().join("tauri.conf.json"));
        let security = &conf["app"]["security"];
        assert_eq!(security["pattern"]["use"], "isolation");
        assert_eq!(security["freezePrototype"], true);
        for key in [
            "dangerousDisableAssetCspModification",
            "devCsp",
            "assetProtocol",
            "dangerousRemoteDomainIpcAccess",
        ] {
            assert!(security.get(key).is_none(), "security.{key} is set");
        }
        assert_ne!(conf["app"]["withGlobalTauri"], true);
        let csp = security["csp"].as_str().expect("a CSP string");
        let mut directives = std::collections::BTreeMap::new();
        for d in csp.split(';').map(str::trim).filter(|d| !d.is_empty()) {
            let mut parts = d.split_whitespace();
            let name = parts.next().unwrap().to_owned();
            directives.insert(name, parts.map(str::to_owned).collect::<Vec<_>>());
        }
        let allowed = [
            "'self'",
            "'none'",
            "data:",
            "blob:",
            "photo:",
            "ipc:",
            "http://ipc.localhost",
            "http://photo.localhost",
        ];
        for (name, sources) in &directives {
            for s in sources {
                let ok = allowed.contains(&s.as_str())
                    || (name == "style-src" && s == "'unsafe-inline'");
                assert!(ok, "CSP {name} allows {s}");
            }
        }
        let get = |n: &str| directives.get(n).cloned().unwrap_or_default();
        assert_eq!(get("default-src"), ["'self'"]);
        assert_eq!(get("script-src"), ["'self'"]);
        for n in ["object-src", "base-uri", "form-action", "frame-ancestors"] {
            assert_eq!(get(n), ["'none'"], "{n}");
        }
    }
}
