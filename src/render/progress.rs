//! The progress page of a campaign (`chien-dich/<id>/tien-do/`), built from
//! the offices' report files ([`crate::model::stats`]): totals against the
//! plan's targets, a table and a bar chart per village, a trend over report
//! dates, the appendix tables in the plans' own form (with a print page),
//! and the CSV files for download.
//!
//! Charts are small inline SVG drawn here, at build time: no script, text
//! labels on every bar and line end, and line styles and marker shapes that
//! tell series apart without colour.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tera::Context;

use super::view::{self, path, thousands, DeadlineView};
use super::WardRenderer;
use crate::error::Diagnostic;
use crate::model::stats::{per_mille, ratio_cmp, Band, CampaignStats, Report, Tally, Topic};
use crate::model::{Campaign, Target, Ward};
use crate::vi;

/// The link on the campaign page, when the office sent numbers.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressLink {
    pub path: String,
    /// Date of the latest report: "20/4/2026".
    pub date: String,
}

pub fn link(ward: &Ward, c: &Campaign) -> Option<ProgressLink> {
    let latest = ward.stats.of(&c.id)?.latest()?;
    Some(ProgressLink {
        path: path::progress(&c.id.0),
        date: vi::date_short(latest.date.0),
    })
}

#[derive(Debug, Clone, Serialize)]
struct Page {
    campaign_name: String,
    campaign_path: String,
    path: String,
    /// "Thứ Hai, 20/4/2026".
    as_of: String,
    /// Every report date, oldest first: "13/4/2026".
    dates: Vec<String>,
    unit_label: String,
    unit_count: usize,
    note_html: Option<String>,
    sections: Vec<Section>,
    /// Targets of the plan no report has numbers for.
    goals_without_data: Vec<String>,
    appendices: Vec<Appendix>,
    downloads: Vec<Download>,
    print_path: String,
}

/// One topic (identity, card, or both together).
#[derive(Debug, Clone, Serialize)]
struct Section {
    /// Anchor and SVG id prefix.
    id: String,
    title: String,
    totals: Vec<Line>,
    goals: Vec<Goal>,
    /// Inline SVG; absent with a single report date.
    trend: Option<String>,
    trend_rows: Vec<Line>,
    /// Bands the villages are ranked on, when not all: those the plan's
    /// targets are about ("Từ 06 đến dưới 14 tuổi").
    focus: Option<String>,
    units: Vec<UnitRow>,
    bars: String,
    /// Date of the report the changes are counted from.
    previous: Option<String>,
}

/// Done, target and percent of one group, or of one date.
#[derive(Debug, Clone, Serialize)]
struct Line {
    label: String,
    /// The sum of the lines above it.
    total: bool,
    done: String,
    target: String,
    percent: String,
    remaining: String,
}

/// A target of the plan with the numbers that meet it.
#[derive(Debug, Clone, Serialize)]
struct Goal {
    title: String,
    audience: Option<String>,
    /// "100%" or "1.242 người".
    goal: String,
    /// "Đạt 2.753/4.202 người (65,5%), còn 1.449 người"; `None` without data.
    result: Option<String>,
    met: bool,
    deadline: Option<DeadlineView>,
}

#[derive(Debug, Clone, Serialize)]
struct UnitRow {
    rank: usize,
    name: String,
    done: String,
    target: String,
    percent: String,
    /// "+52" since the previous report.
    change: Option<String>,
    /// `best`, `lagging` or none.
    mark: Option<&'static str>,
    /// Tenths of a percent, for the bar chart.
    #[serde(skip)]
    pm: Option<u64>,
}

/// The appendix table of the plans: what is still to do, per unit and band.
#[derive(Debug, Clone, Serialize)]
struct Appendix {
    id: String,
    title: String,
    subtitle: String,
    as_of: String,
    bands: Vec<String>,
    rows: Vec<AppendixRow>,
    total: AppendixRow,
}

#[derive(Debug, Clone, Serialize)]
struct AppendixRow {
    stt: String,
    unit: String,
    cells: Vec<String>,
    total: String,
}

#[derive(Debug, Clone, Serialize)]
struct Download {
    date: String,
    name: String,
    path: String,
}

