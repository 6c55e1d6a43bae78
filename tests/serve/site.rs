//! Rebuilding piece by piece must give exactly what a full `loa build` of
//! the same files gives, and report exactly the files whose bytes changed.

use std::path::{Path, PathBuf};

use loa::serve::site::{Outcome, Render, Site};

use crate::util::*;

const TM: &str = "content/tu-minh";
const GP: &str = "content/gia-phuc";
const NOTICE: &str = "content/tu-minh/notices/hoan-thanh-dinh-danh-truoc-ngay-5-5.md";
const NOTICE_PAGE: &str = "tu-minh/thong-bao/hoan-thanh-dinh-danh-truoc-ngay-5-5/index.html";

struct Fixture {
    dir: tempfile::TempDir,
    site: Site,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = sample_copy();
        let root = abs(dir.path());
        let (site, first) = Site::new(&root, opts());
        assert!(site.errors().is_empty(), "{:?}", site.errors());
        assert!(!first.changed.is_empty());
        Fixture { dir, site }
    }

    fn root(&self) -> PathBuf {
        abs(self.dir.path())
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Applies a change reported for `rels`, then checks the result against
    /// a full build: same files, same bytes, and exactly the differing
    /// paths reported as changed.
    fn step(&mut self, rels: &[&str]) -> Outcome {
        let before = served(&self.site);
        let held = self.site.files().clone();
        let paths: Vec<PathBuf> = rels.iter().map(|r| self.path(r)).collect();
        let outcome = self.site.update(&paths, false);
        assert!(
            self.site.errors().is_empty(),
            "{}",
            self.site.errors()[0].render(loa::i18n::Lang::En)
        );
        let after = served(&self.site);
        let full = fresh(&self.root());
        let only_served: Vec<&String> = after.keys().filter(|k| !full.contains_key(*k)).collect();
        let only_built: Vec<&String> = full.keys().filter(|k| !after.contains_key(*k)).collect();
        assert!(
            only_served.is_empty() && only_built.is_empty(),
            "same files as a full build: only served {only_served:?}, only built {only_built:?}"
        );
        for (k, v) in &full {
            assert!(after[k] == *v, "{k} differs from a full build");
        }
        assert_eq!(outcome.changed, diff(&before, &full), "changed paths");
        // And every other file was left alone, not written again with the
        // same bytes: the very same file, so its ETag and Last-Modified
        // stay and no tab reloads for it.
        for (k, f) in self.site.files() {
            if !outcome.changed.contains(k) {
                assert!(
                    std::sync::Arc::ptr_eq(f, &held[k]),
                    "{k} was rewritten without changing"
                );
            }
        }
        outcome
    }
}

fn rendered(o: &Outcome) -> Vec<(&str, Render)> {
    o.wards.iter().map(|(w, r)| (w.as_str(), *r)).collect()
}

#[test]
fn first_build_is_what_loa_build_makes() {
    let f = Fixture::new();
    assert_eq!(served(&f.site), fresh(&f.root()));
    // And nothing of the preview leaks into it.
    for (k, v) in served(&f.site) {
        assert!(
            !String::from_utf8_lossy(&v).contains("__loa"),
            "{k} holds serve-only code"
        );
    }
}

