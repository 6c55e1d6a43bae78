//! Nothing unsafe gets through: hostile text in every kind of content file
//! comes out escaped or sanitised in the built pages.

mod common;

use std::path::Path;

use common::fuzz::assert_safe_html;
use common::site::{build, copy_site, html_files, read, repo};

const SCRIPT: &str = "<script>alert(1)</script>";

fn edit(site: &Path, file: &str, find: &str, with: &str) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(text.matches(find).count(), 1, "{file}: {find}");
    std::fs::write(&path, text.replacen(find, with, 1)).expect("write");
}

/// The inside of every tag of a page (`a href="x"`), quotes respected.
fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = html.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '<' {
            continue;
        }
        let mut quote: Option<char> = None;
        let mut end = html.len();
        for (j, c) in chars.by_ref() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = j;
                    break;
                }
                _ => {}
            }
        }
        out.push(html[i + 1..end].to_string());
    }
    out
}

/// What is wrong with one tag, if anything: a dangerous element, an event
/// handler, script in a link, or anything loaded from outside the site.
fn check_tag(tag: &str) -> Option<String> {
    let name: String = tag
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if tag.starts_with('/') {
        return None;
    }
    if [
        "script", "style", "iframe", "object", "embed", "form", "input", "img", "base",
    ]
    .contains(&name.as_str())
    {
        return Some(format!("element {name}"));
    }
    let mut rest = &tag[name.len().min(tag.len())..];
    while let Some(eq) = rest.find('=') {
        let attr = rest[..eq]
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_ascii_lowercase();
        let after = rest[eq + 1..].trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let close = after[1..].find(q).map_or(after.len(), |k| k + 1);
                (&after[1..close], &after[(close + 1).min(after.len())..])
            }
            _ => {
                let stop = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..stop], &after[stop..])
            }
        };
        let v = value.trim().to_ascii_lowercase();
        if attr.starts_with("on") || attr == "http-equiv" || attr == "srcdoc" {
            return Some(format!("event handler {attr}"));
        }
        if (attr == "href" || attr == "src" || attr == "action")
            && (v.starts_with("javascript:") || v.starts_with("data:") || v.starts_with("//"))
        {
            return Some(format!("{attr}={value}"));
        }
        if (attr == "src" || attr == "action") && v.contains("://") {
            return Some(format!("loads from outside: {attr}={value}"));
        }
        if attr == "href" && name == "link" && v.contains("://") {
            return Some(format!("loads from outside: {value}"));
        }
        rest = next;
    }
    None
}

