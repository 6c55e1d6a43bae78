//! Progress numbers from spreadsheets: `stats/<campaign-id>/<YYYY-MM-DD>.csv`.
//!
//! Ward offices keep these numbers in Excel, so the format is whatever Excel
//! exports, read forgivingly but never guessed:
//!
//! * UTF-8 with or without a byte-order mark (Excel's "CSV UTF-8"), Windows
//!   or Unix line ends; separator `,` or `;` (Excel set to Vietnamese uses
//!   `;`) or tab, decided from the header line. Windows-1258/TCVN3 and UTF-16
//!   are refused with the hint from [`super::source`].
//! * The file name is the report date: `2026-04-20.csv` (`20-4-2026.csv` too).
//! * Title lines above the table are skipped. The header line is the first
//!   one with a unit column: `Đơn vị`, `Thôn`, `Tổ dân phố` (or `Khu dân cư`,
//!   `Xóm`, `Ấp`, …). `STT` and `Ghi chú` columns are ignored.
//! * Every other column is `<group> – <measure>`, in any order, with any
//!   separator, accents and case: the measure is `Đã cấp` (done), `Chưa cấp`
//!   (still to do) or `Chỉ tiêu` (target); the group is an age band as the
//!   plans write it (`Dưới 06 tuổi`, `Từ 06 đến dưới 14 tuổi`, `Từ 14 tuổi
//!   trở lên`, `6-14`) or an audience of the campaign by id or name. An
//!   optional `Định danh` or `Căn cước` (`ĐDĐT`, `CCCD`) says what is counted
//!   when a file tracks both. A group `Tổng` is a row total, checked.
//! * Numbers are whole people: `1250`, `1.250`; empty or `-` is 0.
//! * An optional last row named `Tổng` (in the unit or STT column) is checked
//!   against the sum of the rows.
//!
//! Every problem names file, line and column, in Vietnamese, with a hint.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Report as Problems, Text};
use crate::model::stats::{Band, CampaignStats, Key, Measure, Report, Row, Stats, Topic};
use crate::model::{Campaign, Date, Id};
use crate::vi;

/// Reads `dir/stats/`. Problems go to `problems`; what could be read is
/// returned either way, so one bad file does not hide the others' errors.
pub fn load(dir: &Path, campaigns: &[Campaign], problems: &mut Problems) -> Stats {
    let root = dir.join("stats");
    let mut stats = Stats::default();
    let Ok(entries) = std::fs::read_dir(&root) else {
        return stats;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if super::is_editor_temp(&path) || is_note(&path) {
            continue;
        }
        if !path.is_dir() {
            problems.push(misplaced(&path));
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        match campaigns.iter().find(|c| c.id.as_str() == name) {
            Some(c) => stats.campaigns.push(load_campaign(&path, c, problems)),
            None => problems.push(unknown_campaign(&path, name, campaigns)),
        }
    }
    stats
}

/// READMEs and notes may sit beside the numbers.
fn is_note(p: &Path) -> bool {
    p.is_file()
        && p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "md" | "txt"))
}

fn misplaced(path: &Path) -> Diagnostic {
    Diagnostic::warning(
        &super::shown(path),
        0,
        0,
        Text::new(
            "tệp này nằm ngay trong thư mục stats/ nên bị bỏ qua",
            "this file sits directly in stats/ and is ignored",
        ),
    )
    .with_hint(Text::new(
        "Đặt tệp số liệu vào thư mục con mang mã chiến dịch: stats/<mã-chiến-dịch>/2026-04-20.csv.",
        "Put report files in a folder named after the campaign: stats/<campaign-id>/2026-04-20.csv.",
    ))
}

fn unknown_campaign(path: &Path, name: &str, campaigns: &[Campaign]) -> Diagnostic {
    let ids: Vec<&str> = campaigns.iter().map(|c| c.id.as_str()).collect();
    let guess = crate::suggest::closest(name, &ids)
        .map(|g| (format!(" Có phải `{g}`?"), format!(" Did you mean `{g}`?")))
        .unwrap_or_default();
    Diagnostic::error(
        &super::shown(path),
        0,
        0,
        Text::new(
            format!("thư mục số liệu `{name}` không trùng mã chiến dịch nào"),
            format!("the stats folder `{name}` matches no campaign id"),
        ),
    )
    .with_hint(Text::new(
        format!(
            "Tên thư mục phải là tên tệp kế hoạch trong campaigns/ (bỏ .yaml): {}.{}",
            ids.join(", "),
            guess.0
        ),
        format!(
            "The folder name must be a campaign file name from campaigns/ without .yaml: {}.{}",
            ids.join(", "),
            guess.1
        ),
    ))
}

