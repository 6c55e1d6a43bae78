//! Test helpers for QR codes: find the QR `<svg>`s in a page, rasterise them
//! with resvg and read them back with rqrr, and look at their module grid.

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{Options, Tree};

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Pixels per SVG user unit for the first attempt; `svg()` uses one user
/// unit per module, so this is 8 px per module.
const PX_PER_UNIT: f32 = 8.0;

/// Side in pixels that gives even the largest QR code (version 40: 177
/// modules plus an 8-module quiet zone) 8 px per module when it fills the
/// image; used for a second attempt on SVGs whose units are not modules.
const MIN_SIDE_PX: f32 = 8.0 * 185.0;

/// A QR code read back from an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded content.
    pub text: String,
    /// QR version, 1 to 40.
    pub version: usize,
    /// Error-correction level: `'L'`, `'M'`, `'Q'` or `'H'`.
    pub ec_level: char,
}

/// Rasterises `svg` (white background, at least 8 px per module) and decodes
/// every QR code in it, returning their contents.
///
/// `svg` may be a fragment cut out of an HTML page: a missing `xmlns` is
/// added before parsing.
pub fn decode_svg(svg: &str) -> Result<Vec<String>, String> {
    Ok(decode_svg_detailed(svg)?
        .into_iter()
        .map(|d| d.text)
        .collect())
}

/// Like [`decode_svg`], with each code's version and error-correction level.
pub fn decode_svg_detailed(svg: &str) -> Result<Vec<Decoded>, String> {
    let tree = parse(svg)?;
    let size = tree.size();
    let side = size.width().max(size.height());
    let mut scales = vec![PX_PER_UNIT];
    if side * PX_PER_UNIT < MIN_SIDE_PX {
        scales.push(MIN_SIDE_PX / side);
    }
    // A code found but unreadable at one scale may read at the next.
    let mut failure = None;
    for scale in scales {
        match decode_pixmap(&render(&tree, scale)?) {
            Ok(found) if !found.is_empty() => return Ok(found),
            Ok(_) => {}
            Err(e) => failure = failure.or(Some(e)),
        }
    }
    failure.map_or(Ok(Vec::new()), Err)
}

/// The module grid of an SVG made by `loa::render::qr::svg`, whose viewBox
/// is in module units: `grid[y][x]` is `true` for a dark module. Read by
/// rendering at 8 px per unit and sampling the centre of every unit square,
/// so it checks what a browser would draw, not how the path is spelled.
pub fn module_grid(svg: &str) -> Result<Vec<Vec<bool>>, String> {
    let tree = parse(svg)?;
    let size = tree.size();
    if size.width() != size.height() || size.width().fract() != 0.0 {
        return Err(format!(
            "expected a square viewBox in whole modules, got {}×{}",
            size.width(),
            size.height()
        ));
    }
    let n = size.width() as usize;
    let pixmap = render(&tree, PX_PER_UNIT)?;
    let step = PX_PER_UNIT as usize;
    let width = pixmap.width() as usize;
    let pixels = pixmap.pixels();
    let mut grid = vec![vec![false; n]; n];
    for (y, row) in grid.iter_mut().enumerate() {
        for (x, cell) in row.iter_mut().enumerate() {
            let index = (y * step + step / 2) * width + x * step + step / 2;
            let p = pixels
                .get(index)
                .ok_or_else(|| format!("pixel ({x}, {y}) outside the image"))?;
            *cell = luma(p.red(), p.green(), p.blue()) < 128;
        }
    }
    Ok(grid)
}

/// Every `<svg …>…</svg>` fragment of `html` whose start tag has `qr` among
/// its classes (the site renders `<svg class="qr" …>`), in document order.
/// Nested `<svg>`s are kept inside their fragment; a fragment without its
/// end tag is left out.
pub fn extract_svgs(html: &str) -> Vec<String> {
    // ASCII lower-casing keeps byte offsets, so positions carry over.
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut pos = 0;
    while let Some(start) = find_tag(&lower, "<svg", pos) {
        let Some(tag_end) = start_tag_end(&lower, start) else {
            break;
        };
        let tag = &html[start..tag_end];
        if !has_class(tag, "qr") {
            pos = start + 4;
            continue;
        }
        let end = if tag.ends_with("/>") {
            Some(tag_end)
        } else {
            matching_end(&lower, tag_end)
        };
        match end {
            Some(end) => {
                found.push(html[start..end].to_string());
                pos = end;
            }
            None => pos = start + 4,
        }
    }
    found
}

/// `svg` with `xmlns="http://www.w3.org/2000/svg"` on its root element if it
/// had none (inline SVG in HTML does not need it; an SVG parser does).
pub fn with_xmlns(svg: &str) -> String {
    let lower = svg.to_ascii_lowercase();
    let Some(start) = find_tag(&lower, "<svg", 0) else {
        return svg.to_string();
    };
    let tag_end = start_tag_end(&lower, start).unwrap_or(svg.len());
    if attribute(&svg[start..tag_end], "xmlns").is_some() {
        return svg.to_string();
    }
    let at = start + 4;
    format!("{} xmlns=\"{SVG_NS}\"{}", &svg[..at], &svg[at..])
}

