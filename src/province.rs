//! The index of a build with several wards: which wards there are, what
//! each runs, and the deadlines coming first.
//!
//! It must stay light at national scale (3,321 wards), so each ward is
//! reduced to a [`WardEntry`] as soon as it is rendered, and the pages hold
//! bounded lists: at most [`SOON`] full campaign cards, then one line per
//! ward. With wards from several provinces, the front page lists provinces
//! and each province gets its own page (`tinh/<slug>/index.html`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use tera::Context;

use crate::error::Diagnostic;
use crate::i18n::Lang;
use crate::model::stats::{per_mille, Topic};
use crate::model::{Site, Ward};
use crate::render::view::{self, CampaignCard, DeadlineView, QrCache, Status};
use crate::render::{search, Options, Theme};
use crate::vi;
use crate::write::Output;

/// Full campaign cards on an index page: the nearest deadlines.
pub const SOON: usize = 6;

/// What the index keeps of one ward.
pub struct WardEntry {
    /// Its folder, which is also its `id` and its output folder.
    pub id: String,
    pub name: String,
    pub office: String,
    pub province: String,
    pub lang: Lang,
    pub campaigns: Vec<CampaignRow>,
    /// Running campaigns with a deadline still ahead, with the sort key
    /// (days left, campaign id).
    soon: Vec<(i64, String, CampaignCard)>,
    /// Its rows on the build's search page (ward, campaigns, guides).
    pub search: Vec<(search::Entry, String)>,
}

/// One campaign on a ward's line.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignRow {
    pub name: String,
    /// From the index's root: `tu-minh/chien-dich/…/index.html`.
    pub path: String,
    pub status: Status,
    pub deadline: Option<DeadlineView>,
    /// The latest village report, summed over the ward, when there is one.
    pub progress: Option<ProgressRow>,
}

/// A campaign's progress on the index: "Đã cấp 1.234/2.000 (61,7%)" per
/// topic, with the report date and a link to the progress page.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressRow {
    pub path: String,
    /// "20/4/2026".
    pub date: String,
    pub parts: Vec<String>,
}

fn progress_row(ward: &Ward, c: &crate::model::Campaign) -> Option<ProgressRow> {
    let latest = ward.stats.of(&c.id)?.latest()?;
    let parts: Vec<String> = latest
        .topics
        .iter()
        .filter_map(|topic| {
            let (done, of) = latest.total_all(*topic).progress()?;
            let label = match topic {
                Topic::General => String::new(),
                t => format!("{}: ", t.label()),
            };
            Some(format!(
                "{label}{}/{} ({})",
                view::thousands(done),
                view::thousands(of),
                crate::render::progress::percent(per_mille(done, of))
            ))
        })
        .collect();
    (!parts.is_empty()).then(|| ProgressRow {
        path: format!("{}/{}", ward.site.id, view::path::progress(&c.id.0)),
        date: vi::date_short(latest.date.0),
        parts,
    })
}

impl WardEntry {
    /// The entry of a ward built fresh.
    pub fn of(ward: &Ward, today: NaiveDate) -> WardEntry {
        let id = ward.site.id.0.clone();
        let mut qrs = QrCache::default();
        let mut campaigns = Vec::new();
        let mut soon = Vec::new();
        for c in view::ordered(ward, today) {
            let status = view::status(c, today);
            let deadline = view::next_deadline(c, today);
            if status == Status::Active {
                if let Some(d) = deadline.as_ref().filter(|d| d.days_left >= 0) {
                    soon.push((
                        d.days_left,
                        c.id.0.clone(),
                        view::card(ward, c, today, &mut qrs),
                    ));
                }
            }
            campaigns.push(CampaignRow {
                name: c.name().to_string(),
                path: format!("{id}/{}", view::path::campaign(&c.id.0)),
                status,
                deadline,
                progress: progress_row(ward, c),
            });
        }
        WardEntry {
            name: ward.site.name.clone(),
            office: ward.site.office.clone(),
            province: ward.site.province.clone(),
            lang: ward.site.language,
            id,
            campaigns,
            soon,
            search: search::province_rows(ward, today),
        }
    }