#[test]
fn editing_a_notice_renders_its_page_and_lists_and_keeps_the_other_notices() {
    let mut f = Fixture::new();
    edit(
        &f.path(NOTICE),
        "title: Trẻ đã có Căn cước",
        "title: Đã sửa – Trẻ đã có Căn cước",
    );
    let o = f.step(&[NOTICE]);
    assert_eq!(
        rendered(&o),
        [("tu-minh", Render::Partial { first: 1, kept: 3 })]
    );
    assert!(
        o.changed.contains(&NOTICE_PAGE.to_string()),
        "{:?}",
        o.changed
    );
    assert!(o
        .changed
        .contains(&"tu-minh/thong-bao/index.html".to_string()));
    assert!(
        o.changed.iter().all(|p| p.starts_with("tu-minh/")),
        "{:?}",
        o.changed
    );
    let page = String::from_utf8(f.site.files()[NOTICE_PAGE].bytes.clone()).unwrap();
    assert!(page.contains("Đã sửa – Trẻ đã có Căn cước"));

    // The body only: the lists show the summary, so they stay; the page,
    // its loudspeaker text, the feed and the offline worker change.
    edit(
        &f.path(NOTICE),
        "Gia đình nào có cháu",
        "GIA ĐÌNH nào có cháu",
    );
    let o = f.step(&[NOTICE]);
    assert!(o.changed.contains(&NOTICE_PAGE.to_string()));
    assert!(!o
        .changed
        .contains(&"tu-minh/thong-bao/index.html".to_string()));
    assert!(!o.changed.contains(&"tu-minh/index.html".to_string()));

    // Saved with no change: nothing to reload.
    let o = f.step(&[NOTICE]);
    assert!(o.changed.is_empty());
}

#[test]
fn an_edited_notice_page_is_handed_over_before_the_rest_of_its_ward() {
    let mut f = Fixture::new();
    edit(&f.path(NOTICE), "title: Trẻ", "title: Trước tiên – Trẻ");
    let mut seen: Vec<(Vec<String>, String, String)> = Vec::new();
    let o = f
        .site
        .update_with(&[f.path(NOTICE)], false, &mut |site, paths| {
            let text = |k: &str| String::from_utf8_lossy(&site.files()[k].bytes).into_owned();
            seen.push((
                paths.to_vec(),
                text(NOTICE_PAGE),
                text("tu-minh/thong-bao/index.html"),
            ));
        });
    assert_eq!(seen.len(), 1);
    let (paths, page, list) = &seen[0];
    assert!(paths.contains(&NOTICE_PAGE.to_string()), "{paths:?}");
    assert!(paths
        .iter()
        .all(|p| p.starts_with("tu-minh/thong-bao/hoan-thanh-dinh-danh-truoc-ngay-5-5/")));
    assert!(
        page.contains("Trước tiên – Trẻ"),
        "the page is new when handed over"
    );
    assert!(!list.contains("Trước tiên"), "the list follows after");
    assert_eq!(&o.early, paths);
    assert!(o
        .changed
        .contains(&"tu-minh/thong-bao/index.html".to_string()));
    // And the whole result is still exactly a full build.
    assert_eq!(served(&f.site), fresh(&f.root()));
}

#[test]
fn renaming_adding_and_deleting_notices() {
    let mut f = Fixture::new();
    let new = "content/tu-minh/notices/hoan-thanh-truoc-5-5.md";
    std::fs::rename(f.path(NOTICE), f.path(new)).unwrap();
    let o = f.step(&[NOTICE, new]);
    assert!(
        o.changed.contains(&NOTICE_PAGE.to_string()),
        "old page removed"
    );
    assert!(!f.site.files().contains_key(NOTICE_PAGE));
    assert!(f
        .site
        .files()
        .contains_key("tu-minh/thong-bao/hoan-thanh-truoc-5-5/index.html"));

    let added = "content/gia-phuc/notices/them-buoi-sang-chu-nhat.md";
    write(
        &f.path(added),
        "---\ntitle: Thêm buổi sáng Chủ Nhật\ndate: 2026-04-19\ncampaign: can-cuoc-dinh-danh-2026\n---\n\nCông an xã làm việc thêm sáng Chủ Nhật.\n",
    );
    let o = f.step(&[added]);
    assert_eq!(
        rendered(&o),
        [("gia-phuc", Render::Partial { first: 1, kept: 4 })]
    );
    assert!(o.changed.iter().all(|p| p.starts_with("gia-phuc/")));

    std::fs::remove_file(f.path(added)).unwrap();
    let o = f.step(&[added]);
    assert!(o
        .changed
        .contains(&"gia-phuc/thong-bao/them-buoi-sang-chu-nhat/index.html".to_string()));
}

