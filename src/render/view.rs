//! What templates see. Each view is built in Rust from the model, with every
//! date, time, status and link already worked out, so templates only present.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::{Campaign, Guide, Id, Location, Mode, Schedule, Target, Ward};
use crate::render::qr;
use crate::vi;

/// Paths of pages, relative to the ward's output root. One place decides
/// them, so links never disagree with files.
pub mod path {
    pub fn home() -> String {
        "index.html".into()
    }
    pub fn campaign(c: &str) -> String {
        format!("chien-dich/{c}/index.html")
    }
    pub fn schedule(c: &str) -> String {
        format!("chien-dich/{c}/lich/index.html")
    }
    pub fn guide(c: &str, audience: &str) -> String {
        format!("chien-dich/{c}/huong-dan/{audience}/index.html")
    }
    pub fn progress(c: &str) -> String {
        format!("chien-dich/{c}/tien-do/index.html")
    }
    pub fn progress_print(c: &str) -> String {
        format!("chien-dich/{c}/tien-do/in/index.html")
    }
    /// The office's report file, as sent, for download.
    pub fn progress_csv(c: &str, date: &str) -> String {
        format!("chien-dich/{c}/tien-do/{date}.csv")
    }
    pub fn location(l: &str) -> String {
        format!("dia-diem/{l}/index.html")
    }
    pub fn notices() -> String {
        "thong-bao/index.html".into()
    }
    /// Page `n` (from 1) of the notices list; the first is [`notices`].
    pub fn notices_page(n: usize) -> String {
        if n <= 1 {
            notices()
        } else {
            format!("thong-bao/trang-{n}/index.html")
        }
    }
    pub fn notice(n: &str) -> String {
        format!("thong-bao/{n}/index.html")
    }
    pub fn not_found() -> String {
        "404.html".into()
    }
    /// The list of printable posters of a ward.
    pub fn posters() -> String {
        "ap-phich/index.html".into()
    }
    /// One poster page. `stem` is empty for the campaign's own poster,
    /// `huong-dan-<audience>` or `khau-hieu-<n>` otherwise; `paper` is
    /// `a4` or `a3`.
    pub fn poster(c: &str, stem: &str, paper: &str) -> String {
        if stem.is_empty() {
            format!("ap-phich/{c}/{paper}.html")
        } else {
            format!("ap-phich/{c}/{stem}-{paper}.html")
        }
    }
    /// The 1200×630 picture shown when a campaign page is shared.
    pub fn share_image(c: &str) -> String {
        format!("chien-dich/{c}/chia-se.png")
    }
    pub fn search() -> String {
        "tim-kiem/index.html".into()
    }
    /// At the ward root, beside `sw.js`, which serves it when offline.
    pub fn offline() -> String {
        "ngoai-tuyen.html".into()
    }
    /// `../` repeated once per folder in `page`, to reach the ward root.
    pub fn root_of(page: &str) -> String {
        "../".repeat(page.matches('/').count())
    }
    /// Calendar of a campaign; named after it, since phones keep the file name.
    pub fn campaign_ics(c: &str) -> String {
        format!("chien-dich/{c}/{c}.ics")
    }
    pub fn location_ics(l: &str) -> String {
        format!("dia-diem/{l}/{l}.ics")
    }
    pub fn campaign_loudspeaker(c: &str) -> String {
        format!("chien-dich/{c}/loa-phat-thanh.txt")
    }
    pub fn campaign_share(c: &str) -> String {
        format!("chien-dich/{c}/chia-se.txt")
    }
    pub fn notice_loudspeaker(n: &str) -> String {
        format!("thong-bao/{n}/loa-phat-thanh.txt")
    }
    pub fn notice_share(n: &str) -> String {
        format!("thong-bao/{n}/chia-se.txt")
    }
    pub fn atom() -> String {
        "thong-bao/atom.xml".into()
    }
}

/// Encodes each distinct URL once per build; many pages show the same QR.
#[derive(Default)]
pub struct QrCache {
    svgs: HashMap<String, String>,
}

impl QrCache {
    pub fn svg(&mut self, url: &str) -> String {
        if let Some(s) = self.svgs.get(url) {
            return s.clone();
        }
        // A URL too long for a QR code is shown without one; validation
        // keeps links short enough, so this is a last resort, not a path.
        // `data-qr` names the intended target, so checks (the browser
        // suite, tests) compare what a phone decodes with what was meant.
        let s = shared_svg(url);
        self.svgs.insert(url.to_string(), s.clone());
        s
    }
}

/// Most QR codes of a province build point at the same national portals
/// (public services, VNeID): encode each such URL about once per process,
/// not once per ward. Encoding is a pure function of the URL, so sharing
/// never changes output.
fn shared_svg(url: &str) -> String {
    shared_raw_svg(url)
        .map(|svg| {
            svg.replacen(
                "<svg ",
                &format!("<svg data-qr=\"{}\" ", attr_escape(url)),
                1,
            )
        })
        .unwrap_or_default()
}

