//! `loa bench`: builds a synthetic province or nation with Loa, with Hugo
//! (the same pages as Markdown) and with a plain `cp -r` of Loa's output,
//! and prints one table row per size.
//!
//! Every build runs as a separate process under `/usr/bin/time -v`, so
//! peak memory is the real binary's; wall time is the median of `runs`
//! runs, each into a fresh output folder on tmpfs (the disk of a small
//! office server is too noisy to compare anything).

pub mod gen;
pub mod text;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// What to run.
pub struct Config {
    /// Ward counts, one table row each.
    pub sizes: Vec<usize>,
    /// Runs per measurement; the median is reported.
    pub runs: usize,
    /// Scratch folder, on tmpfs (`/dev/shm`).
    pub dir: PathBuf,
    /// The `loa` binary to measure (normally this one).
    pub loa: PathBuf,
    /// Leave the generated sites and outputs in `dir`.
    pub keep: bool,
}

/// One measured command: median wall seconds, median CPU seconds (user +
/// system, all threads) and the largest peak RSS.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timing {
    pub secs: f64,
    pub cpu: f64,
    pub rss_kb: u64,
}

/// A table row.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub wards: usize,
    pub provinces: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub input_bytes: u64,
    pub loa: Timing,
    pub hugo: Option<Timing>,
    pub hugo_pages: usize,
    pub hugo_bytes: u64,
    pub cp: Timing,
    /// One ward's folder built alone.
    pub one_ward: Timing,
}