#[test]
fn editing_renaming_and_deleting_a_campaign() {
    let mut f = Fixture::new();
    let camp = "content/gia-phuc/campaigns/can-cuoc-dinh-danh-2026.yaml";
    edit(
        &f.path(camp),
        "short_title: Căn cước và định danh điện tử năm 2026",
        "short_title: Căn cước, định danh 2026",
    );
    let o = f.step(&[camp]);
    assert_eq!(rendered(&o), [("gia-phuc", Render::All)]);
    // The province index shows campaign cards too; Tứ Minh is untouched.
    assert!(
        o.changed.iter().all(|p| !p.starts_with("tu-minh/")),
        "{:?}",
        o.changed
    );

    // Renamed together with the notices that name it.
    let renamed = "content/gia-phuc/campaigns/can-cuoc-2026.yaml";
    std::fs::rename(f.path(camp), f.path(renamed)).unwrap();
    let (old_stats, new_stats) = (
        "content/gia-phuc/stats/can-cuoc-dinh-danh-2026",
        "content/gia-phuc/stats/can-cuoc-2026",
    );
    std::fs::rename(f.path(old_stats), f.path(new_stats)).unwrap();
    let mut rels = vec![
        camp.to_string(),
        renamed.to_string(),
        old_stats.to_string(),
        new_stats.to_string(),
    ];
    for e in std::fs::read_dir(f.path(&format!("{GP}/notices"))).unwrap() {
        let p = e.unwrap().path();
        edit(
            &p,
            "campaign: can-cuoc-dinh-danh-2026",
            "campaign: can-cuoc-2026",
        );
        rels.push(p.strip_prefix(f.root()).unwrap().display().to_string());
    }
    let rels: Vec<&str> = rels.iter().map(String::as_str).collect();
    let o = f.step(&rels);
    assert!(o
        .changed
        .contains(&"gia-phuc/chien-dich/can-cuoc-2026/index.html".to_string()));
    assert!(!f
        .site
        .files()
        .keys()
        .any(|k| k.contains("can-cuoc-dinh-danh-2026")));

    // Deleted, with its notices no longer naming it.
    std::fs::remove_file(f.path(renamed)).unwrap();
    std::fs::remove_dir_all(f.path(new_stats)).unwrap();
    let mut rels = vec![renamed.to_string(), new_stats.to_string()];
    for e in std::fs::read_dir(f.path(&format!("{GP}/notices"))).unwrap() {
        let p = e.unwrap().path();
        edit(&p, "campaign: can-cuoc-2026\n", "");
        rels.push(p.strip_prefix(f.root()).unwrap().display().to_string());
    }
    let rels: Vec<&str> = rels.iter().map(String::as_str).collect();
    f.step(&rels);
    assert!(!f
        .site
        .files()
        .keys()
        .any(|k| k.contains("chien-dich/can-cuoc-2026")));
}

