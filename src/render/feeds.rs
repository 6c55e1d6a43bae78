//! Discovery files: the Atom feed of a ward's notices, and `sitemap.xml` and
//! `robots.txt` when the site knows its public address.

use chrono::NaiveDate;

use crate::model::Ward;
use crate::render::escape::replace_ascii;
use crate::render::view::path;

/// Escapes text for XML content and double-quoted attributes.
pub fn xml_escape(s: &str) -> String {
    replace_ascii(s, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&apos;"),
        // Not allowed in XML 1.0 at all; notices never need them.
        b if b < 0x20 && !matches!(b, b'\n' | b'\t' | b'\r') => Some(""),
        _ => None,
    })
}

/// A page's address for readers outside the site: absolute under
/// `base_url` when there is one, else `relative` (from the file that holds
/// the link) as given.
pub fn page_url(ward: &Ward, from_root: &str, relative: &str) -> String {
    match &ward.site.base_url {
        Some(b) => format!("{}{from_root}", b.as_str()),
        None => relative.to_string(),
    }
}

fn rfc3339(d: NaiveDate) -> String {
    format!("{}T00:00:00+07:00", d.format("%Y-%m-%d"))
}

/// A stable id for the feed and its entries: the page's address when the
/// site has one, else a tag URI (RFC 4151) made of the ward and notice ids.
fn entry_id(ward: &Ward, from_root: &str, tag: &str) -> String {
    match &ward.site.base_url {
        Some(b) => format!("{}{from_root}", b.as_str()),
        None => format!("tag:{}.loa,2026:{tag}", ward.site.id),
    }
}

/// Entries in the Atom feed. A feed tells readers what is new; the notices
/// list pages are the archive. Bounded, it stays small on a phone and one
/// edit to an old notice does not rewrite it.
pub const FEED_ENTRIES: usize = 30;

/// `thong-bao/atom.xml`: the ward's newest [`FEED_ENTRIES`] notices,
/// newest first. `summaries` are the notices' one-line summaries, in the
/// order of `ward.notices` (only the first [`FEED_ENTRIES`] are used).
/// `updated` is the newest notice's date (the build date when there is
/// none), so the feed changes only when a notice does.
pub fn atom(ward: &Ward, summaries: &[String], today: NaiveDate) -> String {
    let site = &ward.site;
    let feed_path = "thong-bao/atom.xml";
    let updated = ward
        .notices
        .iter()
        .map(|n| n.front.date.0)
        .max()
        .unwrap_or(today);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        site.language.code()
    ));
    x.push_str(&format!(
        "<title>{}</title>\n",
        xml_escape(&format!("Thông báo – {}", site.name))
    ));
    x.push_str(&format!(
        "<subtitle>{}</subtitle>\n",
        xml_escape(&format!("{}, {}", site.office, site.province))
    ));
    x.push_str(&format!(
        "<id>{}</id>\n",
        xml_escape(&entry_id(ward, &path::notices(), "thong-bao"))
    ));
    x.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&page_url(ward, &path::notices(), "index.html"))
    ));
    if site.base_url.is_some() {
        x.push_str(&format!(
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            xml_escape(&page_url(ward, feed_path, "atom.xml"))
        ));
    }
    x.push_str(&format!("<updated>{}</updated>\n", rfc3339(updated)));
    x.push_str(&format!(
        "<author><name>{}</name></author>\n",
        xml_escape(&site.office)
    ));
    x.push_str("<generator>Loa</generator>\n");
    for (n, summary) in ward.notices.iter().zip(summaries).take(FEED_ENTRIES) {
        let page = path::notice(&n.id.0);
        // From thong-bao/atom.xml, a notice page is <id>/index.html.
        let rel = format!("{}/index.html", n.id);
        x.push_str("<entry>\n");
        x.push_str(&format!("<title>{}</title>\n", xml_escape(&n.front.title)));
        x.push_str(&format!(
            "<id>{}</id>\n",
            xml_escape(&entry_id(ward, &page, &format!("thong-bao/{}", n.id)))
        ));
        x.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&page_url(ward, &page, &rel))
        ));
        x.push_str(&format!(
            "<published>{}</published>\n<updated>{}</updated>\n",
            rfc3339(n.front.date.0),
            rfc3339(n.front.date.0)
        ));
        x.push_str(&format!("<summary>{}</summary>\n", xml_escape(summary)));
        x.push_str(&format!(
            "<content type=\"html\">{}</content>\n",
            xml_escape(&n.body_html)
        ));
        x.push_str("</entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// `sitemap.xml`: every HTML page of the ward but the 404 page, under the
/// site's address. `pages` are paths from the ward root.
pub fn sitemap(base_url: &str, pages: &[String]) -> String {
    let mut pages: Vec<&String> = pages
        .iter()
        .filter(|p| p.ends_with(".html") && p.as_str() != path::not_found())
        .collect();
    pages.sort();
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in pages {
        x.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            xml_escape(&format!("{base_url}{p}"))
        ));
    }
    x.push_str("</urlset>\n");
    x
}

/// `robots.txt`: everything may be read; where the sitemap is.
pub fn robots(base_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n")
}
