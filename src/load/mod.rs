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
    if let Some(near) = near_miss_site_yaml(root) {
        let name = near
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Err(Diagnostic::error(
            &shown(&near),
            0,
            0,
            Text::new(
                format!("không tìm thấy tệp site.yaml, nhưng có tệp `{name}`"),
                format!("no site.yaml was found, but there is `{name}`"),
            ),
        )
        .with_hint(Text::new(
            format!("Đổi tên `{name}` thành `site.yaml` (Windows có thể đang ẩn phần đuôi như .txt: bật \"File name extensions\" trong File Explorer để thấy)."),
            format!("Rename `{name}` to `site.yaml` (Windows may hide endings such as .txt: turn on \"File name extensions\" in File Explorer)."),
        )));
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

/// A file that was surely meant to be `site.yaml`: `site.yaml.txt` saved by
/// Notepad, `Site.yaml`, `site.yml`.
fn near_miss_site_yaml(root: &Path) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = [root.to_path_buf(), root.join("content")]
        .iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flat_map(|entries| entries.filter_map(Result::ok).map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_lowercase();
            name != "site.yaml" && (name.starts_with("site.yaml") || name.starts_with("site.yml"))
        })
        .collect();
    found.sort();
    found.into_iter().next()
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
    // All in `dir`: ordering by name is ordering by path, without walking
    // every path's components (a ward may hold 10,000 notices).
    out.sort_unstable_by(|a, b| a.file_name().cmp(&b.file_name()));
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
    ward_for(dir, None, report, None)
}

/// Like [`ward`], plus the warnings of [`crate::model::lint`] that depend
/// on the build date (`loa build` and `loa check` pass it).
pub fn ward_on(dir: &Path, today: chrono::NaiveDate, report: &mut Report) -> Option<Ward> {
    ward_for(dir, Some(today), report, None)
}

/// Notices already parsed, kept by `loa serve` between rebuilds: a ward may
/// hold thousands, and an edit should re-read only the files that changed.
/// An entry is reused only while the file's size and modification time are
/// unchanged and the watcher has not reported the path ([`NoticeCache::forget`]).
#[derive(Default)]
pub struct NoticeCache {
    entries: std::collections::HashMap<PathBuf, CachedNotice>,
    next_serial: u64,
    /// For each notice of the last [`ward_cached`] call: its id and a serial
    /// that changes whenever its file was read again.
    pub serials: Vec<(Id, u64)>,
    /// Reuse entries without looking at the file: the caller forgets every
    /// path its watcher reports and calls [`NoticeCache::stale`] now and
    /// then. Saves a `stat` per notice on every rebuild.
    pub trust: bool,
}

struct CachedNotice {
    len: u64,
    modified: Option<std::time::SystemTime>,
    serial: u64,
    text: String,
    notice: Notice,
}

impl NoticeCache {
    /// Drops the entry of a path the watcher saw change.
    pub fn forget(&mut self, path: &Path) {
        self.entries.remove(path);
    }
    /// Drops everything (the watcher may have missed events).
    pub fn clear(&mut self) {
        self.entries.clear();
    }
    /// Files whose size or modification time no longer match their entry
    /// (changed behind the watcher's back, or gone).
    pub fn stale(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = self
            .entries
            .iter()
            .filter(|(p, e)| {
                let meta = std::fs::metadata(p).ok();
                let len = meta.as_ref().map(|m| m.len());
                let modified = meta.and_then(|m| m.modified().ok());
                len != Some(e.len) || modified != e.modified
            })
            .map(|(p, _)| p.clone())
            .collect();
        v.sort();
        v
    }
    fn text(&self, path: &Path) -> Option<&str> {
        self.entries.get(path).map(|e| e.text.as_str())
    }
}

/// [`ward`], reusing the notices of `cache` whose files did not change.
pub fn ward_cached(
    dir: &Path,
    report: &mut Report,
    cache: Option<&mut NoticeCache>,
) -> Option<Ward> {
    ward_for(dir, None, report, cache)
}

