//! Search without accents: an index built here, at build time, and a tiny
//! script (`themes/default/static/search.js`) that matches in the browser.
//!
//! The index is a script assigning `window.LOA_INDEX`, not JSON fetched at
//! run time, because browsers block `fetch` from `file://` pages. Text is
//! folded with [`vi::fold`] on this side, so "can cuoc" finds "căn cước";
//! the script folds the query the same way (both are tested against one
//! table of cases, `tests/js/fold-cases.json`). Without JavaScript the
//! search page is a plain list of every page, grouped, so the box in the
//! header still leads somewhere useful.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use tera::Context;

use super::view::{self, path};
use super::WardRenderer;
use crate::error::Diagnostic;
use crate::model::{Notice, Ward};
use crate::vi;
use crate::write::Output;

/// Where the index goes, relative to the ward root.
pub const INDEX_PATH: &str = "assets/search-index.js";

/// Notices named on the search page itself, newest first. The index (and
/// so the search box) holds every notice; the page's plain list is for
/// readers without JavaScript, and years of notices would make it far too
/// heavy for a cheap phone: the notices list pages are the archive.
pub const PAGE_NOTICES: usize = 50;

/// What a page is; the page shows its label, the script matches it too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Campaign,
    Schedule,
    Guide,
    Location,
    Notice,
    /// A ward's home, on the province's search page only.
    Ward,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Campaign,
        Kind::Schedule,
        Kind::Guide,
        Kind::Location,
        Kind::Notice,
    ];
    /// One letter in the index, to keep it small.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Campaign => "c",
            Kind::Schedule => "s",
            Kind::Guide => "g",
            Kind::Location => "l",
            Kind::Notice => "n",
            Kind::Ward => "w",
        }
    }
    /// The interface string (`t.<key>`) naming this kind.
    fn label_key(self) -> &'static str {
        match self {
            Kind::Campaign => "kind_campaign",
            Kind::Schedule => "kind_schedule",
            Kind::Guide => "kind_guide",
            Kind::Location => "kind_location",
            Kind::Notice => "kind_notice",
            Kind::Ward => "wards",
        }
    }
}

/// One searchable page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Shown as written; the script folds it for the title match.
    pub title: String,
    /// Relative to the ward root.
    pub path: String,
    pub kind: Kind,
    /// Folded words from the rest of the page's key text, each once and
    /// none already in the title: the index stays small.
    pub keys: String,
}

/// Folded, de-duplicated words of `extra` that are not in `title`.
pub fn keys<S: AsRef<str>>(title: &str, extra: &[S]) -> String {
    let mut seen: BTreeSet<String> = vi::fold(title).split(' ').map(str::to_string).collect();
    let mut out: Vec<String> = Vec::new();
    for e in extra {
        for w in vi::fold(e.as_ref()).split(' ') {
            if !w.is_empty() && seen.insert(w.to_string()) {
                out.push(w.to_string());
            }
        }
    }
    out.join(" ")
}

/// Every campaign, schedule, guide, location and notice of a ward, in the
/// order the search page lists them (campaigns as residents need them).
pub fn entries(ward: &Ward, today: chrono::NaiveDate) -> Vec<Entry> {
    entries_of(ward, today, &Kind::ALL)
}

