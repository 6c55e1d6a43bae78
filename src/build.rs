//! The whole pipeline for one `loa build` or `loa check`: discover → load →
//! render → (write). A province build renders every ward it can; a ward with
//! errors keeps its previous pages and makes the build fail.
//!
//! Wards are independent, so a province build loads, renders and writes
//! them in parallel (rayon), each ward's files going to the output as soon
//! as the ward is done: memory holds a few wards at a time, not the whole
//! province. The output is the same bytes whatever the number of threads:
//! every file belongs to exactly one ward (or to the index, rendered last
//! from per-ward entries kept in folder order).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Diagnostic, Report, Text};
use crate::load::{self, Layout};
use crate::model::Site;
use crate::province::{self, WardEntry};
use crate::render::{self, Options, Theme};
use crate::write::{self, Output, Staging};

/// What a build produced.
pub struct Built {
    /// The files, for [`build`]; empty after [`build_to`], which writes
    /// each ward's files as soon as they are rendered.
    pub output: Output,
    /// Files and bytes produced (written or kept from before).
    pub files: usize,
    pub bytes: usize,
    pub report: Report,
    /// Wards rendered fresh, and wards that failed (kept from before, if any).
    pub wards_ok: Vec<String>,
    pub wards_failed: Vec<String>,
}

/// Where finished files go, from any thread.
trait Sink: Sync {
    fn put(&self, files: Output) -> io::Result<()>;
}

/// Keeps everything in memory, for [`build`].
struct Memory(Mutex<Output>);

impl Sink for Memory {
    fn put(&self, files: Output) -> io::Result<()> {
        match self.0.lock() {
            Ok(mut o) => {
                o.append(files);
                Ok(())
            }
            Err(_) => Err(io::Error::other("output lock poisoned")),
        }
    }
}

impl Sink for Staging {
    fn put(&self, files: Output) -> io::Result<()> {
        Staging::put(self, &files)
    }
}

/// Loads every ward under `root`, then renders those without errors, all
/// in memory. `previous` is the current output folder, from which failed
/// wards of a province build are carried over unchanged.
pub fn build(root: &Path, opts: Options, previous: Option<&Path>) -> Built {
    let sink = Memory(Mutex::new(Output::default()));
    let mut built = match prepare(root) {
        Ok((layout, theme)) => {
            let (mut built, io_error) = run(layout, &theme, opts, previous, &sink);
            if let Some(e) = io_error {
                built.report.push(write_error(Path::new("."), &e));
            }
            built
        }
        Err(report) => empty(report),
    };
    built.output = sink.0.into_inner().unwrap_or_default();
    built
}

fn empty(report: Report) -> Built {
    Built {
        output: Output::default(),
        files: 0,
        bytes: 0,
        report,
        wards_ok: Vec::new(),
        wards_failed: Vec::new(),
    }
}

fn prepare(root: &Path) -> Result<(Layout, Theme), Report> {
    let mut report = Report::default();
    let layout = load::discover(root).map_err(|d| {
        report.push(d);
        std::mem::take(&mut report)
    })?;
    let theme = Theme::load(root).map_err(|d| {
        report.push(d);
        std::mem::take(&mut report)
    })?;
    Ok((layout, theme))
}

/// One ward of a province build, done.
struct WardDone {
    folder: String,
    report: Report,
    /// `None` when it failed and had no previous pages to keep.
    entry: Option<WardEntry>,
    ok: bool,
    files: usize,
    bytes: usize,
    io: Option<io::Error>,
}

/// Builds into `sink`; the first write error, if any, comes back beside
/// the result, since it spoils the whole output, not one ward.
fn run(
    layout: Layout,
    theme: &Theme,
    opts: Options,
    previous: Option<&Path>,
    sink: &dyn Sink,
) -> (Built, Option<io::Error>) {
    let mut built = empty(Report::default());
    let mut io_error: Option<io::Error> = None;
    match layout {
        Layout::Single(dir) => {
            let mut report = Report::default();
            if let Some(ward) = load::ward_on(&dir, opts.today, &mut report) {
                let mut out = Output::default();
                match render::render_ward(&ward, theme, opts, &mut out, "") {
                    Ok(()) => {
                        built.wards_ok.push(ward.site.id.0.clone());
                        built.files = out.len();
                        built.bytes = out.total_bytes();
                        io_error = sink.put(out).err();
                    }
                    Err(d) => report.push(d),
                }
            }
            built.report = report;
        }
        Layout::Province { wards, .. } => {
            let done: Vec<WardDone> = wards
                .par_iter()
                .map(|dir| ward(dir, theme, opts, previous, sink))
                .collect();
            let mut entries = Vec::new();
            for d in done {
                built.report.extend(d.report.diagnostics);
                if d.ok {
                    built.wards_ok.push(d.folder);
                } else {
                    built.wards_failed.push(d.folder);
                }
                built.files += d.files;
                built.bytes += d.bytes;
                io_error = io_error.or(d.io);
                entries.extend(d.entry);
            }
            if !entries.is_empty() {
                let mut out = Output::default();
                match province::render(&entries, theme, opts, &mut out) {
                    Ok(()) => {
                        built.files += out.len();
                        built.bytes += out.total_bytes();
                        io_error = io_error.or(sink.put(out).err());
                    }
                    Err(d) => built.report.push(d),
                }
            }
        }
    }
    built.report.sort();
    (built, io_error)
}

