//! The bad-input corpus: realistic mistakes of a ward officer, each run
//! through the real build on a copy of the Tứ Minh sample, each with the
//! answer Loa must give. The cases are data, in `tests/bad_inputs/cases.yaml`
//! (raw-byte files they need are in `tests/bad_inputs/files/`).
//!
//! Besides each case's own expectation, every message of every case must:
//! name a file and a line and column (only problems about a file as a whole,
//! such as its name or size, may leave the line out, and the case must say
//! so); read as Vietnamese and English sentences, never as a Rust debug dump
//! or a raw parser message; and the build must never panic.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use loa::error::Diagnostic;
use loa::i18n::Lang;
use loa::render::Options;
use serde::Deserialize;

use common::site::{copy_site, repo, today};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// The mistake, as it happens in a ward office.
    why: String,
    #[serde(default)]
    edits: Vec<Edit>,
    /// What Loa must say; several when one mistake has several effects.
    #[serde(default)]
    expect: Vec<Expect>,
    /// For inputs Loa must accept: the build succeeds and a page shows this.
    #[serde(default)]
    accepted: Option<Shown>,
    /// The message must come within this time (the 50 MB file).
    #[serde(default)]
    within_ms: Option<u64>,
}

/// One change to the copied site. `file` is relative to the ward folder.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    /// Replace this text, which must occur exactly once...
    #[serde(default)]
    find: Option<String>,
    /// ...with this.
    #[serde(default)]
    with: Option<String>,
    /// Write the whole file.
    #[serde(default)]
    write: Option<String>,
    /// Add at the end.
    #[serde(default)]
    append: Option<String>,
    /// Copy this file from `tests/bad_inputs/files/`.
    #[serde(default)]
    fixture: Option<String>,
    /// Convert the file's line ends to CRLF / prefix a UTF-8 BOM.
    #[serde(default)]
    crlf: bool,
    #[serde(default)]
    bom: bool,
    /// Make a file of this many MiB (sparse, so the test stays fast).
    #[serde(default)]
    size_mb: Option<u64>,
    #[serde(default)]
    remove: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    file: String,
    line: usize,
    column: usize,
    /// Part of the Vietnamese message (message and hint as printed).
    vi: String,
    /// Part of the English message (`--lang en`).
    en: String,
    #[serde(default)]
    warning: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Shown {
    page: String,
    contains: String,
}

fn corpus_dir() -> PathBuf {
    repo().join("tests/bad_inputs")
}

fn load_cases() -> Vec<Case> {
    let path = corpus_dir().join("cases.yaml");
    let text = std::fs::read_to_string(&path).expect("cases.yaml");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("cases.yaml: {e}"))
}

fn apply(site: &Path, e: &Edit) -> Result<(), String> {
    let path = site.join(&e.file);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|x| x.to_string())?;
    }
    if e.remove {
        return std::fs::remove_file(&path).map_err(|x| format!("{}: {x}", e.file));
    }
    if let Some(mb) = e.size_mb {
        let f = std::fs::File::create(&path).map_err(|x| x.to_string())?;
        f.set_len(mb * 1024 * 1024).map_err(|x| x.to_string())?;
        return Ok(());
    }
    if let Some(name) = &e.fixture {
        std::fs::copy(corpus_dir().join("files").join(name), &path)
            .map_err(|x| format!("{name}: {x}"))?;
        return Ok(());
    }
    if let Some(text) = &e.write {
        std::fs::write(&path, text).map_err(|x| x.to_string())?;
    }
    if let Some(find) = &e.find {
        let text = std::fs::read_to_string(&path).map_err(|x| format!("{}: {x}", e.file))?;
        let n = text.matches(find.as_str()).count();
        if n != 1 {
            return Err(format!(
                "{}: `{find}` occurs {n} times (the sample changed?)",
                e.file
            ));
        }
        let with = e.with.as_deref().unwrap_or("");
        std::fs::write(&path, text.replacen(find.as_str(), with, 1)).map_err(|x| x.to_string())?;
    }
    if let Some(more) = &e.append {
        let mut text = std::fs::read_to_string(&path).unwrap_or_default();
        text.push_str(more);
        std::fs::write(&path, text).map_err(|x| x.to_string())?;
    }
    if e.crlf || e.bom {
        let mut bytes = std::fs::read(&path).map_err(|x| x.to_string())?;
        if e.crlf {
            let s = String::from_utf8(bytes).map_err(|x| x.to_string())?;
            bytes = s.replace('\n', "\r\n").into_bytes();
        }
        if e.bom {
            bytes.splice(0..0, [0xEF, 0xBB, 0xBF]);
        }
        std::fs::write(&path, bytes).map_err(|x| x.to_string())?;
    }
    Ok(())
}