fn load_campaign(dir: &Path, campaign: &Campaign, problems: &mut Problems) -> CampaignStats {
    let mut reports: Vec<(Report, PathBuf)> = Vec::new();
    let mut note_html = None;
    for path in super::files_sorted(dir) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if super::is_editor_temp(&path) || name.starts_with("~$") {
            continue;
        }
        let shown = super::shown(&path);
        match ext.as_str() {
            "csv" => {}
            "md" if vi::fold(path.file_stem().and_then(|s| s.to_str()).unwrap_or(""))
                == "ghi chu" =>
            {
                match super::source::read(&path, &shown) {
                    Ok(t) => note_html = Some(super::markdown::to_html(&t)),
                    Err(d) => problems.push(d),
                }
                continue;
            }
            "md" | "txt" => continue,
            "xlsx" | "xls" | "ods" => {
                problems.push(
                    Diagnostic::warning(
                        &shown,
                        0,
                        0,
                        Text::new(
                            "Loa chỉ đọc tệp CSV; tệp bảng tính này bị bỏ qua",
                            "Loa reads CSV files only; this spreadsheet is ignored",
                        ),
                    )
                    .with_hint(Text::new(
                        "Trong Excel chọn Tệp > Lưu thành > “CSV UTF-8 (Được phân tách bằng dấu phẩy) (*.csv)”, đặt tên theo ngày báo cáo, ví dụ 2026-04-20.csv.",
                        "In Excel choose File > Save As > “CSV UTF-8 (Comma delimited) (*.csv)” and name it after the report date, e.g. 2026-04-20.csv.",
                    )),
                );
                continue;
            }
            _ => {
                problems.push(
                    Diagnostic::warning(
                        &shown,
                        0,
                        0,
                        Text::new(
                            "tệp không phải CSV nên bị bỏ qua",
                            "not a CSV file; ignored",
                        ),
                    )
                    .with_hint(Text::new(
                        "Thư mục này chỉ chứa các tệp số liệu dạng 2026-04-20.csv (và ghi-chu.md nếu cần).",
                        "This folder holds report files named like 2026-04-20.csv (and an optional ghi-chu.md).",
                    )),
                );
                continue;
            }
        }
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let date = match vi::parse_date(stem) {
            Ok(d) => Date(d),
            Err(e) => {
                problems.push(
                    Diagnostic::error(
                        &shown,
                        0,
                        0,
                        Text::new(
                            format!(
                                "tên tệp “{stem}” không phải ngày báo cáo: {}",
                                e.message(crate::i18n::Lang::Vi)
                            ),
                            format!(
                                "the file name “{stem}” is not a report date: {}",
                                e.message(crate::i18n::Lang::En)
                            ),
                        ),
                    )
                    .with_hint(Text::new(
                        "Đặt tên tệp theo ngày số liệu, dạng năm-tháng-ngày: 2026-04-20.csv.",
                        "Name the file after the report date, year-month-day: 2026-04-20.csv.",
                    )),
                );
                continue;
            }
        };
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                problems.push(Diagnostic::error(
                    &shown,
                    0,
                    0,
                    Text::new(
                        format!("không đọc được tệp: {e}"),
                        format!("cannot read the file: {e}"),
                    ),
                ));
                continue;
            }
        };
        if let Some((_, other)) = reports.iter().find(|(r, _)| r.date == date) {
            problems.push(
                Diagnostic::error(
                    &shown,
                    0,
                    0,
                    Text::new(
                        format!(
                            "đã có tệp số liệu cùng ngày {}: {}",
                            vi::date_short(date.0),
                            super::shown(other).display()
                        ),
                        format!(
                            "another file has the same report date {}: {}",
                            date.iso(),
                            super::shown(other).display()
                        ),
                    ),
                )
                .with_hint(Text::new(
                    "Mỗi ngày báo cáo một tệp; xóa hoặc đổi tên một trong hai tệp.",
                    "One file per report date; remove or rename one of them.",
                )),
            );
            continue;
        }
        if !campaign.period.contains(date) {
            problems.push(
                Diagnostic::warning(
                    &shown,
                    0,
                    0,
                    Text::new(
                        format!(
                            "ngày báo cáo {} nằm ngoài thời gian chiến dịch ({} – {})",
                            vi::date_short(date.0),
                            vi::date_short(campaign.period.start.0),
                            vi::date_short(campaign.period.end.0)
                        ),
                        format!(
                            "the report date {} is outside the campaign period ({} – {})",
                            date.iso(),
                            campaign.period.start.iso(),
                            campaign.period.end.iso()
                        ),
                    ),
                )
                .with_hint(Text::new(
                    "Kiểm tra tên tệp (năm-tháng-ngày) và thư mục chiến dịch.",
                    "Check the file name (year-month-day) and the campaign folder.",
                )),
            );
        }
        match parse(bytes, date, &shown, campaign) {
            Ok(r) => reports.push((r, path)),
            Err(ds) => problems.extend(ds),
        }
    }
    reports.sort_by_key(|(r, _)| r.date);
    CampaignStats {
        campaign: campaign.id.clone(),
        reports: reports.into_iter().map(|(r, _)| r).collect(),
        note_html,
    }
}

/// What a header cell names.
#[derive(Debug, Clone, PartialEq)]
enum Col {
    Unit,
    /// `STT`: its cells are ignored, except `Tổng`.
    Index,
    /// `Ghi chú`, or a column without header and without numbers.
    Ignored,
    Data(Key),
    /// A row total over the bands of one topic and measure.
    RowTotal(Topic, Measure),
}

