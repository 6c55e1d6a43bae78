//! Printable posters for culture houses and village notice boards.
//!
//! For each campaign there is one poster of the campaign, one per audience
//! guide and one per slogan, each as an A4 and an A3 page that prints as
//! exactly one sheet: the text is chosen and cut here (lists shortened, long
//! texts clipped, a type size class picked from the length) so the template
//! only lays it out, and the page's CSS clips as a last resort. Each poster
//! carries a QR code big enough to scan from a metre away, its address
//! printed beneath.

use chrono::NaiveDate;
use serde::Serialize;
use tera::Context;

use super::share::{self, clip};
use super::view::{self, path};
use super::WardRenderer;
use crate::error::{Diagnostic, Text};
use crate::model::{Campaign, Guide, Schedule, Ward};
use crate::vi;

const MAX_HEADLINE: usize = 160;

/// How much of each list a poster shows, and how long its lead may be.
#[derive(Debug, Clone, Copy)]
struct Limits {
    sessions: usize,
    steps: usize,
    bring: usize,
    companions: usize,
    closures: usize,
    /// A schedule's note when it gives no hours.
    notes: bool,
    /// Characters of the lead paragraph; 0 drops it.
    lead: usize,
}

/// Each level shows less than the one before. A poster takes the first
/// level whose text fits one sheet with body type at least [`MIN_SCALE`]:
/// large type on a wall beats a complete list (the QR code leads to it).
const LEVELS: [Limits; 5] = [
    Limits {
        sessions: 3,
        steps: 6,
        bring: 5,
        companions: 2,
        closures: 2,
        notes: true,
        lead: 260,
    },
    Limits {
        sessions: 2,
        steps: 6,
        bring: 5,
        companions: 2,
        closures: 1,
        notes: true,
        lead: 200,
    },
    Limits {
        sessions: 2,
        steps: 5,
        bring: 4,
        companions: 1,
        closures: 1,
        notes: false,
        lead: 140,
    },
    Limits {
        sessions: 1,
        steps: 4,
        bring: 3,
        companions: 1,
        closures: 0,
        notes: false,
        lead: 100,
    },
    Limits {
        sessions: 1,
        steps: 3,
        bring: 2,
        companions: 1,
        closures: 0,
        notes: false,
        lead: 0,
    },
];

/// Smallest body scale before a poster drops content instead.
const MIN_SCALE: f32 = 0.8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    A3,
}

impl Paper {
    pub const ALL: [Paper; 2] = [Paper::A4, Paper::A3];

    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::A3 => "A3",
        }
    }
    fn slug(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::A3 => "a3",
        }
    }
    fn other(self) -> Paper {
        match self {
            Paper::A4 => Paper::A3,
            Paper::A3 => Paper::A4,
        }
    }
}

/// Which poster: the campaign's own, one audience's guide, or one slogan
/// (0-based index into `slogans`).
#[derive(Debug, Clone, Copy)]
pub enum Kind<'a> {
    Campaign,
    Guide(&'a Guide),
    Slogan(usize),
}

impl Kind<'_> {
    fn stem(&self) -> String {
        match self {
            Kind::Campaign => String::new(),
            Kind::Guide(g) => format!("huong-dan-{}", g.audience),
            Kind::Slogan(i) => format!("khau-hieu-{}", i + 1),
        }
    }
    fn name(&self) -> &'static str {
        match self {
            Kind::Campaign => "campaign",
            Kind::Guide(_) => "guide",
            Kind::Slogan(_) => "slogan",
        }
    }
}

/// Every poster of a campaign, in the order the poster list shows them.
pub fn kinds(c: &Campaign) -> Vec<Kind<'_>> {
    let mut v = vec![Kind::Campaign];
    v.extend(c.guides.iter().map(Kind::Guide));
    v.extend((0..c.slogans.len()).map(Kind::Slogan));
    v
}

pub fn poster_path(c: &Campaign, kind: Kind, paper: Paper) -> String {
    path::poster(&c.id.0, &kind.stem(), paper.slug())
}

