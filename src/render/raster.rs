//! A small rasteriser for the share picture: flat rectangles and lines of
//! text in the bundled Noto Sans, painted into an indexed (palette) image
//! and written as PNG.
//!
//! Building an SVG tree and rasterising it with resvg cost most of a ward's
//! build time (text laid out again for every picture, every glyph outline
//! filled again, a 2 MB RGB buffer compressed). Here words are shaped once
//! per thread (harfrust, the shaper resvg itself uses, so kerning is the
//! same), each glyph is rasterised once per size and quarter-pixel offset
//! (tiny-skia, resvg's own rasteriser) and then only copied, and the image
//! holds a few dozen colours, so it is stored with a palette: a third of
//! the bytes to compress, and a smaller file.
//!
//! Every cache holds pure functions of their keys, so which thread fills
//! which cache never changes a byte of output.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use harfrust::{ShapeOptions, ShaperData, UnicodeBuffer};
use resvg::tiny_skia::{FillRule, Mask, PathBuilder, Transform};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::prelude::{LocationRef, Size};
use skrifa::{FontRef, GlyphId, MetadataProvider};

pub const FONT_REGULAR: &[u8] = include_bytes!("../../themes/default/fonts/NotoSans-Regular.ttf");
pub const FONT_BOLD: &[u8] = include_bytes!("../../themes/default/fonts/NotoSans-Bold.ttf");

/// Colours the picture uses; a pixel stores an index into its palette,
/// each entry being one colour over another at one coverage level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Ink {
    White = 0,
    Brand = 1,
    Text = 2,
    Muted = 3,
    Black = 4,
}

const INKS: usize = 5;

impl Ink {
    pub fn rgb(self) -> [u8; 3] {
        match self {
            Ink::White => [0xff, 0xff, 0xff],
            Ink::Brand => [0xa3, 0x15, 0x1b],
            Ink::Text => [0x1b, 0x1b, 0x1b],
            Ink::Muted => [0x4a, 0x4a, 0x4a],
            Ink::Black => [0, 0, 0],
        }
    }
    fn from_u8(v: u8) -> Ink {
        match v {
            0 => Ink::White,
            1 => Ink::Brand,
            2 => Ink::Text,
            3 => Ink::Muted,
            _ => Ink::Black,
        }
    }
}

/// Antialiasing levels kept per colour pair: edges in steps of 1/32,
/// finer than the eye sees on a phone, and few enough for one palette.
const LEVELS: u16 = 32;

/// Subpixel positions per pixel along a line (glyphs are placed to 1/4 px).
const SUBPIXELS: f32 = 4.0;

/// One of the bundled faces, parsed once per thread.
struct Face {
    font: FontRef<'static>,
    shaper: ShaperData,
    upem: f32,
}

impl Face {
    fn new(data: &'static [u8]) -> Option<Face> {
        let font = FontRef::new(data).ok()?;
        let upem = font
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em as f32;
        let shaper = ShaperData::new(&font);
        Some(Face {
            font,
            shaper,
            upem: upem.max(1.0),
        })
    }
}

/// A shaped word: glyphs with their offsets and advances, in font units.
#[derive(Debug)]
struct Word {
    glyphs: Vec<(u32, f32, f32, f32)>,
    advance: f32,
}

/// A glyph's coverage (0 to [`LEVELS`]) at one size and subpixel offset,
/// placed relative to the pen's whole-pixel position on the baseline.
struct Bitmap {
    left: i32,
    top: i32,
    width: usize,
    height: usize,
    coverage: Vec<u8>,
    /// The non-zero pixels as runs, row by row, left to right: each run is
    /// either all fully covered (painted with one fill) or all partly
    /// covered (blended pixel by pixel). Most of a big glyph is inside.
    runs: Vec<Run>,
}

/// `[x0, x1)` of one bitmap row; `full` when every pixel has coverage
/// [`LEVELS`].
struct Run {
    row: u32,
    x0: u32,
    x1: u32,
    full: bool,
}

/// The runs of `coverage`, in the row-major order pixels were painted in.
fn runs(coverage: &[u8], width: usize) -> Vec<Run> {
    let mut out = Vec::new();
    for (row, line) in coverage.chunks(width.max(1)).enumerate() {
        let mut x = 0;
        while x < line.len() {
            let q = line[x];
            if q == 0 {
                x += 1;
                continue;
            }
            let full = q as u16 == LEVELS;
            let start = x;
            while x < line.len() && line[x] != 0 && (line[x] as u16 == LEVELS) == full {
                x += 1;
            }
            out.push(Run {
                row: row as u32,
                x0: start as u32,
                x1: x as u32,
                full,
            });
        }
    }
    out
}

