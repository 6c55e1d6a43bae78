//! Notices: YAML front matter between `---` lines, then Markdown.

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

/// Splits `---\n<yaml>\n---\n<markdown>`. Returns the YAML, the body, and
/// the 1-based line where the body starts (for positions in the body).
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text.strip_prefix("---\n")?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.lines().count() + 1;
            return Some((yaml, body, body_line));
        }
        offset += line.len();
    }
    None
}

/// Renders Markdown to HTML that is safe to publish. Raw HTML written in a
/// notice (a table pasted from Word, a `<br>`) is kept only as far as
/// [`sanitise`] allows; links may only use the allowed schemes (others are
/// dropped, keeping their text), and images are dropped since a page must
/// never load anything from outside the site.
pub fn to_html(markdown: &str) -> String {
    use pulldown_cmark::HeadingLevel as H;
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut dropped_links = 0usize;
    // A notice's own title is the page's only h1: body headings start at h2
    // and stop at h4, the levels the theme styles.
    let level = |l: H| match l {
        H::H1 | H::H2 => H::H2,
        H::H3 => H::H3,
        _ => H::H4,
    };
    let events = Parser::new_ext(markdown, opts).filter_map(|ev| match ev {
        Event::Start(Tag::Link { dest_url, .. }) if !link_allowed(&dest_url) => {
            dropped_links += 1;
            None
        }
        Event::End(TagEnd::Link) if dropped_links > 0 => {
            dropped_links -= 1;
            None
        }
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        // Column alignment would come out as inline `style`, which the
        // sanitiser drops anyway; leave it out from the start.
        Event::Start(Tag::Table(aligns)) => Some(Event::Start(Tag::Table(vec![
            pulldown_cmark::Alignment::None;
            aligns.len()
        ]))),
        Event::Start(Tag::Heading {
            level: l,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: level(l),
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(l)) => Some(Event::End(TagEnd::Heading(level(l)))),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    sanitise(&out)
}

/// Tags kept in a notice body; everything else is removed, keeping its text
/// (`<script>` and `<style>` lose their content too).
const ALLOWED_TAGS: [&str; 22] = [
    "p",
    "br",
    "strong",
    "em",
    "del",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "code",
    "pre",
    "hr",
];

/// Cleans rendered HTML with a tight allowlist (ammonia parses it the way a
/// browser would, so tricks like broken tags or encoded `javascript:` do not
/// slip through): no attributes except `a href` and `ol start`, links only
/// to http(s), tel, mailto, geo or a relative path, and every link gets
/// `rel="noopener"`.
pub fn sanitise(html: &str) -> String {
    let tags: std::collections::HashSet<&str> = ALLOWED_TAGS.into_iter().collect();
    let attrs = std::collections::HashMap::from([
        ("a", std::collections::HashSet::from(["href"])),
        ("ol", std::collections::HashSet::from(["start"])),
    ]);
    let schemes: std::collections::HashSet<&str> = crate::model::value::ALLOWED_SCHEMES
        .iter()
        .map(|s| s.trim_end_matches('/').trim_end_matches(':'))
        .collect();
    ammonia::Builder::empty()
        .tags(tags)
        .tag_attributes(attrs)
        .generic_attributes(std::collections::HashSet::new())
        .url_schemes(schemes)
        .url_relative(ammonia::UrlRelative::Custom(Box::new(keep_relative)))
        .link_rel(Some("noopener"))
        .strip_comments(true)
        .clean(html)
        .to_string()
}

fn keep_relative(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    stays_on_site(url).then_some(url.into())
}

/// A relative link stays on the site unless it starts with two slashes
/// (`//host`, or `\\host`, which browsers read the same way).
fn stays_on_site(url: &str) -> bool {
    let u = url.trim_start_matches(|c: char| c <= ' ');
    let mut head = u.chars().take(2).filter(|c| *c == '/' || *c == '\\');
    !(head.next().is_some() && head.next().is_some())
}

fn link_allowed(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    crate::model::value::ALLOWED_SCHEMES
        .iter()
        .any(|s| lower.starts_with(s))
        || (!lower
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("")
            .contains(':')
            && stays_on_site(&lower))
}

/// The body as plain text, paragraphs separated by blank lines. A table
/// becomes one line per row, cells joined by commas, without its header
/// row: it is read out on the loudspeaker, where "| Buổi | Giờ |" means nothing.
pub fn to_text(markdown: &str) -> String {
    let mut out = String::new();
    let mut in_head = false;
    for ev in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            _ if in_head => {}
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::TableCell) => out.push_str(", "),
            Event::End(TagEnd::TableRow) => {
                let row = out.trim_end_matches([',', ' ']).len();
                out.truncate(row);
                out.push('\n');
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let (y, b, l) = split_front_matter("---\ntitle: A\ndate: 2026-04-01\n---\nBody\n").unwrap();
        assert_eq!(y, "title: A\ndate: 2026-04-01\n");
        assert_eq!(b, "Body\n");
        assert_eq!(l, 5);
        assert!(split_front_matter("title: A\n").is_none());
        assert!(split_front_matter("---\ntitle: A\n").is_none());
    }

    #[test]
    fn raw_html_and_bad_links_do_not_pass() {
        let h = to_html(
            "Hi <script>alert(1)</script> [x](javascript:alert(1)) [y](https://a.vn)\n\n# T",
        );
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("alert(1)"), "script content removed: {h}");
        assert!(!h.contains("javascript:"));
        assert!(
            h.contains(r#"<a href="https://a.vn" rel="noopener">y</a>"#),
            "{h}"
        );
        assert!(h.contains("<h2>T</h2>"));
    }

    #[test]
    fn allowed_html_is_kept_and_the_rest_removed() {
        let h = to_html(concat!(
            "Giờ làm việc:<br>sáng <strong>7:30</strong>\n\n",
            "<p onclick=\"x()\" style=\"color:red\">Đoạn</p>\n\n",
            "<iframe src=\"https://evil.example\"></iframe>\n\n",
            "<a href=\"JaVaScRiPt:alert(1)\">a</a> <a href=\"tel:0961211369\">gọi</a> ",
            "<a href=\"//evil.example/x\">b</a> <img src=\"https://x.example/t.png\" onerror=\"x()\">\n\n",
            "<table><tr><td>Sáng</td><td>07:30</td></tr></table>\n\n",
            "<style>body{display:none}</style><h1>Tiêu đề</h1><h4>Nhỏ</h4>",
        ));
        for kept in [
            "<br>",
            "<strong>7:30</strong>",
            "<p>Đoạn</p>",
            r#"<a href="tel:0961211369" rel="noopener">gọi</a>"#,
            "<td>Sáng</td>",
            "<h4>Nhỏ</h4>",
        ] {
            assert!(h.contains(kept), "{kept} missing from {h}");
        }
        for gone in [
            "onclick",
            "style",
            "iframe",
            "evil",
            "javascript",
            "JaVaScRiPt",
            "<img",
            "onerror",
            "display:none",
            "<h1>",
        ] {
            assert!(!h.contains(gone), "{gone} left in {h}");
        }
        assert!(h.contains("Tiêu đề"), "text of a dropped tag is kept: {h}");
    }

    #[test]
    fn headings_are_clamped_and_tables_carry_no_style() {
        let h = to_html("# A\n\n###### F\n\n| a | b |\n|--:|:-:|\n| 1 | 2 |\n");
        assert!(h.contains("<h2>A</h2>") && h.contains("<h4>F</h4>"), "{h}");
        assert!(h.contains("<td>1</td>") && !h.contains("style"), "{h}");
    }

    #[test]
    fn tables_become_lines_of_plain_text() {
        let t = to_text("Giờ:\n\n| Buổi | Giờ |\n|---|---|\n| Sáng | 07:30 – 11:30 |\n| Tối | 19:30 – 22:00 |\n");
        assert_eq!(t, "Giờ:\nSáng, 07:30 – 11:30\nTối, 19:30 – 22:00");
    }
}
