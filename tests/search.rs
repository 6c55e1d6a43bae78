//! Search without accents and offline guides, checked on the built sample:
//! the index script, the search page, the service worker and its cache name.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::site::{attr_values, build, copy_site, html_files, read, repo, sample};
use loa::render::offline::h1_text;
use loa::vi::fold;

const WARDS: [&str; 2] = ["gia-phuc", "tu-minh"];

/// One row of `assets/search-index.js`: [title, path, kind, keys].
type Row = [String; 4];

/// Parses the index script back: `window.LOA_INDEX=[…];`.
fn index(out: &Path, ward: &str) -> Vec<Row> {
    serde_json::from_value(index_json(out, &format!("{ward}/"))).expect("rows of 4")
}

fn index_json(out: &Path, dir: &str) -> serde_json::Value {
    let js = read(out, &format!("{dir}assets/search-index.js"));
    let json = js
        .strip_prefix("window.LOA_INDEX=")
        .and_then(|s| s.strip_suffix(";\n"))
        .expect("index is one assignment");
    serde_json::from_str(json).expect("index is JSON")
}

/// The same matching as search.js: every query word starts a word of the
/// folded title or keywords.
fn matches(row: &Row, query: &str) -> bool {
    let text = format!(" {} {} ", fold(&row[0]), row[3]);
    fold(query)
        .split(' ')
        .all(|w| text.contains(&format!(" {w}")))
}

/// Pages of a ward whose path has this shape (`*` = one folder).
fn pages_like(out: &Path, ward: &str, pattern: &str) -> Vec<String> {
    let want: Vec<&str> = pattern.split('/').collect();
    html_files(out)
        .into_iter()
        .filter_map(|p| p.strip_prefix(&format!("{ward}/")).map(str::to_string))
        .filter(|p| {
            let got: Vec<&str> = p.split('/').collect();
            got.len() == want.len() && got.iter().zip(&want).all(|(g, w)| *w == "*" || g == w)
        })
        .collect()
}

