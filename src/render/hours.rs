//! "Open now" and "next session": which session of a schedule is running,
//! or comes next, at a given Vietnam date and time.
//!
//! The page embeds each schedule as [`Hours`] (compact JSON in a
//! `data-hours` attribute) and `themes/default/static/open-now.js` repeats
//! this computation in the visitor's browser with the visitor's clock. The
//! build uses it for the no-JavaScript text, counted from the build date.
//! Both read `tests/fixtures/open-now.json`, so the two cannot drift apart.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::Schedule;
use crate::vi;

/// One schedule's sessions in the form the browser script reads. Short keys
/// because it is repeated in the HTML of every card that shows the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hours {
    /// First day, `YYYY-MM-DD`.
    #[serde(with = "iso")]
    pub s: NaiveDate,
    /// Last day, included.
    #[serde(with = "iso")]
    pub e: NaiveDate,
    /// Open weekdays, ISO numbers: 1 = Monday … 7 = Sunday.
    pub d: Vec<u8>,
    /// Shifts of each open day, earliest first: name, start and end in
    /// minutes after midnight (Vietnam time).
    pub h: Vec<(String, u16, u16)>,
    /// Closed days as first and last day, both included.
    pub x: Vec<(String, String)>,
}

impl Hours {
    /// `None` when the plan gives no hours: nothing to count from.
    pub fn of(s: &Schedule) -> Option<Hours> {
        if s.shifts.is_empty() {
            return None;
        }
        let mut h: Vec<(String, u16, u16)> = s
            .shifts
            .iter()
            .map(|sh| (sh.label(), sh.start.minutes(), sh.end.minutes()))
            .collect();
        h.sort_by_key(|(_, a, _)| *a);
        Some(Hours {
            s: s.start.0,
            e: s.end.0,
            d: s.days
                .0
                .iter()
                .map(|w| w.number_from_monday() as u8)
                .collect(),
            h,
            x: s.closures
                .iter()
                .map(|c| (c.date.iso(), c.end.unwrap_or(c.date).iso()))
                .collect(),
        })
    }

    fn closed(&self, d: NaiveDate) -> bool {
        let day = d.format("%Y-%m-%d").to_string();
        // ISO dates compare correctly as strings.
        self.x.iter().any(|(a, b)| *a <= day && day <= *b)
    }

    fn first_from(&self, date: NaiveDate, minute: u16) -> Option<Session> {
        let mut d = date.max(self.s);
        while d <= self.e {
            let open_day = self.d.contains(&(d.weekday().number_from_monday() as u8));
            if open_day && !self.closed(d) {
                for (label, a, b) in &self.h {
                    if d > date || minute < *b {
                        return Some(Session {
                            open: d == date && minute >= *a,
                            date: d,
                            label: label.clone(),
                            start: *a,
                            end: *b,
                        });
                    }
                }
            }
            d += Duration::days(1);
        }
        None
    }
}

/// A session that is running (`open`) or the next one to come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub open: bool,
    pub date: NaiveDate,
    pub label: String,
    pub start: u16,
    pub end: u16,
}

/// The running session, else the next one, over several schedules (all the
/// schedules of a location). `None` once every session is over.
pub fn next_session(hours: &[Hours], date: NaiveDate, minute: u16) -> Option<Session> {
    hours
        .iter()
        .filter_map(|h| h.first_from(date, minute))
        .min_by_key(|s| (s.date, s.start))
}

/// The sentence shown on the page. With `today`, the browser's wording
/// ("hôm nay", "ngày mai"); without, the build's, which must stay true on
/// any later day and so names only the date.
pub fn describe(s: Option<&Session>, today: Option<NaiveDate>) -> String {
    let Some(s) = s else {
        return "Các buổi tiếp nhận đã kết thúc.".to_string();
    };
    if s.open {
        return format!(
            "Đang làm việc: {}, đến {}.",
            s.label,
            vi::format_time(s.end)
        );
    }
    let day = vi::date_with_weekday(s.date);
    let when = match today.map(|t| (s.date - t).num_days()) {
        Some(0) => format!("hôm nay ({day})"),
        Some(1) => format!("ngày mai ({day})"),
        _ => day,
    };
    format!(
        "Buổi gần nhất: {}, {}–{}, {}.",
        s.label,
        vi::format_time(s.start),
        vi::format_time(s.end),
        when
    )
}

/// What a page shows for these schedules before any script runs: the data
/// for the script (JSON) and the sentence counted from the build date.
/// `None` when no schedule has hours.
pub fn embed(schedules: &[&Schedule], today: NaiveDate) -> Option<(String, String)> {
    let hours: Vec<Hours> = schedules.iter().filter_map(|s| Hours::of(s)).collect();
    if hours.is_empty() {
        return None;
    }
    let json = serde_json::to_string(&hours).ok()?;
    let text = describe(next_session(&hours, today, 0).as_ref(), None);
    Some((json, text))
}