/// Parses one report file (raw bytes as saved) for `campaign`.
pub fn parse(
    bytes: Vec<u8>,
    date: Date,
    file: &Path,
    campaign: &Campaign,
) -> Result<Report, Vec<Diagnostic>> {
    let text = super::source::decode(&bytes, file).map_err(|d| vec![d])?;
    let sep = sniff(&text);
    let err = |line: usize, column: usize, vi: String, en: String, hint: Option<Text>| {
        // A problem with a whole line (too few cells, no header) points at
        // its start, so every message has a line and a column.
        let column = if line > 0 { column.max(1) } else { column };
        let d = Diagnostic::error(file, line, column, Text::new(vi, en)).with_source(&text);
        match hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    };
    let lines: Vec<&str> = text.lines().collect();
    let columns_of = |line: usize| -> Vec<usize> {
        lines
            .get(line.wrapping_sub(1))
            .map(|l| field_columns(l, sep))
            .unwrap_or_default()
    };

    let records = match csv_records(text.as_bytes(), sep) {
        Ok(records) => records,
        Err((line, e)) => {
            return Err(vec![err(
                line,
                0,
                format!("không đọc được dòng CSV: {e}"),
                format!("cannot read the CSV line: {e}"),
                Some(Text::new(
                    "Mở tệp bằng Excel rồi Lưu thành CSV UTF-8 lần nữa; kiểm tra dấu ngoặc kép \" trong ô.",
                    "Open the file in Excel and save it as CSV UTF-8 again; check for stray \" quotes.",
                )),
            )]);
        }
    };

    // The header is the first line with a unit column; lines above it are titles.
    let Some(h) = records
        .iter()
        .position(|(_, cells)| cells.iter().any(|c| is_unit_header(c)))
    else {
        return Err(vec![err(
            records.first().map_or(1, |r| r.0),
            0,
            "không tìm thấy dòng tiêu đề có cột tên thôn (Đơn vị, Thôn hoặc Tổ dân phố)".into(),
            "no header line with a unit column (Đơn vị, Thôn or Tổ dân phố) was found".into(),
            Some(header_hint(campaign)),
        )]);
    };
    let (header_line, header) = records[h].clone();
    let header_cols = columns_of(header_line);
    let col_at = |cols: &[usize], i: usize| cols.get(i).copied().unwrap_or(0);

    let mut errors = Vec::new();
    let mut cols: Vec<Col> = Vec::new();
    let mut bands: BTreeMap<Id, Band> = BTreeMap::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut unit_col = None;
    for (i, cell) in header.iter().enumerate() {
        let col = if is_unit_header(cell) {
            if let Some(first) = unit_col {
                errors.push(err(
                    header_line,
                    col_at(&header_cols, i),
                    format!("có hai cột tên thôn: cột {} và cột {}", first + 1, i + 1),
                    format!(
                        "two unit columns: column {} and column {}",
                        first + 1,
                        i + 1
                    ),
                    Some(Text::new(
                        "Chỉ giữ một cột tên thôn (Đơn vị, Thôn hoặc Tổ dân phố).",
                        "Keep a single unit column.",
                    )),
                ));
            }
            unit_col = Some(i);
            Col::Unit
        } else if matches!(
            vi::fold(cell).as_str(),
            "stt" | "tt" | "so tt" | "so thu tu"
        ) {
            Col::Index
        } else if cell.is_empty() || vi::fold(cell) == "ghi chu" {
            Col::Ignored
        } else {
            match classify(cell, campaign) {
                Ok(Header::Data(topic, band, measure)) => {
                    let key = Key {
                        topic,
                        band: band.id.clone(),
                        measure,
                    };
                    bands.entry(band.id.clone()).or_insert(band);
                    Col::Data(key)
                }
                Ok(Header::RowTotal(topic, measure)) => Col::RowTotal(topic, measure),
                Err(problem) => {
                    let (vi_msg, en_msg) = problem.message(cell);
                    errors.push(err(
                        header_line,
                        col_at(&header_cols, i),
                        vi_msg,
                        en_msg,
                        Some(header_hint(campaign)),
                    ));
                    Col::Ignored
                }
            }
        };
        let identity = match &col {
            Col::Data(k) => Some(format!("{k:?}")),
            Col::RowTotal(t, m) => Some(format!("total {t:?} {m:?}")),
            _ => None,
        };
        if let Some(id) = identity {
            if let Some(first) = seen.get(&id) {
                errors.push(err(
                    header_line,
                    col_at(&header_cols, i),
                    format!(
                        "cột “{cell}” trùng nội dung với cột {} (“{}”)",
                        first + 1,
                        header[*first]
                    ),
                    format!(
                        "the column “{cell}” means the same as column {} (“{}”)",
                        first + 1,
                        header[*first]
                    ),
                    Some(Text::new(
                        "Mỗi nhóm tuổi và loại số liệu chỉ một cột; xóa hoặc sửa tên một cột.",
                        "One column per group and measure; remove or rename one of them.",
                    )),
                ));
            } else {
                seen.insert(id, i);
            }
        }
        cols.push(col);
    }
    let Some(unit_col) = unit_col else {
        return Err(errors);
    };
    if !cols.iter().any(|c| matches!(c, Col::Data(_))) && errors.is_empty() {
        errors.push(err(
            header_line,
            0,
            "dòng tiêu đề không có cột số liệu nào".into(),
            "the header line has no number columns".into(),
            Some(header_hint(campaign)),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let index_col = cols.iter().position(|c| *c == Col::Index);
    let mut rows: Vec<Row> = Vec::new();
    let mut seen_units: BTreeMap<String, usize> = BTreeMap::new();
    let mut sums: Vec<u64> = vec![0; cols.len()];
    let mut total: Option<(usize, Vec<u64>)> = None;
    for (line, cells) in &records[h + 1..] {
        let line = *line;
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let line_cols = columns_of(line);
        if cells.len() < cols.len() || cells[cols.len()..].iter().any(|c| !c.is_empty()) {
            errors.push(err(
                line,
                0,
                format!(
                    "dòng có {} ô nhưng dòng tiêu đề có {} ô",
                    cells.len(),
                    cols.len()
                ),
                format!(
                    "the line has {} cells but the header has {}",
                    cells.len(),
                    cols.len()
                ),
                Some(Text::new(
                    format!(
                        "Mỗi dòng phải có đủ {} ô như dòng tiêu đề (dòng {header_line}); kiểm tra dấu phân cách thừa hoặc thiếu.",
                        cols.len()
                    ),
                    format!(
                        "Every line needs the {} cells of the header (line {header_line}); look for a missing or extra separator.",
                        cols.len()
                    ),
                )),
            ));
            continue;
        }
        let unit = cells[unit_col].trim();
        let is_total = is_total_label(unit)
            || (unit.is_empty() && index_col.is_some_and(|i| is_total_label(&cells[i])));
        if let Some((total_line, _)) = &total {
            errors.push(err(
                line,
                0,
                format!("có dòng số liệu sau dòng Tổng (dòng {total_line})"),
                format!("a line follows the total line (line {total_line})"),
                Some(Text::new(
                    "Dòng Tổng phải là dòng cuối cùng của bảng.",
                    "The total line must be the last line of the table.",
                )),
            ));
            continue;
        }
        if unit.is_empty() && !is_total {
            errors.push(err(
                line,
                col_at(&line_cols, unit_col),
                format!(
                    "dòng có số liệu nhưng thiếu tên ở cột “{}”",
                    header[unit_col]
                ),
                format!(
                    "the line has numbers but no name in the column “{}”",
                    header[unit_col]
                ),
                Some(Text::new(
                    "Ghi tên thôn (tổ dân phố) vào ô này, hoặc xóa cả dòng nếu thừa.",
                    "Write the village name in this cell, or delete the line.",
                )),
            ));
            continue;
        }
        if !is_total {
            let folded = vi::fold(unit);
            if let Some(first) = seen_units.get(&folded) {
                errors.push(err(
                    line,
                    col_at(&line_cols, unit_col),
                    format!("“{unit}” đã có ở dòng {first}"),
                    format!("“{unit}” is already on line {first}"),
                    Some(Text::new(
                        "Mỗi thôn (tổ dân phố) chỉ một dòng; gộp số liệu hoặc sửa lại tên.",
                        "One line per village; merge the numbers or fix the name.",
                    )),
                ));
                continue;
            }
            seen_units.insert(folded, line);
        }
        let mut numbers = vec![0u64; cols.len()];
        let mut ok = true;
        for (i, col) in cols.iter().enumerate() {
            if !matches!(col, Col::Data(_) | Col::RowTotal(..)) {
                continue;
            }
            match parse_count(&cells[i]) {
                Ok(n) => numbers[i] = n,
                Err(p) => {
                    ok = false;
                    let (vi_msg, en_msg, hint) = p.describe(&cells[i], &header[i]);
                    errors.push(err(line, col_at(&line_cols, i), vi_msg, en_msg, Some(hint)));
                }
            }
        }
        if !ok {
            continue;
        }
        // Row totals (`Tổng – Chưa cấp`) must equal the sum of their bands.
        for (i, col) in cols.iter().enumerate() {
            let Col::RowTotal(topic, measure) = col else {
                continue;
            };
            let parts: Vec<usize> = cols
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    matches!(c, Col::Data(k) if k.topic == *topic && k.measure == *measure)
                })
                .map(|(j, _)| j)
                .collect();
            let sum: u64 = parts.iter().map(|j| numbers[*j]).sum();
            if !parts.is_empty() && sum != numbers[i] {
                errors.push(err(
                    line,
                    col_at(&line_cols, i),
                    format!(
                        "cột “{}” ghi {} nhưng cộng các nhóm được {}",
                        header[i],
                        thousands(numbers[i]),
                        thousands(sum)
                    ),
                    format!(
                        "the column “{}” says {} but its groups add up to {}",
                        header[i], numbers[i], sum
                    ),
                    Some(Text::new(
                        "Kiểm tra công thức cộng trong Excel, rồi xuất lại CSV.",
                        "Check the sum formula in Excel and export the CSV again.",
                    )),
                ));
            }
        }
        if is_total {
            total = Some((line, numbers));
            continue;
        }
        for (i, n) in numbers.iter().enumerate() {
            sums[i] += n;
        }
        let values = cols
            .iter()
            .zip(&numbers)
            .filter_map(|(c, n)| match c {
                Col::Data(k) => Some((k.clone(), *n)),
                _ => None,
            })
            .collect();
        rows.push(Row {
            unit: unit.to_string(),
            line,
            values,
        });
    }
    if let Some((line, numbers)) = &total {
        if errors.is_empty() {
            let line_cols = columns_of(*line);
            for (i, col) in cols.iter().enumerate() {
                if matches!(col, Col::Data(_) | Col::RowTotal(..)) && numbers[i] != sums[i] {
                    errors.push(err(
                        *line,
                        col_at(&line_cols, i),
                        format!(
                            "dòng Tổng ghi {} ở cột “{}” nhưng cộng các dòng được {}",
                            thousands(numbers[i]),
                            header[i],
                            thousands(sums[i])
                        ),
                        format!(
                            "the total line says {} in the column “{}” but the lines add up to {}",
                            numbers[i], header[i], sums[i]
                        ),
                        Some(Text::new(
                            "Kiểm tra công thức SUM trong Excel có lấy đủ các dòng không, rồi xuất lại CSV. Có thể xóa dòng Tổng: Loa tự cộng.",
                            "Check that the SUM formula in Excel covers every line, then export again. The total line may also be deleted: Loa adds up itself.",
                        )),
                    ));
                }
            }
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(err(
            header_line,
            0,
            "tệp không có dòng số liệu nào dưới dòng tiêu đề".into(),
            "the file has no data line under the header".into(),
            Some(Text::new(
                "Mỗi thôn (tổ dân phố) một dòng dưới dòng tiêu đề.",
                "One line per village under the header line.",
            )),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut bands: Vec<Band> = bands.into_values().collect();
    bands.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    let topics: BTreeSet<Topic> = cols
        .iter()
        .filter_map(|c| match c {
            Col::Data(k) => Some(k.topic),
            _ => None,
        })
        .collect();
    Ok(Report {
        date,
        source: bytes,
        unit_label: header[unit_col].clone(),
        bands,
        topics: topics.into_iter().collect(),
        rows,
    })
}

fn thousands(n: u64) -> String {
    crate::render::view::thousands(n)
}

/// The separator of the header line (the first line that, split by it, has
/// a unit column): `;` when Excel is set to Vietnamese, `,` otherwise. Title
/// lines above the header may hold any punctuation, so they are not counted.
/// Without a header, the separator commonest in the first line wins.
fn sniff(text: &str) -> u8 {
    const SEPS: [u8; 3] = [b',', b';', b'\t'];
    for line in text.lines().take(50) {
        let best = SEPS
            .iter()
            .map(|sep| (*sep, split_naive(line, *sep)))
            .filter(|(_, cells)| cells.iter().any(|c| is_unit_header(c)))
            .max_by_key(|(sep, cells)| (cells.len(), *sep == b','));
        if let Some((sep, _)) = best {
            return sep;
        }
    }
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    SEPS.iter()
        .map(|sep| (*sep, split_naive(line, *sep).len()))
        .max_by_key(|(sep, n)| (*n, *sep == b','))
        .map_or(b',', |(sep, _)| sep)
}

thread_local! {
    /// One CSV reader per separator and thread, reset for each file:
    /// building one (its state machine) cost more than reading a whole
    /// report. (Not cloned: csv-core's `Clone` drops the machine's states.)
    static CSV_READERS: std::cell::RefCell<Vec<(u8, csv_core::Reader)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// A CSV record: the line it starts on and its cells.
type Record = (usize, Vec<String>);

/// The records of a CSV text with the line each starts on, cells trimmed;
/// line numbers as the `csv` crate reports them (the line after the
/// previous record's end). An error is a line and what is wrong.
fn csv_records(input: &[u8], sep: u8) -> Result<Vec<Record>, (usize, String)> {
    CSV_READERS.with(|r| {
        let mut r = r.borrow_mut();
        let i = match r.iter().position(|(s, _)| *s == sep) {
            Some(i) => i,
            None => {
                r.push((sep, csv_core::ReaderBuilder::new().delimiter(sep).build()));
                r.len() - 1
            }
        };
        let core = &mut r[i].1;
        core.reset();
        read_records(core, input)
    })
}

fn read_records(core: &mut csv_core::Reader, input: &[u8]) -> Result<Vec<Record>, (usize, String)> {
    use csv_core::ReadRecordResult;
    let mut records = Vec::new();
    // Unquoted output is never longer than the input.
    let mut out = vec![0u8; input.len() + 1];
    let mut ends = vec![0usize; 64];
    let (mut pos, mut outlen, mut endlen) = (0, 0, 0);
    let mut line = 1u64;
    let mut start_line = line;
    loop {
        let (res, nin, nout, nend) =
            core.read_record(&input[pos..], &mut out[outlen..], &mut ends[endlen..]);
        pos += nin;
        outlen += nout;
        endlen += nend;
        line = core.line();
        match res {
            ReadRecordResult::InputEmpty => {}
            ReadRecordResult::OutputFull => out.resize(out.len() * 2 + 1, 0),
            ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            ReadRecordResult::Record => {
                let mut cells = Vec::with_capacity(endlen);
                let mut from = 0;
                for &end in &ends[..endlen] {
                    let cell = std::str::from_utf8(&out[from..end])
                        .map_err(|e| (start_line as usize, e.to_string()))?;
                    cells.push(cell.trim().to_string());
                    from = end;
                }
                records.push((start_line as usize, cells));
                (outlen, endlen, start_line) = (0, 0, line);
            }
            ReadRecordResult::End => return Ok(records),
        }
    }
}

/// Cells of one line, honouring quotes; enough to recognise a header.
fn split_naive(line: &str, sep: u8) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && c == char::from(sep) {
            cells.push(String::new());
        } else if let Some(last) = cells.last_mut() {
            last.push(c);
        }
    }
    cells
}

/// 1-based character column where each field of `line` starts.
fn field_columns(line: &str, sep: u8) -> Vec<usize> {
    let mut out = vec![1];
    let mut quoted = false;
    for (i, c) in line.chars().enumerate() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && c == char::from(sep) {
            out.push(i + 2);
        }
    }
    out
}

const UNIT_HEADERS: &[&str] = &[
    "don vi",
    "ten don vi",
    "thon",
    "ten thon",
    "to dan pho",
    "ten to dan pho",
    "tdp",
    "thon to dan pho",
    "thon tdp",
    "khu dan cu",
    "khu pho",
    "xom",
    "to",
    "ap",
    "ban",
    "lang",
    "dia ban",
];

fn is_unit_header(cell: &str) -> bool {
    UNIT_HEADERS.contains(&vi::fold(cell).as_str())
}

fn is_total_label(cell: &str) -> bool {
    matches!(
        vi::fold(cell).as_str(),
        "tong" | "tong cong" | "cong" | "tong so"
    )
}

/// What a data header means.
#[derive(Debug)]
enum Header {
    Data(Topic, Band, Measure),
    RowTotal(Topic, Measure),
}

/// Why a header could not be read.
#[derive(Debug, PartialEq)]
enum HeaderProblem {
    NoMeasure,
    TwoMeasures,
    TwoTopics,
    NoGroup,
    UnknownGroup(String),
}

impl HeaderProblem {
    fn message(&self, cell: &str) -> (String, String) {
        match self {
            HeaderProblem::NoMeasure => (
                format!("tiêu đề cột “{cell}” thiếu loại số liệu (Đã cấp, Chưa cấp hoặc Chỉ tiêu)"),
                format!(
                    "the column header “{cell}” lacks a measure (Đã cấp, Chưa cấp or Chỉ tiêu)"
                ),
            ),
            HeaderProblem::TwoMeasures => (
                format!("tiêu đề cột “{cell}” có hai loại số liệu"),
                format!("the column header “{cell}” names two measures"),
            ),
            HeaderProblem::TwoTopics => (
                format!("tiêu đề cột “{cell}” ghi cả Định danh và Căn cước"),
                format!("the column header “{cell}” names both identity and card"),
            ),
            HeaderProblem::NoGroup => (
                format!("tiêu đề cột “{cell}” thiếu nhóm tuổi hoặc đối tượng"),
                format!("the column header “{cell}” lacks an age band or audience"),
            ),
            HeaderProblem::UnknownGroup(g) => (
                format!("không nhận ra nhóm “{g}” trong tiêu đề cột “{cell}”"),
                format!("the group “{g}” in the column header “{cell}” is not known"),
            ),
        }
    }
}

fn header_hint(campaign: &Campaign) -> Text {
    let ids: Vec<&str> = campaign.audiences.iter().map(|a| a.id.as_str()).collect();
    Text::new(
        format!(
            "Dòng tiêu đề gồm cột “Thôn” (hoặc “Đơn vị”, “Tổ dân phố”) rồi các cột “nhóm tuổi – loại số liệu”, ví dụ “Dưới 06 tuổi – Đã cấp”, “Từ 06 đến dưới 14 tuổi – Chưa cấp”, “Từ 14 tuổi trở lên – Chỉ tiêu”; thêm “Định danh” hoặc “Căn cước” ở đầu nếu bảng có cả hai. Nhóm cũng có thể là mã đối tượng trong kế hoạch: {}.",
            ids.join(", ")
        ),
        format!(
            "The header is a unit column (“Thôn”, “Đơn vị” or “Tổ dân phố”) then columns “age band – measure”, e.g. “Dưới 06 tuổi – Đã cấp”, “Từ 06 đến dưới 14 tuổi – Chưa cấp”, “Từ 14 tuổi trở lên – Chỉ tiêu”; prefix “Định danh” or “Căn cước” when the table has both. A group may also be an audience id of the plan: {}.",
            ids.join(", ")
        ),
    )
}

const MEASURES: &[(&str, Measure)] = &[
    ("chi tieu", Measure::Target),
    ("ke hoach", Measure::Target),
    ("muc tieu", Measure::Target),
    ("can cap", Measure::Target),
    ("da thu nhan", Measure::Issued),
    ("da kich hoat", Measure::Issued),
    ("da duoc cap", Measure::Issued),
    ("da cap", Measure::Issued),
    ("da lam", Measure::Issued),
    ("da co", Measure::Issued),
    ("hoan thanh", Measure::Issued),
    ("ket qua", Measure::Issued),
    ("chua kich hoat", Measure::Remaining),
    ("chua duoc cap", Measure::Remaining),
    ("chua cap", Measure::Remaining),
    ("chua lam", Measure::Remaining),
    ("chua co", Measure::Remaining),
    ("con lai", Measure::Remaining),
    ("con thieu", Measure::Remaining),
];

const TOPICS: &[(&str, Topic)] = &[
    ("tai khoan dinh danh dien tu muc do 2", Topic::Identity),
    ("tai khoan dinh danh dien tu muc 2", Topic::Identity),
    ("tai khoan dinh danh dien tu", Topic::Identity),
    ("tai khoan dinh danh", Topic::Identity),
    ("dinh danh dien tu muc do 2", Topic::Identity),
    ("dinh danh dien tu muc 2", Topic::Identity),
    ("dinh danh dien tu", Topic::Identity),
    ("dinh danh muc do 2", Topic::Identity),
    ("dinh danh muc 2", Topic::Identity),
    ("dinh danh", Topic::Identity),
    ("dddt muc do 2", Topic::Identity),
    ("dddt muc 2", Topic::Identity),
    ("dddt", Topic::Identity),
    ("ddt", Topic::Identity),
    ("muc do 2", Topic::Identity),
    ("muc 2", Topic::Identity),
    ("the can cuoc cong dan", Topic::Card),
    ("can cuoc cong dan", Topic::Card),
    ("the can cuoc", Topic::Card),
    ("can cuoc", Topic::Card),
    ("cccd", Topic::Card),
    ("cc", Topic::Card),
];

/// Words that only say "number of people" and carry no meaning here.
const FILLERS: &[&str] = &[
    "so luong",
    "so nguoi",
    "so",
    "nguoi",
    "cong dan",
    "tre em",
    "tre",
    "do tuoi",
    "nhom tuoi",
    "nhom",
];

/// Folded words with leading zeros dropped from numbers, so `06` is `6`.
fn words(s: &str) -> Vec<String> {
    vi::fold(s)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.bytes().all(|b| b.is_ascii_digit()) {
                let t = w.trim_start_matches('0');
                if t.is_empty() { "0" } else { t }.to_string()
            } else {
                w.to_string()
            }
        })
        .collect()
}

/// Removes the first whole-word occurrence of `phrase` from `ws`.
fn take(ws: &mut Vec<String>, phrase: &[String]) -> bool {
    if phrase.is_empty() || phrase.len() > ws.len() {
        return false;
    }
    match (0..=ws.len() - phrase.len()).find(|&i| ws[i..i + phrase.len()] == *phrase) {
        Some(i) => {
            ws.drain(i..i + phrase.len());
            true
        }
        None => false,
    }
}

/// [`words`] of the fixed phrase tables, worked out once per process:
/// every header cell of every report is matched against all of them.
struct FixedWords {
    measures: Vec<Vec<String>>,
    topics: Vec<Vec<String>>,
    fillers: Vec<Vec<String>>,
}

fn fixed_words() -> &'static FixedWords {
    static FIXED: std::sync::OnceLock<FixedWords> = std::sync::OnceLock::new();
    FIXED.get_or_init(|| FixedWords {
        measures: MEASURES.iter().map(|(p, _)| words(p)).collect(),
        topics: TOPICS.iter().map(|(p, _)| words(p)).collect(),
        fillers: FILLERS.iter().map(|f| words(f)).collect(),
    })
}

