//! Calendars, "open now", loudspeaker and share texts, feeds and structured
//! data, checked on the real built sample by reading the files back.

mod common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use common::site::{attr_values, build, copy_site, html_files, read, repo, sample};
use icalendar::parser::{read_calendar, unfold, Component};
use loa::render::hours;

const TU_MINH: &str = "tu-minh/chien-dich/dinh-danh-6-14";
const TU_MINH_PLACE: &str = "tu-minh/dia-diem/tru-so-cong-an-phuong-tu-minh";

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Content lines end in CRLF and none is longer than 75 octets (RFC 5545 §3.1).
fn assert_folded(ics: &str) {
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        assert!(!line.contains('\n'), "bare LF in {line:?}");
    }
}

fn events<'a>(cal: &'a [Component<'a>]) -> Vec<&'a Component<'a>> {
    cal.iter().filter(|c| c.name == "VEVENT").collect()
}

fn prop(c: &Component, name: &str) -> String {
    c.find_prop(name)
        .map(|p| p.val.as_str().to_string())
        .unwrap_or_else(|| panic!("no {name}"))
}

fn param(c: &Component, name: &str, key: &str) -> Option<String> {
    c.find_prop(name)?
        .params
        .iter()
        .find(|p| p.key == key)
        .and_then(|p| p.val.as_ref().map(|v| v.as_str().to_string()))
}

fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%S").unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// The starts of a DAILY or WEEKLY rule with UNTIL in UTC, in local time
/// (UTC+7), minus EXDATEs: enough of RFC 5545 to check what Loa writes.
fn occurrences(e: &Component) -> Vec<NaiveDateTime> {
    let start = local(&prop(e, "DTSTART"));
    let rule = prop(e, "RRULE");
    let part = |k: &str| {
        rule.split(';')
            .find_map(|p| p.strip_prefix(&format!("{k}=")))
            .map(str::to_string)
    };
    let until_utc = part("UNTIL").expect("UNTIL");
    let until = NaiveDateTime::parse_from_str(&until_utc, "%Y%m%dT%H%M%SZ").expect("UTC UNTIL")
        + Duration::hours(7);
    let days: Option<Vec<String>> = part("BYDAY").map(|b| b.split(',').map(String::from).collect());
    assert!(matches!(part("FREQ").as_deref(), Some("DAILY" | "WEEKLY")));
    let excluded: BTreeSet<NaiveDateTime> = e
        .properties
        .iter()
        .filter(|p| p.name == "EXDATE")
        .flat_map(|p| p.val.as_str().split(',').map(local).collect::<Vec<_>>())
        .collect();
    let mut v = Vec::new();
    let mut t = start;
    while t <= until {
        let wd = t.format("%a").to_string().to_uppercase()[..2].to_string();
        if days.as_ref().is_none_or(|d| d.contains(&wd)) && !excluded.contains(&t) {
            v.push(t);
        }
        t += Duration::days(1);
    }
    v
}

