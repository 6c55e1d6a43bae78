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
use qrcode::{Color, EcLevel};

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
    let Modules { width, colors } = modules(data)?;
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

/// The modules of a QR code, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modules {
    /// Modules per side.
    pub width: usize,
    /// Row-major, `width` × `width`.
    pub colors: Vec<Color>,
}

impl Modules {
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.colors[y * self.width + x] == Color::Dark
    }
}

/// Encodes `data` at error correction M: exactly the modules of
/// `QrCode::with_error_correction_level`, mask included, but the mask is
/// chosen by [`penalty`] on a plain byte grid. The crate's own scoring
/// (boxed closures and bounds checks for every module of all eight masked
/// symbols) was most of the time a code took.
///
/// # Errors
///
/// As [`svg`].
pub fn modules(data: &str) -> Result<Modules, QrError> {
    use qrcode::canvas::{Canvas, Module};
    if data.is_empty() {
        return Err(QrError::Empty);
    }
    let encoder = |e| match e {
        EncodeError::DataTooLong => QrError::TooLong { bytes: data.len() },
        other => QrError::Encoder(other),
    };
    let bits = qrcode::bits::encode_auto(data.as_bytes(), EcLevel::M).map_err(encoder)?;
    let version = bits.version();
    let (codewords, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M)
        .map_err(encoder)?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&codewords, &ec);
    let w = version.width().max(0) as usize;
    // The unmasked symbol: colours, and which modules a mask flips (data
    // and error correction; an empty module counts as light data, as the
    // crate's `Module::mask` treats it).
    let mut base = vec![0u8; w * w];
    let mut flips = vec![0u8; w * w];
    for y in 0..w {
        for x in 0..w {
            let (dark, flip) = match canvas.get(x as i16, y as i16) {
                Module::Empty => (false, true),
                Module::Unmasked(c) => (c == Color::Dark, true),
                Module::Masked(c) => (c == Color::Dark, false),
            };
            base[y * w + x] = u8::from(dark);
            flips[y * w + x] = u8::from(flip);
        }
    }
    let best = if w <= 128 {
        best_mask_bits(&base, &flips, w)
    } else {
        best_mask_bytes(&base, &flips, w)
    };
    let mut grid = base;
    apply(&mut grid, &flips, w, best);
    let colors = grid
        .into_iter()
        .map(|d| if d == 1 { Color::Dark } else { Color::Light })
        .collect();
    Ok(Modules { width: w, colors })
}

/// Masks `grid` in place with `pattern` and draws its format bits.
fn apply(grid: &mut [u8], flips: &[u8], w: usize, pattern: u16) {
    for y in 0..w {
        for x in 0..w {
            grid[y * w + x] ^= flips[y * w + x] & u8::from(mask(pattern, x, y));
        }
    }
    for (x, y, dark) in format_modules(w, pattern) {
        grid[y * w + x] = u8::from(dark);
    }
}

/// The mask with the lowest [`penalty`]; the crate's order, the first of
/// equal scores winning, as with its `min_by_key`.
fn best_mask_bytes(base: &[u8], flips: &[u8], w: usize) -> u16 {
    let mut best = (u16::MAX, 0);
    for pattern in 0..8u16 {
        let mut grid = base.to_vec();
        apply(&mut grid, flips, w, pattern);
        let score = penalty(&grid, w);
        if pattern == 0 || score < best.0 {
            best = (score, pattern);
        }
    }
    best.1
}