#[test]
fn adding_changing_renaming_and_deleting_a_template() {
    let mut f = Fixture::new();
    let tpl = "templates/notice.html";
    let default = read(&crate::common::site::repo().join("themes/default/templates/notice.html"));
    write(
        &f.path(tpl),
        &default.replace(
            "{% block content %}",
            "{% block content %}<p class=\"mark\">MẪU RIÊNG</p>",
        ),
    );
    let o = f.step(&[tpl]);
    assert!(o.theme);
    // Every notice page of both wards, and the offline workers that hash
    // them; nothing else.
    let notice_pages = |o: &Outcome| {
        o.changed
            .iter()
            .filter(|p| p.contains("/thong-bao/") && p.ends_with("/index.html"))
            .count()
    };
    assert_eq!(notice_pages(&o), 8, "{:?}", o.changed);
    assert!(
        o.changed.iter().all(|p| p.ends_with("/sw.js")
            || (p.contains("/thong-bao/") && !p.ends_with("thong-bao/index.html"))),
        "{:?}",
        o.changed
    );

    edit(&f.path(tpl), "MẪU RIÊNG", "MẪU RIÊNG 2");
    let o = f.step(&[tpl]);
    assert_eq!(notice_pages(&o), 8);

    // Renamed away (no longer a template of the theme): the default again.
    std::fs::rename(f.path(tpl), f.path("templates/notice.html.old")).unwrap();
    let o = f.step(&[tpl, "templates/notice.html.old"]);
    assert_eq!(notice_pages(&o), 8);

    write(&f.path(tpl), &default.replace("</h1>", "</h1><p>x</p>"));
    f.step(&[tpl]);
    std::fs::remove_file(f.path(tpl)).unwrap();
    let o = f.step(&[tpl]);
    assert_eq!(notice_pages(&o), 8);
}

#[test]
fn site_and_locations_changes_rerender_that_ward_only() {
    let mut f = Fixture::new();
    let site = format!("{TM}/site.yaml");
    edit(
        &f.path(&site),
        "office: Công an phường Tứ Minh",
        "office: Công an phường Tứ Minh (thử)",
    );
    let o = f.step(&[&site]);
    assert_eq!(rendered(&o), [("tu-minh", Render::All)]);
    assert!(o.changed.iter().all(|p| !p.starts_with("gia-phuc/")));
    let loc = format!("{GP}/locations.yaml");
    let text = read(&f.path(&loc));
    let line = text
        .lines()
        .find(|l| l.contains("name:"))
        .unwrap()
        .to_string();
    edit(&f.path(&loc), &line, &format!("{line} (mới)"));
    let o = f.step(&[&loc]);
    assert_eq!(rendered(&o), [("gia-phuc", Render::All)]);
}

#[test]
fn a_new_ward_folder_and_a_removed_one() {
    let mut f = Fixture::new();
    copy_tree(&f.path(GP), &f.path("content/gia-phuc-2"));
    edit(
        &f.path("content/gia-phuc-2/site.yaml"),
        "id: gia-phuc",
        "id: gia-phuc-2",
    );
    let o = f.step(&["content/gia-phuc-2"]);
    assert!(o.full);
    assert!(f.site.files().contains_key("gia-phuc-2/index.html"));
    std::fs::remove_dir_all(f.path("content/gia-phuc-2")).unwrap();
    f.step(&["content/gia-phuc-2"]);
    assert!(!f.site.files().keys().any(|k| k.starts_with("gia-phuc-2/")));
}

#[test]
fn editing_renaming_and_deleting_a_progress_csv() {
    let mut f = Fixture::new();
    let dir = format!("{GP}/stats/can-cuoc-dinh-danh-2026");
    let csv = format!("{dir}/2026-04-20.csv");
    let page = "gia-phuc/chien-dich/can-cuoc-dinh-danh-2026/tien-do/index.html".to_string();
    edit(
        &f.path(&csv),
        "Thôn Phúc Lâm,40,124",
        "Thôn Phúc Lâm,45,119",
    );
    edit(&f.path(&csv), "Tổng,744,2031", "Tổng,749,2026");
    let o = f.step(&[&csv]);
    assert_eq!(rendered(&o), [("gia-phuc", Render::All)]);
    assert!(o.changed.contains(&page), "{:?}", o.changed);
    assert!(o.changed.contains(
        &"gia-phuc/chien-dich/can-cuoc-dinh-danh-2026/tien-do/2026-04-20.csv".to_string()
    ));
    assert!(o.changed.iter().all(|p| !p.starts_with("tu-minh/")));

    // A report filed under the wrong date, renamed.
    let renamed = format!("{dir}/2026-04-19.csv");
    std::fs::rename(f.path(&csv), f.path(&renamed)).unwrap();
    let o = f.step(&[&csv, &renamed]);
    assert!(o.changed.contains(
        &"gia-phuc/chien-dich/can-cuoc-dinh-danh-2026/tien-do/2026-04-19.csv".to_string()
    ));
    assert!(!f
        .site
        .files()
        .contains_key("gia-phuc/chien-dich/can-cuoc-dinh-danh-2026/tien-do/2026-04-20.csv"));

    std::fs::remove_file(f.path(&renamed)).unwrap();
    let o = f.step(&[&renamed]);
    assert!(o.changed.contains(&page));
}

