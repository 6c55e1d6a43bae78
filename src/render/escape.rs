//! One way to escape text for the formats Loa writes by hand (XML, HTML
//! attributes, iCalendar): each format only names which ASCII bytes to
//! replace and with what.

/// `s` with every byte that `rep` maps replaced by its text. The bytes
/// replaced are ASCII, so the runs between them are copied whole and never
/// split a letter (this runs over whole notices, so it must be cheap).
pub fn replace_ascii(s: &str, rep: impl Fn(u8) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        if !b.is_ascii() {
            continue;
        }
        if let Some(r) = rep(b) {
            out.push_str(&s[from..i]);
            out.push_str(r);
            from = i + 1;
        }
    }
    out.push_str(&s[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_named_bytes_and_keeps_letters_whole() {
        let amp = |b| (b == b'&').then_some("&amp;");
        assert_eq!(replace_ascii("Sáng & chiều", amp), "Sáng &amp; chiều");
        assert_eq!(replace_ascii("&&", amp), "&amp;&amp;");
        assert_eq!(replace_ascii("", amp), "");
        let drop = |b: u8| (b == b'\r').then_some("");
        assert_eq!(replace_ascii("a\r\nđ", drop), "a\nđ");
    }
}
