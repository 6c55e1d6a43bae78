//! What `loa serve` adds to pages: the reload script tag and the error
//! overlay. Only served responses get them; `loa build` output never does.

use crate::error::Diagnostic;
use crate::i18n::Lang;

/// The script the tag loads, from `/__loa/live.js` (a file, not inline, so a
/// page's `script-src 'self'` policy allows it).
pub const SCRIPT: &str = include_str!("live.js");

/// Served instead of the offline worker (`sw.js`): no fetch handler, so
/// nothing is ever answered from a cache; it removes Loa's caches and itself.
pub const NO_WORKER: &str = "// loa serve: no offline copies in the preview, so a saved change always shows.
self.addEventListener(\"install\", () => self.skipWaiting());
self.addEventListener(\"activate\", (e) => {
  e.waitUntil(
    caches.keys()
      .then((ks) => Promise.all(ks.filter((k) => k.startsWith(\"loa:\")).map((k) => caches.delete(k))))
      .then(() => self.registration.unregister())
  );
});
";

/// Where the script and the event stream live; no site page can be there,
/// since page paths come from slugs.
pub const SCRIPT_PATH: &str = "/__loa/live.js";
pub const EVENTS_PATH: &str = "/__loa/events";

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The page's bytes with the reload script before `</body>` (and, for a
/// 404 page shown at another path, a `<base>` so its relative links work).
/// `key` is the output path the tab shows, `version` its current version
/// (0: no such file yet).
pub fn inject(html: &[u8], key: &str, version: u64, base: Option<&str>) -> Vec<u8> {
    let tag = format!(
        r#"<script src="{SCRIPT_PATH}" data-key="{}" data-v="{version:016x}"></script>"#,
        escape(key)
    );
    let mut out = Vec::with_capacity(html.len() + tag.len() + 64);
    let mut rest = html;
    if let Some(base) = base {
        if let Some(head) = find_ci(html, b"<head")
            .and_then(|i| html[i..].iter().position(|b| *b == b'>').map(|j| i + j + 1))
        {
            out.extend_from_slice(&html[..head]);
            out.extend_from_slice(format!(r#"<base href="{}">"#, escape(base)).as_bytes());
            rest = &html[head..];
        }
    }
    match rfind_ci(rest, b"</body>") {
        Some(i) => {
            out.extend_from_slice(&rest[..i]);
            out.extend_from_slice(tag.as_bytes());
            out.extend_from_slice(&rest[i..]);
        }
        None => {
            out.extend_from_slice(rest);
            out.extend_from_slice(tag.as_bytes());
        }
    }
    out
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn rfind_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// Errors shown at most; the terminal has the rest.
const MAX_SHOWN: usize = 10;

/// The overlay's inner HTML: each error in the words `loa build` prints
/// ([`Diagnostic::render`]), escaped. `None` when there is no error.
pub fn overlay(errors: &[Diagnostic], lang: Lang) -> Option<String> {
    if errors.is_empty() {
        return None;
    }
    let mut html = format!(
        "<p><strong>{}</strong> {}</p>",
        escape(&match lang {
            Lang::Vi => format!("Có {} lỗi, trang chưa được cập nhật.", errors.len()),
            Lang::En => format!("{} error(s): the page was not updated.", errors.len()),
        }),
        escape(lang.pick(
            "Bên dưới là bản đúng gần nhất. Sửa tệp rồi lưu lại, trang sẽ tự cập nhật.",
            "Below is the last good version. Fix the file and save; the page updates by itself.",
        )),
    );
    for d in errors.iter().take(MAX_SHOWN) {
        html.push_str(&format!(
            r#"<pre data-file="{}" data-line="{}" data-column="{}">{}</pre>"#,
            escape(&d.file.display().to_string()),
            d.line,
            d.column,
            escape(&d.render(lang))
        ));
    }
    if errors.len() > MAX_SHOWN {
        html.push_str(&format!(
            "<p>{}</p>",
            escape(&match lang {
                Lang::Vi => format!(
                    "… và {} lỗi khác (xem cửa sổ lệnh).",
                    errors.len() - MAX_SHOWN
                ),
                Lang::En => format!(
                    "… and {} more (see the terminal).",
                    errors.len() - MAX_SHOWN
                ),
            })
        ));
    }
    Some(html)
}

/// A whole page for when no build has succeeded yet: the errors, and the
/// script that reloads once the site builds.
pub fn error_page(overlay_html: &str, key: &str, lang: Lang) -> Vec<u8> {
    let title = lang.pick("Loa – chưa tạo được trang", "Loa – the site did not build");
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n</head>\n<body>\n<h1>{}</h1>\n<div id=\"loa-error-page\">{}</div>\n</body>\n</html>\n",
        lang.code(),
        escape(title),
        escape(title),
        overlay_html
    );
    inject(page.as_bytes(), key, 0, None)
}

/// The 404 page when the site has none (a province root).
pub fn plain_not_found(lang: Lang) -> Vec<u8> {
    let title = lang.pick("Không tìm thấy trang", "Page not found");
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>\n<p><a href=\"/\">{}</a></p>\n</body>\n</html>\n",
        lang.code(),
        lang.pick("Về trang chủ", "Home")
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>a</p><!-- </body> --></BODY></html>";
        let out = String::from_utf8(inject(html, "a/index.html", 255, None)).unwrap();
        assert!(out.ends_with(
            r#"<script src="/__loa/live.js" data-key="a/index.html" data-v="00000000000000ff"></script></BODY></html>"#
        ));
        assert_eq!(out.matches("<script").count(), 1);
    }

    #[test]
    fn base_goes_right_after_head() {
        let out = inject(
            b"<html><head lang=\"vi\"><title>x</title></head><body></body>",
            "x",
            0,
            Some("/tu-minh/"),
        );
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains(r#"<head lang="vi"><base href="/tu-minh/"><title>"#),
            "{out}"
        );
    }

    #[test]
    fn overlay_escapes_and_uses_the_cli_words() {
        let d = Diagnostic::error(
            Path::new("content/<x>.yaml"),
            3,
            7,
            crate::error::Text::new("sai <script>alert(1)</script> & \"x\"", "bad"),
        )
        .with_source("a\nb\nname: <b>x</b>\n");
        let html = overlay(std::slice::from_ref(&d), Lang::Vi).unwrap();
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<b>x</b>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
        assert!(html.contains(&escape(&d.render(Lang::Vi))));
        assert!(html.contains("content/&lt;x&gt;.yaml:3:7"));
        assert!(overlay(&[], Lang::Vi).is_none());
    }
}