#[test]
fn a_broken_file_keeps_the_last_good_pages_and_names_line_and_column() {
    let mut f = Fixture::new();
    let good = served(&f.site);
    let site = format!("{TM}/site.yaml");
    let text = read(&f.path(&site));
    // An unclosed quote on line 2.
    write(
        &f.path(&site),
        &text.replacen("name: Phường Tứ Minh", "name: \"Phường Tứ Minh", 1),
    );
    let o = f.site.update(&[f.path(&site)], false);
    assert!(
        o.changed.is_empty(),
        "nothing served changes: {:?}",
        o.changed
    );
    assert_eq!(served(&f.site), good);
    let errors = f.site.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert!(
        e.file.ends_with("tu-minh/site.yaml"),
        "{}",
        e.file.display()
    );
    assert!(e.line >= 2, "line {}", e.line);
    assert!(e.column > 0);

    // Meanwhile another ward still updates.
    let notice = format!("{GP}/notices/hoc-sinh-lop-9-hoan-thanh-can-cuoc.md");
    edit(&f.path(&notice), "title: ", "title: Mới – ");
    let o = f.site.update(&[f.path(&notice)], false);
    assert!(!o.changed.is_empty());
    assert!(o.changed.iter().all(|p| p.starts_with("gia-phuc/")));
    assert_eq!(f.site.errors().len(), 1);

    write(&f.path(&site), &text);
    f.step(&[&site]);
}

#[test]
fn notices_changed_while_the_ward_was_broken_are_rendered_once_fixed() {
    let mut f = Fixture::new();
    let a = format!("{TM}/notices/giay-to-can-mang-khi-lam-dinh-danh-muc-2.md");
    let b = format!("{TM}/notices/tang-cuong-buoi-toi-dinh-danh-muc-2.md");
    // B broken (unknown front matter key), then A edited while B is broken.
    edit(&f.path(&b), "pinned: true", "pinned: true\nbogus: 1");
    f.site.update(&[f.path(&b)], false);
    assert_eq!(f.site.errors().len(), 1);
    edit(&f.path(&a), "title: ", "title: Sửa lúc lỗi – ");
    f.site.update(&[f.path(&a)], false);
    assert_eq!(f.site.errors().len(), 1);
    // B fixed: A's page must show A's edit although only B was reported.
    edit(&f.path(&b), "\nbogus: 1", "");
    let o = f.step(&[&b]);
    assert!(o.changed.contains(
        &"tu-minh/thong-bao/giay-to-can-mang-khi-lam-dinh-danh-muc-2/index.html".to_string()
    ));
}

#[test]
fn a_campaign_change_after_a_failed_round_is_not_lost_by_a_later_notice_edit() {
    let mut f = Fixture::new();
    let camp = format!("{TM}/campaigns/dinh-danh-6-14.yaml");
    let text = read(&f.path(&camp));
    let title_line = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();
    // A campaign edit in the same round as a broken notice: the ward fails.
    edit(&f.path(&camp), &title_line, &format!("{title_line} (sửa)"));
    edit(&f.path(NOTICE), "title: ", "bogus: 1\ntitle: ");
    f.site.update(&[f.path(&camp), f.path(NOTICE)], false);
    assert!(!f.site.errors().is_empty());
    // Only the notice is fixed and reported; the campaign edit must show.
    edit(&f.path(NOTICE), "bogus: 1\n", "");
    let o = f.step(&[NOTICE]);
    assert_eq!(rendered(&o), [("tu-minh", Render::All)]);
}