    /// The entry of a ward whose content has errors but whose previous
    /// pages were kept: listed (so its pages stay reachable) without
    /// campaigns, which are not known this build.
    pub fn kept(id: &str, site: Option<&Site>) -> WardEntry {
        let name = site.map_or_else(|| id.to_string(), |s| s.name.clone());
        let office = site.map(|s| s.office.clone()).unwrap_or_default();
        let row = search::Entry {
            title: name.clone(),
            path: format!("{id}/{}", view::path::home()),
            kind: search::Kind::Ward,
            keys: search::keys(&name, &[&office]),
        };
        WardEntry {
            id: id.to_string(),
            search: vec![(row, name.clone())],
            name,
            office,
            province: site.map(|s| s.province.clone()).unwrap_or_default(),
            lang: site.map(|s| s.language).unwrap_or_default(),
            campaigns: Vec::new(),
            soon: Vec::new(),
        }
    }
}

#[derive(Serialize)]
struct WardRow<'a> {
    id: &'a str,
    name: &'a str,
    office: &'a str,
    path: String,
    campaigns: Vec<CampaignRow>,
}

#[derive(Serialize)]
struct SoonView<'a> {
    ward: &'a str,
    /// From this page to the ward's folder, ending in `/`.
    root: String,
    card: &'a CampaignCard,
}

#[derive(Serialize)]
struct ProvinceRow {
    name: String,
    path: String,
    wards: usize,
    active: usize,
}

/// Path of a province's page in a national build.
pub fn province_path(province: &str) -> String {
    format!("tinh/{}/index.html", vi::slugify(province))
}

/// Renders the index page(s) and the shared assets into `out`.
pub fn render(
    entries: &[WardEntry],
    theme: &Theme,
    opts: Options,
    out: &mut Output,
) -> Result<(), Diagnostic> {
    let lang = entries.first().map(|w| w.lang).unwrap_or_default();
    let mut by_province: BTreeMap<(String, String), Vec<&WardEntry>> = BTreeMap::new();
    for e in entries {
        by_province
            .entry((vi::fold(&e.province), e.province.clone()))
            .or_default()
            .push(e);
    }
    let all: Vec<&WardEntry> = entries.iter().collect();
    if by_province.len() <= 1 {
        let heading = entries
            .first()
            .map(|w| w.province.clone())
            .unwrap_or_default();
        let page = Page {
            path: "index.html".into(),
            heading,
            up: None,
            wards: &all,
            provinces: Vec::new(),
            search_path: view::path::search(),
        };
        out.add("index.html", page.render(theme, opts, lang)?);
    } else {
        let mut rows = Vec::new();
        for ((_, name), wards) in &by_province {
            let path = province_path(name);
            rows.push(ProvinceRow {
                name: name.clone(),
                path: path.clone(),
                wards: wards.len(),
                active: wards
                    .iter()
                    .flat_map(|w| &w.campaigns)
                    .filter(|c| c.status == Status::Active)
                    .count(),
            });
            let search = province_search(name);
            let page = Page {
                path: path.clone(),
                heading: name.clone(),
                up: Some(lang.pick("Cả nước", "Whole country").to_string()),
                wards,
                provinces: Vec::new(),
                search_path: search.page.clone(),
            };
            out.add(path, page.render(theme, opts, lang)?);
            // The province's own search: its wards, campaigns and guides.
            let rows: Vec<(search::Entry, String)> = wards
                .iter()
                .flat_map(|e| e.search.iter().cloned())
                .collect();
            search::province_page_at(&rows, lang, name, &search, theme, opts, out)?;
        }
        let page = Page {
            path: "index.html".into(),
            heading: lang.pick("Cả nước", "Whole country").to_string(),
            up: None,
            wards: &all,
            provinces: rows,
            search_path: view::path::search(),
        };
        out.add("index.html", page.render(theme, opts, lang)?);
    }
    for (name, bytes) in theme.assets() {
        out.add(format!("assets/{name}"), bytes.to_vec());
    }
    // The front search page: everything in a one-province build; with
    // several provinces, the wards only (one row each, named with their
    // province), each province page having its own full search.
    let (rows, heading): (Vec<(search::Entry, String)>, &str) = if by_province.len() <= 1 {
        (
            entries
                .iter()
                .flat_map(|e| e.search.iter().cloned())
                .collect(),
            entries.first().map(|w| w.province.as_str()).unwrap_or(""),
        )
    } else {
        (
            entries
                .iter()
                .filter_map(|e| {
                    e.search
                        .first()
                        .map(|(row, _)| (row.clone(), e.province.clone()))
                })
                .collect(),
            lang.pick("Cả nước", "Whole country"),
        )
    };
    search::province_page(&rows, lang, heading, theme, opts, out)
}

