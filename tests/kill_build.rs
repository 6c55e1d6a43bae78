//! Nothing is ever lost: `loa build` killed with SIGKILL at random moments
//! leaves the output folder exactly as one complete build made it (the one
//! before, or the new one), never a mix; the next build clears what the
//! killed one left behind; and `loa build` refuses output folders whose
//! replacement would destroy something that is not Loa's.
//!
//! Runs the real binary on a generated site larger than the sample, in
//! /dev/shm when there is one (fast, and no wear on a disk).
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::site::{copy_site, repo};

/// Rounds of build-and-kill; `LOA_KILL_ROUNDS` overrides.
const ROUNDS: usize = 100;
/// Extra notices in the generated site: enough pages that a kill can land
/// while files are being written, few enough to keep the test short.
const NOTICES: usize = 40;

type Tree = BTreeMap<String, Vec<u8>>;

fn loa() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_loa"));
    c.stdout(Stdio::null()).stderr(Stdio::null());
    c
}

fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(d) = tempfile::Builder::new().prefix("loa-kill-").tempdir_in(shm) {
            return d;
        }
    }
    tempfile::tempdir().expect("temp dir")
}

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> Tree {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside");
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

/// The Tứ Minh sample plus `NOTICES` generated notices; `variant` changes
/// one title and adds a notice, so two variants build to different sites.
fn make_site(into: &Path, variant: u8) {
    let copy = copy_site(&repo().join("content/tu-minh"));
    for e in walkdir::WalkDir::new(copy.path())
        .into_iter()
        .filter_map(Result::ok)
    {
        let dest = into.join(e.path().strip_prefix(copy.path()).expect("inside"));
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
    let para = "Công an phường Tứ Minh làm định danh điện tử mức 2 cho trẻ từ 6 đến dưới 14 tuổi, \
                **tất cả các ngày** trong tuần, cả buổi tối.";
    let body = [para; 8].join("\n\n");
    let extra = NOTICES + usize::from(variant);
    for i in 0..extra {
        let title = if i == 0 {
            format!("Thông báo số {i} (bản {variant})")
        } else {
            format!("Thông báo số {i}")
        };
        std::fs::write(
            into.join(format!("notices/thong-bao-so-{i:03}.md")),
            format!(
                "---\ntitle: {title}\ndate: 2026-04-{:02}\ncampaign: dinh-danh-6-14\n---\n\n{body}\n",
                1 + i % 19
            ),
        )
        .expect("write notice");
    }
}

fn build(site: &Path, out: &Path) -> bool {
    loa()
        .arg("build")
        .arg(site)
        .arg("--out")
        .arg(out)
        .args(["--today", "2026-04-20"])
        .status()
        .expect("run loa")
        .success()
}

/// Leftovers of killed builds next to the output folder.
fn staging_dirs(parent: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(parent)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(".loa-new-"))
        })
        .collect()
}

/// What a writer changes first: the names next to the output folder, and
/// the output folder's identity and modification time.
fn disk_state(parent: &Path, out: &Path) -> (Vec<std::ffi::OsString>, Option<(u64, i64, i64)>) {
    use std::os::unix::fs::MetadataExt;
    let mut names: Vec<_> = std::fs::read_dir(parent)
        .map(|r| r.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    names.sort();
    let meta = std::fs::metadata(out)
        .ok()
        .map(|m| (m.ino(), m.mtime(), m.mtime_nsec()));
    (names, meta)
}

/// xorshift64*: reproducible random delays without a dependency.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
}

