//! iCalendar files (RFC 5545): one per campaign and one per location, so a
//! resident taps "add to calendar" and the sessions land in their phone.
//!
//! Written by hand rather than with the `icalendar` crate: that crate cannot
//! write a VTIMEZONE (so `TZID=Asia/Ho_Chi_Minh` would point at nothing for
//! clients without a time-zone database) and it adds a random UID and the
//! current time as DTSTAMP to every component that lacks them, VTIMEZONE
//! included, which breaks byte-identical builds. The format needed here is
//! small: content lines, text escaping and folding at 75 octets. The tests
//! read the files back with the crate's parser.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

use crate::model::{Campaign, Location, Schedule, Ward};
use crate::vi;

/// The only time zone of the country: UTC+7 all year, no daylight saving.
pub const TZID: &str = "Asia/Ho_Chi_Minh";

/// One calendar being written, with the lines already folded.
struct Ics {
    out: String,
}

impl Ics {
    fn new(name: &str) -> Ics {
        let mut ics = Ics { out: String::new() };
        ics.raw("BEGIN:VCALENDAR");
        ics.raw("VERSION:2.0");
        ics.raw("PRODID:-//Loa//Cong thong tin chien dich//VI");
        ics.raw("CALSCALE:GREGORIAN");
        ics.raw("METHOD:PUBLISH");
        ics.text("X-WR-CALNAME", name);
        ics.raw(&format!("X-WR-TIMEZONE:{TZID}"));
        // Vietnam has kept +07:00 without daylight saving since 1975; one
        // STANDARD rule from 1970 covers every date a campaign can have.
        ics.raw("BEGIN:VTIMEZONE");
        ics.raw(&format!("TZID:{TZID}"));
        ics.raw("BEGIN:STANDARD");
        ics.raw("DTSTART:19700101T000000");
        ics.raw("TZOFFSETFROM:+0700");
        ics.raw("TZOFFSETTO:+0700");
        ics.raw("TZNAME:+07");
        ics.raw("END:STANDARD");
        ics.raw("END:VTIMEZONE");
        ics
    }

    /// A content line as is (no escaping), folded.
    fn raw(&mut self, line: &str) {
        self.out.push_str(&fold(line));
        self.out.push_str("\r\n");
    }

    /// A TEXT property: value escaped.
    fn text(&mut self, name: &str, value: &str) {
        self.raw(&format!("{name}:{}", escape(value)));
    }

    fn finish(mut self) -> String {
        self.raw("END:VCALENDAR");
        self.out
    }
}

/// RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped.
pub fn escape(s: &str) -> String {
    super::escape::replace_ascii(s, |b| match b {
        b'\\' => Some("\\\\"),
        b';' => Some("\\;"),
        b',' => Some("\\,"),
        b'\n' => Some("\\n"),
        b'\r' => Some(""),
        _ => None,
    })
}

/// RFC 5545 §3.1: lines longer than 75 octets continue on the next line
/// after a CRLF and one space. Never splits inside a UTF-8 character, which
/// matters for Vietnamese (most letters take 2–3 octets).
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    // 75 octets on the first line, 74 after the leading space on the rest,
    // each cut at the last character boundary that fits.
    let (mut rest, mut room) = (line, 75);
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        room = 74;
    }
    out.push_str(rest);
    out
}

fn local(d: NaiveDate, minutes: u16) -> NaiveDateTime {
    d.and_hms_opt(u32::from(minutes / 60), u32::from(minutes % 60), 0)
        .unwrap_or_else(|| d.and_time(chrono::NaiveTime::MIN))
}

