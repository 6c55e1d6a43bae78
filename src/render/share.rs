//! Sharing: the Open Graph / Twitter card values of each page, and the
//! 1200×630 PNG a chat app shows when a campaign page is shared.
//!
//! The picture is laid out here (text measured and wrapped with the Noto
//! Sans files bundled in `themes/default/fonts/`, never the system fonts,
//! so every machine makes the same bytes) and painted by [`raster`]. The
//! same layout can be written as SVG ([`svg`]), which tests read.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde::Serialize;

use super::qr;
use super::raster::{self, Canvas, Ink};

use super::view::{self, path};
use crate::i18n::Lang;
use crate::model::{Campaign, Ward};

/// Width and height of the share picture, the size Facebook and Zalo crop to.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

const FAMILY: &str = "Noto Sans";

/// What a page tells link previews (Facebook, Zalo, X) about itself.
#[derive(Debug, Clone, Serialize)]
pub struct OgView {
    pub title: String,
    pub description: String,
    /// `og:locale`: `vi_VN` or `en_US`.
    pub locale: &'static str,
    pub site_name: String,
    /// Absolute address of the page; only known when `base_url` is set.
    pub url: Option<String>,
    /// Absolute address of the share picture; Open Graph accepts no
    /// relative one, so it is left out without `base_url`.
    pub image: Option<String>,
    pub image_alt: String,
    /// `twitter:card`: a large picture when there is one.
    pub card: &'static str,
}

/// `base_url` + `page_path`, without a trailing `index.html` (shorter QR
/// codes, and the address people see in the browser).
pub fn absolute(ward: &Ward, page_path: &str) -> Option<String> {
    let base = ward.site.base_url.as_ref()?.as_str();
    let rel = page_path.strip_suffix("index.html").unwrap_or(page_path);
    Some(if base.ends_with('/') {
        format!("{base}{rel}")
    } else {
        format!("{base}/{rel}")
    })
}

/// The share values of a page about `campaign` (or of the ward, if `None`).
pub fn for_page(
    ward: &Ward,
    page_path: &str,
    title: &str,
    description: &str,
    campaign: Option<&Campaign>,
) -> OgView {
    let image = campaign.and_then(|c| absolute(ward, &path::share_image(&c.id.0)));
    OgView {
        title: title.to_string(),
        description: clip(description, 200),
        locale: locale(ward.site.language),
        site_name: ward.site.name.clone(),
        url: absolute(ward, page_path),
        image_alt: campaign.map(|c| alt_text(ward, c)).unwrap_or_default(),
        card: if image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        },
        image,
    }
}

/// The province page: no single ward's address, so no URL and no picture.
pub fn province(province: &str, wards: &[Ward], lang: Lang) -> OgView {
    let names: Vec<&str> = wards.iter().map(|w| w.site.name.as_str()).collect();
    province_named(province, &names, lang)
}

/// [`province`] from the wards' names alone (a national build keeps names,
/// not whole wards, until its index pages are made).
pub fn province_named(province: &str, names: &[&str], lang: Lang) -> OgView {
    OgView {
        title: province.to_string(),
        description: clip(&names.join(", "), 200),
        locale: locale(lang),
        site_name: province.to_string(),
        url: None,
        image: None,
        image_alt: String::new(),
        card: "summary",
    }
}

fn locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "vi_VN",
        Lang::En => "en_US",
    }
}

/// For pages with nothing more specific: the ward, shown with the picture of
/// the campaign that leads its home page.
pub fn fallback(ward: &Ward, today: chrono::NaiveDate, page_path: &str) -> OgView {
    let featured = featured(ward, today);
    let description = match featured {
        Some(c) => c
            .slogans
            .first()
            .cloned()
            .unwrap_or_else(|| c.summary.clone()),
        None => format!("{} – {}", ward.site.office, ward.site.province),
    };
    for_page(ward, page_path, &ward.site.name, &description, featured)
}

/// The campaign that leads the home page, whose picture stands for the ward.
pub fn featured(ward: &Ward, today: chrono::NaiveDate) -> Option<&Campaign> {
    view::ordered(ward, today).into_iter().next()
}