/// [`qr::svg`] of `url`, `None` when it cannot be encoded, shared by every
/// ward of the build. A URL's SVG is kept from its second sighting on, so
/// the thousands of one-ward links cost a key each, not an SVG.
pub fn shared_raw_svg(url: &str) -> Option<String> {
    use std::sync::{Mutex, OnceLock};
    const MAX_KEYS: usize = 65_536;
    type Memo = HashMap<String, Option<Option<String>>>;
    static SHARED: OnceLock<Mutex<Memo>> = OnceLock::new();
    let shared = SHARED.get_or_init(Default::default);
    let seen_before = match shared.lock() {
        Ok(m) => match m.get(url) {
            Some(Some(svg)) => return svg.clone(),
            Some(None) => true,
            None => false,
        },
        Err(_) => false,
    };
    let svg = qr::svg(url).ok();
    if let Ok(mut m) = shared.lock() {
        if seen_before {
            m.insert(url.to_string(), Some(svg.clone()));
        } else if m.len() < MAX_KEYS {
            m.entry(url.to_string()).or_insert(None);
        }
    }
    svg
}

/// A link with its QR code.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
    pub note: Option<String>,
    pub qr: String,
}

impl LinkView {
    pub fn new(title: &str, url: &str, note: Option<&str>, qrs: &mut QrCache) -> LinkView {
        LinkView {
            title: title.into(),
            url: url.into(),
            note: note.map(Into::into),
            qr: qrs.svg(url),
        }
    }
}

/// Where a campaign stands on the build date.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Active,
    Upcoming,
    Ended,
}

pub fn status(c: &Campaign, today: NaiveDate) -> Status {
    if today < c.period.start.0 {
        Status::Upcoming
    } else if today > c.period.end.0 {
        Status::Ended
    } else {
        Status::Active
    }
}

/// A deadline and how far away it is on the build date. The page updates
/// the count in the visitor's browser; this text is the fallback.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineView {
    pub iso: String,
    pub date: String,
    pub days_left: i64,
    pub text: String,
}