/// [`entries`] of the given kinds only, same order; the others are not
/// computed at all (the province page needs campaigns and guides only).
fn entries_of(ward: &Ward, today: chrono::NaiveDate, kinds: &[Kind]) -> Vec<Entry> {
    let want = |k: Kind| kinds.contains(&k);
    let mut v = Vec::new();
    let campaigns = view::ordered(ward, today);
    for c in campaigns.iter().filter(|_| want(Kind::Campaign)) {
        let mut extra: Vec<&str> = vec![&c.title, &c.summary];
        extra.extend(c.document.number.as_deref());
        extra.extend(c.audiences.iter().map(|a| a.name.as_str()));
        v.push(Entry {
            title: c.name().to_string(),
            path: path::campaign(&c.id.0),
            kind: Kind::Campaign,
            keys: keys(c.name(), &extra),
        });
    }
    for c in campaigns.iter().filter(|_| want(Kind::Schedule)) {
        if c.schedules.is_empty() {
            continue;
        }
        let mut extra: Vec<&str> = Vec::new();
        for s in &c.schedules {
            if let Some(l) = ward.location(&s.location) {
                extra.push(&l.name);
            }
            extra.extend(s.services.iter().map(String::as_str));
        }
        v.push(Entry {
            title: c.name().to_string(),
            path: path::schedule(&c.id.0),
            kind: Kind::Schedule,
            keys: keys(c.name(), &extra),
        });
    }
    for c in campaigns.iter().filter(|_| want(Kind::Guide)) {
        for g in &c.guides {
            let mut extra: Vec<&str> = vec![c.name()];
            extra.extend(c.audience(&g.audience).map(|a| a.name.as_str()));
            extra.extend(g.summary.as_deref());
            extra.extend(g.bring.iter().map(String::as_str));
            v.push(Entry {
                title: g.title.clone(),
                path: path::guide(&c.id.0, &g.audience.0),
                kind: Kind::Guide,
                keys: keys(&g.title, &extra),
            });
        }
    }
    for l in ward.locations.iter().filter(|_| want(Kind::Location)) {
        let mut extra: Vec<&str> = vec![&l.address];
        extra.extend(l.services.iter().map(String::as_str));
        v.push(Entry {
            title: l.name.clone(),
            path: path::location(&l.id.0),
            kind: Kind::Location,
            keys: keys(&l.name, &extra),
        });
    }
    for n in ward.notices.iter().filter(|_| want(Kind::Notice)) {
        v.push(notice_entry(ward, n));
    }
    v
}

fn notice_entry(ward: &Ward, n: &Notice) -> Entry {
    let item = super::notice_item(ward, n);
    let mut extra: Vec<&str> = vec![&item.summary];
    extra.extend(item.campaign.as_deref());
    Entry {
        title: n.front.title.clone(),
        path: item.path.clone(),
        kind: Kind::Notice,
        keys: keys(&n.front.title, &extra),
    }
}

/// One row of the index script, as [`index_js`] writes it.
fn row_json(e: &Entry) -> String {
    serde_json::to_string(&[e.title.as_str(), e.path.as_str(), e.kind.code(), &e.keys])
        .unwrap_or_else(|_| "[]".into())
}

/// `window.LOA_INDEX=[[title,path,kind,keys],…];`: arrays, not objects,
/// because field names repeated on every entry would double the size.
pub fn index_js(entries: &[Entry]) -> String {
    let rows: Vec<Vec<&str>> = entries
        .iter()
        .map(|e| vec![e.title.as_str(), e.path.as_str(), e.kind.code(), &e.keys])
        .collect();
    rows_js(&rows)
}

fn rows_js(rows: &[Vec<&str>]) -> String {
    // Serialising strings cannot fail; an empty index is the safe fallback.
    let json = serde_json::to_string(rows).unwrap_or_else(|_| "[]".into());
    format!("window.LOA_INDEX={json};\n")
}

/// The province's search page (`tim-kiem/index.html` beside the province
/// index): every ward, campaign and guide, each row also naming its ward
/// (`[title, path, kind, keys, ward]`). Locations and notices stay on the
/// wards' own search pages, so the index stays small with many wards.
pub fn province(
    wards: &[Ward],
    theme: &super::Theme,
    opts: super::Options,
    out: &mut Output,
) -> Result<(), Diagnostic> {
    let rows: Vec<(Entry, String)> = wards
        .iter()
        .flat_map(|w| province_rows(w, opts.today))
        .collect();
    let lang = wards.first().map(|w| w.site.language).unwrap_or_default();
    let province = wards
        .first()
        .map(|w| w.site.province.clone())
        .unwrap_or_default();
    province_page(&rows, lang, &province, theme, opts, out)
}

/// One ward's rows of the province's search page, each with the ward's
/// name: taken while the ward is at hand, so a big build need not keep
/// every ward until the end.
pub fn province_rows(w: &Ward, today: chrono::NaiveDate) -> Vec<(Entry, String)> {
    let name = w.site.name.as_str();
    let mut rows = vec![(
        Entry {
            title: name.to_string(),
            path: format!("{}/{}", w.site.id, path::home()),
            kind: Kind::Ward,
            keys: keys(name, &[&w.site.office]),
        },
        name.to_string(),
    )];
    for e in entries_of(w, today, &[Kind::Campaign, Kind::Guide]) {
        let path = format!("{}/{}", w.site.id, e.path);
        rows.push((Entry { path, ..e }, name.to_string()));
    }
    rows
}

