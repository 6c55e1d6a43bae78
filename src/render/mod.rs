//! Step 3 of the pipeline: model → pages.
//!
//! Every page of a ward comes from [`render_ward`]: one call per page kind,
//! each naming its template (`themes/default/templates/<name>.html`) and its
//! output path (see [`view::path`]). Side outputs sit beside it, one module
//! per job (`qr`).

pub mod escape;
pub mod extras;
pub mod feeds;
pub mod hours;
pub mod ics;
pub mod jsonld;
pub mod offline;
pub mod poster;
pub mod progress;
pub mod qr;
pub mod raster;
pub mod search;
pub mod share;
pub mod speech;
pub mod theme;
pub mod view;

use chrono::NaiveDate;
use serde::Serialize;
use tera::Context;

use crate::error::{Diagnostic, Text};
use crate::model::{Campaign, Location, Notice, Ward};
use crate::write::Output;
pub use theme::Theme;
use view::{path, QrCache};

/// Settings of one build that are not content.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The day the build is for: statuses and days-left are counted from it.
    pub today: NaiveDate,
}

/// Renders all pages of one ward into `out`, under `prefix` (empty for a
/// single-ward site, `tu-minh/` in a province build).
pub fn render_ward(
    ward: &Ward,
    theme: &Theme,
    opts: Options,
    out: &mut Output,
    prefix: &str,
) -> Result<(), Diagnostic> {
    render_ward_only(ward, theme, opts, out, prefix, &|_| true)
}

/// [`render_ward`], skipping the pages (by path inside the ward) for which
/// `wanted` is false: `loa serve` keeps those from its previous build when
/// only other notices changed.
pub fn render_ward_only(
    ward: &Ward,
    theme: &Theme,
    opts: Options,
    out: &mut Output,
    prefix: &str,
    wanted: &(dyn Fn(&str) -> bool + Sync),
) -> Result<(), Diagnostic> {
    let common = common_values(ward, opts);
    let mut r = WardRenderer {
        ward,
        theme,
        today: opts.today,
        qrs: QrCache::default(),
        out,
        prefix,
        wanted,
        common,
    };
    r.home()?;
    for c in &ward.campaigns {
        r.campaign(c)?;
        r.posters(c)?;
        r.progress(c)?;
    }
    r.poster_index()?;
    for l in &ward.locations {
        r.location(l)?;
    }
    r.notices()?;
    for n in &ward.notices {
        r.notice(n)?;
    }
    // Servers show 404.html at any missing address, so relative links would
    // point nowhere; use absolute ones when the public address is known.
    // Its stylesheet is inlined for the same reason.
    let mut not_found = Context::new();
    if let Some(base) = &ward.site.base_url {
        not_found.insert("root", base.as_str());
    }
    let css = theme
        .assets()
        .find(|(n, _)| *n == "style.css")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned());
    not_found.insert("inline_css", &css);
    r.page("404.html", &path::not_found(), not_found)?;
    r.search()?;
    for (name, bytes) in theme.assets() {
        r.out.add(format!("{prefix}assets/{name}"), bytes.to_vec());
    }
    r.offline_page()?;
    // Last: the sitemap lists every page written above.
    extras::ward(ward, opts.today, r.out, prefix);
    // Keep after everything: lists and hashes every file written above.
    r.service_worker();
    Ok(())
}

/// Renders the pages of the notices with these ids, and the files beside
/// them, exactly as [`render_ward`] does: `loa serve` shows an edited notice
/// before the rest of its ward is rendered again.
pub fn render_notice_pages(
    ward: &Ward,
    theme: &Theme,
    opts: Options,
    out: &mut Output,
    prefix: &str,
    ids: &std::collections::HashSet<&str>,
) -> Result<(), Diagnostic> {
    let mut r = WardRenderer {
        ward,
        theme,
        today: opts.today,
        qrs: QrCache::default(),
        out,
        prefix,
        wanted: &|_| true,
        common: common_values(ward, opts),
    };
    for n in ward.notices.iter().filter(|n| ids.contains(n.id.as_str())) {
        r.notice(n)?;
    }
    Ok(())
}

