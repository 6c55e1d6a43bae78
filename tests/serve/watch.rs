//! The real watcher on real files, saved the ways editors save them. Each
//! test waits for the reload event an open tab would get, then reads the
//! page over HTTP.

use std::io::{Seek, Write};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::http::{script_of, start, Running};
use crate::util::*;

const NOTICE: &str = "content/tu-minh/notices/hoan-thanh-dinh-danh-truoc-ngay-5-5.md";
const PAGE: &str = "/tu-minh/thong-bao/hoan-thanh-dinh-danh-truoc-ngay-5-5/";
const KEY: &str = "tu-minh/thong-bao/hoan-thanh-dinh-danh-truoc-ngay-5-5/index.html";
const WAIT: Duration = Duration::from_secs(5);

/// An open tab on the notice page: its event stream, with no reload due.
fn tab(s: &Running, path: &str) -> Events {
    let html = get(s.addr(), path).text();
    let (key, v) = script_of(&html);
    let ev = Events::connect(s.addr(), &key, &v);
    // The stream is open once the hello has been read; nothing is pending.
    assert!(ev.drain(Duration::from_millis(150)).is_empty());
    ev
}

fn reloads_key(e: &Event, key: &str) -> bool {
    e.data == "*" || e.data.contains(&format!("\"{key}\""))
}

fn page(s: &Running) -> String {
    get(s.addr(), PAGE).text()
}

fn rebuilds(s: &Running) -> u64 {
    s.server.stats().rebuilds.load(Ordering::SeqCst)
}

fn notice_text(s: &Running) -> String {
    read(&s.path(NOTICE))
}

#[test]
fn write_in_place() {
    let s = start();
    let ev = tab(&s, PAGE);
    let text = notice_text(&s).replace("title: Trẻ", "title: Sửa tại chỗ – Trẻ");
    std::fs::write(s.path(NOTICE), text).unwrap();
    let e = ev.expect("reload", WAIT);
    assert!(reloads_key(&e, KEY), "{e:?}");
    assert!(page(&s).contains("Sửa tại chỗ"));
}

#[test]
fn the_edited_notice_reloads_first_then_the_pages_listing_it() {
    let s = start();
    let ev = tab(&s, PAGE);
    std::fs::write(
        s.path(NOTICE),
        notice_text(&s).replace("title: Trẻ", "title: Hai đợt – Trẻ"),
    )
    .unwrap();
    let first = ev.expect("reload", WAIT);
    assert!(reloads_key(&first, KEY), "{first:?}");
    assert!(
        !first.data.contains("\"tu-minh/thong-bao/index.html\""),
        "{first:?}"
    );
    let second = ev.expect("reload", WAIT);
    assert!(
        second.data.contains("\"tu-minh/thong-bao/index.html\""),
        "{second:?}"
    );
    assert!(!reloads_key(&second, KEY), "not twice: {second:?}");
    assert!(get(s.addr(), "/tu-minh/thong-bao/")
        .text()
        .contains("Hai đợt"));
}

#[test]
fn atomic_rename_over_the_file() {
    let s = start();
    let ev = tab(&s, PAGE);
    let text = notice_text(&s).replace("title: Trẻ", "title: Đổi tên đè – Trẻ");
    // As many editors do: a temporary file beside it, then rename over.
    for tmp in [".hoan-thanh.md.tmp", "hoan-thanh.md~", "4913"] {
        let tmp = s.path(&format!("content/tu-minh/notices/{tmp}"));
        std::fs::write(&tmp, &text).unwrap();
        std::fs::rename(&tmp, s.path(NOTICE)).unwrap();
    }
    let e = ev.expect("reload", WAIT);
    assert!(reloads_key(&e, KEY));
    assert!(page(&s).contains("Đổi tên đè"));
}

