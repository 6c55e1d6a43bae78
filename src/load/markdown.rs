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

/// Renders Markdown to HTML that is safe to publish: raw HTML in the source
/// is shown as text, never passed through, and links may only use the
/// allowed schemes (others are dropped, keeping their text).
pub fn to_html(markdown: &str) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut dropped_links = 0usize;
    let events = Parser::new_ext(markdown, opts).filter_map(|ev| match ev {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { dest_url, .. }) if !link_allowed(&dest_url) => {
            dropped_links += 1;
            None
        }
        Event::End(TagEnd::Link) if dropped_links > 0 => {
            dropped_links -= 1;
            None
        }
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => {
            // A notice's own title is the page's only h1; shift body headings down.
            let level = match level {
                pulldown_cmark::HeadingLevel::H1 => pulldown_cmark::HeadingLevel::H2,
                l => l,
            };
            Some(Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }))
        }
        Event::End(TagEnd::Heading(pulldown_cmark::HeadingLevel::H1)) => Some(Event::End(
            TagEnd::Heading(pulldown_cmark::HeadingLevel::H2),
        )),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn link_allowed(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    crate::model::value::ALLOWED_SCHEMES
        .iter()
        .any(|s| lower.starts_with(s))
        || (!lower.contains(':') && !lower.starts_with("//"))
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
        assert!(h.contains("&lt;script&gt;"));
        assert!(!h.contains("javascript:"));
        assert!(h.contains(r#"<a href="https://a.vn">y</a>"#));
        assert!(h.contains("<h2>T</h2>"));
    }

    #[test]
    fn tables_become_lines_of_plain_text() {
        let t = to_text("Giờ:\n\n| Buổi | Giờ |\n|---|---|\n| Sáng | 07:30 – 11:30 |\n| Tối | 19:30 – 22:00 |\n");
        assert_eq!(t, "Giờ:\nSáng, 07:30 – 11:30\nTối, 19:30 – 22:00");
    }
}