/// Reads a data header: an audience (by id or name) is looked for first,
/// since audience names may contain measure words ("đã có căn cước"); then
/// the measure, the topic, and what is left is the age band.
fn classify(cell: &str, campaign: &Campaign) -> Result<Header, HeaderProblem> {
    let mut ws = words(cell);
    let mut audience = None;
    let mut phrases: Vec<(Vec<String>, &crate::model::Audience)> = campaign
        .audiences
        .iter()
        .flat_map(|a| [(words(a.id.as_str()), a), (words(&a.name), a)])
        .collect();
    phrases.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.id.cmp(&b.1.id)));
    for (p, a) in &phrases {
        if take(&mut ws, p) {
            audience = Some(*a);
            break;
        }
    }
    let fixed = fixed_words();
    let mut measures = BTreeSet::new();
    for ((_, m), p) in MEASURES.iter().zip(&fixed.measures) {
        while take(&mut ws, p) {
            measures.insert(*m);
        }
    }
    let mut topics = BTreeSet::new();
    for ((_, t), p) in TOPICS.iter().zip(&fixed.topics) {
        while take(&mut ws, p) {
            topics.insert(*t);
        }
    }
    let measure = match measures.len() {
        0 => return Err(HeaderProblem::NoMeasure),
        1 => measures.into_iter().next().unwrap_or(Measure::Issued),
        _ => return Err(HeaderProblem::TwoMeasures),
    };
    let topic = match topics.len() {
        0 => Topic::General,
        1 => topics.into_iter().next().unwrap_or(Topic::General),
        _ => return Err(HeaderProblem::TwoTopics),
    };
    for f in &fixed.fillers {
        while take(&mut ws, f) {}
    }
    if let Some(a) = audience {
        if !ws.is_empty() {
            return Err(HeaderProblem::UnknownGroup(ws.join(" ")));
        }
        return Ok(Header::Data(topic, audience_band(a), measure));
    }
    if ws.is_empty() {
        return Err(HeaderProblem::NoGroup);
    }
    if is_total_label(&ws.join(" ")) {
        return Ok(Header::RowTotal(topic, measure));
    }
    match parse_ages(&ws) {
        Some((from, to)) => Ok(Header::Data(topic, age_band(from, to, campaign), measure)),
        None => Err(HeaderProblem::UnknownGroup(ws.join(" "))),
    }
}

