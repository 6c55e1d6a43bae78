//! Posters, share pictures and share tags, checked on the built sample.

mod common;

use std::path::Path;

use common::qr::{decode_png, decode_svg, extract_svgs};
use common::site::{attr_values, build, copy_site, html_files, read, repo, sample};
use resvg::tiny_skia::Pixmap;

const PORTAL: &str = "https://dichvucong.bocongan.gov.vn";
const TU_MINH_BASE: &str = "https://tuminh.haiphong.gov.vn/chien-dich/";

/// Every poster page of the build, relative to the output root.
fn poster_pages(out: &Path) -> Vec<String> {
    html_files(out)
        .into_iter()
        .filter(|p| p.contains("/ap-phich/") && !p.ends_with("ap-phich/index.html"))
        .collect()
}

/// `content` of `<meta property|name="key" content="…">`, if present.
fn meta(html: &str, key: &str) -> Option<String> {
    ["property", "name"].iter().find_map(|attr| {
        let needle = format!("<meta {attr}=\"{key}\" content=\"");
        let i = html.find(&needle)? + needle.len();
        let rest = &html[i..];
        rest.find('"').map(|j| rest[..j].replace("&amp;", "&"))
    })
}

#[test]
fn every_campaign_guide_and_slogan_has_an_a4_and_an_a3_poster() {
    let out = sample();
    let dir = "tu-minh/ap-phich/dinh-danh-6-14";
    // 1 campaign poster + 2 guides + 3 slogans, in two sizes.
    let mut want: Vec<String> = [
        "",
        "huong-dan-tre-6-14-da-co-can-cuoc-",
        "huong-dan-tre-6-14-chua-co-can-cuoc-",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain((1..=3).map(|n| format!("khau-hieu-{n}-")))
    .flat_map(|stem| ["a4", "a3"].map(|p| format!("{dir}/{stem}{p}.html")))
    .collect();
    want.sort();
    let mut got: Vec<String> = poster_pages(out)
        .into_iter()
        .filter(|p| p.starts_with("tu-minh/"))
        .collect();
    got.sort();
    assert_eq!(got, want);
    // Gia Phúc: 1 + 2 guides + 3 slogans.
    let gia_phuc = poster_pages(out)
        .into_iter()
        .filter(|p| p.starts_with("gia-phuc/"))
        .count();
    assert_eq!(gia_phuc, 12);
}

#[test]
fn each_poster_names_its_paper_and_its_qr_decodes_to_the_printed_url() {
    let out = sample();
    let pages = poster_pages(out);
    assert!(pages.len() >= 24, "{pages:?}");
    for rel in pages {
        let html = read(out, &rel);
        let paper = if rel.ends_with("a3.html") { "A3" } else { "A4" };
        assert!(
            html.contains(&format!(r#"<html lang="vi" data-print="{paper}">"#)),
            "{rel}: data-print"
        );
        assert!(
            html.contains(&format!("@page{{size:{paper} portrait;")),
            "{rel}: @page size"
        );
        assert!(html.contains("assets/poster.css"), "{rel}");
        let svgs = extract_svgs(&html);
        let urls = attr_values(&html, "data-qr");
        assert_eq!(svgs.len(), 1, "{rel}: one QR code");
        assert_eq!(urls.len(), 1, "{rel}");
        let url = &urls[0];
        assert_eq!(decode_svg(&svgs[0]).unwrap(), vec![url.clone()], "{rel}");
        // Printed beneath the code, for people who type it in.
        assert!(
            html.contains(&format!(
                r#"<figcaption class="p-url"><a href="{url}">{url}</a>"#
            )),
            "{rel}: URL beneath the QR"
        );
        // Guides send to their own page (the sample has base_url), the rest
        // to the public-service portal.
        if let Some(i) = rel.find("/huong-dan-") {
            let audience = rel[i + "/huong-dan-".len()..]
                .trim_end_matches("-a4.html")
                .trim_end_matches("-a3.html");
            let campaign = rel.split('/').nth(2).unwrap();
            assert!(url.starts_with("https://"), "{rel}: {url}");
            assert!(
                url.ends_with(&format!("chien-dich/{campaign}/huong-dan/{audience}/")),
                "{rel}: {url}"
            );
        } else {
            assert_eq!(url, PORTAL, "{rel}");
        }
    }
}

#[test]
fn the_village_heads_poster_has_where_when_what_to_bring() {
    let html = read(
        sample(),
        "tu-minh/ap-phich/dinh-danh-6-14/huong-dan-tre-6-14-da-co-can-cuoc-a4.html",
    );
    for needle in [
        "<h1 class=\"p-title",
        "Làm định danh điện tử mức 2 cho trẻ từ 6 đến dưới 14 tuổi đã có Căn cước</h1>",
        "Trụ sở Công an phường Tứ Minh",
        "Số 2 Vũ Công Đán",
        "Từ 07/4/2026 đến 05/5/2026",
        "Tất cả các ngày trong tuần (Thứ Hai – Chủ Nhật)",
        "07:30 – 11:30",
        "13:30 – 17:00",
        "19:30 – 22:00",
        "Cần mang theo",
        "Căn cước của trẻ",
        "Thứ Ba, 05/5/2026",
        &format!(
            "data-qr=\"{TU_MINH_BASE}chien-dich/dinh-danh-6-14/huong-dan/tre-6-14-da-co-can-cuoc/\""
        ),
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    // The screen-only bar links back to the list and to the A3 version.
    assert!(html.contains(r#"href="../../ap-phich/index.html""#));
    assert!(html.contains(
        r#"href="../../ap-phich/dinh-danh-6-14/huong-dan-tre-6-14-da-co-can-cuoc-a3.html""#
    ));
}

#[test]
fn poster_index_lists_every_poster_and_is_linked_from_home_and_campaign() {
    let out = sample();
    for ward in ["tu-minh", "gia-phuc"] {
        let index = read(out, &format!("{ward}/ap-phich/index.html"));
        let links = attr_values(&index, "href");
        for page in poster_pages(out)
            .into_iter()
            .filter(|p| p.starts_with(&format!("{ward}/")))
        {
            let rel = format!("../{}", page.trim_start_matches(&format!("{ward}/")));
            assert!(links.contains(&rel), "{ward}: index lacks {rel}");
        }
        let home = read(out, &format!("{ward}/index.html"));
        assert!(attr_values(&home, "href").contains(&"ap-phich/index.html".to_string()));
    }
    let campaign = read(out, "tu-minh/chien-dich/dinh-danh-6-14/index.html");
    let hrefs = attr_values(&campaign, "href");
    assert!(hrefs.contains(&"../../ap-phich/index.html#dinh-danh-6-14".to_string()));
    assert!(hrefs.contains(
        &"../../ap-phich/dinh-danh-6-14/huong-dan-tre-6-14-da-co-can-cuoc-a4.html".to_string()
    ));
}

#[test]
fn share_picture_is_1200_by_630_and_its_qr_scans() {
    let out = sample();
    for rel in [
        "tu-minh/chien-dich/dinh-danh-6-14/chia-se.png",
        "gia-phuc/chien-dich/can-cuoc-dinh-danh-2026/chia-se.png",
    ] {
        let bytes = std::fs::read(out.join(rel)).unwrap();
        let pixmap = Pixmap::decode_png(&bytes).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (1200, 630), "{rel}");
        assert_eq!(
            decode_png(&bytes).unwrap(),
            vec![PORTAL.to_string()],
            "{rel}"
        );
        assert!(bytes.len() < 150_000, "{rel}: {} bytes", bytes.len());
    }
}

#[test]
fn share_picture_says_the_slogan_and_the_ward_in_the_bundled_font() {
    let mut report = loa::error::Report::default();
    let ward = loa::load::ward(&repo().join("content/tu-minh"), &mut report).unwrap();
    let c = &ward.campaigns[0];
    let svg = loa::render::share::svg(&ward, c, Some(PORTAL)).unwrap();
    assert!(svg.contains(">Phường Tứ Minh</text>"), "ward name");
    // Every word of the slogan is drawn, in order, across the lines.
    let drawn: Vec<&str> = svg
        .split("</text>")
        .filter_map(|t| t.rsplit('>').next())
        .flat_map(str::split_whitespace)
        .collect();
    let slogan: Vec<&str> = c.slogans[0].split_whitespace().collect();
    assert!(
        drawn.windows(slogan.len()).any(|w| w == slogan.as_slice()),
        "{drawn:?}"
    );
    assert!(svg.contains("font-family=\"Noto Sans\""));
}

#[test]
fn share_picture_bytes_are_the_same_in_every_build() {
    let dir = tempfile::tempdir().unwrap();
    let again = dir.path().join("p");
    build(&repo(), &again).unwrap();
    for rel in [
        "tu-minh/chien-dich/dinh-danh-6-14/chia-se.png",
        "gia-phuc/chien-dich/can-cuoc-dinh-danh-2026/chia-se.png",
    ] {
        assert_eq!(
            std::fs::read(sample().join(rel)).unwrap(),
            std::fs::read(again.join(rel)).unwrap(),
            "{rel}"
        );
    }
}

#[test]
fn pages_carry_open_graph_and_twitter_tags_with_absolute_urls() {
    let out = sample();
    let campaign = read(out, "tu-minh/chien-dich/dinh-danh-6-14/index.html");
    assert_eq!(
        meta(&campaign, "og:image").as_deref(),
        Some("https://tuminh.haiphong.gov.vn/chien-dich/chien-dich/dinh-danh-6-14/chia-se.png")
    );
    assert_eq!(
        meta(&campaign, "og:url").as_deref(),
        Some("https://tuminh.haiphong.gov.vn/chien-dich/chien-dich/dinh-danh-6-14/")
    );
    assert_eq!(meta(&campaign, "og:locale").as_deref(), Some("vi_VN"));
    assert_eq!(meta(&campaign, "og:type").as_deref(), Some("website"));
    assert_eq!(
        meta(&campaign, "og:title").as_deref(),
        Some("Định danh điện tử mức 2 cho trẻ 6–14 tuổi")
    );
    assert_eq!(
        meta(&campaign, "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    assert!(meta(&campaign, "og:description").is_some_and(|d| d.contains("05/5/2026")));
    assert!(meta(&campaign, "og:image:alt").is_some_and(|a| a.contains("Phường Tứ Minh")));

    let mut checked = 0;
    let ward_page = |p: &String| p.starts_with("tu-minh/") || p.starts_with("gia-phuc/");
    for rel in html_files(out).into_iter().filter(ward_page) {
        let html = read(out, &rel);
        for key in ["og:title", "og:description", "og:locale", "twitter:card"] {
            assert!(
                meta(&html, key).is_some_and(|v| !v.is_empty()),
                "{rel}: {key}"
            );
        }
        let url = meta(&html, "og:url").unwrap_or_else(|| panic!("{rel}: og:url"));
        assert!(url.starts_with("https://"), "{rel}: {url}");
        assert!(!url.ends_with("index.html"), "{rel}: {url}");
        let image = meta(&html, "og:image").unwrap_or_else(|| panic!("{rel}: og:image"));
        assert!(
            image.starts_with("https://") && image.ends_with("/chia-se.png"),
            "{rel}"
        );
        // The picture it names is in the build, at the same relative place.
        let ward = rel.split('/').next().unwrap();
        let base = if ward == "tu-minh" {
            TU_MINH_BASE
        } else {
            "https://giaphuc.haiphong.gov.vn/chien-dich/"
        };
        let local = image
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("{rel}: {image}"));
        assert!(out.join(ward).join(local).is_file(), "{rel}: {image}");
        checked += 1;
    }
    assert!(checked > 40, "{checked}");

    // The province page has no single public address: tags without URLs.
    for rel in ["index.html", "tim-kiem/index.html"] {
        let province = read(out, rel);
        assert_eq!(
            meta(&province, "og:title").as_deref(),
            Some("Thành phố Hải Phòng"),
            "{rel}"
        );
        assert_eq!(meta(&province, "og:image"), None, "{rel}");
    }
}

#[test]
fn without_base_url_share_tags_stay_relative_free_and_guide_posters_use_the_portal() {
    let site = copy_site(&repo().join("content/tu-minh"));
    let yaml = site.path().join("site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("base_url:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&yaml, text).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p");
    build(site.path(), &out).unwrap();

    let campaign = read(&out, "chien-dich/dinh-danh-6-14/index.html");
    assert_eq!(meta(&campaign, "og:image"), None, "OG needs absolute URLs");
    assert_eq!(meta(&campaign, "og:url"), None);
    assert_eq!(meta(&campaign, "twitter:card").as_deref(), Some("summary"));
    assert!(meta(&campaign, "og:title").is_some());
    // The picture is still made, for the office to post by hand.
    assert!(out.join("chien-dich/dinh-danh-6-14/chia-se.png").is_file());

    let poster = read(
        &out,
        "ap-phich/dinh-danh-6-14/huong-dan-tre-6-14-da-co-can-cuoc-a4.html",
    );
    assert_eq!(attr_values(&poster, "data-qr"), vec![PORTAL.to_string()]);
}

#[test]
fn long_plans_are_cut_to_fit_one_sheet() {
    let site = copy_site(&repo().join("content/tu-minh"));
    let plan = site.path().join("campaigns/dinh-danh-6-14.yaml");
    let mut c: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    let long_slogan = "Sáng, chiều, tối, cả Thứ Bảy và Chủ Nhật, kể cả ngày lễ — đưa con em \
        đến Trụ sở Công an phường để làm định danh điện tử mức 2 và tích hợp giấy tờ lên ứng \
        dụng VNeID, đến hết ngày 05/5/2026, không để sót một em nào trên địa bàn phường.";
    c["slogans"] = serde_yaml::to_value(vec![long_slogan]).unwrap();
    let schedule = c["schedules"][0].clone();
    let mut schedules = Vec::new();
    for loc in [
        "tru-so-cong-an-phuong-tu-minh",
        "cong-an-phuong-thach-khoi",
        "cong-an-phuong-viet-hoa",
        "cong-an-xa-mao-dien",
        "cong-an-phuong-hai-duong",
    ] {
        let mut s = schedule.clone();
        s["location"] = loc.into();
        schedules.push(s);
    }
    c["schedules"] = serde_yaml::Value::Sequence(schedules);
    let guide = &mut c["guides"][0];
    let steps = guide["steps"].as_sequence().unwrap().clone();
    let steps = steps
        .iter()
        .cycle()
        .take(3 * steps.len())
        .cloned()
        .collect();
    guide["steps"] = serde_yaml::Value::Sequence(steps);
    let bring: Vec<String> = (1..=9)
        .map(|i| format!("Giấy tờ số {i}, bản chính còn hạn"))
        .collect();
    guide["bring"] = serde_yaml::to_value(bring).unwrap();
    std::fs::write(&plan, serde_yaml::to_string(&c).unwrap()).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p");
    build(site.path(), &out).unwrap();
    for paper in ["a4", "a3"] {
        let html = read(
            &out,
            &format!("ap-phich/dinh-danh-6-14/huong-dan-tre-6-14-da-co-can-cuoc-{paper}.html"),
        );
        // Lists cut, with a line saying where the rest is.
        assert!(
            html.matches(r#"<div class="p-sess">"#).count() <= 3,
            "{paper}"
        );
        assert!(html.contains("lịch tiếp nhận khác: xem đầy đủ"), "{paper}");
        assert!(html.contains("bước nữa: xem đầy đủ"), "{paper}");
        assert!(html.contains("thứ khác: xem đầy đủ"), "{paper}");

        let slogan = read(
            &out,
            &format!("ap-phich/dinh-danh-6-14/khau-hieu-1-{paper}.html"),
        );
        // The longest headlines get the smallest type.
        assert!(slogan.contains(r#"<h1 class="p-title len-s">"#), "{paper}");
        let h1 = slogan
            .split("len-s\">")
            .nth(1)
            .unwrap()
            .split("</h1>")
            .next()
            .unwrap();
        assert!(h1.chars().count() <= 160 && h1.ends_with('…'), "{h1}");
    }
}