#[test]
fn a_missed_event_is_caught_by_a_rescan() {
    let mut f = Fixture::new();
    edit(&f.path(NOTICE), "title: ", "title: Không báo – ");
    let before = served(&f.site);
    let o = f.site.update(&[], true);
    assert!(o.full);
    let full = fresh(&f.root());
    assert_eq!(served(&f.site), full);
    assert_eq!(o.changed, diff(&before, &full));
}

#[test]
fn a_notice_changed_behind_the_watchers_back_is_found() {
    let mut f = Fixture::new();
    assert!(f.site.stale().is_empty());
    edit(&f.path(NOTICE), "title: Trẻ", "title: Không ai báo – Trẻ");
    assert_eq!(f.site.stale(), [f.path(NOTICE)]);
    let o = f.step(&[NOTICE]);
    assert!(o.changed.contains(&NOTICE_PAGE.to_string()));
    assert!(f.site.stale().is_empty());
}

#[test]
fn a_new_day_renders_again() {
    let f = Fixture::new();
    let mut site = f.site;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 5, 6).unwrap();
    let o = site.set_today(day);
    assert!(!o.changed.is_empty());
    let full = fresh_on(&abs(f.dir.path()), loa::render::Options { today: day });
    assert_eq!(served(&site), full);
}

#[test]
fn paths_outside_the_site_are_not_relevant() {
    let f = Fixture::new();
    let r = f.root();
    assert!(f.site.is_relevant(&r.join(NOTICE)));
    assert!(f.site.is_relevant(&r.join("templates/base.html")));
    assert!(f.site.is_relevant(&r.join("content")));
    assert!(!f.site.is_relevant(&r.join("README.md")));
    assert!(!f.site.is_relevant(&r.join("public/index.html")));
    assert!(!f.site.is_relevant(&r.join(".git/index")));
    assert!(!f.site.is_relevant(Path::new("/etc/passwd")));
    let roots = f.site.watch_roots();
    assert!(roots.contains(&(r.clone(), false)));
    assert!(roots.contains(&(r.join("content"), true)));
}

/// Tứ Minh with `n` more notices, one a day from 2025-01-01 (the newest
/// last), so the notices list has several pages and the feed and the search
/// page show only the newest.
fn big_ward(n: usize) -> Fixture {
    let dir = sample_copy();
    for i in 0..n {
        let date =
            chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(i as i64);
        write(
            &dir.path().join(format!("{TM}/notices/tin-{i:03}.md")),
            &format!(
                "---\ntitle: Tin số {i}\ndate: {}\ncampaign: dinh-danh-6-14\n---\n\nNội dung tin số {i}.\n",
                date.format("%Y-%m-%d")
            ),
        );
    }
    let root = abs(dir.path());
    let (site, _) = Site::new(&root, opts());
    assert!(site.errors().is_empty(), "{:?}", site.errors());
    Fixture { dir, site }
}

fn lists(o: &Outcome) -> Vec<&str> {
    o.changed
        .iter()
        .map(String::as_str)
        .filter(|p| {
            *p == "tu-minh/thong-bao/index.html" || p.starts_with("tu-minh/thong-bao/trang-")
        })
        .collect()
}

