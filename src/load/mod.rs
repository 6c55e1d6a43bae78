//! Step 1 of the pipeline: find the site folders, read their files, and turn
//! them into a checked [`Ward`], or into a list of every problem found.

pub mod markdown;
pub mod source;
pub mod stats;
pub mod yaml;

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Report, Text};
use crate::model::validate::{self, Origin};
use crate::model::{Campaign, FrontMatter, Id, Location, Notice, Site, Ward};
use crate::vi;

/// What a folder given to `loa build` holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// One ward: the folder holding `site.yaml`.
    Single(PathBuf),
    /// Several wards, one sub-folder each, built under a province index.
    Province { dir: PathBuf, wards: Vec<PathBuf> },
}

/// Finds the site folder(s) under `root`: `root/site.yaml`,
/// `root/content/site.yaml`, or sub-folders of `root/content/` (or of
/// `root`) that each hold a `site.yaml`.
pub fn discover(root: &Path) -> Result<Layout, Diagnostic> {
    for dir in [root.to_path_buf(), root.join("content")] {
        if dir.join("site.yaml").is_file() {
            return Ok(Layout::Single(dir));
        }
    }
    for dir in [root.join("content"), root.to_path_buf()] {
        let wards = ward_dirs(&dir);
        if !wards.is_empty() {
            return Ok(Layout::Province { dir, wards });
        }
    }
    Err(Diagnostic::error(
        root,
        0,
        0,
        Text::new("không tìm thấy tệp site.yaml của phường/xã nào", "no site.yaml of any ward was found"),
    )
    .with_hint(Text::new(
        "Chạy `loa new TEN-THU-MUC` để tạo trang mẫu, hoặc chạy lệnh trong thư mục có `content/site.yaml`.",
        "Run `loa new DIR` to create a sample site, or run Loa in a folder holding `content/site.yaml`.",
    )))
}

fn ward_dirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut wards: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("site.yaml").is_file())
        .collect();
    wards.sort();
    wards
}

/// Shows paths relative to the working directory, as the author typed them.
fn shown(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// The files directly inside `dir`, sorted, so builds never depend on the
/// order the file system lists them in.
pub(crate) fn files_sorted(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

/// Content files of a ward folder with extension `ext`, in a stable order.
fn files_in(dir: &Path, ext: &str) -> Vec<PathBuf> {
    files_sorted(dir)
        .into_iter()
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == ext || (ext == "yaml" && e == "yml"))
                && !is_editor_temp(p)
        })
        .collect()
}