type GlyphKey = (bool, u32, u32, u8);

#[derive(Default)]
struct Caches {
    faces: Option<[Option<Face>; 2]>,
    /// Shaped words, regular and bold.
    words: [HashMap<String, Rc<Word>>; 2],
    glyphs: HashMap<GlyphKey, Option<Rc<Bitmap>>>,
}

/// Words and glyphs stay cached up to this many entries per thread (a
/// national build meets a few thousand distinct words).
const MAX_ENTRIES: usize = 200_000;

thread_local! {
    static CACHES: RefCell<Caches> = RefCell::new(Caches::default());
}

impl Caches {
    fn face(&mut self, bold: bool) -> Option<&Face> {
        let faces = self
            .faces
            .get_or_insert_with(|| [Face::new(FONT_REGULAR), Face::new(FONT_BOLD)]);
        faces[bold as usize].as_ref()
    }

    fn word(&mut self, bold: bool, text: &str) -> Rc<Word> {
        if let Some(w) = self.words[bold as usize].get(text) {
            return w.clone();
        }
        let word = Rc::new(self.shape(bold, text));
        let words = &mut self.words[bold as usize];
        if words.len() >= MAX_ENTRIES {
            words.clear();
        }
        words.insert(text.to_string(), word.clone());
        word
    }

    fn shape(&mut self, bold: bool, text: &str) -> Word {
        let Some(face) = self.face(bold) else {
            return Word {
                glyphs: Vec::new(),
                advance: 0.0,
            };
        };
        let shaper = face.shaper.shaper(&face.font).build();
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let out = shaper.shape(buffer, ShapeOptions::new());
        let mut glyphs = Vec::with_capacity(out.len());
        let mut advance = 0.0;
        for (info, pos) in out.glyph_infos().iter().zip(out.glyph_positions()) {
            glyphs.push((
                info.glyph_id,
                pos.x_offset as f32,
                pos.y_offset as f32,
                pos.x_advance as f32,
            ));
            advance += pos.x_advance as f32;
        }
        Word { glyphs, advance }
    }

    /// Units per em of a face (1000 if the font could not be read).
    fn upem(&mut self, bold: bool) -> f32 {
        self.face(bold).map_or(1000.0, |f| f.upem)
    }

    fn glyph(&mut self, bold: bool, gid: u32, size: f32, sub: u8) -> Option<Rc<Bitmap>> {
        let key = (bold, gid, (size * 64.0).round() as u32, sub);
        if let Some(b) = self.glyphs.get(&key) {
            return b.clone();
        }
        let bitmap = self.rasterise(bold, gid, size, sub).map(Rc::new);
        if self.glyphs.len() >= MAX_ENTRIES {
            self.glyphs.clear();
        }
        self.glyphs.insert(key, bitmap.clone());
        bitmap
    }

    fn rasterise(&mut self, bold: bool, gid: u32, size: f32, sub: u8) -> Option<Bitmap> {
        let face = self.face(bold)?;
        let outline = face.font.outline_glyphs().get(GlyphId::new(gid))?;
        let mut pen = Pen(PathBuilder::new());
        outline
            .draw(
                DrawSettings::unhinted(Size::unscaled(), LocationRef::default()),
                &mut pen,
            )
            .ok()?;
        let path = pen.0.finish()?;
        let k = size / face.upem;
        let dx = sub as f32 / SUBPIXELS;
        // Font units grow upwards; pixels grow downwards.
        let to_px = Transform::from_row(k, 0.0, 0.0, -k, dx, 0.0);
        let b = path.clone().transform(to_px)?.bounds();
        let left = b.left().floor() as i32 - 1;
        let top = b.top().floor() as i32 - 1;
        let width = (b.right().ceil() as i32 + 1 - left).max(1) as usize;
        let height = (b.bottom().ceil() as i32 + 1 - top).max(1) as usize;
        let mut mask = Mask::new(width as u32, height as u32)?;
        let place = to_px.post_translate(-left as f32, -top as f32);
        mask.fill_path(&path, FillRule::Winding, true, place);
        // Coverage quantised once to the palette's levels.
        let coverage = mask
            .take()
            .into_iter()
            .map(|c| ((c as u16 * LEVELS + 127) / 255) as u8)
            .collect::<Vec<u8>>();
        let runs = runs(&coverage, width);
        Some(Bitmap {
            left,
            top,
            width,
            height,
            coverage,
            runs,
        })
    }
}