/// The province's search page from the rows of all its wards.
pub fn province_page(
    rows: &[(Entry, String)],
    lang: crate::i18n::Lang,
    province: &str,
    theme: &super::Theme,
    opts: super::Options,
    out: &mut Output,
) -> Result<(), Diagnostic> {
    let at = SearchAt {
        page: path::search(),
        index: INDEX_PATH.to_string(),
    };
    province_page_at(rows, lang, province, &at, theme, opts, out)
}

/// Where a search page of a build with several wards goes, and its index
/// script, both from the build's root. A national build has one per
/// province (`tinh/<slug>/tim-kiem/`) besides the front one.
pub struct SearchAt {
    pub page: String,
    pub index: String,
}

/// [`province_page`] at the given paths.
pub fn province_page_at(
    rows: &[(Entry, String)],
    lang: crate::i18n::Lang,
    province: &str,
    at: &SearchAt,
    theme: &super::Theme,
    opts: super::Options,
    out: &mut Output,
) -> Result<(), Diagnostic> {
    let rows: Vec<(&Entry, &str)> = rows.iter().map(|(e, w)| (e, w.as_str())).collect();
    let js: Vec<Vec<&str>> = rows
        .iter()
        .map(|(e, w)| vec![e.title.as_str(), e.path.as_str(), e.kind.code(), &e.keys, w])
        .collect();
    let groups: Vec<Group> = [Kind::Ward, Kind::Campaign, Kind::Guide]
        .iter()
        .map(|k| Group {
            kind: k.code(),
            label_key: k.label_key(),
            entries: rows
                .iter()
                .filter(|(e, _)| e.kind == *k)
                .map(|(e, w)| EntryView {
                    title: &e.title,
                    path: &e.path,
                    ward: Some(w),
                })
                .collect(),
            more: None,
        })
        .filter(|g| !g.entries.is_empty())
        .collect();
    let page = at.page.clone();
    let mut ctx = Context::new();
    ctx.insert("root", &path::root_of(&page));
    ctx.insert("page_path", &page);
    ctx.insert("index_path", &at.index);
    ctx.insert("lang", lang.code());
    ctx.insert("province", province);
    ctx.insert("groups", &groups);
    ctx.insert("today", &view::today_text(opts.today));
    let names: Vec<&str> = rows
        .iter()
        .filter(|(e, _)| e.kind == Kind::Ward)
        .map(|(e, _)| e.title.as_str())
        .collect();
    ctx.insert("og", &super::share::province_named(province, &names, lang));
    out.add(
        page.clone(),
        theme
            .render("province-search.html", &ctx, lang)?
            .into_bytes(),
    );
    out.add(at.index.clone(), rows_js(&js).into_bytes());
    Ok(())
}

#[derive(Serialize)]
struct Group<'a> {
    kind: &'static str,
    label_key: &'static str,
    entries: Vec<EntryView<'a>>,
    /// Where the rest of this kind is listed, when not all are shown.
    more: Option<String>,
}

#[derive(Serialize)]
struct EntryView<'a> {
    title: &'a str,
    path: &'a str,
    /// On the province's page: which ward.
    ward: Option<&'a str>,
}

/// The search page's groups: every entry, but only the newest
/// [`PAGE_NOTICES`] notices, with a link to the notices list after them.
fn page_groups<'a>(all: &'a [Entry]) -> Vec<Group<'a>> {
    Kind::ALL
        .iter()
        .map(|k| {
            let of_kind = all.iter().filter(|e| e.kind == *k);
            let bound = if *k == Kind::Notice {
                PAGE_NOTICES
            } else {
                usize::MAX
            };
            let entries: Vec<EntryView> = of_kind
                .clone()
                .take(bound)
                .map(|e| EntryView {
                    title: &e.title,
                    path: &e.path,
                    ward: None,
                })
                .collect();
            let more = (of_kind.count() > entries.len()).then(path::notices);
            Group {
                kind: k.code(),
                label_key: k.label_key(),
                entries,
                more,
            }
        })
        .filter(|g| !g.entries.is_empty())
        .collect()
}

/// What `loa serve` keeps between renders of a ward so that one edited
/// notice re-folds one notice's text, not every notice's: each notice's
/// index entry and row, valid while its file was not read again (same
/// serial) and its campaign has the same name.
#[derive(Default)]
pub struct Cache {
    notices: HashMap<String, CachedEntry>,
}

