//! QR codes as inline SVG, generated at build time.
//!
//! [`svg`] turns a string (usually a URL, sometimes a `tel:` link) into a
//! small, deterministic SVG fragment meant to be pasted straight into an HTML5
//! page:
//!
//! ```text
//! <svg xmlns="http://www.w3.org/2000/svg" class="qr" viewBox="0 0 N N"
//!      shape-rendering="crispEdges" role="img"><title>DATA</title>
//! <rect width="N" height="N" fill="#fff"/><path d="..."/></svg>
//! ```
//!
//! (on one line in the real output). The `viewBox` is in module units and
//! includes a quiet zone of [`QUIET_ZONE`] modules on every side, so `N` is
//! the symbol width plus 8. There is no `width`/`height`: the page's CSS
//! decides how large the code is shown. The error-correction level is always
//! M (about 15% of the symbol may be damaged or covered and it still scans).
//!
//! All dark modules are one `<path>` of rectangles. Each horizontal run of
//! dark modules in a row is a rectangle, merged with identical runs (same
//! start, same length) in the rows right below it, which makes the path about
//! a quarter smaller than one rectangle per run. A rectangle is drawn as
//! `v{h}h{w}v-{h}` from its top-left corner and reached with a relative `m`
//! from where the previous one ended (its top-right corner). The top edge is
//! left to the implicit close (no `z`): SVG fills every open subpath as if it
//! were closed, so the shape is the same and each rectangle is shorter.

use std::fmt;
use std::fmt::Write as _;

use qrcode::types::QrError as EncodeError;
use qrcode::{Color, EcLevel, QrCode};

/// Light modules around the symbol on every side, as the QR standard asks.
pub const QUIET_ZONE: usize = 4;

/// Bytes of arbitrary (byte-mode) data a version-40 symbol holds at level M.
/// Purely numeric or upper-case alphanumeric data can be longer.
pub const MAX_BYTES: usize = 2331;

/// Why a QR code could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum QrError {
    /// The data is empty; a QR code of nothing is almost certainly a mistake
    /// in the site's content (a link left blank).
    Empty,
    /// The data does not fit in the largest QR code (version 40) at
    /// error-correction level M.
    TooLong {
        /// Length of the data in bytes (UTF-8).
        bytes: usize,
    },
    /// The encoder refused the data for another reason.
    Encoder(EncodeError),
}

impl fmt::Display for QrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QrError::Empty => f.write_str("nothing to put in the QR code: the data is empty"),
            QrError::TooLong { bytes } => write!(
                f,
                "data too long for a QR code: {bytes} bytes, but the largest QR code \
                 (version 40, error correction M) holds at most {MAX_BYTES} bytes of text"
            ),
            QrError::Encoder(e) => write!(f, "cannot make a QR code of this data: {e}"),
        }
    }
}

impl std::error::Error for QrError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            QrError::Encoder(e) => Some(e),
            QrError::Empty | QrError::TooLong { .. } => None,
        }
    }
}

/// Renders `data` as a QR code (error correction M, 4-module quiet zone) in
/// inline SVG; see the [module documentation](self) for the exact shape.
///
/// The output is deterministic: the same data always gives the same bytes.
///
/// # Errors
///
/// [`QrError::Empty`] for empty data, [`QrError::TooLong`] when the data does
/// not fit in a version-40 symbol, [`QrError::Encoder`] for anything else the
/// encoder rejects.
pub fn svg(data: &str) -> Result<String, QrError> {
    if data.is_empty() {
        return Err(QrError::Empty);
    }
    let code =
        QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).map_err(|e| match e {
            EncodeError::DataTooLong => QrError::TooLong { bytes: data.len() },
            other => QrError::Encoder(other),
        })?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET_ZONE;

    let mut out = String::with_capacity(256 + data.len() + 6 * colors.len() / 4);
    // Writing to a String cannot fail; `let _ =` keeps that out of the API.
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\" role=\"img\"><title>"
    );
    escape_text(data, &mut out);
    let _ = write!(
        out,
        "</title><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\""
    );
    path_data(&colors, width, &mut out);
    out.push_str("\"/></svg>");
    Ok(out)
}

/// A rectangle of dark modules, in viewBox units (quiet zone included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rect {
    x: usize,
    y: usize,
    w: usize,
    h: usize,
}