#[test]
fn write_then_truncate() {
    let s = start();
    let ev = tab(&s, PAGE);
    let old = notice_text(&s);
    // Shorter content written over the old bytes, then the file cut.
    let new = "---\ntitle: Ngắn\ndate: 2026-04-27\ncampaign: dinh-danh-6-14\n---\n\nNgắn gọn.\n";
    assert!(new.len() < old.len());
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(s.path(NOTICE))
        .unwrap();
    f.write_all(new.as_bytes()).unwrap();
    f.flush().unwrap();
    std::thread::sleep(Duration::from_millis(30));
    f.set_len(new.len() as u64).unwrap();
    f.seek(std::io::SeekFrom::Start(0)).unwrap();
    drop(f);
    ev.expect("reload", WAIT);
    let html = page(&s);
    assert!(
        html.contains("<h1>Ngắn</h1>") || html.contains("Ngắn"),
        "{html}"
    );
    assert!(!html.contains("kéo dài đến hết"), "old text left over");
    // Nothing went wrong on the way: no overlay pending.
    assert!(ev
        .drain(Duration::from_millis(200))
        .iter()
        .all(|e| e.name != "build-error"));
}

#[test]
fn a_burst_of_writes_is_one_rebuild_showing_the_last() {
    let s = start();
    let ev = tab(&s, PAGE);
    let before = rebuilds(&s);
    let base = notice_text(&s);
    for i in 0..30 {
        std::fs::write(
            s.path(NOTICE),
            base.replace("title: Trẻ", &format!("title: Lần {i} – Trẻ")),
        )
        .unwrap();
        let other = s.path("content/gia-phuc/notices/hoc-sinh-lop-9-hoan-thanh-can-cuoc.md");
        let t = read(&other);
        std::fs::write(&other, t).unwrap();
    }
    ev.expect("reload", WAIT);
    // The step ends after its last reload event; then nothing more comes.
    let start = Instant::now();
    while rebuilds(&s) == before && start.elapsed() < WAIT {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(500));
    let n = rebuilds(&s) - before;
    assert!((1..=2).contains(&n), "{n} rebuilds for one burst");
    assert!(page(&s).contains("Lần 29 – Trẻ"));
}

#[test]
fn delete_then_recreate() {
    let s = start();
    let ev = tab(&s, PAGE);
    let text = notice_text(&s).replace("title: Trẻ", "title: Tạo lại – Trẻ");
    std::fs::remove_file(s.path(NOTICE)).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(s.path(NOTICE), text).unwrap();
    // Within the quiet time both make one rebuild; on a machine so busy
    // that they do not, the page goes and comes back. Either way it ends
    // up served, new.
    let e = ev.expect("reload", WAIT);
    assert!(reloads_key(&e, KEY), "{e:?}");
    let start = Instant::now();
    loop {
        let r = get(s.addr(), PAGE);
        if r.status == 200 && r.text().contains("Tạo lại") {
            break;
        }
        assert!(start.elapsed() < WAIT, "{}", r.status);
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn editor_temp_files_are_ignored() {
    let s = start();
    let ev = tab(&s, PAGE);
    std::thread::sleep(Duration::from_millis(100));
    let before = rebuilds(&s);
    let dir = s.path("content/tu-minh/notices");
    for name in [
        ".hoan-thanh-dinh-danh-truoc-ngay-5-5.md.swp",
        ".hoan-thanh-dinh-danh-truoc-ngay-5-5.md.swx",
        "hoan-thanh-dinh-danh-truoc-ngay-5-5.md~",
        ".#hoan-thanh-dinh-danh-truoc-ngay-5-5.md",
        "#hoan-thanh-dinh-danh-truoc-ngay-5-5.md#",
        "4913",
        "x.md.tmp",
    ] {
        let p = dir.join(name);
        std::fs::write(&p, "---\ntitle: [broken\n").unwrap();
        std::fs::write(&p, "more").unwrap();
        std::fs::remove_file(&p).unwrap();
    }
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(rebuilds(&s), before, "no rebuild for temp files");
    assert!(ev.drain(Duration::from_millis(50)).is_empty());
}

#[test]
fn broken_yaml_shows_the_overlay_keeps_the_page_and_clears_when_fixed() {
    let s = start();
    let ev = tab(&s, "/tu-minh/");
    let home = get(s.addr(), "/tu-minh/").text();
    let site = s.path("content/tu-minh/site.yaml");
    let good = read(&site);
    let line = good.lines().position(|l| l.starts_with("office:")).unwrap() + 1;
    // A second colon in a value: the YAML cannot be read, at this line.
    std::fs::write(&site, good.replacen("office: ", "office: <b>Công an: ", 1)).unwrap();
    let e = ev.expect("build-error", WAIT);
    let expected = format!("tu-minh/site.yaml:{line}:");
    assert!(e.data.contains(&expected), "{} lacks {expected}", e.data);
    assert!(
        e.data.contains("&lt;b&gt;"),
        "escaped source line: {}",
        e.data
    );
    assert!(!e.data.contains("<b>"));
    // The same words as the CLI.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
        .arg("check")
        .arg(s.path(""))
        .current_dir(s.path(""))
        .output()
        .unwrap();
    let cli = String::from_utf8_lossy(&out.stderr);
    let first = cli.lines().next().unwrap();
    let msg = first.split(&expected).nth(1).expect("same place");
    assert!(
        e.data.contains(&loa::serve::live::escape(msg)),
        "{msg} / {}",
        e.data
    );
    // The page is still the last good one.
    let r = get(s.addr(), "/tu-minh/");
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), home);
    // Fixed: the overlay goes, and the page is the same as before.
    std::fs::write(&site, &good).unwrap();
    ev.expect("build-ok", WAIT);
    assert_eq!(get(s.addr(), "/tu-minh/").text(), home);
    // A tab opened while broken gets the overlay at once.
    std::fs::write(&site, good.replacen("office: ", "office: Công an: ", 1)).unwrap();
    ev.expect("build-error", WAIT);
    let late = tab_with_error(&s);
    assert!(late.data.contains(&expected));
    std::fs::write(&site, &good).unwrap();
    ev.expect("build-ok", WAIT);
}

