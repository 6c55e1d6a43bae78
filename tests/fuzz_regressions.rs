//! Inputs the fuzzers (`fuzz/`) once broke Loa with, kept so they never
//! break it again: each file in `tests/fuzz_regressions/<target>/` runs
//! through the same body as the fuzz target of that name.

mod common;

use common::fuzz;
use common::site::repo;

fn run(target: &str, body: fn(&[u8])) -> usize {
    let dir = repo().join("tests/fuzz_regressions").join(target);
    let mut n = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect();
    entries.sort();
    for path in entries {
        let data = std::fs::read(&path).expect("read");
        if let Err(e) = std::panic::catch_unwind(|| body(&data)) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{}: {msg}", path.display());
        }
        n += 1;
    }
    n
}

#[test]
fn yaml_campaign_inputs() {
    assert!(run("yaml_campaign", fuzz::yaml_campaign) > 0);
}

#[test]
fn front_matter_inputs() {
    run("front_matter", fuzz::front_matter);
}

#[test]
fn markdown_inputs() {
    run("markdown", fuzz::markdown);
}

#[test]
fn stats_csv_inputs() {
    assert!(run("stats_csv", fuzz::stats_csv) > 0);
}