impl WardRenderer<'_> {
    /// The progress page, its print page and the CSV copies of one campaign.
    pub(super) fn progress(&mut self, c: &Campaign) -> Result<(), Diagnostic> {
        let Some(stats) = self.ward.stats.of(&c.id) else {
            return Ok(());
        };
        let Some(page) = build(c, stats, self.today) else {
            return Ok(());
        };
        for report in &stats.reports {
            self.out.add(
                format!(
                    "{}{}",
                    self.prefix,
                    path::progress_csv(&c.id.0, &report.date.iso())
                ),
                report.source.clone(),
            );
        }
        let mut ctx = Context::new();
        ctx.insert("progress", &page);
        self.page("progress.html", &path::progress(&c.id.0), ctx.clone())?;
        if !page.appendices.is_empty() {
            self.page("progress-print.html", &path::progress_print(&c.id.0), ctx)?;
        }
        Ok(())
    }
}

fn build(c: &Campaign, stats: &CampaignStats, today: NaiveDate) -> Option<Page> {
    let latest = stats.latest()?;
    let previous = stats
        .reports
        .len()
        .checked_sub(2)
        .map(|i| &stats.reports[i]);
    let sections = latest
        .topics
        .iter()
        .map(|t| section(c, stats, latest, previous, *t, today))
        .collect();
    let goals_without_data = c
        .targets
        .iter()
        .filter(|t| {
            !latest
                .topics
                .iter()
                .any(|topic| latest.bands_of(*topic).iter().any(|b| serves(c, t, b)))
        })
        .map(|t| t.title.clone())
        .collect();
    let appendices = latest
        .topics
        .iter()
        .filter_map(|t| appendix(c, latest, *t))
        .collect();
    Some(Page {
        campaign_name: c.name().to_string(),
        campaign_path: path::campaign(&c.id.0),
        path: path::progress(&c.id.0),
        as_of: vi::date_with_weekday(latest.date.0),
        dates: stats
            .reports
            .iter()
            .map(|r| vi::date_short(r.date.0))
            .collect(),
        unit_label: latest.unit_label.clone(),
        unit_count: latest.rows.len(),
        note_html: stats.note_html.clone(),
        sections,
        goals_without_data,
        appendices,
        downloads: stats
            .reports
            .iter()
            .map(|r| Download {
                date: vi::date_short(r.date.0),
                name: format!("{}.csv", r.date.iso()),
                path: path::progress_csv(&c.id.0, &r.date.iso()),
            })
            .collect(),
        print_path: path::progress_print(&c.id.0),
    })
}

fn topic_id(t: Topic) -> &'static str {
    match t {
        Topic::General => "chung",
        Topic::Identity => "dinh-danh",
        Topic::Card => "can-cuoc",
    }
}

/// "65,5%" from tenths of a percent; "—" when there is nothing to count.
pub(crate) fn percent(pm: Option<u64>) -> String {
    match pm {
        None => "—".into(),
        Some(pm) if pm % 10 == 0 => format!("{}%", pm / 10),
        Some(pm) => format!("{},{}%", pm / 10, pm % 10),
    }
}

fn count(n: Option<u64>) -> String {
    n.map_or_else(|| "—".into(), thousands)
}

fn line(label: String, t: Tally) -> Line {
    Line {
        label,
        total: false,
        done: count(t.issued),
        target: count(t.target),
        percent: percent(t.progress().and_then(|(d, o)| per_mille(d, o))),
        remaining: count(t.remaining),
    }
}

/// "13/4": chart axes have little room.
fn day_month(d: NaiveDate) -> String {
    if d.month() < 3 {
        format!("{:02}/{:02}", d.day(), d.month())
    } else {
        format!("{:02}/{}", d.day(), d.month())
    }
}

fn section(
    c: &Campaign,
    stats: &CampaignStats,
    latest: &Report,
    previous: Option<&Report>,
    topic: Topic,
    today: NaiveDate,
) -> Section {
    let id = topic_id(topic).to_string();
    let bands: Vec<&Band> = latest.bands_of(topic);
    let mut totals: Vec<Line> = bands
        .iter()
        .map(|b| line(b.label.clone(), latest.total(topic, &b.id)))
        .collect();
    if bands.len() > 1 {
        totals.push(Line {
            total: true,
            ..line("Tổng".into(), latest.total_all(topic))
        });
    }
    let goals = c
        .targets
        .iter()
        .map(|t| goal(c, t, latest, topic, today))
        .filter(|g| g.result.is_some())
        .collect();
    let focus: Vec<Band> = bands
        .iter()
        .filter(|b| c.targets.iter().any(|t| serves(c, t, b)))
        .map(|b| (*b).clone())
        .collect();
    let (rank_on, focus_label) = if focus.is_empty() || focus.len() == bands.len() {
        (bands.iter().map(|b| (*b).clone()).collect(), None)
    } else {
        let labels: Vec<&str> = focus.iter().map(|b| b.label.as_str()).collect();
        (focus.clone(), Some(labels.join(", ")))
    };
    let trend_rows = stats
        .reports
        .iter()
        .map(|r| line(vi::date_short(r.date.0), r.total_all(topic)))
        .collect();
    let units = unit_rows(latest, previous, topic, &rank_on);
    let bars = bar_chart(&id, &units, &latest.unit_label, focus_label.as_deref());
    Section {
        trend: trend_chart(&id, stats, topic, &bands),
        title: topic.label().to_string(),
        id,
        totals,
        goals,
        trend_rows,
        focus: focus_label,
        units,
        bars,
        previous: previous.map(|p| vi::date_short(p.date.0)),
    }
}

