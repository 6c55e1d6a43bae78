//! The other two real plans (`/work/shared/seeds/002` and `003`), transcribed
//! in `tests/seeds/`, pass `loa check` and build as a province; the facts
//! residents act on (dates, targets, age bands, places, units, document
//! numbers) come out on the right pages, and every QR code and outside link
//! is `https://`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::qr::{decode_svg, extract_svgs};
use common::site::{attr_values, build, html_files, read, repo};

const TODAY: &str = "2026-04-20";
const TT: &str = "tam-thuan/chien-dich/cao-diem-can-cuoc-2024";
const TD: &str = "tan-dinh/chien-dich/can-cuoc-vneid-binh-dan-hoc-vu-so-2026";

fn seeds() -> PathBuf {
    repo().join("tests/seeds")
}

/// `tests/seeds` built once into a temp folder with the pinned date.
fn out() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_dir, out) = OUT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("public");
        let built = build(&seeds(), &out).unwrap_or_else(|r| panic!("seeds build: {r}"));
        assert!(!built.report.has_errors());
        assert_eq!(built.wards_ok.len(), 2, "{:?}", built.wards_ok);
        assert!(built.wards_failed.is_empty(), "{:?}", built.wards_failed);
        (dir, out)
    });
    out
}

/// The words a reader sees on a page: tags dropped, entities decoded,
/// whitespace collapsed, so a fact split by markup still matches.
fn text(rel: &str) -> String {
    let html = read(out(), rel);
    let mut s = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                s.push(' ');
            }
            _ if !in_tag => s.push(c),
            _ => {}
        }
    }
    let s = s
        .replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has(rel: &str, facts: &[&str]) {
    let t = text(rel);
    for f in facts {
        assert!(t.contains(f), "{rel} should say {f:?}");
    }
}

#[test]
fn loa_check_finds_no_errors() {
    let out = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["--lang", "en", "check", "--today", TODAY])
        .arg(seeds())
        .output()
        .expect("run loa");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("error:"), "{err}");
    let warnings = err.lines().filter(|l| l.starts_with("warning:")).count();
    println!("loa check tests/seeds: 0 errors, {warnings} warnings");
    // The plans give no phone for most places and no opening hours at all:
    // warned about, not invented.
    assert!(err.contains("tru-so-cong-an-quan-thanh-khe"), "{err}");
    assert!(warnings > 0);
}

#[test]
fn tam_thuan_plan_facts_are_on_its_pages() {
    let plan = format!("{TT}/index.html");
    has(
        &plan,
        &[
            // Legal basis: number, date, issuer.
            "Kế hoạch số 1631/KH-CAQ-QLHC ngày 29/7/2024 của Công an quận Thanh Khê",
            // Period and its single phase.
            "20/7/2024 – 30/9/2024",
            // Target 1: 100% of the 238 + 04 residents aged 14+, by 25/8/2024.
            "242/242 người (100%)",
            "Hạn chót: Chủ Nhật, 25/8/2024",
            // Target 2: 40% of the under-14s, 1242 of 3105.
            "1.242/3.105 người (40%)",
            // Audiences by age band, as the plan words them.
            "Công dân từ 0 đến dưới 06 tuổi",
            "Công dân từ đủ 06 tuổi đến dưới 14 tuổi",
            "Người gốc Việt Nam chưa xác định được quốc tịch",
            // Assignments: units and their deadline.
            "Bộ phận Tư pháp – hộ tịch",
            "Trường Đinh Bộ Lĩnh, Trường Hoàng Diệu, Trường Mẫu giáo mầm non Phong Lan, Mai Anh",
            "100% con của cán bộ, chiến sỹ Công an phường phải làm thẻ Căn cước trước ngày 25/08/2024.",
            // The plan's own motto, and the law it spreads.
            "Đi từng ngõ, gõ cửa từng nhà.",
            "Luật Căn cước số 26/2023/QH15",
            // Signer.
            "Tổ trưởng, Chủ tịch UBND phường Hồ Đàm Như Nga",
            "Đã kết thúc",
        ],
    );
    // The plan has no number and no place-and-date line: none is made up.
    let raw = read(out(), &plan);
    assert!(
        raw.contains("Tổ Công nghệ số cộng đồng và Đề án 06 phường Tam Thuận<br>năm 2024</p>"),
        "document line without a place"
    );
    assert!(!text(&plan).contains("Kế hoạch số –"));

    has(
        &format!("{TT}/huong-dan/tu-0-den-duoi-6-tuoi/index.html"),
        &["không cần đưa trẻ đến trụ sở cơ quan Công an"],
    );
    has(
        &format!("{TT}/huong-dan/tu-6-den-duoi-14-tuoi/index.html"),
        &[
            "Đối tượng: Công dân từ đủ 06 tuổi đến dưới 14 tuổi",
            "Đưa trẻ đến trụ sở Công an quận Thanh Khê",
            "ảnh chân dung, vân tay, móng mắt",
            "Mẫu CC01",
        ],
    );
    has(
        &format!("{TT}/huong-dan/tu-14-tuoi-tro-len/index.html"),
        &["trước ngày 25/8/2024", "Định danh điện tử mức 02"],
    );
    has(
        "tam-thuan/dia-diem/tru-so-cong-an-quan-thanh-khe/index.html",
        &[
            "Trụ sở Công an quận Thanh Khê",
            "quận Thanh Khê, thành phố Đà Nẵng",
        ],
    );
    has(
        "tam-thuan/thong-bao/cong-dan-tu-14-tuoi-hoan-thanh-can-cuoc-truoc-25-8/index.html",
        &["238 công dân thường trú và 04 công dân tạm trú"],
    );
    has(
        "tinh/thanh-pho-da-nang/index.html",
        &[
            "Phường Tam Thuận",
            "Đợt cao điểm Căn cước, định danh điện tử 2024",
        ],
    );
}

