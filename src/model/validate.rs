//! Checks that need more than one value: references between files, date
//! order, overlapping shifts. Each problem names the YAML path it is about,
//! and the loader turns that into a line and column.

use std::collections::HashSet;

use super::{Campaign, Date, Id, Ward};
use crate::error::{Severity, Text};
use crate::suggest::closest;

/// Which file a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Site,
    Locations,
    /// Index into `Ward::campaigns`.
    Campaign(usize),
    /// Index into `Ward::notices`.
    Notice(usize),
}

/// A problem found by validation, before it gets a line and column.
#[derive(Debug, Clone)]
pub struct Issue {
    pub severity: Severity,
    pub origin: Origin,
    /// Dotted YAML path (`schedules.0.shifts.1.end`).
    pub path: String,
    pub message: Text,
    pub hint: Option<Text>,
}

/// Which files of a ward loaded. When one failed (its problem is already
/// reported), references into it are not checked, so `loa check` can still
/// list every other problem without inventing "unknown id" errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub locations: bool,
    pub campaigns: bool,
}

impl Loaded {
    pub const ALL: Loaded = Loaded {
        locations: true,
        campaigns: true,
    };
}

struct Checker<'a> {
    ward: &'a Ward,
    loaded: Loaded,
    issues: Vec<Issue>,
}