fn parse(svg: &str) -> Result<Tree, String> {
    Tree::from_str(&with_xmlns(svg), &Options::default())
        .map_err(|e| format!("resvg cannot parse the SVG: {e}"))
}

fn render(tree: &Tree, scale: f32) -> Result<Pixmap, String> {
    let size = tree.size();
    let w = (size.width() * scale).ceil() as u32;
    let h = (size.height() * scale).ceil() as u32;
    let mut pixmap = Pixmap::new(w, h).ok_or_else(|| format!("cannot make a {w}×{h} image"))?;
    pixmap.fill(Color::WHITE);
    resvg::render(
        tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

fn decode_pixmap(pixmap: &Pixmap) -> Result<Vec<Decoded>, String> {
    let width = pixmap.width() as usize;
    let height = pixmap.height() as usize;
    let pixels = pixmap.pixels();
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        // The background is opaque white, so premultiplied is plain colour.
        pixels
            .get(y * width + x)
            .map_or(255, |p| luma(p.red(), p.green(), p.blue()))
    });
    image
        .detect_grids()
        .iter()
        .map(|grid| {
            let (meta, text) = grid
                .decode()
                .map_err(|e| format!("found a QR code but cannot decode it: {e}"))?;
            // rqrr gives the two format bits as stored: M=0, L=1, H=2, Q=3.
            let ec_level = match meta.ecc_level {
                0 => 'M',
                1 => 'L',
                2 => 'H',
                3 => 'Q',
                other => return Err(format!("impossible error-correction bits {other}")),
            };
            Ok(Decoded {
                text,
                version: meta.version.0,
                ec_level,
            })
        })
        .collect()
}

fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000) as u8
}

/// Byte offset of the next `<name` tag (`name` lower-case, with the `<`) at
/// or after `from` in lower-cased `html`, not counting longer tag names.
fn find_tag(lower: &str, open: &str, from: usize) -> Option<usize> {
    let mut pos = from;
    while let Some(rel) = lower.get(pos..)?.find(open) {
        let at = pos + rel;
        match lower.as_bytes().get(at + open.len()) {
            Some(b) if b.is_ascii_whitespace() || *b == b'>' || *b == b'/' => return Some(at),
            _ => pos = at + open.len(),
        }
    }
    None
}

/// Offset just past the `>` ending the start tag that begins at `start`,
/// skipping `>` inside quoted attribute values.
fn start_tag_end(lower: &str, start: usize) -> Option<usize> {
    let mut quote = None;
    for (i, b) in lower.bytes().enumerate().skip(start) {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i + 1),
            (None, _) => {}
        }
    }
    None
}

/// Offset just past the `</svg>` closing an element whose start tag ended at
/// `from`, counting nested `<svg>`s.
fn matching_end(lower: &str, from: usize) -> Option<usize> {
    let mut depth = 1usize;
    let mut pos = from;
    loop {
        let open = find_tag(lower, "<svg", pos);
        let close = find_tag(lower, "</svg", pos)?;
        match open {
            Some(open) if open < close => {
                let end = start_tag_end(lower, open)?;
                if !lower[open..end].ends_with("/>") {
                    depth += 1;
                }
                pos = end;
            }
            _ => {
                let end = start_tag_end(lower, close)?;
                depth -= 1;
                if depth == 0 {
                    return Some(end);
                }
                pos = end;
            }
        }
    }
}

/// The value of attribute `name` (lower-case) in start tag `tag`, if present
/// (`Some("")` for a bare attribute).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let bytes = tag.as_bytes();
    // Skip `<svg`.
    let mut i = tag.find(|c: char| c.is_ascii_whitespace())?;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let this = &tag[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = tag[i + 1..]
                        .find(q as char)
                        .map_or(tag.len(), |e| i + 1 + e);
                    value = &tag[i + 1..end];
                    i = end + 1;
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = &tag[start..i];
                }
            }
        }
        if this.eq_ignore_ascii_case(name) {
            return Some(value);
        }
        if this.is_empty() {
            i += 1;
        }
    }
    None
}

fn has_class(tag: &str, class: &str) -> bool {
    attribute(tag, "class").is_some_and(|v| v.split_ascii_whitespace().any(|c| c == class))
}

/// Decodes every QR code in a PNG image (e.g. a share picture), returning
/// their contents.
pub fn decode_png(png: &[u8]) -> Result<Vec<String>, String> {
    let pixmap = Pixmap::decode_png(png).map_err(|e| format!("not a PNG: {e}"))?;
    Ok(decode_pixmap(&pixmap)?
        .into_iter()
        .map(|d| d.text)
        .collect())
}
