//! The `loa` command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use loa::error::Report;
use loa::i18n::Lang;
use loa::load;

#[derive(Parser)]
#[command(name = "loa", version, about = "Cổng thông tin chiến dịch cho phường, xã — static campaign portals for Vietnamese wards")]
struct Cli {
    /// Language of messages: vi (default) or en.
    #[arg(long, global = true, default_value = "vi")]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a site and report every problem; writes nothing.
    Check {
        /// The site folder (holding content/).
        #[arg(default_value = ".")]
        site: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { site } => check(&site, cli.lang),
    }
}

fn check(root: &std::path::Path, lang: Lang) -> ExitCode {
    let mut report = Report::default();
    let layout = match load::discover(root) {
        Ok(l) => l,
        Err(d) => {
            eprintln!("{}", d.render(lang));
            return ExitCode::FAILURE;
        }
    };
    let dirs = match layout {
        load::Layout::Single(d) => vec![d],
        load::Layout::Province { wards, .. } => wards,
    };
    for d in &dirs {
        load::ward(d, &mut report);
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