/// What every page of the ward shares, turned into template values once
/// per ward rather than once per page.
fn common_values(ward: &Ward, opts: Options) -> Context {
    let mut common = Context::new();
    common.insert("site", &ward.site);
    common.insert("lang", ward.site.language.code());
    common.insert("today", &view::today_text(opts.today));
    common.insert("today_iso", &opts.today.format("%Y-%m-%d").to_string());
    common.insert("posters_path", &path::posters());
    common
}

struct WardRenderer<'a> {
    ward: &'a Ward,
    theme: &'a Theme,
    today: NaiveDate,
    qrs: QrCache,
    out: &'a mut Output,
    prefix: &'a str,
    wanted: &'a (dyn Fn(&str) -> bool + Sync),
    /// `site`, `lang`, `today`, `today_iso`, `posters_path`.
    common: Context,
}

#[derive(Serialize)]
struct NoticeItem<'a> {
    id: &'a str,
    title: &'a str,
    date: String,
    summary: String,
    pinned: bool,
    path: String,
    campaign: Option<String>,
}

fn notice_item<'a>(ward: &'a Ward, n: &'a Notice) -> NoticeItem<'a> {
    NoticeItem {
        id: &n.id.0,
        title: &n.front.title,
        date: crate::vi::date_with_weekday(n.front.date.0),
        summary: n
            .front
            .summary
            .clone()
            .unwrap_or_else(|| first_sentence(&n.body_text)),
        pinned: n.front.pinned,
        path: path::notice(&n.id.0),
        campaign: ward.campaign_of(n).map(|c| c.name().to_string()),
    }
}