/// A province's search page and index in a national build.
fn province_search(province: &str) -> search::SearchAt {
    let dir = province_path(province)
        .trim_end_matches("index.html")
        .to_string();
    search::SearchAt {
        page: format!("{dir}{}", view::path::search()),
        index: format!("{dir}tim-kiem/search-index.js"),
    }
}

/// One index page: the nearest deadlines among `wards`, then either the
/// provinces (front page of a national build) or the wards themselves.
struct Page<'a> {
    path: String,
    heading: String,
    up: Option<String>,
    wards: &'a [&'a WardEntry],
    provinces: Vec<ProvinceRow>,
    /// The search page its header's box leads to, from the build's root.
    search_path: String,
}

impl Page<'_> {
    fn render(self, theme: &Theme, opts: Options, lang: Lang) -> Result<Vec<u8>, Diagnostic> {
        let root = view::path::root_of(&self.path);
        let mut soon: Vec<(&i64, &str, &str, &WardEntry, &CampaignCard)> = self
            .wards
            .iter()
            .flat_map(|w| {
                w.soon
                    .iter()
                    .map(move |(days, cid, card)| (days, w.id.as_str(), cid.as_str(), *w, card))
            })
            .collect();
        soon.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        let soon: Vec<SoonView> = soon
            .into_iter()
            .take(SOON)
            .map(|(_, _, _, w, card)| SoonView {
                ward: &w.name,
                root: format!("{root}{}/", w.id),
                card,
            })
            .collect();
        let wards: Vec<WardRow> = if self.provinces.is_empty() {
            let mut ws: Vec<&WardEntry> = self.wards.to_vec();
            ws.sort_by_cached_key(|w| (vi::fold(&w.name), w.id.clone()));
            ws.into_iter()
                .map(|w| WardRow {
                    id: &w.id,
                    name: &w.name,
                    office: &w.office,
                    path: format!("{}/index.html", w.id),
                    campaigns: w.campaigns.clone(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut ctx = Context::new();
        ctx.insert("root", &root);
        ctx.insert("page_path", &self.path);
        ctx.insert("lang", lang.code());
        ctx.insert("heading", &self.heading);
        ctx.insert("up", &self.up);
        ctx.insert("soon", &soon);
        ctx.insert("wards", &wards);
        ctx.insert("provinces", &self.provinces);
        ctx.insert("search_path", &self.search_path);
        let names: Vec<&str> = self.wards.iter().map(|w| w.name.as_str()).collect();
        ctx.insert(
            "og",
            &crate::render::share::province_named(&self.heading, &names, lang),
        );
        ctx.insert("today", &view::today_text(opts.today));
        ctx.insert("today_iso", &opts.today.format("%Y-%m-%d").to_string());
        theme.render_bytes("province.html", ctx, lang)
    }
}