impl Checker<'_> {
    fn err(&mut self, origin: Origin, path: String, message: Text, hint: Option<Text>) {
        self.issues.push(Issue {
            severity: Severity::Error,
            origin,
            path,
            message,
            hint,
        });
    }
    fn warn(&mut self, origin: Origin, path: String, message: Text, hint: Option<Text>) {
        self.issues.push(Issue {
            severity: Severity::Warning,
            origin,
            path,
            message,
            hint,
        });
    }

    fn duplicates<'i>(&mut self, origin: Origin, base: &str, ids: impl Iterator<Item = &'i Id>) {
        let mut seen = HashSet::new();
        for (i, id) in ids.enumerate() {
            if !seen.insert(id.as_str()) {
                self.err(
                    origin,
                    if base.is_empty() {
                        format!("{i}.id")
                    } else {
                        format!("{base}.{i}.id")
                    },
                    Text::new(
                        format!("mã `{id}` bị dùng hai lần"),
                        format!("the id `{id}` is used twice"),
                    ),
                    Some(Text::new(
                        "Mỗi mục cần một mã riêng.",
                        "Each entry needs its own id.",
                    )),
                );
            }
        }
    }

    fn order(&mut self, origin: Origin, path: String, start: Date, end: Date) {
        if end < start {
            self.err(
                origin,
                path,
                Text::new(
                    format!("ngày kết thúc {end} trước ngày bắt đầu {start}"),
                    format!("the end date {end} is before the start date {start}"),
                ),
                Some(Text::new(
                    "Kiểm tra lại hai ngày; có thể bị đảo ngày và tháng.",
                    "Check both dates; day and month may be swapped.",
                )),
            );
        }
    }

    fn audience_ref(&mut self, origin: Origin, path: String, c: &Campaign, id: &Id) {
        if c.audience(id).is_none() {
            let ids: Vec<&str> = c.audiences.iter().map(|a| a.id.as_str()).collect();
            self.err(
                origin,
                path,
                unknown("đối tượng", "audience", id.as_str()),
                Some(known_hint(id.as_str(), &ids)),
            );
        }
    }

    fn site(&mut self) {
        let site = &self.ward.site;
        self.duplicates(Origin::Site, "links", site.links.iter().map(|l| &l.id));
        if let Some(id) = &site.main_link {
            if self.ward.link(id.as_str()).is_none() {
                let ids: Vec<&str> = site.links.iter().map(|l| l.id.as_str()).collect();
                self.err(
                    Origin::Site,
                    "main_link".into(),
                    unknown("liên kết", "link", id.as_str()),
                    Some(known_hint(id.as_str(), &ids)),
                );
            }
        }
        if let Some(url) = &site.base_url {
            if !url.0.ends_with('/') || !url.0.starts_with("http") {
                self.err(
                    Origin::Site,
                    "base_url".into(),
                    Text::new(
                        "địa chỉ trang (base_url) phải bắt đầu bằng https:// và kết thúc bằng /",
                        "base_url must start with https:// and end with /",
                    ),
                    Some(Text::new(
                        format!("Ví dụ: {}/", url.0.trim_end_matches('/')),
                        format!("For example: {}/", url.0.trim_end_matches('/')),
                    )),
                );
            }
        }
        for (i, l) in site.links.iter().enumerate() {
            if l.url.0.to_ascii_lowercase().starts_with("http://") {
                self.err(
                    Origin::Site,
                    format!("links.{i}.url"),
                    Text::new(
                        "liên kết dùng http:// không an toàn; mã QR phải dẫn tới https://",
                        "the link uses insecure http://; QR codes must lead to https://",
                    ),
                    Some(Text::new(
                        "Đổi http:// thành https:// (kiểm tra trang có mở được bằng https).",
                        "Change http:// to https:// (check the page opens over https).",
                    )),
                );
            }
        }
    }

    fn locations(&mut self) {
        let locs = &self.ward.locations;
        self.duplicates(Origin::Locations, "", locs.iter().map(|l| &l.id));
        let ids: Vec<&str> = locs.iter().map(|l| l.id.as_str()).collect();
        for (i, l) in locs.iter().enumerate() {
            if let Some(alt) = &l.alternatives {
                for (j, id) in alt.locations.iter().enumerate() {
                    if !ids.contains(&id.as_str()) || id == &l.id {
                        self.err(
                            Origin::Locations,
                            format!("{i}.alternatives.locations.{j}"),
                            unknown("địa điểm", "location", id.as_str()),
                            Some(known_hint(id.as_str(), &ids)),
                        );
                    }
                }
            }
            if l.phone.is_none() {
                self.warn(
                    Origin::Locations,
                    format!("{i}.id"),
                    Text::new(
                        format!("địa điểm `{}` chưa có số điện thoại", l.id),
                        format!("location `{}` has no phone number", l.id),
                    ),
                    Some(Text::new(
                        "Thêm `phone:` để người dân gọi hỏi trước khi đi.",
                        "Add `phone:` so residents can call before going.",
                    )),
                );
            }
        }
    }

    fn campaign(&mut self, ci: usize, c: &Campaign) {
        let o = Origin::Campaign(ci);
        if c.audiences.is_empty() {
            self.err(
                o,
                "audiences".into(),
                Text::new(
                    "chiến dịch chưa có đối tượng nào",
                    "the campaign has no audience",
                ),
                Some(Text::new(
                    "Thêm ít nhất một mục vào `audiences:` (ví dụ trẻ từ 6 đến dưới 14 tuổi).",
                    "Add at least one entry under `audiences:`.",
                )),
            );
        }
        self.duplicates(o, "audiences", c.audiences.iter().map(|a| &a.id));
        self.order(o, "period.end".into(), c.period.start, c.period.end);
        if let Some(id) = &c.main_link {
            if self.ward.link(id.as_str()).is_none() {
                let ids: Vec<&str> = self.ward.site.links.iter().map(|l| l.id.as_str()).collect();
                self.err(
                    o,
                    "main_link".into(),
                    unknown("liên kết", "link", id.as_str()),
                    Some(known_hint(id.as_str(), &ids)),
                );
            }
        }
        for (i, a) in c.audiences.iter().enumerate() {
            if let (Some(f), Some(t)) = (a.age_from, a.age_to) {
                if t <= f {
                    self.err(
                        o,
                        format!("audiences.{i}.age_to"),
                        Text::new(
                            format!("tuổi \"đến dưới\" ({t}) phải lớn hơn tuổi \"từ\" ({f})"),
                            format!("age_to ({t}) must be greater than age_from ({f})"),
                        ),
                        None,
                    );
                }
            }
        }
        for (i, p) in c.phases.iter().enumerate() {
            self.order(o, format!("phases.{i}.end"), p.start, p.end);
            for (j, a) in p.audiences.iter().enumerate() {
                self.audience_ref(o, format!("phases.{i}.audiences.{j}"), c, a);
            }
        }
        for (i, t) in c.targets.iter().enumerate() {
            if let Some(a) = &t.audience {
                self.audience_ref(o, format!("targets.{i}.audience"), c, a);
            }
            if t.percent.is_none() && t.count.is_none() {
                self.err(
                    o,
                    format!("targets.{i}"),
                    Text::new(
                        "chỉ tiêu cần `percent` (phần trăm) hoặc `count` (số người)",
                        "a target needs `percent` or `count`",
                    ),
                    Some(Text::new(
                        "Ví dụ: percent: 100, hoặc count: 1242 và of: 3105.",
                        "For example: percent: 100, or count: 1242 with of: 3105.",
                    )),
                );
            }
            if let Some(p) = t.percent {
                if !(0.0..=100.0).contains(&p) {
                    self.err(
                        o,
                        format!("targets.{i}.percent"),
                        Text::new(
                            format!("phần trăm {p} phải từ 0 đến 100"),
                            format!("percent {p} must be between 0 and 100"),
                        ),
                        None,
                    );
                }
            }
            if let (Some(n), Some(of)) = (t.count, t.of) {
                if n > of {
                    self.err(
                        o,
                        format!("targets.{i}.count"),
                        Text::new(
                            format!("chỉ tiêu {n} lớn hơn tổng số {of}"),
                            format!("the target {n} is larger than the total {of}"),
                        ),
                        None,
                    );
                }
            }
        }
        for (i, s) in c.schedules.iter().enumerate() {
            let base = format!("schedules.{i}");
            if self.loaded.locations && self.ward.location(&s.location).is_none() {
                let ids: Vec<&str> = self.ward.locations.iter().map(|l| l.id.as_str()).collect();
                self.err(
                    o,
                    format!("{base}.location"),
                    unknown("địa điểm", "location", s.location.as_str()),
                    Some(known_hint(s.location.as_str(), &ids)),
                );
            }
            for (j, a) in s.audiences.iter().enumerate() {
                self.audience_ref(o, format!("{base}.audiences.{j}"), c, a);
            }
            self.order(o, format!("{base}.end"), s.start, s.end);
            if s.start < c.period.start || s.end > c.period.end {
                self.warn(
                    o,
                    format!("{base}.start"),
                    Text::new(
                        format!(
                            "lịch từ {} đến {} nằm ngoài thời gian chiến dịch ({} – {})",
                            s.start, s.end, c.period.start, c.period.end
                        ),
                        format!(
                            "the schedule {} – {} is outside the campaign period ({} – {})",
                            s.start, s.end, c.period.start, c.period.end
                        ),
                    ),
                    None,
                );
            }
            if s.days.0.is_empty() {
                self.err(
                    o,
                    format!("{base}.days"),
                    Text::new(
                        "chưa ghi ngày nào trong tuần",
                        "no day of the week is given",
                    ),
                    Some(Text::new("Ví dụ: days: T2-CN", "For example: days: T2-CN")),
                );
            }
            for (j, sh) in s.shifts.iter().enumerate() {
                if sh.end <= sh.start {
                    self.err(
                        o,
                        format!("{base}.shifts.{j}.end"),
                        Text::new(
                            format!(
                                "ca làm việc kết thúc lúc {} không sau giờ bắt đầu {}",
                                sh.end, sh.start
                            ),
                            format!(
                                "the shift ends at {} which is not after its start {}",
                                sh.end, sh.start
                            ),
                        ),
                        Some(Text::new(
                            "Giờ viết theo 24 giờ: 2 giờ chiều là 14:00, 10 giờ tối là 22:00.",
                            "Use the 24-hour clock: 2 pm is 14:00, 10 pm is 22:00.",
                        )),
                    );
                }
            }
            let mut sorted: Vec<(usize, &super::Shift)> = s.shifts.iter().enumerate().collect();
            sorted.sort_by_key(|(_, sh)| sh.start);
            for w in sorted.windows(2) {
                if w[1].1.start < w[0].1.end {
                    self.err(
                        o,
                        format!("{base}.shifts.{}.start", w[1].0),
                        Text::new(
                            format!(
                                "ca {}–{} trùng giờ với ca {}–{}",
                                w[1].1.start, w[1].1.end, w[0].1.start, w[0].1.end
                            ),
                            format!(
                                "the shift {}–{} overlaps {}–{}",
                                w[1].1.start, w[1].1.end, w[0].1.start, w[0].1.end
                            ),
                        ),
                        Some(Text::new(
                            "Sửa giờ để các ca không chồng lên nhau, hoặc gộp thành một ca.",
                            "Change the times so shifts do not overlap, or merge them.",
                        )),
                    );
                }
            }
            for (j, cl) in s.closures.iter().enumerate() {
                if let Some(end) = cl.end {
                    self.order(o, format!("{base}.closures.{j}.end"), cl.date, end);
                }
                if cl.date < s.start || cl.date > s.end {
                    self.warn(
                        o,
                        format!("{base}.closures.{j}.date"),
                        Text::new(
                            format!(
                                "ngày nghỉ {} nằm ngoài lịch ({} – {})",
                                cl.date, s.start, s.end
                            ),
                            format!(
                                "the closure {} is outside the schedule ({} – {})",
                                cl.date, s.start, s.end
                            ),
                        ),
                        None,
                    );
                }
            }
        }
        let mut guide_seen = HashSet::new();
        for (i, g) in c.guides.iter().enumerate() {
            self.audience_ref(o, format!("guides.{i}.audience"), c, &g.audience);
            if !guide_seen.insert(g.audience.as_str()) {
                self.err(
                    o,
                    format!("guides.{i}.audience"),
                    Text::new(
                        format!("đối tượng `{}` đã có một hướng dẫn", g.audience),
                        format!("audience `{}` already has a guide", g.audience),
                    ),
                    Some(Text::new(
                        "Mỗi đối tượng một hướng dẫn; gộp các bước vào hướng dẫn đã có.",
                        "One guide per audience; merge the steps into the existing one.",
                    )),
                );
            }
            if g.steps.is_empty() {
                self.err(
                    o,
                    format!("guides.{i}.steps"),
                    Text::new("hướng dẫn chưa có bước nào", "the guide has no steps"),
                    None,
                );
            }
            for (j, st) in g.steps.iter().enumerate() {
                if let Some(link) = &st.link {
                    if link.to_ascii_lowercase().starts_with("http://") {
                        self.err(
                            o,
                            format!("guides.{i}.steps.{j}.link"),
                            Text::new("liên kết dùng http:// không an toàn; mã QR phải dẫn tới https://", "the link uses insecure http://; QR codes must lead to https://"),
                            Some(Text::new("Đổi http:// thành https://, hoặc dùng mã của một liên kết trong site.yaml.", "Change http:// to https://, or use the id of a link in site.yaml.")),
                        );
                    } else if self.ward.resolve_link(link).is_none() {
                        let ids: Vec<&str> =
                            self.ward.site.links.iter().map(|l| l.id.as_str()).collect();
                        self.err(o, format!("guides.{i}.steps.{j}.link"), unknown("liên kết", "link", link), Some(Text::new(
                            format!("Dùng mã của một liên kết trong site.yaml ({}) hoặc địa chỉ đầy đủ bắt đầu bằng https://.{}", ids.join(", "), closest(link, &ids).map(|s| format!(" Có phải ý bạn là `{s}`?")).unwrap_or_default()),
                            format!("Use the id of a link in site.yaml ({}) or a full address starting with https://.", ids.join(", ")),
                        )));
                    }
                }
            }
        }
    }

    fn notices(&mut self) {
        self.duplicates_notices();
        for (i, n) in self.ward.notices.iter().enumerate() {
            if let Some(c) = &n.front.campaign {
                if self.loaded.campaigns && self.ward.campaign(c).is_none() {
                    let ids: Vec<&str> =
                        self.ward.campaigns.iter().map(|c| c.id.as_str()).collect();
                    self.err(
                        Origin::Notice(i),
                        "campaign".into(),
                        unknown("chiến dịch", "campaign", c.as_str()),
                        Some(known_hint(c.as_str(), &ids)),
                    );
                }
            }
            if let Some(e) = n.front.expires {
                self.order(Origin::Notice(i), "expires".into(), n.front.date, e);
            }
        }
    }

    fn duplicates_notices(&mut self) {
        let mut seen = HashSet::new();
        for (i, n) in self.ward.notices.iter().enumerate() {
            if !seen.insert(n.id.as_str()) {
                self.err(
                    Origin::Notice(i),
                    "title".into(),
                    Text::new(
                        format!("hai thông báo cùng tên trang `{}`", n.id),
                        format!("two notices share the page name `{}`", n.id),
                    ),
                    Some(Text::new(
                        "Đổi tên một trong hai tệp.",
                        "Rename one of the two files.",
                    )),
                );
            }
        }
    }
}

