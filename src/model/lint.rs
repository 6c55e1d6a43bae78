//! Warnings for `loa check` (and counted by `loa build`): things that are
//! valid but that a ward office would want to fix before printing posters
//! or publishing. They never stop a build.
//!
//! Unlike [`super::validate`], some depend on the build date ("a deadline
//! already passed"), so they run only when the date is known.

use chrono::NaiveDate;

use super::validate::{Issue, Loaded, Origin};
use super::{Campaign, Ward};
use crate::error::{Severity, Text};
use crate::vi;

/// Longest slogan that still fits one line of an A4 poster at a size read
/// from across a room (and one breath on the loudspeaker).
pub const SLOGAN_MAX_CHARS: usize = 60;

/// Every warning for `ward` on `today`. `loaded` says which files loaded;
/// warnings that need a file that failed are left out.
pub fn lint(ward: &Ward, today: NaiveDate, loaded: Loaded) -> Vec<Issue> {
    let mut out = Vec::new();
    for (ci, c) in ward.campaigns.iter().enumerate() {
        let o = Origin::Campaign(ci);
        deadlines(c, o, today, &mut out);
        phase_gaps(c, o, &mut out);
        slogans(c, o, &mut out);
        step_links(ward, c, o, &mut out);
    }
    if loaded.campaigns {
        locations_without_hours(ward, &mut out);
    }
    out
}

fn warn(out: &mut Vec<Issue>, origin: Origin, path: String, message: Text, hint: Option<Text>) {
    out.push(Issue {
        severity: Severity::Warning,
        origin,
        path,
        message,
        hint,
    });
}

/// A target or assignment deadline that has passed while the campaign is
/// still running: the page would tell residents "đã hết hạn" next to a
/// campaign that is open. Ended campaigns are left alone; their deadlines
/// are history.
fn deadlines(c: &Campaign, o: Origin, today: NaiveDate, out: &mut Vec<Issue>) {
    if c.period.end.0 < today {
        return;
    }
    let hint = || {
        Some(Text::new(
            "Nếu kế hoạch đã gia hạn, sửa hạn mới; nếu đã xong, ghi kết quả trong một thông báo.",
            "If the plan was extended, write the new deadline; if it is done, say so in a notice.",
        ))
    };
    let passed = |d: NaiveDate| {
        Text::new(
            format!(
                "hạn {} đã qua (ngày tạo trang {}) nhưng chiến dịch vẫn đang diễn ra",
                vi::date_short(d),
                vi::date_short(today)
            ),
            format!(
                "the deadline {} has passed (build date {}) while the campaign is still running",
                d.format("%Y-%m-%d"),
                today.format("%Y-%m-%d")
            ),
        )
    };
    for (i, t) in c.targets.iter().enumerate() {
        if let Some(d) = t.deadline.filter(|d| d.0 < today) {
            warn(out, o, format!("targets.{i}.deadline"), passed(d.0), hint());
        }
    }
    for (i, a) in c.assignments.iter().enumerate() {
        if let Some(d) = a.deadline.filter(|d| d.0 < today) {
            warn(
                out,
                o,
                format!("assignments.{i}.deadline"),
                passed(d.0),
                hint(),
            );
        }
    }
}

/// Days between phases with no phase running (residents reading the page
/// then see no current stage), and phases outside the campaign period.
fn phase_gaps(c: &Campaign, o: Origin, out: &mut Vec<Issue>) {
    let mut order: Vec<usize> = (0..c.phases.len()).collect();
    order.sort_by_key(|i| (c.phases[*i].start, c.phases[*i].end));
    for w in order.windows(2) {
        let (a, b) = (&c.phases[w[0]], &c.phases[w[1]]);
        if let Some(next_day) = a.end.0.succ_opt() {
            if b.start.0 > next_day {
                let last_gap = b.start.0.pred_opt().unwrap_or(b.start.0);
                warn(
                    out,
                    o,
                    format!("phases.{}.start", w[1]),
                    Text::new(
                        format!(
                            "giữa giai đoạn \"{}\" và \"{}\" có khoảng trống từ {} đến {} không thuộc giai đoạn nào",
                            a.name,
                            b.name,
                            vi::date_short(next_day),
                            vi::date_short(last_gap)
                        ),
                        format!(
                            "between the phases \"{}\" and \"{}\" the days {} to {} belong to no phase",
                            a.name,
                            b.name,
                            next_day.format("%Y-%m-%d"),
                            last_gap.format("%Y-%m-%d")
                        ),
                    ),
                    Some(Text::new(
                        format!(
                            "Nếu các giai đoạn nối tiếp nhau, cho giai đoạn sau bắt đầu ngày {}.",
                            vi::date_short(next_day)
                        ),
                        format!(
                            "If the phases follow each other, start the later one on {}.",
                            next_day.format("%Y-%m-%d")
                        ),
                    )),
                );
            }
        }
    }
    for (i, p) in c.phases.iter().enumerate() {
        if p.start < c.period.start || p.end > c.period.end {
            warn(
                out,
                o,
                format!("phases.{i}.start"),
                Text::new(
                    format!(
                        "giai đoạn \"{}\" ({} – {}) nằm ngoài thời gian chiến dịch ({} – {})",
                        p.name, p.start, p.end, c.period.start, c.period.end
                    ),
                    format!(
                        "the phase \"{}\" ({} – {}) is outside the campaign period ({} – {})",
                        p.name, p.start, p.end, c.period.start, c.period.end
                    ),
                ),
                None,
            );
        }
    }
}

