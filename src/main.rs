//! The `loa` command.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use loa::render::Options;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use loa::error::Report;
use loa::i18n::Lang;
use loa::load;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "loa",
    version,
    about = "Cổng thông tin chiến dịch cho phường, xã — static campaign portals for Vietnamese wards"
)]
struct Cli {
    /// Language of messages: vi (default) or en.
    #[arg(long, global = true, default_value = "vi")]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the portal into a folder of static pages.
    Build {
        /// The site folder (holding content/).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Output folder; replaced as a whole, atomically.
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Build as if today were this date (YYYY-MM-DD); defaults to today
        /// in Vietnam, or $LOA_TODAY.
        #[arg(long)]
        today: Option<String>,
    },
    /// Create a new site with one example campaign and notice.
    New {
        /// Folder to create.
        dir: PathBuf,
    },
    /// Preview the site while editing: serves it on http://localhost:1111/,
    /// rebuilds on every save and reloads open pages; errors show on the page.
    Serve {
        /// The site folder (holding content/).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Port (default 1111, or the next free one).
        #[arg(long, short)]
        port: Option<u16>,
        /// Address to listen on; anything but 127.0.0.1 or ::1 lets other
        /// machines see the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Build as if today were this date (YYYY-MM-DD).
        #[arg(long)]
        today: Option<String>,
    },
    /// Check a site and report every problem; writes nothing.
    Check {
        /// The site folder (holding content/).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Check as if today were this date (YYYY-MM-DD), for the warnings
        /// about passed deadlines; defaults like `loa build --today`.
        #[arg(long)]
        today: Option<String>,
    },
    /// Benchmark: generate a synthetic province or nation, build it with
    /// Loa, Hugo and `cp -r`, print the table (see README, Performance).
    #[command(hide = true)]
    Bench {
        /// Ward counts to measure, comma-separated.
        #[arg(long, value_delimiter = ',', default_values_t = [1usize, 100, 3321])]
        wards: Vec<usize>,
        /// Runs per measurement; the median is reported.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Scratch folder; keep it on tmpfs.
        #[arg(long, default_value = "/dev/shm/loa-bench")]
        dir: PathBuf,
        /// Keep the generated sites and outputs (to inspect them).
        #[arg(long)]
        keep: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Bench {
            wards,
            runs,
            dir,
            keep,
        } => bench(wards, runs, dir, keep),
        Command::Check { site, today } => match resolve_today(today.as_deref()) {
            Ok(today) => check(&site, today, cli.lang),
            Err(msg) => {
                eprintln!("{msg}");
                ExitCode::FAILURE
            }
        },
        Command::Serve {
            site,
            port,
            bind,
            open,
            today,
        } => {
            let pinned = match today.is_some() || std::env::var_os("LOA_TODAY").is_some() {
                true => match resolve_today(today.as_deref()) {
                    Ok(d) => Some(d),
                    Err(msg) => {
                        eprintln!("{msg}");
                        return ExitCode::FAILURE;
                    }
                },
                false => None,
            };
            let cfg = loa::serve::Config {
                root: site,
                bind,
                port: port.unwrap_or(1111),
                port_fallback: port.is_none(),
                today: pinned,
                lang: cli.lang,
                verbose: true,
            };
            loa::serve::run(cfg, open)
        }
        Command::New { dir } => match loa::scaffold::create(&dir) {
            Ok(()) => {
                println!(
                    "{} {}\n  loa build {}",
                    cli.lang
                        .pick("Đã tạo trang mẫu ở", "Created a sample site in"),
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{}: {e}", cli.lang.pick("lỗi", "error"));
                ExitCode::FAILURE
            }
        },
        Command::Build { site, out, today } => {
            let today = match resolve_today(today.as_deref()) {
                Ok(d) => d,
                Err(msg) => {
                    eprintln!("{msg}");
                    return ExitCode::FAILURE;
                }
            };
            let out = out.unwrap_or_else(|| loa::build::default_out(&site));
            build(&site, &out, today, cli.lang)
        }
    }
}

/// Today in Vietnam (UTC+7), unless pinned for reproducible builds.
fn resolve_today(arg: Option<&str>) -> Result<NaiveDate, String> {
    let pinned = arg
        .map(str::to_string)
        .or_else(|| std::env::var("LOA_TODAY").ok());
    match pinned {
        Some(s) => {
            loa::vi::parse_date(&s).map_err(|e| format!("--today {s}: {}", e.message(Lang::Vi)))
        }
        None => Ok((chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()),
    }
}

fn build(site: &Path, out: &Path, today: NaiveDate, lang: Lang) -> ExitCode {
    let started = std::time::Instant::now();
    match loa::build::build_to(site, out, Options { today }) {
        Ok(built) => {
            // Errors in full; warnings only counted (`loa check` lists them).
            for d in built.report.errors() {
                eprintln!("{}\n", d.render(lang));
            }
            let warnings = built.report.warnings().count();
            if warnings > 0 {
                eprintln!(
                    "{}",
                    match lang {
                        Lang::Vi =>
                            format!("{warnings} cảnh báo; chạy `loa check` để xem chi tiết."),
                        Lang::En => format!("{warnings} warning(s); run `loa check` to see them."),
                    }
                );
            }
            let secs = started.elapsed().as_secs_f64();
            println!(
                "{} {} {} ({} KB) → {} [{:.2}s]",
                lang.pick("Đã tạo", "Built"),
                built.files,
                lang.pick("tệp", "files"),
                built.bytes / 1024,
                out.display(),
                secs
            );
            if built.wards_failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "{}: {}",
                    lang.pick(
                        "Các phường/xã lỗi, giữ bản cũ",
                        "Wards with errors, previous pages kept"
                    ),
                    built.wards_failed.join(", ")
                );
                ExitCode::FAILURE
            }
        }
        Err(report) => {
            eprintln!("{}", report.render(lang));
            let n = report.errors().count();
            eprintln!(
                "\n{}",
                match lang {
                    Lang::Vi => format!(
                        "Không tạo trang: có {n} lỗi. Thư mục {} giữ nguyên như trước.",
                        out.display()
                    ),
                    Lang::En => format!(
                        "Nothing built: {n} error(s). {} is left as it was.",
                        out.display()
                    ),
                }
            );
            ExitCode::FAILURE
        }
    }
}

fn bench(sizes: Vec<usize>, runs: usize, dir: PathBuf, keep: bool) -> ExitCode {
    let loa = match std::env::current_exe() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let cfg = loa::bench::Config {
        sizes,
        runs,
        dir,
        loa,
        keep,
    };
    match loa::bench::run(&cfg) {
        Ok(_) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("{msg}");
            ExitCode::FAILURE
        }
    }
}

fn check(root: &std::path::Path, today: NaiveDate, lang: Lang) -> ExitCode {
    let mut report = Report::default();
    let layout = match load::discover(root) {
        Ok(l) => l,
        Err(d) => {
            eprintln!("{}", d.render(lang));
            return ExitCode::FAILURE;
        }
    };
    let (dirs, province) = match layout {
        load::Layout::Single(d) => (vec![d], false),
        load::Layout::Province { wards, .. } => (wards, true),
    };
    for d in &dirs {
        let ward = load::ward_on(d, today, &mut report);
        if let Some(e) = ward
            .filter(|_| province)
            .and_then(|w| loa::build::ward_id_error(d, &w.site))
        {
            report.push(e);
        }
    }
    report.sort();
    if !report.diagnostics.is_empty() {
        eprintln!("{}", report.render(lang));
    }
    if report.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