mod iso {
    use chrono::NaiveDate;
    use serde::{de, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&d.format("%Y-%m-%d").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let raw = String::deserialize(d)?;
        NaiveDate::parse_from_str(&raw, "%Y-%m-%d").map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    /// Tứ Minh: every day 7 Apr – 5 May 2026, three shifts.
    fn tu_minh() -> Hours {
        Hours {
            s: ymd(2026, 4, 7),
            e: ymd(2026, 5, 5),
            d: (1..=7).collect(),
            h: vec![
                ("Buổi sáng".into(), 450, 690),
                ("Buổi chiều".into(), 810, 1020),
                ("Buổi tối".into(), 1170, 1320),
            ],
            x: vec![],
        }
    }

    #[test]
    fn at_23_00_the_next_session_is_tomorrow_morning() {
        let s = next_session(&[tu_minh()], ymd(2026, 4, 20), 23 * 60).expect("a session");
        assert_eq!((s.date, s.start, s.open), (ymd(2026, 4, 21), 450, false));
        assert_eq!(
            describe(Some(&s), Some(ymd(2026, 4, 20))),
            "Buổi gần nhất: Buổi sáng, 07:30–11:30, ngày mai (Thứ Ba, 21/4/2026)."
        );
    }

    #[test]
    fn during_a_shift_it_is_open_until_its_end() {
        let s = next_session(&[tu_minh()], ymd(2026, 4, 20), 20 * 60).expect("a session");
        assert!(s.open);
        assert_eq!(
            describe(Some(&s), None),
            "Đang làm việc: Buổi tối, đến 22:00."
        );
        // The end minute itself is closed: the next session is tomorrow.
        let s = next_session(&[tu_minh()], ymd(2026, 4, 20), 22 * 60).expect("a session");
        assert_eq!((s.date, s.open), (ymd(2026, 4, 21), false));
    }

    #[test]
    fn nothing_after_the_last_day() {
        assert_eq!(next_session(&[tu_minh()], ymd(2026, 5, 5), 22 * 60), None);
        assert_eq!(next_session(&[tu_minh()], ymd(2026, 6, 1), 0), None);
        assert_eq!(describe(None, None), "Các buổi tiếp nhận đã kết thúc.");
    }

    #[test]
    fn before_the_first_day_the_first_session_is_next() {
        let s = next_session(&[tu_minh()], ymd(2026, 4, 1), 12 * 60).expect("a session");
        assert_eq!((s.date, s.start), (ymd(2026, 4, 7), 450));
    }

    #[test]
    fn closures_and_weekdays_are_skipped() {
        let mut h = tu_minh();
        h.x = vec![("2026-04-21".into(), "2026-04-22".into())];
        h.d = vec![1, 2, 3, 4, 5]; // Monday to Friday
                                   // Monday 20/4 evening over → Tue, Wed closed → Thursday 23/4.
        let s = next_session(&[h.clone()], ymd(2026, 4, 20), 22 * 60 + 1).expect("a session");
        assert_eq!(s.date, ymd(2026, 4, 23));
        // Friday night → the weekend is skipped → Monday 27/4.
        let s = next_session(&[h], ymd(2026, 4, 24), 23 * 60).expect("a session");
        assert_eq!(s.date, ymd(2026, 4, 27));
    }

    #[test]
    fn the_earliest_of_several_schedules_wins() {
        let mut later = tu_minh();
        later.s = ymd(2026, 5, 6);
        later.e = ymd(2026, 5, 31);
        let s = next_session(&[later, tu_minh()], ymd(2026, 5, 5), 23 * 60).expect("a session");
        assert_eq!((s.date, s.start), (ymd(2026, 5, 6), 450));
    }

    /// The cases `tests/js/open-now.test.js` checks too: both sides must
    /// give the same sentence for the same moment.
    #[test]
    fn shared_fixture_agrees() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/open-now.json");
        let text = std::fs::read_to_string(path).expect("fixture");
        let fixture: serde_json::Value = serde_json::from_str(&text).expect("fixture JSON");
        let mut n = 0;
        for case in fixture["sessions"].as_array().expect("sessions") {
            let hours: Vec<Hours> = serde_json::from_value(case["hours"].clone()).expect("hours");
            let now = case["now"].as_str().expect("now");
            let (date, time) = now.split_once('T').expect("YYYY-MM-DDTHH:MM");
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
            let minute = vi::parse_time(time).expect("time");
            let got = describe(next_session(&hours, date, minute).as_ref(), Some(date));
            assert_eq!(
                got,
                case["text"].as_str().expect("text"),
                "{}",
                case["name"]
            );
            n += 1;
        }
        for case in fixture["deadlines"].as_array().expect("deadlines") {
            let d = |k: &str| {
                NaiveDate::parse_from_str(case[k].as_str().expect(k), "%Y-%m-%d").expect(k)
            };
            let got = crate::render::view::deadline(d("deadline"), d("today")).text;
            assert_eq!(got, case["text"].as_str().expect("text"));
            n += 1;
        }
        assert!(n >= 10, "only {n} cases");
    }
}