/// Whether the numbers of band `b` measure target `t`: the band is the
/// target's audience, or is an age band with exactly its ages.
fn serves(c: &Campaign, t: &Target, b: &Band) -> bool {
    let Some(a) = t.audience.as_ref().and_then(|a| c.audience(a)) else {
        return false;
    };
    b.audience.as_ref() == Some(&a.id)
        || (b.audience.is_none()
            && (b.age_from.is_some() || b.age_to.is_some())
            && (b.age_from, b.age_to) == (a.age_from.filter(|x| *x > 0), a.age_to))
}

/// A target of the plan against the band that measures it.
fn goal(c: &Campaign, t: &Target, latest: &Report, topic: Topic, today: NaiveDate) -> Goal {
    let audience = t.audience.as_ref().and_then(|a| c.audience(a));
    let band = latest.bands_of(topic).into_iter().find(|b| serves(c, t, b));
    let goal_text = match (t.count, t.percent) {
        (Some(n), _) => format!("{} người", thousands(n.into())),
        (None, Some(p)) => percent(Some((p * 10.0).round() as u64)),
        (None, None) => String::new(),
    };
    let mut met = false;
    let result = band.and_then(|b| {
        let (done, base) = latest.total(topic, &b.id).progress()?;
        let needed = match (t.count, t.percent) {
            (Some(n), _) => u64::from(n),
            (None, Some(p)) => (base as f64 * p / 100.0).ceil() as u64,
            (None, None) => base,
        };
        met = done >= needed;
        let left = needed.saturating_sub(done);
        let mut s = format!(
            "Đạt {}/{} người ({})",
            thousands(done),
            thousands(needed),
            percent(per_mille(done, needed))
        );
        if left > 0 {
            let _ = write!(s, ", còn {} người", thousands(left));
        }
        Some(s)
    });
    Goal {
        title: t.title.clone(),
        audience: audience.map(|a| a.name.clone()),
        goal: goal_text,
        result,
        met,
        deadline: t.deadline.map(|d| view::deadline(d.0, today)),
    }
}

/// Villages best first; ties by name so the order never changes between
/// builds. The top and bottom quarter (at most three each, ties included)
/// are marked.
fn unit_rows(
    latest: &Report,
    previous: Option<&Report>,
    topic: Topic,
    bands: &[Band],
) -> Vec<UnitRow> {
    // (name, (done, target), change since the previous report)
    type Ranked = (String, Option<(u64, u64)>, Option<i64>);
    let mut rows: Vec<Ranked> = latest
        .rows
        .iter()
        .map(|r| {
            let p = r.tally_all(topic, bands).progress();
            let change = previous
                .and_then(|prev| prev.row(&r.unit))
                .and_then(|pr| pr.tally_all(topic, bands).issued)
                .zip(p)
                .map(|(before, (now, _))| now as i64 - before as i64);
            (r.unit.clone(), p, change)
        })
        .collect();
    let key = |p: &Option<(u64, u64)>| p.filter(|(_, o)| *o > 0);
    rows.sort_by(|a, b| match (key(&a.1), key(&b.1)) {
        (Some(x), Some(y)) => ratio_cmp(y, x).then_with(|| vi::fold(&a.0).cmp(&vi::fold(&b.0))),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => vi::fold(&a.0).cmp(&vi::fold(&b.0)),
    });
    let ranked: Vec<(u64, u64)> = rows.iter().filter_map(|r| key(&r.1)).collect();
    let k = (ranked.len() / 4).clamp(1, 3);
    let (best, worst) = if ranked.len() >= 2 {
        (Some(ranked[k - 1]), Some(ranked[ranked.len() - k]))
    } else {
        (None, None)
    };
    let all_equal = ranked
        .first()
        .zip(ranked.last())
        .is_some_and(|(a, b)| ratio_cmp(*a, *b).is_eq());
    rows.into_iter()
        .enumerate()
        .map(|(i, (name, p, change))| {
            let mark = match (key(&p), best, worst) {
                _ if all_equal => None,
                (Some(x), Some(b), _) if ratio_cmp(x, b).is_ge() => Some("best"),
                (Some(x), _, Some(w)) if ratio_cmp(x, w).is_le() => Some("lagging"),
                _ => None,
            };
            UnitRow {
                rank: i + 1,
                name,
                done: count(p.map(|x| x.0)),
                target: count(p.map(|x| x.1)),
                percent: percent(p.and_then(|(d, o)| per_mille(d, o))),
                pm: p.and_then(|(d, o)| per_mille(d, o)),
                change: change.map(|d| match d {
                    d if d > 0 => format!("+{}", thousands(d as u64)),
                    d if d < 0 => format!("−{}", thousands(d.unsigned_abs())),
                    _ => "0".into(),
                }),
                mark,
            }
        })
        .collect()
}

