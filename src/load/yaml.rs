//! The only module that touches a YAML library.
//!
//! serde_yaml turns text into typed structs and reports syntax and type
//! errors with a line and column. It is deprecated upstream, so everything
//! about it stays here: a maintained fork can replace it without touching the
//! model. Problems found *after* deserialising (an unknown location, an end
//! before its start) need positions too; [`Positions`] finds them with
//! yaml-rust2's event parser, which marks every node.

use std::collections::HashMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::error::{Diagnostic, Text};
use crate::suggest::closest;

/// Separates the parts of a bilingual message carried through serde's
/// `Error::custom`, which only takes a string.
const SEP: char = '\u{1f}';

/// Packs a message and a hint in both languages into one serde error string;
/// [`parse`] unpacks it into a [`Diagnostic`] with the position serde_yaml found.
pub fn de_error(vi: &str, en: &str, hint_vi: &str, hint_en: &str) -> String {
    format!("{SEP}{vi}{SEP}{en}{SEP}{hint_vi}{SEP}{hint_en}{SEP}")
}

/// Deserialises `text` (the contents of `file`) into `T`.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, Diagnostic> {
    // Only blank lines and `#` comments: a file created but not filled in.
    let blank = text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    });
    if blank {
        return Err(Diagnostic::error(
            file,
            1,
            1,
            Text::new("tệp trống, không có nội dung", "the file is empty"),
        )
        .with_hint(Text::new(
            "Điền nội dung theo mẫu trong README, hoặc xoá tệp này nếu không dùng.",
            "Fill it in following the README, or delete the file if it is not used.",
        )));
    }
    serde_yaml::from_str(text).map_err(|e| translate(file, text, &e))
}

/// Turns a serde_yaml error into words a ward officer can act on.
fn translate(file: &Path, text: &str, err: &serde_yaml::Error) -> Diagnostic {
    let (mut line, mut column) = err
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    let raw = err.to_string();
    let (message, hint) = match better_place(&raw, text) {
        Some((pos, message, hint)) => {
            (line, column) = pos;
            (message, Some(hint))
        }
        None => {
            // serde reports a repeated key at the start of its mapping; point
            // at the repetition instead, which is what the author has to delete.
            let repeated = raw
                .split("duplicate field `")
                .nth(1)
                .and_then(|r| r.split('`').next())
                .or_else(|| {
                    raw.split("duplicate entry with key \"")
                        .nth(1)
                        .and_then(|r| r.split('"').next())
                });
            if let Some((l, c)) = repeated.and_then(|key| second_occurrence(text, key)) {
                (line, column) = (l, c);
            }
            explain(&raw, text, line)
        }
    };
    // A problem serde_yaml could not place (rare: a limit reached while
    // reading) is about the document as a whole: its first line.
    if line == 0 {
        (line, column) = (1, 1);
    }
    let mut d = Diagnostic::error(file, line, column, message).with_source(text);
    if let Some(h) = hint {
        d = d.with_hint(h);
    }
    d
}

/// Line and column of the second line that starts with `key:`.
fn second_occurrence(text: &str, key: &str) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let body = l.trim_start().trim_start_matches("- ");
            let rest = body.strip_prefix(key)?;
            rest.trim_start()
                .starts_with(':')
                .then(|| (i + 1, l.len() - body.len() + 1))
        })
        .nth(1)
}

/// The message without serde_yaml's " at line N column M" suffix and its
/// `path.to.field: ` prefix.
fn core_message(raw: &str) -> (&str, Option<&str>) {
    // A packed message of ours ends with SEP; parser messages read
    // "problem at line 3 column 5, while scanning … at line 2 column 1",
    // and only the problem is worth explaining.
    let cut = if raw.contains(SEP) {
        raw.rfind(" at line ")
    } else {
        raw.find(" at line ").or_else(|| raw.find(", while "))
    };
    let no_suffix = match cut {
        Some(i) => &raw[..i],
        None => raw,
    };
    // serde_yaml writes `schedules[0].days: invalid type…`; a path has no spaces.
    if let Some((path, rest)) = no_suffix.split_once(": ") {
        if !path.contains(' ') && !path.starts_with(SEP) {
            return (rest, Some(path));
        }
    }
    (no_suffix, None)
}