/// Loads, checks, renders and hands over one ward of a province build; on
/// error, hands over its previous pages instead.
fn ward(
    dir: &Path,
    theme: &Theme,
    opts: Options,
    previous: Option<&Path>,
    sink: &dyn Sink,
) -> WardDone {
    let folder = folder_name(dir);
    let mut report = Report::default();
    let done = |report: Report, entry, ok, out: Output| {
        let (files, bytes) = (out.len(), out.total_bytes());
        let io = if out.is_empty() {
            None
        } else {
            sink.put(out).err()
        };
        WardDone {
            folder: folder.clone(),
            report,
            entry,
            ok,
            files,
            bytes,
            io,
        }
    };
    if let Some(w) = load::ward_on(dir, opts.today, &mut report) {
        if let Some(d) = ward_id_error(dir, &w.site) {
            report.push(d);
        } else {
            let mut out = Output::default();
            match render::render_ward(&w, theme, opts, &mut out, &format!("{folder}/")) {
                Ok(()) => {
                    let entry = WardEntry::of(&w, opts.today);
                    return done(report, Some(entry), true, out);
                }
                Err(d) => report.push(d),
            }
        }
    }
    // Failed: keep the pages of the last good build, if there are any.
    let mut out = Output::default();
    if let Some(prev) = previous {
        carry_over(&prev.join(&folder), &format!("{folder}/"), &mut out);
    }
    let entry = (!out.is_empty()).then(|| {
        let site = site_only(dir);
        WardEntry::kept(&folder, site.as_ref())
    });
    done(report, entry, false, out)
}

/// Every file above the wards in a province build, from loaded wards.
/// `loa serve` calls this too, so a province-wide file added here is also
/// in the preview. (`loa build` makes the same files from the per-ward
/// entries it keeps while streaming.)
pub fn province_files(
    _dir: &Path,
    wards: &[crate::model::Ward],
    theme: &Theme,
    opts: Options,
    output: &mut Output,
    report: &mut Report,
) {
    let entries: Vec<WardEntry> = wards.iter().map(|w| WardEntry::of(w, opts.today)).collect();
    if let Err(d) = province::render(&entries, theme, opts, output) {
        report.push(d);
    }
}

/// `site.yaml` alone, to keep listing a ward whose other files have errors.
fn site_only(dir: &Path) -> Option<Site> {
    let path = dir.join("site.yaml");
    let text = load::source::read(&path, &path).ok()?;
    load::yaml::parse::<Site>(&path, &text).ok()
}

/// In a province build a ward's folder is its output folder and the `id`
/// other wards and the index link to; they must agree, which also makes
/// two wards with the same `id` impossible.
pub fn ward_id_error(dir: &Path, site: &Site) -> Option<Diagnostic> {
    let folder = folder_name(dir);
    (site.id.0 != folder).then(|| id_mismatch(dir, site, &folder))
}

fn id_mismatch(dir: &Path, site: &Site, folder: &str) -> Diagnostic {
    let path = dir.join("site.yaml");
    let text = load::source::read(&path, &path).unwrap_or_default();
    let (line, column) = load::yaml::Positions::index(&text).of("id");
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.clone());
    Diagnostic::error(
        &shown,
        line,
        column,
        Text::new(
            format!(
                "mã phường/xã `{}` khác tên thư mục `{folder}`: trong bản dựng nhiều phường/xã, hai tên này phải trùng nhau",
                site.id
            ),
            format!(
                "the ward id `{}` differs from its folder name `{folder}`: in a build of several wards they must be the same",
                site.id
            ),
        ),
    )
    .with_source(&text)
    .with_hint(Text::new(
        format!("Sửa thành `id: {folder}`, hoặc đổi tên thư mục thành `{}` (mỗi phường/xã một mã riêng).", site.id),
        format!("Write `id: {folder}`, or rename the folder to `{}` (each ward needs its own id).", site.id),
    ))
}

fn folder_name(p: &Path) -> String {
    p.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_string()
}

/// Copies a ward's previous pages into this build's output.
fn carry_over(dir: &Path, prefix: &str, output: &mut Output) {
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !e.file_type().is_file() {
            continue;
        }
        if let (Ok(rel), Ok(bytes)) = (e.path().strip_prefix(dir), std::fs::read(e.path())) {
            output.add(format!("{prefix}{}", rel.to_string_lossy()), bytes);
        }
    }
}

fn write_error(out: &Path, e: &io::Error) -> Diagnostic {
    Diagnostic::error(
        out,
        0,
        0,
        Text::new(
            format!("không ghi được thư mục kết quả: {e}"),
            format!("cannot write the output folder: {e}"),
        ),
    )
}

/// `loa build`: builds straight into a staging folder next to `out` and,
/// when there is no error (or, in a province build, at least one ward
/// built), swaps it in for `out`; otherwise `out` is left as it was.
pub fn build_to(root: &Path, out: &Path, opts: Options) -> Result<Built, Report> {
    let fail = |d: Diagnostic| {
        let mut r = Report::default();
        r.push(d);
        r
    };
    write::check_out_dir(out, root).map_err(fail)?;
    let (layout, theme) = prepare(root)?;
    let previous = out.is_dir().then(|| out.to_path_buf());
    let staging = Staging::begin(out).map_err(|e| fail(write_error(out, &e)))?;
    let (mut built, io_error) = run(layout, &theme, opts, previous.as_deref(), &staging);
    if let Some(e) = io_error {
        built.report.push(write_error(out, &e));
        return Err(built.report);
    }
    let single_failed = built.report.has_errors() && built.wards_failed.is_empty();
    if built.files == 0 || single_failed {
        // `staging` is dropped, and removed, here.
        return Err(built.report);
    }
    if let Err(e) = staging.commit() {
        let mut r = built.report;
        r.push(write_error(out, &e));
        return Err(r);
    }
    Ok(built)
}

/// Default output folder for a site root.
pub fn default_out(root: &Path) -> PathBuf {
    root.join("public")
}