#[test]
fn the_evening_shift_recurs_daily_in_vietnam_time() {
    let ics = read(sample(), &format!("{TU_MINH}/dinh-danh-6-14.ics"));
    assert_folded(&ics);
    let unfolded = unfold(&ics);
    let cal = read_calendar(&unfolded).expect("RFC 5545 calendar");
    assert!(cal
        .properties
        .iter()
        .any(|p| p.name == "VERSION" && p.val == "2.0"));

    // The time zone is defined in the file: +07:00, no daylight saving.
    let tz = cal
        .components
        .iter()
        .find(|c| c.name == "VTIMEZONE")
        .expect("VTIMEZONE");
    assert_eq!(prop(tz, "TZID"), "Asia/Ho_Chi_Minh");
    assert!(tz.find_prop("UID").is_none() && tz.find_prop("DTSTAMP").is_none());
    assert_eq!(tz.components.len(), 1);
    assert_eq!(tz.components[0].name, "STANDARD");
    assert_eq!(prop(&tz.components[0], "TZOFFSETTO"), "+0700");
    assert_eq!(prop(&tz.components[0], "TZOFFSETFROM"), "+0700");

    let evs = events(&cal.components);
    assert_eq!(evs.len(), 3, "one event per shift");
    let evening = evs
        .iter()
        .find(|e| prop(e, "SUMMARY").starts_with("Buổi tối"))
        .expect("evening shift");
    assert_eq!(
        prop(evening, "UID"),
        "dinh-danh-6-14-tru-so-cong-an-phuong-tu-minh-20260407-1930@tu-minh.loa"
    );
    assert_eq!(prop(evening, "DTSTAMP"), "20260420T000000Z");
    assert_eq!(
        param(evening, "DTSTART", "TZID").as_deref(),
        Some("Asia/Ho_Chi_Minh")
    );
    assert_eq!(
        param(evening, "DTEND", "TZID").as_deref(),
        Some("Asia/Ho_Chi_Minh")
    );
    assert_eq!(prop(evening, "DTSTART"), "20260407T193000");
    assert_eq!(prop(evening, "DTEND"), "20260407T220000");
    assert!(prop(evening, "RRULE").starts_with("FREQ=DAILY;"));
    assert!(
        evening.find_prop("EXDATE").is_none(),
        "no closure in the plan"
    );

    let starts = occurrences(evening);
    assert_eq!(starts.len(), 29, "every day from 7/4 to 5/5");
    assert_eq!(
        starts.first(),
        Some(&ymd(2026, 4, 7).and_hms_opt(19, 30, 0).unwrap())
    );
    assert_eq!(
        starts.last(),
        Some(&ymd(2026, 5, 5).and_hms_opt(19, 30, 0).unwrap())
    );

    let place = prop(evening, "LOCATION");
    // The parser unescapes TEXT: the commas were written as `\,`.
    assert!(ics.contains("LOCATION:Trụ sở Công an phường Tứ Minh\\, Số 2 Vũ Công Đán"));
    assert!(
        place.starts_with("Trụ sở Công an phường Tứ Minh, Số 2 Vũ Công Đán"),
        "{place}"
    );
    assert!(prop(evening, "URL").starts_with("https://tuminh.haiphong.gov.vn/chien-dich/"));
    assert!(prop(evening, "DESCRIPTION").contains("Mang theo: Căn cước của trẻ"));
}

#[test]
fn the_location_calendar_holds_the_same_events() {
    let campaign = unfold(&read(sample(), &format!("{TU_MINH}/dinh-danh-6-14.ics")));
    let place = read(
        sample(),
        &format!("{TU_MINH_PLACE}/tru-so-cong-an-phuong-tu-minh.ics"),
    );
    assert_folded(&place);
    let place = unfold(&place);
    let uids = |text: &str| -> Vec<String> {
        let cal = read_calendar(text).expect("calendar");
        events(&cal.components)
            .iter()
            .map(|e| prop(e, "UID"))
            .collect()
    };
    assert_eq!(uids(&campaign), uids(&place));
    // A location without sessions gets no calendar and no link.
    let other = "tu-minh/dia-diem/cong-an-phuong-thach-khoi";
    assert!(!sample()
        .join(other)
        .join("cong-an-phuong-thach-khoi.ics")
        .exists());
    assert!(!read(sample(), &format!("{other}/index.html")).contains(".ics"));
    // Gia Phúc's plan gives no hours: all-day reminders, not invented times.
    let gp = unfold(&read(
        sample(),
        "gia-phuc/chien-dich/can-cuoc-dinh-danh-2026/can-cuoc-dinh-danh-2026.ics",
    ));
    let cal = read_calendar(&gp).expect("calendar");
    for e in events(&cal.components) {
        assert_eq!(param(e, "DTSTART", "VALUE").as_deref(), Some("DATE"));
        let rule = prop(e, "RRULE");
        let until = rule.split("UNTIL=").nth(1).expect("UNTIL");
        assert_eq!(until.len(), 8, "a DATE, as DTSTART is: {rule}");
    }
}