fn appendix(c: &Campaign, latest: &Report, topic: Topic) -> Option<Appendix> {
    let bands: Vec<&Band> = latest
        .bands_of(topic)
        .into_iter()
        .filter(|b| latest.total(topic, &b.id).remaining.is_some())
        .collect();
    if bands.is_empty() {
        return None;
    }
    let cells = |t: &dyn Fn(&Band) -> Tally| -> (Vec<String>, String) {
        let values: Vec<Option<u64>> = bands.iter().map(|b| t(b).remaining).collect();
        let sum = values.iter().try_fold(0u64, |s, v| Some(s + (*v)?));
        (values.into_iter().map(count).collect(), count(sum))
    };
    let rows = latest
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (cells, total) = cells(&|b| r.tally(topic, &b.id));
            AppendixRow {
                stt: (i + 1).to_string(),
                unit: r.unit.clone(),
                cells,
                total,
            }
        })
        .collect();
    let (total_cells, total) = cells(&|b| latest.total(topic, &b.id));
    let title = match topic {
        Topic::Identity => "SỐ LIỆU CÔNG DÂN CHƯA CẤP TÀI KHOẢN ĐỊNH DANH ĐIỆN TỬ MỨC ĐỘ 2".into(),
        Topic::Card => "SỐ LIỆU CÔNG DÂN CHƯA LÀM CĂN CƯỚC".into(),
        Topic::General => format!(
            "SỐ LIỆU CÔNG DÂN CHƯA HOÀN THÀNH THEO {}",
            latest.unit_label.to_uppercase()
        ),
    };
    let doc = &c.document;
    let subtitle = format!(
        "(Kèm theo {}{} {})",
        doc.kind,
        doc.number
            .as_deref()
            .map(|n| format!(" số {n}"))
            .unwrap_or_default(),
        doc.date.long()
    );
    Some(Appendix {
        id: format!("phu-luc-{}", topic_id(topic)),
        title,
        subtitle,
        as_of: format!("Số liệu đến ngày {}", vi::date_short(latest.date.0)),
        bands: bands.iter().map(|b| b.label.clone()).collect(),
        rows,
        total: AppendixRow {
            stt: String::new(),
            unit: "Tổng".into(),
            cells: total_cells,
            total,
        },
    })
}

/// Escapes text for SVG (same rules as HTML text).
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

const CHART_W: u32 = 340;
/// Ink colours of the theme, all AA on white; shapes and dashes carry the
/// meaning, colour only helps.
const INKS: [&str; 4] = ["#0b4f9c", "#a3151b", "#00703c", "#8a5300"];
const DASHES: [&str; 4] = ["", "6 3", "2 3", "9 3 2 3"];

