//! Small value types that appear everywhere in a plan: dates, clock times,
//! days of the week, links. Each one checks itself while it is read, so a
//! wrong value is reported at its own line and column.

use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::i18n::Lang;
use crate::load::yaml::de_error;
use crate::vi;

/// Deserialises a string through `parse` *inside* the visitor, so an error
/// is reported at the value's own line and column (an error raised after
/// `String::deserialize` returns would point at the enclosing mapping).
pub(crate) fn from_str_with<'de, D, T>(
    d: D,
    expecting: &'static str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct V<F>(&'static str, F);
    impl<T, F: FnOnce(&str) -> Result<T, String>> Visitor<'_> for V<F> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: de::Error>(self, raw: &str) -> Result<T, E> {
            (self.1)(raw).map_err(E::custom)
        }
        // Unquoted numbers (`2026`) and the like arrive as numbers.
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<T, E> {
            self.visit_str(&n.to_string())
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<T, E> {
            self.visit_str(&n.to_string())
        }
        fn visit_f64<E: de::Error>(self, n: f64) -> Result<T, E> {
            self.visit_str(&n.to_string())
        }
    }
    d.deserialize_any(V(expecting, parse))
}

/// A calendar date. Written `2026-05-05` or, as in official plans, `05/5/2026`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    /// ISO form `2026-05-05`, used in data attributes and machine outputs.
    pub fn iso(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&vi::date_short(self.0))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_str_with(d, "a date such as 2026-05-05", |raw| {
            vi::parse_date(raw).map(Date).map_err(|e| {
                de_error(
                    &format!("ngày \"{raw}\" không hợp lệ: {}", e.message(Lang::Vi)),
                    &format!("the date \"{raw}\" is not valid: {}", e.message(Lang::En)),
                    &e.hint(Lang::Vi),
                    &e.hint(Lang::En),
                )
            })
        })
    }
}

/// The date of an official document, where the day (or the month) is often
/// left blank to be filled in by hand after signing: `2026-04` means
/// "ngày … tháng 4 năm 2026".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl DocDate {
    /// As written at the top of a plan: "ngày 07 tháng 4 năm 2026", with
    /// dots where the original left a blank.
    pub fn long(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => match NaiveDate::from_ymd_opt(self.year, m, d) {
                Some(date) => vi::date_long(date),
                None => format!("ngày … tháng {m} năm {}", self.year),
            },
            (Some(m), None) => {
                let m = if m <= 2 {
                    format!("{m:02}")
                } else {
                    m.to_string()
                };
                format!("ngày … tháng {m} năm {}", self.year)
            }
            _ => format!("năm {}", self.year),
        }
    }
}

impl Serialize for DocDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.long())
    }
}

impl<'de> Deserialize<'de> for DocDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_str_with(d, "a date such as 2026-04-07 or 2026-04", DocDate::parse)
    }
}

impl DocDate {
    fn parse(raw: &str) -> Result<DocDate, String> {
        let t = raw.trim();
        match vi::parse_date(t) {
            Ok(date) => {
                return Ok(DocDate {
                    year: date.year(),
                    month: Some(date.month()),
                    day: Some(date.day()),
                })
            }
            // A full date with a wrong day or month: say exactly what is wrong.
            Err(e @ (vi::DateError::NoSuchDay { .. } | vi::DateError::NoSuchMonth { .. })) => {
                return Err(de_error(
                    &format!("ngày \"{raw}\" không hợp lệ: {}", e.message(Lang::Vi)),
                    &format!("the date \"{raw}\" is not valid: {}", e.message(Lang::En)),
                    &e.hint(Lang::Vi),
                    &e.hint(Lang::En),
                ))
            }
            Err(_) => {}
        }
        let parts: Vec<&str> = t.split(['-', '/']).collect();
        let parsed: Option<(i32, u32)> = match parts.as_slice() {
            [y, m] if y.len() == 4 => y.parse().ok().zip(m.parse().ok()),
            [m, y] if y.len() == 4 => y.parse().ok().zip(m.parse().ok()),
            _ => None,
        };
        match parsed {
            Some((year, month)) if (1..=12).contains(&month) && (1900..=2200).contains(&year) => {
                Ok(DocDate {
                    year,
                    month: Some(month),
                    day: None,
                })
            }
            _ => match t.parse::<i32>() {
                Ok(year) if (1900..=2200).contains(&year) => Ok(DocDate {
                    year,
                    month: None,
                    day: None,
                }),
                _ => Err(de_error(
                    &format!("ngày văn bản \"{raw}\" không hợp lệ"),
                    &format!("the document date \"{raw}\" is not valid"),
                    "Viết 2026-04-07, hoặc 2026-04 nếu văn bản để trống ngày.",
                    "Write 2026-04-07, or 2026-04 when the document leaves the day blank.",
                )),
            },
        }
    }
}

/// A time of day in minutes since midnight. Written `07:30`; the forms of
/// official plans (`7h30`, `07h30'`) are accepted too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Clock(pub u16);