#[test]
fn add_to_calendar_links_point_at_the_files() {
    for (page, ics) in [
        (
            format!("{TU_MINH}/index.html"),
            "chien-dich/dinh-danh-6-14/dinh-danh-6-14.ics",
        ),
        (
            format!("{TU_MINH}/lich/index.html"),
            "chien-dich/dinh-danh-6-14/dinh-danh-6-14.ics",
        ),
        (
            format!("{TU_MINH_PLACE}/index.html"),
            "dia-diem/tru-so-cong-an-phuong-tu-minh/tru-so-cong-an-phuong-tu-minh.ics",
        ),
    ] {
        let html = read(sample(), &page);
        let links: Vec<String> = attr_values(&html, "href")
            .into_iter()
            .filter(|h| h.ends_with(".ics"))
            .collect();
        assert_eq!(links.len(), 1, "{page}: {links:?}");
        assert!(
            !links[0].starts_with('/') && links[0].ends_with(ics),
            "{page}"
        );
        let file = sample()
            .join(Path::new(&page).parent().expect("dir"))
            .join(&links[0]);
        assert!(file.is_file(), "{}", file.display());
    }
}

/// A copy of Tứ Minh with a two-day closure over the 30/4 and 1/5 holidays.
fn with_closure() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = copy_site(&repo().join("content/tu-minh"));
    let plan = site.path().join("campaigns/dinh-danh-6-14.yaml");
    let text = std::fs::read_to_string(&plan).expect("plan");
    let anchor = "        end: \"22:00\"\n";
    assert!(text.contains(anchor));
    let text = text.replacen(
        anchor,
        &format!(
            "{anchor}    closures:\n      - date: 2026-04-30\n        end: 2026-05-01\n        reason: Nghỉ lễ\n"
        ),
        1,
    );
    std::fs::write(&plan, text).expect("write plan");
    let out = site.path().join("out");
    build(site.path(), &out).expect("builds with a closure");
    (site, out)
}

#[test]
fn a_closure_becomes_exdates_and_is_skipped_everywhere() {
    let (_site, out) = with_closure();
    let ics = read(&out, "chien-dich/dinh-danh-6-14/dinh-danh-6-14.ics");
    assert_folded(&ics);
    let unfolded = unfold(&ics);
    let cal = read_calendar(&unfolded).expect("calendar");
    for e in events(&cal.components) {
        assert_eq!(
            param(e, "EXDATE", "TZID").as_deref(),
            Some("Asia/Ho_Chi_Minh")
        );
        let start = local(&prop(e, "DTSTART"));
        let ex = prop(e, "EXDATE");
        let want = format!(
            "{},{}",
            ymd(2026, 4, 30)
                .and_time(start.time())
                .format("%Y%m%dT%H%M%S"),
            ymd(2026, 5, 1)
                .and_time(start.time())
                .format("%Y%m%dT%H%M%S")
        );
        assert_eq!(ex, want);
        let starts = occurrences(e);
        assert_eq!(starts.len(), 27, "29 days minus the 2 closed");
        assert!(!starts.iter().any(|t| t.date() == ymd(2026, 4, 30)));
    }

    // The browser data carries the closure, and both counts skip it.
    let html = read(&out, "dia-diem/tru-so-cong-an-phuong-tu-minh/index.html");
    let data = attr_values(&html, "data-hours")
        .pop()
        .expect("data-hours")
        .replace("&quot;", "\"");
    let hrs: Vec<hours::Hours> = serde_json::from_str(&data).expect("hours JSON");
    assert_eq!(hrs[0].x, vec![("2026-04-30".into(), "2026-05-01".into())]);
    let s = hours::next_session(&hrs, ymd(2026, 4, 29), 23 * 60).expect("a session");
    assert_eq!(s.date, ymd(2026, 5, 2));

    // schema.org: closed days on the location, except dates on the events.
    let place = json_ld(&html);
    let spec = place["availableChannel"]["serviceLocation"]["openingHoursSpecification"]
        .as_array()
        .expect("hours");
    assert!(spec.iter().any(|h| h["validFrom"] == "2026-04-30"
        && h["validThrough"] == "2026-05-01"
        && h["opens"] == "00:00:00"
        && h["closes"] == "00:00:00"));
    let events = json_ld(&read(&out, "chien-dich/dinh-danh-6-14/lich/index.html"));
    assert_eq!(
        events["@graph"][0]["eventSchedule"]["exceptDate"],
        serde_json::json!(["2026-04-30", "2026-05-01"])
    );
}