/// One marker shape per series, centred on (x, y).
fn marker(shape: usize, x: f32, y: f32, ink: &str) -> String {
    match shape % 4 {
        0 => format!(r#"<circle cx="{x:.1}" cy="{y:.1}" r="3.5" fill="{ink}"/>"#),
        1 => format!(
            r#"<rect x="{:.1}" y="{:.1}" width="7" height="7" fill="{ink}"/>"#,
            x - 3.5,
            y - 3.5
        ),
        2 => format!(r#"<path d="M{x:.1} {:.1}l4 7h-8z" fill="{ink}"/>"#, y - 4.0),
        _ => format!(
            r##"<path d="M{x:.1} {:.1}l4 4-4 4-4-4z" fill="#fff" stroke="{ink}" stroke-width="1.5"/>"##,
            y - 4.0
        ),
    }
}

/// Percent done per band and in total, one point per report date, with the
/// last value written at the end of each line.
fn trend_chart(id: &str, stats: &CampaignStats, topic: Topic, bands: &[&Band]) -> Option<String> {
    let reports = &stats.reports;
    if reports.len() < 2 {
        return None;
    }
    let (first, last) = (reports.first()?.date.0, reports.last()?.date.0);
    let span = (last - first).num_days().max(1) as f32;
    let (x0, x1, y0, y1, h) = (40.0f32, 200.0f32, 12.0f32, 150.0f32, 180u32);
    let x = |d: NaiveDate| x0 + (d - first).num_days() as f32 / span * (x1 - x0);
    let y = |pm: u64| y1 - pm.min(1000) as f32 / 1000.0 * (y1 - y0);

    // (label, style index or None for the total, points as (x, y, per mille))
    type Series = (String, Option<usize>, Vec<(f32, f32, u64)>);
    let mut series: Vec<Series> = Vec::new();
    for (i, b) in bands.iter().enumerate() {
        let pts = reports
            .iter()
            .filter_map(|r| {
                let (d, o) = r.total(topic, &b.id).progress()?;
                let pm = per_mille(d, o)?;
                Some((x(r.date.0), y(pm), pm))
            })
            .collect();
        series.push((b.short.clone(), Some(i), pts));
    }
    if bands.len() > 1 || series.is_empty() {
        let pts = reports
            .iter()
            .filter_map(|r| {
                let (d, o) = r.total_all(topic).progress()?;
                let pm = per_mille(d, o)?;
                Some((x(r.date.0), y(pm), pm))
            })
            .collect();
        series.push(("Tổng".into(), None, pts));
    }
    series.retain(|s| !s.2.is_empty());

    let mut svg = String::new();
    let title = format!("Tỉ lệ đã cấp theo ngày báo cáo – {}", topic.label());
    let mut desc = String::new();
    for (label, _, pts) in &series {
        let vals: Vec<String> = reports
            .iter()
            .zip(pts)
            .map(|(r, p)| format!("{} {}", day_month(r.date.0), percent(Some(p.2))))
            .collect();
        let _ = write!(desc, "{label}: {}. ", vals.join(", "));
    }
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {CHART_W} {h}" font-size="12" role="img" aria-labelledby="{id}-tt {id}-td"><title id="{id}-tt">{}</title><desc id="{id}-td">{}</desc>"#,
        esc(&title),
        esc(desc.trim_end())
    );
    // Grid and axes.
    svg.push_str(r##"<g stroke="#b1b4b6" stroke-width="1">"##);
    for pm in [0u64, 500, 1000] {
        let _ = write!(svg, r#"<path d="M{x0} {:.1}H{x1}"/>"#, y(pm));
    }
    svg.push_str("</g><g fill=\"#4a4a4a\" text-anchor=\"end\">");
    for pm in [0u64, 500, 1000] {
        let _ = write!(
            svg,
            r#"<text x="{}" y="{:.1}">{}</text>"#,
            x0 - 4.0,
            y(pm) + 4.0,
            percent(Some(pm))
        );
    }
    svg.push_str("</g><g fill=\"#4a4a4a\" text-anchor=\"middle\">");
    // Date labels at least 40 units apart, always the first and last.
    let mut last_x = f32::MIN;
    for (i, r) in reports.iter().enumerate() {
        let px = x(r.date.0);
        let is_last = i + 1 == reports.len();
        if px - last_x >= 40.0 && (is_last || x1 - px >= 40.0) {
            let _ = write!(
                svg,
                r#"<text x="{px:.1}" y="{}">{}</text>"#,
                y1 + 18.0,
                day_month(r.date.0)
            );
            last_x = px;
        }
    }
    svg.push_str("</g>");
    // End labels, pushed apart so they never overlap.
    let mut ends: Vec<(f32, usize)> = series
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.2.last().map(|p| (p.1, i)))
        .collect();
    ends.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for i in 1..ends.len() {
        if ends[i].0 < ends[i - 1].0 + 14.0 {
            ends[i].0 = ends[i - 1].0 + 14.0;
        }
    }
    let overflow = ends
        .last()
        .map_or(0.0, |e| (e.0 - (h as f32 - 6.0)).max(0.0));
    for (i, (label, style, pts)) in series.iter().enumerate() {
        let (ink, dash, width) = match style {
            Some(s) => (INKS[s % 4], DASHES[s % 4], "2"),
            None => ("#1b1b1b", "", "3.5"),
        };
        let points: Vec<String> = pts
            .iter()
            .map(|p| format!("{:.1},{:.1}", p.0, p.1))
            .collect();
        let dash_attr = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        let _ = write!(
            svg,
            r#"<g class="series" data-series="{}"><polyline points="{}" fill="none" stroke="{ink}" stroke-width="{width}"{dash_attr}/>"#,
            esc(label),
            points.join(" ")
        );
        let shape = style.map_or(0, |s| s);
        for p in pts {
            svg.push_str(&marker(shape, p.0, p.1, ink));
        }
        if let (Some(end), Some(p)) = (ends.iter().find(|e| e.1 == i), pts.last()) {
            let ly = end.0 - overflow;
            svg.push_str(&marker(shape, x1 + 12.0, ly, ink));
            let weight = if style.is_none() {
                r#" font-weight="700""#
            } else {
                ""
            };
            let _ = write!(
                svg,
                r#"<text x="{}" y="{:.1}"{weight}>{} {}</text>"#,
                x1 + 20.0,
                ly + 4.0,
                esc(label),
                percent(Some(p.2))
            );
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    Some(svg)
}

/// One bar per village in table order: the outline is the target, the fill
/// what is done, and the name, percent and mark are written above it.
fn bar_chart(id: &str, units: &[UnitRow], unit_label: &str, focus: Option<&str>) -> String {
    let row_h = 34u32;
    let h = row_h * units.len() as u32 + 4;
    let w = (CHART_W - 2) as f32;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {CHART_W} {h}" font-size="13" role="img" aria-labelledby="{id}-bt"><title id="{id}-bt">Tỉ lệ đã cấp theo {}{} – mỗi thanh là một {}, phần tô đậm là số đã cấp so với chỉ tiêu</title>"#,
        esc(&unit_label.to_lowercase()),
        focus.map(|f| format!(" ({})", esc(f))).unwrap_or_default(),
        esc(&unit_label.to_lowercase())
    );
    let mut outlines = String::new();
    let mut fills = [String::new(), String::new(), String::new()];
    let mut texts = String::new();
    for (i, u) in units.iter().enumerate() {
        let top = (i as u32 * row_h) as f32;
        let frac = u.pm.map_or(0.0, |pm| pm.min(1000) as f32 / 1000.0);
        let mark = match u.mark {
            Some("best") => " – dẫn đầu",
            Some("lagging") => " – chậm",
            _ => "",
        };
        let _ = write!(
            texts,
            r#"<text x="1" y="{:.0}">{}. {}: {}{mark}</text>"#,
            top + 13.0,
            u.rank,
            esc(&u.name),
            u.percent
        );
        let _ = write!(
            outlines,
            r#"<rect x="1" y="{:.0}" width="{w:.0}" height="10"/>"#,
            top + 18.0
        );
        let slot = match u.mark {
            Some("best") => 1,
            Some("lagging") => 2,
            _ => 0,
        };
        if frac > 0.0 {
            let _ = write!(
                fills[slot],
                r#"<rect x="1" y="{:.0}" width="{:.1}" height="10"/>"#,
                top + 18.0,
                frac * w
            );
        }
    }
    let _ = write!(
        svg,
        r##"<g fill="#f3f2f1" stroke="#4a4a4a">{outlines}</g><g fill="{}">{}</g><g fill="{}">{}</g><g fill="{}">{}</g><g fill="#1b1b1b">{texts}</g></svg>"##,
        INKS[0], fills[0], INKS[2], fills[1], INKS[1], fills[2]
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_are_written_the_vietnamese_way() {
        assert_eq!(percent(Some(405)), "40,5%");
        assert_eq!(percent(Some(1000)), "100%");
        assert_eq!(percent(Some(0)), "0%");
        assert_eq!(percent(None), "—");
        assert_eq!(
            day_month(NaiveDate::from_ymd_opt(2026, 4, 13).unwrap()),
            "13/4"
        );
        assert_eq!(
            day_month(NaiveDate::from_ymd_opt(2026, 2, 3).unwrap()),
            "03/02"
        );
    }
}
