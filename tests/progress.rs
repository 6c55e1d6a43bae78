//! Progress per village: the sample report files (Excel exports) of Gia Phúc
//! and Tứ Minh, built for real, and the numbers on the page checked against
//! sums computed here straight from the CSV files.

mod common;

use std::path::Path;

use common::site::{build, copy_site, read, repo, sample};

const GP: &str = "gia-phuc/chien-dich/can-cuoc-dinh-danh-2026";
const GP_STATS: &str = "content/gia-phuc/stats/can-cuoc-dinh-danh-2026";

/// A CSV file read the simple way (no quotes in the samples): BOM dropped,
/// separator from the header, title lines above the header skipped.
struct Csv {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn csv(rel: &str) -> Csv {
    let bytes = std::fs::read(repo().join(rel)).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let h = lines
        .iter()
        .position(|l| l.contains("Thôn") || l.contains("Tổ dân phố"))
        .unwrap();
    let sep = if lines[h].matches(';').count() > lines[h].matches(',').count() {
        ';'
    } else {
        ','
    };
    let split = |l: &str| -> Vec<String> { l.split(sep).map(|c| c.trim().to_string()).collect() };
    Csv {
        header: split(lines[h]),
        rows: lines[h + 1..].iter().map(|l| split(l)).collect(),
    }
}

impl Csv {
    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }
    fn unit_col(&self) -> usize {
        self.header
            .iter()
            .position(|h| h == "Thôn" || h == "Tổ dân phố")
            .unwrap()
    }
    /// Village rows, without the total line.
    fn units(&self) -> Vec<&Vec<String>> {
        let u = self.unit_col();
        self.rows
            .iter()
            .filter(|r| r[u] != "Tổng" && r.iter().all(|c| c != "Tổng"))
            .collect()
    }
    fn sum(&self, name: &str) -> u64 {
        let c = self.col(name);
        self.units().iter().map(|r| num(&r[c])).sum()
    }
}

/// "1.512" (Excel set to Vietnamese) or "1512".
fn num(s: &str) -> u64 {
    s.replace('.', "").parse().unwrap()
}

/// 1242 → "1.242", written independently of Loa's own helper.
fn vn(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// "65,5%", rounded half up on tenths.
fn pct(done: u64, of: u64) -> String {
    let tenths = (done * 2000 + of) / (2 * of);
    if tenths % 10 == 0 {
        format!("{}%", tenths / 10)
    } else {
        format!("{},{}%", tenths / 10, tenths % 10)
    }
}

fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..].find("</section>").unwrap() + start;
    &html[start..end]
}

#[test]
fn the_sample_csvs_are_excel_exports_of_both_kinds() {
    let a = std::fs::read(repo().join(GP_STATS).join("2026-04-13.csv")).unwrap();
    let b = std::fs::read(repo().join(GP_STATS).join("2026-04-20.csv")).unwrap();
    assert!(a.starts_with(b"\xEF\xBB\xBF"), "13/4: UTF-8 with BOM");
    assert!(a.windows(2).any(|w| w == b"\r\n"), "13/4: CRLF");
    assert_eq!(csv(&format!("{GP_STATS}/2026-04-13.csv")).header[0], "STT");
    assert!(!b.starts_with(b"\xEF\xBB\xBF"), "20/4: no BOM");
    for (rel, n) in [("2026-04-13.csv", 14), ("2026-04-20.csv", 14)] {
        assert_eq!(csv(&format!("{GP_STATS}/{rel}")).units().len(), n, "{rel}");
    }
}