#[test]
fn tan_dinh_plan_facts_are_on_its_pages() {
    let plan = format!("{TD}/index.html");
    has(
        &plan,
        &[
            // Document: number with the blank kept, day left blank ("tháng 04"
            // is written "tháng 4" by the rules for official documents).
            "Kế hoạch số /KH-UBND-CA – Ủy ban nhân dân xã Tân Đình",
            "Tân Đình, ngày … tháng 4 năm 2026",
            "Kế hoạch số 1807/KH-PC06-CAT ngày 27/3/2026",
            "Kế hoạch số 15/KH-UBND ngày 17/8/2025",
            // Bình dân học vụ số: over 80% of adults, by 30/6/2026.
            "80% – Trên 80% người dân trên địa bàn trong độ tuổi trưởng thành hoàn thành ít nhất 01 khóa học",
            "Hạn chót: Thứ Ba, 30/6/2026",
            // VNeID utilities: 60% by 15/6, 100% by 15/11/2026.
            "60% – Đạt 60% các chỉ tiêu tích hợp",
            "Hạn chót: Thứ Hai, 15/6/2026",
            "80% – Người dân có hồ sơ sức khỏe Hạn chót: Chủ Nhật, 15/11/2026",
            // Students born 2008, 2011: 100% by 15/4/2026.
            "100% – Cấp Căn cước cho các trường hợp công dân sinh năm 2008, 2011",
            "Hạn chót: Thứ Tư, 15/4/2026",
            // Audiences.
            "Công dân từ đủ 14 tuổi trở lên",
            "Người dân trong độ tuổi trưởng thành",
            // Assignments: units, partners, timing.
            "Công an xã, Ban Chỉ huy Quân sự xã",
            "Phòng Văn hóa – Xã hội xã",
            "Thường xuyên",
            "60% chỉ tiêu trước ngày 15/6/2026; 100% chỉ tiêu trước ngày 15/11/2026.",
            // Contact, recipients, signer, slogan.
            "Đồng chí Nguyễn Văn Hưng",
            "Phòng QLHC về TTXH, CAT (để báo cáo)",
            "Lưu: VT, CATD",
            "Chủ tịch Nguyễn Văn Minh",
            "Không ai bị bỏ lại phía sau trong chuyển đổi số.",
        ],
    );
    let raw = read(out(), &plan);
    assert!(
        raw.contains("href=\"tel:0961211369\""),
        "contact phone link"
    );
    has(
        &format!("{TD}/huong-dan/nguoi-truong-thanh/index.html"),
        &[
            "Đối tượng: Người dân trong độ tuổi trưởng thành",
            "nhà văn hóa thôn",
            "trước ngày 30/6/2026",
        ],
    );
    has(
        "tan-dinh/dia-diem/cong-an-xa-tan-dinh/index.html",
        &["sau khoảng 10 phút đến 15 phút", "Cập nhật số điện thoại"],
    );
    has(
        "tan-dinh/thong-bao/hoc-binh-dan-hoc-vu-so-truoc-30-6/index.html",
        &["ít nhất 01 khóa học", "trước ngày 30/6/2026"],
    );
    has(
        "tinh/tinh-bac-ninh/index.html",
        &["Xã Tân Đình", "Căn cước, VNeID và Bình dân học vụ số 2026"],
    );
}

