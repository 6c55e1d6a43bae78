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
        return Err(Diagnostic::error(
            shown_as,
            0,
            0,
            Text::new(
                format!("tệp quá lớn ({} MB), giới hạn là 5 MB", meta.len() / (1024 * 1024)),
                format!("the file is too large ({} MB); the limit is 5 MB", meta.len() / (1024 * 1024)),
            ),
        )
        .with_hint(Text::new(
            "Kiểm tra có đặt nhầm tệp vào thư mục nội dung không; chia nội dung dài thành nhiều tệp.",
            "Check that the file was not put in the content folder by mistake; split long content.",
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(shown_as, &e))?;
    decode(&bytes, shown_as)
}

/// Decodes bytes already read; see [`read`].
pub fn decode(bytes: &[u8], shown_as: &Path) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(encoding_error(shown_as, 1, "UTF-16"));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match simdutf8::compat::from_utf8(bytes) {
        Ok(s) => {
            if s.contains('\0') {
                return Err(encoding_error(shown_as, 1, "UTF-16"));
            }
            Ok(if s.contains('\r') {
                s.replace("\r\n", "\n").replace('\r', "\n")
            } else {
                s.to_string()
            })
        }
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            Err(encoding_error(shown_as, line, "Windows-1258 / TCVN3"))
        }
    }
}

fn encoding_error(file: &Path, line: usize, guess: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        line,
        0,
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
    fn legacy_encodings_are_refused_with_line() {
        // "Tứ" in Windows-1258 is not valid UTF-8.
        let e = decode(b"id: a\nname: T\xF9 Minh\n", Path::new("x")).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.vi.contains("UTF-8"));
        let e = decode(b"\xFF\xFEi\0d\0", Path::new("x")).unwrap_err();
        assert!(e.message.en.contains("UTF-16"));
    }
}