/// What the picture says, for people who cannot see it.
fn alt_text(ward: &Ward, c: &Campaign) -> String {
    format!("{} – {}", headline(c), ward.site.name)
}

fn headline(c: &Campaign) -> &str {
    c.slogans.first().map(String::as_str).unwrap_or(c.name())
}

/// Cuts `s` at a word boundary to at most `max` characters, adding "…".
pub fn clip(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        cut.trim_end_matches([' ', ',', ';', ':', '—', '–', '-'])
    )
}

/// Escapes text for SVG content and double-quoted attributes.
fn xml(s: &str) -> String {
    view::attr_escape(s)
}

/// Text broken into lines at one font size.
struct Block {
    size: f32,
    lines: Vec<String>,
}

/// The largest of `sizes` at which `text` fits in `max_lines` lines of
/// `width` px (line height 1.2 × size, `height` px in all); at the smallest
/// size, the text is cut with "…" so it never spills.
fn fit(text: &str, bold: bool, width: f32, height: f32, sizes: &[f32], max_lines: usize) -> Block {
    // A dash stays with the word before it: no line starts with "—".
    let mut words: Vec<String> = Vec::new();
    for w in text.split_whitespace() {
        match words.last_mut() {
            Some(prev) if matches!(w, "—" | "–" | "-") => {
                prev.push(' ');
                prev.push_str(w);
            }
            _ => words.push(w.to_string()),
        }
    }
    // Advance widths at 100 px; a line is drawn exactly as measured here.
    let widths: Vec<f32> = words
        .iter()
        .map(|w| raster::width(w, bold, 100.0))
        .collect();
    let space = raster::width(" ", bold, 100.0);
    let ellipsis = raster::width("…", bold, 100.0);
    let wrap = |size: f32| -> Vec<Vec<usize>> {
        let k = size / 100.0;
        let mut lines: Vec<Vec<usize>> = Vec::new();
        let mut used = 0.0;
        for (i, w) in widths.iter().enumerate() {
            let w = w * k;
            match lines.last_mut() {
                Some(line) if used + space * k + w <= width => {
                    line.push(i);
                    used += space * k + w;
                }
                _ => {
                    lines.push(vec![i]);
                    used = w;
                }
            }
        }
        lines
    };
    let join = |line: &[usize]| -> String {
        line.iter()
            .map(|&i| words[i].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let smallest = sizes.last().copied().unwrap_or(24.0);
    for &size in sizes {
        let lines = wrap(size);
        let room = ((height / (size * 1.2)) as usize).min(max_lines).max(1);
        let too_wide = widths.iter().any(|w| w * size / 100.0 > width);
        if lines.len() <= room && !too_wide {
            return Block {
                size,
                lines: lines.iter().map(|l| join(l)).collect(),
            };
        }
    }
    // Nothing fits: keep what does at the smallest size and end with "…".
    let k = smallest / 100.0;
    let room = ((height / (smallest * 1.2)) as usize).clamp(1, max_lines.max(1));
    let mut lines = wrap(smallest);
    lines.truncate(room);
    if let Some(last) = lines.last_mut() {
        while last.len() > 1 {
            let w: f32 = last.iter().map(|&i| widths[i] * k).sum::<f32>()
                + space * k * (last.len() - 1) as f32
                + ellipsis * k;
            if w <= width {
                break;
            }
            last.pop();
        }
    }
    let n = lines.len();
    let mut lines: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let s = join(l);
            if i + 1 == n {
                format!("{}…", s.trim_end_matches([',', ';', ':', '—', '–']))
            } else {
                s
            }
        })
        .collect();
    // A single word wider than the box: cut it letter by letter.
    for line in &mut lines {
        while raster::width(line, bold, smallest) > width && line.chars().count() > 1 {
            let mut cut: String = line.trim_end_matches('…').chars().collect();
            cut.pop();
            *line = format!("{cut}…");
            if cut.is_empty() {
                break;
            }
        }
    }
    Block {
        size: smallest,
        lines,
    }
}