#[test]
fn qr_codes_and_outside_links_are_https() {
    let mut qrs = 0;
    for rel in html_files(out()) {
        let html = read(out(), &rel);
        for u in attr_values(&html, "data-qr") {
            assert!(u.starts_with("https://"), "{rel}: QR for {u}");
            qrs += 1;
        }
        for u in attr_values(&html, "href") {
            if u.contains(':') {
                assert!(
                    u.starts_with("https://") || u.starts_with("tel:"),
                    "{rel}: link {u}"
                );
            }
        }
    }
    assert!(qrs > 10, "{qrs} QR codes");
    // What a phone camera reads is what the page says, for both plans.
    for rel in [format!("{TT}/index.html"), format!("{TD}/index.html")] {
        let html = read(out(), &rel);
        let svgs = extract_svgs(&html);
        assert!(!svgs.is_empty(), "{rel} has QR codes");
        for svg in svgs {
            let want = attr_values(&svg, "data-qr");
            let got = decode_svg(&svg).unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert_eq!(got, want, "{rel}");
            assert!(got.iter().all(|u| u.starts_with("https://")));
        }
    }
}

/// A guide states the deadline of its own audience (or of the whole
/// campaign), not the nearest one of another group: on 1 April, Tân Đình's
/// pupils must have their Căn cước by 15/4, while adults' nearest date is
/// the campaign-wide 60% mark of 15/6.
#[test]
fn each_guide_states_the_deadline_of_its_own_audience() {
    let dir = tempfile::tempdir().expect("temp dir");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 4, 1).expect("date");
    loa::build::build_to(
        &seeds().join("tan-dinh"),
        dir.path(),
        loa::render::Options { today },
    )
    .unwrap_or_else(|r| panic!("{}", r.render(loa::i18n::Lang::En)));
    let deadline = |audience: &str| -> String {
        let html = read(
            dir.path(),
            &format!(
                "chien-dich/can-cuoc-vneid-binh-dan-hoc-vu-so-2026/huong-dan/{audience}/index.html"
            ),
        );
        let at = html.find("data-deadline=\"").expect("a deadline") + 15;
        html[at..at + 10].to_string()
    };
    assert_eq!(deadline("hoc-sinh-sinh-nam-2008-2011"), "2026-04-15");
    assert_eq!(deadline("nguoi-truong-thanh"), "2026-06-15");
    // The guides' posters say the same.
    let poster = |audience: &str| -> String {
        let html = read(
            dir.path(),
            &format!(
                "ap-phich/can-cuoc-vneid-binh-dan-hoc-vu-so-2026/huong-dan-{audience}-a4.html"
            ),
        );
        let at = html
            .find("class=\"p-deadline\"")
            .expect("a deadline on the poster");
        html[at..]
            .split("</p>")
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert!(poster("hoc-sinh-sinh-nam-2008-2011").contains("15/4/2026"));
    assert!(poster("nguoi-truong-thanh").contains("15/6/2026"));
}

/// A guide whose plan names no session and nothing to bring shows no empty
/// "facts" box (Tân Đình's adults' guide has neither).
#[test]
fn a_guide_without_sessions_or_things_to_bring_has_no_empty_box() {
    let rel = format!("{TD}/huong-dan/nguoi-truong-thanh/index.html");
    let html = read(out(), &rel);
    if let Some(at) = html.find("<div class=\"facts\">") {
        let inner = html[at..].split("</div>").next().unwrap_or_default();
        assert!(inner.contains("<p>"), "empty facts box in {rel}");
    }
    // Guides that have them still show them.
    let pupils = read(
        out(),
        &format!("{TD}/huong-dan/hoc-sinh-sinh-nam-2008-2011/index.html"),
    );
    let sample_guide = read(
        common::site::sample(),
        "tu-minh/chien-dich/dinh-danh-6-14/huong-dan/tre-6-14-da-co-can-cuoc/index.html",
    );
    assert!(sample_guide.contains("<div class=\"facts\">"));
    assert!(pupils.contains("Hạn chót") || pupils.contains("data-deadline"));
}
