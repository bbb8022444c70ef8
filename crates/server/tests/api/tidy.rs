//! Tidy checks: the dependency direction between crates, and a `//!` line atop every module.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The names in a manifest's `[dependencies]` table (not dev-dependencies).
fn dependencies(krate: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("crates").join(krate).join("Cargo.toml")).unwrap();
    let mut in_deps = false;
    let mut deps = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line == "[dependencies]";
            continue;
        }
        if in_deps
            && let Some((name, _)) = line.split_once(['=', '.'])
            && !name.trim().is_empty()
        {
            deps.push(name.trim().to_owned());
        }
    }
    deps
}

#[test]
fn dependencies_point_inwards() {
    let io = ["tokio", "sqlx", "axum", "tower", "tower-http", "serde_json", "serde", "reqwest", "utoipa"];
    for pure in ["domain", "rules", "screen"] {
        let deps = dependencies(pure);
        for d in &deps {
            assert!(!io.contains(&d.as_str()), "{pure} must not depend on {d}");
            assert!(!d.starts_with("article3-") || d == "article3-domain", "{pure} may depend only on domain, not {d}");
        }
    }
    assert_eq!(
        dependencies("rules").iter().filter(|d| d.starts_with("article3-")).collect::<Vec<_>>(),
        ["article3-domain"]
    );
    let store = dependencies("store");
    for d in ["axum", "tower", "tower-http", "utoipa", "article3-server"] {
        assert!(!store.iter().any(|s| s == d), "store must not know HTTP ({d})");
    }
    assert!(dependencies("domain").iter().all(|d| d != "article3-store"));
    assert!(dependencies("server").iter().all(|d| d != "article3"));
}

#[test]
fn every_module_says_what_it_is() {
    let mut missing = Vec::new();
    let mut stack = vec![root().join("crates")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                if !text.trim_start().starts_with("//!") {
                    missing.push(path.display().to_string());
                }
            }
        }
    }
    assert!(missing.is_empty(), "modules without a //! line: {missing:?}");
}
