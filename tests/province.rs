//! Builds of several wards: one broken ward fails alone, keeps its previous
//! pages byte for byte and makes `loa build` exit non-zero; the index lists
//! wards, campaigns and deadlines, and stays bounded at national scale; the
//! output does not depend on the number of threads.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::site::{attr_values, copy_site, html_files, read, repo, sample};

const TODAY: &str = "2026-04-20";

/// Runs the real `loa build` binary, messages in English.
fn loa_build(site: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["--lang", "en", "build"])
        .arg(site)
        .arg("--out")
        .arg(out)
        .args(["--today", TODAY])
        .output()
        .expect("run loa")
}

/// Every file under `dir`, relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The two sample wards, copied so they can be broken.
fn sample_province() -> tempfile::TempDir {
    copy_site(&repo().join("content"))
}

/// Breaks the evening shift of Tứ Minh's plan; returns (file, line, column).
fn break_tu_minh(site: &Path) -> (PathBuf, usize, usize) {
    let plan = site.join("tu-minh/campaigns/dinh-danh-6-14.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let (line_no, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("\"19:30\""))
        .expect("evening shift");
    let column = line.find("\"19:30\"").unwrap() + 1;
    std::fs::write(&plan, text.replacen("\"19:30\"", "\"25:30\"", 1)).unwrap();
    (plan, line_no + 1, column)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_broken_ward_fails_alone_and_keeps_its_previous_pages_byte_for_byte() {
    let site = sample_province();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    let first = loa_build(site.path(), &out);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = snapshot(&out.join("tu-minh"));
    assert!(before.len() > 10, "Tứ Minh built: {} files", before.len());

    // Break Tứ Minh; change Gia Phúc, which must still be rebuilt.
    let (_, line, column) = break_tu_minh(site.path());
    let notice = site
        .path()
        .join("gia-phuc/notices/hoc-sinh-lop-9-hoan-thanh-can-cuoc.md");
    let text = std::fs::read_to_string(&notice).unwrap();
    let new_title = "Học sinh lớp 9 hoàn thành Căn cước (đã cập nhật)";
    let old_title = text
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .unwrap()
        .to_string();
    std::fs::write(
        &notice,
        text.replacen(
            &format!("title: {old_title}"),
            &format!("title: {new_title}"),
            1,
        ),
    )
    .unwrap();

    let second = loa_build(site.path(), &out);
    let err = stderr(&second);
    assert!(!second.status.success(), "a failed ward fails the build");
    let at = format!("dinh-danh-6-14.yaml:{line}:{column}:");
    assert!(err.contains(&at), "expected {at} in:\n{err}");
    assert!(err.contains("25:30"), "{err}");
    assert!(
        err.contains("previous pages kept") && err.contains("tu-minh"),
        "names the failed ward: {err}"
    );

    // Tứ Minh: exactly the pages of the first build.
    assert_eq!(snapshot(&out.join("tu-minh")), before, "kept byte for byte");
    // Gia Phúc: rebuilt with the change.
    let page = read(
        &out,
        "gia-phuc/thong-bao/hoc-sinh-lop-9-hoan-thanh-can-cuoc/index.html",
    );
    assert!(page.contains(new_title), "Gia Phúc was rebuilt");
    // The index still leads to both wards; only Gia Phúc's campaigns are known.
    let index = read(&out, "index.html");
    let links = attr_values(&index, "href");
    assert!(links.contains(&"tu-minh/index.html".to_string()));
    assert!(links.contains(&"gia-phuc/index.html".to_string()));
    assert!(index.contains("Phường Tứ Minh"), "kept ward listed by name");
    assert!(!links.iter().any(|l| l.starts_with("tu-minh/chien-dich/")));
    // No staging folder left behind.
    let stray: Vec<_> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".loa-new"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn a_ward_broken_from_the_start_is_left_out_and_the_others_build() {
    let site = sample_province();
    break_tu_minh(site.path());
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    let run = loa_build(site.path(), &out);
    assert!(!run.status.success());
    assert!(
        !out.join("tu-minh").exists(),
        "nothing to keep, nothing written"
    );
    assert!(out.join("gia-phuc/index.html").is_file());
    let index = read(&out, "index.html");
    assert!(index.contains(r#"href="gia-phuc/index.html""#));
    assert!(!index.contains("tu-minh/"), "no link to missing pages");
}

#[test]
fn two_wards_with_one_id_is_an_error_with_file_line_and_column() {
    let site = sample_province();
    let path = site.path().join("gia-phuc/site.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("id: gia-phuc", "id: tu-minh", 1)).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("id: "))
        .expect("id line")
        + 1;
    let out_dir = tempfile::tempdir().unwrap();
    let run = loa_build(site.path(), &out_dir.path().join("public"));
    let err = stderr(&run);
    assert!(!run.status.success());
    let at = format!("site.yaml:{line}:5:");
    assert!(err.contains(&at), "expected {at} in:\n{err}");
    assert!(
        err.contains("`tu-minh`") && err.contains("`gia-phuc`"),
        "names both: {err}"
    );
    // The ward whose folder matches still builds.
    assert!(out_dir.path().join("public/tu-minh/index.html").is_file());
}

#[test]
fn province_index_lists_wards_campaigns_and_nearest_deadlines() {
    let index = read(sample(), "index.html");
    // One line per ward, with its running campaign and its deadline.
    for (ward, campaign) in [
        ("tu-minh", "tu-minh/chien-dich/dinh-danh-6-14/index.html"),
        (
            "gia-phuc",
            "gia-phuc/chien-dich/can-cuoc-dinh-danh-2026/index.html",
        ),
    ] {
        let start = index
            .find(&format!(r#"<li id="w-{ward}">"#))
            .unwrap_or_else(|| panic!("{ward} listed"));
        let end = index[start..].find("</li>").unwrap() + start;
        let row = &index[start..end];
        assert!(row.contains(&format!(r#"href="{campaign}""#)), "{row}");
        assert!(row.contains("Đang diễn ra"), "{row}");
        // Both plans end on 05/5/2026, 15 days after the pinned date.
        assert!(row.contains("còn 15 ngày (đến hết 05/5/2026)"), "{row}");
    }
    // Tứ Minh's latest village report, summed: target and issued columns.
    let csv =
        std::fs::read_to_string(repo().join("content/tu-minh/stats/dinh-danh-6-14/2026-04-20.csv"))
            .unwrap();
    let (mut target, mut done) = (0u64, 0u64);
    for line in csv.lines().skip(1).filter(|l| !l.starts_with("Tổng")) {
        let cells: Vec<&str> = line.split(',').collect();
        target += cells[1].parse::<u64>().unwrap();
        done += cells[2].parse::<u64>().unwrap();
    }
    let thousands = |n: u64| {
        let s = n.to_string();
        if s.len() > 3 {
            format!("{}.{}", &s[..s.len() - 3], &s[s.len() - 3..])
        } else {
            s
        }
    };
    let pct = (done * 1000 + target / 2) / target;
    let want = format!(
        "{}/{} ({},{}%)",
        thousands(done),
        thousands(target),
        pct / 10,
        pct % 10
    );
    let row = &index[index.find(r#"<li id="w-tu-minh">"#).unwrap()..];
    let row = &row[..row.find("</li>").unwrap()];
    assert!(row.contains(&want), "progress {want} in {row}");
    assert!(row.contains(r#"href="tu-minh/chien-dich/dinh-danh-6-14/tien-do/index.html""#));
    assert!(row.contains("20/4/2026"), "report date");
    // Nearest deadlines first, as full cards.
    let soon = &index[index.find(r#"id="h-soon""#).expect("soon section")..];
    let dates: Vec<String> = attr_values(soon, "data-deadline");
    assert!(!dates.is_empty());
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "soonest first");
}

#[test]
fn output_is_the_same_with_one_thread_or_several() {
    let work = tempfile::tempdir().unwrap();
    let g = loa::bench::gen::generate_with(&work.path().join("gen"), 6, 2).unwrap();
    let opts = loa::render::Options {
        today: loa::bench::gen::today(),
    };
    let build_with = |threads: usize| {
        let out = work.path().join(format!("out-{threads}"));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let built = pool
            .install(|| loa::build::build_to(&g.loa, &out, opts))
            .unwrap_or_else(|r| panic!("{}", r.render(loa::i18n::Lang::En)));
        assert!(built.wards_failed.is_empty());
        assert!(!built.report.has_errors());
        snapshot(&out)
    };
    let one = build_with(1);
    let four = build_with(4);
    assert!(one.len() > 150, "{} files", one.len());
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        four.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &one {
        assert!(
            four[path] == *bytes,
            "{path} differs between 1 and 4 threads"
        );
    }
    // The in-memory build (`loa serve` and tests) gives the same files too.
    let mem = loa::build::build(&g.loa, opts, None);
    assert_eq!(mem.output.len(), one.len());
    for (path, bytes) in &one {
        assert_eq!(mem.output.get(path), Some(bytes.as_slice()), "{path}");
    }
}

#[test]
fn national_index_pages_are_bounded_and_every_ward_is_reachable() {
    let work = tempfile::tempdir().unwrap();
    let wards = 9;
    let g = loa::bench::gen::generate_with(&work.path().join("gen"), wards, 3).unwrap();
    let out = work.path().join("out");
    let run = loa_build(&g.loa, &out);
    assert!(run.status.success(), "{}", stderr(&run));

    let index = read(&out, "index.html");
    let provinces: Vec<String> = attr_values(&index, "href")
        .into_iter()
        .filter(|h| h.starts_with("tinh/"))
        .collect();
    assert_eq!(provinces.len(), 3, "{provinces:?}");
    assert!(
        index.matches("<article class=\"card").count() <= loa::province::SOON,
        "bounded cards"
    );
    assert!(
        !index.contains(r#"<li id="w-"#),
        "no ward list on the front page"
    );

    let mut reached = Vec::new();
    for p in &provinces {
        let page = read(&out, p);
        assert!(page.contains(r#"href="../../index.html""#), "link up: {p}");
        assert!(page.contains(r#"href="../../assets/style.css""#), "{p}");
        assert!(page.matches("<article class=\"card").count() <= loa::province::SOON);
        for h in attr_values(&page, "href") {
            if let Some(ward) = h
                .strip_prefix("../../")
                .and_then(|r| r.strip_suffix("/index.html"))
                .filter(|r| !r.contains('/'))
            {
                assert!(out.join(ward).join("index.html").is_file(), "{h}");
                reached.push(ward.to_string());
            }
        }
    }
    reached.sort();
    reached.dedup();
    assert_eq!(reached.len(), wards, "every ward on its province page");

    // Search: the front page's box searches wards only; each province
    // page's box leads to that province's own search, with its campaigns.
    let front = read(&out, "tim-kiem/index.html");
    assert!(!front.contains("/chien-dich/"), "front search: wards only");
    assert_eq!(front.matches("<li><a href=").count(), wards);
    for p in &provinces {
        let page = read(&out, p);
        let dir = Path::new(p).parent().unwrap();
        let action = page
            .split("action=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("search form");
        let search = dir.join(action);
        assert!(out.join(&search).is_file(), "{p}: {action}");
        let html = read(&out, &search.to_string_lossy());
        assert!(
            html.contains("/chien-dich/"),
            "province search has campaigns"
        );
        for src in attr_values(&html, "src") {
            let file = out.join(search.parent().unwrap()).join(&src);
            assert!(file.is_file(), "{}: script {src}", search.display());
        }
    }
}

#[test]
fn the_hugo_mirror_has_one_page_per_loa_page() {
    let work = tempfile::tempdir().unwrap();
    for (wards, provinces) in [(1, 1), (4, 2)] {
        let g = loa::bench::gen::generate_with(
            &work.path().join(format!("g{wards}")),
            wards,
            provinces,
        )
        .unwrap();
        let out = work.path().join(format!("o{wards}"));
        let run = loa_build(&g.loa, &out);
        assert!(run.status.success(), "{}", stderr(&run));
        let loa_pages = html_files(&out).len();
        let md = walkdir::WalkDir::new(g.hugo.join("content"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .count();
        assert_eq!(md, loa_pages, "{wards} ward(s)");
        // About 600 words in each notice, as the benchmark claims.
        let notice = walkdir::WalkDir::new(g.loa.join("content"))
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| e.path().to_string_lossy().contains("/notices/"))
            .unwrap();
        let text = std::fs::read_to_string(notice.path()).unwrap();
        let body = text.splitn(3, "---\n").nth(2).unwrap();
        let words = body.split_whitespace().count();
        assert!((550..800).contains(&words), "{words} words");
    }
}

#[test]
fn peak_rss_is_read_from_gnu_time() {
    let report = "\tCommand being timed: \"loa build\"\n\tMaximum resident set size (kbytes): 6572\n\tAverage resident set size (kbytes): 0\n";
    assert_eq!(loa::bench::peak_rss_kb(report), Some(6572));
    assert_eq!(loa::bench::peak_rss_kb("nothing"), None);
}

#[test]
fn notices_list_is_paginated_and_campaign_pages_stay_bounded() {
    let work = tempfile::tempdir().unwrap();
    let g = loa::bench::gen::generate_with(&work.path().join("gen"), 1, 1).unwrap();
    let ward = std::fs::read_dir(g.loa.join("content"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .unwrap();
    let campaign = std::fs::read_dir(ward.join("campaigns"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path().file_stem().unwrap().to_string_lossy().into_owned())
        .min()
        .unwrap();
    // 35 more notices: 45 in all, so pages of 20, 20 and 5.
    for i in 0..35 {
        std::fs::write(
            ward.join(format!("notices/them-{i:02}.md")),
            format!(
                "---\ntitle: Thông báo thêm số {i}\ndate: 2026-01-{:02}\ncampaign: {campaign}\n---\n\nNội dung thông báo số {i}.\n",
                1 + i % 28
            ),
        )
        .unwrap();
    }
    let out = work.path().join("out");
    let run = loa_build(&g.loa, &out);
    assert!(run.status.success(), "{}", stderr(&run));
    let w = ward.file_name().unwrap().to_string_lossy().into_owned();
    let pages = [
        format!("{w}/thong-bao/index.html"),
        format!("{w}/thong-bao/trang-2/index.html"),
        format!("{w}/thong-bao/trang-3/index.html"),
    ];
    assert!(!out.join(&w).join("thong-bao/trang-4").exists());
    let mut listed = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let html = read(&out, p);
        let list = &html[html.find("<ul class=\"list notices\">").expect(p)..];
        let list = &list[..list.find("</ul>").unwrap()];
        let items: Vec<String> = attr_values(list, "href");
        assert_eq!(items.len(), [20, 20, 5][i], "{p}");
        listed.extend(items.into_iter().map(|h| {
            // Normalise `../` so the same notice reads the same from any page.
            h.trim_start_matches("../").to_string()
        }));
        // Pager links resolve from this page.
        let dir = Path::new(p).parent().unwrap();
        for rel in ["prev", "next"] {
            let needle = format!("rel=\"{rel}\"");
            if let Some(at) = html.find(&needle) {
                let a = &html[html[..at].rfind("<a ").unwrap()..at];
                let href = attr_values(a, "href").pop().unwrap();
                assert!(out.join(dir).join(&href).is_file(), "{p}: {href}");
            }
        }
        assert_eq!(html.contains("rel=\"prev\""), i > 0, "{p}");
        assert_eq!(html.contains("rel=\"next\""), i < 2, "{p}");
    }
    listed.sort();
    let before = listed.len();
    listed.dedup();
    assert_eq!((before, listed.len()), (45, 45), "each notice on one page");
    // The campaign page lists 10 of its notices and links to the rest.
    let page = read(&out, &format!("{w}/chien-dich/{campaign}/index.html"));
    let related = &page[page.find("id=\"h-related\"").unwrap()..];
    let related = &related[..related.find("</section>").unwrap()];
    assert_eq!(related.matches("/thong-bao/").count() - 1, 10, "{related}");
    assert!(related.contains("thong-bao/index.html"));
}
