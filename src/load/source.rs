//! Reading a content file as text, whatever the office's editor saved.

use std::path::Path;

use crate::error::{Diagnostic, Text};

/// Content files larger than this are refused: no plan or notice is near it,
/// and reading a stray video or database dump would stall the build.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// Reads `path` as UTF-8 text: a byte-order mark is dropped and Windows line
/// ends become `\n`. UTF-16 and legacy encodings (Windows-1258, TCVN3) are
/// refused with a hint on how to re-save, since guessing would corrupt
/// Vietnamese letters.
pub fn read(path: &Path, shown_as: &Path) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(shown_as, &e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(shown_as, meta.len()));
    }
    // Read at most one byte past the limit: a file that grows after the
    // size check, or a device or pipe that reports no size, cannot stall
    // the build or fill memory.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            use std::io::Read;
            f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)
        })
        .map_err(|e| io_error(shown_as, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(shown_as, bytes.len() as u64));
    }
    decode(&bytes, shown_as)
}

fn too_large(shown_as: &Path, len: u64) -> Diagnostic {
    let mb = len.div_ceil(1024 * 1024);
    Diagnostic::error(
        shown_as,
        0,
        0,
        Text::new(
            format!("tệp quá lớn (hơn {mb} MB), giới hạn là 5 MB"),
            format!("the file is too large (over {mb} MB); the limit is 5 MB"),
        ),
    )
    .with_hint(Text::new(
        "Kiểm tra có đặt nhầm tệp vào thư mục nội dung không; chia nội dung dài thành nhiều tệp.",
        "Check that the file was not put in the content folder by mistake; split long content.",
    ))
}

/// Decodes bytes already read; see [`read`].
pub fn decode(bytes: &[u8], shown_as: &Path) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(encoding_error(shown_as, 1, 1, "UTF-16"));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match simdutf8::compat::from_utf8(bytes) {
        Ok(s) => {
            if s.contains('\0') {
                return Err(encoding_error(shown_as, 1, 1, "UTF-16"));
            }
            // YAML also ends lines at NEL, U+2028 and U+2029 (Word and PDFs
            // paste them); make them plain line ends so every reader counts
            // lines the same way and positions point at the right line.
            let odd_break = |c: char| matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
            Ok(if has_odd_break(s.as_bytes()) {
                s.replace("\r\n", "\n").replace(odd_break, "\n")
            } else {
                s.to_string()
            })
        }
        Err(e) => {
            // Point at the first byte that is not UTF-8: its line, and its
            // column counted in letters of the readable part before it.
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column =
                std::str::from_utf8(&good[line_start..]).map_or(0, |s| s.chars().count()) + 1;
            Err(encoding_error(
                shown_as,
                line,
                column,
                "Windows-1258 / TCVN3",
            ))
        }
    }
}

/// Whether valid UTF-8 holds `\r`, NEL (C2 85), U+2028 or U+2029
/// (E2 80 A8/A9): a byte scan, since this runs over every source file.
fn has_odd_break(b: &[u8]) -> bool {
    memchr::memchr3_iter(b'\r', 0xC2, 0xE2, b).any(|i| match b[i] {
        b'\r' => true,
        0xC2 => b.get(i + 1) == Some(&0x85),
        _ => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)),
    })
}

fn encoding_error(file: &Path, line: usize, column: usize, guess: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        line,
        column,
        Text::new(
            format!("tệp không được lưu bằng bảng mã UTF-8 (có thể là {guess}), chữ tiếng Việt sẽ bị lỗi"),
            format!("the file is not saved as UTF-8 (perhaps {guess}); Vietnamese letters would break"),
        ),
    )
    .with_hint(Text::new(
        "Mở tệp bằng Notepad hoặc VS Code, chọn Lưu thành (Save as) với Encoding: UTF-8. Nếu dùng font TCVN3 (.VnTime), chuyển sang Unicode bằng Unikey (Công cụ chuyển mã) trước.",
        "Open the file in Notepad or VS Code and Save As with Encoding: UTF-8. Text typed in TCVN3 fonts (.VnTime) must first be converted to Unicode (e.g. Unikey's converter).",
    ))
}

fn io_error(file: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        file,
        0,
        0,
        Text::new(
            format!("không đọc được tệp: {e}"),
            format!("cannot read the file: {e}"),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let s = decode(b"\xEF\xBB\xBFa: 1\r\nb: 2\r\n", Path::new("x")).unwrap();
        assert_eq!(s, "a: 1\nb: 2\n");
    }

    #[test]
    fn every_kind_of_line_end_becomes_newline() {
        let s = decode(
            "a: 1\u{85}b: 2\u{2028}c: 3\u{2029}d: 4\re: 5\n".as_bytes(),
            Path::new("x"),
        )
        .unwrap();
        assert_eq!(s, "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n");
    }

    #[test]
    fn legacy_encodings_are_refused_with_line() {
        // "Tứ" in Windows-1258 is not valid UTF-8.
        let e = decode(b"id: a\nname: T\xF9 Minh\n", Path::new("x")).unwrap_err();
        assert_eq!((e.line, e.column), (2, 8));
        assert!(e.message.vi.contains("UTF-8"));
        let e = decode(b"\xFF\xFEi\0d\0", Path::new("x")).unwrap_err();
        assert!(e.message.en.contains("UTF-16"));
    }
}