/// Words that only appear when a Rust value or a parser's own message is
/// printed instead of a sentence for people.
const DUMP_MARKS: [&str; 14] = [
    "Some(",
    "None",
    "Ok(",
    "Err(",
    "Error {",
    "Error(",
    "Marker",
    "Location {",
    " at line ",
    "\\\"",
    "\u{1f}",
    "panicked",
    "RUST_BACKTRACE",
    "{:?}",
];

/// Parser words that must not reach the Vietnamese text untranslated.
const ENGLISH_IN_VI: [&str; 7] = [
    "invalid type",
    "unknown field",
    "missing field",
    "expected",
    "while parsing",
    "while scanning",
    "unknown variant",
];

fn rel(site: &Path, d: &Diagnostic) -> String {
    d.file
        .strip_prefix(site)
        .unwrap_or(&d.file)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Checks every diagnostic of a case; returns the problems found.
fn general_checks(case: &Case, site: &Path, ds: &[Diagnostic]) -> Vec<String> {
    let mut bad = Vec::new();
    for d in ds {
        let vi = d.render(Lang::Vi);
        let en = d.render(Lang::En);
        let whole_file = case
            .expect
            .iter()
            .any(|e| e.line == 0 && rel(site, d) == e.file);
        if (d.line == 0 || d.column == 0) && !whole_file {
            bad.push(format!("message without line and column:\n{vi}"));
        }
        if !d.file.starts_with(site) && !whole_file {
            bad.push(format!("message names a file outside the site:\n{vi}"));
        }
        for text in [&vi, &en] {
            if let Some(m) = DUMP_MARKS.iter().find(|m| text.contains(*m)) {
                bad.push(format!("debug text `{m}` in:\n{text}"));
            }
        }
        if let Some(w) = ENGLISH_IN_VI.iter().find(|w| vi.contains(*w)) {
            bad.push(format!("untranslated `{w}` in:\n{vi}"));
        }
        if vi == en {
            bad.push(format!("Vietnamese and English are the same:\n{vi}"));
        }
    }
    bad
}

fn run_case(case: &Case, site: &Path) -> Vec<String> {
    let mut bad = Vec::new();
    for e in &case.edits {
        if let Err(msg) = apply(site, e) {
            return vec![format!("cannot set up: {msg}")];
        }
    }
    let out = site.join("public");
    let started = Instant::now();
    let result =
        std::panic::catch_unwind(|| loa::build::build_to(site, &out, Options { today: today() }));
    let elapsed = started.elapsed();
    let (ok, diagnostics) = match result {
        Err(_) => return vec!["the build panicked".into()],
        Ok(Ok(built)) => (true, built.report.diagnostics),
        Ok(Err(report)) => (false, report.diagnostics),
    };
    if let Some(ms) = case.within_ms {
        if elapsed.as_millis() > u128::from(ms) {
            bad.push(format!("took {elapsed:?}, more than {ms} ms"));
        }
    }
    bad.extend(general_checks(case, site, &diagnostics));
    let all = || {
        diagnostics
            .iter()
            .map(|d| d.render(Lang::Vi))
            .collect::<Vec<_>>()
            .join("\n\n")
    };

    let expects_error = case.expect.iter().any(|e| !e.warning);
    if expects_error && ok {
        bad.push(format!(
            "the build succeeded; expected it to stop\n{}",
            all()
        ));
    }
    if expects_error && out.exists() {
        bad.push("a failed build wrote the output folder".into());
    }
    if let Some(shown) = &case.accepted {
        if !ok {
            bad.push(format!(
                "the build failed; expected it to accept\n{}",
                all()
            ));
        } else {
            let page = std::fs::read_to_string(out.join(&shown.page)).unwrap_or_default();
            if !page.contains(&shown.contains) {
                bad.push(format!("{} does not show `{}`", shown.page, shown.contains));
            }
        }
        if let Some(d) = diagnostics.iter().find(|d| d.is_error()) {
            bad.push(format!(
                "an accepted input gave an error:\n{}",
                d.render(Lang::Vi)
            ));
        }
    }
    for e in &case.expect {
        let found = diagnostics.iter().find(|d| {
            rel(site, d) == e.file
                && d.line == e.line
                && d.column == e.column
                && d.is_error() != e.warning
                && d.render(Lang::Vi).contains(&e.vi)
                && d.render(Lang::En).contains(&e.en)
        });
        if found.is_none() {
            bad.push(format!(
                "no {} at {}:{}:{} with vi `{}` / en `{}`; got:\n{}",
                if e.warning { "warning" } else { "error" },
                e.file,
                e.line,
                e.column,
                e.vi,
                e.en,
                diagnostics
                    .iter()
                    .map(|d| format!(
                        "[{}:{}:{}] {}\n  en: {}",
                        rel(site, d),
                        d.line,
                        d.column,
                        d.render(Lang::Vi),
                        d.render(Lang::En)
                    ))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    bad
}

#[test]
fn every_bad_input_gets_a_clear_answer() {
    let cases = load_cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut names = std::collections::HashSet::new();
    let only = std::env::var("LOA_CASE").ok();
    let mut failures = Vec::new();
    for case in &cases {
        assert!(names.insert(&case.name), "two cases named {}", case.name);
        assert!(
            !case.why.trim().is_empty() && (!case.expect.is_empty() || case.accepted.is_some()),
            "{}: a case needs `why` and an `expect` or `accepted`",
            case.name
        );
        if only.as_deref().is_some_and(|o| o != case.name) {
            continue;
        }
        let site = copy_site(&repo().join("content/tu-minh"));
        let bad = run_case(case, site.path());
        if !bad.is_empty() {
            failures.push(format!(
                "── {} ({})\n{}",
                case.name,
                case.why,
                bad.join("\n")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// Three independent mistakes in three files: `loa check` lists all three,
/// not just the first, and exits with failure.
#[test]
fn check_reports_every_problem_at_once() {
    let site = copy_site(&repo().join("content/tu-minh"));
    let s = site.path();
    let edit = |file: &str, find: &str, with: &str| {
        apply(
            s,
            &Edit {
                file: file.into(),
                find: Some(find.into()),
                with: Some(with.into()),
                write: None,
                append: None,
                fixture: None,
                crlf: false,
                bom: false,
                size_mb: None,
                remove: false,
            },
        )
        .expect("edit");
    };
    // A misspelt key (a parse error), overlapping shifts (found by
    // validation, although another file failed to load), a wrong date in a
    // notice's front matter.
    edit(
        "locations.yaml",
        "  address: phường Thạch Khôi",
        "  adress: phường Thạch Khôi",
    );
    edit(
        "campaigns/dinh-danh-6-14.yaml",
        "        start: \"13:30\"",
        "        start: \"11:00\"",
    );
    edit(
        "notices/tang-cuong-buoi-toi-dinh-danh-muc-2.md",
        "date: 2026-04-08",
        "date: 2026-04-31",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["check", "--today", "2026-04-20"])
        .arg(s)
        .output()
        .expect("run loa");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("lỗi: ")).collect();
    assert_eq!(errors.len(), 3, "{stderr}");
    for (file, needle) in [
        ("locations.yaml:22:3:", "khóa `adress` không có trong mẫu"),
        ("dinh-danh-6-14.yaml:145:16:", "trùng giờ"),
        (
            "tang-cuong-buoi-toi-dinh-danh-muc-2.md:3:7:",
            "tháng 4 năm 2026 chỉ có 30 ngày",
        ),
    ] {
        assert!(
            errors
                .iter()
                .any(|l| l.contains(file) && l.contains(needle)),
            "missing {file} {needle} in:\n{stderr}"
        );
    }

    // The same in English.
    let out = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["--lang", "en", "check", "--today", "2026-04-20"])
        .arg(s)
        .output()
        .expect("run loa");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("error: ")).count(),
        3,
        "{stderr}"
    );
    assert!(stderr.contains("unknown key `adress`") && stderr.contains("Did you mean `address`?"));
}

/// Warnings alone never fail: `loa check` prints them and exits 0.
#[test]
fn check_exits_zero_with_only_warnings() {
    let out = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["check", "--today", "2026-04-20"])
        .arg(repo().join("content/tu-minh"))
        .output()
        .expect("run loa");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("cảnh báo: "), "{stderr}");
    assert!(!stderr.contains("lỗi: "), "{stderr}");
}
