//! Vietnamese text done right: slugs, accent folding, dates and times as
//! official documents and residents write them, and numbers read aloud.
//!
//! Everything here is a pure function so templates, the loader and the
//! loudspeaker script all agree on one spelling of every date and time.

use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::i18n::Lang;

// ---------------------------------------------------------------------------
// Folding and slugs
// ---------------------------------------------------------------------------

/// True for combining marks. Text pasted from Word or macOS is often NFD
/// (`a` + U+0301), and these marks must vanish exactly like precomposed tones.
fn is_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Lowercase ASCII transliteration that keeps punctuation, so the date, time
/// and weekday parsers can still see `:`, `/`, `-` and `,`.
fn strip_marks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_combining_mark(c) {
            // Dropped: the base letter before it is already in `out`.
        } else {
            match deunicode::deunicode_char(c) {
                Some(t) => out.extend(t.chars().map(|c| c.to_ascii_lowercase())),
                // Unknown symbols separate words rather than glue them.
                None => out.push(' '),
            }
        }
    }
    out
}

/// Search folding: lowercase ASCII, no diacritics, `đ` → `d`, every run of
/// other characters one space. NFC and NFD input fold identically, so a
/// search typed on a phone finds text pasted from a PDF.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in strip_marks(s).chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    out
}

/// ASCII URL slug, so links survive e-mail, Zalo and old proxies unescaped.
pub fn slugify(s: &str) -> String {
    fold(s).replace(' ', "-")
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// Why a date could not be read. Kept structured so the message can name
/// the exact month length instead of a vague "invalid date".
#[derive(Debug, Clone, PartialEq)]
pub enum DateError {
    /// Not a date in any accepted shape, or a year outside 1900..=2200.
    Format,
    /// The month exists but is shorter than the day written.
    NoSuchDay {
        day: u32,
        month: u32,
        year: i32,
        days_in_month: u32,
    },
    /// A month outside 1..=12 — usually month and day written the wrong way round.
    NoSuchMonth { month: u32 },
}

impl DateError {
    /// What is wrong, in plain words, starting lowercase so it can follow a
    /// file and line prefix.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (DateError::Format, Lang::Vi) => "không đọc được ngày tháng này".to_string(),
            (DateError::Format, Lang::En) => "this is not a date Loa can read".to_string(),
            (
                DateError::NoSuchDay {
                    day,
                    month,
                    year,
                    days_in_month,
                },
                Lang::Vi,
            ) => {
                format!("tháng {month} năm {year} chỉ có {days_in_month} ngày, không có ngày {day}")
            }
            (
                DateError::NoSuchDay {
                    day,
                    month,
                    year,
                    days_in_month,
                },
                Lang::En,
            ) => format!(
                "{} {year} has only {days_in_month} days, there is no day {day}",
                month_name_en(*month)
            ),
            (DateError::NoSuchMonth { month }, Lang::Vi) => {
                format!("không có tháng {month}, một năm chỉ có 12 tháng")
            }
            (DateError::NoSuchMonth { month }, Lang::En) => {
                format!("there is no month {month}, a year has only 12 months")
            }
        }
    }

    /// How to fix it, as a full sentence with a correct example.
    pub fn hint(&self, lang: Lang) -> String {
        match self {
            DateError::Format => lang
                .pick(
                    "Viết ngày theo dạng 2026-05-05 (năm-tháng-ngày) hoặc 05/5/2026 \
                     (ngày/tháng/năm), năm đủ bốn chữ số.",
                    "Write the date as 2026-05-05 (year-month-day) or 05/5/2026 \
                     (day/month/year), with a four-digit year.",
                )
                .to_string(),
            DateError::NoSuchDay {
                month,
                year,
                days_in_month,
                ..
            } => {
                // The example is the last real day of that month, the likeliest intent.
                let iso = format!("{year:04}-{month:02}-{days_in_month:02}");
                let short = format!("{days_in_month:02}/{}/{year}", month_padded(*month));
                match lang {
                    Lang::Vi => {
                        format!("Viết ngày theo dạng {iso} (năm-tháng-ngày) hoặc {short}.")
                    }
                    Lang::En => format!(
                        "Write the date as {iso} (year-month-day) or {short} (day/month/year)."
                    ),
                }
            }
            DateError::NoSuchMonth { .. } => lang
                .pick(
                    "Tháng chỉ từ 1 đến 12, và ngày viết trước tháng: 05/5/2026 là ngày 5 \
                     tháng 5. Cũng có thể viết 2026-05-05 (năm-tháng-ngày).",
                    "Months go from 1 to 12, and the day comes before the month: 05/5/2026 \
                     is 5 May. You can also write 2026-05-05 (year-month-day).",
                )
                .to_string(),
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::Vi))
    }
}

impl std::error::Error for DateError {}

fn month_name_en(month: u32) -> &'static str {
    match month {
        1 => "January",
        2 => "February",
        3 => "March",
        4 => "April",
        5 => "May",
        6 => "June",
        7 => "July",
        8 => "August",
        9 => "September",
        10 => "October",
        11 => "November",
        12 => "December",
        _ => "this month",
    }
}

fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses 1–`max_len` ASCII digits; anything else is `None`.
fn digits(s: &str, max_len: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Checks ranges in the order a person would: year, then month, then day,
/// so the error names the first thing actually wrong.
fn checked_date(year: u32, month: u32, day: u32) -> Result<NaiveDate, DateError> {
    if !(1900..=2200).contains(&year) {
        return Err(DateError::Format);
    }
    let year = year as i32;
    if !(1..=12).contains(&month) {
        return Err(DateError::NoSuchMonth { month });
    }
    let dim = days_in_month(year, month);
    if day == 0 || day > dim {
        return Err(DateError::NoSuchDay {
            day,
            month,
            year,
            days_in_month: dim,
        });
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::Format)
}

/// Reads a date as ward staff write it: ISO `2026-05-05`, or day first
/// `05/5/2026`, `5-5-2026`, `05.5.2026`, and the official long form
/// `ngày 05 tháng 5 năm 2026`. Never month first: `05/06` is 5 June.
pub fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    let s = s.trim();
    if let Some(d) = parse_date_long(s) {
        return d;
    }
    let seps: Vec<char> = s.chars().filter(|c| matches!(c, '/' | '-' | '.')).collect();
    // Mixed separators (`05/5-2026`) are more likely a typo than a date.
    if seps.len() != 2 || seps[0] != seps[1] {
        return Err(DateError::Format);
    }
    let parts: Vec<&str> = s.split(seps[0]).map(str::trim).collect();
    let [a, b, c] = parts[..] else {
        return Err(DateError::Format);
    };
    let (year, month, day) = if a.len() == 4 {
        (digits(a, 4), digits(b, 2), digits(c, 2))
    } else if c.len() == 4 {
        (digits(c, 4), digits(b, 2), digits(a, 2))
    } else {
        return Err(DateError::Format);
    };
    match (year, month, day) {
        (Some(y), Some(m), Some(d)) => checked_date(y, m, d),
        _ => Err(DateError::Format),
    }
}

/// `ngày 05 tháng 5 năm 2026`, the form [`date_long`] writes; `None` when
/// the text is not in that shape at all.
fn parse_date_long(s: &str) -> Option<Result<NaiveDate, DateError>> {
    let folded = fold(s);
    let words: Vec<&str> = folded.split(' ').collect();
    let ["ngay", d, "thang", m, "nam", y] = words[..] else {
        return None;
    };
    Some(match (digits(y, 4), digits(m, 2), digits(d, 2)) {
        (Some(y), Some(m), Some(d)) => checked_date(y, m, d),
        _ => Err(DateError::Format),
    })
}

/// Month as Nghị định 30/2020/NĐ-CP writes it: zero-padded only for January
/// and February, so "tháng 01" and "tháng 02" cannot be altered to 11 or 12.
fn month_padded(month: u32) -> String {
    if month < 3 {
        format!("{month:02}")
    } else {
        month.to_string()
    }
}

/// Official long form: "ngày 05 tháng 5 năm 2026" (Nghị định 30/2020/NĐ-CP:
/// day below 10 and months 1–2 get a leading zero).
pub fn date_long(d: NaiveDate) -> String {
    format!(
        "ngày {:02} tháng {} năm {}",
        d.day(),
        month_padded(d.month()),
        d.year()
    )
}

/// Short form with the same padding rule: "05/5/2026", "17/02/2026".
pub fn date_short(d: NaiveDate) -> String {
    format!("{:02}/{}/{}", d.day(), month_padded(d.month()), d.year())
}

/// "Thứ Ba, 05/5/2026": residents plan by weekday, so schedules show both.
pub fn date_with_weekday(d: NaiveDate) -> String {
    format!("{}, {}", weekday_name(d.weekday()), date_short(d))
}

// ---------------------------------------------------------------------------
// Times
// ---------------------------------------------------------------------------

/// Why a time of day could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum TimeError {
    /// Not a time in any accepted shape.
    Format,
    /// Shaped like a time, but the hour is past 24:00 or the minute past 59.
    OutOfRange { hour: u16, minute: u16 },
}