/// Where a campaign's posters and share picture send a phone: the link the
/// campaign names (the public-service portal), else the ward's main link,
/// else the campaign's own page when the site's address is known.
pub fn main_target(ward: &Ward, c: &Campaign) -> Option<String> {
    c.main_link
        .as_ref()
        .and_then(|id| ward.link(id.as_str()))
        .or_else(|| ward.main_link())
        .map(|l| l.url.0.clone())
        .or_else(|| share::absolute(ward, &path::campaign(&c.id.0)))
}

/// Where a poster's QR code goes: a guide poster to its own guide page when
/// the site's address is known, every other poster to [`main_target`].
pub fn qr_target(ward: &Ward, c: &Campaign, kind: Kind) -> Option<String> {
    match kind {
        Kind::Guide(g) => share::absolute(ward, &path::guide(&c.id.0, &g.audience.0))
            .or_else(|| main_target(ward, c)),
        _ => main_target(ward, c),
    }
}

/// One entry of the poster list: a poster in both sizes.
#[derive(Debug, Clone, Serialize)]
pub struct PosterLink {
    /// `campaign`, `guide` or `slogan`.
    pub kind: &'static str,
    pub title: String,
    pub a4: String,
    pub a3: String,
}

pub fn links(c: &Campaign) -> Vec<PosterLink> {
    kinds(c)
        .into_iter()
        .map(|k| PosterLink {
            kind: k.name(),
            title: match k {
                Kind::Campaign => c.name().to_string(),
                Kind::Guide(g) => g.title.clone(),
                Kind::Slogan(i) => c.slogans.get(i).cloned().unwrap_or_default(),
            },
            a4: poster_path(c, k, Paper::A4),
            a3: poster_path(c, k, Paper::A3),
        })
        .collect()
}

