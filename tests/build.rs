//! The sample portal, built for real into a temp folder, checked file by file.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::qr::{decode_svg, extract_svgs};
use common::site::{attr_values, build, copy_site, html_files, read, repo, sample};

const TU_MINH: &str = "tu-minh/chien-dich/dinh-danh-6-14";

#[test]
fn schedule_page_lists_the_three_daily_shifts() {
    let html = read(sample(), &format!("{TU_MINH}/lich/index.html"));
    for shift in ["07:30 – 11:30", "13:30 – 17:00", "19:30 – 22:00"] {
        assert!(html.contains(shift), "missing shift {shift}");
    }
    // Every day of the week is open, Monday to Sunday.
    assert_eq!(html.matches(r#"<tr class="open">"#).count(), 7);
    assert!(
        html.contains("Từ Thứ Ba, 07/4/2026 đến Thứ Ba, 05/5/2026"),
        "date range in Vietnamese"
    );
}

#[test]
fn location_page_has_the_address() {
    let html = read(
        sample(),
        "tu-minh/dia-diem/tru-so-cong-an-phuong-tu-minh/index.html",
    );
    assert!(html.contains("Số 2 Vũ Công Đán"), "address missing");
    assert!(html.contains("<h1>Trụ sở Công an phường Tứ Minh</h1>"));
    // Children without a card are sent to neighbouring wards with a machine.
    assert!(html.contains("dia-diem/cong-an-phuong-thach-khoi/index.html"));
}

#[test]
fn ward_home_shows_where_when_what_to_bring_and_a_qr() {
    let html = read(sample(), "tu-minh/index.html");
    assert!(html.contains(r#"<html lang="vi">"#));
    for needle in [
        "07:30 – 11:30",
        "19:30 – 22:00",
        "Số 2 Vũ Công Đán",
        "Cần mang theo",
        "Căn cước",
    ] {
        assert!(html.contains(needle), "home lacks {needle}");
    }
    let qrs = attr_values(&html, "data-qr");
    assert!(
        qrs.contains(&"https://dichvucong.bocongan.gov.vn".to_string()),
        "{qrs:?}"
    );
}

#[test]
fn province_index_shows_both_wards() {
    let html = read(sample(), "index.html");
    assert!(html.contains(r#"href="tu-minh/index.html""#));
    assert!(html.contains(r#"href="gia-phuc/index.html""#));
    assert!(
        html.contains("19:30 – 22:00"),
        "Tứ Minh's evening shift on the front page"
    );
}

#[test]
fn every_qr_decodes_to_its_url() {
    let out = sample();
    let mut checked = 0;
    for rel in html_files(out) {
        let html = read(out, &rel);
        let svgs = extract_svgs(&html);
        let intended = attr_values(&html, "data-qr");
        assert_eq!(svgs.len(), intended.len(), "{rel}: every QR names its URL");
        for (svg, url) in svgs.iter().zip(&intended) {
            let decoded = decode_svg(svg).unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert_eq!(decoded, vec![url.clone()], "{rel}");
            // The URL is printed under the code for people without a scanner.
            assert!(
                html.contains(&format!(">{}</a>", url.replace('&', "&amp;"))),
                "{rel}: URL under QR"
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} QR codes found");
}

#[test]
fn every_internal_link_resolves_to_a_file() {
    let out = sample();
    let mut checked = 0;
    for rel in html_files(out) {
        let html = read(out, &rel);
        let dir = Path::new(&rel).parent().unwrap_or(Path::new(""));
        for attr in ["href", "src"] {
            for target in attr_values(&html, attr) {
                if let Some(anchor) = target.strip_prefix('#') {
                    let id = format!(" id=\"{anchor}\"");
                    assert!(html.contains(&id), "{rel}: no element for {target}");
                    continue;
                }
                if target.contains(':') {
                    assert!(
                        ["https://", "http://", "tel:", "mailto:", "geo:"]
                            .iter()
                            .any(|s| target.starts_with(s)),
                        "{rel}: unexpected scheme in {target}"
                    );
                    continue;
                }
                assert!(!target.starts_with('/'), "{rel}: absolute link {target}");
                let path = target.split('#').next().unwrap_or("");
                let file = out.join(dir).join(path);
                assert!(file.is_file(), "{rel}: broken link {target}");
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} links");
}

#[test]
fn two_builds_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    build(&repo(), &a.path().join("p")).unwrap();
    build(&repo(), &b.path().join("p")).unwrap();
    let files = |d: &Path| -> BTreeSet<String> { html_files(d).into_iter().collect() };
    let (pa, pb) = (a.path().join("p"), b.path().join("p"));
    assert_eq!(files(&pa), files(&pb));
    for e in walkdir::WalkDir::new(&pa)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = e.path().strip_prefix(&pa).unwrap();
        assert_eq!(
            std::fs::read(e.path()).unwrap(),
            std::fs::read(pb.join(rel)).unwrap(),
            "{}",
            rel.display()
        );
    }
}

#[test]
fn guide_pages_have_numbered_steps_and_print_as_a4() {
    let html = read(
        sample(),
        &format!("{TU_MINH}/huong-dan/tre-6-14-da-co-can-cuoc/index.html"),
    );
    assert!(html.contains(r#"data-print="A4""#));
    assert!(html.contains("Bước 1."));
    assert!(html.contains("Bước 2."));
    assert!(html.contains("Cần mang theo"));
    assert!(html.contains("Ai phải đi cùng"));
}

#[test]
fn a_broken_plan_fails_with_line_and_column_and_keeps_the_old_output() {
    let site = copy_site(&repo().join("content/tu-minh"));
    let root = site.path();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    build(root, &out).expect("the copy builds");
    let before = std::fs::read(out.join("index.html")).unwrap();

    // Break a shift time on a known line.
    let plan = root.join("campaigns/dinh-danh-6-14.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let (line_no, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("\"19:30\""))
        .expect("evening shift");
    let column = line.find("\"19:30\"").unwrap() + 1;
    std::fs::write(&plan, text.replacen("\"19:30\"", "\"25:30\"", 1)).unwrap();

    let err = build(root, &out).err().expect("a bad time is an error");
    let want = format!("dinh-danh-6-14.yaml:{}:{}:", line_no + 1, column);
    assert!(err.contains(&want), "expected {want} in:\n{err}");
    assert!(err.contains("25:30"), "{err}");
    assert_eq!(
        std::fs::read(out.join("index.html")).unwrap(),
        before,
        "previous output untouched"
    );
}

#[test]
fn vietnamese_dates_in_the_plan_text() {
    let html = read(sample(), &format!("{TU_MINH}/index.html"));
    assert!(
        html.contains("ngày 07 tháng 4 năm 2026"),
        "official date form"
    );
    assert!(html.contains("606/KH-CAP"));
}
