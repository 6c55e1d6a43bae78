//! Deterministic Vietnamese filler for the benchmark: sentences in the
//! register of ward notices, built from fixed word lists by a seeded
//! generator, so every run produces the same bytes.

/// SplitMix64: tiny, seedable, good enough to vary synthetic content.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

const SUBJECTS: &[&str] = &[
    "Công an phường",
    "Ủy ban nhân dân xã",
    "Tổ công nghệ số cộng đồng",
    "Ban công tác Mặt trận thôn",
    "Nhà trường",
    "Trạm y tế xã",
    "Các tổ dân phố",
    "Đoàn thanh niên",
    "Hội Liên hiệp phụ nữ",
    "Tổ Cảnh sát khu vực",
    "Cán bộ một cửa",
    "Trưởng thôn",
];

const VERBS: &[&str] = &[
    "tổ chức",
    "hướng dẫn",
    "đề nghị người dân phối hợp",
    "thông báo lịch",
    "tiếp tục triển khai",
    "phối hợp thực hiện",
    "tăng cường",
    "rà soát và hoàn thành",
    "tuyên truyền, vận động",
    "hỗ trợ miễn phí",
];

const OBJECTS: &[&str] = &[
    "việc thu nhận hồ sơ cấp Căn cước cho trẻ từ 6 đến dưới 14 tuổi",
    "việc kích hoạt tài khoản định danh điện tử mức 2",
    "tiêm vắc xin sởi – rubella cho trẻ trong độ tuổi",
    "rà soát danh sách học sinh chưa có thẻ bảo hiểm y tế",
    "cài đặt và sử dụng ứng dụng VNeID trên điện thoại",
    "đăng ký thủ tục trên Cổng dịch vụ công quốc gia",
    "tuyên truyền về an toàn giao thông cho học sinh",
    "kiểm tra phòng cháy, chữa cháy tại các hộ kinh doanh",
    "tích hợp thẻ bảo hiểm y tế, giấy phép lái xe lên VNeID",
    "cập nhật, làm sạch dữ liệu dân cư của từng hộ gia đình",
    "hiến máu tình nguyện đợt cao điểm mùa hè",
    "cấp đổi giấy tờ cho người cao tuổi, người khuyết tật",
];

const PLACES: &[&str] = &[
    "tại nhà văn hóa thôn",
    "tại trụ sở Công an phường",
    "tại Trạm y tế xã",
    "trên toàn địa bàn",
    "tại các điểm trường tiểu học và trung học cơ sở",
    "tại hội trường Ủy ban nhân dân xã",
    "ngay tại nhà đối với người già yếu, ốm đau",
    "tại điểm tiếp công dân của bộ phận một cửa",
];

const TIMES: &[&str] = &[
    "từ ngày 20/4/2026",
    "vào buổi tối các ngày trong tuần",
    "trong giờ hành chính",
    "vào Thứ Bảy và Chủ Nhật",
    "trước ngày 05/5/2026",
    "từ 7 giờ 30 đến 11 giờ 30",
    "trong suốt tháng Năm",
    "theo lịch của từng thôn, tổ dân phố",
];

const TAILS: &[&str] = &[
    ", để người dân nắm được và chủ động thực hiện",
    ", bảo đảm đúng tiến độ cấp trên giao",
    ", tránh để người dân phải chờ đợi lâu",
    ", đặc biệt quan tâm các hộ có hoàn cảnh khó khăn",
    ", mọi thắc mắc xin liên hệ cán bộ trực ban",
    "",
    "",
];

const BRING: &[&str] = &[
    "Căn cước hoặc Căn cước công dân gắn chip của cha, mẹ",
    "Giấy khai sinh bản chính hoặc bản sao của trẻ",
    "Số điện thoại đang dùng để nhận mã kích hoạt",
    "Sổ tiêm chủng của trẻ",
    "Thẻ bảo hiểm y tế còn hạn",
    "Thẻ học sinh hoặc giấy xác nhận của nhà trường",
];

/// One sentence of roughly 20 to 28 words.
pub fn sentence(rng: &mut Rng) -> String {
    format!(
        "{} {} {} {} {}{}.",
        rng.pick(SUBJECTS),
        rng.pick(VERBS),
        rng.pick(OBJECTS),
        rng.pick(PLACES),
        rng.pick(TIMES),
        rng.pick(TAILS)
    )
}

/// Sentences joined until at least `words` words.
pub fn paragraph(rng: &mut Rng, words: usize) -> String {
    let mut out = String::new();
    while out.split_whitespace().count() < words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&sentence(rng));
    }
    out
}

/// A Markdown notice body of about `words` words: paragraphs, some bold,
/// one bullet list.
pub fn notice_body(rng: &mut Rng, words: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut para = 0;
    while count < words {
        let p = if para == 2 {
            let items: Vec<String> = (0..4)
                .map(|_| format!("- {}", BRING[rng.below(BRING.len())]))
                .collect();
            format!(
                "Khi đến làm thủ tục, người dân mang theo:\n\n{}",
                items.join("\n")
            )
        } else {
            let mut p = paragraph(rng, 90);
            if para % 3 == 0 {
                // Bold the first clause, as ward notices do.
                if let Some(i) = p.find(' ') {
                    p = format!("**{}**{}", &p[..i], &p[i..]);
                }
            }
            p
        };
        count += p.split_whitespace().count();
        out.push_str(&p);
        out.push_str("\n\n");
        para += 1;
    }
    out
}

pub fn bring(rng: &mut Rng, n: usize) -> Vec<&'static str> {
    let start = rng.below(BRING.len());
    (0..n).map(|i| BRING[(start + i) % BRING.len()]).collect()
}
