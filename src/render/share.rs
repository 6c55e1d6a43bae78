//! Sharing: the Open Graph / Twitter card values of each page, and the
//! 1200×630 PNG a chat app shows when a campaign page is shared.
//!
//! The picture is drawn as SVG here and rasterised with resvg, using only
//! the Noto Sans files bundled in `themes/default/fonts/` (never the system
//! fonts), so every machine makes the same bytes.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{fontdb, Node, Options, Tree};
use serde::Serialize;

use super::view::{self, path};
use crate::i18n::Lang;
use crate::model::{Campaign, Ward};

/// Width and height of the share picture, the size Facebook and Zalo crop to.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

const FONT_REGULAR: &[u8] = include_bytes!("../../themes/default/fonts/NotoSans-Regular.ttf");
const FONT_BOLD: &[u8] = include_bytes!("../../themes/default/fonts/NotoSans-Bold.ttf");
const FAMILY: &str = "Noto Sans";

const BRAND: &str = "#a3151b";
const INK: &str = "#1b1b1b";
const MUTED: &str = "#4a4a4a";

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

/// The bundled fonts, loaded once per process.
fn fonts() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_data(FONT_REGULAR.to_vec());
        db.load_font_data(FONT_BOLD.to_vec());
        db.set_sans_serif_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

fn options() -> Options<'static> {
    Options {
        font_family: FAMILY.to_string(),
        fontdb: fonts(),
        ..Options::default()
    }
}

/// Escapes text for SVG content and double-quoted attributes.
fn xml(s: &str) -> String {
    view::attr_escape(s)
}

/// Advance widths of words at 100 px, measured by laying them out with the
/// bundled fonts, plus the width of a space.
struct Metrics {
    words: Vec<f32>,
    space: f32,
    ellipsis: f32,
}

fn measure(words: &[&str], bold: bool) -> Result<Metrics, String> {
    let weight = if bold { 700 } else { 400 };
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\
         <g font-family=\"{FAMILY}\" font-size=\"100\" font-weight=\"{weight}\">"
    );
    let extra = ["x x", "xx", "…"];
    for (i, w) in words.iter().chain(extra.iter()).enumerate() {
        svg.push_str(&format!("<text id=\"m{i}\" y=\"100\">{}</text>", xml(w)));
    }
    svg.push_str("</g></svg>");
    let tree = Tree::from_str(&svg, &options()).map_err(|e| e.to_string())?;
    let width = |i: usize| -> f32 {
        match tree.node_by_id(&format!("m{i}")) {
            Some(Node::Text(t)) => t.bounding_box().width(),
            _ => 0.0,
        }
    };
    let n = words.len();
    Ok(Metrics {
        words: (0..n).map(width).collect(),
        space: (width(n) - width(n + 1)).max(0.0),
        ellipsis: width(n + 2),
    })
}

/// Text broken into lines at one font size.
struct Block {
    size: f32,
    lines: Vec<String>,
}

/// The largest of `sizes` at which `text` fits in `max_lines` lines of
/// `width` px (line height 1.2 × size, `height` px in all); at the smallest
/// size, the text is cut with "…" so it never spills.
fn fit(
    text: &str,
    bold: bool,
    width: f32,
    height: f32,
    sizes: &[f32],
    max_lines: usize,
) -> Result<Block, String> {
    // A dash stays with the word before it: no line starts with "—".
    let mut owned: Vec<String> = Vec::new();
    for w in text.split_whitespace() {
        match owned.last_mut() {
            Some(prev) if matches!(w, "—" | "–" | "-") => {
                prev.push(' ');
                prev.push_str(w);
            }
            _ => owned.push(w.to_string()),
        }
    }
    let words: Vec<&str> = owned.iter().map(String::as_str).collect();
    let m = measure(&words, bold)?;
    let wrap = |size: f32| -> Vec<Vec<usize>> {
        let k = size / 100.0;
        let mut lines: Vec<Vec<usize>> = Vec::new();
        let mut used = 0.0;
        for (i, w) in m.words.iter().enumerate() {
            let w = w * k;
            match lines.last_mut() {
                Some(line) if used + m.space * k + w <= width => {
                    line.push(i);
                    used += m.space * k + w;
                }
                _ => {
                    lines.push(vec![i]);
                    used = w;
                }
            }
        }
        lines
    };
    let join =
        |line: &[usize]| -> String { line.iter().map(|&i| words[i]).collect::<Vec<_>>().join(" ") };
    let smallest = sizes.last().copied().unwrap_or(24.0);
    for &size in sizes {
        let lines = wrap(size);
        let room = ((height / (size * 1.2)) as usize).min(max_lines).max(1);
        let too_wide = m.words.iter().any(|w| w * size / 100.0 > width);
        if lines.len() <= room && !too_wide {
            return Ok(Block {
                size,
                lines: lines.iter().map(|l| join(l)).collect(),
            });
        }
    }
    // Nothing fits: keep what does at the smallest size and end with "…".
    let k = smallest / 100.0;
    let room = ((height / (smallest * 1.2)) as usize).clamp(1, max_lines.max(1));
    let mut lines = wrap(smallest);
    lines.truncate(room);
    if let Some(last) = lines.last_mut() {
        while last.len() > 1 {
            let w: f32 = last.iter().map(|&i| m.words[i] * k).sum::<f32>()
                + m.space * k * (last.len() - 1) as f32
                + m.ellipsis * k;
            if w <= width {
                break;
            }
            last.pop();
        }
    }
    let n = lines.len();
    Ok(Block {
        size: smallest,
        lines: lines
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
            .collect(),
    })
}

