//! QR codes made by `loa::render::qr::svg` are read back by a real decoder
//! (resvg rasterises, rqrr decodes), and their geometry follows the standard:
//! error correction M, a 4-module quiet zone.

mod common;

use common::qr::{decode_svg, decode_svg_detailed, extract_svgs, module_grid, with_xmlns};
use loa::render::qr::{svg, QrError, MAX_BYTES, QUIET_ZONE};

const SVG_NS_ATTR: &str = " xmlns=\"http://www.w3.org/2000/svg\"";

/// A URL of exactly 300 characters, with a query string and `&`s.
fn url_300() -> String {
    let mut u = String::from("https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001234&tinh=79&xa=26734&lang=vi&utm_source=loa&ref=");
    while u.len() < 300 {
        u.push(char::from(b'a' + (u.len() % 26) as u8));
    }
    assert_eq!(u.len(), 300);
    u
}

fn samples() -> Vec<String> {
    vec![
        "https://dichvucong.bocongan.gov.vn".to_string(),
        "https://vneid.gov.vn/".to_string(),
        "https://dichvucong.gov.vn/p/home/dvc-tim-kiem-thu-tuc.html?keyword=c%C6%B0%20tr%C3%BA&agency=BCA&page=2#ket-qua".to_string(),
        "tel:0961211369".to_string(),
        url_300(),
        // Not a case the site should produce (slugs are ASCII), but byte-mode
        // UTF-8 must survive too.
        "https://phuong.vn/thông-báo?q=Bến Nghé&x=<1>".to_string(),
    ]
}

#[test]
fn round_trip() -> Result<(), Box<dyn std::error::Error>> {
    for u in samples() {
        let svg = svg(&u)?;
        assert_eq!(decode_svg(&svg)?, vec![u.clone()], "round trip of {u}");
    }
    Ok(())
}

#[test]
fn round_trip_from_html_without_xmlns() -> Result<(), Box<dyn std::error::Error>> {
    let urls = samples();
    let mut html = String::from("<!doctype html><html lang=\"vi\"><body><main>");
    html.push_str("<svg class=\"icon\" viewBox=\"0 0 1 1\"><path d=\"M0 0h1v1H0z\"/></svg>");
    for u in &urls {
        let s = svg(u)?;
        assert!(s.contains(SVG_NS_ATTR));
        // As an HTML serialiser might write it: no namespace declaration.
        html.push_str(&format!("<figure>{}</figure>", s.replace(SVG_NS_ATTR, "")));
    }
    html.push_str("</main></body></html>");

    let found = extract_svgs(&html);
    assert_eq!(found.len(), urls.len());
    for (fragment, u) in found.iter().zip(&urls) {
        assert!(!fragment.contains("xmlns"));
        assert!(with_xmlns(fragment).contains(SVG_NS_ATTR));
        assert_eq!(decode_svg(fragment)?, vec![u.clone()]);
    }
    Ok(())
}

#[test]
fn error_correction_is_m() -> Result<(), Box<dyn std::error::Error>> {
    for u in samples() {
        let svg = svg(&u)?;
        // From the geometry: the format information next to the finders.
        let grid = module_grid(&svg)?;
        let level = format_ec_level(&grid)?;
        assert!(matches!(level, 'M' | 'Q' | 'H'), "{u}: level {level}");
        assert_eq!(level, 'M', "{u}");
        // And as a decoder reads it.
        let decoded = decode_svg_detailed(&svg)?;
        assert_eq!(decoded.len(), 1);
        assert_eq!(decoded[0].ec_level, 'M', "{u}");
        let symbol = grid.len() - 2 * QUIET_ZONE;
        assert_eq!(symbol, 17 + 4 * decoded[0].version, "{u}: size vs version");
    }
    Ok(())
}

#[test]
fn quiet_zone_is_four_modules() -> Result<(), Box<dyn std::error::Error>> {
    assert_eq!(QUIET_ZONE, 4);
    for u in samples() {
        let svg = svg(&u)?;
        let grid = module_grid(&svg)?;
        let n = grid.len();
        let q = QUIET_ZONE;
        let view_box = format!("viewBox=\"0 0 {n} {n}\"");
        assert!(svg.contains(&view_box), "{u}: {view_box}");
        for (y, row) in grid.iter().enumerate() {
            assert_eq!(row.len(), n);
            for (x, &dark) in row.iter().enumerate() {
                let in_zone = x < q || y < q || x >= n - q || y >= n - q;
                assert!(
                    !(in_zone && dark),
                    "{u}: dark module ({x}, {y}) in the quiet zone"
                );
            }
        }
        // The three finder patterns sit right against the quiet zone.
        for (fx, fy) in [(q, q), (n - q - 7, q), (q, n - q - 7)] {
            for dy in 0..7 {
                for dx in 0..7 {
                    let ring = dx.min(dy).min(6 - dx).min(6 - dy);
                    assert_eq!(
                        grid[fy + dy][fx + dx],
                        ring != 1,
                        "{u}: finder at ({fx}, {fy}), module ({dx}, {dy})"
                    );
                }
            }
        }
    }
    Ok(())
}