fn slogans(c: &Campaign, o: Origin, out: &mut Vec<Issue>) {
    for (i, s) in c.slogans.iter().enumerate() {
        let n = s.chars().count();
        if n > SLOGAN_MAX_CHARS {
            warn(
                out,
                o,
                format!("slogans.{i}"),
                Text::new(
                    format!(
                        "khẩu hiệu dài {n} ký tự, quá một dòng áp phích (tối đa khoảng {SLOGAN_MAX_CHARS})"
                    ),
                    format!(
                        "the slogan is {n} characters, longer than one poster line (about {SLOGAN_MAX_CHARS})"
                    ),
                ),
                Some(Text::new(
                    "Rút gọn, hoặc tách thành hai khẩu hiệu ngắn.",
                    "Shorten it, or split it into two short slogans.",
                )),
            );
        }
    }
}

/// A step link written as a raw web address instead of the id of a link in
/// `site.yaml`. Loa cannot know whether a printed QR code will still point
/// to the same place after the next build (there is no memory between
/// builds), but raw addresses are where that goes wrong: the same service
/// typed twice with small differences gives two QR codes, and fixing it
/// means finding every copy. Naming the link once keeps every QR the same.
fn step_links(ward: &Ward, c: &Campaign, o: Origin, out: &mut Vec<Issue>) {
    for (i, g) in c.guides.iter().enumerate() {
        for (j, st) in g.steps.iter().enumerate() {
            let Some(link) = &st.link else { continue };
            let lower = link.to_ascii_lowercase();
            if ward.link(link).is_some()
                || !(lower.starts_with("https://") || lower.starts_with("http://"))
            {
                continue;
            }
            let same = ward.site.links.iter().find(|l| l.url.0 == *link);
            warn(
                out,
                o,
                format!("guides.{i}.steps.{j}.link"),
                Text::new(
                    "liên kết ghi thẳng địa chỉ web; mã QR in ra dễ lệch với các trang khác khi địa chỉ đổi",
                    "the link is a raw web address; printed QR codes drift apart when it changes",
                ),
                Some(match same {
                    Some(l) => Text::new(
                        format!("Địa chỉ này đã có trong site.yaml với mã `{}`: viết `link: {}`.", l.id, l.id),
                        format!("This address is already in site.yaml as `{}`: write `link: {}`.", l.id, l.id),
                    ),
                    None => Text::new(
                        "Thêm địa chỉ vào `links:` trong site.yaml với một mã (id), rồi viết `link: <mã>` ở đây.",
                        "Add the address to `links:` in site.yaml with an id, then write `link: <id>` here.",
                    ),
                }),
            );
        }
    }
}

/// A place residents are sent to with no opening hours anywhere: no
/// schedule with shifts names it. Places listed only as alternatives (the
/// neighbouring wards' offices) are skipped: their hours are not this
/// ward's to publish.
fn locations_without_hours(ward: &Ward, out: &mut Vec<Issue>) {
    for (i, l) in ward.locations.iter().enumerate() {
        let has_hours = ward.campaigns.iter().any(|c| {
            c.schedules
                .iter()
                .any(|s| s.location == l.id && !s.shifts.is_empty())
        });
        let alternative = ward.locations.iter().any(|other| {
            other
                .alternatives
                .as_ref()
                .is_some_and(|a| a.locations.contains(&l.id))
        });
        if !has_hours && !alternative {
            warn(
                out,
                Origin::Locations,
                format!("{i}.id"),
                Text::new(
                    format!("địa điểm `{}` chưa có giờ làm việc: không lịch nào có ca ở đây", l.id),
                    format!("location `{}` has no opening hours: no schedule has shifts here", l.id),
                ),
                Some(Text::new(
                    "Thêm một lịch (`schedules:`) có giờ làm việc (`shifts:`) cho địa điểm này trong kế hoạch.",
                    "Add a schedule with opening hours (`shifts:`) for this place in a campaign.",
                )),
            );
        }
    }
}
