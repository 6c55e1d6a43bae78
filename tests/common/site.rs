//! Building the sample portal into a temporary folder, once per test binary.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use loa::render::Options;

/// The build date the tests pin, inside the sample campaigns' periods, so
/// statuses and days-left are stable.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 4, 20).expect("valid date")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample site (the repository root) built once into a temp folder.
pub fn sample() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_dir, out) = OUT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("public");
        build(&repo(), &out).expect("the sample site builds");
        (dir, out)
    });
    out
}

/// Builds `site` into `out` with the pinned date; the rendered report on error.
pub fn build(site: &Path, out: &Path) -> Result<loa::build::Built, String> {
    loa::build::build_to(site, out, Options { today: today() })
        .map_err(|r| r.render(loa::i18n::Lang::En))
}

pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every HTML file under `out`, relative, sorted.
pub fn html_files(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .expect("inside")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

/// Values of `attr="…"` in `html` (good enough for Loa's own templates).
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|j| rest[..j].replace("&amp;", "&"))
        })
        .collect()
}

/// A copy of a site folder in a temp dir, to break on purpose.
pub fn copy_site(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(from).expect("inside");
        let dest = dir.path().join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else if e.file_type().is_file() {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
    dir
}