fn unknown(what_vi: &str, what_en: &str, id: &str) -> Text {
    Text::new(
        format!("không tìm thấy {what_vi} có mã `{id}`"),
        format!("there is no {what_en} with the id `{id}`"),
    )
}

fn known_hint(id: &str, known: &[&str]) -> Text {
    let list = if known.is_empty() {
        "(chưa có)".to_string()
    } else {
        known.join(", ")
    };
    match closest(id, known) {
        Some(s) => Text::new(
            format!("Có phải ý bạn là `{s}`? Các mã đã khai báo: {list}."),
            format!("Did you mean `{s}`? Declared ids: {list}."),
        ),
        None => Text::new(
            format!("Các mã đã khai báo: {list}."),
            format!("Declared ids: {list}."),
        ),
    }
}

/// Every cross-file problem of a ward, errors and warnings.
pub fn check(ward: &Ward) -> Vec<Issue> {
    check_loaded(ward, Loaded::ALL)
}

/// Like [`check`], for a ward some of whose files failed to load.
pub fn check_loaded(ward: &Ward, loaded: Loaded) -> Vec<Issue> {
    let mut c = Checker {
        ward,
        loaded,
        issues: Vec::new(),
    };
    c.site();
    c.locations();
    for (i, camp) in ward.campaigns.iter().enumerate() {
        c.campaign(i, camp);
    }
    c.notices();
    c.issues
}