/// Covers the dark modules of a `width`×`width` symbol (row-major `colors`)
/// with rectangles: every horizontal run of dark modules, merged with the
/// identical runs (same start, same length) directly below it. Ordered by top
/// row, then by left edge.
fn rects(colors: &[Color], width: usize) -> Vec<Rect> {
    let mut rects: Vec<Rect> = Vec::new();
    // Runs of the previous row: (x, w, index in `rects`).
    let mut above: Vec<(usize, usize, usize)> = Vec::new();
    let mut here: Vec<(usize, usize, usize)> = Vec::new();
    if width == 0 {
        return rects;
    }
    for (row, line) in colors.chunks(width).enumerate() {
        let y = row + QUIET_ZONE;
        here.clear();
        let mut col = 0;
        while col < line.len() {
            if line[col] != Color::Dark {
                col += 1;
                continue;
            }
            let start = col;
            while col < line.len() && line[col] == Color::Dark {
                col += 1;
            }
            let (x, w) = (start + QUIET_ZONE, col - start);
            let continued = above
                .iter()
                .find(|&&(ax, aw, _)| ax == x && aw == w)
                .map(|&(_, _, i)| i);
            let index = match continued {
                Some(i) => {
                    // `i` came from `rects.len() - 1` on an earlier row.
                    rects[i].h += 1;
                    i
                }
                None => {
                    rects.push(Rect { x, y, w, h: 1 });
                    rects.len() - 1
                }
            };
            here.push((x, w, index));
        }
        std::mem::swap(&mut above, &mut here);
    }
    rects
}

/// Appends the path data for the dark modules of a `width`×`width` symbol
/// (row-major `colors`), offset by the quiet zone.
///
/// Each rectangle is `v{h}h{w}v-{h}` from its top-left corner; the top edge
/// is the implicit closing edge, and the pen is left at the top-right corner,
/// from where a relative `m` reaches the next rectangle.
fn path_data(colors: &[Color], width: usize, out: &mut String) {
    let mut pen: Option<(usize, usize)> = None;
    for Rect { x, y, w, h } in rects(colors, width) {
        match pen {
            None => {
                let _ = write!(out, "M{x} {y}");
            }
            Some((px, py)) => {
                out.push('m');
                push_signed(out, x, px);
                // A minus sign separates the numbers by itself.
                if y >= py {
                    out.push(' ');
                }
                push_signed(out, y, py);
            }
        }
        let _ = write!(out, "v{h}h{w}v-{h}");
        pen = Some((x + w, y));
    }
}

/// Appends `to - from` as a signed decimal number.
fn push_signed(out: &mut String, to: usize, from: usize) {
    if to >= from {
        let _ = write!(out, "{}", to - from);
    } else {
        let _ = write!(out, "-{}", from - to);
    }
}