fn ward_for(
    dir: &Path,
    today: Option<chrono::NaiveDate>,
    report: &mut Report,
    mut cache: Option<&mut NoticeCache>,
) -> Option<Ward> {
    let mut texts: Vec<(PathBuf, String)> = Vec::new();
    let errors_before = report.errors().count();

    let site_path = dir.join("site.yaml");
    let site: Option<Site> = read_yaml(&site_path, report, &mut texts);

    let loc_path = dir.join("locations.yaml");
    let mut loaded = validate::Loaded::ALL;
    let locations: Vec<Location> = if loc_path.is_file() {
        let l = read_yaml(&loc_path, report, &mut texts);
        loaded.locations = l.is_some();
        l.unwrap_or_default()
    } else {
        Vec::new()
    };

    let mut campaigns = Vec::new();
    let mut campaign_files = Vec::new();
    let mut campaign_ids: Vec<(Id, PathBuf)> = Vec::new();
    for path in files_in(&dir.join("campaigns"), "yaml") {
        let Some(id) = id_from_file(&path, report) else {
            loaded.campaigns = false;
            continue;
        };
        // `Kế hoạch.yaml` and `ke-hoach.yaml` would be the same page.
        if let Some((_, first)) = campaign_ids.iter().find(|(i, _)| *i == id) {
            report.push(same_page_name(&path, first, &id));
            continue;
        }
        campaign_ids.push((id.clone(), path.clone()));
        match read_yaml::<Campaign>(&path, report, &mut texts) {
            Some(mut c) => {
                c.id = id;
                campaigns.push(c);
                campaign_files.push(path);
            }
            None => loaded.campaigns = false,
        }
    }
    let mut notices = Vec::new();
    let mut notice_files = Vec::new();
    if let Some(c) = cache.as_deref_mut() {
        c.serials.clear();
    }
    for path in files_in(&dir.join("notices"), "md") {
        let n = match cache.as_deref_mut() {
            Some(c) => read_notice_cached(&path, report, &mut texts, c),
            None => read_notice(&path, report, &mut texts),
        };
        if let Some(n) = n {
            notices.push(n);
            notice_files.push(path);
        }
    }

    // Without `site.yaml` nothing else can be checked against it; the
    // problems found so far are all there is to report.
    let site = site?;
    let load_failed = report.errors().count() > errors_before;
    // Campaign files are already in id order; notices newest first.
    // Moved, not cloned: a ward may hold thousands of notices. Indices are
    // sorted, not the notices themselves (each move copies a whole notice).
    let mut order: Vec<usize> = (0..notices.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (&notices[i], &notices[j]);
        b.front.date.cmp(&a.front.date).then(a.id.cmp(&b.id))
    });
    let mut slots: Vec<Option<(Notice, PathBuf)>> =
        notices.into_iter().zip(notice_files).map(Some).collect();
    let (notices, notice_files): (Vec<Notice>, Vec<PathBuf>) =
        order.iter().filter_map(|&i| slots[i].take()).unzip();

    let mut ward = Ward {
        dir: dir.to_path_buf(),
        site,
        locations,
        campaigns,
        notices,
        stats: Default::default(),
    };
    let mut issues = validate::check_loaded(&ward, loaded);
    if let Some(today) = today {
        issues.extend(crate::model::lint::lint(&ward, today, loaded));
    }
    let mut has_error = load_failed;
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
            .or_else(|| cache.as_deref().and_then(|c| c.text(&file)))
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
    // Numbers refer to campaigns and their audiences, so they come last;
    // with a campaign that failed to load they would only add false
    // "unknown campaign" errors.
    if loaded.campaigns {
        let before = report.errors().count();
        ward.stats = stats::load(dir, &ward.campaigns, report);
        has_error |= report.errors().count() > before;
    }
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

/// Two files whose names make the same page name.
fn same_page_name(path: &Path, first: &Path, id: &Id) -> Diagnostic {
    let first_name = first
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Diagnostic::error(
        &shown(path),
        0,
        0,
        Text::new(
            format!("tên tệp trùng tên trang `{id}` với tệp `{first_name}`"),
            format!("the file name makes the same page name `{id}` as `{first_name}`"),
        ),
    )
    .with_hint(Text::new(
        "Tên trang lấy từ tên tệp, bỏ dấu và chữ hoa; đổi tên một trong hai tệp cho khác hẳn.",
        "Page names come from file names without accents or capitals; rename one of the two files.",
    ))
}

/// A page name from a file name: `Lịch tăng ca.md` → `lich-tang-ca`.
fn id_from_file(path: &Path, report: &mut Report) -> Option<Id> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let slug = vi::slugify(stem);
    match Id::parse(&slug) {
        Ok(id) => Some(id),
        Err(_) if Id::is_reserved(&slug) => {
            report.push(
                Diagnostic::error(
                    &shown(path),
                    0,
                    0,
                    Text::new(
                        format!("tên tệp thành tên trang `{slug}`, là tên dành riêng"),
                        format!("the file name makes the page name `{slug}`, which is reserved"),
                    ),
                )
                .with_hint(Text::new(
                    format!("Tên này trùng tên hệ thống (Windows hoặc của Loa); đổi tên tệp, ví dụ `{slug}-1`."),
                    format!("The name is taken by Windows or by Loa; rename the file, e.g. `{slug}-1`."),
                )),
            );
            None
        }
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

fn read_notice_cached(
    path: &Path,
    report: &mut Report,
    texts: &mut Vec<(PathBuf, String)>,
    cache: &mut NoticeCache,
) -> Option<Notice> {
    if cache.trust {
        if let Some(e) = cache.entries.get(path) {
            cache.serials.push((e.notice.id.clone(), e.serial));
            return Some(e.notice.clone());
        }
    }
    let meta = std::fs::metadata(path).ok();
    let len = meta.as_ref().map_or(0, |m| m.len());
    let modified = meta.and_then(|m| m.modified().ok());
    if let Some(e) = cache.entries.get(path) {
        if e.len == len && e.modified == modified && modified.is_some() {
            // Its text stays in the cache, looked up only if a problem
            // points into it.
            cache.serials.push((e.notice.id.clone(), e.serial));
            return Some(e.notice.clone());
        }
    }
    cache.entries.remove(path);
    let n = read_notice(path, report, texts)?;
    let text = texts.last().map(|(_, t)| t.clone()).unwrap_or_default();
    cache.next_serial += 1;
    let serial = cache.next_serial;
    cache.serials.push((n.id.clone(), serial));
    cache.entries.insert(
        path.to_path_buf(),
        CachedNotice {
            len,
            modified,
            serial,
            text,
            notice: n.clone(),
        },
    );
    Some(n)
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