#[test]
fn gia_phuc_progress_page_shows_all_14_villages_from_both_dates() {
    let html = read(sample(), &format!("{GP}/tien-do/index.html"));
    let now = csv(&format!("{GP_STATS}/2026-04-20.csv"));
    let u = now.unit_col();
    for row in now.units() {
        let name = &row[u];
        // Each village is in the table and the bars of both topics, and in
        // both appendix tables.
        assert_eq!(
            html.matches(&format!(". {name}: ")).count(),
            2,
            "{name} bars"
        );
        assert_eq!(
            html.matches(&format!("<th scope=\"row\">{name}")).count(),
            4,
            "{name} rows"
        );
    }
    assert!(html.contains("Các ngày báo cáo: 13/4/2026, 20/4/2026."));
    for d in ["13/4/2026", "20/4/2026"] {
        assert!(html.contains(&format!("<th scope=\"row\">{d}</th>")), "{d}");
    }
    // Best and lagging are said in words, not by colour alone.
    let dd = section(&html, "dinh-danh");
    assert_eq!(dd.matches("<span class=\"tag\">Dẫn đầu</span>").count(), 3);
    assert_eq!(dd.matches("<span class=\"tag\">Chậm</span>").count(), 3);
    assert_eq!(dd.matches("– dẫn đầu</text>").count(), 3);
}

#[test]
fn trend_has_one_point_per_report_date_in_every_series() {
    let html = read(sample(), &format!("{GP}/tien-do/index.html"));
    for id in ["dinh-danh", "can-cuoc"] {
        let sec = section(&html, id);
        let svg_start = sec.find(&format!("aria-labelledby=\"{id}-tt")).unwrap();
        let svg = &sec[svg_start..sec[svg_start..].find("</svg>").unwrap() + svg_start];
        assert!(svg.contains(&format!("<title id=\"{id}-tt\">")));
        let series: Vec<&str> = svg.split("<g class=\"series\"").skip(1).collect();
        assert_eq!(series.len(), 4, "3 age bands and the total");
        for s in series {
            let points = s.split("points=\"").nth(1).unwrap();
            let points = &points[..points.find('"').unwrap()];
            let pts: Vec<(f32, f32)> = points
                .split(' ')
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            assert_eq!(pts.len(), 2, "{s}");
            assert!(pts[0].0 < pts[1].0, "dates left to right");
        }
        // Direct labels: the series name and its last value in text.
        assert!(svg.contains(">6–14 tuổi "), "{svg}");
        assert!(svg.contains("font-weight=\"700\">Tổng "));
    }
}

#[test]
fn totals_match_sums_computed_from_the_csv() {
    let html = read(sample(), &format!("{GP}/tien-do/index.html"));
    let now = csv(&format!("{GP_STATS}/2026-04-20.csv"));
    let then = csv(&format!("{GP_STATS}/2026-04-13.csv"));
    for (id, topic) in [("dinh-danh", "Định danh"), ("can-cuoc", "Căn cước")] {
        let sec = section(&html, id);
        let band = "Từ 06 đến dưới 14 tuổi";
        let done = now.sum(&format!("{topic} – {band} – Đã cấp"));
        let left = now.sum(&format!("{topic} – {band} – Chưa cấp"));
        let row = format!(
            "<th scope=\"row\">{band}</th><td>{}</td><td>{}</td><td>{}</td>",
            vn(done),
            vn(done + left),
            pct(done, done + left)
        );
        assert!(sec.contains(&row), "{id}: {row}");
        // Against the plan's 100% target for 6–14.
        let goal = format!(
            "Đạt {}/{} người ({}), còn {} người",
            vn(done),
            vn(done + left),
            pct(done, done + left),
            vn(left)
        );
        assert!(sec.contains(&goal), "{id}: {goal}");

        // All bands, on both dates (the 13/4 file writes 1.512 for 1512).
        for (d, file) in [("13/4/2026", &then), ("20/4/2026", &now)] {
            let (mut done, mut all) = (0, 0);
            for band in ["Dưới 06 tuổi", band, "Từ 14 tuổi trở lên"] {
                let d = file.sum(&format!("{topic} – {band} – Đã cấp"));
                done += d;
                all += d + file.sum(&format!("{topic} – {band} – Chưa cấp"));
            }
            let row = format!(
                "<th scope=\"row\">{d}</th><td>{}</td><td>{}</td><td>{}</td>",
                vn(done),
                vn(all),
                pct(done, all)
            );
            assert!(sec.contains(&row), "{id} {d}: {row}");
        }
    }
    // The appendix total line: what is still to do per band, as in the plan.
    let start = html.find("id=\"phu-luc-can-cuoc\"").expect("card appendix");
    let app = &html[start..start + html[start..].find("</section>").unwrap()];
    let left: Vec<u64> = [
        "Dưới 06 tuổi",
        "Từ 06 đến dưới 14 tuổi",
        "Từ 14 tuổi trở lên",
    ]
    .iter()
    .map(|b| now.sum(&format!("Căn cước – {b} – Chưa cấp")))
    .collect();
    let total = format!(
        "<th scope=\"row\" colspan=\"2\">Tổng</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
        vn(left[0]),
        vn(left[1]),
        vn(left[2]),
        vn(left.iter().sum())
    );
    assert!(app.contains(&total), "{total}");
}