/// [`best_mask_bytes`] on rows and columns as bit sets (bit j = module j,
/// dark = 1): masking a line is one XOR, so trying all eight masks costs
/// little more than scoring them.
fn best_mask_bits(base: &[u8], flips: &[u8], w: usize) -> u16 {
    let (base_rows, base_cols) = bit_lines(w, |x, y| base[y * w + x] == 1);
    let (flip_rows, flip_cols) = bit_lines(w, |x, y| flips[y * w + x] == 1);
    let mut best = (u16::MAX, 0);
    let mut rows = vec![0u128; w];
    let mut cols = vec![0u128; w];
    for pattern in 0..8u16 {
        let pat = mask_lines(pattern, w);
        for i in 0..w {
            rows[i] = base_rows[i] ^ (flip_rows[i] & pat.0[i]);
            cols[i] = base_cols[i] ^ (flip_cols[i] & pat.1[i]);
        }
        for (x, y, dark) in format_modules(w, pattern) {
            if dark {
                rows[y] |= 1 << x;
                cols[x] |= 1 << y;
            } else {
                rows[y] &= !(1 << x);
                cols[x] &= !(1 << y);
            }
        }
        let score = penalty_lines(&rows, &cols, w);
        if pattern == 0 || score < best.0 {
            best = (score, pattern);
        }
    }
    best.1
}

/// The modules mask `pattern` flips, as rows and columns of bits, made
/// once per width and thread.
fn mask_lines(pattern: u16, w: usize) -> std::rc::Rc<(Vec<u128>, Vec<u128>)> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::rc::Rc;
    type Lines = Rc<(Vec<u128>, Vec<u128>)>;
    thread_local! {
        static MASKS: RefCell<HashMap<(u16, usize), Lines>> = RefCell::new(HashMap::new());
    }
    MASKS.with(|m| {
        m.borrow_mut()
            .entry((pattern, w))
            .or_insert_with(|| Rc::new(bit_lines(w, |x, y| mask(pattern, x, y))))
            .clone()
    })
}

/// The rows and columns of a `w`×`w` symbol as bit sets (bit j = module
/// j, 1 where `dark` says so); `w` is at most 128.
fn bit_lines(w: usize, dark: impl Fn(usize, usize) -> bool) -> (Vec<u128>, Vec<u128>) {
    let mut rows = vec![0u128; w];
    let mut cols = vec![0u128; w];
    for (y, row) in rows.iter_mut().enumerate() {
        for (x, col) in cols.iter_mut().enumerate() {
            if dark(x, y) {
                *row |= 1 << x;
                *col |= 1 << y;
            }
        }
    }
    (rows, cols)
}

/// Whether mask `pattern` (0–7, ISO/IEC 18004 table 10) flips the module
/// in column `x`, row `y`.
fn mask(pattern: u16, x: usize, y: usize) -> bool {
    match pattern {
        0 => (x + y) % 2 == 0,
        1 => y % 2 == 0,
        2 => x % 3 == 0,
        3 => (x + y) % 3 == 0,
        4 => (y / 2 + x / 3) % 2 == 0,
        5 => (x * y) % 2 + (x * y) % 3 == 0,
        6 => ((x * y) % 2 + (x * y) % 3) % 2 == 0,
        _ => ((x + y) % 2 + (x * y) % 3) % 2 == 0,
    }
}

/// Format information at error correction M for masks 0–7 (BCH-coded and
/// XOR-ed with 0x5412), as the qrcode crate draws it.
const FORMAT_INFOS_M: [u16; 8] = [
    0x5412, 0x5125, 0x5e7c, 0x5b4b, 0x45f9, 0x40ce, 0x4f97, 0x4aa0,
];