/// Runs the benchmark and prints the table; `Err` is a message for the user.
pub fn run(cfg: &Config) -> Result<Vec<Row>, String> {
    if !Path::new("/usr/bin/time").is_file() {
        return Err("/usr/bin/time is missing: install it with `apt-get install -y time`".into());
    }
    let hugo = which("hugo");
    if hugo.is_none() {
        eprintln!(
            "hugo not found: install it with `apt-get install -y hugo`; Hugo columns left empty"
        );
    }
    let mut rows = Vec::new();
    for &n in &cfg.sizes {
        eprintln!("== {n} ward(s): generating…");
        let dir = cfg.dir.join(format!("w{n}"));
        let g = gen::generate(&dir, n).map_err(|e| format!("{}: {e}", dir.display()))?;
        let today = gen::today().format("%Y-%m-%d").to_string();
        let out = dir.join("out-loa");
        eprintln!("   loa build ×{}", cfg.runs);
        let loa = measure(cfg.runs, &[&out], true, || {
            let mut c = Command::new(&cfg.loa);
            c.arg("build")
                .arg(&g.loa)
                .arg("--out")
                .arg(&out)
                .arg("--today")
                .arg(&today);
            c
        })?;
        let (pages, files, bytes) = count(&out);

        let cp_out = dir.join("out-cp");
        eprintln!("   cp -r ×{}", cfg.runs);
        let cp = measure(cfg.runs, &[&cp_out], true, || {
            let mut c = Command::new("cp");
            c.arg("-r").arg(&out).arg(&cp_out);
            c
        })?;

        let mut row = Row {
            wards: n,
            provinces: g.provinces,
            pages,
            files,
            bytes,
            input_bytes: g.input_bytes,
            loa,
            cp,
            ..Row::default()
        };
        if let Some(h) = &hugo {
            let hout = dir.join("out-hugo");
            eprintln!("   hugo ×{}", cfg.runs);
            let t = measure(cfg.runs, &[&hout, &g.hugo.join("resources")], true, || {
                let mut c = Command::new(h);
                c.arg("--quiet")
                    .arg("--source")
                    .arg(&g.hugo)
                    .arg("--destination")
                    .arg(&hout);
                c
            })?;
            let (hp, _, hb) = count(&hout);
            row.hugo = Some(t);
            row.hugo_pages = hp;
            row.hugo_bytes = hb;
        }

        // The first ward alone, as an office rebuilding only its own site
        // over its previous output (so the swap and clean-up are counted).
        let first = first_ward(&g.loa.join("content"))?;
        let one_out = dir.join("out-one");
        eprintln!("   one ward ×{}", cfg.runs.max(5));
        row.one_ward = measure(cfg.runs.max(5), &[&one_out], false, || {
            let mut c = Command::new(&cfg.loa);
            c.arg("build")
                .arg(&first)
                .arg("--out")
                .arg(&one_out)
                .arg("--today")
                .arg(&today);
            c
        })?;
        eprintln!("{}", table_row(&row));
        rows.push(row);
        if !cfg.keep {
            // Free the tmpfs before the next size.
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    println!("{}", table(&rows));
    Ok(rows)
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

fn first_ward(content: &Path) -> Result<PathBuf, String> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(content)
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .next()
        .ok_or_else(|| "no ward generated".to_string())
}

/// Runs `make()` `runs` times under `/usr/bin/time -v`, removing `clean`
/// (untimed) before each run, or only before the first unless `fresh`.
/// Median wall and CPU time, largest peak RSS.
fn measure(
    runs: usize,
    clean: &[&Path],
    fresh: bool,
    make: impl Fn() -> Command,
) -> Result<Timing, String> {
    let mut secs = Vec::new();
    let mut cpu = Vec::new();
    let mut rss = 0;
    for run in 0..runs.max(1) {
        for c in clean.iter().filter(|_| fresh || run == 0) {
            if c.exists() {
                std::fs::remove_dir_all(c).map_err(|e| format!("{}: {e}", c.display()))?;
            }
        }
        let inner = make();
        let mut cmd = Command::new("/usr/bin/time");
        cmd.arg("-v")
            .arg(inner.get_program())
            .args(inner.get_args());
        let started = Instant::now();
        let out = cmd.output().map_err(|e| format!("/usr/bin/time: {e}"))?;
        secs.push(started.elapsed().as_secs_f64());
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            return Err(format!(
                "{:?} failed:\n{}",
                inner.get_program(),
                stderr.lines().take(30).collect::<Vec<_>>().join("\n")
            ));
        }
        rss = rss.max(peak_rss_kb(&stderr).unwrap_or(0));
        cpu.push(
            report_secs(&stderr, "User time (seconds):")
                + report_secs(&stderr, "System time (seconds):"),
        );
    }
    Ok(Timing {
        secs: median(secs),
        cpu: median(cpu),
        rss_kb: rss,
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn report_secs(report: &str, key: &str) -> f64 {
    report
        .lines()
        .find_map(|l| l.trim().strip_prefix(key))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0)
}

/// "Maximum resident set size (kbytes): 6572" from GNU time's report.
pub fn peak_rss_kb(report: &str) -> Option<u64> {
    report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
}

/// HTML pages, all files and bytes under `dir`.
fn count(dir: &Path) -> (usize, usize, u64) {
    let (mut pages, mut files, mut bytes) = (0, 0, 0);
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file() {
            files += 1;
            bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
            if e.path().extension().is_some_and(|x| x == "html") {
                pages += 1;
            }
        }
    }
    (pages, files, bytes)
}

fn mib(kb: u64) -> String {
    format!("{:.0} MiB", kb as f64 / 1024.0)
}

fn table_row(r: &Row) -> String {
    let na = || "n/a".to_string();
    let hugo = r
        .hugo
        .map_or_else(na, |h| format!("{:.2} s ({:.1} s CPU)", h.secs, h.cpu));
    let hugo_rss = r.hugo.map_or_else(na, |h| mib(h.rss_kb));
    let vs_hugo = r
        .hugo
        .map_or_else(na, |h| format!("{:.1}×", h.secs / r.loa.secs));
    format!(
        "| {} ({} prov.) | {} / {} | {:.0} MB | {:.2} s ({:.1} s CPU) | {:.0} | {:.0} µs | {} | {} | {} | {} | {:.2} s | {:.1}× | {:.0} ms |",
        r.wards,
        r.provinces,
        r.pages,
        r.hugo_pages,
        r.bytes as f64 / 1e6,
        r.loa.secs,
        r.loa.cpu,
        r.pages as f64 / r.loa.secs,
        r.loa.secs * 1e6 / r.pages.max(1) as f64,
        mib(r.loa.rss_kb),
        hugo,
        hugo_rss,
        vs_hugo,
        r.cp.secs,
        r.loa.secs / r.cp.secs,
        r.one_ward.secs * 1000.0,
    )
}

/// The Markdown table README shows.
pub fn table(rows: &[Row]) -> String {
    let mut s = String::from(
        "| wards | pages Loa / Hugo | Loa output | Loa build | pages/s | per page | Loa peak RSS | Hugo build | Hugo peak RSS | Hugo ÷ Loa | cp -r | Loa ÷ cp | one ward |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        s.push_str(&table_row(r));
        s.push('\n');
    }
    s
}