/// One line of text, left end at `x`, baseline at `y`.
struct Line {
    text: String,
    x: f32,
    y: f32,
    size: f32,
    bold: bool,
    ink: Ink,
}

/// The QR code: `modules` drawn `module` px each from (x, y), with
/// its quiet zone (and the frame around it) outside that square.
struct QrPlace {
    url: String,
    code: Rc<qr::Modules>,
    x: i32,
    y: i32,
    module: i32,
}

/// Everything the picture shows, in pixels.
struct Layout {
    /// Whole-pixel rectangles `[x0, x1) × [y0, y1)`, painted in order.
    rects: Vec<(i32, i32, i32, i32, Ink)>,
    lines: Vec<Line>,
    qr: Option<QrPlace>,
}

/// Lines of a block, first baseline at `y`; `centre` centres each line on
/// `x` instead of starting there.
fn place(out: &mut Vec<Line>, b: &Block, x: f32, y: f32, centre: bool, bold: bool, ink: Ink) {
    for (i, line) in b.lines.iter().enumerate() {
        let left = if centre {
            x - raster::width(line, bold, b.size) / 2.0
        } else {
            x
        };
        out.push(Line {
            text: line.clone(),
            x: left,
            y: y + i as f32 * b.size * 1.2,
            size: b.size,
            bold,
            ink,
        });
    }
}

/// The modules of `url`, encoded once per thread (most campaigns point at
/// the same national portal).
fn qr_modules(url: &str) -> Option<Rc<qr::Modules>> {
    thread_local! {
        static CODES: RefCell<HashMap<String, Rc<qr::Modules>>> = RefCell::new(HashMap::new());
    }
    CODES.with(|c| {
        if let Some(m) = c.borrow().get(url) {
            return Some(m.clone());
        }
        let m = Rc::new(qr::modules(url).ok()?);
        let mut c = c.borrow_mut();
        if c.len() >= 4096 {
            c.clear();
        }
        c.insert(url.to_string(), m.clone());
        Some(m)
    })
}

/// Height of the red band at the top and the strip at the bottom.
const BAND: i32 = 104;
const STRIP: i32 = 14;

/// Ward name on a red band, the campaign's first slogan in large type, its
/// name beneath, and a QR code to `qr_url` with a caption and the host.
fn layout(ward: &Ward, c: &Campaign, qr_url: Option<&str>) -> Layout {
    let (w, h) = (WIDTH as f32, HEIGHT as f32);
    let (wi, hi) = (WIDTH as i32, HEIGHT as i32);
    let mut rects = vec![
        (0, 0, wi, BAND, Ink::Brand),
        (0, hi - STRIP, wi, hi, Ink::Brand),
    ];
    let mut lines = Vec::new();
    let code = qr_url.and_then(|u| qr_modules(u).map(|m| (u, m)));
    // Text column: the whole width, less the QR column when there is one.
    let left = 60.0;
    let text_w = if code.is_some() {
        760.0
    } else {
        w - 2.0 * left
    };

    let band = fit(
        &ward.site.name,
        true,
        w - 2.0 * left,
        60.0,
        &[48.0, 42.0, 36.0, 30.0],
        1,
    );
    place(&mut lines, &band, left, 68.0, false, true, Ink::White);

    let slogan = fit(
        headline(c),
        true,
        text_w,
        330.0,
        &[76.0, 68.0, 62.0, 56.0, 50.0, 45.0, 40.0, 36.0],
        6,
    );
    rects.push((60, 136, 156, 144, Ink::Brand));
    let top = 172.0 + slogan.size * 0.8;
    place(&mut lines, &slogan, left, top, false, true, Ink::Text);

    let name = fit(c.name(), false, text_w, 80.0, &[30.0, 27.0, 24.0], 2);
    let name_top = h - 40.0 - name.lines.len() as f32 * name.size * 1.2;
    place(
        &mut lines,
        &name,
        left,
        name_top + name.size,
        false,
        false,
        Ink::Muted,
    );

    let qr = code.map(|(url, code)| {
        // Whole pixels per module keep the modules sharp for scanners.
        let n = (code.width + 2 * qr::QUIET_ZONE) as i32;
        let module = (300 / n).max(1);
        let side = module * n;
        let cx = wi - 60 - 150;
        let (x, y) = (cx - side / 2, 138);
        // A 3 px frame just outside the quiet zone, white inside.
        rects.push((x - 7, y - 7, x + side + 7, y + side + 7, Ink::Text));
        rects.push((x - 4, y - 4, x + side + 4, y + side + 4, Ink::White));
        let caption = fit("Quét mã QR", true, 300.0, 40.0, &[30.0, 26.0], 1);
        let top = (y + side) as f32 + 50.0;
        place(&mut lines, &caption, cx as f32, top, true, true, Ink::Text);
        let host = url.split("://").nth(1).unwrap_or(url).trim_end_matches('/');
        let host = fit(host, false, 300.0, 30.0, &[22.0, 19.0, 16.0], 1);
        place(
            &mut lines,
            &host,
            cx as f32,
            top + 34.0,
            true,
            false,
            Ink::Muted,
        );
        QrPlace {
            url: url.to_string(),
            code,
            x,
            y,
            module,
        }
    });
    Layout { rects, lines, qr }
}