/// The notice body, the only author HTML that reaches a page unescaped.
fn prose(html: &str) -> &str {
    let start = html.find(r#"<div class="prose">"#).expect("prose block");
    let rest = &html[start + r#"<div class="prose">"#.len()..];
    // The sanitised body holds no <div>, so the first closing one ends it.
    &rest[..rest.find("</div>").expect("end of prose")]
}

#[test]
fn hostile_content_is_escaped_or_sanitised() {
    let site = copy_site(&repo().join("content/tu-minh"));
    let s = site.path();
    edit(
        s,
        "campaigns/dinh-danh-6-14.yaml",
        "short_title: Định danh điện tử mức 2 cho trẻ 6–14 tuổi",
        &format!("short_title: \"Định danh {SCRIPT}\""),
    );
    edit(
        s,
        "locations.yaml",
        "  name: Công an phường Thạch Khôi",
        "  name: \"Công an \\\"><img src=x onerror=alert(1)> Thạch Khôi\"",
    );
    // Lands in the JSON-LD of the location page, inside a <script>.
    edit(
        s,
        "locations.yaml",
        "  name: Trụ sở Công an phường Tứ Minh",
        "  name: \"Trụ sở </script><script>alert(1)</script><!--<script> Tứ Minh\"",
    );
    edit(
        s,
        "site.yaml",
        "    title: Ứng dụng VNeID",
        "    title: \"VNeID' onmouseover='alert(1)\"",
    );
    std::fs::write(
        s.join("notices/doc-hai.md"),
        format!(
            "---\ntitle: \"Thông báo {SCRIPT}\"\ndate: 2026-04-19\n---\n\n\
             Giờ làm việc:<br>sáng <strong>07:30</strong> {SCRIPT}\n\n\
             <p onclick=\"steal()\" style=\"position:fixed\">Đoạn</p>\n\n\
             <iframe src=\"https://evil.example/\"></iframe>\n\n\
             <a href=\"javascript:alert(1)\">bấm</a> <a href=\"JAVASCRIPT:alert(1)\">bấm</a> \
             [đây](javascript:alert(1)) <a href=\"//evil.example/\">xa</a> \
             <a href=\"tel:0961211369\">gọi</a> [cổng](https://dichvucong.gov.vn)\n\n\
             <img src=\"https://tracker.example/p.gif\"> ![ảnh](https://tracker.example/q.png)\n\n\
             <style>body{{color:#c0ffee}}</style><form action=\"https://evil.example\"><input name=p></form>\n\n\
             | Buổi | Giờ |\n|---|---|\n| Sáng | 07:30 |\n"
        ),
    )
    .expect("write notice");

    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    build(s, &out).unwrap_or_else(|e| panic!("{e}"));

    // The theme's own tags (its scripts, style, search form, JSON-LD
    // element) are whatever the same site without the hostile text has.
    let clean_out = dir.path().join("clean");
    build(&repo().join("content/tu-minh"), &clean_out).unwrap_or_else(|e| panic!("{e}"));
    let theme_tags: std::collections::HashSet<String> = html_files(&clean_out)
        .iter()
        .flat_map(|rel| tags(&read(&clean_out, rel)))
        .collect();

    let mut pages = 0;
    for rel in html_files(&out) {
        let html = read(&out, &rel);
        for tag in tags(&html) {
            if theme_tags.contains(&tag) {
                continue;
            }
            let problem = check_tag(&tag);
            assert!(problem.is_none(), "{rel}: {problem:?} in <{tag}>");
        }
        // Text may mention anything, escaped; no tag may come from content.
        assert!(!html.contains(SCRIPT), "{rel}: raw script");
        assert!(
            !html.contains("c0ffee"),
            "{rel}: a notice's <style> got through"
        );
        // JSON-LD holds author text inside <script>: no `<` at all, and it
        // still parses as JSON.
        let mut rest = html.as_str();
        while let Some(i) = rest.find(r#"<script type="application/ld+json">"#) {
            rest = &rest[i + r#"<script type="application/ld+json">"#.len()..];
            let end = rest.find("</script>").expect("closed");
            let json = &rest[..end];
            assert!(!json.contains('<'), "{rel}: `<` inside JSON-LD: {json}");
            serde_json::from_str::<serde_json::Value>(json)
                .unwrap_or_else(|e| panic!("{rel}: JSON-LD does not parse: {e}"));
            rest = &rest[end..];
        }
        pages += 1;
    }
    assert!(pages > 5);

    // Plain text fields are escaped, so the words stay visible.
    let campaign = read(&out, "chien-dich/dinh-danh-6-14/index.html");
    assert!(
        campaign.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || campaign.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the title is shown as text"
    );

    // The notice body keeps the harmless formatting and nothing else.
    let notice = read(&out, "thong-bao/doc-hai/index.html");
    let body = prose(&notice);
    assert_safe_html(body);
    for kept in [
        "<br>",
        "<strong>07:30</strong>",
        "<p>Đoạn</p>",
        r#"<a href="tel:0961211369" rel="noopener">gọi</a>"#,
        r#"<a href="https://dichvucong.gov.vn" rel="noopener">cổng</a>"#,
        "<td>Sáng</td>",
    ] {
        assert!(body.contains(kept), "notice lost {kept}: {body}");
    }
}

/// Templates mark as safe only what Loa made safe. Everything else is
/// escaped. A new `| safe` fails this test until it is reviewed and listed.
#[test]
fn templates_only_trust_sanitised_html() {
    let dir = repo().join("themes/default/templates");
    let mut found = Vec::new();
    for e in walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let text = std::fs::read_to_string(e.path()).expect("read");
        let mut rest = text.as_str();
        while let Some(i) = rest.find("{{") {
            let end = rest[i..].find("}}").map_or(rest.len(), |j| i + j + 2);
            let expr = &rest[i..end];
            if expr.contains("safe") {
                found.push(expr.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            rest = &rest[end..];
        }
        assert!(
            !text.contains("autoescape false"),
            "{}: autoescape turned off",
            e.path().display()
        );
    }
    found.sort();
    found.dedup();
    assert_eq!(
        found,
        [
            // Notice bodies: Markdown through markdown::sanitise.
            "{{ body_html | safe }}",
            // The theme's own style sheet, inlined in 404.html.
            "{{ inline_css | safe }}",
            // render::jsonld::script_json: JSON with every `<` escaped.
            "{{ jsonld | safe }}",
            // QR codes drawn by Loa (render::qr), URL attribute-escaped.
            "{{ link.qr | safe }}",
            // The same QR SVG on posters (render::poster takes it from QrCache).
            "{{ poster.qr | safe }}",
            // stats/<campaign>/ghi-chu.md: Markdown through markdown::to_html.
            "{{ progress.note_html | safe }}",
            // Charts drawn by render::progress; names through its esc().
            "{{ s.bars | safe }}",
            "{{ s.trend | safe }}",
        ],
        "a template trusts something new; sanitise it in Rust first"
    );
}