/// serde_yaml's path (`schedules[0].shifts[1].end`, `.[2]` for the third
/// item of a top-level list) as a [`Positions`] path (`schedules.0.shifts.1.end`).
fn dotted(serde_path: &str) -> String {
    serde_path
        .replace('[', ".")
        .replace(']', "")
        .trim_start_matches('.')
        .to_string()
}

/// The path as a ward officer reads it: items counted from 1.
fn readable(serde_path: &str, item: &str) -> String {
    dotted(serde_path)
        .split('.')
        .filter(|s| !s.is_empty())
        .map(|seg| match seg.parse::<usize>() {
            Ok(n) => format!("{item} {}", n + 1),
            Err(_) => seg.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

/// Problems serde_yaml places at the start of the enclosing block although
/// the line to fix is elsewhere: a key written twice (point at the second
/// one), and a required key "missing" because it is indented wrongly and
/// so belongs to another block (point at where it is).
fn better_place(raw: &str, text: &str) -> Option<((usize, usize), Text, Text)> {
    let (msg, path) = core_message(raw);
    let base = path.map(dotted).unwrap_or_default();
    if let Some(rest) = msg.strip_prefix("duplicate field `") {
        let field = rest.split('`').next()?;
        let pos = Positions::index(text).duplicate(&join(&base, field))?;
        return Some((
            pos,
            Text::new(
                format!("khóa `{field}` bị viết hai lần trong cùng một mục"),
                format!("the key `{field}` is written twice in the same entry"),
            ),
            Text::new(
                format!("Xoá dòng này hoặc dòng `{field}:` ở trên (giữ lại dòng đúng)."),
                format!("Delete this line or the `{field}:` line above (keep the right one)."),
            ),
        ));
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let field = rest.split('`').next()?;
        let positions = Positions::index(text);
        // A key pushed out of its block can also break the YAML further
        // down; then the broken line is the thing to fix.
        if let Some((pos, info)) = &positions.syntax_error {
            let (message, hint) = explain(info, text, pos.0);
            // The line is out of place as a whole: point at its first letter.
            let indent = text
                .lines()
                .nth(pos.0.saturating_sub(1))
                .map_or(0, |l| l.chars().take_while(|c| *c == ' ').count());
            return Some(((pos.0, indent + 1), message, hint?));
        }
        let (pos, found_in) = positions.key_elsewhere(field, &base)?;
        let block = path.map(|p| readable(p, "mục")).unwrap_or_default();
        let block_en = path.map(|p| readable(p, "item")).unwrap_or_default();
        let (owner, owner_en) = if block.is_empty() {
            (
                "ngoài cùng của tệp".to_string(),
                "at the top of the file".to_string(),
            )
        } else {
            (format!("`{block}`"), format!("`{block_en}`"))
        };
        let now = if found_in.is_empty() {
            (
                "ngoài cùng của tệp".to_string(),
                "the top of the file".to_string(),
            )
        } else {
            (
                format!("`{}`", readable(&found_in, "mục")),
                format!("`{}`", readable(&found_in, "item")),
            )
        };
        return Some((
            pos,
            Text::new(
                format!(
                    "khóa `{field}` thụt lề sai: nó cần nằm trong {owner} nhưng đang thuộc {}",
                    now.0
                ),
                format!(
                    "the key `{field}` is indented wrongly: it belongs in {owner_en} but is read as part of {}",
                    now.1
                ),
            ),
            Text::new(
                format!("Thụt lề `{field}:` bằng đúng số dấu cách như các khóa khác của {owner}."),
                format!("Indent `{field}:` with exactly as many spaces as the other keys of {owner_en}."),
            ),
        ));
    }
    None
}

/// A value that opens a `"` and does not close it on its line swallows the
/// lines after it; whatever error follows is a symptom of that.
fn unclosed_quote(line: &str) -> bool {
    let mut v = line.trim_start();
    if let Some(rest) = v.strip_prefix("- ") {
        v = rest.trim_start();
    }
    if !v.starts_with('"') {
        if let Some((_, rest)) = v.split_once(": ") {
            v = rest.trim_start();
        }
    }
    let Some(inner) = v.strip_prefix('"') else {
        return false;
    };
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return false,
            _ => escaped = false,
        }
    }
    true
}

/// Splits serde's "`name`, expected one of `a`, `b`" (after the opening
/// backtick) into the name as written, which may itself hold backticks, and
/// the allowed names, which are Loa's own and never do.
fn name_and_allowed(rest: &str) -> (&str, Vec<&str>) {
    for marker in ["`, expected one of ", "`, expected ", "`, there are no "] {
        if let Some(i) = rest.rfind(marker) {
            let list = &rest[i + marker.len()..];
            let allowed = if marker.contains("no ") {
                Vec::new()
            } else {
                // serde lists `a`, `a` or `b`, or one of `a`, `b`, `c`.
                list.split(", ")
                    .flat_map(|n| n.split(" or "))
                    .map(|n| n.trim_matches('`'))
                    .filter(|n| !n.is_empty())
                    .collect()
            };
            return (&rest[..i], allowed);
        }
    }
    (rest.trim_end_matches('`'), Vec::new())
}

fn explain(raw: &str, text: &str, line: usize) -> (Text, Option<Text>) {
    let (msg, path) = core_message(raw);
    let at = path
        .map(|p| format!(" (ở `{}`)", readable(p, "mục")))
        .filter(|s| s != " (ở ``)")
        .unwrap_or_default();
    let at_en = path
        .map(|p| format!(" (at `{}`)", readable(p, "item")))
        .filter(|s| s != " (at ``)")
        .unwrap_or_default();

    let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    if unclosed_quote(source_line) {
        return (
            Text::new(
                "dấu ngoặc kép chưa được đóng: giá trị kéo sang cả các dòng sau",
                "an unclosed quote: the value runs on into the next lines",
            ),
            Some(Text::new(
                "Thêm dấu \" ở cuối giá trị trên dòng này.",
                "Add the closing \" at the end of the value on this line.",
            )),
        );
    }

    // Our own value types packed a bilingual message.
    if let Some(start) = msg.find(SEP) {
        let parts: Vec<&str> = msg[start..].split(SEP).collect();
        if parts.len() >= 5 {
            return (
                Text::new(format!("{}{at}", parts[1]), format!("{}{at_en}", parts[2])),
                Some(Text::new(parts[3], parts[4])),
            );
        }
    }

    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (field, valid) = name_and_allowed(rest);
        let suggestion = closest(field, &valid);
        let hint = match suggestion {
            Some(s) => Text::new(
                format!(
                    "Có phải ý bạn là `{s}`? Các khóa được dùng ở đây: {}.",
                    valid.join(", ")
                ),
                format!(
                    "Did you mean `{s}`? Keys allowed here: {}.",
                    valid.join(", ")
                ),
            ),
            None => Text::new(
                format!("Các khóa được dùng ở đây: {}.", valid.join(", ")),
                format!("Keys allowed here: {}.", valid.join(", ")),
            ),
        };
        return (
            Text::new(
                format!("khóa `{field}` không có trong mẫu{at}"),
                format!("unknown key `{field}`{at_en}"),
            ),
            Some(hint),
        );
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return (
            Text::new(
                format!("thiếu khóa bắt buộc `{field}`{at}"),
                format!("the required key `{field}` is missing{at_en}"),
            ),
            Some(Text::new(
                format!("Thêm dòng `{field}: …` vào đúng mục này (xem mẫu trong README)."),
                format!("Add a line `{field}: …` to this entry (see the README for an example)."),
            )),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return (
            Text::new(
                format!(
                    "sai kiểu dữ liệu{at}: ở đây cần {}, nhưng lại là {}",
                    kind_vi(expected),
                    kind_vi(found)
                ),
                format!("wrong kind of value{at_en}: expected {expected}, found {found}"),
            ),
            Some(type_hint(expected)),
        );
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (variant, valid) = name_and_allowed(rest);
        return (
            Text::new(
                format!("giá trị `{variant}` không hợp lệ{at}"),
                format!("`{variant}` is not an allowed value{at_en}"),
            ),
            Some(Text::new(
                format!("Chọn một trong: {}.", valid.join(", ")),
                format!("Use one of: {}.", valid.join(", ")),
            )),
        );
    }
    if msg.starts_with("duplicate entry with key") || msg.starts_with("duplicate field") {
        return (
            Text::new(
                format!("khóa bị viết hai lần{at}"),
                format!("a key is written twice{at_en}"),
            ),
            Some(Text::new(
                "Xoá một trong hai dòng trùng.",
                "Delete one of the two lines.",
            )),
        );
    }
    if source_line.contains('\t') || msg.contains("found a tab character") {
        return (
            Text::new(
                "dòng này thụt lề bằng phím Tab; YAML chỉ cho phép dấu cách",
                "this line is indented with a Tab; YAML allows only spaces",
            ),
            Some(Text::new(
                "Xoá ký tự Tab ở đầu dòng và thụt lề bằng 2 dấu cách cho mỗi cấp.",
                "Replace the Tab with spaces: 2 spaces for each level.",
            )),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let value = rest.split('`').nth(1).unwrap_or(rest);
        return (
            Text::new(
                format!("giá trị `{value}` không hợp lệ ở đây{at}"),
                format!("the value `{value}` is not valid here{at_en}"),
            ),
            Some(Text::new(
                "Số phải là số nguyên dương vừa phải (tuổi dưới 255, số người dưới 4 tỷ); kiểm tra lỗi gõ.",
                "Numbers must be reasonable whole numbers (ages below 255); check for a typo.",
            )),
        );
    }
    match SYNTAX.iter().find(|s| s.0.iter().any(|p| msg.contains(p))) {
        Some((_, vi, en, hint_vi, hint_en)) => (
            Text::new(*vi, *en),
            Some(Text::new(*hint_vi, *hint_en)),
        ),
        // Nothing known: say so plainly in Vietnamese; the English text
        // keeps the parser's own words for whoever helps the office.
        None => (
            Text::new(
                "cấu trúc YAML ở đây không đúng nên không đọc được",
                format!("cannot read the YAML here: {msg}"),
            ),
            Some(Text::new(
                "So sánh với mẫu trong README: thụt lề bằng dấu cách, `khóa: giá trị`, danh sách bắt đầu bằng `- `. Giá trị có ký tự đặc biệt (: # & * ! | > ' \" % @ `) thì đặt trong ngoặc kép.",
                "Compare with the README example: indent with spaces, `key: value`, list items start with `- `. Put values with special characters (: # & * ! | > ' \" % @ `) in double quotes.",
            )),
        ),
    }
}

/// Parser problems by what the author did, with what to do about it:
/// (parts of the parser's message, message vi, message en, hint vi, hint en).
type Explained = (
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);
const SYNTAX: &[Explained] = &[
    (
        &[
            "did not find expected key",
            "mapping values are not allowed",
            "mapping keys are not allowed",
            "did not find expected '-' indicator",
            "did not find expected node content",
            "could not find expected ':'",
            "block sequence entries are not allowed",
            "found unexpected ':'",
        ],
        "thụt lề hoặc dấu hai chấm không đúng, nên không đọc được cấu trúc",
        "wrong indentation or a misplaced colon, so the structure cannot be read",
        "Các khóa cùng cấp phải thẳng cột với nhau; mỗi khóa viết `tên: giá trị` (có dấu cách sau dấu hai chấm). Nếu giá trị có dấu hai chấm, đặt nó trong ngoặc kép.",
        "Keys of the same level must line up; write `key: value` with a space after the colon. Put a value that contains a colon in double quotes.",
    ),
    (
        &[
            "found unknown escape character",
            "found unexpected end of stream",
            "found invalid Unicode character escape code",
            "did not find expected hexadecimal number",
            "while scanning a quoted scalar",
            "while parsing a quoted scalar",
        ],
        "dấu ngoặc kép chưa được đóng hoặc có ký tự `\\` lạ",
        "an unclosed quote or a stray `\\`",
        "Kiểm tra mỗi chuỗi mở bằng \" thì cũng đóng bằng \"; dùng ' nếu trong chuỗi có dấu \\.",
        "Check every string opened with \" is closed; use ' if it contains a \\.",
    ),
    (
        &["did not find expected ',' or ']'", "did not find expected ',' or '}'"],
        "danh sách trong ngoặc [ ] hoặc { } chưa được đóng, hoặc thiếu dấu phẩy giữa các mục",
        "a [ ] or { } list is not closed, or a comma is missing between its items",
        "Viết ví dụ `[T2, T4, T6]`: mở và đóng ngoặc trên cùng một dòng, các mục cách nhau bằng dấu phẩy.",
        "Write for example `[T2, T4, T6]`: open and close on the same line, items separated by commas.",
    ),
    (
        &[
            "did not find expected comment or line break",
            "found an indentation indicator equal to 0",
            "while scanning a block scalar",
        ],
        "có chữ thừa sau giá trị trên dòng này (hoặc sau dấu > hay |)",
        "there is extra text after the value on this line (or after > or |)",
        "Sau dấu > hoặc | phải xuống dòng, nội dung viết ở các dòng dưới, thụt lề. Nếu giá trị có dấu ngoặc kép ở giữa, đặt cả giá trị trong ngoặc đơn '…'.",
        "After > or | start a new line and write the text below, indented. If a value has quotes inside, wrap the whole value in single quotes '…'.",
    ),
    (
        &[
            "did not find expected alphabetic or numeric character",
            "unknown anchor",
            "found undefined tag handle",
            "did not find expected tag URI",
            "did not find expected whitespace or line break",
            "did not find the expected '>'",
            "did not find URI escaped octet",
            "empty YAML tag",
            "while scanning an anchor",
            "while scanning an alias",
            "while scanning a tag",
            "while parsing a tag",
            "merge",
        ],
        "giá trị bắt đầu bằng &, * hoặc ! (hoặc khóa <<) có nghĩa đặc biệt trong YAML",
        "a value starting with &, * or ! (or a << key) has a special meaning in YAML",
        "Đặt cả giá trị trong ngoặc kép, ví dụ `note: \"* Lưu ý\"`.",
        "Put the whole value in double quotes, e.g. `note: \"* Note\"`.",
    ),
    (
        &[
            "found character that cannot start any token",
            "found unexpected non-alphabetical character",
        ],
        "giá trị bắt đầu bằng ký tự không được phép (@ hoặc `)",
        "a value starts with a character YAML does not allow there (@ or `)",
        "Đặt cả giá trị trong ngoặc kép.",
        "Put the whole value in double quotes.",
    ),
    (
        &[
            "directive",
            "version number",
            "did not find expected digit or '.' character",
            "did not find expected whitespace",
            "found incompatible YAML document",
            "did not find expected <document start>",
            "found unexpected document indicator",
            "more than one document",
        ],
        "dòng bắt đầu bằng %, hoặc một dòng `---` / `...` ở giữa tệp, có nghĩa đặc biệt trong YAML",
        "a line starting with %, or a `---` / `...` line inside the file, has a special meaning in YAML",
        "Tệp .yaml chỉ có một phần: xoá các dòng `---` và `...`; giá trị bắt đầu bằng % thì đặt trong ngoặc kép.",
        "A .yaml file has one part: delete `---` and `...` lines; put values starting with % in double quotes.",
    ),
    (
        &["recursion limit exceeded", "repetition limit exceeded"],
        "tệp lồng nhau quá sâu hoặc lặp lại quá nhiều, Loa không đọc tiếp",
        "the file nests too deep or repeats too much; Loa stops reading",
        "Kế hoạch chỉ cần vài cấp thụt lề; kiểm tra các dòng bị thụt lề quá sâu hoặc dùng & và *.",
        "A plan needs only a few levels; look for runaway indentation or & and * references.",
    ),
    (
        &[
            "control characters are not allowed",
            "UTF-8",
            "UTF-16",
            "invalid Unicode character",
            "surrogate",
            "input is too long",
        ],
        "tệp có ký tự điều khiển ẩn hoặc ký tự lạ",
        "the file holds a hidden control character or an invalid character",
        "Thường do dán từ Word hoặc PDF: gõ lại dòng này bằng tay, hoặc dán vào Notepad trước rồi mới chép sang.",
        "Usually pasted from Word or a PDF: retype this line, or paste through Notepad first.",
    ),
    (
        &["EOF while parsing", "end of stream"],
        "tệp kết thúc giữa chừng",
        "the file ends in the middle of a value",
        "Kiểm tra dòng cuối: ngoặc, dấu ngoặc kép đã đóng chưa.",
        "Check the last lines: are brackets and quotes closed?",
    ),
];

fn kind_vi(serde_kind: &str) -> String {
    let k = serde_kind.trim();
    if k.starts_with("a sequence") || k == "sequence" {
        "một danh sách (các dòng bắt đầu bằng `- `)".into()
    } else if k.starts_with("struct") || k == "map" || k.starts_with("a map") {
        "một nhóm khóa `tên: giá trị`".into()
    } else if k.starts_with("a date") {
        "một ngày, ví dụ 2026-05-05".into()
    } else if k.starts_with("a time") {
        "một giờ trong ngoặc kép, ví dụ \"07:30\"".into()
    } else if k.starts_with("a link") {
        "một địa chỉ liên kết, ví dụ https://dichvucong.gov.vn".into()
    } else if k.contains("string")
        || k.starts_with("an id")
        || k.starts_with("a language")
        || k.starts_with("days")
    {
        "một chữ/chuỗi".into()
    } else if k.contains("integer")
        || k.contains("floating point")
        || k.contains("u32")
        || k.contains("u8")
        || k.contains("f64")
    {
        "một số".into()
    } else if k.contains("boolean") || k == "a boolean" {
        "true hoặc false".into()
    } else if k == "unit value" || k.contains("null") {
        "giá trị trống".into()
    } else if k.starts_with("enum") || k.starts_with("variant") {
        "một trong các giá trị cho phép".into()
    } else {
        // Never show serde's English words in the Vietnamese text.
        "một giá trị khác".into()
    }
}

fn type_hint(expected: &str) -> Text {
    if expected.starts_with("a sequence") {
        Text::new(
            "Viết mỗi mục trên một dòng bắt đầu bằng `- `, thụt lề dưới khóa.",
            "Write each item on its own line starting with `- `, indented under the key.",
        )
    } else if expected.starts_with("struct") || expected.contains("map") {
        Text::new(
            "Ở đây cần các dòng `khóa: giá trị` thụt lề bên dưới, không phải danh sách `- `.",
            "Here write indented `key: value` lines, not a `- ` list.",
        )
    } else {
        Text::new(
            "Xem mẫu trong README cho khóa này.",
            "See the README example for this key.",
        )
    }
}

/// Where each node of a YAML document starts, by dotted path
/// (`schedules.0.shifts.1.end`). Built only when a problem needs a position.
#[derive(Debug, Default)]
pub struct Positions {
    map: HashMap<String, (usize, usize)>,
    /// Second occurrences of keys written twice (`a.b.@key`).
    dups: HashMap<String, (usize, usize)>,
    /// Where the text stops being YAML, and the parser's words for why.
    syntax_error: Option<((usize, usize), String)>,
}

impl Positions {
    /// Indexes `text`; a document that does not parse is indexed up to
    /// the point where it breaks.
    pub fn index(text: &str) -> Positions {
        let mut b = Builder::default();
        let mut parser = Parser::new_from_str(text);
        let syntax_error = parser.load(&mut b, false).err().map(|e| {
            (
                (e.marker().line(), e.marker().col() + 1),
                e.info().to_string(),
            )
        });
        Positions {
            map: b.map,
            dups: b.dups,
            syntax_error,
        }
    }

    /// Where the key at `path` is written a second time.
    pub fn duplicate(&self, path: &str) -> Option<(usize, usize)> {
        self.dups.get(&format!("{path}.@key")).copied()
    }

    /// A key named `field` that is not directly inside `parent`: where it
    /// is, and the block it was read into. The closest such key after the
    /// start of `parent` is the likeliest mis-indented one.
    pub fn key_elsewhere(&self, field: &str, parent: &str) -> Option<((usize, usize), String)> {
        let start = self.of(parent);
        let own = format!("{}.@key", join(parent, field));
        let suffix = format!(".{field}.@key");
        let top = format!("{field}.@key");
        // Only a key that ended up in an enclosing block (indented too
        // little) counts; the same key in a sibling entry is its own.
        self.map
            .iter()
            .filter(|(k, _)| **k != own && (k.ends_with(&suffix) || **k == top))
            .map(|(k, pos)| {
                let owner = k[..k.len() - top.len()].trim_end_matches('.').to_string();
                (*pos, owner)
            })
            .filter(|(pos, owner)| {
                *pos >= start
                    && (owner.is_empty() || parent.starts_with(&format!("{owner}.")))
                    && owner != parent
            })
            .min()
    }

    /// Line and column of the node at `path`, or of its nearest ancestor.
    pub fn of(&self, path: &str) -> (usize, usize) {
        let mut p = path;
        loop {
            if let Some(pos) = self.map.get(p) {
                return *pos;
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => return self.map.get("").copied().unwrap_or((1, 1)),
            }
        }
    }
}

#[derive(Default)]
struct Builder {
    map: HashMap<String, (usize, usize)>,
    dups: HashMap<String, (usize, usize)>,
    stack: Vec<Frame>,
}

enum Frame {
    /// In a mapping; `key` is Some after a key was read and before its value.
    /// A mapping's position is that of its first key (where the eye looks),
    /// or of its `{` when it has none.
    Map {
        path: String,
        key: Option<String>,
        start: (usize, usize),
    },
    Seq {
        path: String,
        next: usize,
    },
}

impl Builder {
    /// Path of the node that starts now, advancing the parent.
    fn next_path(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Seq { path, next }) => {
                let p = join(path, &next.to_string());
                *next += 1;
                Some(p)
            }
            Some(Frame::Map { path, key, .. }) => key.take().map(|k| join(path, &k)),
        }
    }
}

