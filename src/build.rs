//! The whole pipeline for one `loa build` or `loa check`: discover → load →
//! render → (write). A province build renders every ward it can; a ward with
//! errors keeps its previous pages and makes the build fail.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::Context;

use crate::error::Report;
use crate::load::{self, Layout};
use crate::model::Ward;
use crate::render::{self, view, Options, Theme};
use crate::write::{self, Output};

/// What a build produced.
pub struct Built {
    pub output: Output,
    pub report: Report,
    /// Wards rendered fresh, and wards that failed (kept from before, if any).
    pub wards_ok: Vec<String>,
    pub wards_failed: Vec<String>,
}

/// Loads every ward under `root`, then renders those without errors.
/// `previous` is the current output folder, from which failed wards of a
/// province build are carried over unchanged.
pub fn build(root: &Path, opts: Options, previous: Option<&Path>) -> Built {
    let mut report = Report::default();
    let mut output = Output::default();
    let mut built = Built {
        output: Output::default(),
        report: Report::default(),
        wards_ok: Vec::new(),
        wards_failed: Vec::new(),
    };

    let layout = match load::discover(root) {
        Ok(l) => l,
        Err(d) => {
            report.push(d);
            built.report = report;
            return built;
        }
    };
    let theme = match Theme::load(root) {
        Ok(t) => t,
        Err(d) => {
            report.push(d);
            built.report = report;
            return built;
        }
    };

    match layout {
        Layout::Single(dir) => {
            if let Some(ward) = load::ward_on(&dir, opts.today, &mut report) {
                match render::render_ward(&ward, &theme, opts, &mut output, "") {
                    Ok(()) => built.wards_ok.push(ward.site.id.0.clone()),
                    Err(d) => report.push(d),
                }
            }
        }
        Layout::Province { dir, wards } => {
            let mut loaded: Vec<Ward> = Vec::new();
            for wdir in &wards {
                let before = report.errors().count();
                match load::ward_on(wdir, opts.today, &mut report) {
                    Some(w) if report.errors().count() == before => loaded.push(w),
                    _ => built.wards_failed.push(folder_name(wdir)),
                }
            }
            // Folder names decide output paths; two wards with the same id would collide.
            for w in &loaded {
                let prefix = format!("{}/", w.site.id);
                if let Err(d) = render::render_ward(w, &theme, opts, &mut output, &prefix) {
                    report.push(d);
                    built.wards_failed.push(w.site.id.0.clone());
                } else {
                    built.wards_ok.push(w.site.id.0.clone());
                }
            }
            if let Some(prev) = previous {
                for failed in &built.wards_failed {
                    carry_over(&prev.join(failed), &format!("{failed}/"), &mut output);
                }
            }
            province_files(&dir, &loaded, &theme, opts, &mut output, &mut report);
        }
    }
    report.sort();
    built.output = output;
    built.report = report;
    built
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

#[derive(Serialize)]
struct WardSummary {
    id: String,
    name: String,
    office: String,
    path: String,
    campaigns: Vec<view::CampaignCard>,
}

/// Every file above the wards in a province build. `loa serve` calls this
/// too, so a province-wide file added here is also in the preview.
pub fn province_files(
    dir: &Path,
    wards: &[Ward],
    theme: &Theme,
    opts: Options,
    output: &mut Output,
    report: &mut Report,
) {
    if let Err(d) = province_index(dir, wards, theme, opts, output) {
        report.push(d);
    }
    if let Err(d) = render::search::province(wards, theme, opts, output) {
        report.push(d);
    }
}

/// The province page: every ward with its campaigns, running ones first.
fn province_index(
    dir: &Path,
    wards: &[Ward],
    theme: &Theme,
    opts: Options,
    output: &mut Output,
) -> Result<(), crate::error::Diagnostic> {
    let mut qrs = view::QrCache::default();
    let summaries: Vec<WardSummary> = wards
        .iter()
        .map(|w| WardSummary {
            id: w.site.id.0.clone(),
            name: w.site.name.clone(),
            office: w.site.office.clone(),
            path: format!("{}/index.html", w.site.id),
            campaigns: view::ordered(w, opts.today)
                .into_iter()
                .map(|c| view::card(w, c, opts.today, &mut qrs))
                .collect(),
        })
        .collect();
    let province = wards
        .first()
        .map(|w| w.site.province.clone())
        .unwrap_or_default();
    let lang = wards.first().map(|w| w.site.language).unwrap_or_default();
    let mut ctx = Context::new();
    ctx.insert("root", "");
    ctx.insert("page_path", "index.html");
    ctx.insert("lang", lang.code());
    ctx.insert("province", &province);
    ctx.insert("wards", &summaries);
    ctx.insert("today", &view::today_text(opts.today));
    ctx.insert("today_iso", &opts.today.format("%Y-%m-%d").to_string());
    ctx.insert("folder", &folder_name(dir));
    ctx.insert("og", &render::share::province(&province, wards, lang));
    output.add(
        "index.html",
        theme.render("province.html", &ctx, lang)?.into_bytes(),
    );
    for (name, bytes) in theme.assets() {
        output.add(format!("assets/{name}"), bytes.to_vec());
    }
    Ok(())
}

/// `loa build`: builds and, when there is no error (or, in a province
/// build, at least one ward built), swaps the new output in.
pub fn build_to(root: &Path, out: &Path, opts: Options) -> Result<Built, Report> {
    if let Err(d) = write::check_out_dir(out, root) {
        let mut r = Report::default();
        r.push(d);
        return Err(r);
    }
    let previous = out.is_dir().then(|| out.to_path_buf());
    let built = build(root, opts, previous.as_deref());
    let nothing = built.output.is_empty();
    let single_failed = built.report.has_errors() && built.wards_failed.is_empty();
    if nothing || single_failed {
        return Err(built.report);
    }
    if let Err(e) = write::write_atomic(&built.output, out) {
        let mut r = built.report;
        r.push(crate::error::Diagnostic::error(
            out,
            0,
            0,
            crate::error::Text::new(
                format!("không ghi được thư mục kết quả: {e}"),
                format!("cannot write the output folder: {e}"),
            ),
        ));
        return Err(r);
    }
    Ok(built)
}

/// Default output folder for a site root.
pub fn default_out(root: &Path) -> PathBuf {
    root.join("public")
}