#[test]
fn too_long_is_an_error() {
    let long = format!("https://x.vn/?q={}", "a".repeat(MAX_BYTES));
    let err = svg(&long).expect_err("too long for any QR code");
    assert!(matches!(err, QrError::TooLong { bytes } if bytes == long.len()));
    assert!(err.to_string().contains("too long"), "{err}");
}

#[test]
fn extract_svgs_matches_the_qr_class_only() {
    let html = "<p>a</p><svg class=\"icon\"><path d=\"M0 0\"/></svg>\
                <SVG Class='big qr' data-x='1>2' viewBox=\"0 0 1 1\"><svg><rect/></svg><title>x</title></SVG>\
                <svg class=\"qrcode\"></svg><svg class=qr /><svgx class=\"qr\"></svgx>\
                <svg class=\"qr\"><rect/>";
    assert_eq!(
        extract_svgs(html),
        vec![
            "<SVG Class='big qr' data-x='1>2' viewBox=\"0 0 1 1\"><svg><rect/></svg><title>x</title></SVG>",
            "<svg class=qr />",
        ]
    );
}

#[test]
fn with_xmlns_only_when_missing() {
    assert_eq!(
        with_xmlns("<svg class=\"qr\"></svg>"),
        format!("<svg{SVG_NS_ATTR} class=\"qr\"></svg>")
    );
    let has = format!("<svg{SVG_NS_ATTR}></svg>");
    assert_eq!(with_xmlns(&has), has);
    let xlink_only = "<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\"></svg>";
    assert!(with_xmlns(xlink_only).starts_with(&format!("<svg{SVG_NS_ATTR} xmlns:xlink")));
}

/// The error-correction level in the format information of a module grid
/// (quiet zone included), read from both copies, which must agree and be
/// valid BCH codewords.
fn format_ec_level(grid: &[Vec<bool>]) -> Result<char, String> {
    let q = QUIET_ZONE;
    let size = grid.len() - 2 * q;
    let at = |x: usize, y: usize| -> u32 { u32::from(grid[y + q][x + q]) };
    // Bit i of the 15-bit word, positions as in ISO/IEC 18004 figure 25.
    let mut first = 0u32;
    let mut second = 0u32;
    for i in 0..15 {
        let a = match i {
            0..=5 => at(8, i),
            6 => at(8, 7),
            7 => at(8, 8),
            8 => at(7, 8),
            _ => at(14 - i, 8),
        };
        let b = if i < 8 {
            at(size - 1 - i, 8)
        } else {
            at(8, size - 15 + i)
        };
        first |= a << i;
        second |= b << i;
    }
    if first != second {
        return Err(format!(
            "format copies differ: {first:015b} vs {second:015b}"
        ));
    }
    if at(8, size - 8) != 1 {
        return Err("the dark module is missing".to_string());
    }
    let data = (0..32u32)
        .find(|&d| format_word(d) == first)
        .ok_or_else(|| format!("{first:015b} is not a valid format word"))?;
    Ok(match data >> 3 {
        0 => 'M',
        1 => 'L',
        2 => 'H',
        _ => 'Q',
    })
}

/// The masked 15-bit format word for 5 data bits (level and mask).
fn format_word(data: u32) -> u32 {
    let mut rem = data;
    for _ in 0..10 {
        rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    }
    ((data << 10) | rem) ^ 0x5412
}

#[test]
fn decodes_svgs_sized_in_pixels_and_reports_absence() -> Result<(), Box<dyn std::error::Error>> {
    let u = "https://vneid.gov.vn/";
    // A tiny width/height makes 8 px per user unit far too coarse; the
    // helper must retry larger.
    let small = svg(u)?.replacen("<svg ", "<svg width=\"10\" height=\"10\" ", 1);
    assert_eq!(decode_svg(&small)?, vec![u.to_string()]);
    // No QR code at all: nothing decoded, not an error.
    let blank = "<svg viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\" fill=\"#fff\"/></svg>";
    assert_eq!(decode_svg(blank)?, Vec::<String>::new());
    assert!(decode_svg("<svg><unclosed></svg>").is_err());
    Ok(())
}