fn join(base: &str, seg: &str) -> String {
    if base.is_empty() {
        seg.to_string()
    } else {
        format!("{base}.{seg}")
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = (mark.line(), mark.col() + 1);
        match ev {
            Event::Scalar(value, ..) => {
                // A scalar in key position of a mapping is a key.
                if let Some(Frame::Map { path, key, .. }) = self.stack.last_mut() {
                    if key.is_none() {
                        self.map.entry(path.clone()).or_insert(pos);
                        let k = format!("{}.@key", join(path, &value));
                        match self.map.entry(k) {
                            std::collections::hash_map::Entry::Occupied(e) => {
                                self.dups.entry(e.key().clone()).or_insert(pos);
                            }
                            std::collections::hash_map::Entry::Vacant(e) => {
                                e.insert(pos);
                            }
                        }
                        *key = Some(value);
                        return;
                    }
                }
                if let Some(p) = self.next_path() {
                    self.map.entry(p).or_insert(pos);
                }
            }
            Event::MappingStart(..) => {
                let p = self.next_path().unwrap_or_default();
                self.stack.push(Frame::Map {
                    path: p,
                    key: None,
                    start: pos,
                });
            }
            Event::SequenceStart(..) => {
                let p = self.next_path().unwrap_or_default();
                self.map.entry(p.clone()).or_insert(pos);
                self.stack.push(Frame::Seq { path: p, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(Frame::Map { path, start, .. }) = self.stack.pop() {
                    self.map.entry(path).or_insert(start);
                }
            }
            Event::Alias(_) => {
                if let Some(p) = self.next_path() {
                    self.map.entry(p).or_insert(pos);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Shift {
        start: String,
        end: String,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        shifts: Vec<Shift>,
    }

    #[test]
    fn positions_follow_nesting() {
        let text = "title: A\nshifts:\n  - start: \"07:30\"\n    end: \"11:30\"\n  - start: \"13:30\"\n    end: \"17:00\"\n";
        let p = Positions::index(text);
        assert_eq!(p.of("title"), (1, 8));
        assert_eq!(p.of("shifts.1.end"), (6, 10));
        assert_eq!(p.of("shifts.1.end.@key"), (6, 5));
        // Unknown deeper paths fall back to the nearest ancestor.
        assert_eq!(p.of("shifts.0.start.nope"), (3, 12));
    }

    #[test]
    fn unknown_key_suggests_the_closest() {
        let text = "title: A\nshifts:\n  - start: \"07:30\"\n    ned: \"11:30\"\n";
        let e = parse::<Doc>(Path::new("a.yaml"), text).unwrap_err();
        assert_eq!((e.line, e.column), (4, 5));
        assert!(e.message.vi.contains("`ned`"), "{}", e.message.vi);
        assert!(e.hint.as_ref().unwrap().vi.contains("`end`"));
    }

    #[test]
    fn missing_key_and_tab_are_explained() {
        let e = parse::<Doc>(
            Path::new("a.yaml"),
            "title: A\nshifts:\n  - start: \"07:30\"\n",
        )
        .unwrap_err();
        assert!(
            e.message.vi.contains("thiếu khóa bắt buộc `end`"),
            "{}",
            e.message.vi
        );
        let e = parse::<Doc>(Path::new("a.yaml"), "title: A\nshifts:\n\t- start: x\n").unwrap_err();
        assert!(e.message.vi.contains("Tab"), "{}", e.message.vi);
        assert_eq!(e.line, 3);
    }

    #[test]
    fn repeated_key_points_at_the_repetition() {
        let e = parse::<Doc>(Path::new("a.yaml"), "title: A\nshifts: []\ntitle: B\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert!(e.message.vi.contains("hai lần"), "{}", e.message.vi);
    }

    #[test]
    fn list_where_a_map_belongs() {
        let e = parse::<Doc>(Path::new("a.yaml"), "title: A\nshifts:\n  - - 1\n").unwrap_err();
        assert!(e.message.vi.contains("sai kiểu"), "{}", e.message.vi);
        assert_eq!(e.line, 3);
    }
}

#[cfg(test)]
mod syntax_tests {
    use super::*;

    #[test]
    fn keys_with_backticks_do_not_garble_the_list_of_keys() {
        let (name, allowed) =
            name_and_allowed("ti`tle`, expected one of `title`, `summary`, `days`");
        assert_eq!(name, "ti`tle");
        assert_eq!(allowed, ["title", "summary", "days"]);
        let (name, allowed) = name_and_allowed("x`, expected `title`");
        assert_eq!((name, allowed), ("x", vec!["title"]));
        let (name, allowed) = name_and_allowed("ned`, expected `start` or `end`");
        assert_eq!((name, allowed), ("ned", vec!["start", "end"]));
        let (name, allowed) = name_and_allowed("x`, there are no fields");
        assert_eq!((name, allowed.len()), ("x", 0));
    }

    #[test]
    fn unclosed_quotes_are_told_apart_from_quotes_inside_text() {
        assert!(unclosed_quote("    start: \"07:30"));
        assert!(unclosed_quote("  - \"Lưu: CAP"));
        assert!(!unclosed_quote("    start: \"07:30\""));
        assert!(!unclosed_quote("note: Ông nói \"đến sớm"));
        assert!(!unclosed_quote("title: \"A \\\" B\""));
    }

    #[test]
    fn parser_words_never_reach_the_vietnamese_text() {
        for text in [
            "title: A\nsummary: >kind x\n",
            "days: [T2, T4\n",
            "note: *ghi-chu\n",
            "note: @ban\n",
            "%YAML 9.9\n---\ntitle: A\n",
            "title: A\n---\ntitle: B\n",
            "title: \"A\\q\"\n",
        ] {
            let e = parse::<Doc>(Path::new("a.yaml"), text).unwrap_err();
            let vi = format!(
                "{} {}",
                e.message.vi,
                e.hint.as_ref().map_or("", |h| h.vi.as_str())
            );
            for w in ["while ", "did not find", "found ", " at line ", "expected"] {
                assert!(!vi.contains(w), "{text:?}: {vi}");
            }
            assert!(e.line >= 1 && e.column >= 1, "{text:?}: no position");
        }
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        summary: Option<String>,
        #[serde(default)]
        days: Vec<String>,
        #[serde(default)]
        note: Option<String>,
    }
    use serde::Deserialize;
}
