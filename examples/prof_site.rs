use std::time::Instant;
fn main() {
    let root = std::path::PathBuf::from("/dev/shm/loa10k");
    let opts = loa::render::Options { today: chrono::NaiveDate::from_ymd_opt(2026, 4, 20).unwrap() };
    let t = Instant::now();
    let c = cpu();
    let (mut site, _) = loa::serve::site::Site::new(&root, opts);
    println!("new: {:?} cpu {:?}", t.elapsed(), cpu() - c);
    let p = root.join("content/notices/thong-bao-05000.md");
    let orig = std::fs::read_to_string(&p).unwrap();
    for i in 0..10 {
        std::fs::write(&p, orig.replacen("title: ", &format!("title: Lần {i} – "), 1)).unwrap();
        let t = Instant::now();
        let c = cpu();
        let o = site.update(&[p.clone()], false);
        println!("update: {:?} cpu {:?} {:?} changed {}", t.elapsed(), cpu() - c, o.wards, o.changed.len());
    }
    std::fs::write(&p, orig).unwrap();
}
fn cpu() -> std::time::Duration {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap();
    let f: Vec<&str> = s.rsplit(')').next().unwrap().split_whitespace().collect();
    let ticks: u64 = f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap();
    std::time::Duration::from_millis(ticks * 10)
}