/// Age bands as the plans write them: `dưới 6`, `từ 6 đến dưới 14`,
/// `từ 14 trở lên`, `6-14`. The upper age is never included.
fn parse_ages(ws: &[String]) -> Option<(Option<u8>, Option<u8>)> {
    let w: Vec<&str> = ws
        .iter()
        .map(String::as_str)
        .filter(|w| !matches!(*w, "tuoi" | "du"))
        .collect();
    let n = |s: &str| s.parse::<u8>().ok().filter(|n| *n <= 150);
    let (from, to) = match w[..] {
        ["duoi", b] => (None, n(b)?),
        ["tu", a, "tro", "len"] | [a, "tro", "len"] | ["tu", a] => {
            return Some((Some(n(a)?), None))
        }
        ["tu", a, "den", "duoi", b]
        | ["tu", a, "den", b]
        | [a, "den", "duoi", b]
        | [a, "den", b]
        | [a, b] => (Some(n(a)?), n(b)?),
        _ => return None,
    };
    let from = from.filter(|a| *a > 0);
    if from.is_some_and(|a| a >= to) {
        return None;
    }
    Some((from, Some(to)))
}

fn age_label(from: Option<u8>, to: Option<u8>) -> (String, String, String) {
    match (from, to) {
        (None, Some(b)) => (
            format!("duoi-{b}-tuoi"),
            format!("Dưới {b:02} tuổi"),
            format!("Dưới {b} tuổi"),
        ),
        (Some(a), Some(b)) => (
            format!("tu-{a}-den-duoi-{b}-tuoi"),
            format!("Từ {a:02} đến dưới {b:02} tuổi"),
            format!("{a}–{b} tuổi"),
        ),
        (Some(a), None) => (
            format!("tu-{a}-tuoi-tro-len"),
            format!("Từ {a:02} tuổi trở lên"),
            format!("Từ {a} tuổi"),
        ),
        (None, None) => (
            "moi-do-tuoi".into(),
            "Mọi độ tuổi".into(),
            "Mọi độ tuổi".into(),
        ),
    }
}