/// The 15 format bits of `pattern` (most significant first) as (x, y,
/// dark): beside the top-left finder, again split between the other two,
/// then the dark module; the order the crate draws them in.
fn format_modules(w: usize, pattern: u16) -> impl Iterator<Item = (usize, usize, bool)> {
    const MAIN: [(i32, i32); 15] = [
        (0, 8),
        (1, 8),
        (2, 8),
        (3, 8),
        (4, 8),
        (5, 8),
        (7, 8),
        (8, 8),
        (8, 7),
        (8, 5),
        (8, 4),
        (8, 3),
        (8, 2),
        (8, 1),
        (8, 0),
    ];
    const SIDE: [(i32, i32); 15] = [
        (8, -1),
        (8, -2),
        (8, -3),
        (8, -4),
        (8, -5),
        (8, -6),
        (8, -7),
        (-8, 8),
        (-7, 8),
        (-6, 8),
        (-5, 8),
        (-4, 8),
        (-3, 8),
        (-2, 8),
        (-1, 8),
    ];
    let format = FORMAT_INFOS_M[pattern as usize & 7];
    let at = move |v: i32| {
        if v < 0 {
            (v + w as i32) as usize
        } else {
            v as usize
        }
    };
    MAIN.iter()
        .enumerate()
        .chain(SIDE.iter().enumerate())
        .map(move |(i, &(x, y))| (at(x), at(y), format & (1 << (14 - i)) != 0))
        .chain(std::iter::once((8, at(-8), true)))
}

/// The qrcode crate's penalty score of a masked symbol (the four rules of
/// ISO/IEC 18004 §7.8.3 as that crate counts them, u16 arithmetic included),
/// computed on rows and columns as bit sets (bit j = module j, dark = 1).
/// Symbols wider than 128 modules (versions 28 and up) take [`penalty_bytes`].
fn penalty(g: &[u8], width: usize) -> u16 {
    let w = width;
    if w < 7 {
        return 0;
    }
    if w > 128 {
        return penalty_bytes(g, w);
    }
    let (rows, cols) = bit_lines(w, |x, y| g[y * w + x] == 1);
    penalty_lines(&rows, &cols, w)
}

/// [`penalty`] of a symbol given as rows and columns of bits.
fn penalty_lines(rows: &[u128], cols: &[u128], w: usize) -> u16 {
    if w < 7 {
        return 0;
    }
    let dark: u32 = rows.iter().map(|r| r.count_ones()).sum();
    let all: u128 = if w == 128 { !0 } else { (1 << w) - 1 };
    let mut total: u32 = 0;
    for lines in [rows, cols] {
        let mut finder: u32 = 0;
        for &r in lines.iter() {
            // Rule 1: runs of 5 + n modules of one colour. Bit j of
            // `ends` marks the last module of a run.
            let mut ends = ((r ^ (r >> 1)) & (all >> 1)) | (1 << (w - 1));
            let mut start = 0u32;
            while ends != 0 {
                let end = ends.trailing_zeros();
                let run = end + 1 - start;
                if run >= 5 {
                    total += run - 2;
                }
                start = end + 1;
                ends &= ends - 1;
            }
            // Rule 3: #.###.# starting at j, with four light modules before
            // it or after it (outside the symbol counts as light).
            let light = !r & all;
            let found = r & (light >> 1) & (r >> 2) & (r >> 3) & (r >> 4) & (light >> 5) & (r >> 6);
            if found != 0 {
                let dark_before = (r << 1) | (r << 2) | (r << 3) | (r << 4);
                let dark_after = (r >> 7) | (r >> 8) | (r >> 9) | (r >> 10);
                finder += 40 * (found & !(dark_before & dark_after)).count_ones();
            }
        }
        // Less the 9 lines of each orientation crossing the finder
        // patterns themselves.
        total += finder.wrapping_sub(360);
    }
    // Rule 2: 2×2 blocks of one colour, overlaps counted.
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let same = !(a ^ b) & !(a ^ (a >> 1)) & !(b ^ (b >> 1)) & (all >> 1);
        total += 3 * same.count_ones();
    }
    // Rule 4: distance of the dark share from 50%.
    let ratio = dark as usize * 200 / (w * w);
    total += ratio.abs_diff(100) as u32;
    total as u16
}