/// Appends `text` escaped for element content in both HTML5 and XML.
/// Control characters that neither allows in text become U+FFFD.
fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dark modules of an SVG made by [`svg`], as (x, y) in viewBox units,
    /// plus the viewBox size. Understands exactly the path syntax we emit.
    fn dark_modules(svg: &str) -> (usize, Vec<(i64, i64)>) {
        let vb = svg.split("viewBox=\"0 0 ").nth(1).expect("viewBox");
        let n: usize = vb.split(' ').next().expect("size").parse().expect("number");
        let d = svg.split(" d=\"").nth(1).expect("path d");
        let d = &d[..d.find('"').expect("end of d")];
        let mut cells = Vec::new();
        let (mut x, mut y) = (0i64, 0i64);
        let mut rest = d;
        let number = |s: &str| -> (i64, usize) {
            let end = s
                .char_indices()
                .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
                .map_or(s.len(), |(i, _)| i);
            (s[..end].parse().expect("number in path"), end)
        };
        while let Some(cmd) = rest.chars().next() {
            rest = &rest[1..];
            match cmd {
                'M' | 'm' => {
                    let (a, used) = number(rest);
                    rest = rest[used..].trim_start_matches(' ');
                    let (b, used) = number(rest);
                    rest = &rest[used..];
                    if cmd == 'M' {
                        (x, y) = (a, b);
                    } else {
                        (x, y) = (x + a, y + b);
                    }
                }
                'v' => {
                    // v{h}h{w}v-{h}
                    let (h, used) = number(rest);
                    rest = &rest[used..];
                    assert!(rest.starts_with('h'), "unexpected path shape: {rest}");
                    let (w, used) = number(&rest[1..]);
                    rest = &rest[1 + used..];
                    assert!(rest.starts_with("v-"), "unexpected path shape: {rest}");
                    let (back, used) = number(&rest[2..]);
                    rest = &rest[2 + used..];
                    assert_eq!(h, back);
                    assert!(w > 0 && h > 0);
                    for dy in 0..h {
                        for dx in 0..w {
                            cells.push((x + dx, y + dy));
                        }
                    }
                    x += w;
                }
                other => panic!("unexpected path command {other:?}"),
            }
        }
        (n, cells)
    }

    #[test]
    fn structure() {
        let s = svg("https://dichvucong.bocongan.gov.vn").expect("encodes");
        assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\""));
        assert!(s.ends_with("</svg>"));
        assert!(!s.contains("<?xml"));
        let root = &s[..s.find('>').expect("root tag")];
        assert!(!root.contains("width") && !root.contains("height"));
        assert!(root.contains("shape-rendering=\"crispEdges\""));
        assert!(root.contains("role=\"img\""));
        assert!(!s.contains("aria-hidden"));
        assert_eq!(s.matches("<path").count(), 1);
        assert_eq!(s.matches("<rect").count(), 1);
        assert!(s.contains("<title>https://dichvucong.bocongan.gov.vn</title>"));
        assert!(s.contains("fill=\"#fff\""));
    }

    #[test]
    fn deterministic() {
        let a = svg("https://vneid.gov.vn/").expect("encodes");
        let b = svg("https://vneid.gov.vn/").expect("encodes");
        assert_eq!(a, b);
    }

    #[test]
    fn quiet_zone_and_size() {
        let s = svg("https://vneid.gov.vn/").expect("encodes");
        let (n, cells) = dark_modules(&s);
        let code = QrCode::with_error_correction_level(b"https://vneid.gov.vn/", EcLevel::M)
            .expect("encodes");
        assert_eq!(n, code.width() + 2 * QUIET_ZONE);
        let q = QUIET_ZONE as i64;
        let last = (n - QUIET_ZONE) as i64 - 1;
        let min_x = cells.iter().map(|c| c.0).min().expect("dark modules");
        let max_x = cells.iter().map(|c| c.0).max().expect("dark modules");
        let min_y = cells.iter().map(|c| c.1).min().expect("dark modules");
        let max_y = cells.iter().map(|c| c.1).max().expect("dark modules");
        // Finder patterns touch the symbol's edges, so the dark area is
        // exactly the symbol and the quiet zone is exactly 4 modules.
        assert_eq!((min_x, min_y, max_x, max_y), (q, q, last, last));
        // And the modules are exactly the encoder's.
        let expected = code
            .to_colors()
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == Color::Dark)
            .map(|(i, _)| {
                (
                    (i % code.width() + QUIET_ZONE) as i64,
                    (i / code.width() + QUIET_ZONE) as i64,
                )
            })
            .collect::<Vec<_>>();
        let mut cells = cells;
        cells.sort_by_key(|&(x, y)| (y, x));
        let before = cells.len();
        cells.dedup();
        assert_eq!(before, cells.len(), "rectangles overlap");
        assert_eq!(cells, expected);
    }

    #[test]
    fn escapes_ampersand_and_markup() {
        let s = svg("https://x.vn/?a=1&b=2").expect("encodes");
        assert!(s.contains("<title>https://x.vn/?a=1&amp;b=2</title>"));
        assert!(!s.contains("&b=2"));
        let s = svg("<b>\"x\"</b>\u{7}").expect("encodes");
        assert!(s.contains("<title>&lt;b&gt;\"x\"&lt;/b&gt;\u{FFFD}</title>"));
    }

    #[test]
    fn small_for_a_typical_url() {
        let s = svg("https://dichvucong.bocongan.gov.vn/thu-tuc/12345").expect("encodes");
        assert!(s.len() < 3 * 1024, "{} bytes", s.len());
    }

    #[test]
    fn errors() {
        assert_eq!(svg(""), Err(QrError::Empty));
        let long = "a".repeat(MAX_BYTES + 1);
        let err = svg(&long).expect_err("too long");
        assert_eq!(
            err,
            QrError::TooLong {
                bytes: MAX_BYTES + 1
            }
        );
        assert!(err.to_string().contains("too long"));
        // The limit is exact for byte-mode data.
        let fits = "é".repeat(MAX_BYTES / 2) + "a";
        assert_eq!(fits.len(), MAX_BYTES);
        assert!(svg(&fits).is_ok());
    }
}