/// An age band, tied to the one audience with exactly these ages (or, when
/// several have them, to the one whose id is the band's slug).
fn age_band(from: Option<u8>, to: Option<u8>, campaign: &Campaign) -> Band {
    let (slug, label, short) = age_label(from, to);
    let same: Vec<&crate::model::Audience> = campaign
        .audiences
        .iter()
        .filter(|a| (a.age_from.filter(|x| *x > 0), a.age_to) == (from, to))
        .collect();
    let audience = match same[..] {
        [one] => Some(one.id.clone()),
        _ => same
            .iter()
            .find(|a| a.id.as_str() == slug)
            .map(|a| a.id.clone()),
    };
    Band {
        id: audience.clone().unwrap_or(Id(slug)),
        label,
        short,
        audience,
        age_from: from,
        age_to: to,
    }
}

fn audience_band(a: &crate::model::Audience) -> Band {
    let from = a.age_from.filter(|x| *x > 0);
    let (label, short) = if from.is_some() || a.age_to.is_some() {
        let (_, l, s) = age_label(from, a.age_to);
        (l, s)
    } else {
        let short: String = if a.name.chars().count() > 18 {
            format!("{}…", a.name.chars().take(17).collect::<String>())
        } else {
            a.name.clone()
        };
        (a.name.clone(), short)
    };
    Band {
        id: a.id.clone(),
        label,
        short,
        audience: Some(a.id.clone()),
        age_from: from,
        age_to: a.age_to,
    }
}

/// Why a cell is not a count of people.
#[derive(Debug, PartialEq)]
enum CountProblem {
    NotANumber,
    Negative,
    NotWhole,
    Formula,
    TooLarge,
}

