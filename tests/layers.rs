//! The crate's layer order, checked on the source: a top-level module may name (`crate::x`) only
//! modules below it in [`LAYERS`] (the crate reaches other modules only through `crate::` paths;
//! `super::` stays inside a module). Comments are skipped, test modules
//! are not (a test inside `train` that builds a `config` is an upward import too).
//! `src/lib.rs` and `docs/architecture.md` state the same order.

use std::fs;
use std::path::Path;

/// Bottom first. Modules on one line share a level and must not import each other in a circle;
/// here every level holds one module, so any import must point strictly down.
const LAYERS: &[&str] = &[
    "vocab", "rng", "kernels", "cells", "model", "pipeline", "metrics", "train", "config", "io",
    "app", "bench", "bindings",
];

/// The source files of one top-level module (`src/x.rs` or everything under `src/x/`).
fn module_files(name: &str) -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let file = root.join(format!("{name}.rs"));
    if file.is_file() {
        return vec![file];
    }
    let mut out = Vec::new();
    let mut stack = vec![root.join(name)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out
}

/// The code of a line without its `//` comment (good enough for this crate: no `//` in strings
/// that also name a module path).
fn code_of(line: &str) -> &str {
    match line.find("//") {
        Some(i) => &line[..i],
        None => line,
    }
}

/// Every top-level module a file names through `crate::`.
fn imports(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let code = code_of(line);
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push(name);
            }
            rest = after;
        }
        // `use crate::{a, b}` groups.
        if let Some(i) = code.find("crate::{") {
            let group = &code[i + "crate::{".len()..];
            for part in group.split([',', '}']) {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push(name);
                }
            }
        }
    }
    found
}

#[test]
fn every_module_imports_only_downward() {
    let mut violations = Vec::new();
    let mut seen_any = false;
    for (level, module) in LAYERS.iter().enumerate() {
        for file in module_files(module) {
            seen_any = true;
            let text = fs::read_to_string(&file).unwrap();
            for name in imports(&text) {
                if name == *module {
                    continue;
                }
                match LAYERS.iter().position(|m| *m == name) {
                    Some(other) if other < level => {}
                    Some(_) => violations.push(format!(
                        "{} ({module}) imports {name}, which is not below it",
                        file.display()
                    )),
                    // Macros exported at the crate root (`crate::choice_enum!`).
                    None if name == "choice_enum" => {}
                    None => violations.push(format!(
                        "{} ({module}) names crate::{name}, a module missing from LAYERS",
                        file.display()
                    )),
                }
            }
        }
    }
    assert!(seen_any, "no module sources found");
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn every_top_level_module_has_a_layer() {
    let lib = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    for line in lib.lines() {
        if let Some(rest) = line.trim().strip_prefix("pub mod ") {
            let name = rest.trim_end_matches(';');
            assert!(
                LAYERS.contains(&name),
                "src/lib.rs declares `{name}`, which has no place in LAYERS"
            );
        }
    }
}

#[test]
fn the_checker_sees_imports() {
    let text = "use crate::train::Trainer; // crate::app\nuse crate::{io, config::X};\n";
    assert_eq!(imports(text), ["train", "io", "config"]);
}