fn fmt_local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// UTC form for UNTIL, which RFC 5545 requires when DTSTART has a TZID.
fn fmt_utc(t: NaiveDateTime) -> String {
    (t - Duration::hours(7))
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

fn byday(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// The days a schedule runs: in its range, on its weekdays; `closed` tells
/// which of them a closure takes out.
fn days(s: &Schedule) -> Vec<(NaiveDate, bool)> {
    let mut v = Vec::new();
    let mut d = s.start.0;
    while d <= s.end.0 {
        if s.days.contains(d.weekday()) {
            let closed = s
                .closures
                .iter()
                .any(|c| c.date.0 <= d && d <= c.end.unwrap_or(c.date).0);
            v.push((d, closed));
        }
        d += Duration::days(1);
    }
    v
}

/// What an event says besides its time: filled in by the caller, who knows
/// the pages and what to bring.
pub struct About {
    /// "Định danh điện tử mức 2 cho trẻ 6–14 tuổi".
    pub campaign: String,
    /// Lines of the description.
    pub description: Vec<String>,
    /// Absolute address of the campaign page, when the site has a base_url.
    pub url: Option<String>,
}

/// The events of one schedule: one recurring event per shift, or one
/// all-day recurring event when the plan gives no hours.
fn schedule_events(
    ics: &mut Ics,
    ward: &Ward,
    c: &Campaign,
    index: usize,
    s: &Schedule,
    about: &About,
    stamp: &str,
) {
    let key = schedule_key(c, index);
    let Some(loc) = ward.location(&s.location) else {
        return;
    };
    let all = days(s);
    let open: Vec<NaiveDate> = all.iter().filter(|(_, x)| !x).map(|(d, _)| *d).collect();
    let (Some(first), Some(last)) = (open.first().copied(), open.last().copied()) else {
        return;
    };
    let excluded: Vec<NaiveDate> = all
        .iter()
        .filter(|(d, x)| *x && first < *d && *d < last)
        .map(|(d, _)| *d)
        .collect();
    let rule = |until: String| -> String {
        if s.days.is_every_day() {
            format!("RRULE:FREQ=DAILY;UNTIL={until}")
        } else {
            let by: Vec<&str> = s.days.0.iter().map(|w| byday(*w)).collect();
            format!("RRULE:FREQ=WEEKLY;BYDAY={};UNTIL={until}", by.join(","))
        }
    };
    let place = format!("{}, {}", loc.name, loc.address);
    let ward_id = &ward.site.id;
    let event = |ics: &mut Ics, uid: String, summary: String, shift: Option<(u16, u16)>| {
        ics.raw("BEGIN:VEVENT");
        ics.raw(&format!("UID:{uid}"));
        ics.raw(&format!("DTSTAMP:{stamp}"));
        match shift {
            Some((a, b)) => {
                ics.raw(&format!(
                    "DTSTART;TZID={TZID}:{}",
                    fmt_local(local(first, a))
                ));
                ics.raw(&format!("DTEND;TZID={TZID}:{}", fmt_local(local(first, b))));
                if first < last {
                    ics.raw(&rule(fmt_utc(local(last, a))));
                }
                if !excluded.is_empty() {
                    let list: Vec<String> =
                        excluded.iter().map(|d| fmt_local(local(*d, a))).collect();
                    ics.raw(&format!("EXDATE;TZID={TZID}:{}", list.join(",")));
                }
            }
            None => {
                let ymd = |d: NaiveDate| d.format("%Y%m%d").to_string();
                ics.raw(&format!("DTSTART;VALUE=DATE:{}", ymd(first)));
                ics.raw(&format!(
                    "DTEND;VALUE=DATE:{}",
                    ymd(first + Duration::days(1))
                ));
                if first < last {
                    ics.raw(&rule(ymd(last)));
                }
                if !excluded.is_empty() {
                    let list: Vec<String> = excluded.iter().map(|d| ymd(*d)).collect();
                    ics.raw(&format!("EXDATE;VALUE=DATE:{}", list.join(",")));
                }
                // A reminder of the day, not a booked slot.
                ics.raw("TRANSP:TRANSPARENT");
            }
        }
        ics.text("SUMMARY", &summary);
        ics.text("LOCATION", &place);
        if let Some(g) = loc.coordinates {
            ics.raw(&format!("GEO:{};{}", g.lat, g.lon));
        }
        let mut desc = about.description.clone();
        if let Some(n) = &s.note {
            desc.push(n.clone());
        }
        if let Some(u) = &about.url {
            desc.push(format!("Chi tiết: {u}"));
        }
        if !desc.is_empty() {
            ics.text("DESCRIPTION", &desc.join("\n"));
        }
        if let Some(u) = &about.url {
            ics.raw(&format!("URL:{u}"));
        }
        ics.raw("STATUS:CONFIRMED");
        ics.raw("END:VEVENT");
    };
    if s.shifts.is_empty() {
        event(
            ics,
            format!("{key}@{ward_id}.loa"),
            format!("{} (giờ cụ thể chưa công bố)", about.campaign),
            None,
        );
    }
    for sh in &s.shifts {
        let summary = format!(
            "{}: {} ({}–{})",
            sh.label(),
            about.campaign,
            vi::format_time(sh.start.minutes()),
            vi::format_time(sh.end.minutes())
        );
        event(
            ics,
            format!("{key}-{}@{ward_id}.loa", hhmm(sh.start.minutes())),
            summary,
            Some((sh.start.minutes(), sh.end.minutes())),
        );
    }
}

/// What names a schedule's events in their UIDs: the campaign, the place
/// and the first day (plus a count when two schedules share all three), so
/// that reordering the plan's schedules does not make phones that imported
/// the calendar see new events and lose the old ones.
fn schedule_key(c: &Campaign, index: usize) -> String {
    let s = &c.schedules[index];
    let twins = c.schedules[..index]
        .iter()
        .filter(|o| o.location == s.location && o.start == s.start)
        .count();
    let mut key = format!("{}-{}-{}", c.id, s.location, s.start.0.format("%Y%m%d"));
    if twins > 0 {
        key.push_str(&format!("-{}", twins + 1));
    }
    key
}

/// `07:30` as `0730`, for UIDs.
fn hhmm(minutes: u16) -> String {
    format!("{:02}{:02}", minutes / 60, minutes % 60)
}

/// DTSTAMP from the build date, so two builds of a day are identical.
fn stamp(today: NaiveDate) -> String {
    format!("{}T000000Z", today.format("%Y%m%d"))
}

/// The calendar of one campaign: every schedule's shifts. `None` when the
/// campaign has no schedule.
pub fn campaign(
    ward: &Ward,
    c: &Campaign,
    about: &dyn Fn(&Schedule) -> About,
    today: NaiveDate,
) -> Option<String> {
    if c.schedules.is_empty() {
        return None;
    }
    let mut ics = Ics::new(&format!("{} – {}", c.name(), ward.site.name));
    for (i, s) in c.schedules.iter().enumerate() {
        schedule_events(&mut ics, ward, c, i, s, &about(s), &stamp(today));
    }
    Some(ics.finish())
}

/// The calendar of one location: the sessions of every campaign held there.
/// `None` when nothing is scheduled there.
pub fn location(
    ward: &Ward,
    l: &Location,
    about: &dyn Fn(&Campaign, &Schedule) -> About,
    today: NaiveDate,
) -> Option<String> {
    let here: Vec<(&Campaign, usize, &Schedule)> = ward
        .campaigns
        .iter()
        .flat_map(|c| {
            c.schedules
                .iter()
                .enumerate()
                .filter(|(_, s)| s.location == l.id)
                .map(move |(i, s)| (c, i, s))
        })
        .collect();
    if here.is_empty() {
        return None;
    }
    let mut ics = Ics::new(&format!("{} – {}", l.name, ward.site.name));
    for (c, i, s) in here {
        schedule_events(&mut ics, ward, c, i, s, &about(c, s), &stamp(today));
    }
    Some(ics.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_on_character_boundaries() {
        let line = format!("SUMMARY:{}", "Định danh điện tử mức 2 cho trẻ ".repeat(6));
        let folded = fold(&line);
        for l in folded.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), line);
        assert_eq!(fold("SHORT:x"), "SHORT:x");
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(
            escape("Số 2, Vũ Công Đán; a\\b\nc"),
            "Số 2\\, Vũ Công Đán\\; a\\\\b\\nc"
        );
    }

    #[test]
    fn until_is_utc() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 5).expect("date");
        assert_eq!(fmt_utc(local(d, 19 * 60 + 30)), "20260505T123000Z");
        assert_eq!(fmt_utc(local(d, 450)), "20260505T003000Z");
    }
}
