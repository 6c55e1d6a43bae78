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
    if text.trim().is_empty() {
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
    // serde reports a repeated key at the start of its mapping; point at the
    // repetition instead, which is what the author has to delete.
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
    let (message, hint) = explain(&raw, text, line);
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
    let no_suffix = match raw.rfind(" at line ") {
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

fn explain(raw: &str, text: &str, line: usize) -> (Text, Option<Text>) {
    let (msg, path) = core_message(raw);
    let at = path.map(|p| format!(" (ở `{p}`)")).unwrap_or_default();
    let at_en = path.map(|p| format!(" (at `{p}`)")).unwrap_or_default();

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
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let valid: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
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
        let (variant, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let valid: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
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
    let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    if source_line.contains('\t') || msg.contains("cannot start any token") && text.contains('\t') {
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
    if msg.contains("did not find expected key")
        || msg.contains("mapping values are not allowed")
        || msg.contains("did not find expected '-' indicator")
        || msg.contains("did not find expected node content")
        || msg.contains("could not find expected ':'")
    {
        return (
            Text::new(
                "thụt lề hoặc dấu hai chấm không đúng, nên không đọc được cấu trúc",
                "wrong indentation or a misplaced colon, so the structure cannot be read",
            ),
            Some(Text::new(
                "Các khóa cùng cấp phải thẳng cột với nhau; mỗi khóa viết `tên: giá trị` (có dấu cách sau dấu hai chấm). Nếu giá trị có dấu hai chấm, đặt nó trong ngoặc kép.",
                "Keys of the same level must line up; write `key: value` with a space after the colon. Put a value that contains a colon in double quotes.",
            )),
        );
    }
    if msg.contains("found unknown escape character")
        || msg.contains("found unexpected end of stream")
    {
        return (
            Text::new("dấu ngoặc kép chưa được đóng hoặc có ký tự `\\` lạ", "an unclosed quote or a stray `\\`"),
            Some(Text::new(
                "Kiểm tra mỗi chuỗi mở bằng \" thì cũng đóng bằng \"; dùng ' nếu trong chuỗi có dấu \\.",
                "Check every string opened with \" is closed; use ' if it contains a \\.",
            )),
        );
    }
    (
        Text::new(format!("không đọc được YAML: {msg}"), format!("cannot read the YAML: {msg}")),
        Some(Text::new(
            "So sánh với mẫu trong README: thụt lề bằng dấu cách, `khóa: giá trị`, danh sách bắt đầu bằng `- `.",
            "Compare with the README example: indent with spaces, `key: value`, list items start with `- `.",
        )),
    )
}

fn kind_vi(serde_kind: &str) -> String {
    let k = serde_kind.trim();
    if k.starts_with("a sequence") || k == "sequence" {
        "một danh sách (các dòng bắt đầu bằng `- `)".into()
    } else if k.starts_with("struct") || k == "map" || k.starts_with("a map") {
        "một nhóm khóa `tên: giá trị`".into()
    } else if k.contains("string")
        || k.starts_with("an id")
        || k.starts_with("a time")
        || k.starts_with("days")
    {
        "một chữ/chuỗi".into()
    } else if k.contains("integer") || k.contains("u32") || k.contains("u8") || k.contains("f64") {
        "một số".into()
    } else if k.contains("boolean") {
        "true hoặc false".into()
    } else if k == "unit value" {
        "giá trị trống".into()
    } else {
        k.to_string()
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
}

impl Positions {
    /// Indexes `text`; a document that does not parse gives an empty index.
    pub fn index(text: &str) -> Positions {
        let mut b = Builder::default();
        let mut parser = Parser::new_from_str(text);
        let _ = parser.load(&mut b, false);
        Positions { map: b.map }
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
    stack: Vec<Frame>,
}

enum Frame {
    /// In a mapping; `key` is Some after a key was read and before its value.
    Map {
        path: String,
        key: Option<String>,
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
            Some(Frame::Map { path, key }) => key.take().map(|k| join(path, &k)),
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
                if let Some(Frame::Map { path, key }) = self.stack.last_mut() {
                    if key.is_none() {
                        let p = join(path, &value);
                        self.map.entry(format!("{p}.@key")).or_insert(pos);
                        *key = Some(value);
                        return;
                    }
                }
                if let Some(p) = self.next_path() {
                    self.map.entry(p).or_insert(pos);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let p = self.next_path().unwrap_or_default();
                self.map.entry(p.clone()).or_insert(pos);
                if matches!(ev, Event::MappingStart(..)) {
                    self.stack.push(Frame::Map { path: p, key: None });
                } else {
                    self.stack.push(Frame::Seq { path: p, next: 0 });
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
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