impl Clock {
    pub fn minutes(self) -> u16 {
        self.0
    }
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&vi::format_time(self.0))
    }
}

impl Serialize for Clock {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Clock {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // YAML 1.1 reads an unquoted 07:30 as the sexagesimal number 450, so
        // accept numbers too and tell the author to quote.
        struct V;
        impl Visitor<'_> for V {
            type Value = Clock;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a time such as \"07:30\"")
            }
            fn visit_str<E: de::Error>(self, raw: &str) -> Result<Clock, E> {
                if let Some(fixed) = dotted_time(raw) {
                    return Err(dotted_time_error(raw, &fixed));
                }
                vi::parse_time(raw).map(Clock).map_err(|e| {
                    E::custom(de_error(
                        &format!(
                            "giờ \"{raw}\" không hợp lệ: {}",
                            e.message(crate::i18n::Lang::Vi)
                        ),
                        &format!(
                            "the time \"{raw}\" is not valid: {}",
                            e.message(crate::i18n::Lang::En)
                        ),
                        &e.hint(crate::i18n::Lang::Vi),
                        &e.hint(crate::i18n::Lang::En),
                    ))
                })
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Clock, E> {
                Err(E::custom(de_error(
                    &format!("giờ cần viết trong dấu ngoặc kép (đọc được số {n})"),
                    &format!("write times in double quotes (read the number {n})"),
                    "Viết ví dụ: start: \"07:30\"",
                    "For example: start: \"07:30\"",
                )))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Clock, E> {
                self.visit_u64(n.unsigned_abs())
            }
            // An unquoted `7.30` reads as the number 7.3.
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Clock, E> {
                let raw = format!("{n:.2}");
                match dotted_time(&raw) {
                    Some(fixed) => Err(dotted_time_error(&raw, &fixed)),
                    None => self.visit_u64(n as u64),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// `7.30` or `7,30`, as times are often typed: the colon form of the same
/// time (`07:30`) when the numbers make one, so the hint can show it.
fn dotted_time(raw: &str) -> Option<String> {
    let (h, m) = raw.trim().split_once(['.', ','])?;
    let ok =
        |s: &str, n: usize| !s.is_empty() && s.len() <= n && s.bytes().all(|b| b.is_ascii_digit());
    if !ok(h, 2) || !ok(m, 2) || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 23 && m <= 59).then(|| vi::format_time(h * 60 + m))
}

fn dotted_time_error<E: de::Error>(raw: &str, fixed: &str) -> E {
    E::custom(de_error(
        &format!("giờ \"{raw}\" viết bằng dấu chấm, Loa không đọc được"),
        &format!("the time \"{raw}\" is written with a dot, which Loa cannot read"),
        &format!(
            "Viết giờ và phút cách nhau bằng dấu hai chấm, trong ngoặc kép: \"{fixed}\" (hoặc \"{}\").",
            fixed.trim_start_matches('0').replace(':', "h")
        ),
        &format!("Separate hours and minutes with a colon, in double quotes: \"{fixed}\"."),
    ))
}

/// The days of the week a session runs, Monday first. Written as a list
/// (`[T2, T4, T6]`) or a range (`T2-CN`, `hằng ngày`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Days(pub Vec<Weekday>);

impl Days {
    pub fn contains(&self, w: Weekday) -> bool {
        self.0.contains(&w)
    }
    pub fn is_every_day(&self) -> bool {
        self.0.len() == 7
    }
    /// How the days read on a page: "Tất cả các ngày", "Thứ Hai – Thứ Sáu", "T2, T4".
    pub fn label(&self) -> String {
        if self.is_every_day() {
            return "Tất cả các ngày trong tuần (Thứ Hai – Chủ Nhật)".to_string();
        }
        let idx: Vec<u32> = self.0.iter().map(|w| w.num_days_from_monday()).collect();
        let contiguous = idx.windows(2).all(|p| p[1] == p[0] + 1);
        if contiguous && idx.len() >= 3 {
            format!(
                "{} – {}",
                vi::weekday_name(self.0[0]),
                vi::weekday_name(self.0[self.0.len() - 1])
            )
        } else {
            self.0
                .iter()
                .map(|w| vi::weekday_name(*w))
                .collect::<Vec<_>>()
                .join(", ")
        }
    }
}

impl Serialize for Days {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.label())
    }
}

impl<'de> Deserialize<'de> for Days {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        fn bad<E: de::Error>(raw: &str) -> E {
            E::custom(de_error(
                &format!("không hiểu ngày trong tuần \"{raw}\""),
                &format!("cannot read the day of the week \"{raw}\""),
                "Viết T2, T3, T4, T5, T6, T7, CN; một khoảng như T2-CN; hoặc \"hằng ngày\".",
                "Write T2 … T7, CN (Monday … Sunday); a range like T2-CN; or \"hằng ngày\".",
            ))
        }
        impl<'de> Visitor<'de> for V {
            type Value = Days;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("days of the week such as T2-CN or [T2, T4]")
            }
            fn visit_str<E: de::Error>(self, raw: &str) -> Result<Days, E> {
                vi::parse_day_range(raw).map(Days).ok_or_else(|| bad(raw))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Days, A::Error> {
                let mut days = Vec::new();
                while let Some(raw) = seq.next_element::<String>()? {
                    let w = vi::parse_weekday(&raw).ok_or_else(|| bad::<A::Error>(&raw))?;
                    if !days.contains(&w) {
                        days.push(w);
                    }
                }
                days.sort_by_key(|w: &Weekday| w.num_days_from_monday());
                Ok(Days(days))
            }
        }
        d.deserialize_any(V)
    }
}