struct Pen(PathBuilder);

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, cy0, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

/// Advance width of `text` at `size` px: its words shaped one by one (with
/// kerning), joined by the width of a space. Lines are drawn the same way,
/// so a line measured to fit a box is drawn inside it.
pub fn width(text: &str, bold: bool, size: f32) -> f32 {
    CACHES.with(|c| {
        let mut c = c.borrow_mut();
        let upem = c.upem(bold);
        let space = c.word(bold, " ").advance;
        let mut units = 0.0;
        for (i, w) in text.split(' ').enumerate() {
            if i > 0 {
                units += space;
            }
            if !w.is_empty() {
                units += c.word(bold, w).advance;
            }
        }
        units * size / upem
    })
}

/// An image whose pixels are palette entries: a colour, or one colour
/// over another at a coverage level.
pub struct Canvas {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
    /// (foreground, background, level out of [`LEVELS`]); a plain colour
    /// is (c, c, LEVELS).
    entries: Vec<(u8, u8, u16)>,
    index: HashMap<(u8, u8, u16), u8>,
    /// (entry, ink, level) → entry, filled as pixels need it.
    memo: Vec<u16>,
    overflow: bool,
}

impl Canvas {
    /// A canvas filled with `background`.
    pub fn new(width: usize, height: usize, background: Ink) -> Canvas {
        let mut c = Canvas {
            width,
            height,
            pixels: Vec::new(),
            entries: Vec::new(),
            index: HashMap::new(),
            memo: Vec::new(),
            overflow: false,
        };
        // The first entry, 0: a zeroed allocation, no fill.
        c.entry(background as u8, background as u8, LEVELS);
        c.pixels = vec![0; width * height];
        c
    }

    fn entry(&mut self, fg: u8, bg: u8, level: u16) -> u8 {
        let key = match level {
            0 => (bg, bg, LEVELS),
            l if l >= LEVELS || fg == bg => (fg, fg, LEVELS),
            l => (fg, bg, l),
        };
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        if self.entries.len() >= 256 {
            self.overflow = true;
            return 0;
        }
        let i = self.entries.len() as u8;
        self.entries.push(key);
        self.index.insert(key, i);
        self.memo
            .extend(std::iter::repeat_n(u16::MAX, INKS * (LEVELS as usize + 1)));
        i
    }

    /// The entry a pixel of `entry` becomes under `ink` at coverage `q`.
    fn over(&mut self, entry: u8, ink: Ink, q: u16) -> u8 {
        let slot = (entry as usize * INKS + ink as usize) * (LEVELS as usize + 1) + q as usize;
        let known = self.memo[slot];
        if known != u16::MAX {
            return known as u8;
        }
        let (fg, bg, l) = self.entries[entry as usize];
        let f = ink as u8;
        let result = if fg == f {
            // The same ink again (glyphs touching): coverages add up as
            // source-over does.
            let l2 = l + q - (l as u32 * q as u32 / LEVELS as u32) as u16;
            self.entry(f, bg, l2)
        } else {
            // Over a plain colour, or over another ink's edge: take the
            // colour that dominates the pixel as the background.
            let under = if l * 2 >= LEVELS { fg } else { bg };
            self.entry(f, under, q)
        };
        self.memo[slot] = result as u16;
        result
    }

    /// Fills whole pixels `[x0, x1) × [y0, y1)` (clipped to the canvas).
    pub fn rect(&mut self, x0: i32, y0: i32, x1: i32, y1: i32, ink: Ink) {
        let e = self.entry(ink as u8, ink as u8, LEVELS);
        let (x0, x1) = (clamp(x0, self.width), clamp(x1, self.width));
        let (y0, y1) = (clamp(y0, self.height), clamp(y1, self.height));
        for y in y0..y1 {
            self.pixels[y * self.width + x0..y * self.width + x1].fill(e);
        }
    }

