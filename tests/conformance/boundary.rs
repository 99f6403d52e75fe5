//! CK6 (SPEC §11.2, issue 15): the implementation shares no logic with the model. Conformance
//! compares the runtime (`heartbeat-routing`, the system under test) with the model
//! (`heartbeat-model`, the oracle); a decision one side borrowed from the other would be wrong
//! on both sides at once, and no comparison could see it. So `heartbeat-routing` may depend on
//! the shared words (`heartbeat-vocab`) but never on `heartbeat-model` or on stateright, as a
//! normal, build or dev dependency, directly or through another crate. Read from
//! `cargo metadata`, the resolved graph cargo itself builds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// The resolved dependency graph: package name by id, and each package's dependencies with
/// their kinds (`normal`, `build`, `dev`).
struct Graph {
    names: BTreeMap<String, String>,
    deps: BTreeMap<String, Vec<(String, Vec<String>)>>,
}

/// The host's target triple, as `rustc -vV` prints it.
fn host_triple() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let out = Command::new(rustc)
        .arg("-vV")
        .output()
        .expect("rustc -vV runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_string()
}

fn metadata() -> Graph {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    // Offline, and for the host only: the graph of another platform would need crates
    // (Windows consoles, say) that a build here never downloads.
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(["--filter-platform", &host_triple()])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON");
    let names = v["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_string(),
                p["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let deps = v["resolve"]["nodes"]
        .as_array()
        .expect("a resolved graph")
        .iter()
        .map(|n| {
            let deps = n["deps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    let kinds = d["dep_kinds"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|k| k["kind"].as_str().unwrap_or("normal").to_string())
                        .collect();
                    (d["pkg"].as_str().unwrap().to_string(), kinds)
                })
                .collect();
            (n["id"].as_str().unwrap().to_string(), deps)
        })
        .collect();
    Graph { names, deps }
}

impl Graph {
    fn id(&self, name: &str) -> &str {
        self.names
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(id, _)| id.as_str())
            .unwrap_or_else(|| panic!("package {name} is in the workspace"))
    }

    /// Every package `name` needs to build, test or bench — its own normal, build and dev
    /// dependencies, then theirs (a dependency's dev dependencies are not built) — each with
    /// the chain of packages that brings it in.
    fn closure(&self, name: &str) -> BTreeMap<String, String> {
        let root = self.id(name).to_string();
        let mut via: BTreeMap<String, String> = BTreeMap::new();
        let mut todo = vec![(root.clone(), name.to_string())];
        while let Some((id, chain)) = todo.pop() {
            for (dep, kinds) in self.deps.get(&id).into_iter().flatten() {
                let counts = id == root || kinds.iter().any(|k| k != "dev");
                let dep_name = &self.names[dep];
                if counts && !via.contains_key(dep_name) {
                    let chain = format!("{chain} -> {dep_name} ({})", kinds.join("/"));
                    via.insert(dep_name.clone(), chain.clone());
                    todo.push((dep.clone(), chain));
                }
            }
        }
        via
    }

    /// The direct dependencies of `name` of any kind.
    fn direct(&self, name: &str) -> BTreeSet<String> {
        self.deps[self.id(name)]
            .iter()
            .map(|(id, _)| self.names[id].clone())
            .collect()
    }
}

/// CK6: heartbeat-routing reaches neither heartbeat-model nor stateright, by any kind of
/// dependency; it does reach heartbeat-vocab.
#[test]
fn ck6_the_implementation_depends_on_neither_the_model_nor_stateright() {
    let g = metadata();
    let reached = g.closure("heartbeat-routing");
    for forbidden in ["heartbeat-model", "stateright", "heartbeat-spec"] {
        if let Some(chain) = reached.get(forbidden) {
            panic!(
                "SPEC CK6: heartbeat-routing depends on {forbidden}: {chain}; it may share words \
                 through heartbeat-vocab, never the model's logic"
            );
        }
    }
    assert!(reached.contains_key("heartbeat-vocab"), "{reached:?}");
    // The walk sees what it looks for: the model does reach stateright and the words.
    let model = g.closure("heartbeat-model");
    assert!(
        model.contains_key("stateright") && model.contains_key("heartbeat-vocab"),
        "{model:?}"
    );
}

/// CK6: the shared words depend on neither side, nor on a checker or a regex engine: data and
/// parsing only (serde, toml, thiserror).
#[test]
fn ck6_the_vocabulary_is_data_and_parsing_only() {
    let g = metadata();
    let direct = g.direct("heartbeat-vocab");
    let allowed: BTreeSet<String> = ["serde", "serde_json", "thiserror", "toml"]
        .map(String::from)
        .into();
    assert!(
        direct.is_subset(&allowed),
        "SPEC CK6: heartbeat-vocab depends on {:?}",
        direct.difference(&allowed).collect::<Vec<_>>()
    );
    let reached = g.closure("heartbeat-vocab");
    for forbidden in [
        "heartbeat-model",
        "heartbeat-routing",
        "stateright",
        "regex",
    ] {
        if let Some(chain) = reached.get(forbidden) {
            panic!("SPEC CK6: heartbeat-vocab depends on {forbidden}: {chain}");
        }
    }
}