/// A campaign on the poster list.
#[derive(Debug, Clone, Serialize)]
pub struct PosterGroup {
    pub id: String,
    pub name: String,
    pub status: view::Status,
    pub period: String,
    pub path: String,
    pub posters: Vec<PosterLink>,
    pub share_image: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShiftLine {
    pub label: String,
    pub time: String,
}

/// One place with its days and hours, as a poster states it.
#[derive(Debug, Clone, Serialize)]
pub struct PosterSession {
    pub place: String,
    pub address: String,
    pub dates: String,
    pub days: String,
    pub shifts: Vec<ShiftLine>,
    /// The schedule's note, only when it gives no hours (it says who
    /// announces them).
    pub note: Option<String>,
    pub closures: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepLine {
    pub title: String,
    pub mode: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PaperLink {
    pub name: &'static str,
    pub path: String,
}

/// Everything one poster page shows, already cut to fit one sheet.
#[derive(Debug, Clone, Serialize)]
pub struct PosterView {
    /// `A4` or `A3`: `data-print` and `@page { size }`.
    pub paper: &'static str,
    pub other: PaperLink,
    pub index_path: String,
    /// `campaign`, `guide` or `slogan`.
    pub kind: &'static str,
    /// The campaign's name above the headline.
    pub kicker: Option<String>,
    pub headline: String,
    /// `len-xl` … `len-s`: the headline's type size, from its length,
    /// one step up or down to fit the sheet.
    pub headline_class: &'static str,
    pub audience: Option<String>,
    pub lead: Option<String>,
    pub sessions: Vec<PosterSession>,
    /// "Và 2 lịch tiếp nhận khác …" when sessions were left out.
    pub more_sessions: Option<String>,
    pub steps: Vec<StepLine>,
    pub more_steps: Option<String>,
    pub bring: Vec<String>,
    pub more_bring: Option<String>,
    pub companions: Vec<String>,
    /// "Thứ Ba, 05/5/2026"; absent once passed (a poster stays up for weeks).
    pub deadline: Option<String>,
    /// `<svg class="qr" data-qr=…>`; empty when there is nowhere to send.
    pub qr: String,
    pub qr_url: String,
    pub contacts: Vec<String>,
    /// `s130` … `s70`: body type scale, chosen so the text fits the sheet.
    pub scale: &'static str,
}

/// Headline type sizes, largest first: CSS class and size in rem.
const HEADLINES: [(&str, f32); 4] = [
    ("len-xl", 3.6),
    ("len-l", 2.9),
    ("len-m", 2.2),
    ("len-s", 1.8),
];

/// Body type scales, largest first: CSS class and factor.
const SCALES: [(&str, f32); 6] = [
    ("s130", 1.3),
    ("s115", 1.15),
    ("s100", 1.0),
    ("s90", 0.9),
    ("s80", 0.8),
    ("s70", 0.7),
];

/// Headline type size by length in characters: the largest a headline of
/// that length may have (it may still shrink to fit the sheet).
pub fn headline_class(text: &str) -> &'static str {
    match text.chars().count() {
        0..=40 => "len-xl",
        41..=75 => "len-l",
        76..=115 => "len-m",
        _ => "len-s",
    }
}

/// The printed sheet, in millimetres, as `poster.css` lays it out.
struct Sheet {
    /// 1 rem in print.
    rem: f32,
    /// Height of the sheet inside the page margins.
    height: f32,
    /// Width of the text inside the sheet's padding.
    width: f32,
    qr: f32,
    /// Width of the QR figure, whose caption is the URL.
    caption: f32,
}

impl Sheet {
    fn of(paper: Paper) -> Sheet {
        let pt = 25.4 / 72.0;
        match paper {
            Paper::A4 => Sheet {
                rem: 11.0 * pt,
                height: 275.0,
                width: 190.0,
                qr: 50.0,
                caption: 72.0,
            },
            Paper::A3 => Sheet {
                rem: 15.5 * pt,
                height: 398.0,
                width: 277.0,
                qr: 80.0,
                caption: 105.0,
            },
        }
    }
}

/// A text as the lengths of its words in characters: all [`estimate`]
/// needs to count its lines, split once per poster rather than once per
/// size tried.
#[derive(Debug, Clone, Default)]
struct Words(Vec<u32>);

impl Words {
    fn of(text: &str) -> Words {
        Words(
            text.split_whitespace()
                .map(|w| w.chars().count() as u32)
                .collect(),
        )
    }
}

/// Lines `text` takes when `per_line` characters fit on a line, wrapping
/// at spaces as a browser does.
fn lines(text: &Words, per_line: f32) -> f32 {
    let per_line = per_line.max(8.0) as u32;
    let mut n = 0;
    let mut used = 0;
    for &len in &text.0 {
        if n == 0 || used + 1 + len > per_line {
            n += 1 + len / per_line;
            used = len % per_line;
        } else {
            used += 1 + len;
        }
    }
    n as f32
}

/// Height in mm of a paragraph: `size` in rem, `em` the average character
/// width in em (Noto Sans on Vietnamese text: 0.49 regular, 0.52 bold,
/// spaces included; a little more here to be safe).
fn para(sheet: &Sheet, text: &Words, size: f32, em: f32, lh: f32, width: f32) -> f32 {
    let size = size * sheet.rem;
    lines(text, width / (size * em)) * size * lh
}

/// The texts of a session, split into words.
struct SessionWords {
    place: Words,
    address: Words,
    dates: Words,
    days: Words,
    shifts: usize,
    /// The note and closures, in small type.
    small: Vec<Words>,
}

/// Every text of a [`PosterView`] that [`estimate`] measures, split into
/// words once.
struct Measured {
    kicker: Option<Words>,
    headline: Words,
    /// Audience and lead, in that order.
    intro: Vec<Words>,
    sessions: Vec<SessionWords>,
    more_sessions: Option<Words>,
    /// Each step's title with its mode label (set at 0.75 em, so counted
    /// as shorter text).
    steps: Vec<Words>,
    more_steps: Option<Words>,
    bring: Vec<Words>,
    more_bring: Option<Words>,
    companions: Vec<Words>,
    qr_url: Words,
    no_hours: Words,
    deadline: bool,
    contacts: usize,
    has_qr: bool,
}

impl Measured {
    fn of(v: &PosterView) -> Measured {
        let label = |m: &str| "x".repeat((m.chars().count() + 2) * 3 / 4);
        Measured {
            kicker: v.kicker.as_deref().map(Words::of),
            headline: Words::of(&v.headline),
            intro: v
                .audience
                .iter()
                .chain(&v.lead)
                .map(|t| Words::of(t))
                .collect(),
            sessions: v
                .sessions
                .iter()
                .map(|x| SessionWords {
                    place: Words::of(&x.place),
                    address: Words::of(&x.address),
                    dates: Words::of(&x.dates),
                    days: Words::of(&x.days),
                    shifts: x.shifts.len(),
                    small: x
                        .note
                        .iter()
                        .chain(&x.closures)
                        .map(|t| Words::of(t))
                        .collect(),
                })
                .collect(),
            more_sessions: v.more_sessions.as_deref().map(Words::of),
            steps: v
                .steps
                .iter()
                .map(|st| Words::of(&format!("{} {}", st.title, label(&st.mode))))
                .collect(),
            more_steps: v.more_steps.as_deref().map(Words::of),
            bring: v.bring.iter().map(|t| Words::of(t)).collect(),
            more_bring: v.more_bring.as_deref().map(Words::of),
            companions: v.companions.iter().map(|t| Words::of(t)).collect(),
            qr_url: Words::of(&v.qr_url),
            no_hours: Words::of("Kế hoạch chưa công bố giờ cụ thể."),
            deadline: v.deadline.is_some(),
            contacts: v.contacts.len(),
            has_qr: !v.qr.is_empty(),
        }
    }
}

/// Estimated height in mm of a poster's content with headline size `h`
/// (rem) and body scale `s`, following the rules of `poster.css`.
fn estimate(v: &Measured, sheet: &Sheet, h: f32, s: f32) -> f32 {
    let r = sheet.rem;
    let inner = sheet.width - 2.0 * r;
    let col = (inner - 1.5 * r) / 2.0;
    let body = 1.15 * s;
    let h2 = 1.15 * r * 1.35 + 1.1 * r;
    // Header band, then the full-width top of the body.
    let mut top = 1.0 * r + 1.6 * r * 1.2 + 0.95 * r * 1.35 + 0.25 * r + 0.5 * r;
    if let Some(k) = &v.kicker {
        top += 0.6 * r + para(sheet, k, 1.2, 0.55, 1.35, inner);
    }
    top += 0.9 * r + para(sheet, &v.headline, h, 0.55, 1.15, inner);
    for t in &v.intro {
        top += 0.8 * r + para(sheet, t, 1.2 * s, 0.52, 1.35, inner);
    }
    let right_empty = v.steps.is_empty() && v.bring.is_empty() && v.companions.is_empty();
    let two = !v.sessions.is_empty() && !right_empty;
    let w = if two { col } else { inner };
    let small = |t: &Words| 0.4 * r + para(sheet, t, 0.9 * s, 0.52, 1.35, w);
    let item = |t: &Words| 0.3 * r + para(sheet, t, body, 0.52, 1.35, w - 1.4 * r);

    let mut left = 0.0;
    if !v.sessions.is_empty() {
        left += h2;
        for x in &v.sessions {
            left += r;
            left += 0.4 * r + para(sheet, &x.place, body, 0.55, 1.35, w - 1.05 * r);
            left += para(sheet, &x.address, body, 0.52, 1.35, w - 1.05 * r);
            left += 0.4 * r + para(sheet, &x.dates, body, 0.52, 1.35, w - 1.05 * r);
            left += para(sheet, &x.days, body, 0.52, 1.35, w - 1.05 * r);
            left += x.shifts as f32 * (1.45 * s * r * 1.45 + 0.8 * r);
            if x.shifts == 0 {
                left += small(&v.no_hours);
            }
            left += x.small.iter().map(small).sum::<f32>();
        }
        left += v.more_sessions.as_ref().map_or(0.0, small);
    }
    let mut right = 0.0;
    if !v.steps.is_empty() {
        right += h2;
        right += v.steps.iter().map(item).sum::<f32>();
        right += v.more_steps.as_ref().map_or(0.0, small);
    }
    if !v.bring.is_empty() {
        right += h2 + 1.8 * r;
        right += v.bring.iter().map(item).sum::<f32>();
        right += v.more_bring.as_ref().map_or(0.0, small);
    }
    if !v.companions.is_empty() {
        right += h2;
        right += v.companions.iter().map(item).sum::<f32>();
    }
    let cols = if two {
        f32::max(left, right)
    } else {
        left + right
    };

    // Footer: the QR code with its URL beneath, beside the call to act.
    let url = para(sheet, &v.qr_url, 0.85, 0.52, 1.25, sheet.caption);
    let qr = if v.has_qr {
        sheet.qr + 0.2 * r + url
    } else {
        0.0
    };
    let mut call = 1.5 * r * 1.35 + 0.7 * r;
    if v.deadline {
        call += 1.35 * r * 1.35 + 0.7 * r;
    }
    call += (2 + v.contacts) as f32 * r * 1.35 * 1.5;
    let foot = 1.8 * r + f32::max(qr, call);
    top + cols + foot
}

/// Picks the headline size and body scale (at least `min_scale`) so the
/// estimated content fits the sheet with 3.5% to spare (on the sample,
/// estimates are within 5% of what Chromium lays out, mostly above): the
/// largest body type with the headline at its length class's size (one
/// larger if the body is not shrunk), else with the headline one smaller.
fn fit(v: &PosterView, paper: Paper, min_scale: f32) -> Option<(&'static str, &'static str)> {
    let sheet = Sheet::of(paper);
    let room = sheet.height * 0.965;
    let natural = HEADLINES
        .iter()
        .position(|(c, _)| *c == v.headline_class)
        .unwrap_or(0);
    let largest = natural.saturating_sub(1);
    let smaller = (natural + 1).min(HEADLINES.len() - 1);
    let scales = || SCALES.into_iter().filter(|(_, s)| *s >= min_scale);
    // First the headline at its size (or one larger, if the body keeps at
    // least its normal size), then one size smaller.
    let first = scales().flat_map(|(scale, s)| {
        let from = if s >= 1.0 { largest } else { natural };
        HEADLINES[from..=natural]
            .iter()
            .map(move |h| (*h, (scale, s)))
    });
    let then = scales().map(|sc| (HEADLINES[smaller], sc));
    let measured = Measured::of(v);
    first
        .chain(then)
        .find(|((_, h), (_, s))| estimate(&measured, &sheet, *h, *s) <= room)
        .map(|((class, _), (scale, _))| (class, scale))
}

/// Schedules that `keep` accepts, those not yet over first (a new poster
/// should not send anyone to a session that has ended), earliest first.
fn sessions(
    ward: &Ward,
    c: &Campaign,
    today: NaiveDate,
    limits: &Limits,
    keep: impl Fn(&Schedule) -> bool,
) -> (Vec<PosterSession>, Option<String>) {
    let all: Vec<&Schedule> = c.schedules.iter().filter(|s| keep(s)).collect();
    let current: Vec<&Schedule> = all.iter().copied().filter(|s| s.end.0 >= today).collect();
    let mut chosen = if current.is_empty() { all } else { current };
    chosen.sort_by_key(|s| s.start);
    let more = chosen.len().saturating_sub(limits.sessions);
    let list = chosen
        .into_iter()
        .take(limits.sessions)
        .filter_map(|s| {
            let loc = ward.location(&s.location)?;
            let mut closures: Vec<String> = s
                .closures
                .iter()
                .filter(|cl| cl.end.unwrap_or(cl.date).0 >= today)
                .map(|cl| {
                    let when = match cl.end {
                        Some(e) => {
                            format!("{} – {}", vi::date_short(cl.date.0), vi::date_short(e.0))
                        }
                        None => vi::date_short(cl.date.0),
                    };
                    clip(&format!("Nghỉ {when}: {}", cl.reason), 90)
                })
                .collect();
            closures.truncate(limits.closures);
            Some(PosterSession {
                place: clip(&loc.name, 90),
                address: clip(&loc.address, 120),
                dates: format!(
                    "Từ {} đến {}",
                    vi::date_short(s.start.0),
                    vi::date_short(s.end.0)
                ),
                days: s.days.label(),
                shifts: s
                    .shifts
                    .iter()
                    .take(4)
                    .map(|sh| ShiftLine {
                        label: sh.label(),
                        time: format!("{} – {}", sh.start, sh.end),
                    })
                    .collect(),
                note: if s.shifts.is_empty() && limits.notes {
                    s.note.as_deref().map(|n| clip(n, 150))
                } else {
                    None
                },
                closures,
            })
        })
        .collect();
    (list, left_out(more, "lịch tiếp nhận khác", ward))
}

/// "Và 2 bước nữa: xem đầy đủ trên trang thông tin của Phường Tứ Minh."
fn left_out(n: usize, what: &str, ward: &Ward) -> Option<String> {
    (n > 0).then(|| {
        format!(
            "Và {n} {what}: xem đầy đủ trên trang thông tin của {}.",
            ward.site.name
        )
    })
}

/// Up to `max` items, each clipped to `each` characters, and how many were
/// left out.
fn shorten(items: &[String], max: usize, each: usize) -> (Vec<String>, usize) {
    let list = items.iter().take(max).map(|s| clip(s, each)).collect();
    (list, items.len().saturating_sub(max))
}

/// Everything the campaign's guides ask to bring, without repeats.
fn all_bring(c: &Campaign) -> Vec<String> {
    let mut bring: Vec<String> = Vec::new();
    for b in c.guides.iter().flat_map(|g| &g.bring) {
        if !bring.contains(b) {
            bring.push(b.clone());
        }
    }
    bring
}

/// The poster's text for `kind` on `paper`, cut to fit one sheet; `qr` is
/// the QR code's SVG.
pub fn view(
    ward: &Ward,
    c: &Campaign,
    kind: Kind,
    paper: Paper,
    today: NaiveDate,
    qr: &str,
) -> PosterView {
    let mut v = content(ward, c, kind, paper, today, qr, &LEVELS[0]);
    for (i, limits) in LEVELS.iter().enumerate() {
        if i > 0 {
            v = content(ward, c, kind, paper, today, qr, limits);
        }
        if let Some((headline, scale)) = fit(&v, paper, MIN_SCALE) {
            v.headline_class = headline;
            v.scale = scale;
            return v;
        }
    }
    // Even the least text is too long at MIN_SCALE: smaller type, and the
    // sheet clips whatever is still left over.
    let (headline, scale) = fit(&v, paper, 0.0)
        .unwrap_or((HEADLINES[HEADLINES.len() - 1].0, SCALES[SCALES.len() - 1].0));
    v.headline_class = headline;
    v.scale = scale;
    v
}

/// The poster's text within `limits`, before type sizes are chosen.
fn content(
    ward: &Ward,
    c: &Campaign,
    kind: Kind,
    paper: Paper,
    today: NaiveDate,
    qr: &str,
    limits: &Limits,
) -> PosterView {
    let (headline, kicker, lead, audience) = match kind {
        Kind::Campaign => match c.slogans.first() {
            Some(s) => (s.clone(), Some(c.name()), Some(c.summary.as_str()), None),
            None => (c.name().to_string(), None, Some(c.summary.as_str()), None),
        },
        Kind::Guide(g) => (
            g.title.clone(),
            Some(c.name()),
            g.summary.as_deref(),
            c.audience(&g.audience).map(|a| a.name.clone()),
        ),
        Kind::Slogan(i) => (
            c.slogans.get(i).cloned().unwrap_or_default(),
            Some(c.name()),
            None,
            None,
        ),
    };
    let (sessions, more_sessions) = match kind {
        Kind::Guide(g) => sessions(ward, c, today, limits, |s| {
            s.audiences.is_empty() || s.audiences.contains(&g.audience)
        }),
        _ => sessions(ward, c, today, limits, |_| true),
    };
    let (steps, more_steps) = match kind {
        Kind::Guide(g) => {
            let titles: Vec<String> = g.steps.iter().map(|s| s.title.clone()).collect();
            let (list, more) = shorten(&titles, limits.steps, 90);
            let more = left_out(more, "bước nữa", ward);
            let steps = list
                .into_iter()
                .zip(&g.steps)
                .map(|(title, s)| StepLine {
                    title,
                    mode: view::mode_label(s.mode).to_string(),
                })
                .collect();
            (steps, more)
        }
        _ => (Vec::new(), None),
    };
    let (bring, more_bring) = match kind {
        Kind::Guide(g) => shorten(&g.bring, limits.bring, 100),
        _ => shorten(&all_bring(c), limits.bring, 100),
    };
    let more_bring = left_out(more_bring, "thứ khác", ward);
    let companions = match kind {
        Kind::Guide(g) => shorten(&g.companions, limits.companions, 120).0,
        _ => Vec::new(),
    };
    let deadline = match kind {
        Kind::Guide(g) => view::next_deadline_for(c, &g.audience, today),
        _ => view::next_deadline(c, today),
    }
    .filter(|d| d.days_left >= 0)
    .map(|d| d.date);
    let mut contacts: Vec<String> = ward
        .site
        .phones
        .iter()
        .map(|p| format!("{}: {}", p.label, p.number))
        .chain(c.contacts.iter().filter_map(|ct| {
            ct.phone.as_ref().map(|ph| match &ct.role {
                Some(r) => format!("{} ({r}): {ph}", ct.name),
                None => format!("{}: {ph}", ct.name),
            })
        }))
        .collect();
    contacts.truncate(2);
    let headline = clip(&headline, MAX_HEADLINE);
    let qr_url = qr_target(ward, c, kind).unwrap_or_default();
    PosterView {
        paper: paper.name(),
        other: PaperLink {
            name: paper.other().name(),
            path: poster_path(c, kind, paper.other()),
        },
        index_path: path::posters(),
        kind: kind.name(),
        kicker: kicker.filter(|k| *k != headline).map(|k| clip(k, 120)),
        headline_class: headline_class(&headline),
        headline,
        audience: audience.map(|a| clip(&a, 120)),
        lead: lead
            .filter(|_| limits.lead > 0)
            .map(|l| clip(l, limits.lead)),
        sessions,
        more_sessions,
        steps,
        more_steps,
        bring,
        more_bring,
        companions,
        deadline,
        qr: if qr_url.is_empty() {
            String::new()
        } else {
            qr.to_string()
        },
        qr_url,
        contacts,
        scale: "s100",
    }
}

impl WardRenderer<'_> {
    /// Every poster of one campaign in both sizes, and its share picture.
    pub(super) fn posters(&mut self, c: &Campaign) -> Result<(), Diagnostic> {
        let (ward, today) = (self.ward, self.today);
        for kind in kinds(c) {
            let qr = qr_target(ward, c, kind)
                .map(|u| self.qrs.svg(&u))
                .unwrap_or_default();
            for paper in Paper::ALL {
                let v = view(ward, c, kind, paper, today, &qr);
                let p = poster_path(c, kind, paper);
                let description = v.lead.clone().unwrap_or_else(|| c.summary.clone());
                let mut ctx = Context::new();
                ctx.insert(
                    "og",
                    &share::for_page(ward, &p, &v.headline, &description, Some(c)),
                );
                ctx.insert("poster", &v);
                self.page("poster.html", &p, ctx)?;
            }
        }
        let png = share::png(ward, c, main_target(ward, c).as_deref()).map_err(|e| {
            Diagnostic::error(
                &ward.dir.join("campaigns").join(format!("{}.yaml", c.id)),
                0,
                0,
                Text::new(
                    format!("không tạo được ảnh chia sẻ của chiến dịch: {e}"),
                    format!("cannot make the campaign's share picture: {e}"),
                ),
            )
        })?;
        self.out.add(
            format!("{}{}", self.prefix, path::share_image(&c.id.0)),
            png,
        );
        Ok(())
    }