pub fn deadline(d: NaiveDate, today: NaiveDate) -> DeadlineView {
    let days_left = (d - today).num_days();
    let date = vi::date_with_weekday(d);
    let text = match days_left {
        n if n > 1 => format!("còn {n} ngày (đến hết {})", vi::date_short(d)),
        1 => format!("còn 1 ngày: hạn cuối là ngày mai, {}", vi::date_short(d)),
        0 => format!("hôm nay là hạn cuối ({})", vi::date_short(d)),
        n => format!("đã hết hạn ngày {} ({} ngày trước)", vi::date_short(d), -n),
    };
    DeadlineView {
        iso: d.format("%Y-%m-%d").to_string(),
        date,
        days_left,
        text,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetView {
    pub title: String,
    pub audience: Option<String>,
    /// "100%", "1.242/3.105 người (40%)".
    pub goal: String,
    pub deadline: Option<DeadlineView>,
}

/// Vietnamese thousands separator: 1.242.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

fn percent_text(p: f64) -> String {
    if (p - p.round()).abs() < 1e-9 {
        format!("{}%", p.round() as i64)
    } else {
        format!("{}%", format!("{p:.1}").replace('.', ","))
    }
}

pub fn target(c: &Campaign, t: &Target, today: NaiveDate) -> TargetView {
    let goal = match (t.count, t.of, t.percent) {
        (Some(n), Some(of), _) if of > 0 => format!(
            "{}/{} người ({})",
            thousands(n.into()),
            thousands(of.into()),
            percent_text(f64::from(n) * 100.0 / f64::from(of))
        ),
        (Some(n), _, Some(p)) => format!("{} ({} người)", percent_text(p), thousands(n.into())),
        (Some(n), _, None) => format!("{} người", thousands(n.into())),
        (None, _, Some(p)) => percent_text(p),
        _ => String::new(),
    };
    TargetView {
        title: t.title.clone(),
        audience: t
            .audience
            .as_ref()
            .and_then(|a| c.audience(a))
            .map(|a| a.name.clone()),
        goal,
        deadline: t.deadline.map(|d| deadline(d.0, today)),
    }
}

/// The nearest deadline that has not passed, else the last one.
pub fn next_deadline(c: &Campaign, today: NaiveDate) -> Option<DeadlineView> {
    deadline_among(c, |_| true, today)
}

/// The deadline that concerns one audience: its own targets and those of
/// the whole campaign (no `audience`), not another group's. A pupil's
/// guide must not say 15/6 when the pupils' own target ends on 15/4.
pub fn next_deadline_for(c: &Campaign, audience: &Id, today: NaiveDate) -> Option<DeadlineView> {
    deadline_among(
        c,
        |t| t.audience.as_ref().is_none_or(|a| a == audience),
        today,
    )
}

fn deadline_among(
    c: &Campaign,
    concerns: impl Fn(&Target) -> bool,
    today: NaiveDate,
) -> Option<DeadlineView> {
    let mut dates: Vec<NaiveDate> = c
        .targets
        .iter()
        .filter(|t| concerns(t))
        .filter_map(|t| t.deadline.map(|d| d.0))
        .collect();
    dates.push(c.period.end.0);
    dates.sort();
    let d = dates.iter().find(|d| **d >= today).or(dates.last())?;
    Some(deadline(*d, today))
}

#[derive(Debug, Clone, Serialize)]
pub struct ShiftView {
    pub label: String,
    pub start: String,
    pub end: String,
}

/// One row of the week view.
#[derive(Debug, Clone, Serialize)]
pub struct DayView {
    pub name: String,
    pub short: String,
    pub open: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct LocationRef {
    pub id: String,
    pub name: String,
    pub address: String,
    pub path: String,
}

pub fn location_ref(l: &Location) -> LocationRef {
    LocationRef {
        id: l.id.0.clone(),
        name: l.name.clone(),
        address: l.address.clone(),
        path: path::location(&l.id.0),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ScheduleView {
    pub campaign: String,
    pub campaign_path: String,
    pub location: LocationRef,
    pub audiences: Vec<String>,
    pub services: Vec<String>,
    pub start: String,
    pub end: String,
    /// "Từ Thứ Ba, 07/4/2026 đến Thứ Ba, 05/5/2026".
    pub range: String,
    pub days: String,
    pub week: Vec<DayView>,
    pub shifts: Vec<ShiftView>,
    pub closures: Vec<String>,
    pub note: Option<String>,
    pub status: Status,
    /// Sessions as JSON for `open-now.js`; `None` when the plan gives no hours.
    pub hours: Option<String>,
    /// "Buổi gần nhất: …" counted from the build date, until the script runs.
    pub next: Option<String>,
}

pub fn schedule(ward: &Ward, c: &Campaign, s: &Schedule, today: NaiveDate) -> Option<ScheduleView> {
    let loc = ward.location(&s.location)?;
    let audiences = if s.audiences.is_empty() {
        c.audiences.iter().map(|a| a.name.clone()).collect()
    } else {
        c.audience_names(&s.audiences)
            .into_iter()
            .map(String::from)
            .collect()
    };
    let closures = s
        .closures
        .iter()
        .map(|cl| match cl.end {
            Some(e) => format!(
                "Nghỉ từ {} đến {}: {}",
                vi::date_with_weekday(cl.date.0),
                vi::date_with_weekday(e.0),
                cl.reason
            ),
            None => format!("Nghỉ {}: {}", vi::date_with_weekday(cl.date.0), cl.reason),
        })
        .collect();
    let status = if today < s.start.0 {
        Status::Upcoming
    } else if today > s.end.0 {
        Status::Ended
    } else {
        Status::Active
    };
    let open_now = crate::render::hours::embed(&[s], today);
    Some(ScheduleView {
        campaign: c.name().to_string(),
        campaign_path: path::campaign(&c.id.0),
        location: location_ref(loc),
        audiences,
        services: s.services.clone(),
        start: s.start.iso(),
        end: s.end.iso(),
        range: format!(
            "Từ {} đến {}",
            vi::date_with_weekday(s.start.0),
            vi::date_with_weekday(s.end.0)
        ),
        days: s.days.label(),
        week: vi::ALL_DAYS
            .iter()
            .map(|w| DayView {
                name: vi::weekday_name(*w).into(),
                short: vi::weekday_short(*w).into(),
                open: s.days.contains(*w),
            })
            .collect(),
        shifts: s
            .shifts
            .iter()
            .map(|sh| ShiftView {
                label: sh.label(),
                start: sh.start.to_string(),
                end: sh.end.to_string(),
            })
            .collect(),
        closures,
        note: s.note.clone(),
        status,
        hours: open_now.as_ref().map(|o| o.0.clone()),
        next: open_now.map(|o| o.1),
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub title: String,
    pub mode: Mode,
    pub mode_label: String,
    pub text: Option<String>,
    pub link: Option<LinkView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GuideView {
    pub audience_id: String,
    pub audience: String,
    pub title: String,
    pub summary: Option<String>,
    pub path: String,
    pub steps: Vec<StepView>,
    pub bring: Vec<String>,
    pub companions: Vec<String>,
    pub notes: Vec<String>,
    /// Sessions that serve this audience.
    pub schedules: Vec<ScheduleView>,
    /// The nearest deadline of this audience's targets (or the campaign's).
    pub deadline: Option<DeadlineView>,
}

pub fn mode_label(m: Mode) -> &'static str {
    match m {
        Mode::Online => "Trực tuyến",
        Mode::InPerson => "Đến trực tiếp",
        Mode::AtHome => "Tại nhà",
    }
}

pub fn guide(
    ward: &Ward,
    c: &Campaign,
    g: &Guide,
    today: NaiveDate,
    qrs: &mut QrCache,
) -> GuideView {
    let steps = g
        .steps
        .iter()
        .map(|st| StepView {
            title: st.title.clone(),
            mode: st.mode,
            mode_label: mode_label(st.mode).into(),
            text: st.text.clone(),
            link: st
                .link
                .as_deref()
                .and_then(|raw| ward.resolve_link(raw))
                .map(|(title, url)| LinkView::new(&title, &url, None, qrs)),
        })
        .collect();
    let schedules = c
        .schedules
        .iter()
        .filter(|s| s.audiences.is_empty() || s.audiences.contains(&g.audience))
        .filter_map(|s| schedule(ward, c, s, today))
        .collect();
    GuideView {
        audience_id: g.audience.0.clone(),
        audience: c
            .audience(&g.audience)
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        title: g.title.clone(),
        summary: g.summary.clone(),
        path: path::guide(&c.id.0, &g.audience.0),
        steps,
        bring: g.bring.clone(),
        companions: g.companions.clone(),
        notes: g.notes.clone(),
        schedules,
        deadline: next_deadline_for(c, &g.audience, today),
    }
}

/// A campaign as a card on the home page: status, where, when, what to bring.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignCard {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub path: String,
    pub status: Status,
    pub period: String,
    pub deadline: Option<DeadlineView>,
    pub slogan: Option<String>,
    pub schedules: Vec<ScheduleView>,
    /// What to bring, from all guides, without repeats.
    pub bring: Vec<String>,
    pub guides: Vec<GuideLink>,
    pub link: Option<LinkView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GuideLink {
    pub audience: String,
    pub title: String,
    pub path: String,
}

pub fn period_text(c: &Campaign) -> String {
    format!(
        "{} – {}",
        vi::date_short(c.period.start.0),
        vi::date_short(c.period.end.0)
    )
}

pub fn card(ward: &Ward, c: &Campaign, today: NaiveDate, qrs: &mut QrCache) -> CampaignCard {
    let mut bring: Vec<String> = Vec::new();
    for g in &c.guides {
        for b in &g.bring {
            if !bring.contains(b) {
                bring.push(b.clone());
            }
        }
    }
    let link = c
        .main_link
        .as_ref()
        .and_then(|id| ward.link(id.as_str()))
        .or_else(|| ward.main_link());
    CampaignCard {
        id: c.id.0.clone(),
        name: c.name().to_string(),
        summary: c.summary.clone(),
        path: path::campaign(&c.id.0),
        status: status(c, today),
        period: period_text(c),
        deadline: next_deadline(c, today),
        slogan: c.slogans.first().cloned(),
        schedules: c
            .schedules
            .iter()
            .filter_map(|s| schedule(ward, c, s, today))
            .collect(),
        bring,
        guides: c
            .guides
            .iter()
            .map(|g| GuideLink {
                audience: c
                    .audience(&g.audience)
                    .map(|a| a.name.clone())
                    .unwrap_or_default(),
                title: g.title.clone(),
                path: path::guide(&c.id.0, &g.audience.0),
            })
            .collect(),
        link: link.map(|l| LinkView::new(&l.title, &l.url.0, l.note.as_deref(), qrs)),
    }
}

/// Campaigns in the order a resident needs them: running, coming, ended;
/// within each, the soonest end first (ended: most recent first).
pub fn ordered(ward: &Ward, today: NaiveDate) -> Vec<&Campaign> {
    let mut cs: Vec<&Campaign> = ward.campaigns.iter().collect();
    cs.sort_by(|a, b| {
        let (sa, sb) = (status(a, today), status(b, today));
        sa.cmp(&sb)
            .then_with(|| match sa {
                Status::Ended => b.period.end.cmp(&a.period.end),
                _ => a.period.end.cmp(&b.period.end),
            })
            .then_with(|| a.id.cmp(&b.id))
    });
    cs
}

/// "Thứ Hai, 23/11/2026": the build date as pages state it.
pub fn today_text(today: NaiveDate) -> String {
    vi::date_with_weekday(today)
}

/// Whole years only; used for the copyright-free footer line.
pub fn year(today: NaiveDate) -> i32 {
    today.year()
}

/// Escapes text for a double-quoted HTML attribute.
pub fn attr_escape(s: &str) -> String {
    super::escape::replace_ascii(s, |b| match b {
        b'&' => Some("&amp;"),
        b'"' => Some("&quot;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        _ => None,
    })
}