#[test]
fn one_old_notice_edited_in_a_big_ward_rewrites_one_list_page_not_the_feed() {
    // 4 sample notices (April 2026) and 66 older ones: 70, four list pages.
    let mut f = big_ward(66);
    let files = f.site.files();
    assert!(files.contains_key("tu-minh/thong-bao/trang-4/index.html"));
    assert!(!files.contains_key("tu-minh/thong-bao/trang-5/index.html"));
    let text = |f: &Fixture, k: &str| String::from_utf8(f.site.files()[k].bytes.clone()).unwrap();
    // The feed holds the newest 30 only; the search page names the newest
    // 50 and links to the list; the index still finds every notice.
    let atom = text(&f, "tu-minh/thong-bao/atom.xml");
    assert_eq!(
        atom.matches("<entry>").count(),
        loa::render::feeds::FEED_ENTRIES
    );
    assert!(atom.contains("Tin số 65") && !atom.contains("Tin số 39<"));
    let search = text(&f, "tu-minh/tim-kiem/index.html");
    assert!(search.contains(">Tin số 65<") && !search.contains(">Tin số 5<"));
    assert!(search.contains("<p><a href=\"../thong-bao/index.html\">Xem tất cả thông báo</a></p>"));
    let index = text(&f, "tu-minh/assets/search-index.js");
    assert!(index.contains("\"Tin số 5\"") && index.contains("\"Tin số 65\""));

    // Tin số 5 is the 65th newest: the fourth page (61–70).
    let old = format!("{TM}/notices/tin-005.md");
    edit(&f.path(&old), "title: Tin số 5", "title: Tin số 5 (đã sửa)");
    let o = f.step(&[&old]);
    assert_eq!(
        rendered(&o),
        [("tu-minh", Render::Partial { first: 1, kept: 69 })]
    );
    assert_eq!(lists(&o), ["tu-minh/thong-bao/trang-4/index.html"]);
    assert!(!o
        .changed
        .contains(&"tu-minh/thong-bao/atom.xml".to_string()));
    assert!(!o
        .changed
        .contains(&"tu-minh/tim-kiem/index.html".to_string()));
    assert!(o
        .changed
        .contains(&"tu-minh/assets/search-index.js".to_string()));
    assert!(text(&f, "tu-minh/assets/search-index.js").contains("Tin số 5 (đã sửa)"));

    // A new date moves it up to the 46th: the pages from its new place to
    // its old one.
    edit(&f.path(&old), "date: 2025-01-06", "date: 2025-01-25");
    let o = f.step(&[&old]);
    assert_eq!(
        lists(&o),
        [
            "tu-minh/thong-bao/trang-3/index.html",
            "tu-minh/thong-bao/trang-4/index.html"
        ]
    );

    // A newer notice added shifts every page.
    let added = format!("{TM}/notices/tin-moi.md");
    write(
        &f.path(&added),
        "---\ntitle: Tin mới nhất\ndate: 2026-04-19\n---\n\nMới.\n",
    );
    let o = f.step(&[&added]);
    assert_eq!(lists(&o).len(), 4);
    assert!(o
        .changed
        .contains(&"tu-minh/thong-bao/atom.xml".to_string()));
    assert!(o
        .changed
        .contains(&"tu-minh/tim-kiem/index.html".to_string()));

    // Deleted again, and an old one deleted: back to four pages.
    std::fs::remove_file(f.path(&added)).unwrap();
    let gone = format!("{TM}/notices/tin-000.md");
    std::fs::remove_file(f.path(&gone)).unwrap();
    let o = f.step(&[&added, &gone]);
    assert!(o
        .changed
        .contains(&"tu-minh/thong-bao/tin-000/index.html".to_string()));
    assert!(!f
        .site
        .files()
        .contains_key("tu-minh/thong-bao/tin-000/index.html"));

    // Renamed: a new page, the old one gone, its list page rewritten.
    let from = format!("{TM}/notices/tin-020.md");
    let to = format!("{TM}/notices/tin-hai-muoi.md");
    std::fs::rename(f.path(&from), f.path(&to)).unwrap();
    let o = f.step(&[&from, &to]);
    assert!(f
        .site
        .files()
        .contains_key("tu-minh/thong-bao/tin-hai-muoi/index.html"));
    assert!(!f
        .site
        .files()
        .contains_key("tu-minh/thong-bao/tin-020/index.html"));
    assert_eq!(lists(&o).len(), 1, "{:?}", lists(&o));
}