    /// The list of every poster of the ward, running campaigns first.
    pub(super) fn poster_index(&mut self) -> Result<(), Diagnostic> {
        let (ward, today) = (self.ward, self.today);
        let groups: Vec<PosterGroup> = view::ordered(ward, today)
            .into_iter()
            .map(|c| PosterGroup {
                id: c.id.0.clone(),
                name: c.name().to_string(),
                status: view::status(c, today),
                period: view::period_text(c),
                path: path::campaign(&c.id.0),
                posters: links(c),
                share_image: path::share_image(&c.id.0),
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert("groups", &groups);
        self.page("posters.html", &path::posters(), ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longer_headlines_get_smaller_type() {
        assert_eq!(headline_class("Đi cùng con, mang Căn cước."), "len-xl");
        let long = "Sáng, chiều, tối, cả Thứ Bảy và Chủ Nhật — đưa con đi định danh mức 2, đến hết ngày 05/5/2026.";
        assert_eq!(headline_class(long), "len-m");
        assert_eq!(headline_class(&long.repeat(2)), "len-s");
    }

    #[test]
    fn shorten_keeps_the_first_items_and_counts_the_rest() {
        let items: Vec<String> = (1..=8).map(|i| format!("Giấy tờ {i}")).collect();
        let (list, more) = shorten(&items, 5, 100);
        assert_eq!(list.len(), 5);
        assert_eq!(list[0], "Giấy tờ 1");
        assert_eq!(more, 3);
        assert_eq!(shorten(&items[..2], 5, 100).1, 0);
    }
}