impl CountProblem {
    fn describe(&self, cell: &str, header: &str) -> (String, String, Text) {
        let plain = Text::new(
            "Chỉ ghi số người, ví dụ 125 hoặc 1.250; để trống hoặc ghi 0 nếu không có.",
            "Write a number of people, e.g. 125 or 1.250; leave empty or write 0 for none.",
        );
        match self {
            CountProblem::NotANumber => (
                format!("ô “{cell}” ở cột “{header}” không phải là số"),
                format!("the cell “{cell}” in the column “{header}” is not a number"),
                plain,
            ),
            CountProblem::Negative => (
                format!("số âm “{cell}” ở cột “{header}”"),
                format!("a negative number “{cell}” in the column “{header}”"),
                Text::new(
                    "Số người không thể âm; kiểm tra công thức trừ trong Excel.",
                    "A number of people cannot be negative; check the subtraction in Excel.",
                ),
            ),
            CountProblem::NotWhole => (
                format!("“{cell}” ở cột “{header}” không phải số nguyên"),
                format!("“{cell}” in the column “{header}” is not a whole number"),
                plain,
            ),
            CountProblem::Formula => (
                format!("ô ở cột “{header}” có lỗi công thức Excel “{cell}”"),
                format!("the cell in the column “{header}” holds the Excel error “{cell}”"),
                Text::new(
                    "Sửa công thức trong Excel (ô báo lỗi #…), rồi xuất lại CSV.",
                    "Fix the formula in Excel (the cell showing #…), then export again.",
                ),
            ),
            CountProblem::TooLarge => (
                format!("số “{cell}” ở cột “{header}” quá lớn"),
                format!("the number “{cell}” in the column “{header}” is too large"),
                plain,
            ),
        }
    }
}