#[test]
fn csv_files_are_offered_as_sent_and_the_campaign_page_links_the_progress() {
    let out = sample();
    for d in ["2026-04-13", "2026-04-20"] {
        assert_eq!(
            std::fs::read(out.join(format!("{GP}/tien-do/{d}.csv"))).unwrap(),
            std::fs::read(repo().join(format!("{GP_STATS}/{d}.csv"))).unwrap()
        );
    }
    let html = read(out, &format!("{GP}/tien-do/index.html"));
    assert!(html.contains(
        "href=\"../../../chien-dich/can-cuoc-dinh-danh-2026/tien-do/2026-04-13.csv\" download"
    ));
    let campaign = read(out, &format!("{GP}/index.html"));
    assert!(
        campaign.contains("href=\"../../chien-dich/can-cuoc-dinh-danh-2026/tien-do/index.html\"")
    );
    // The note that the sample numbers are illustrative is on the page.
    assert!(html.contains("minh họa"));
    // Page weight: far below the 30 KB gzip budget even uncompressed.
    assert!(html.len() < 40_000, "{} bytes", html.len());
}

#[test]
fn appendix_tables_print_in_the_plans_form_on_a4() {
    let html = read(sample(), &format!("{GP}/tien-do/in/index.html"));
    assert!(html.contains(r#"data-print="A4" data-print-pages="2""#));
    assert!(html.contains("SỐ LIỆU CÔNG DÂN CHƯA CẤP TÀI KHOẢN ĐỊNH DANH ĐIỆN TỬ MỨC ĐỘ 2"));
    assert!(html.contains("SỐ LIỆU CÔNG DÂN CHƯA LÀM CĂN CƯỚC"));
    assert!(html.contains("(Kèm theo Kế hoạch số /KH-UBND ngày … tháng 4 năm 2026)"));
    for h in [
        "STT",
        "Đơn vị",
        "Dưới 06 tuổi",
        "Từ 06 đến dưới 14 tuổi",
        "Từ 14 tuổi trở lên",
        "Tổng",
    ] {
        assert!(html.contains(&format!(">{h}</th>")), "{h}");
    }
    // STT 1 to 14, in the office's order.
    assert!(html.contains("<td>14</td><th scope=\"row\">Thôn Đoàn Kết</th>"));
}

#[test]
fn tu_minh_residential_groups_with_one_report_have_no_trend() {
    let html = read(
        sample(),
        "tu-minh/chien-dich/dinh-danh-6-14/tien-do/index.html",
    );
    let file = csv("content/tu-minh/stats/dinh-danh-6-14/2026-04-20.csv");
    assert_eq!(file.units().len(), 8);
    let done = file.sum("Từ 6 đến dưới 14 tuổi – Đã cấp");
    let target = file.sum("Từ 6 đến dưới 14 tuổi – Chỉ tiêu");
    assert!(html.contains(&format!(
        "Đạt {}/{} người ({})",
        vn(done),
        vn(target),
        pct(done, target)
    )));
    assert!(html.contains("Kết quả theo từng tổ dân phố"));
    assert!(
        !html.contains("class=\"series\""),
        "one date, no trend line"
    );
}

#[test]
fn progress_output_is_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    build(&repo(), &a.path().join("p")).unwrap();
    build(&repo(), &b.path().join("p")).unwrap();
    for rel in [
        format!("{GP}/tien-do/index.html"),
        format!("{GP}/tien-do/in/index.html"),
        format!("{GP}/tien-do/2026-04-13.csv"),
    ] {
        assert_eq!(
            std::fs::read(a.path().join("p").join(&rel)).unwrap(),
            std::fs::read(b.path().join("p").join(&rel)).unwrap(),
            "{rel}"
        );
    }
}

/// Builds a copy of Gia Phúc with one report file replaced.
fn build_with(file: &str, text: &str) -> Result<(), String> {
    let site = copy_site(&repo().join("content/gia-phuc"));
    let stats = site.path().join("stats/can-cuoc-dinh-danh-2026");
    std::fs::write(stats.join(file), text).unwrap();
    let out = tempfile::tempdir().unwrap();
    build(site.path(), &out.path().join("public")).map(|_| ())
}

fn edit_line(file: &str, line: usize, f: impl Fn(&str) -> String) -> String {
    let text = std::fs::read_to_string(repo().join(GP_STATS).join(file)).unwrap();
    text.split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| if i + 1 == line { f(l) } else { l.to_string() })
        .collect()
}