/// A link target: an `id` from the site's `links`, or a full URL.
/// Only http(s), tel, mailto and geo are allowed, so nothing published can
/// run script or point at a local file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash, PartialOrd, Ord)]
#[serde(transparent)]
pub struct Url(pub String);

impl Url {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }
}

/// Schemes a published link may use.
pub const ALLOWED_SCHEMES: [&str; 5] = ["https://", "http://", "tel:", "mailto:", "geo:"];

impl<'de> Deserialize<'de> for Url {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_str_with(
            d,
            "a web address such as https://dichvucong.bocongan.gov.vn",
            |raw| {
                let t = raw.trim();
                let lower = t.to_ascii_lowercase();
                let ok = ALLOWED_SCHEMES.iter().any(|s| lower.starts_with(s))
                    && !t.chars().any(|c| {
                        c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>'
                    });
                if ok && t.len() > 8 {
                    Ok(Url(t.to_string()))
                } else {
                    Err(de_error(
                    &format!("địa chỉ liên kết \"{raw}\" không hợp lệ"),
                    &format!("the link \"{raw}\" is not a valid address"),
                    "Viết đầy đủ, bắt đầu bằng https:// (hoặc tel: cho số điện thoại), không có dấu cách.",
                    "Write the full address starting with https:// (or tel: for a phone number), without spaces.",
                ))
                }
            },
        )
    }
}

/// A lower-case ASCII identifier used in references and in output paths
/// (`cong-an-phuong-tu-minh`). It can never climb out of the output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Checks an id as written by an author. Only `a-z`, `0-9` and inner
    /// hyphens, so an id used as a folder name can never be `..`, absolute,
    /// or hidden; see also [`Id::is_reserved`].
    pub fn parse(raw: &str) -> Result<Id, String> {
        let ok = !raw.is_empty()
            && raw.len() <= 80
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !raw.starts_with('-')
            && !raw.ends_with('-')
            && !Id::is_reserved(raw);
        if ok {
            Ok(Id(raw.to_string()))
        } else {
            Err(raw.to_string())
        }
    }

    /// Names an id may not take because it becomes a folder of the output:
    /// Windows device names (the site is often copied to an office PC or a
    /// USB stick, where a folder `con` or `nul` cannot exist), and the names
    /// Loa itself uses at the top of the output (`assets`, `404`, `index`).
    pub fn is_reserved(raw: &str) -> bool {
        const NAMES: [&str; 7] = ["con", "prn", "aux", "nul", "assets", "404", "index"];
        let numbered = ["com", "lpt"].iter().any(|p| {
            raw.strip_prefix(p)
                .is_some_and(|n| n.len() == 1 && n.bytes().all(|b| b.is_ascii_digit()))
        });
        NAMES.contains(&raw) || numbered
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id such as \"cong-an-phuong\"")
            }
            fn visit_str<E: de::Error>(self, raw: &str) -> Result<Id, E> {
                Id::parse(raw).map_err(|raw| {
                    if Id::is_reserved(&raw) {
                        return E::custom(de_error(
                            &format!("mã \"{raw}\" là tên dành riêng, không dùng được"),
                            &format!("the id \"{raw}\" is a reserved name"),
                            &format!(
                                "Mã trở thành tên thư mục của trang; \"{raw}\" trùng tên hệ thống (Windows hoặc của Loa). Đặt tên khác, ví dụ \"{raw}-1\" hoặc tên đầy đủ hơn."
                            ),
                            &format!(
                                "Ids become folder names; \"{raw}\" is taken by Windows or by Loa. Choose another, e.g. \"{raw}-1\" or a longer name."
                            ),
                        ));
                    }
                    E::custom(de_error(
                        &format!("mã \"{raw}\" không hợp lệ"),
                        &format!("the id \"{raw}\" is not valid"),
                        &format!(
                            "Mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ \"{}\".",
                            suggest_id(&raw)
                        ),
                        &format!(
                            "An id uses only lower-case letters without accents, digits and hyphens, e.g. \"{}\".",
                            suggest_id(&raw)
                        ),
                    ))
                })
            }
            // `14` reads as a number in YAML; it is still a fine id.
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Id, E> {
                self.visit_str(&n.to_string())
            }
        }
        d.deserialize_any(V)
    }
}

fn suggest_id(raw: &str) -> String {
    let s = vi::slugify(raw);
    if s.is_empty() {
        "cong-an-phuong".to_string()
    } else if Id::parse(&s).is_err() {
        format!("{s}-1")
    } else {
        s
    }
}