impl TimeError {
    /// What is wrong, in plain words, starting lowercase.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (TimeError::Format, Lang::Vi) => "không đọc được giờ này".to_string(),
            (TimeError::Format, Lang::En) => "this is not a time Loa can read".to_string(),
            (TimeError::OutOfRange { minute, .. }, Lang::Vi) if *minute > 59 => {
                format!("không có phút {minute}, phút chỉ từ 00 đến 59")
            }
            (TimeError::OutOfRange { minute, .. }, Lang::En) if *minute > 59 => {
                format!("there is no minute {minute}, minutes go from 00 to 59")
            }
            (TimeError::OutOfRange { hour, minute }, Lang::Vi) => {
                format!("không có giờ {hour:02}:{minute:02}, một ngày chỉ từ 00:00 đến 24:00")
            }
            (TimeError::OutOfRange { hour, minute }, Lang::En) => {
                format!("there is no time {hour:02}:{minute:02}, a day runs from 00:00 to 24:00")
            }
        }
    }

    /// How to fix it, as a full sentence.
    pub fn hint(&self, lang: Lang) -> String {
        lang.pick(
            "Viết giờ theo dạng 07:30 (giờ:phút, 24 giờ), ví dụ 13:30 cho 1 giờ 30 chiều.",
            "Write the time as 07:30 (hours:minutes, 24-hour clock), e.g. 13:30 for 1:30 pm.",
        )
        .to_string()
    }
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::Vi))
    }
}

impl std::error::Error for TimeError {}

/// Splits off the leading ASCII digits.
fn leading_digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(end)
}

/// Reads a time of day as minutes since midnight. Accepts the forms found in
/// official plans and notices: `07:30`, `7h30`, `07h30'`, `7h`, `7 giờ 30`,
/// `7g30`, `17H00`, `7h30p`, `7 giờ 30 phút`. `24:00` means end of day (1440).
/// No am/pm words: "7 giờ tối" is rejected rather than guessed.
pub fn parse_time(s: &str) -> Result<u16, TimeError> {
    let t = strip_marks(s.trim());
    let (h, rest) = leading_digits(t.trim());
    if h.is_empty() || h.len() > 2 {
        return Err(TimeError::Format);
    }
    let rest = rest.trim_start();
    let (colon, rest) = if let Some(r) = rest.strip_prefix(':') {
        (true, r)
    } else if let Some(r) = rest.strip_prefix("gio") {
        (false, r)
    } else if let Some(r) = rest.strip_prefix('h').or_else(|| rest.strip_prefix('g')) {
        (false, r)
    } else {
        return Err(TimeError::Format);
    };
    // `07: 30` is a typo we can forgive, `07:3` is not: it may mean 03 or 30.
    let rest = rest.trim_start();
    let (m, rest) = leading_digits(rest);
    let minutes_ok = if colon { m.len() == 2 } else { m.len() <= 2 };
    if !minutes_ok {
        return Err(TimeError::Format);
    }
    let rest = rest.trim();
    let suffix_ok =
        rest.is_empty() || (!m.is_empty() && matches!(rest, "'" | "''" | "p" | "ph" | "phut"));
    if !suffix_ok {
        return Err(TimeError::Format);
    }
    let hour: u16 = h.parse().map_err(|_| TimeError::Format)?;
    let minute: u16 = if m.is_empty() {
        0
    } else {
        m.parse().map_err(|_| TimeError::Format)?
    };
    if minute > 59 || hour > 24 || (hour == 24 && minute > 0) {
        return Err(TimeError::OutOfRange { hour, minute });
    }
    Ok(hour * 60 + minute)
}

/// "07:30": always 24-hour and zero-padded, so columns of times line up.
pub fn format_time(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

// ---------------------------------------------------------------------------
// Weekdays
// ---------------------------------------------------------------------------

/// "Thứ Hai" … "Chủ Nhật", capitalised as on official schedules.
pub fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ Nhật",
    }
}

/// "T2" … "T7", "CN": the abbreviations used in narrow schedule columns.
pub fn weekday_short(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "T2",
        Weekday::Tue => "T3",
        Weekday::Wed => "T4",
        Weekday::Thu => "T5",
        Weekday::Fri => "T6",
        Weekday::Sat => "T7",
        Weekday::Sun => "CN",
    }
}

/// English weekday names for the English interface.
pub fn weekday_name_en(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// Reads one weekday written any common way: "T2", "Thứ 2", "thứ hai",
/// "thu 2", "CN", "Chủ nhật", "Mon", "Monday".
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    let folded = fold(s);
    let compact: String = folded.chars().filter(|c| *c != ' ').collect();
    let day = match compact.as_str() {
        "t2" | "thu2" | "thuhai" | "mon" | "monday" => Weekday::Mon,
        "t3" | "thu3" | "thuba" | "tue" | "tues" | "tuesday" => Weekday::Tue,
        "t4" | "thu4" | "thutu" | "wed" | "wednesday" => Weekday::Wed,
        "t5" | "thu5" | "thunam" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "t6" | "thu6" | "thusau" | "fri" | "friday" => Weekday::Fri,
        "t7" | "thu7" | "thubay" | "sat" | "saturday" => Weekday::Sat,
        "cn" | "chunhat" | "sun" | "sunday" => Weekday::Sun,
        // "Thu" is Thursday in English, but "Thứ" alone is an unfinished
        // Vietnamese word: only the plain ASCII spelling counts.
        "thu" if s.trim().eq_ignore_ascii_case("thu") => Weekday::Thu,
        _ => return None,
    };
    Some(day)
}