#[test]
fn folding_table_shared_with_the_script() {
    let text = std::fs::read_to_string(repo().join("tests/js/fold-cases.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() >= 15);
    let mut nfd = 0;
    for c in cases {
        let (input, want) = (c[0].as_str().unwrap(), c[1].as_str().unwrap());
        assert_eq!(fold(input), want, "{input:?}");
        nfd += usize::from(
            input
                .chars()
                .any(|ch| ('\u{300}'..='\u{36f}').contains(&ch)),
        );
    }
    assert!(nfd >= 3, "the table has decomposed (NFD) input");
    assert_eq!(fold("Định danh điện tử"), "dinh danh dien tu");
}

#[test]
fn index_has_every_campaign_guide_location_and_notice() {
    let out = sample();
    for ward in WARDS {
        let rows = index(out, ward);
        let by_path: std::collections::BTreeMap<&str, &Row> =
            rows.iter().map(|r| (r[1].as_str(), r)).collect();
        assert_eq!(by_path.len(), rows.len(), "{ward}: one row per page");
        for (pattern, kind) in [
            ("chien-dich/*/index.html", "c"),
            ("chien-dich/*/lich/index.html", "s"),
            ("chien-dich/*/huong-dan/*/index.html", "g"),
            ("dia-diem/*/index.html", "l"),
            ("thong-bao/*/index.html", "n"),
        ] {
            let pages = pages_like(out, ward, pattern);
            assert!(!pages.is_empty(), "{ward}: no {pattern}");
            for p in pages {
                let row = by_path
                    .get(p.as_str())
                    .unwrap_or_else(|| panic!("{ward}: {p} is not in the index"));
                assert_eq!(row[2], kind, "{p}");
                if kind != "s" {
                    let h1 = h1_text(&read(out, &format!("{ward}/{p}"))).unwrap();
                    assert_eq!(row[0], h1, "{p}: the index shows the page's title");
                }
                assert_eq!(fold(&row[3]), row[3], "{p}: keywords are folded");
            }
        }
        // Nothing else, and nothing that does not exist.
        for r in &rows {
            assert!(out.join(ward).join(&r[1]).is_file(), "{ward}: {}", r[1]);
        }
    }
}

#[test]
fn index_is_small() {
    for ward in WARDS {
        let size = std::fs::metadata(sample().join(ward).join("assets/search-index.js"))
            .unwrap()
            .len();
        assert!(size < 8 * 1024, "{ward}: index {size} bytes");
    }
    let script = std::fs::metadata(repo().join("themes/default/static/search.js"))
        .unwrap()
        .len();
    assert!(script < 3 * 1024, "search.js {script} bytes");
}

#[test]
fn queries_without_accents_find_the_right_pages() {
    let out = sample();
    let find = |ward: &str, q: &str| -> Vec<String> {
        index(out, ward)
            .into_iter()
            .filter(|r| matches(r, q))
            .map(|r| r[1].clone())
            .collect()
    };
    let gp = find("gia-phuc", "can cuoc 6 tuoi");
    assert!(
        gp.contains(
            &"chien-dich/can-cuoc-dinh-danh-2026/huong-dan/tu-6-den-duoi-14-tuoi/index.html".into()
        ),
        "{gp:?}"
    );
    let tm = find("tu-minh", "dinh danh");
    assert!(
        tm.contains(&"chien-dich/dinh-danh-6-14/index.html".into()),
        "{tm:?}"
    );
    assert_eq!(find("tu-minh", "dinh danh"), find("tu-minh", "ĐỊNH DANH"));
    assert!(find("tu-minh", "vu cong dan")
        .contains(&"dia-diem/tru-so-cong-an-phuong-tu-minh/index.html".into()));
    assert!(find("tu-minh", "khong co tu nay").is_empty());
}

#[test]
fn every_page_has_a_search_box_that_leads_to_the_search_page() {
    let out = sample();
    for rel in html_files(out) {
        let Some(ward) = WARDS.iter().find(|w| rel.starts_with(&format!("{w}/"))) else {
            continue;
        };
        let html = read(out, &rel);
        let page = &rel[ward.len() + 1..];
        assert_eq!(html.matches(r#"<form role="search""#).count(), 1, "{rel}");
        let (field, action) = if page == "tim-kiem/index.html" {
            ("q", "index.html".to_string())
        } else {
            let depth = page.matches('/').count();
            (
                "top-q",
                format!("{}tim-kiem/index.html", "../".repeat(depth)),
            )
        };
        assert!(
            html.contains(&format!(r#"<label for="{field}">"#))
                && html.contains(&format!(r#"id="{field}" name="q""#)),
            "{rel}: labelled search field"
        );
        let actions = attr_values(&html, "action");
        if page == "404.html" {
            // Shown at any address: links (and the box) use the public address.
            let site = read(&repo().join("content").join(ward), "site.yaml");
            let base = site
                .lines()
                .find_map(|l| l.strip_prefix("base_url:"))
                .map(|b| b.trim().trim_matches('"').to_string())
                .expect("the sample has base_url");
            assert_eq!(actions, vec![format!("{base}tim-kiem/index.html")], "{rel}");
            assert!(!html.contains("offline.js"), "{rel}: no worker from a 404");
            continue;
        }
        assert_eq!(actions, vec![action.clone()], "{rel}");
        let target = Path::new(&rel).parent().unwrap().join(&action);
        assert!(
            out.join(&target).is_file(),
            "{rel}: {action} does not exist"
        );
        assert!(html.contains(r#"method="get""#), "{rel}");
        // Only the search page loads the index.
        assert_eq!(
            html.contains("search-index.js"),
            page == "tim-kiem/index.html",
            "{rel}"
        );
        assert!(html.contains("assets/offline.js\"></script>"), "{rel}");
    }
}

#[test]
fn province_search_covers_every_ward_campaign_and_guide() {
    let out = sample();
    let home = read(out, "index.html");
    assert_eq!(attr_values(&home, "action"), vec!["tim-kiem/index.html"]);
    assert!(home.contains(r#"<label for="top-q">"#));
    let rows: Vec<[String; 5]> = serde_json::from_value(index_json(out, "")).expect("rows of 5");
    let page = read(out, "tim-kiem/index.html");
    let links = attr_values(&page, "href");
    let mut want: Vec<String> = WARDS.iter().map(|w| format!("{w}/index.html")).collect();
    for w in WARDS {
        for pattern in [
            "chien-dich/*/index.html",
            "chien-dich/*/huong-dan/*/index.html",
        ] {
            want.extend(
                pages_like(out, w, pattern)
                    .into_iter()
                    .map(|p| format!("{w}/{p}")),
            );
        }
    }
    let mut got: Vec<String> = rows.iter().map(|r| r[1].clone()).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    for r in &rows {
        assert!(
            links.contains(&format!("../{}", r[1])),
            "fallback list lacks {}",
            r[1]
        );
        let ward = r[1].split('/').next().unwrap();
        let name = h1_text(&read(out, &format!("{ward}/index.html"))).unwrap();
        assert_eq!(r[4], name, "{}: names its ward", r[1]);
    }
    // "can cuoc 6 tuoi" finds the 6–14 guides of both wards.
    let hits: Vec<&str> = rows
        .iter()
        .filter(|r| {
            let row = [r[0].clone(), r[1].clone(), r[2].clone(), r[3].clone()];
            matches(&row, "can cuoc 6 tuoi")
        })
        .map(|r| r[1].as_str())
        .collect();
    assert!(hits.contains(
        &"gia-phuc/chien-dich/can-cuoc-dinh-danh-2026/huong-dan/tu-6-den-duoi-14-tuoi/index.html"
    ));
    assert!(hits.contains(
        &"tu-minh/chien-dich/dinh-danh-6-14/huong-dan/tre-6-14-chua-co-can-cuoc/index.html"
    ));
}

#[test]
fn search_page_without_javascript_lists_every_page() {
    let out = sample();
    for ward in WARDS {
        let html = read(out, &format!("{ward}/tim-kiem/index.html"));
        let links: BTreeSet<String> = attr_values(&html, "href")
            .into_iter()
            .filter_map(|h| h.strip_prefix("../").map(str::to_string))
            .collect();
        for r in index(out, ward) {
            assert!(
                links.contains(&r[1]),
                "{ward}: fallback list lacks {}",
                r[1]
            );
        }
        for kind in ["c", "s", "g", "l", "n"] {
            assert!(
                html.contains(&format!(r#"data-kind="{kind}""#)),
                "{ward}: group {kind}"
            );
        }
        assert!(html.contains("<noscript>"));
        let scripts = attr_values(&html, "src");
        let i = scripts.iter().position(|s| s.ends_with("search-index.js"));
        let j = scripts.iter().position(|s| s.ends_with("search.js"));
        assert!(i.is_some() && i < j, "index before the script: {scripts:?}");
        assert!(html.contains("<script defer src=\"../assets/search.js\">"));
    }
}

/// The worker's generated constants: (CACHE, PRECACHE).
fn worker(out: &Path, ward: &str) -> (String, Vec<String>) {
    let js = read(out, &format!("{ward}/sw.js"));
    let line = |name: &str| -> String {
        let start = format!("const {name} = ");
        let l = js
            .lines()
            .find(|l| l.starts_with(&start))
            .unwrap_or_else(|| panic!("{ward}/sw.js: no {name}"));
        l[start.len()..].trim_end_matches(';').to_string()
    };
    let cache: String = serde_json::from_str(&line("CACHE")).unwrap();
    let list: Vec<String> = serde_json::from_str(&line("PRECACHE")).unwrap();
    (cache, list)
}

#[test]
fn worker_precaches_only_existing_files_of_running_campaigns() {
    let out = sample();
    for ward in WARDS {
        let (cache, list) = worker(out, ward);
        assert!(
            cache.starts_with(&format!("loa:{ward}:")) && cache.len() == ward.len() + 5 + 16,
            "{cache}"
        );
        let mut sorted = list.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, list, "sorted, no repeats");
        for p in &list {
            assert!(
                out.join(ward).join(p).is_file(),
                "{ward}/sw.js lists missing {p}"
            );
            assert!(!p.starts_with('/') && !p.contains(".."), "{p}");
        }
        for must in [
            "index.html",
            "ngoai-tuyen.html",
            "tim-kiem/index.html",
            "assets/style.css",
            "assets/search.js",
            "assets/search-index.js",
            "assets/offline.js",
        ] {
            assert!(list.contains(&must.to_string()), "{ward}: {must}");
        }
        // Both sample campaigns run on the pinned date: all their guides
        // and schedules are there, and every place their schedules name.
        for pattern in [
            "chien-dich/*/index.html",
            "chien-dich/*/lich/index.html",
            "chien-dich/*/huong-dan/*/index.html",
        ] {
            for p in pages_like(out, ward, pattern) {
                assert!(list.contains(&p), "{ward}: {p} not pre-cached");
            }
        }
        let schedule = read(
            out,
            &format!(
                "{ward}/{}",
                pages_like(out, ward, "chien-dich/*/lich/index.html")[0]
            ),
        );
        let places: Vec<String> = attr_values(&schedule, "href")
            .into_iter()
            .filter_map(|h| h.strip_prefix("../../../").map(str::to_string))
            .filter(|p| p.starts_with("dia-diem/"))
            .collect();
        assert!(!places.is_empty(), "{ward}: the schedule names places");
        for loc in places {
            assert!(list.contains(&loc), "{ward}: {loc} not pre-cached");
        }
        // Notices are not pre-cached (they open offline once read).
        assert!(
            !list.iter().any(|p| p.starts_with("thong-bao/")),
            "{list:?}"
        );
        // The offline page links every pre-cached page.
        let offline = read(out, &format!("{ward}/ngoai-tuyen.html"));
        let links = attr_values(&offline, "href");
        for p in list
            .iter()
            .filter(|p| p.ends_with(".html") && *p != "ngoai-tuyen.html")
        {
            assert!(links.contains(p), "{ward}: offline page lacks {p}");
        }
    }
}

#[test]
fn registration_never_runs_on_file_urls() {
    let js = read(sample(), "tu-minh/assets/offline.js");
    assert!(js.contains(r#"if (!/^https?:$/.test(location.protocol)"#));
    assert!(js.contains(r#"new URL("../sw.js", s.src)"#));
    let sw = read(sample(), "tu-minh/sw.js");
    // HTML: network first, the cache only when the network fails.
    assert!(sw.contains("const r = await fetch(req);"));
    assert!(sw.contains("k.startsWith(PREFIX) && k !== CACHE"));
}

#[test]
fn cache_name_changes_with_content_and_only_then() {
    let site = copy_site(&repo().join("content"));
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(site.path(), &a).unwrap();
    build(site.path(), &b).unwrap();
    for ward in WARDS {
        assert_eq!(
            worker(&a, ward),
            worker(sample(), ward),
            "{ward}: same content"
        );
        assert_eq!(
            read(&a, &format!("{ward}/sw.js")),
            read(&b, &format!("{ward}/sw.js"))
        );
        assert_eq!(
            read(&a, &format!("{ward}/assets/search-index.js")),
            read(&b, &format!("{ward}/assets/search-index.js"))
        );
    }
    // One word of one notice body: not a pre-cached page, but a page a
    // resident may have read and kept; the Tứ Minh cache must be replaced.
    let notice = site
        .path()
        .join("tu-minh/notices/tang-cuong-buoi-toi-dinh-danh-muc-2.md");
    let text = std::fs::read_to_string(&notice).unwrap();
    std::fs::write(&notice, format!("{text}\nThêm một câu.\n")).unwrap();
    let c = dir.path().join("c");
    build(site.path(), &c).unwrap();
    assert_ne!(worker(&c, "tu-minh").0, worker(&a, "tu-minh").0);
    assert_eq!(
        worker(&c, "tu-minh").1,
        worker(&a, "tu-minh").1,
        "same list"
    );
    assert_eq!(
        worker(&c, "gia-phuc"),
        worker(&a, "gia-phuc"),
        "other ward untouched"
    );
}