/// Editor leftovers (`.swp`, `~`, `.#`) are never content.
pub fn is_editor_temp(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

/// Reads and checks one ward. Every problem lands in `report`; the ward is
/// returned only when there is no error.
pub fn ward(dir: &Path, report: &mut Report) -> Option<Ward> {
    let mut texts: Vec<(PathBuf, String)> = Vec::new();
    let errors_before = report.errors().count();

    let site_path = dir.join("site.yaml");
    let site: Option<Site> = read_yaml(&site_path, report, &mut texts);

    let loc_path = dir.join("locations.yaml");
    let locations: Vec<Location> = if loc_path.is_file() {
        read_yaml(&loc_path, report, &mut texts).unwrap_or_default()
    } else {
        Vec::new()
    };

    let mut campaigns = Vec::new();
    let mut campaign_files = Vec::new();
    for path in files_in(&dir.join("campaigns"), "yaml") {
        let Some(id) = id_from_file(&path, report) else {
            continue;
        };
        if let Some(mut c) = read_yaml::<Campaign>(&path, report, &mut texts) {
            c.id = id;
            campaigns.push(c);
            campaign_files.push(path);
        }
    }
    let mut notices = Vec::new();
    let mut notice_files = Vec::new();
    for path in files_in(&dir.join("notices"), "md") {
        if let Some(n) = read_notice(&path, report, &mut texts) {
            notices.push(n);
            notice_files.push(path);
        }
    }

    let site = site?;
    if report.errors().count() > errors_before {
        return None;
    }
    // Campaign files are already in id order; notices newest first.
    let mut order: Vec<usize> = (0..notices.len()).collect();
    order.sort_by(|a, b| {
        notices[*b]
            .front
            .date
            .cmp(&notices[*a].front.date)
            .then(notices[*a].id.cmp(&notices[*b].id))
    });
    let notices: Vec<Notice> = order.iter().map(|i| notices[*i].clone()).collect();
    let notice_files: Vec<PathBuf> = order.iter().map(|i| notice_files[*i].clone()).collect();

    let mut ward = Ward {
        dir: dir.to_path_buf(),
        site,
        locations,
        campaigns,
        notices,
        stats: Default::default(),
    };
    let issues = validate::check(&ward);
    let mut has_error = false;
    for issue in issues {
        let (file, path) = match issue.origin {
            Origin::Site => (site_path.clone(), issue.path.clone()),
            Origin::Locations => (loc_path.clone(), issue.path.clone()),
            Origin::Campaign(i) => (campaign_files[i].clone(), issue.path.clone()),
            Origin::Notice(i) => (notice_files[i].clone(), issue.path.clone()),
        };
        let text = texts
            .iter()
            .find(|(p, _)| p == &file)
            .map(|(_, t)| t.as_str())
            .unwrap_or("");
        // Front matter starts on line 2 of a notice.
        let (yaml_text, line_offset) = match issue.origin {
            Origin::Notice(_) => (
                markdown::split_front_matter(text)
                    .map(|(y, _, _)| y)
                    .unwrap_or(""),
                1,
            ),
            _ => (text, 0),
        };
        let (line, column) = yaml::Positions::index(yaml_text).of(&path);
        let mut d = Diagnostic::error(&shown(&file), line + line_offset, column, issue.message)
            .with_source(text);
        d.severity = issue.severity;
        if let Some(h) = issue.hint {
            d = d.with_hint(h);
        }
        has_error |= d.is_error();
        report.push(d);
    }
    // Numbers refer to campaigns and their audiences, so they come last.
    let before = report.errors().count();
    ward.stats = stats::load(dir, &ward.campaigns, report);
    has_error |= report.errors().count() > before;
    (!has_error).then_some(ward)
}

fn read_yaml<T: serde::de::DeserializeOwned>(
    path: &Path,
    report: &mut Report,
    texts: &mut Vec<(PathBuf, String)>,
) -> Option<T> {
    let shown_path = shown(path);
    if !path.is_file() {
        report.push(
            Diagnostic::error(
                &shown_path,
                0,
                0,
                Text::new("thiếu tệp này", "this file is missing"),
            )
            .with_hint(Text::new(
                "Tạo tệp theo mẫu trong README (hoặc chạy `loa new` để xem một trang mẫu).",
                "Create it following the README (or run `loa new` for a sample site).",
            )),
        );
        return None;
    }
    let text = match source::read(path, &shown_path) {
        Ok(t) => t,
        Err(d) => {
            report.push(d);
            return None;
        }
    };
    let value = yaml::parse::<T>(&shown_path, &text);
    texts.push((path.to_path_buf(), text));
    match value {
        Ok(v) => Some(v),
        Err(d) => {
            report.push(d);
            None
        }
    }
}

/// A page name from a file name: `Lịch tăng ca.md` → `lich-tang-ca`.
fn id_from_file(path: &Path, report: &mut Report) -> Option<Id> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    match Id::parse(&vi::slugify(stem)) {
        Ok(id) => Some(id),
        Err(_) => {
            report.push(
                Diagnostic::error(
                    &shown(path),
                    0,
                    0,
                    Text::new(
                        "tên tệp không dùng được làm tên trang",
                        "the file name cannot be used as a page name",
                    ),
                )
                .with_hint(Text::new(
                    "Đặt tên tệp bằng chữ, ví dụ `dinh-danh-6-14.yaml`.",
                    "Name the file with letters, e.g. `dinh-danh-6-14.yaml`.",
                )),
            );
            None
        }
    }
}

fn read_notice(
    path: &Path,
    report: &mut Report,
    texts: &mut Vec<(PathBuf, String)>,
) -> Option<Notice> {
    let shown_path = shown(path);
    let id = id_from_file(path, report)?;
    let text = match source::read(path, &shown_path) {
        Ok(t) => t,
        Err(d) => {
            report.push(d);
            return None;
        }
    };
    texts.push((path.to_path_buf(), text.clone()));
    let Some((front, body, _)) = markdown::split_front_matter(&text) else {
        report.push(
            Diagnostic::error(&shown_path, 1, 1, Text::new("thông báo thiếu phần đầu `---` (tiêu đề, ngày)", "the notice lacks its `---` front matter (title, date)"))
                .with_source(&text)
                .with_hint(Text::new(
                    "Dòng đầu tiên là `---`, tiếp theo `title: …` và `date: 2026-04-20`, rồi một dòng `---`, sau đó mới đến nội dung.",
                    "Start with a `---` line, then `title: …` and `date: 2026-04-20`, then another `---` line, then the text.",
                )),
        );
        return None;
    };
    match yaml::parse::<FrontMatter>(&shown_path, front) {
        Ok(front) => Some(Notice {
            id,
            front,
            body_html: markdown::to_html(body),
            body_text: markdown::to_text(body),
        }),
        Err(mut d) => {
            // Positions are within the front matter, which starts on line 2.
            if d.line > 0 {
                d.line += 1;
            }
            report.push(d.with_source(&text));
            None
        }
    }
}
