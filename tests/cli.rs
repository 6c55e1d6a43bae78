//! The `loa` binary as an author uses it: exit codes, messages, overrides.

mod common;

use std::process::Command;

use common::site::{copy_site, repo};

fn loa() -> Command {
    Command::new(env!("CARGO_BIN_EXE_loa"))
}

#[test]
fn new_site_checks_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("phuong-moi");
    let st = loa().arg("new").arg(&site).status().unwrap();
    assert!(st.success());
    let out = loa().arg("check").arg(&site).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = loa()
        .args(["build", "--today", "2026-04-20"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("Phường Mẫu"));
    assert!(home.contains("07:30 – 11:30"));
    // A second `new` into the same folder refuses to overwrite.
    assert!(!loa().arg("new").arg(&site).status().unwrap().success());
}

#[test]
fn misspelt_key_is_an_error_with_position_and_suggestion_in_both_languages() {
    let site = copy_site(&repo().join("content/tu-minh"));
    let plan = site.path().join("campaigns/dinh-danh-6-14.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let (n, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("summary:"))
        .unwrap();
    assert!(line.starts_with("summary:"));
    std::fs::write(&plan, text.replacen("\nsummary:", "\nsumary:", 1)).unwrap();

    let out = loa().arg("check").arg(site.path()).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("dinh-danh-6-14.yaml:{}:1:", n + 1)),
        "{err}"
    );
    assert!(err.contains("khóa `sumary` không có trong mẫu"), "{err}");
    assert!(err.contains("`summary`"), "suggests the right key: {err}");

    let out = loa()
        .args(["--lang", "en", "check"])
        .arg(site.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown key `sumary`") && err.contains("Did you mean `summary`?"),
        "{err}"
    );
}

#[test]
fn unknown_location_and_reversed_dates_are_all_reported_at_once() {
    let site = copy_site(&repo().join("content/tu-minh"));
    let plan = site.path().join("campaigns/dinh-danh-6-14.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let text = text.replacen(
        "location: tru-so-cong-an-phuong-tu-minh",
        "location: tru-so-cong-an-phuong-tu-mihn",
        1,
    );
    let text = text.replacen("  end: 2026-05-05", "  end: 2026-03-05", 1);
    std::fs::write(&plan, text).unwrap();
    let out = loa().arg("check").arg(site.path()).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("không tìm thấy địa điểm có mã `tru-so-cong-an-phuong-tu-mihn`"),
        "{err}"
    );
    assert!(
        err.contains("Có phải ý bạn là `tru-so-cong-an-phuong-tu-minh`?"),
        "{err}"
    );
    assert!(err.contains("trước ngày bắt đầu"), "{err}");
}

#[test]
fn impossible_date_is_explained() {
    let site = copy_site(&repo().join("content/tu-minh"));
    let plan = site.path().join("campaigns/dinh-danh-6-14.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        text.replacen("  end: 2026-05-05", "  end: 31/02/2026", 1),
    )
    .unwrap();
    let out = loa().arg("check").arg(site.path()).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("31/02/2026") && err.contains("28 ngày"),
        "{err}"
    );
}

#[test]
fn a_site_template_overrides_the_default_theme() {
    let site = copy_site(&repo().join("content/tu-minh"));
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    let custom = std::fs::read_to_string(repo().join("themes/default/templates/404.html"))
        .unwrap()
        .replace("<h1>", "<h1 data-custom=\"yes\">");
    std::fs::write(site.path().join("templates/404.html"), custom).unwrap();
    let out = tempfile::tempdir().unwrap();
    let st = loa()
        .args(["build", "--today", "2026-04-20", "--out"])
        .arg(out.path().join("p"))
        .arg(site.path())
        .status()
        .unwrap();
    assert!(st.success());
    let html = std::fs::read_to_string(out.path().join("p/404.html")).unwrap();
    assert!(html.contains(r#"<h1 data-custom="yes">"#));
    let home = std::fs::read_to_string(out.path().join("p/index.html")).unwrap();
    assert!(
        !home.contains("data-custom"),
        "other templates stay default"
    );
}

#[test]
fn english_interface() {
    let site = copy_site(&repo().join("content/tu-minh"));
    let cfg = site.path().join("site.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, text.replace("language: vi", "language: en")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let st = loa()
        .args(["build", "--today", "2026-04-20", "--out"])
        .arg(out.path().join("p"))
        .arg(site.path())
        .status()
        .unwrap();
    assert!(st.success());
    let html = std::fs::read_to_string(out.path().join("p/index.html")).unwrap();
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(html.contains("What to bring"));
}

#[test]
fn refuses_to_replace_the_site_itself() {
    let site = copy_site(&repo().join("content/tu-minh"));
    let out = loa()
        .args(["build", "--out"])
        .arg(site.path())
        .arg(site.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(site.path().join("site.yaml").is_file(), "nothing deleted");
}