#[test]
fn open_now_data_and_fallback_on_location_schedule_and_home_pages() {
    let expected_text = "Buổi gần nhất: Buổi sáng, 07:30–11:30, Thứ Hai, 20/4/2026.";
    for page in [
        format!("{TU_MINH_PLACE}/index.html"),
        format!("{TU_MINH}/lich/index.html"),
        format!("{TU_MINH}/index.html"),
        "tu-minh/index.html".to_string(),
        "index.html".to_string(),
    ] {
        let html = read(sample(), &page);
        assert!(
            html.contains("assets/open-now.js\" defer></script>"),
            "{page}: script"
        );
        let data = attr_values(&html, "data-hours");
        assert!(!data.is_empty(), "{page}: no data-hours");
        let hrs: Vec<hours::Hours> =
            serde_json::from_str(&data[0].replace("&quot;", "\"")).expect("hours JSON");
        assert_eq!(hrs[0].s, ymd(2026, 4, 7));
        assert_eq!(hrs[0].e, ymd(2026, 5, 5));
        assert_eq!(hrs[0].d, vec![1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(hrs[0].h[2], ("Buổi tối".to_string(), 19 * 60 + 30, 22 * 60));
        assert!(html.contains(expected_text), "{page}: fallback text");
        // The full hours stay in the page for phones without JavaScript.
        assert!(html.contains("19:30"), "{page}: hours listed");
    }
    // The location page shows the sentence once, near the top.
    let html = read(sample(), &format!("{TU_MINH_PLACE}/index.html"));
    assert_eq!(html.matches("class=\"open-now\"").count(), 1);
    // Gia Phúc's plan has no hours: nothing to count, no sentence.
    let html = read(sample(), "gia-phuc/dia-diem/cong-an-xa-gia-loc/index.html");
    assert!(!html.contains("data-hours"));
    // The script is the theme's, copied with the assets.
    assert_eq!(
        std::fs::read(sample().join("tu-minh/assets/open-now.js")).expect("script"),
        std::fs::read(repo().join("themes/default/static/open-now.js")).expect("theme")
    );
}

#[test]
fn deadlines_keep_their_build_time_text() {
    let html = read(sample(), &format!("{TU_MINH}/index.html"));
    assert!(html.contains(r#"data-deadline="2026-05-05""#));
    assert!(html.contains("còn 15 ngày (đến hết 05/5/2026)"));
}

fn spoken_order(text: &str, parts: &[&str]) {
    let mut at = 0;
    for p in parts {
        let i = text[at..]
            .find(p)
            .unwrap_or_else(|| panic!("{p:?} missing or out of order in:\n{text}"));
        at += i + p.len();
    }
}

#[test]
fn loudspeaker_script_reads_everything_aloud_in_order() {
    let text = read(sample(), &format!("{TU_MINH}/loa-phat-thanh.txt"));
    spoken_order(
        &text,
        &[
            "Công an phường Tứ Minh xin thông báo.",
            "Về việc: Định danh điện tử mức hai cho trẻ sáu đến mười bốn tuổi.",
            "Địa điểm: Trụ sở Công an phường Tứ Minh, Số hai Vũ Công Đán",
            "Thời gian: từ ngày mùng bảy tháng tư năm hai nghìn không trăm hai mươi sáu đến ngày mùng năm tháng năm năm hai nghìn không trăm hai mươi sáu",
            "buổi sáng từ bảy giờ ba mươi đến mười một giờ ba mươi",
            "buổi tối từ mười chín giờ ba mươi đến hai mươi hai giờ",
            "cần mang theo: Căn cước của trẻ",
            "Mọi thắc mắc xin liên hệ Công an phường Tứ Minh",
            "Xin trân trọng thông báo!",
        ],
    );
    assert!(
        !text.chars().any(|c| c.is_ascii_digit()),
        "every number is written out:\n{text}"
    );
    // On the page: behind <details>, with a copy button that only the script shows.
    let html = read(sample(), &format!("{TU_MINH}/index.html"));
    assert!(html.contains("<pre id=\"text-loa\">Công an phường Tứ Minh xin thông báo."));
    assert!(html.contains(r#"data-copy="text-loa" data-done="Đã sao chép" hidden>"#));
    assert!(attr_values(&html, "href")
        .iter()
        .any(|h| h.ends_with("dinh-danh-6-14/loa-phat-thanh.txt")));

    // Notices too; the table of hours is read row by row.
    let notice = read(
        sample(),
        "tu-minh/thong-bao/tang-cuong-buoi-toi-dinh-danh-muc-2/loa-phat-thanh.txt",
    );
    assert!(notice.contains("Buổi tối, mười chín giờ ba mươi đến hai mươi hai giờ."));
    assert!(!notice.contains('|'), "{notice}");
    spoken_order(
        &notice,
        &[
            "xin thông báo.",
            "Tăng cường buổi tối",
            "Xin trân trọng thông báo!",
        ],
    );
}

#[test]
fn share_texts_end_with_the_page_link() {
    let text = read(sample(), &format!("{TU_MINH}/chia-se.txt"));
    assert!(
        text.starts_with("[Công an phường Tứ Minh] Định danh điện tử mức 2 cho trẻ 6–14 tuổi\n")
    );
    assert!(text.contains("07:30–11:30, 13:30–17:00, 19:30–22:00"));
    assert!(text.ends_with(
        "Xem chi tiết: https://tuminh.haiphong.gov.vn/chien-dich/chien-dich/dinh-danh-6-14/index.html\n"
    ));
    let n = read(
        sample(),
        "gia-phuc/thong-bao/hoc-sinh-lop-9-hoan-thanh-can-cuoc/chia-se.txt",
    );
    assert!(n.ends_with(
        "https://giaphuc.haiphong.gov.vn/chien-dich/thong-bao/hoc-sinh-lop-9-hoan-thanh-can-cuoc/index.html\n"
    ));
    let html = read(
        sample(),
        "gia-phuc/thong-bao/hoc-sinh-lop-9-hoan-thanh-can-cuoc/index.html",
    );
    assert!(html.contains("<pre id=\"text-share\">[Ủy ban nhân dân xã Gia Phúc]"));
}

fn xml(text: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(text).expect("well-formed XML")
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    n.children()
        .find(|c| c.tag_name().name() == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn atom_feed_of_notices() {
    let text = read(sample(), "tu-minh/thong-bao/atom.xml");
    let doc = xml(&text);
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        child(feed, "updated").text(),
        Some("2026-04-27T00:00:00+07:00"),
        "the newest notice's date"
    );
    assert!(child(feed, "author")
        .children()
        .any(|c| c.tag_name().name() == "name"));
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    assert_eq!(entries.len(), 4);
    let mut dates = Vec::new();
    for e in &entries {
        for k in ["id", "title", "updated", "summary", "content"] {
            assert!(!child(*e, k).text().unwrap_or("").is_empty(), "entry {k}");
        }
        let href = child(*e, "link").attribute("href").expect("href");
        assert!(href.starts_with("https://tuminh.haiphong.gov.vn/chien-dich/thong-bao/"));
        let rel = href.trim_start_matches("https://tuminh.haiphong.gov.vn/chien-dich/");
        assert!(sample().join("tu-minh").join(rel).is_file(), "{rel}");
        dates.push(child(*e, "updated").text().unwrap_or("").to_string());
    }
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    // Every ward page announces it.
    let html = read(sample(), "tu-minh/thong-bao/index.html");
    assert!(html.contains(r#"<link rel="alternate" type="application/atom+xml""#));
    assert!(html.contains(r#"href="../thong-bao/atom.xml""#));
}

#[test]
fn sitemap_lists_every_page_and_robots_points_at_it() {
    let base = "https://tuminh.haiphong.gov.vn/chien-dich/";
    let text = read(sample(), "tu-minh/sitemap.xml");
    let doc = xml(&text);
    let locs: BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .filter_map(|n| n.text().map(str::to_string))
        .collect();
    let pages: BTreeSet<String> = html_files(&sample().join("tu-minh"))
        .into_iter()
        .filter(|p| p != "404.html")
        .map(|p| format!("{base}{p}"))
        .collect();
    assert_eq!(locs, pages);
    assert!(pages.len() >= 10);
    let robots = read(sample(), "tu-minh/robots.txt");
    assert!(robots.contains("User-agent: *"));
    assert!(robots.contains(&format!("Sitemap: {base}sitemap.xml")));
}

/// The first JSON-LD block of a page, parsed.
fn json_ld(html: &str) -> serde_json::Value {
    let open = r#"<script type="application/ld+json">"#;
    let start = html.find(open).expect("JSON-LD block") + open.len();
    let body = &html[start..];
    let end = body.find("</script>").expect("closed");
    assert!(!body[..end].contains("</"), "`</` escaped");
    serde_json::from_str(&body[..end]).expect("valid JSON")
}

#[test]
fn structured_data_for_places_and_sessions() {
    let place = json_ld(&read(sample(), &format!("{TU_MINH_PLACE}/index.html")));
    assert_eq!(place["@context"], "https://schema.org");
    assert_eq!(place["@type"], "GovernmentService");
    let channel = &place["availableChannel"];
    assert_eq!(channel["@type"], "ServiceChannel");
    assert_eq!(channel["availableLanguage"]["alternateName"], "vi");
    let at = &channel["serviceLocation"];
    assert_eq!(at["@type"], "Place");
    assert_eq!(at["address"]["@type"], "PostalAddress");
    assert!(at["address"]["streetAddress"]
        .as_str()
        .is_some_and(|s| s.starts_with("Số 2 Vũ Công Đán")));
    let spec = at["openingHoursSpecification"].as_array().expect("hours");
    assert_eq!(spec.len(), 3);
    assert!(spec.iter().any(|h| h["opens"] == "19:30:00"
        && h["closes"] == "22:00:00"
        && h["validThrough"] == "2026-05-05"
        && h["dayOfWeek"].as_array().is_some_and(|d| d.len() == 7)));

    let sessions = json_ld(&read(sample(), &format!("{TU_MINH}/lich/index.html")));
    let events = sessions["@graph"].as_array().expect("graph");
    assert_eq!(events.len(), 3);
    let evening = events
        .iter()
        .find(|e| e["startDate"] == "2026-04-07T19:30:00+07:00")
        .expect("evening session");
    assert_eq!(evening["@type"], "Event");
    assert_eq!(evening["endDate"], "2026-05-05T22:00:00+07:00");
    assert_eq!(
        evening["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(evening["location"]["name"], "Trụ sở Công an phường Tứ Minh");
    assert_eq!(
        evening["eventSchedule"]["scheduleTimezone"],
        "Asia/Ho_Chi_Minh"
    );
}

#[test]
fn without_base_url_everything_stays_relative() {
    let site = copy_site(&repo().join("content/tu-minh"));
    let yaml = site.path().join("site.yaml");
    let text = std::fs::read_to_string(&yaml).expect("site.yaml");
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("base_url:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&yaml, text).expect("write");
    // A name that would close a script element if pasted raw.
    let locs = site.path().join("locations.yaml");
    let text = std::fs::read_to_string(&locs).expect("locations");
    std::fs::write(
        &locs,
        text.replacen(
            "name: Trụ sở Công an phường Tứ Minh",
            "name: \"Trụ sở Công an phường Tứ Minh </script><b>\"",
            1,
        ),
    )
    .expect("write");
    let out = site.path().join("out");
    build(site.path(), &out).expect("builds");

    assert!(!out.join("sitemap.xml").exists() && !out.join("robots.txt").exists());
    let share = read(&out, "chien-dich/dinh-danh-6-14/chia-se.txt");
    assert!(share.ends_with("Xem chi tiết: chien-dich/dinh-danh-6-14/index.html\n"));
    let ics = read(&out, "chien-dich/dinh-danh-6-14/dinh-danh-6-14.ics");
    assert!(!ics.contains("URL:") && !ics.contains("https://tuminh"));
    // Atom links resolve from the feed's own folder.
    let atom = read(&out, "thong-bao/atom.xml");
    let doc = xml(&atom);
    for l in doc.descendants().filter(|n| n.tag_name().name() == "link") {
        let href = l.attribute("href").expect("href");
        assert!(!href.contains(':'), "{href}");
        assert!(out.join("thong-bao").join(href).is_file(), "{href}");
    }
    for id in doc.descendants().filter(|n| n.tag_name().name() == "id") {
        assert!(id
            .text()
            .is_some_and(|t| t.starts_with("tag:tu-minh.loa,2026:")));
    }
    // The JSON-LD still parses and keeps the name whole.
    let place = json_ld(&read(
        &out,
        "dia-diem/tru-so-cong-an-phuong-tu-minh/index.html",
    ));
    assert_eq!(
        place["availableChannel"]["name"],
        "Trụ sở Công an phường Tứ Minh </script><b>"
    );
}

#[test]
fn every_page_with_its_css_and_script_stays_under_30_kb_gzipped() {
    let gz = |bytes: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(bytes).expect("gzip");
        e.finish().expect("gzip").len()
    };
    let out = sample();
    let assets = gz(&std::fs::read(out.join("tu-minh/assets/style.css")).expect("css"))
        + gz(&std::fs::read(out.join("tu-minh/assets/open-now.js")).expect("js"));
    let mut worst = (0, String::new());
    for rel in html_files(out) {
        let size = gz(read(out, &rel).as_bytes()) + assets;
        if size > worst.0 {
            worst = (size, rel);
        }
    }
    assert!(worst.0 <= 30 * 1024, "{} is {} bytes", worst.1, worst.0);
    assert!(worst.0 > 0);
}

/// A schedule added at the top of the plan leaves the UIDs of the others as
/// they were, so phones that imported the calendar update events instead of
/// showing each one twice.
#[test]
fn event_uids_do_not_depend_on_schedule_order() {
    let uids = |site: &Path| -> BTreeSet<String> {
        let out = tempfile::tempdir().expect("temp dir");
        build(site, out.path()).expect("build");
        let text = read(out.path(), "chien-dich/dinh-danh-6-14/dinh-danh-6-14.ics");
        let text = unfold(&text);
        let cal = read_calendar(&text).expect("calendar");
        events(&cal.components)
            .iter()
            .map(|e| prop(e, "UID"))
            .collect()
    };
    let site = copy_site(&repo().join("content/tu-minh"));
    let before = uids(site.path());
    let plan = site.path().join("campaigns/dinh-danh-6-14.yaml");
    let text = std::fs::read_to_string(&plan).expect("plan");
    let added = "schedules:\n  - location: cong-an-phuong-thach-khoi\n    start: 2026-04-08\n    \
                 end: 2026-04-09\n    days: T2-CN\n    shifts:\n      - name: Buổi sáng\n        \
                 start: \"08:00\"\n        end: \"11:00\"\n";
    assert!(text.contains("schedules:\n"));
    std::fs::write(&plan, text.replacen("schedules:\n", added, 1)).expect("write");
    let after = uids(site.path());
    assert_eq!(before.len(), 3);
    assert_eq!(after.len(), 4);
    assert!(before.is_subset(&after), "{before:?} not kept in {after:?}");
}
