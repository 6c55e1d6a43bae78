//! The bodies of the cargo-fuzz targets (`fuzz/fuzz_targets/*.rs`), shared
//! with `tests/fuzz_regressions.rs` so every saved crash input keeps being run
//! through exactly the code that crashed.
//!
//! Each body feeds raw bytes to one reader and checks what a ward officer
//! would see: no panic, and every problem names a line and column.

#![allow(dead_code)] // each fuzz target uses one body

use std::path::Path;

use loa::error::Diagnostic;
use loa::i18n::Lang;
use loa::load::{markdown, source, yaml};
use loa::model::{Campaign, FrontMatter};

/// A diagnostic about content must point into it and render in both languages.
fn check_diagnostic(d: &Diagnostic, text: &str) {
    assert!(
        d.line >= 1 && d.column >= 1,
        "no position: {}",
        d.render(Lang::En)
    );
    assert!(
        d.line <= text.lines().count().max(1) + 1,
        "line {} past the end of a {}-line text",
        d.line,
        text.lines().count()
    );
    for lang in [Lang::Vi, Lang::En] {
        let shown = d.render(lang);
        assert!(
            !shown.contains(" at line ") || text.contains(" at line "),
            "serde position left in: {shown}"
        );
    }
    // The parser's own English must not reach the Vietnamese message. The
    // author's own words are echoed in messages and may say anything, so a
    // phrase that is in the input does not count.
    let vi = format!(
        "{} {}",
        d.message.vi,
        d.hint.as_ref().map_or("", |h| h.vi.as_str())
    );
    for w in [
        "while scanning",
        "while parsing",
        "did not find",
        "invalid type",
        "expected ",
    ] {
        assert!(
            !vi.contains(w) || text.contains(w),
            "untranslated `{w}`: {}",
            d.render(Lang::Vi)
        );
    }
}

/// `campaigns/<id>.yaml`: bytes → text → typed plan.
pub fn yaml_campaign(data: &[u8]) {
    let file = Path::new("campaigns/x.yaml");
    let text = match source::decode(data, file) {
        Ok(t) => t,
        Err(d) => {
            assert!(d.line >= 1, "encoding error without a line");
            return;
        }
    };
    if let Err(d) = yaml::parse::<Campaign>(file, &text) {
        check_diagnostic(&d, &text);
    }
    // Positions are looked up for every validation problem.
    let p = yaml::Positions::index(&text);
    let _ = p.of("schedules.0.shifts.1.end");
}

/// `notices/<id>.md`: bytes → text → front matter + body.
pub fn front_matter(data: &[u8]) {
    let file = Path::new("notices/x.md");
    let Ok(text) = source::decode(data, file) else {
        return;
    };
    let Some((front, body, body_line)) = markdown::split_front_matter(&text) else {
        return;
    };
    assert!(text.contains(front) && text.ends_with(body));
    assert!(body_line >= 3 && body_line <= text.lines().count() + 2);
    if let Err(d) = yaml::parse::<FrontMatter>(file, front) {
        check_diagnostic(&d, front);
    }
}

/// `stats/<campaign>/<date>.csv`: bytes as Excel saved them → a progress
/// report for the Tứ Minh plan.
pub fn stats_csv(data: &[u8]) {
    use std::sync::OnceLock;
    static CAMPAIGN: OnceLock<Campaign> = OnceLock::new();
    let campaign = CAMPAIGN.get_or_init(|| {
        let text = include_str!("../../content/tu-minh/campaigns/dinh-danh-6-14.yaml");
        let mut c: Campaign =
            yaml::parse(Path::new("c.yaml"), text).unwrap_or_else(|d| panic!("{d}"));
        c.id = loa::model::Id("dinh-danh-6-14".into());
        c
    });
    let Ok(day) = loa::vi::parse_date("2026-04-20") else {
        return;
    };
    let date = loa::model::Date(day);
    let file = Path::new("stats/dinh-danh-6-14/2026-04-20.csv");
    if let Err(ds) = loa::load::stats::parse(data.to_vec(), date, file, campaign) {
        // Lines as Loa counts them: after decoding (old Mac `\r` line ends
        // and the like become `\n`).
        let text = source::decode(data, file).unwrap_or_default();
        for d in &ds {
            check_diagnostic(d, &text);
        }
    }
}

/// Markdown bodies → HTML that is safe to publish.
pub fn markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = markdown::to_html(text);
    assert_safe_html(&html);
    let _ = markdown::to_text(text);
}

/// Tags a notice body may contain after sanitising.
pub const ALLOWED_TAGS: &[&str] = &[
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

/// Every tag in `html` is allowed, with only `href`/`rel`/`start` attributes,
/// and every `href` uses an allowed scheme or is relative. Text `<` is
/// always escaped in sanitised output, so each raw `<` opens a tag.
pub fn assert_safe_html(html: &str) {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest
            .find('>')
            .unwrap_or_else(|| panic!("unclosed tag in {html}"));
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            ALLOWED_TAGS.contains(&name.as_str()),
            "tag <{name}> got through: {html}"
        );
        let attrs = tag[name.len()..].trim().trim_end_matches('/');
        let mut a = attrs;
        while !a.is_empty() {
            let (key, after) = a
                .split_once("=\"")
                .unwrap_or_else(|| panic!("odd attributes {attrs:?} in {html}"));
            let (value, after) = after
                .split_once('"')
                .unwrap_or_else(|| panic!("unclosed attribute in {html}"));
            let key = key.trim();
            assert!(
                ["href", "rel", "start"].contains(&key),
                "attribute {key} got through: {html}"
            );
            if key == "href" {
                // Read the link the way a browser does (WHATWG URL): tabs and
                // newlines dropped, a scheme only if it is letters, digits,
                // `+`, `-`, `.` starting with a letter, before the first `:`.
                let v: String = value
                    .replace("&amp;", "&")
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .collect();
                let v = v.trim_matches(|c: char| c <= ' ').to_ascii_lowercase();
                let scheme = v.split_once(':').map(|(s, _)| s).filter(|s| {
                    s.starts_with(|c: char| c.is_ascii_alphabetic())
                        && s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                });
                let ok = match scheme {
                    Some(s) => ["https", "http", "tel", "mailto", "geo"].contains(&s),
                    None => {
                        !v.starts_with("//")
                            && !v.starts_with("\\\\")
                            && !v.starts_with("/\\")
                            && !v.starts_with("\\/")
                    }
                };
                assert!(ok, "href {value} got through: {html}");
            }
            a = after.trim_start();
        }
    }
}