fn hex(ink: Ink) -> String {
    let [r, g, b] = ink.rgb();
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The share picture as SVG, the same layout [`png`] paints (for tests and
/// for anyone who wants to edit the picture by hand).
pub fn svg(ward: &Ward, c: &Campaign, qr_url: Option<&str>) -> Result<String, String> {
    let l = layout(ward, c, qr_url);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
         viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"{FAMILY}\">\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#fff\"/>"
    );
    for &(x0, y0, x1, y1, ink) in &l.rects {
        out.push_str(&format!(
            "<rect x=\"{x0}\" y=\"{y0}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
            x1 - x0,
            y1 - y0,
            hex(ink)
        ));
    }
    if let Some(q) = &l.qr {
        out.push_str(&format!("<g data-qr=\"{}\">", xml(&q.url)));
        let quiet = qr::QUIET_ZONE as i32;
        for y in 0..q.code.width {
            for x in 0..q.code.width {
                if q.code.is_dark(x, y) {
                    out.push_str(&format!(
                        "<rect x=\"{}\" y=\"{}\" width=\"{m}\" height=\"{m}\"/>",
                        q.x + (x as i32 + quiet) * q.module,
                        q.y + (y as i32 + quiet) * q.module,
                        m = q.module
                    ));
                }
            }
        }
        out.push_str("</g>");
    }
    for t in &l.lines {
        out.push_str(&format!(
            "<text x=\"{:.2}\" y=\"{}\" font-size=\"{}\" font-weight=\"{}\" fill=\"{}\">{}</text>",
            t.x,
            t.y.round(),
            t.size,
            if t.bold { 700 } else { 400 },
            hex(t.ink),
            xml(&t.text)
        ));
    }
    out.push_str("</svg>");
    Ok(out)
}

/// The share picture painted, before encoding.
fn paint(ward: &Ward, c: &Campaign, qr_url: Option<&str>) -> Canvas {
    let l = layout(ward, c, qr_url);
    let mut canvas = Canvas::new(WIDTH as usize, HEIGHT as usize, Ink::White);
    for &(x0, y0, x1, y1, ink) in &l.rects {
        canvas.rect(x0, y0, x1, y1, ink);
    }
    if let Some(q) = &l.qr {
        let quiet = qr::QUIET_ZONE as i32;
        for y in 0..q.code.width {
            // Runs of dark modules as one rectangle each.
            let mut x = 0;
            while x < q.code.width {
                if !q.code.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < q.code.width && q.code.is_dark(x, y) {
                    x += 1;
                }
                let px = |m: usize| q.x + (m as i32 + quiet) * q.module;
                let py = q.y + (y as i32 + quiet) * q.module;
                canvas.rect(px(start), py, px(x), py + q.module, Ink::Black);
            }
        }
    }
    for t in &l.lines {
        canvas.text(&t.text, t.x, t.y, t.size, t.bold, t.ink);
    }
    canvas
}

/// The share picture as PNG bytes, 1200×630, 8-bit indexed colour.
pub fn png(ward: &Ward, c: &Campaign, qr_url: Option<&str>) -> Result<Vec<u8>, String> {
    paint(ward, c, qr_url).png()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_cuts_at_a_word_and_marks_it() {
        assert_eq!(clip("ngắn", 10), "ngắn");
        let long = "Trẻ 6–14 tuổi đã có Căn cước — làm định danh điện tử mức 2 ngay";
        let c = clip(long, 30);
        assert!(c.ends_with('…') && c.chars().count() <= 30, "{c}");
        assert!(long.starts_with(c.trim_end_matches('…')), "{c}");
    }

    #[test]
    fn fit_shrinks_long_text_and_never_overflows() {
        let short = fit("Đi cùng con", true, 700.0, 300.0, &[80.0, 40.0], 6);
        assert_eq!(short.size, 80.0);
        assert_eq!(short.lines, vec!["Đi cùng con"]);
        let long =
            "Sáng, chiều, tối, cả Thứ Bảy và Chủ Nhật — đưa con đi định danh mức 2. ".repeat(8);
        let b = fit(&long, true, 700.0, 300.0, &[80.0, 40.0], 6);
        assert_eq!(b.size, 40.0);
        assert!(b.lines.len() <= 6);
        assert!(b.lines.last().unwrap().ends_with('…'));
        for line in &b.lines {
            assert!(raster::width(line, true, 40.0) <= 700.0, "{line}");
        }
        // One word longer than the box is cut, not drawn past it.
        let word = "Đ".repeat(80);
        let b = fit(&word, false, 300.0, 30.0, &[22.0, 16.0], 1);
        assert!(
            raster::width(&b.lines[0], false, 16.0) <= 300.0,
            "{:?}",
            b.lines
        );
    }

    /// Widths come from the font's advances with kerning, as resvg lays
    /// the text out: they match its measurement of the same words.
    #[test]
    fn widths_match_resvg_layout() {
        use resvg::usvg::{fontdb, Node, Options, Tree};
        let mut db = fontdb::Database::new();
        db.load_font_data(raster::FONT_REGULAR.to_vec());
        db.load_font_data(raster::FONT_BOLD.to_vec());
        db.set_sans_serif_family(FAMILY);
        let opts = Options {
            font_family: FAMILY.to_string(),
            fontdb: std::sync::Arc::new(db),
            ..Options::default()
        };
        let words = [
            "Trẻ",
            "định",
            "Căn",
            "cước",
            "AVATAR",
            "Tứ Minh",
            "Quét mã QR",
            "dichvucong.bocongan.gov.vn",
            "Phường Đông Hải — Thứ Bảy",
        ];
        for bold in [false, true] {
            let weight = if bold { 700 } else { 400 };
            let mut svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\
                 <g font-family=\"{FAMILY}\" font-size=\"100\" font-weight=\"{weight}\">"
            );
            for (i, w) in words.iter().enumerate() {
                svg.push_str(&format!("<text id=\"m{i}\" y=\"100\">{}</text>", xml(w)));
            }
            svg.push_str("</g></svg>");
            let tree = Tree::from_str(&svg, &opts).unwrap();
            for (i, w) in words.iter().enumerate() {
                let Some(Node::Text(t)) = tree.node_by_id(&format!("m{i}")) else {
                    panic!("no text {w}");
                };
                let theirs = t.bounding_box().width();
                let ours = raster::width(w, bold, 100.0);
                assert!(
                    (ours - theirs).abs() <= 0.01 * theirs + 1.0,
                    "{w} bold={bold}: ours {ours}, resvg {theirs}"
                );
            }
        }
    }

    fn sample_ward() -> Ward {
        let mut report = crate::error::Report::default();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/tu-minh");
        crate::load::ward(&dir, &mut report).expect("sample ward loads")
    }

    const PORTAL: &str = "https://dichvucong.bocongan.gov.vn/";

    /// The same bytes whichever thread paints, with warm or cold caches.
    #[test]
    fn picture_is_deterministic() {
        let ward = sample_ward();
        let c = &ward.campaigns[0];
        let a = png(&ward, c, Some(PORTAL)).unwrap();
        let b = png(&ward, c, Some(PORTAL)).unwrap();
        let w2 = ward.clone();
        let other = std::thread::spawn(move || png(&w2, &w2.campaigns[0], Some(PORTAL)).unwrap())
            .join()
            .unwrap();
        assert_eq!(a, b);
        assert_eq!(a, other);
        assert!(a.len() < 100_000, "{} bytes", a.len());
    }

    /// The painted picture is the SVG layout as resvg would draw it: the
    /// same pixels but for antialiasing (a few levels on glyph edges).
    #[test]
    fn picture_matches_resvg_rendering_of_the_layout() {
        use resvg::tiny_skia::{Pixmap, Transform};
        use resvg::usvg::{fontdb, Options, Tree};
        let ward = sample_ward();
        let c = &ward.campaigns[0];
        let svg = svg(&ward, c, Some(PORTAL)).unwrap();
        let mut db = fontdb::Database::new();
        db.load_font_data(raster::FONT_REGULAR.to_vec());
        db.load_font_data(raster::FONT_BOLD.to_vec());
        let opts = Options {
            font_family: FAMILY.to_string(),
            fontdb: std::sync::Arc::new(db),
            ..Options::default()
        };
        let tree = Tree::from_str(&svg, &opts).unwrap();
        let mut pixmap = Pixmap::new(WIDTH, HEIGHT).unwrap();
        resvg::render(&tree, Transform::identity(), &mut pixmap.as_mut());
        let ours = paint(&ward, c, Some(PORTAL));
        let (mut total, mut far) = (0u64, 0usize);
        for y in 0..HEIGHT as usize {
            for x in 0..WIDTH as usize {
                let p = pixmap.pixel(x as u32, y as u32).unwrap().demultiply();
                let theirs = [p.red(), p.green(), p.blue()];
                let mine = ours.rgb(x, y);
                let d = (0..3)
                    .map(|i| (theirs[i] as i32 - mine[i] as i32).unsigned_abs())
                    .max()
                    .unwrap();
                total += d as u64;
                if d > 128 {
                    far += 1;
                }
            }
        }
        let mean = total as f64 / (WIDTH * HEIGHT) as f64;
        eprintln!("mean difference {mean:.3}, {far} pixels differ by more than half");
        assert!(mean < 1.0, "mean difference {mean}");
        assert!(far < 200, "{far} pixels differ by more than half");
    }

    /// Text stays in its column: nothing is painted between the text
    /// column and the QR frame, nor in the margins, even for a very long
    /// slogan, ward and campaign name.
    #[test]
    fn text_never_spills_past_its_box() {
        let mut ward = sample_ward();
        ward.site.name = "Phường Trường Xuân Thịnh Vượng Đông Bắc Tây Nam ".repeat(4);
        let mut c = ward.campaigns[0].clone();
        c.slogans = vec!["Quyềnđịnhdanhđiệntửmứchaichotấtcảtrẻemtrongphường ".repeat(12)];
        let l = layout(&ward, &c, Some(PORTAL));
        let q = l.qr.as_ref().unwrap();
        let frame = q.x - 7;
        for t in &l.lines {
            let right = t.x + raster::width(&t.text, t.bold, t.size);
            assert!(t.x >= 59.0 && right <= WIDTH as f32 - 59.0, "{}", t.text);
            // Below the band, the text column ends where the QR column starts.
            if t.y > BAND as f32 && t.x < 800.0 {
                assert!(right <= 820.5, "{} ends at {right}", t.text);
            }
        }
        let canvas = paint(&ward, &c, Some(PORTAL));
        for y in 120..(HEIGHT as usize - 20) {
            for x in (822..frame as usize).chain(0..56) {
                assert_eq!(canvas.rgb(x, y), [255, 255, 255], "paint at ({x}, {y})");
            }
        }
    }
}