/// Monday to Sunday, the order Vietnamese calendars use.
pub const ALL_DAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// One day written as several words ("thứ Hai"), allowing the "từ" of
/// "từ thứ 2 đến …" but not eating the "tư" of "thứ tư" (Wednesday).
fn parse_day_words(words: &[&str]) -> Option<Weekday> {
    if words.is_empty() {
        return None;
    }
    parse_weekday(&words.join(" ")).or_else(|| match words {
        [first, rest @ ..] if !rest.is_empty() && fold(first) == "tu" => {
            parse_weekday(&rest.join(" "))
        }
        _ => None,
    })
}

/// Marks one list item: a single day, or a range such as "T2-T6" or
/// "thứ 2 đến chủ nhật". Ranges may wrap past Sunday ("T6-T2").
fn mark_day_item(segments: &[Vec<&str>], seen: &mut [bool; 7]) -> Option<()> {
    match segments {
        [one] => seen[parse_day_words(one)?.num_days_from_monday() as usize] = true,
        [from, to] => {
            let (mut w, to) = (parse_day_words(from)?, parse_day_words(to)?);
            seen[w.num_days_from_monday() as usize] = true;
            while w != to {
                w = w.succ();
                seen[w.num_days_from_monday() as usize] = true;
            }
        }
        _ => return None,
    }
    Some(())
}

/// Reads the days a place is open: "T2-CN", "T2 - T6", "thứ 2 đến chủ nhật",
/// "T7, CN", "hằng ngày". Returns Monday..Sunday order without duplicates,
/// or `None` if any part is not a day, so typos are reported, not dropped.
pub fn parse_day_range(s: &str) -> Option<Vec<Weekday>> {
    const EVERY_DAY: [&str; 8] = [
        "hang ngay",
        "tat ca cac ngay",
        "tat ca cac ngay trong tuan",
        "moi ngay",
        "ca tuan",
        "daily",
        "every day",
        "everyday",
    ];
    if EVERY_DAY.contains(&fold(s).as_str()) {
        return Some(ALL_DAYS.to_vec());
    }
    // Words are kept as written (not folded) so parse_weekday can still tell
    // English "Thu" from an unfinished Vietnamese "Thứ".
    let mut spaced = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            ',' | ';' | '/' | '&' | '+' => spaced.push_str(" , "),
            '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '~' => spaced.push_str(" - "),
            _ => spaced.push(c),
        }
    }
    let mut seen = [false; 7];
    let mut any = false;
    let mut item: Vec<Vec<&str>> = vec![Vec::new()];
    for tok in spaced.split_whitespace().chain([","]) {
        let folded = fold(tok);
        if tok == "," || folded == "va" || folded == "and" {
            if item.len() == 1 && item[0].is_empty() {
                continue;
            }
            mark_day_item(&item, &mut seen)?;
            any = true;
            item = vec![Vec::new()];
        } else if tok == "-" || matches!(folded.as_str(), "den" | "toi" | "to") {
            item.push(Vec::new());
        } else if let Some(words) = item.last_mut() {
            words.push(tok);
        }
    }
    if !any {
        return None;
    }
    Some(
        ALL_DAYS
            .iter()
            .zip(seen)
            .filter(|(_, on)| *on)
            .map(|(w, _)| *w)
            .collect(),
    )
}

// ---------------------------------------------------------------------------
// Reading aloud
// ---------------------------------------------------------------------------

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// Words for a group of three digits. `full` means a higher group was already
/// spoken, so a short group is read with "không trăm" / "linh" to keep its
/// place ("hai nghìn không trăm hai mươi sáu").
fn triple_words(n: u64, full: bool, out: &mut Vec<&'static str>) {
    let (h, t, u) = (
        (n / 100) as usize,
        (n / 10 % 10) as usize,
        (n % 10) as usize,
    );
    let hundreds = full || h > 0;
    if hundreds {
        out.extend([DIGITS[h], "trăm"]);
    }
    match t {
        0 => {
            if u > 0 {
                if hundreds {
                    out.push("linh");
                }
                out.push(DIGITS[u]);
            }
        }
        1 => {
            out.push("mười");
            match u {
                0 => {}
                5 => out.push("lăm"),
                _ => out.push(DIGITS[u]),
            }
        }
        _ => {
            out.extend([DIGITS[t], "mươi"]);
            match u {
                0 => {}
                1 => out.push("mốt"),
                4 => out.push("tư"),
                5 => out.push("lăm"),
                _ => out.push(DIGITS[u]),
            }
        }
    }
}

/// Words for n < 1 000 000 000; zero groups are skipped ("một triệu").
fn below_billion_words(n: u64, full: bool, out: &mut Vec<&'static str>) {
    let mut started = full;
    for (group, scale) in [
        (n / 1_000_000 % 1000, Some("triệu")),
        (n / 1000 % 1000, Some("nghìn")),
        (n % 1000, None),
    ] {
        if group == 0 {
            continue;
        }
        triple_words(group, started, out);
        out.extend(scale);
        started = true;
    }
}