/// The first paragraph, cut at a word boundary near 200 characters.
pub(crate) fn first_sentence(text: &str) -> String {
    let para = text.split('\n').next().unwrap_or("").trim();
    if para.chars().count() <= 200 {
        return para.to_string();
    }
    let cut: String = para.chars().take(200).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

impl WardRenderer<'_> {
    fn page(
        &mut self,
        template: &str,
        page_path: &str,
        mut ctx: Context,
    ) -> Result<(), Diagnostic> {
        if !(self.wanted)(page_path) {
            return Ok(());
        }
        if !ctx.contains_key("root") {
            ctx.insert("root", &path::root_of(page_path));
        }
        ctx.insert("page_path", page_path);
        ctx.extend(self.common.clone());
        if !ctx.contains_key("og") {
            ctx.insert("og", &share::fallback(self.ward, self.today, page_path));
        }
        let html = self
            .theme
            .render_bytes(template, ctx, self.ward.site.language)?;
        self.out.add(format!("{}{page_path}", self.prefix), html);
        Ok(())
    }

    fn home(&mut self) -> Result<(), Diagnostic> {
        let ward = self.ward;
        let today = self.today;
        let cards: Vec<view::CampaignCard> = view::ordered(ward, today)
            .into_iter()
            .map(|c| view::card(ward, c, today, &mut self.qrs))
            .collect();
        // Only the five shown are turned into items (a ward may have thousands).
        let mut shown: Vec<&Notice> = ward
            .notices
            .iter()
            .filter(|n| n.front.expires.is_none_or(|e| e.0 >= today))
            .collect();
        shown.sort_by_key(|n| !n.front.pinned);
        shown.truncate(5);
        let notices: Vec<NoticeItem> = shown.into_iter().map(|n| notice_item(ward, n)).collect();
        let main_link = ward
            .main_link()
            .map(|l| view::LinkView::new(&l.title, &l.url.0, l.note.as_deref(), &mut self.qrs));
        let locations: Vec<view::LocationRef> =
            ward.locations.iter().map(view::location_ref).collect();
        let mut ctx = Context::new();
        ctx.insert("campaigns", &cards);
        ctx.insert("notices", &notices);
        ctx.insert("main_link", &main_link);
        ctx.insert("locations", &locations);
        self.page("index.html", &path::home(), ctx)
    }

    fn campaign(&mut self, c: &Campaign) -> Result<(), Diagnostic> {
        let ward = self.ward;
        let today = self.today;
        let card = view::card(ward, c, today, &mut self.qrs);
        let targets: Vec<view::TargetView> = c
            .targets
            .iter()
            .map(|t| view::target(c, t, today))
            .collect();
        let guides: Vec<view::GuideView> = c
            .guides
            .iter()
            .map(|g| view::guide(ward, c, g, today, &mut self.qrs))
            .collect();
        let links: Vec<view::LinkView> = ward
            .site
            .links
            .iter()
            .map(|l| view::LinkView::new(&l.title, &l.url.0, l.note.as_deref(), &mut self.qrs))
            .collect();
        let phases: Vec<PhaseView> = c
            .phases
            .iter()
            .map(|p| PhaseView {
                name: p.name.clone(),
                range: format!(
                    "{} – {}",
                    crate::vi::date_short(p.start.0),
                    crate::vi::date_short(p.end.0)
                ),
                audiences: c
                    .audience_names(&p.audiences)
                    .into_iter()
                    .map(String::from)
                    .collect(),
                note: p.note.clone(),
                current: p.start.0 <= today && today <= p.end.0,
            })
            .collect();
        let legal: Vec<String> = c.legal_basis.iter().map(legal_text).collect();
        // Newest first, bounded: the full list is on the notices pages.
        let mut notices: Vec<NoticeItem> = ward
            .notices
            .iter()
            .filter(|n| n.front.campaign.as_ref() == Some(&c.id))
            .map(|n| notice_item(ward, n))
            .take(RELATED_NOTICES + 1)
            .collect();
        let more_notices = notices.len() > RELATED_NOTICES;
        notices.truncate(RELATED_NOTICES);

        let mut ctx = Context::new();
        ctx.insert("campaign", c);
        ctx.insert("card", &card);
        ctx.insert("targets", &targets);
        ctx.insert("guides", &guides);
        ctx.insert("links", &links);
        ctx.insert("phases", &phases);
        ctx.insert("legal_basis", &legal);
        ctx.insert("document_date", &c.document.date.long());
        ctx.insert("notices", &notices);
        ctx.insert("more_notices", &more_notices);
        ctx.insert("progress", &progress::link(ward, c));
        extras::campaign(ward, c, today).apply(&mut ctx, self.out, self.prefix);
        ctx.insert("posters", &poster::links(c));
        let share_page =
            |p: &str, title: &str, text: &str| share::for_page(ward, p, title, text, Some(c));
        let campaign_path = path::campaign(&c.id.0);
        ctx.insert("og", &share_page(&campaign_path, c.name(), &c.summary));
        self.page("campaign.html", &campaign_path, ctx.clone())?;
        let schedule_path = path::schedule(&c.id.0);
        ctx.insert("og", &share_page(&schedule_path, c.name(), &c.summary));
        self.page("schedule.html", &schedule_path, ctx)?;
        for g in &guides {
            let mut ctx = Context::new();
            let text = g.summary.clone().unwrap_or_else(|| g.audience.clone());
            ctx.insert("og", &share_page(&g.path, &g.title, &text));
            ctx.insert("campaign", &card);
            ctx.insert("guide", g);
            self.page("guide.html", &g.path.clone(), ctx)?;
        }
        Ok(())
    }

    fn location(&mut self, l: &Location) -> Result<(), Diagnostic> {
        let ward = self.ward;
        let today = self.today;
        let schedules: Vec<view::ScheduleView> = view::ordered(ward, today)
            .into_iter()
            .flat_map(|c| {
                c.schedules
                    .iter()
                    .filter(|s| s.location == l.id)
                    .filter_map(move |s| view::schedule(ward, c, s, today))
            })
            .collect();
        let alternatives: Vec<view::LocationRef> = l
            .alternatives
            .iter()
            .flat_map(|a| a.locations.iter())
            .filter_map(|id| ward.location(id))
            .map(view::location_ref)
            .collect();
        let map = l.coordinates.map(|c| format!("geo:{},{}", c.lat, c.lon));
        let tel = l.phone.as_deref().map(crate::model::site::tel_href);
        let mut ctx = Context::new();
        ctx.insert("location", l);
        ctx.insert("schedules", &schedules);
        ctx.insert("alternatives", &alternatives);
        ctx.insert("map", &map);
        ctx.insert("tel", &tel);
        extras::location(ward, l, today).apply(&mut ctx, self.out, self.prefix);
        let p = path::location(&l.id.0);
        let featured = share::featured(ward, today);
        ctx.insert(
            "og",
            &share::for_page(ward, &p, &l.name, &l.address, featured),
        );
        self.page("location.html", &p, ctx)
    }

    /// The notices list, newest first, [`NOTICES_PER_PAGE`] to a page so
    /// a ward with years of notices still gets light pages.
    fn notices(&mut self) -> Result<(), Diagnostic> {
        let pages = self.ward.notices.len().div_ceil(NOTICES_PER_PAGE).max(1);
        let mut chunks = self.ward.notices.chunks(NOTICES_PER_PAGE);
        for n in 1..=pages {
            let page_path = path::notices_page(n);
            // Items only for pages wanted (`loa serve` keeps unchanged ones).
            let chunk = chunks.next().unwrap_or(&[]);
            if !(self.wanted)(&page_path) {
                continue;
            }
            let items: Vec<NoticeItem> = chunk.iter().map(|n| notice_item(self.ward, n)).collect();
            let pager = Pager {
                page: n,
                pages,
                newer: (n > 1).then(|| path::notices_page(n - 1)),
                older: (n < pages).then(|| path::notices_page(n + 1)),
            };
            let mut ctx = Context::new();
            ctx.insert("notices", &items);
            ctx.insert("pager", &pager);
            self.page("notices.html", &page_path, ctx)?;
        }
        Ok(())
    }

    fn notice(&mut self, n: &Notice) -> Result<(), Diagnostic> {
        if !(self.wanted)(&path::notice(&n.id.0)) {
            return Ok(());
        }
        let campaign = self
            .ward
            .campaign_of(n)
            .map(|c| (c.name().to_string(), path::campaign(&c.id.0)));
        let mut ctx = Context::new();
        let item = notice_item(self.ward, n);
        let about = self.ward.campaign_of(n);
        let p = path::notice(&n.id.0);
        let og = share::for_page(self.ward, &p, item.title, &item.summary, about);
        ctx.insert("og", &og);
        ctx.insert("notice", &notice_item(self.ward, n));
        ctx.insert("body_html", &n.body_html);
        ctx.insert("campaign", &campaign);
        extras::notice(self.ward, n).apply(&mut ctx, self.out, self.prefix);
        self.page("notice.html", &path::notice(&n.id.0), ctx)
    }
}