fn tab_with_error(s: &Running) -> Event {
    let html = get(s.addr(), "/tu-minh/").text();
    let (key, v) = script_of(&html);
    Events::connect(s.addr(), &key, &v).expect("build-error", WAIT)
}

#[test]
fn a_tab_whose_page_changed_before_it_connected_reloads_at_once() {
    let s = start();
    let html = get(s.addr(), PAGE).text();
    let (key, v) = script_of(&html);
    std::fs::write(
        s.path(NOTICE),
        notice_text(&s).replace("title: Trẻ", "title: Trước khi nối – Trẻ"),
    )
    .unwrap();
    let start = Instant::now();
    while !get(s.addr(), PAGE).text().contains("Trước khi nối") {
        assert!(start.elapsed() < WAIT);
        std::thread::sleep(Duration::from_millis(20));
    }
    let ev = Events::connect(s.addr(), &key, &v);
    let e = ev.expect("reload", WAIT);
    assert_eq!(e.data, "*");
}

#[test]
fn tabs_on_unchanged_pages_are_not_told_to_reload_them() {
    let s = start();
    let ev = tab(&s, "/gia-phuc/");
    std::fs::write(
        s.path(NOTICE),
        notice_text(&s).replace("title: Trẻ", "title: Khác – Trẻ"),
    )
    .unwrap();
    let e = ev.expect("reload", WAIT);
    assert!(!reloads_key(&e, "gia-phuc/index.html"), "{e:?}");
}

#[test]
fn a_new_template_folder_is_watched() {
    let s = start();
    let ev = tab(&s, PAGE);
    let default = read(&crate::common::site::repo().join("themes/default/templates/notice.html"));
    write(
        &s.path("templates/notice.html"),
        &default.replace("{% block content %}", "{% block content %}<p>MẪU MỚI</p>"),
    );
    ev.expect("reload", WAIT);
    assert!(page(&s).contains("MẪU MỚI"));
    // Now inside the new folder.
    write(
        &s.path("templates/notice.html"),
        &default.replace("{% block content %}", "{% block content %}<p>MẪU MỚI 2</p>"),
    );
    ev.expect("reload", WAIT);
    assert!(page(&s).contains("MẪU MỚI 2"));
}