#[test]
fn sigkill_at_random_moments_never_leaves_a_partial_site() {
    let rounds: usize = std::env::var("LOA_KILL_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(ROUNDS);
    let seed: u64 = std::env::var("LOA_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_1234_ABCD);
    let scratch = scratch();
    let root = scratch.path();
    let sites = [root.join("site-a"), root.join("site-b")];
    make_site(&sites[0], 0);
    make_site(&sites[1], 1);

    // The two complete sites, built once each into their own folders.
    let mut complete: Vec<Tree> = Vec::new();
    let mut durations = Vec::new();
    for (i, site) in sites.iter().enumerate() {
        let out = root.join(format!("ref-{i}"));
        let started = Instant::now();
        assert!(build(site, &out), "site {i} builds");
        durations.push(started.elapsed());
        complete.push(tree(&out));
    }
    assert_ne!(complete[0], complete[1], "the two sites differ");
    let full = *durations.iter().max().expect("two builds");

    let parent = root.join("www");
    std::fs::create_dir(&parent).expect("mkdir");
    let out = parent.join("public");
    assert!(build(&sites[0], &out));
    let mut state = 0usize;

    let mut rng = Rng(seed);
    let (mut killed_running, mut finished, mut mid_write, mut swapped) = (0, 0, 0, 0);
    let started = Instant::now();
    for round in 0..rounds {
        let target = 1 - state;
        let mut child = loa()
            .arg("build")
            .arg(&sites[target])
            .arg("--out")
            .arg(&out)
            .args(["--today", "2026-04-20"])
            .spawn()
            .expect("spawn loa");
        // Even rounds: a random moment anywhere in the build. Odd rounds: a
        // random moment once the build has started to change the disk next
        // to the output (any new entry there, or the output folder itself
        // changed), the window where a naive writer would leave half a site.
        let delay = if round % 2 == 0 {
            std::thread::sleep(Duration::from_millis(
                rng.below(full.as_millis() as u64 * 11 / 10),
            ));
            None
        } else {
            let deadline = Instant::now() + full * 3;
            let before = disk_state(&parent, &out);
            while disk_state(&parent, &out) == before
                && Instant::now() < deadline
                && child.try_wait().expect("poll").is_none()
            {
                std::thread::sleep(Duration::from_micros(100));
            }
            let us = rng.below(4000);
            std::thread::sleep(Duration::from_micros(us));
            Some(us)
        };
        let running = child.try_wait().expect("poll").is_none();
        child.kill().ok(); // SIGKILL
        child.wait().expect("reap");

        let now = tree(&out);
        let leftovers = staging_dirs(&parent);
        let matched = complete.iter().position(|t| *t == now);
        assert!(
            matched.is_some(),
            "round {round} (seed {seed}, delay {delay:?} µs after writing began): the output \
             is neither complete build ({} files; complete builds have {} and {})",
            now.len(),
            complete[0].len(),
            complete[1].len()
        );
        let matched = matched.unwrap_or(state);
        for p in std::fs::read_dir(&parent)
            .expect("list")
            .filter_map(Result::ok)
        {
            let name = p.file_name();
            let name = name.to_string_lossy();
            assert!(
                name == "public" || name.starts_with(".loa-new-public-"),
                "round {round}: unexpected {name} next to the output"
            );
        }
        if running {
            killed_running += 1;
            if !leftovers.is_empty() {
                mid_write += 1;
            }
        } else {
            finished += 1;
        }
        if matched != state {
            swapped += 1;
        }
        state = matched;
    }
    let took = started.elapsed();

    // The next build clears every leftover and gives a complete site.
    assert!(build(&sites[0], &out));
    assert!(staging_dirs(&parent).is_empty(), "leftovers cleared");
    assert!(tree(&out) == complete[0]);

    eprintln!(
        "kill test: {rounds} rounds in {took:.1?} (one build {full:.0?}, seed {seed}): \
         {killed_running} killed while running ({mid_write} while writing or swapping), \
         {finished} finished before the kill, {swapped} changed the site; \
         the output was a complete build every time"
    );
    assert!(
        killed_running >= rounds / 4 && mid_write >= rounds / 10,
        "too few kills landed during a build ({killed_running}/{rounds}, {mid_write} while \
         writing); the test would prove little"
    );
}

/// Output folders whose replacement would destroy the site, its parent, the
/// home folder or someone's documents are refused, and left untouched.
#[test]
fn build_refuses_dangerous_output_folders() {
    let scratch = scratch();
    let root = scratch.path();
    let home = root.join("home");
    let site = home.join("phuong");
    std::fs::create_dir_all(&site).expect("mkdir");
    let copy = copy_site(&repo().join("content/tu-minh"));
    for e in walkdir::WalkDir::new(copy.path())
        .into_iter()
        .filter_map(Result::ok)
    {
        let dest = site.join(e.path().strip_prefix(copy.path()).expect("inside"));
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
    let docs = home.join("TaiLieu");
    std::fs::create_dir_all(&docs).expect("mkdir");
    std::fs::write(docs.join("bao-cao.docx"), b"report").expect("write");
    let before_site = tree(&site);
    let before_home = tree(&home);

    for (out, why) in [
        (site.clone(), "the site itself"),
        (home.clone(), "the site's parent, and the home folder"),
        (root.to_path_buf(), "a grandparent of the site"),
        (docs.clone(), "a folder of documents"),
        (docs.join("bao-cao.docx"), "a file"),
    ] {
        let run = Command::new(env!("CARGO_BIN_EXE_loa"))
            .env("HOME", &home)
            .arg("build")
            .arg(&site)
            .arg("--out")
            .arg(&out)
            .args(["--today", "2026-04-20"])
            .output()
            .expect("run loa");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{why}: accepted\n{stderr}");
        assert!(
            stderr.contains("không thể ghi đè") || stderr.contains("không phải"),
            "{why}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{why}: {stderr}");
    }
    // The home folder, even when empty and unrelated to the site.
    let other_home = root.join("other-home");
    std::fs::create_dir_all(&other_home).expect("mkdir");
    let run = Command::new(env!("CARGO_BIN_EXE_loa"))
        .env("HOME", &other_home)
        .arg("build")
        .arg(&site)
        .arg("--out")
        .arg(&other_home)
        .args(["--today", "2026-04-20"])
        .output()
        .expect("run loa");
    assert!(!run.status.success(), "the home folder was accepted");
    assert!(std::fs::read_dir(&other_home)
        .expect("list")
        .next()
        .is_none());

    assert!(tree(&site) == before_site, "the site is untouched");
    assert!(tree(&home) == before_home, "nothing under home changed");
    assert!(staging_dirs(&home).is_empty() && staging_dirs(root).is_empty());

    // A normal output folder next to the site works, and a rebuild replaces
    // it without touching its neighbours: another program's folder whose
    // name merely looks like Loa's, and the documents.
    let out = home.join("public");
    let neighbour = home.join(".loa-new-other-1");
    std::fs::create_dir_all(&neighbour).expect("mkdir");
    std::fs::write(neighbour.join("keep.txt"), b"keep").expect("write");
    let stale = home.join(".loa-new-public-999999");
    std::fs::create_dir_all(stale.join("chien-dich")).expect("mkdir");
    assert!(build(&site, &out));
    assert!(build(&site, &out));
    assert!(out.join("index.html").is_file());
    assert!(!stale.exists(), "a killed build's leftovers are cleared");
    assert!(neighbour.join("keep.txt").is_file(), "others' folders stay");
    assert!(docs.join("bao-cao.docx").is_file());
    assert!(tree(&site) == before_site);
}