/// [`penalty`] on byte grids, for any width.
fn penalty_bytes(g: &[u8], width: usize) -> u16 {
    let w = width;
    // Columns as rows, so that both orientations scan contiguous slices.
    let mut t = vec![0u8; w * w];
    for y in 0..w {
        for x in 0..w {
            t[x * w + y] = g[y * w + x];
        }
    }
    let mut total: u32 = 0;
    for grid in [g, &t[..]] {
        let mut finder: u32 = 0;
        for line in grid.chunks_exact(w) {
            let mut run = 1u32;
            for j in 0..w {
                if j > 0 {
                    if line[j] == line[j - 1] {
                        run += 1;
                    } else {
                        if run >= 5 {
                            total += run - 2;
                        }
                        run = 1;
                    }
                }
                if j + 7 <= w && line[j..j + 7] == [1, 0, 1, 1, 1, 0, 1] {
                    let before = line[j.saturating_sub(4)..j].contains(&1);
                    let after = line[j + 7..(j + 11).min(w)].contains(&1);
                    if !before || !after {
                        finder += 40;
                    }
                }
            }
            if run >= 5 {
                total += run - 2;
            }
        }
        total += finder.wrapping_sub(360);
    }
    for y in 0..w - 1 {
        let (r0, r1) = (&g[y * w..(y + 1) * w], &g[(y + 1) * w..(y + 2) * w]);
        for x in 0..w - 1 {
            let v = r0[x];
            if r0[x + 1] == v && r1[x] == v && r1[x + 1] == v {
                total += 3;
            }
        }
    }
    let dark = g.iter().filter(|&&d| d == 1).count();
    total += (dark * 200 / g.len()).abs_diff(100) as u32;
    total as u16
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
                out.push('M');
                push_num(out, x);
                out.push(' ');
                push_num(out, y);
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
        out.push('v');
        push_num(out, h);
        out.push('h');
        push_num(out, w);
        out.push_str("v-");
        push_num(out, h);
        pen = Some((x + w, y));
    }
}

/// Appends `n` in decimal (the path has thousands of small numbers; the
/// formatting machinery was a tenth of a code's time).
fn push_num(out: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(d as char);
    }
}

/// Appends `to - from` as a signed decimal number.
fn push_signed(out: &mut String, to: usize, from: usize) {
    if to >= from {
        push_num(out, to - from);
    } else {
        out.push('-');
        push_num(out, from - to);
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
    use qrcode::QrCode;

    /// The fast mask choice picks exactly the crate's masks, for links of
    /// every length the sites use (versions 1 to 13) and other data modes.
    #[test]
    fn modules_are_the_crates() {
        let mut samples: Vec<String> = vec![
            "tel:0961211369".into(),
            "0123456789".into(),
            "HTTPS://VNEID.GOV.VN/".into(),
            "https://phuong.vn/thông-báo?q=Bến Nghé".into(),
        ];
        for n in 0..300 {
            let mut u = format!(
                "https://p{n}.haiphong.gov.vn/chien-dich/c-{}/",
                n * 7919 % 1000
            );
            while u.len() < 20 + n {
                u.push(char::from(b'a' + ((u.len() * 31 + n) % 26) as u8));
            }
            samples.push(u);
        }
        for u in samples {
            let ours = modules(&u).expect("encodes");
            let code =
                QrCode::with_error_correction_level(u.as_bytes(), EcLevel::M).expect("encodes");
            assert_eq!(ours.width, code.width(), "{u}");
            assert!(ours.colors == code.to_colors(), "different modules for {u}");
            let g: Vec<u8> = ours
                .colors
                .iter()
                .map(|&c| u8::from(c == Color::Dark))
                .collect();
            assert_eq!(
                penalty(&g, ours.width),
                penalty_bytes(&g, ours.width),
                "{u}"
            );
        }
        // Past 128 modules the byte scorer alone decides, still as the crate.
        let long = "https://dichvucong.gov.vn/".to_string() + &"x".repeat(1500);
        let ours = modules(&long).expect("encodes");
        assert!(ours.width > 128);
        let code =
            QrCode::with_error_correction_level(long.as_bytes(), EcLevel::M).expect("encodes");
        assert!(ours.colors == code.to_colors());
    }

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