    /// Draws one line of text with its left end at `x` and its baseline at
    /// `baseline` (rounded to a whole pixel).
    pub fn text(&mut self, text: &str, x: f32, baseline: f32, size: f32, bold: bool, ink: Ink) {
        let base = baseline.round() as i32;
        let mut placed: Vec<(Rc<Bitmap>, i32)> = Vec::new();
        CACHES.with(|c| {
            let mut c = c.borrow_mut();
            let k = size / c.upem(bold);
            let space = c.word(bold, " ").advance;
            let mut pen = x;
            for (i, w) in text.split(' ').enumerate() {
                if i > 0 {
                    pen += space * k;
                }
                if w.is_empty() {
                    continue;
                }
                let word = c.word(bold, w);
                for &(gid, dx, dy, adv) in &word.glyphs {
                    let gx = pen + dx * k;
                    let steps = (gx * SUBPIXELS).round() as i32;
                    let whole = steps.div_euclid(SUBPIXELS as i32);
                    let sub = steps.rem_euclid(SUBPIXELS as i32) as u8;
                    if let Some(b) = c.glyph(bold, gid, size, sub) {
                        placed.push((b, whole));
                    }
                    // Vertical offsets are rare in Vietnamese (precomposed
                    // letters); round them to whole pixels.
                    let _ = dy;
                    pen += adv * k;
                }
            }
        });
        for (b, x) in placed {
            self.blit(&b, x, base, ink);
        }
    }

    fn blit(&mut self, b: &Bitmap, x: i32, base: i32, ink: Ink) {
        // The part of the bitmap that falls on the canvas.
        let (left, top) = (x + b.left, base + b.top);
        let cols =
            (-left).max(0) as usize..(self.width as i32 - left).clamp(0, b.width as i32) as usize;
        let rows =
            (-top).max(0) as usize..(self.height as i32 - top).clamp(0, b.height as i32) as usize;
        // Full coverage gives the plain ink whatever was under it; its
        // entry is looked up (so created) at the first full pixel, as
        // painting pixel by pixel would.
        let mut full: Option<u8> = None;
        for run in &b.runs {
            let row = run.row as usize;
            if !rows.contains(&row) {
                continue;
            }
            let (x0, x1) = (
                (run.x0 as usize).max(cols.start),
                (run.x1 as usize).min(cols.end),
            );
            if x0 >= x1 {
                continue;
            }
            let start = (top + row as i32) as usize * self.width;
            let p0 = start + (left + x0 as i32) as usize;
            let p1 = start + (left + x1 as i32) as usize;
            if run.full {
                let e = match full {
                    Some(e) => e,
                    None => {
                        let e = self.over(self.pixels[p0], ink, LEVELS);
                        full = Some(e);
                        e
                    }
                };
                self.pixels[p0..p1].fill(e);
            } else {
                let line = &b.coverage[row * b.width..(row + 1) * b.width];
                for (p, &q) in (p0..p1).zip(&line[x0..x1]) {
                    self.pixels[p] = self.over(self.pixels[p], ink, q as u16);
                }
            }
        }
    }

    /// The colour of pixel (x, y), for tests.
    pub fn rgb(&self, x: usize, y: usize) -> [u8; 3] {
        self.colour(self.entries[self.pixels[y * self.width + x] as usize])
    }

    fn colour(&self, (fg, bg, l): (u8, u8, u16)) -> [u8; 3] {
        let (f, b) = (Ink::from_u8(fg).rgb(), Ink::from_u8(bg).rgb());
        let mix = |f: u8, b: u8| -> u8 {
            ((f as u32 * l as u32 + b as u32 * (LEVELS - l) as u32 + LEVELS as u32 / 2)
                / LEVELS as u32) as u8
        };
        [mix(f[0], b[0]), mix(f[1], b[1]), mix(f[2], b[2])]
    }

    /// The picture as an 8-bit indexed PNG.
    pub fn png(&self) -> Result<Vec<u8>, String> {
        if self.overflow {
            return Err("more than 256 colours in the share picture".into());
        }
        let palette: Vec<u8> = self.entries.iter().flat_map(|&e| self.colour(e)).collect();
        let mut data = Vec::new();
        let mut encoder = png::Encoder::new(&mut data, self.width as u32, self.height as u32);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(palette);
        encoder.set_deflate_compression(png::DeflateCompression::FdeflateUltraFast);
        encoder.set_filter(png::Filter::Up);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer
            .write_image_data(&self.pixels)
            .map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
        Ok(data)
    }
}

fn clamp(v: i32, max: usize) -> usize {
    v.clamp(0, max as i32) as usize
}