#[test]
fn a_bad_row_fails_the_build_with_file_line_and_column() {
    // Line 4 of the comma file is the third village; its fourth cell a word.
    let text = edit_line("2026-04-20.csv", 4, |l| {
        let mut cells: Vec<&str> = l.split(',').collect();
        cells[3] = "mười";
        cells.join(",")
    });
    let col = text
        .lines()
        .nth(3)
        .unwrap()
        .split(',')
        .take(3)
        .map(|c| c.chars().count() + 1)
        .sum::<usize>()
        + 1;
    let err = build_with("2026-04-20.csv", &text).expect_err("a word is not a number");
    let want = format!("2026-04-20.csv:4:{col}:");
    assert!(err.contains(&want), "expected {want} in:\n{err}");
    assert!(err.contains("mười"), "{err}");
}

#[test]
fn a_wrong_total_line_fails_the_build_with_its_line() {
    let text = std::fs::read_to_string(repo().join(GP_STATS).join("2026-04-20.csv")).unwrap();
    let n = text.lines().count();
    let text = edit_line("2026-04-20.csv", n, |l| l.replacen("Tổng,", "Tổng,1", 1));
    let err = build_with("2026-04-20.csv", &text).expect_err("the total no longer adds up");
    assert!(err.contains(&format!("2026-04-20.csv:{n}:")), "{err}");
    assert!(err.contains("the total line says"), "{err}");
}

#[test]
fn a_report_file_not_named_by_date_or_campaign_is_an_error() {
    let err =
        build_with("2026-04-31.csv", "Thôn,6-14 – Đã cấp\nThôn A,1\n").expect_err("no 31 April");
    assert!(err.contains("2026-04-31.csv"), "{err}");
    let site = copy_site(&repo().join("content/gia-phuc"));
    let wrong = site.path().join("stats/can-cuoc-dinh-danh");
    std::fs::create_dir_all(&wrong).unwrap();
    std::fs::write(
        wrong.join("2026-04-20.csv"),
        "Thôn,6-14 – Đã cấp\nThôn A,1\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let err = build(site.path(), &out.path().join("p"))
        .err()
        .expect("unknown campaign");
    assert!(
        err.contains("can-cuoc-dinh-danh-2026"),
        "suggests the real id: {err}"
    );
    assert!(Path::new(&wrong).is_dir());
}