fn number_words_into(n: u64, out: &mut Vec<&'static str>) {
    const BILLION: u64 = 1_000_000_000;
    if n >= BILLION {
        // Above a billion Vietnamese stacks scales: "một nghìn tỷ".
        number_words_into(n / BILLION, out);
        out.push("tỷ");
        if n % BILLION > 0 {
            below_billion_words(n % BILLION, true, out);
        }
    } else {
        below_billion_words(n, false, out);
    }
}

/// Standard Vietnamese number words for the loudspeaker script: "mười lăm",
/// "hai mươi mốt", "hai mươi tư", "một trăm linh một", "một nghìn".
pub fn number_words(n: u64) -> String {
    if n == 0 {
        return DIGITS[0].to_string();
    }
    let mut out = Vec::new();
    number_words_into(n, &mut out);
    out.join(" ")
}

/// A time read aloud. Rule: "H giờ", then the minutes if any; minutes below
/// ten get "phút" ("bảy giờ năm phút") because a bare "bảy giờ năm" sounds
/// unfinished, while "bảy giờ ba mươi" is how announcers say it.
pub fn time_words(minutes: u16) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let mut s = format!("{} giờ", number_words(u64::from(h)));
    if m > 0 {
        s.push(' ');
        s.push_str(&number_words(u64::from(m)));
        if m < 10 {
            s.push_str(" phút");
        }
    }
    s
}

/// A date read aloud: "ngày mùng năm tháng năm năm hai nghìn không trăm hai
/// mươi sáu". Days 1–10 take "mùng"; April is "tháng tư", as people say it.
pub fn date_words(d: NaiveDate) -> String {
    let day = d.day();
    let month = match d.month() {
        4 => "tư".to_string(),
        m => number_words(u64::from(m)),
    };
    let year = match u64::try_from(d.year()) {
        Ok(y) => number_words(y),
        // Campaign dates are never BC; say it plainly rather than panic.
        Err(_) => format!("âm {}", number_words(d.year().unsigned_abs().into())),
    };
    format!(
        "ngày {}{} tháng {} năm {}",
        if day <= 10 { "mùng " } else { "" },
        number_words(u64::from(day)),
        month,
        year
    )
}

