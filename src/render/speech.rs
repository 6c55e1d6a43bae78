//! Texts that leave the site: the script the ward loudspeaker reads out,
//! and the short message staff paste into Zalo or Facebook groups.
//!
//! The loudspeaker script follows the order announcers use (who, what,
//! where, when, what to bring, contact) and spells every number, time and
//! date as it is said, so whoever reads it never has to convert "07:30" or
//! "05/5/2026" on air.

use chrono::NaiveDate;

use crate::model::{Campaign, Days, Notice, Schedule, Ward};
use crate::vi;

/// Free text as it is read aloud: dates, times, ranges, percentages and
/// numbers become words; everything else stays as written.
pub fn speak(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            // "T2" → "T hai": keep a letter and the number apart.
            if out.chars().last().is_some_and(char::is_alphabetic) {
                out.push(' ');
            }
            let (words, used) = number_at(&chars[i..], &out);
            out.push_str(&words);
            i += used;
            continue;
        }
        // "6–14", "07:30 – 11:30": a dash between numbers is "đến".
        if matches!(c, '–' | '-' | '—') && between_numbers(&chars, i) {
            while out.ends_with(' ') {
                out.pop();
            }
            out.push_str(" đến ");
            i += 1;
            while chars.get(i) == Some(&' ') {
                i += 1;
            }
            continue;
        }
        if c == '%' {
            out.push_str(" phần trăm");
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

fn between_numbers(chars: &[char], i: usize) -> bool {
    let before = chars[..i].iter().rev().find(|c| **c != ' ');
    let after = chars[i + 1..].iter().find(|c| **c != ' ');
    before.is_some_and(char::is_ascii_digit) && after.is_some_and(char::is_ascii_digit)
}

/// Reads the number starting `s`: a date (05/5/2026, 07/4), a time (07:30),
/// a number with thousand dots (4.000) or a decimal comma (2,5), or a plain
/// number. Returns the words and how many characters were used. `before`
/// is the text so far, to avoid "ngày ngày".
fn number_at(s: &[char], before: &str) -> (String, usize) {
    let digits = |from: usize| s[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let value = |from: usize, n: usize| -> u64 {
        s[from..from + n].iter().fold(0u64, |v, c| {
            v.saturating_mul(10)
                .saturating_add(u64::from(*c as u8 - b'0'))
        })
    };
    let a = digits(0);
    // Only the last word matters; lowercasing all the text so far made each
    // notice cost the square of its length.
    let tail: String = {
        let t = before.trim_end();
        let start = t.char_indices().rev().nth(3).map_or(0, |(i, _)| i);
        t[start..].to_lowercase()
    };
    let after_day = tail.ends_with("ngày");
    let day_words = |text: String| {
        if after_day {
            text.trim_start_matches("ngày ").to_string()
        } else {
            text
        }
    };
    // Dates: d/m/yyyy and d/m.
    if a <= 2 && s.get(a) == Some(&'/') {
        let b = digits(a + 1);
        if (1..=2).contains(&b) {
            let (day, month) = (value(0, a), value(a + 1, b));
            let y_at = a + 1 + b + 1;
            let y = if s.get(a + 1 + b) == Some(&'/') {
                digits(y_at)
            } else {
                0
            };
            let tail_free = |at: usize| !s.get(at).is_some_and(|c| c.is_ascii_digit() || *c == '/');
            if y == 4 {
                let year = i32::try_from(value(y_at, 4)).unwrap_or(0);
                if let Some(d) = u32::try_from(month)
                    .ok()
                    .zip(u32::try_from(day).ok())
                    .and_then(|(m, d)| NaiveDate::from_ymd_opt(year, m, d))
                {
                    return (day_words(vi::date_words(d)), y_at + 4);
                }
            } else if (1..=31).contains(&day) && (1..=12).contains(&month) && tail_free(a + 1 + b) {
                let month = if month == 4 {
                    "tư".to_string()
                } else {
                    vi::number_words(month)
                };
                let text = format!(
                    "ngày {}{} tháng {month}",
                    if day <= 10 { "mùng " } else { "" },
                    vi::number_words(day)
                );
                return (day_words(text), a + 1 + b);
            }
        }
    }
    // Times: 07:30.
    if a <= 2 && s.get(a) == Some(&':') && digits(a + 1) == 2 {
        let (h, m) = (value(0, a), value(a + 1, 2));
        if h <= 24 && m < 60 {
            let minutes = u16::try_from(h * 60 + m).unwrap_or(0);
            return (vi::time_words(minutes), a + 3);
        }
    }
    // Thousand dots: 4.000, 1.242.000.
    let mut n = a;
    let mut v = value(0, a);
    if a <= 3 {
        while s.get(n) == Some(&'.') && digits(n + 1) == 3 {
            v = v.saturating_mul(1000).saturating_add(value(n + 1, 3));
            n += 4;
        }
    }
    // Decimal comma: 2,5.
    if n == a && s.get(a) == Some(&',') {
        let f = digits(a + 1);
        if (1..=2).contains(&f) && s.get(a + 1 + f).is_none_or(|c| *c != ',') {
            let frac: String = s[a + 1..a + 1 + f]
                .iter()
                .map(|c| vi::number_words(u64::from(*c as u8 - b'0')))
                .collect::<Vec<_>>()
                .join(" ");
            return (format!("{} phẩy {frac}", vi::number_words(v)), a + 1 + f);
        }
    }
    // Long runs (phone numbers, codes) read digit by digit.
    if n == a && a > 6 {
        return (digit_words(&s[..a]), a);
    }
    (vi::number_words(v), n)
}

fn digit_words(s: &[char]) -> String {
    s.iter()
        .filter(|c| c.is_ascii_digit())
        .map(|c| vi::number_words(u64::from(*c as u8 - b'0')))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A phone number read out in its printed groups: "0220 3852 113" →
/// "không hai hai không, ba tám năm hai, một một ba".
pub fn phone_words(number: &str) -> String {
    number
        .split([' ', '.', '-'])
        .filter(|g| !g.is_empty())
        .map(|g| digit_words(&g.chars().collect::<Vec<_>>()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "tất cả các ngày trong tuần, từ Thứ Hai đến Chủ Nhật".
fn days_words(d: &Days) -> String {
    if d.is_every_day() {
        return "tất cả các ngày trong tuần, từ Thứ Hai đến Chủ Nhật".to_string();
    }
    let idx: Vec<u32> = d.0.iter().map(|w| w.num_days_from_monday()).collect();
    if idx.len() >= 3 && idx.windows(2).all(|p| p[1] == p[0] + 1) {
        return format!(
            "từ {} đến {}",
            vi::weekday_name(d.0[0]),
            vi::weekday_name(d.0[d.0.len() - 1])
        );
    }
    let names: Vec<&str> = d.0.iter().map(|w| vi::weekday_name(*w)).collect();
    format!("các ngày {}", names.join(", "))
}

/// "Buổi sáng" → "buổi sáng", inside a sentence.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Ends a sentence with a full stop unless it already has one.
fn sentence(s: &str) -> String {
    let t = s.trim();
    if t.ends_with(['.', '!', '?', ':']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// What to bring to one schedule: the lists of the guides for its audiences.
pub fn bring_for(c: &Campaign, s: &Schedule) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for g in &c.guides {
        if s.audiences.is_empty() || s.audiences.contains(&g.audience) {
            for b in &g.bring {
                if !v.contains(b) {
                    v.push(b.clone());
                }
            }
        }
    }
    v
}

fn companions_for(c: &Campaign, s: &Schedule) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for g in &c.guides {
        if s.audiences.is_empty() || s.audiences.contains(&g.audience) {
            for b in &g.companions {
                if !v.contains(b) {
                    v.push(b.clone());
                }
            }
        }
    }
    v
}

/// The contact paragraph: the campaign's contacts, else the ward's phones,
/// else the office and its address.
fn contact_words(ward: &Ward, c: Option<&Campaign>) -> String {
    let site = &ward.site;
    let contacts: Vec<String> = c
        .map(|c| {
            c.contacts
                .iter()
                .map(|p| {
                    let mut s = p.name.clone();
                    if let Some(r) = &p.role {
                        s.push_str(&format!(", {r}"));
                    }
                    if let Some(n) = &p.phone {
                        s.push_str(&format!(", số điện thoại {}", phone_words(n)));
                    }
                    s
                })
                .collect()
        })
        .unwrap_or_default();
    if !contacts.is_empty() {
        return sentence(&format!(
            "Mọi thắc mắc xin liên hệ: {}",
            speak(&contacts.join("; "))
        ));
    }
    let mut s = format!("Mọi thắc mắc xin liên hệ {}", site.office);
    if let Some(a) = &site.address {
        s.push_str(&format!(", {a}"));
    }
    let phones: Vec<String> = site
        .phones
        .iter()
        .map(|p| format!("{}: {}", p.label, phone_words(&p.number)))
        .collect();
    if !phones.is_empty() {
        s.push_str(&format!(". Điện thoại {}", phones.join("; ")));
    }
    sentence(&speak(&s))
}

/// The loudspeaker script of a campaign.
pub fn campaign_script(ward: &Ward, c: &Campaign, deadline: Option<NaiveDate>) -> String {
    let mut paras: Vec<String> = Vec::new();
    // Who.
    paras.push(format!("{} xin thông báo.", ward.site.office));
    // What.
    paras.push(sentence(&speak(&format!("Về việc: {}", c.name()))));
    paras.push(sentence(&speak(&c.summary)));
    // Where and when, per schedule.
    for s in &c.schedules {
        let mut p: Vec<String> = Vec::new();
        if let Some(l) = ward.location(&s.location) {
            p.push(sentence(&speak(&format!(
                "Địa điểm: {}, {}",
                l.name, l.address
            ))));
        }
        let audiences = c.audience_names(&s.audiences);
        if !audiences.is_empty() {
            p.push(sentence(&speak(&format!(
                "Dành cho: {}",
                audiences.join("; ")
            ))));
        }
        let range = if s.start == s.end {
            vi::date_words(s.start.0)
        } else {
            format!(
                "từ {} đến {}",
                vi::date_words(s.start.0),
                vi::date_words(s.end.0)
            )
        };
        p.push(format!("Thời gian: {range}, {}.", days_words(&s.days)));
        if s.shifts.is_empty() {
            p.push("Giờ làm việc cụ thể sẽ được thông báo sau.".to_string());
        } else {
            let shifts: Vec<String> = s
                .shifts
                .iter()
                .map(|sh| {
                    format!(
                        "{} từ {} đến {}",
                        lower_first(&sh.label()),
                        vi::time_words(sh.start.minutes()),
                        vi::time_words(sh.end.minutes())
                    )
                })
                .collect();
            p.push(format!("Giờ làm việc: {}.", shifts.join("; ")));
        }
        for cl in &s.closures {
            let when = match cl.end {
                Some(e) => format!(
                    "từ {} đến {}",
                    vi::date_words(cl.date.0),
                    vi::date_words(e.0)
                ),
                None => vi::date_words(cl.date.0),
            };
            p.push(sentence(&format!("Nghỉ {when}: {}", speak(&cl.reason))));
        }
        paras.push(p.join(" "));
    }
    if let Some(d) = deadline {
        paras.push(format!("Hạn cuối là {}.", vi::date_words(d)));
    }
    // What to bring.
    let mut bring: Vec<String> = Vec::new();
    let mut companions: Vec<String> = Vec::new();
    for s in &c.schedules {
        for b in bring_for(c, s) {
            if !bring.contains(&b) {
                bring.push(b);
            }
        }
        for b in companions_for(c, s) {
            if !companions.contains(&b) {
                companions.push(b);
            }
        }
    }
    let mut p: Vec<String> = Vec::new();
    if !bring.is_empty() {
        p.push(sentence(&speak(&format!(
            "Khi đi, cần mang theo: {}",
            bring.join("; ")
        ))));
    }
    if !companions.is_empty() {
        p.push(sentence(&speak(&format!(
            "Người đi cùng: {}",
            companions.join("; ")
        ))));
    }
    if !p.is_empty() {
        paras.push(p.join(" "));
    }
    // Contact.
    paras.push(contact_words(ward, Some(c)));
    paras.push("Xin trân trọng thông báo!".to_string());
    paras.join("\n\n") + "\n"
}

/// The loudspeaker script of a notice: who, the title, the text, contact.
pub fn notice_script(ward: &Ward, n: &Notice) -> String {
    let campaign = ward.campaign_of(n);
    let mut paras: Vec<String> = vec![
        format!("{} xin thông báo.", ward.site.office),
        sentence(&speak(&n.front.title)),
    ];
    for para in n.body_text.split('\n') {
        let t = para.trim();
        if !t.is_empty() {
            paras.push(sentence(&speak(t)));
        }
    }
    paras.push(contact_words(ward, campaign));
    paras.push("Xin trân trọng thông báo!".to_string());
    paras.join("\n\n") + "\n"
}

/// The short message for chat groups of a campaign, ending with the link.
pub fn campaign_share(
    ward: &Ward,
    c: &Campaign,
    deadline: Option<NaiveDate>,
    link: &str,
) -> String {
    let mut lines = vec![format!("[{}] {}", ward.site.office, c.name())];
    let mut last_place = None;
    for s in &c.schedules {
        if last_place != Some(&s.location) {
            if let Some(l) = ward.location(&s.location) {
                lines.push(format!("Ở đâu: {}, {}", l.name, l.address));
            }
            last_place = Some(&s.location);
        }
        let mut when = format!(
            "Khi nào: {} – {}, {}",
            vi::date_short(s.start.0),
            vi::date_short(s.end.0),
            s.days.label()
        );
        if !s.shifts.is_empty() {
            let times: Vec<String> = s
                .shifts
                .iter()
                .map(|sh| format!("{}–{}", sh.start, sh.end))
                .collect();
            when.push_str(&format!("; {}", times.join(", ")));
        }
        lines.push(when);
    }
    let mut bring: Vec<String> = Vec::new();
    for s in &c.schedules {
        for b in bring_for(c, s) {
            if !bring.contains(&b) {
                bring.push(b);
            }
        }
    }
    if !bring.is_empty() {
        lines.push(format!("Mang theo: {}", bring.join("; ")));
    }
    if let Some(d) = deadline {
        lines.push(format!("Hạn chót: {}", vi::date_short(d)));
    }
    lines.push(format!("Xem chi tiết: {link}"));
    lines.join("\n") + "\n"
}

/// The short message for chat groups of a notice.
pub fn notice_share(ward: &Ward, n: &Notice, summary: &str, link: &str) -> String {
    format!(
        "[{}] {}\n{}\nNgày đăng: {}\nXem chi tiết: {link}\n",
        ward.site.office,
        n.front.title,
        summary,
        vi::date_with_weekday(n.front.date.0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_dates_and_ranges_are_spoken() {
        assert_eq!(
            speak("sáng 07:30 – 11:30"),
            "sáng bảy giờ ba mươi đến mười một giờ ba mươi"
        );
        assert_eq!(speak("trẻ 6–14 tuổi"), "trẻ sáu đến mười bốn tuổi");
        assert_eq!(
            speak("đến hết ngày 05/5/2026"),
            "đến hết ngày mùng năm tháng năm năm hai nghìn không trăm hai mươi sáu"
        );
        assert_eq!(speak("từ ngày 07/4"), "từ ngày mùng bảy tháng tư");
        // Only the last word before the number counts, in any case.
        assert_eq!(speak("Hạn: NGÀY 07/4"), "Hạn: NGÀY mùng bảy tháng tư");
        assert_eq!(
            speak("ngày nghỉ; hạn 07/4"),
            "ngày nghỉ; hạn ngày mùng bảy tháng tư"
        );
        assert_eq!(speak("hạn 20/4"), "hạn ngày hai mươi tháng tư");
        assert_eq!(speak("khoảng 4.000 người"), "khoảng bốn nghìn người");
        assert_eq!(speak("100%"), "một trăm phần trăm");
        assert_eq!(speak("Số 2 Vũ Công Đán"), "Số hai Vũ Công Đán");
        assert_eq!(speak("mức 2."), "mức hai.");
        assert_eq!(speak("2,5 km"), "hai phẩy năm km");
        assert_eq!(speak("KH-CAP không đổi"), "KH-CAP không đổi");
    }

    #[test]
    fn phone_numbers_are_read_digit_by_digit() {
        assert_eq!(
            phone_words("0220 3852 113"),
            "không hai hai không, ba tám năm hai, một một ba"
        );
        assert_eq!(
            speak("gọi 0961211369"),
            "gọi không chín sáu một hai một một ba sáu chín"
        );
    }
}