/// A count as Excel exports it: `1250`, `1.250` or `1,250` (groups of
/// three), `1 250`; empty or a dash means none.
fn parse_count(cell: &str) -> Result<u64, CountProblem> {
    let s: String = cell
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\u{a0}' | '\u{202f}'))
        .collect();
    if s.is_empty() || matches!(s.as_str(), "-" | "–" | "—") {
        return Ok(0);
    }
    if s.starts_with('#') {
        return Err(CountProblem::Formula);
    }
    if let Some(rest) = s.strip_prefix('-') {
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(CountProblem::Negative);
        }
    }
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let whole = |t: &str| t.parse::<u64>().map_err(|_| CountProblem::TooLarge);
    if digits(&s) {
        return whole(&s);
    }
    for sep in ['.', ',', ' '] {
        let groups: Vec<&str> = s.split(sep).collect();
        if groups.len() < 2 || !groups.iter().all(|g| digits(g)) {
            continue;
        }
        let grouped = groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
        if grouped && groups[0] != "0" {
            return whole(&groups.concat());
        }
        if sep != ' ' && groups.len() == 2 {
            return Err(CountProblem::NotWhole);
        }
    }
    Err(CountProblem::NotANumber)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn campaign() -> Campaign {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/content/gia-phuc/campaigns/can-cuoc-dinh-danh-2026.yaml"
        ))
        .expect("sample plan");
        let mut c: Campaign =
            crate::load::yaml::parse(Path::new("x.yaml"), &text).expect("sample plan parses");
        c.id = Id("can-cuoc-dinh-danh-2026".into());
        c
    }

    fn date() -> Date {
        Date(chrono::NaiveDate::from_ymd_opt(2026, 4, 20).expect("date"))
    }

    fn ok(text: &[u8]) -> Report {
        match parse(text.to_vec(), date(), Path::new("s.csv"), &campaign()) {
            Ok(r) => r,
            Err(ds) => panic!(
                "{}",
                ds.iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }

    fn bad(text: &[u8]) -> Vec<Diagnostic> {
        parse(text.to_vec(), date(), Path::new("s.csv"), &campaign()).expect_err("must fail")
    }

    fn value(r: &Report, unit: &str, band: &str, m: Measure) -> u64 {
        let key = Key {
            topic: r.topics[0],
            band: Id(band.into()),
            measure: m,
        };
        r.row(unit).expect("unit").values[&key]
    }

    #[test]
    fn headers_fold_accents_case_spacing_and_order() {
        let c = campaign();
        let h = |s: &str| match classify(s, &c) {
            Ok(Header::Data(t, b, m)) => (t, b.id.0, m),
            other => panic!("{s}: {other:?}"),
        };
        let six = "tu-6-den-duoi-14-tuoi".to_string();
        assert_eq!(
            h("Từ 06 đến dưới 14 tuổi – Đã cấp"),
            (Topic::General, six.clone(), Measure::Issued)
        );
        assert_eq!(
            h("TU 6 DEN DUOI 14 TUOI - da cap"),
            (Topic::General, six.clone(), Measure::Issued)
        );
        assert_eq!(
            h("Chưa cấp | 6-14"),
            (Topic::General, six.clone(), Measure::Remaining)
        );
        assert_eq!(
            h("tu-6-den-duoi-14-tuoi – Chỉ tiêu"),
            (Topic::General, six.clone(), Measure::Target)
        );
        assert_eq!(
            h("ĐDĐT mức 2 – Dưới 06 tuổi – Chưa cấp"),
            (Topic::Identity, "duoi-6-tuoi".into(), Measure::Remaining)
        );
        assert_eq!(
            h("Chưa cấp CCCD – Từ 14 tuổi trở lên"),
            (Topic::Card, "tu-14-tuoi-tro-len".into(), Measure::Remaining)
        );
        // NFD (decomposed) text folds like NFC.
        assert_eq!(
            h("Đa\u{303} câ\u{301}p – Dươ\u{301}i 6 tuô\u{309}i").2,
            Measure::Issued
        );
        // An audience id holding measure words is matched before them.
        assert_eq!(h("hoc-sinh-du-thi-2026 – Đã cấp").1, "hoc-sinh-du-thi-2026");
        // Ages no audience has make a band of their own.
        assert_eq!(h("Từ 3 đến dưới 5 tuổi – Đã cấp").1, "tu-3-den-duoi-5-tuoi");
        assert!(matches!(
            classify("Tổng – Chưa cấp", &c),
            Ok(Header::RowTotal(Topic::General, Measure::Remaining))
        ));
        assert_eq!(
            classify("Dưới 6 tuổi", &c).unwrap_err(),
            HeaderProblem::NoMeasure
        );
        assert_eq!(classify("Đã cấp", &c).unwrap_err(), HeaderProblem::NoGroup);
        assert_eq!(
            classify("Đã cấp – Chưa cấp – 6-14", &c).unwrap_err(),
            HeaderProblem::TwoMeasures
        );
        assert_eq!(
            classify("Người già – Đã cấp", &c).unwrap_err(),
            HeaderProblem::UnknownGroup("gia".into())
        );
    }

    #[test]
    fn counts_as_excel_exports_them() {
        assert_eq!(parse_count("1250"), Ok(1250));
        assert_eq!(parse_count(" 1.250 "), Ok(1250));
        assert_eq!(parse_count("1,250"), Ok(1250));
        assert_eq!(parse_count("1 250 000"), Ok(1_250_000));
        assert_eq!(parse_count(""), Ok(0));
        assert_eq!(parse_count("-"), Ok(0));
        assert_eq!(parse_count("-3"), Err(CountProblem::Negative));
        assert_eq!(parse_count("1,5"), Err(CountProblem::NotWhole));
        assert_eq!(parse_count("12.50"), Err(CountProblem::NotWhole));
        assert_eq!(parse_count("mười"), Err(CountProblem::NotANumber));
        assert_eq!(parse_count("#REF!"), Err(CountProblem::Formula));
        assert_eq!(
            parse_count("99999999999999999999999"),
            Err(CountProblem::TooLarge)
        );
    }

    #[test]
    fn separator_is_sniffed_from_the_header() {
        assert_eq!(sniff("Thôn;Dưới 6 tuổi – Đã cấp;\"a,b\"\n1,2"), b';');
        assert_eq!(sniff("Thôn,Dưới 6 tuổi – Đã cấp\n"), b',');
        assert_eq!(sniff("Thôn\tDưới 6 tuổi – Đã cấp\n"), b'\t');
        // A title line full of commas above a semicolon header.
        assert_eq!(
            sniff("SỐ LIỆU, THEO THÔN, NĂM 2026\nThôn;Dưới 6 tuổi – Đã cấp;6-14 – Đã cấp\n"),
            b';'
        );
        assert_eq!(sniff("a;b,c,d\n"), b',');
        assert_eq!(field_columns("ab;\"c;d\";é;f", b';'), vec![1, 4, 10, 12]);
    }

    #[test]
    fn bom_semicolon_crlf_and_comma_give_the_same_numbers() {
        let semi = "\u{feff}STT;Thôn;Dưới 06 tuổi – Đã cấp;Dưới 06 tuổi – Chưa cấp\r\n1;Thôn Tân Lập;1.250;30\r\n2;Thôn Hòa Bình;7;\r\n;Tổng;1257;30\r\n";
        let comma = "Thôn,Dưới 06 tuổi – Đã cấp,Dưới 06 tuổi – Chưa cấp\nThôn Tân Lập,\"1,250\",30\nThôn Hòa Bình,7,0\n";
        for text in [semi, comma] {
            let r = ok(text.as_bytes());
            assert_eq!(r.rows.len(), 2);
            assert_eq!(
                value(&r, "thon tan lap", "duoi-6-tuoi", Measure::Issued),
                1250
            );
            assert_eq!(
                value(&r, "Thôn Hòa Bình", "duoi-6-tuoi", Measure::Remaining),
                0
            );
            assert_eq!(r.unit_label, "Thôn");
            assert_eq!(r.bands[0].label, "Dưới 06 tuổi");
            assert_eq!(
                r.total(Topic::General, &Id("duoi-6-tuoi".into())).target,
                Some(1287)
            );
        }
        // The download is the file exactly as saved.
        assert!(ok(semi.as_bytes()).source.starts_with(b"\xEF\xBB\xBF"));
    }

    #[test]
    fn title_lines_above_the_header_are_skipped() {
        let text = "SỐ LIỆU CÔNG DÂN CHƯA LÀM CĂN CƯỚC;;\n;;\nĐơn vị;Dưới 06 tuổi – Chưa cấp;Ghi chú\nThôn A;4;đi làm xa\n";
        let r = ok(text.as_bytes());
        assert_eq!(r.rows[0].line, 4);
        assert_eq!(r.unit_label, "Đơn vị");
    }

    #[test]
    fn a_bad_row_names_line_and_column() {
        let ds = bad(b"Th\xC3\xB4n;D\xC6\xB0\xE1\xBB\x9Bi 6 tu\xE1\xBB\x95i - \xC4\x90\xC3\xA3 c\xE1\xBA\xA5p\nTh\xC3\xB4n A;12\nTh\xC3\xB4n B;m\xC6\xB0\xE1\xBB\x9Di\n");
        assert_eq!(ds.len(), 1);
        assert_eq!((ds[0].line, ds[0].column), (3, 8));
        assert!(ds[0].message.vi.contains("không phải là số"), "{}", ds[0]);
        assert!(ds[0].hint.is_some());
        assert_eq!(ds[0].snippet.as_deref(), Some("Thôn B;mười"));

        let ds = bad("Thôn,Dưới 6 tuổi - Đã cấp\nThôn A,-4\nThôn B,1,2\nThôn A,3\n".as_bytes());
        let got: Vec<(usize, &str)> = ds.iter().map(|d| (d.line, d.message.en.as_str())).collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[0].1.contains("negative") && got[0].0 == 2);
        assert!(got[1].1.contains("3 cells") && got[1].0 == 3);
        assert!(got[2].1.contains("already on line 2") && got[2].0 == 4);
    }

    #[test]
    fn total_line_is_checked() {
        let ds = bad(
            "Thôn;Dưới 6 tuổi – Đã cấp;6-14 – Đã cấp\nThôn A;1;10\nThôn B;2;20\nTổng;3;31\n"
                .as_bytes(),
        );
        assert_eq!(ds.len(), 1);
        assert_eq!((ds[0].line, ds[0].column), (4, 8));
        assert!(
            ds[0].message.vi.contains("cộng các dòng được 30"),
            "{}",
            ds[0]
        );
        let ds = bad("Thôn;Dưới 6 tuổi – Đã cấp\nTổng;3\nThôn A;3\n".as_bytes());
        assert!(ds[0].message.vi.contains("sau dòng Tổng"), "{}", ds[0]);
        // Row totals per measure are checked too.
        let ds = bad(
            "Thôn;Dưới 6 tuổi – Chưa cấp;6-14 – Chưa cấp;Tổng – Chưa cấp\nThôn A;1;10;12\n"
                .as_bytes(),
        );
        assert!(
            ds[0].message.vi.contains("cộng các nhóm được 11"),
            "{}",
            ds[0]
        );
        ok(
            "Thôn;Dưới 6 tuổi – Chưa cấp;6-14 – Chưa cấp;Tổng – Chưa cấp\nThôn A;1;10;11\n"
                .as_bytes(),
        );
    }

    #[test]
    fn header_problems_are_reported_together() {
        let ds = bad(
            "Thôn;Người già – Đã cấp;Dưới 6 tuổi;6-14 – Đã cấp;Từ 6 đến 14 – Đã cấp\n".as_bytes(),
        );
        let cols: Vec<usize> = ds.iter().map(|d| d.column).collect();
        assert_eq!(cols, vec![6, 25, 51]);
        assert!(ds[2].message.vi.contains("trùng nội dung với cột 4"));
        let ds = bad(b"Ma;Ten\n1;2\n");
        assert!(ds[0].message.vi.contains("không tìm thấy dòng tiêu đề"));
        assert!(ds[0]
            .hint
            .as_ref()
            .is_some_and(|h| h.vi.contains("tu-6-den-duoi-14-tuoi")));
    }

    #[test]
    fn legacy_encodings_get_the_re_save_hint() {
        // "Thôn" in Windows-1258.
        let ds = bad(b"Th\xF4n;D\xFFi 6 tu\xF4i - \xD0\xE3 c\xE2p\n");
        assert!(ds[0].message.vi.contains("UTF-8"));
        let ds = bad(b"\xFF\xFET\0h\0");
        assert!(ds[0].message.en.contains("UTF-16"));
    }
}