struct CachedEntry {
    serial: u64,
    campaign: Option<String>,
    entry: Entry,
    row: String,
}

/// The search page and index exactly as [`render_ward`](super::render_ward)
/// makes them, taking unchanged notices' entries from `cache`. `serials`
/// maps notice ids to a number that changes whenever the notice's file is
/// read again; a notice without one is computed afresh.
pub fn render_cached(
    ward: &Ward,
    theme: &super::Theme,
    opts: super::Options,
    out: &mut Output,
    prefix: &str,
    serials: &HashMap<String, u64>,
    cache: &mut Cache,
) -> Result<(), Diagnostic> {
    let mut all = entries_of(
        ward,
        opts.today,
        &[Kind::Campaign, Kind::Schedule, Kind::Guide, Kind::Location],
    );
    let mut js = String::from("window.LOA_INDEX=[");
    for e in &all {
        js.push_str(&row_json(e));
        js.push(',');
    }
    for n in &ward.notices {
        let campaign = ward.campaign_of(n).map(|c| c.name());
        let serial = serials.get(n.id.as_str()).copied();
        let valid = |c: &CachedEntry| Some(c.serial) == serial && c.campaign.as_deref() == campaign;
        let c = match cache.notices.get(n.id.as_str()).filter(|c| valid(c)) {
            Some(c) => c,
            None => {
                let entry = notice_entry(ward, n);
                let c = CachedEntry {
                    serial: serial.unwrap_or(u64::MAX),
                    campaign: campaign.map(str::to_string),
                    row: row_json(&entry),
                    entry,
                };
                cache.notices.insert(n.id.0.clone(), c);
                &cache.notices[n.id.as_str()]
            }
        };
        js.push_str(&c.row);
        js.push(',');
    }
    if js.ends_with(',') {
        js.pop();
    }
    js.push_str("];\n");
    // Only the notices the page names are copied; deleted ones are dropped.
    all.extend(
        ward.notices
            .iter()
            .take(PAGE_NOTICES + 1)
            .filter_map(|n| cache.notices.get(n.id.as_str()))
            .map(|c| c.entry.clone()),
    );
    if cache.notices.len() > ward.notices.len() {
        let ids: std::collections::HashSet<&str> =
            ward.notices.iter().map(|n| n.id.as_str()).collect();
        cache.notices.retain(|id, _| ids.contains(id.as_str()));
    }
    let mut r = super::WardRenderer {
        ward,
        theme,
        today: opts.today,
        qrs: view::QrCache::default(),
        out,
        prefix,
        wanted: &|_| true,
        common: super::common_values(ward, opts),
    };
    let mut ctx = Context::new();
    ctx.insert("groups", &page_groups(&all));
    r.page("search.html", &path::search(), ctx)?;
    r.out.add(format!("{prefix}{INDEX_PATH}"), js.into_bytes());
    Ok(())
}

impl WardRenderer<'_> {
    /// The search page (`tim-kiem/index.html`) and its index script;
    /// neither when the page is not wanted (`loa serve` makes both with
    /// [`render_cached`]).
    pub(super) fn search(&mut self) -> Result<(), Diagnostic> {
        if !(self.wanted)(&path::search()) {
            return Ok(());
        }
        let all = entries(self.ward, self.today);
        let mut ctx = Context::new();
        ctx.insert("groups", &page_groups(&all));
        self.page("search.html", &path::search(), ctx)?;
        self.out.add(
            format!("{}{INDEX_PATH}", self.prefix),
            index_js(&all).into_bytes(),
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_skip_title_words_and_repeats() {
        assert_eq!(
            keys("Căn cước", &["Làm căn cước cho trẻ", "Trẻ em, học sinh"]),
            "lam cho tre em hoc sinh"
        );
        assert_eq!(keys("Định danh", &[] as &[&str]), "");
    }

    #[test]
    fn index_is_a_script_with_arrays() {
        let e = Entry {
            title: "Định danh \"mức 2\"".into(),
            path: "chien-dich/x/index.html".into(),
            kind: Kind::Campaign,
            keys: "dinh danh".into(),
        };
        let js = index_js(&[e]);
        assert_eq!(
            js,
            "window.LOA_INDEX=[[\"Định danh \\\"mức 2\\\"\",\"chien-dich/x/index.html\",\"c\",\"dinh danh\"]];\n"
        );
    }
}