/// Notices on one page of the notices list.
pub const NOTICES_PER_PAGE: usize = 20;
/// Notices listed on a campaign's page.
pub const RELATED_NOTICES: usize = 10;

/// Links between the pages of a paginated list.
#[derive(Serialize)]
struct Pager {
    page: usize,
    pages: usize,
    newer: Option<String>,
    older: Option<String>,
}

#[derive(Serialize)]
struct PhaseView {
    name: String,
    range: String,
    audiences: Vec<String>,
    note: Option<String>,
    current: bool,
}

/// "Công văn số 3734/CAHP-PC06 ngày 02/4/2026 của Giám đốc Công an thành phố
/// Hải Phòng về việc …", as plans cite documents.
fn legal_text(l: &crate::model::LegalRef) -> String {
    let mut s = l.kind.clone();
    if let Some(n) = &l.number {
        s.push_str(&format!(" số {n}"));
    }
    if let Some(d) = l.date {
        s.push_str(&format!(" ngày {}", crate::vi::date_short(d.0)));
    }
    if let Some(i) = &l.issuer {
        s.push_str(&format!(" của {i}"));
    }
    if let Some(t) = &l.title {
        s.push_str(&format!(" {t}"));
    }
    s
}

/// A template failure is a theme problem; say which template and why.
pub fn template_error(name: &str, e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(&format!(": {s}"));
        src = s.source();
    }
    Diagnostic::error(
        std::path::Path::new(&format!("templates/{name}")),
        0,
        0,
        Text::new(
            format!("lỗi trong mẫu giao diện: {msg}"),
            format!("error in the theme template: {msg}"),
        ),
    )
    .with_hint(Text::new(
        "Nếu bạn đã sửa mẫu trong thư mục themes/ hoặc templates/, kiểm tra lại thay đổi đó.",
        "If you changed a template under themes/ or templates/, check that change.",
    ))
}