/// "một trăm phần trăm": progress figures read aloud.
pub fn percent_words(p: u32) -> String {
    format!("{} phần trăm", number_words(u64::from(p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    /// Decomposes the tones and vowel marks used here into NFD by hand,
    /// since the crate has no normalisation dependency.
    fn nfd(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                'ă' => out.push_str("a\u{0306}"),
                'ư' => out.push_str("u\u{031B}"),
                'ớ' => out.push_str("o\u{031B}\u{0301}"),
                'ồ' => out.push_str("o\u{0302}\u{0300}"),
                'ơ' => out.push_str("o\u{031B}"),
                'ổ' => out.push_str("o\u{0302}\u{0309}"),
                'ậ' => out.push_str("a\u{0323}\u{0302}"),
                'ệ' => out.push_str("e\u{0323}\u{0302}"),
                'ị' => out.push_str("i\u{0323}"),
                'ự' => out.push_str("u\u{031B}\u{0323}"),
                'ử' => out.push_str("u\u{031B}\u{0309}"),
                'ứ' => out.push_str("u\u{031B}\u{0301}"),
                'ủ' => out.push_str("u\u{0309}"),
                'ế' => out.push_str("e\u{0302}\u{0301}"),
                _ => out.push(c),
            }
        }
        out
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Thu nhận hồ sơ Căn cước"),
            "thu-nhan-ho-so-can-cuoc"
        );
        assert_eq!(
            slugify("Định danh điện tử mức 2"),
            "dinh-danh-dien-tu-muc-2"
        );
        assert_eq!(slugify("ĐĂNG KÝ   tạm trú!!"), "dang-ky-tam-tru");
        assert_eq!(
            slugify("  — Phường Bến Thành (TP.HCM) — "),
            "phuong-ben-thanh-tp-hcm"
        );
        assert_eq!(slugify("Ưu tiên người cao tuổi"), "uu-tien-nguoi-cao-tuoi");
        assert_eq!(slugify("Sở, ban, ngành"), "so-ban-nganh");
        assert_eq!(slugify(""), "");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Căn cước 6–14 tuổi"), "can cuoc 6 14 tuoi");
        assert_eq!(
            fold("  ĐỊA ĐIỂM: Nhà văn hóa khu phố 3  "),
            "dia diem nha van hoa khu pho 3"
        );
        assert_eq!(fold("Thủy/Thuỷ"), "thuy thuy");
        for s in [
            "Căn cước",
            "Thủ tục cấp đổi",
            "Định danh điện tử",
            "Ưu tiên",
            "Hồ sơ",
            "tiếp nhận trực tuyến",
        ] {
            assert_eq!(fold(&nfd(s)), fold(s), "NFD and NFC differ for {s}");
        }
        assert_eq!(fold("Ca\u{0306}n cu\u{031B}o\u{031B}\u{0301}c"), "can cuoc");
        assert_eq!(slugify(&nfd("Hồ sơ Căn cước")), "ho-so-can-cuoc");
    }

    #[test]
    fn dates_accepted() {
        let d = ymd(2026, 5, 5);
        for s in [
            "2026-05-05",
            "05/5/2026",
            "5/5/2026",
            "05/05/2026",
            "5-5-2026",
            "05.5.2026",
            " 05/5/2026 ",
            "2026-5-5",
            "ngày 05 tháng 5 năm 2026",
            "Ngày 5 tháng 05 năm 2026",
        ] {
            assert_eq!(parse_date(s), Ok(d), "{s}");
        }
        // Day first, never month first.
        assert_eq!(parse_date("06/05/2026"), Ok(ymd(2026, 5, 6)));
        assert_eq!(parse_date("29/02/2024"), Ok(ymd(2024, 2, 29)));
        assert_eq!(parse_date("1900-01-01"), Ok(ymd(1900, 1, 1)));
        assert_eq!(parse_date("31/12/2200"), Ok(ymd(2200, 12, 31)));
    }

    #[test]
    fn dates_rejected() {
        let feb31 = DateError::NoSuchDay {
            day: 31,
            month: 2,
            year: 2026,
            days_in_month: 28,
        };
        assert_eq!(parse_date("31/02/2026"), Err(feb31.clone()));
        assert_eq!(parse_date("2026-02-31"), Err(feb31));
        assert_eq!(
            parse_date("29/02/2026"),
            Err(DateError::NoSuchDay {
                day: 29,
                month: 2,
                year: 2026,
                days_in_month: 28
            })
        );
        assert_eq!(
            parse_date("31/4/2026"),
            Err(DateError::NoSuchDay {
                day: 31,
                month: 4,
                year: 2026,
                days_in_month: 30
            })
        );
        assert_eq!(
            parse_date("05/13/2026"),
            Err(DateError::NoSuchMonth { month: 13 })
        );
        assert_eq!(
            parse_date("2026-13-01"),
            Err(DateError::NoSuchMonth { month: 13 })
        );
        for s in [
            "",
            "hôm nay",
            "5/5/26",
            "05/5-2026",
            "2026-05",
            "2026-05-05-01",
            "1899-12-31",
            "01/01/2201",
            "05/5/2026 07:30",
            "a5/5/2026",
            "+5/5/2026",
            "005/5/2026",
        ] {
            assert_eq!(parse_date(s), Err(DateError::Format), "{s:?}");
        }
    }

    #[test]
    fn date_messages() {
        let e = DateError::NoSuchDay {
            day: 31,
            month: 2,
            year: 2026,
            days_in_month: 28,
        };
        assert_eq!(
            e.message(Lang::Vi),
            "tháng 2 năm 2026 chỉ có 28 ngày, không có ngày 31"
        );
        assert_eq!(
            e.hint(Lang::Vi),
            "Viết ngày theo dạng 2026-02-28 (năm-tháng-ngày) hoặc 28/02/2026."
        );
        assert_eq!(
            e.message(Lang::En),
            "February 2026 has only 28 days, there is no day 31"
        );
        assert!(e.hint(Lang::En).contains("2026-02-28"));
        assert_eq!(e.to_string(), e.message(Lang::Vi));
        let m = DateError::NoSuchMonth { month: 13 };
        assert!(m.message(Lang::Vi).contains("tháng 13"));
        assert!(m.message(Lang::En).contains("month 13"));
        assert!(DateError::Format.hint(Lang::Vi).contains("05/5/2026"));
        assert!(DateError::Format.hint(Lang::En).contains("day/month/year"));
    }

    #[test]
    fn dates_written() {
        assert_eq!(date_long(ymd(2026, 5, 5)), "ngày 05 tháng 5 năm 2026");
        assert_eq!(date_long(ymd(2026, 2, 17)), "ngày 17 tháng 02 năm 2026");
        assert_eq!(date_long(ymd(2026, 1, 5)), "ngày 05 tháng 01 năm 2026");
        assert_eq!(date_long(ymd(2023, 11, 27)), "ngày 27 tháng 11 năm 2023");
        assert_eq!(date_short(ymd(2026, 5, 5)), "05/5/2026");
        assert_eq!(date_short(ymd(2026, 2, 17)), "17/02/2026");
        assert_eq!(date_short(ymd(2026, 12, 1)), "01/12/2026");
        assert_eq!(date_with_weekday(ymd(2026, 5, 5)), "Thứ Ba, 05/5/2026");
        assert_eq!(date_with_weekday(ymd(2026, 5, 10)), "Chủ Nhật, 10/5/2026");
        // What we write, we can read back.
        for d in [ymd(2026, 1, 5), ymd(2026, 2, 28), ymd(2023, 11, 27)] {
            assert_eq!(parse_date(&date_long(d)), Ok(d));
            assert_eq!(parse_date(&date_short(d)), Ok(d));
        }
    }

    #[test]
    fn times_accepted() {
        for s in [
            "07:30",
            "7:30",
            "7h30",
            "07h30",
            "07h30'",
            "7g30",
            "7 giờ 30",
            "7 GIỜ 30",
            " 7h30 ",
            "7h30p",
            "7 giờ 30 phút",
            "07h30’",
        ] {
            assert_eq!(parse_time(s), Ok(450), "{s:?}");
        }
        assert_eq!(parse_time(&nfd("7 giờ 30")), Ok(450));
        assert_eq!(parse_time("7h"), Ok(420));
        assert_eq!(parse_time("7 giờ"), Ok(420));
        assert_eq!(parse_time("17H00"), Ok(1020));
        assert_eq!(parse_time("11h30'"), Ok(690));
        assert_eq!(parse_time("00:00"), Ok(0));
        assert_eq!(parse_time("24:00"), Ok(1440));
        assert_eq!(parse_time("7h5"), Ok(425));
    }

    #[test]
    fn times_rejected() {
        assert_eq!(
            parse_time("25:00"),
            Err(TimeError::OutOfRange {
                hour: 25,
                minute: 0
            })
        );
        assert_eq!(
            parse_time("7:60"),
            Err(TimeError::OutOfRange {
                hour: 7,
                minute: 60
            })
        );
        assert_eq!(
            parse_time("7h75"),
            Err(TimeError::OutOfRange {
                hour: 7,
                minute: 75
            })
        );
        assert_eq!(
            parse_time("24:30"),
            Err(TimeError::OutOfRange {
                hour: 24,
                minute: 30
            })
        );
        for s in [
            "sáng",
            "7.5",
            "",
            "7",
            "7:3",
            "7:",
            "h30",
            "107:30",
            "7h30 sáng",
            "7:30:00",
            "7h'",
        ] {
            assert_eq!(parse_time(s), Err(TimeError::Format), "{s:?}");
        }
        let e = TimeError::OutOfRange {
            hour: 7,
            minute: 60,
        };
        assert_eq!(
            e.message(Lang::Vi),
            "không có phút 60, phút chỉ từ 00 đến 59"
        );
        assert!(TimeError::OutOfRange {
            hour: 25,
            minute: 0
        }
        .message(Lang::Vi)
        .contains("25:00"));
        assert!(e
            .hint(Lang::Vi)
            .starts_with("Viết giờ theo dạng 07:30 (giờ:phút, 24 giờ)"));
        assert!(TimeError::Format.hint(Lang::En).contains("07:30"));
        assert_eq!(TimeError::Format.to_string(), "không đọc được giờ này");
    }

    #[test]
    fn times_written() {
        assert_eq!(format_time(450), "07:30");
        assert_eq!(format_time(1170), "19:30");
        assert_eq!(format_time(1440), "24:00");
        assert_eq!(format_time(0), "00:00");
        for s in ["07:30", "19:30", "24:00", "00:05"] {
            assert_eq!(parse_time(s).map(format_time).as_deref(), Ok(s));
        }
    }

    #[test]
    fn weekdays() {
        assert_eq!(weekday_name(Weekday::Mon), "Thứ Hai");
        assert_eq!(weekday_name(Weekday::Wed), "Thứ Tư");
        assert_eq!(weekday_name(Weekday::Sat), "Thứ Bảy");
        assert_eq!(weekday_name(Weekday::Sun), "Chủ Nhật");
        assert_eq!(weekday_short(Weekday::Mon), "T2");
        assert_eq!(weekday_short(Weekday::Sat), "T7");
        assert_eq!(weekday_short(Weekday::Sun), "CN");
        assert_eq!(weekday_name_en(Weekday::Thu), "Thursday");
        for w in ALL_DAYS {
            assert_eq!(parse_weekday(weekday_name(w)), Some(w));
            assert_eq!(parse_weekday(weekday_short(w)), Some(w));
            assert_eq!(parse_weekday(weekday_name_en(w)), Some(w));
        }
        for s in [
            "T2",
            "t2",
            "Thứ 2",
            "thứ hai",
            "Thứ Hai",
            "thu 2",
            "mon",
            "Monday",
            "T.2",
        ] {
            assert_eq!(parse_weekday(s), Some(Weekday::Mon), "{s:?}");
        }
        for s in ["CN", "Chủ nhật", "chu nhat", "Sun"] {
            assert_eq!(parse_weekday(s), Some(Weekday::Sun), "{s:?}");
        }
        assert_eq!(parse_weekday("thứ tư"), Some(Weekday::Wed));
        assert_eq!(parse_weekday("Thứ Năm"), Some(Weekday::Thu));
        assert_eq!(parse_weekday(&nfd("thứ tư")), Some(Weekday::Wed));
        assert_eq!(parse_weekday("Thu"), Some(Weekday::Thu));
        assert_eq!(parse_weekday("Thứ"), None);
        assert_eq!(parse_weekday("T8"), None);
        assert_eq!(parse_weekday(""), None);
    }

    #[test]
    fn day_ranges() {
        use Weekday::*;
        assert_eq!(parse_day_range("T2-CN"), Some(ALL_DAYS.to_vec()));
        assert_eq!(
            parse_day_range("T2 - T6"),
            Some(vec![Mon, Tue, Wed, Thu, Fri])
        );
        assert_eq!(
            parse_day_range("T2 – T6"),
            Some(vec![Mon, Tue, Wed, Thu, Fri])
        );
        assert_eq!(
            parse_day_range("thứ 2 đến chủ nhật"),
            Some(ALL_DAYS.to_vec())
        );
        assert_eq!(
            parse_day_range("Từ thứ Hai đến thứ Sáu"),
            Some(vec![Mon, Tue, Wed, Thu, Fri])
        );
        assert_eq!(
            parse_day_range("thứ tư đến thứ sáu"),
            Some(vec![Wed, Thu, Fri])
        );
        assert_eq!(parse_day_range("T7, CN"), Some(vec![Sat, Sun]));
        assert_eq!(parse_day_range("CN, T7, T7"), Some(vec![Sat, Sun]));
        assert_eq!(
            parse_day_range("Thứ Hai, Thứ Tư và Thứ Sáu"),
            Some(vec![Mon, Wed, Fri])
        );
        assert_eq!(parse_day_range("T6-T2"), Some(vec![Mon, Fri, Sat, Sun]));
        assert_eq!(parse_day_range("Mon-Thu"), Some(vec![Mon, Tue, Wed, Thu]));
        for s in ["hằng ngày", "Hàng ngày", "tất cả các ngày", "Hằng ngày"] {
            assert_eq!(parse_day_range(s), Some(ALL_DAYS.to_vec()), "{s:?}");
        }
        assert_eq!(parse_day_range(""), None);
        assert_eq!(parse_day_range("T2-T9"), None);
        assert_eq!(parse_day_range("T2, sáng"), None);
        assert_eq!(parse_day_range("T2-T4-T6"), None);
        assert_eq!(parse_day_range("T2-Thứ"), None);
        assert_eq!(parse_day_range("T2 -"), None);
        assert_eq!(
            parse_day_range(&nfd("thứ 2 đến chủ nhật")),
            Some(ALL_DAYS.to_vec())
        );
    }

    #[test]
    fn numbers_read_aloud() {
        let cases: [(u64, &str); 22] = [
            (0, "không"),
            (5, "năm"),
            (10, "mười"),
            (11, "mười một"),
            (15, "mười lăm"),
            (20, "hai mươi"),
            (21, "hai mươi mốt"),
            (24, "hai mươi tư"),
            (25, "hai mươi lăm"),
            (101, "một trăm linh một"),
            (110, "một trăm mười"),
            (1000, "một nghìn"),
            (1242, "một nghìn hai trăm bốn mươi hai"),
            (3105, "ba nghìn một trăm linh năm"),
            (2026, "hai nghìn không trăm hai mươi sáu"),
            (1_000_000, "một triệu"),
            (1_000_005, "một triệu không trăm linh năm"),
            (2_500_000, "hai triệu năm trăm nghìn"),
            (1_000_000_000, "một tỷ"),
            (1_000_000_000_000, "một nghìn tỷ"),
            (1_000_000_021, "một tỷ không trăm hai mươi mốt"),
            (15_000, "mười lăm nghìn"),
        ];
        for (n, words) in cases {
            assert_eq!(number_words(n), words, "{n}");
        }
        // The largest input must not panic.
        assert!(number_words(u64::MAX).starts_with("mười tám tỷ bốn trăm"));
        assert_eq!(percent_words(100), "một trăm phần trăm");
        assert_eq!(percent_words(45), "bốn mươi lăm phần trăm");
    }

    #[test]
    fn times_and_dates_read_aloud() {
        assert_eq!(time_words(450), "bảy giờ ba mươi");
        assert_eq!(time_words(1020), "mười bảy giờ");
        assert_eq!(time_words(1290), "hai mươi mốt giờ ba mươi");
        assert_eq!(time_words(425), "bảy giờ năm phút");
        assert_eq!(time_words(435), "bảy giờ mười lăm");
        assert_eq!(time_words(0), "không giờ");
        assert_eq!(
            date_words(ymd(2026, 5, 5)),
            "ngày mùng năm tháng năm năm hai nghìn không trăm hai mươi sáu"
        );
        assert_eq!(
            date_words(ymd(2026, 4, 10)),
            "ngày mùng mười tháng tư năm hai nghìn không trăm hai mươi sáu"
        );
        assert_eq!(
            date_words(ymd(2025, 1, 21)),
            "ngày hai mươi mốt tháng một năm hai nghìn không trăm hai mươi lăm"
        );
        assert_eq!(
            date_words(ymd(2026, 12, 24)),
            "ngày hai mươi tư tháng mười hai năm hai nghìn không trăm hai mươi sáu"
        );
    }
}