/// `<text>` lines of a block, first baseline at `y`.
fn text_lines(b: &Block, x: f32, y: f32, anchor: &str, bold: bool, fill: &str) -> String {
    let weight = if bold { 700 } else { 400 };
    let mut s = String::new();
    for (i, line) in b.lines.iter().enumerate() {
        s.push_str(&format!(
            "<text x=\"{x}\" y=\"{:.1}\" font-size=\"{}\" font-weight=\"{weight}\" \
             fill=\"{fill}\" text-anchor=\"{anchor}\">{}</text>",
            y + i as f32 * b.size * 1.2,
            b.size,
            xml(line)
        ));
    }
    s
}

/// The share picture as SVG: ward name on a red band, the campaign's first
/// slogan in large type, its name beneath, and a QR code to `qr_url`.
pub fn svg(ward: &Ward, c: &Campaign, qr_url: Option<&str>) -> Result<String, String> {
    let (w, h) = (WIDTH as f32, HEIGHT as f32);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
         viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"{FAMILY}\">\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#fff\"/>\
         <rect width=\"{WIDTH}\" height=\"104\" fill=\"{BRAND}\"/>\
         <rect y=\"{}\" width=\"{WIDTH}\" height=\"14\" fill=\"{BRAND}\"/>",
        h - 14.0
    );
    let qr = qr_url.and_then(|u| super::view::shared_raw_svg(u).map(|s| (u, s)));
    // Text column: the whole width, less the QR column when there is one.
    let left = 60.0;
    let text_w = if qr.is_some() { 760.0 } else { w - 2.0 * left };

    let band = fit(
        &ward.site.name,
        true,
        w - 2.0 * left,
        60.0,
        &[48.0, 42.0, 36.0, 30.0],
        1,
    )?;
    out.push_str(&text_lines(&band, left, 68.0, "start", true, "#fff"));

    let slogan = fit(
        headline(c),
        true,
        text_w,
        330.0,
        &[76.0, 68.0, 62.0, 56.0, 50.0, 45.0, 40.0, 36.0],
        6,
    )?;
    out.push_str(&format!(
        "<rect x=\"{left}\" y=\"136\" width=\"96\" height=\"8\" fill=\"{BRAND}\"/>"
    ));
    out.push_str(&text_lines(
        &slogan,
        left,
        172.0 + slogan.size * 0.8,
        "start",
        true,
        INK,
    ));

    let name = fit(c.name(), false, text_w, 80.0, &[30.0, 27.0, 24.0], 2)?;
    let name_top = h - 40.0 - name.lines.len() as f32 * name.size * 1.2;
    out.push_str(&text_lines(
        &name,
        left,
        name_top + name.size,
        "start",
        false,
        MUTED,
    ));

    if let Some((url, code)) = qr {
        // Whole pixels per module keep the modules sharp for scanners.
        let n = code
            .split("viewBox=\"0 0 ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(41);
        let side = (300 / n).max(1) * n;
        let cx = w - 60.0 - 150.0;
        let x = cx - side as f32 / 2.0;
        out.push_str(&format!(
            "<rect x=\"{}\" y=\"132\" width=\"{}\" height=\"{}\" fill=\"#fff\" stroke=\"{INK}\" stroke-width=\"3\"/>",
            x - 6.0,
            side + 12,
            side + 12
        ));
        out.push_str(&code.replacen(
            "<svg ",
            &format!("<svg x=\"{x}\" y=\"138\" width=\"{side}\" height=\"{side}\" "),
            1,
        ));
        let caption = fit("Quét mã QR", true, 300.0, 40.0, &[30.0, 26.0], 1)?;
        let top = 138.0 + side as f32 + 6.0 + 44.0;
        out.push_str(&text_lines(&caption, cx, top, "middle", true, INK));
        let host = url.split("://").nth(1).unwrap_or(url).trim_end_matches('/');
        let host = fit(host, false, 300.0, 30.0, &[22.0, 19.0, 16.0], 1)?;
        out.push_str(&text_lines(&host, cx, top + 34.0, "middle", false, MUTED));
    }
    out.push_str("</svg>");
    Ok(out)
}

/// Rasterises [`svg`] into PNG bytes, 1200×630.
pub fn png(ward: &Ward, c: &Campaign, qr_url: Option<&str>) -> Result<Vec<u8>, String> {
    let svg = svg(ward, c, qr_url)?;
    let tree = Tree::from_str(&svg, &options()).map_err(|e| e.to_string())?;
    let mut pixmap = Pixmap::new(WIDTH, HEIGHT).ok_or("empty picture")?;
    pixmap.fill(Color::WHITE);
    resvg::render(&tree, Transform::identity(), &mut pixmap.as_mut());
    encode_opaque_png(&pixmap).map_err(|e| e.to_string())
}

/// PNG of a picture painted on an opaque background: RGB (no alpha to
/// store or un-premultiply) and the png crate's fast deflate. tiny-skia's
/// own encoder (RGBA, default compression) was most of a ward's build
/// time; this is several times faster for a slightly larger file.
fn encode_opaque_png(pixmap: &Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut data = Vec::new();
    let mut encoder = png::Encoder::new(&mut data, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(data)
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
        let short = fit("Đi cùng con", true, 700.0, 300.0, &[80.0, 40.0], 6).unwrap();
        assert_eq!(short.size, 80.0);
        assert_eq!(short.lines, vec!["Đi cùng con"]);
        let long =
            "Sáng, chiều, tối, cả Thứ Bảy và Chủ Nhật — đưa con đi định danh mức 2. ".repeat(8);
        let b = fit(&long, true, 700.0, 300.0, &[80.0, 40.0], 6).unwrap();
        assert_eq!(b.size, 40.0);
        assert!(b.lines.len() <= 6);
        assert!(b.lines.last().unwrap().ends_with('…'));
    }
}
