//! Generated Vietnamese news text for the benchmarks.
//!
//! Deterministic (seeded SplitMix64, no `rand` dependency) and varied: every
//! paragraph is assembled from sentence templates whose slots are filled with
//! officials (names from the lexicon lists, a pool of recurring people with
//! their posts), places from the gazetteer (one focus district plus random
//! units elsewhere), dates, legal documents, quantities, ordinals and
//! abbreviations. Some paragraphs use the other tone-mark placement
//! ("hoà"/"hòa"), some sentences are NFD, some paragraphs end in CRLF, and
//! page-furniture lines (debris) are scattered between paragraphs. Headings,
//! list items, block quotes, a few annotations and rare invisible characters
//! appear too. Nothing is one paragraph repeated.

#![allow(dead_code)]

use bientap::lexicon::Lexicons;
use bientap::lexicon::gazetteer::Era;
use bientap::text::vietnamese::{ToneStyle, respell};
use unicode_normalization::UnicodeNormalization;

/// SplitMix64: small, fast, deterministic.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

const SURNAMES: &str = include_str!("../../src/lexicon/data/lexicons/surnames.txt");
const MIDDLE: &str = include_str!("../../src/lexicon/data/lexicons/middle_names.txt");
const GIVEN: &str = include_str!("../../src/lexicon/data/lexicons/given_names.txt");

const COMMON_SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];

const ROLES: &[&str] = &[
    "Bí thư",
    "Phó Bí thư",
    "Phó Bí thư Thường trực",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Phó Chủ tịch Thường trực",
    "Ủy viên Ban Thường vụ",
    "Chủ nhiệm Ủy ban Kiểm tra",
    "Trưởng ban Tổ chức",
    "Trưởng ban Tuyên giáo",
    "Trưởng ban Dân vận",
    "Chánh Văn phòng",
];

/// Organs that take the focus unit's type ("Quận ủy", "UBND quận").
const ORGAN_FORMS: &[&str] = &[
    "{U}",
    "UBND {u}",
    "HĐND {u}",
    "Ủy ban MTTQ Việt Nam {u}",
    "Đảng ủy {u}",
];

const DEPARTMENT_POSTS: &[&str] = &[
    "Giám đốc Sở Tài chính",
    "Giám đốc Sở Xây dựng",
    "Phó Giám đốc Sở Nội vụ",
    "Giám đốc Sở Y tế",
    "Giám đốc Công an thành phố",
    "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh",
    "Trưởng phòng Tài chính - Kế hoạch",
    "Trưởng phòng Quản lý đô thị",
    "Phó Trưởng ban Dân vận Thành ủy",
    "Chánh Thanh tra thành phố",
    "Bộ trưởng Bộ Tài chính",
    "Thứ trưởng Bộ Nội vụ",
    "Ủy viên Trung ương Đảng",
    "Thành ủy viên",
    "Tỉnh ủy viên",
    "Quận ủy viên",
    "Đại biểu Quốc hội",
];

const RANKS: &[&str] = &[
    "Đại tá",
    "Thượng tá",
    "Trung tá",
    "Thiếu tướng",
    "Trung tướng",
];

const DOC_KINDS: &[(&str, &str)] = &[
    ("Nghị quyết", "NQ"),
    ("Chỉ thị", "CT"),
    ("Kết luận", "KL"),
    ("Kế hoạch", "KH"),
    ("Quy định", "QĐ"),
    ("Chương trình", "CTr"),
];
const DOC_ISSUERS: &[(&str, &str)] = &[
    ("TW", "Bộ Chính trị"),
    ("TW", "Ban Bí thư"),
    ("TU", "Ban Thường vụ Thành ủy"),
    ("QU", "Ban Thường vụ Quận ủy"),
    ("ĐU", "Đảng ủy phường"),
    ("HU", "Huyện ủy"),
];

const ABBRS: &[(&str, &str)] = &[
    ("GPMB", "giải phóng mặt bằng"),
    ("CCHC", "cải cách hành chính"),
    ("PCCC", "phòng cháy, chữa cháy"),
    ("ATGT", "an toàn giao thông"),
    ("ANTT", "an ninh trật tự"),
    ("TTHC", "thủ tục hành chính"),
    ("NSNN", "ngân sách nhà nước"),
    ("GRDP", "tổng sản phẩm trên địa bàn"),
    ("CNTT", "công nghệ thông tin"),
    ("FDI", "đầu tư trực tiếp nước ngoài"),
];

const ROMAN: &[&str] = &[
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI",
];

/// Page furniture left by scrapers (never a related-articles header, which
/// would turn the rest of the article into debris).
const DEBRIS: &[&str] = &[
    "Phiên bản di động",
    "0:00 / 0:00",
    "Chia sẻ",
    "Facebook",
    "Zalo",
    "BÌNH LUẬN (0)",
    "Họ tên:(*)",
    "Đăng ký ấn phẩm|Đăng nhập",
    "Nữ miền Bắc",
    "Lượt xem: 1.204",
    "Lên đầu trang",
    "In bài",
];

const TIMES: &[&str] = &["Sáng", "Chiều", "Tối", "Trưa", "Ngày"];

/// Sentences without entities, to dilute (they still carry tone-style words).
const FILLER: &[&str] = &[
    "Các đại biểu tập trung thảo luận, làm rõ những hạn chế và nguyên nhân.",
    "Công tác quản lý nhà trọ, nhà cho thuê còn lúng túng; việc thu phí dịch vụ tại một số khu chung cư chưa thống nhất.",
    "Văn hóa - xã hội có nhiều tiến bộ, an sinh xã hội được bảo đảm.",
    "Nhiều hộ đã sinh sống ở đây mấy chục năm, nên để người dân đồng thuận, cán bộ đã đến từng nhà vận động.",
    "Hòa chung không khí thi đua, các tổ dân phố ra quân tổng vệ sinh môi trường, trồng mới cây xanh.",
    "Công tác thủy lợi, phòng chống thiên tai được triển khai chủ động, bảo đảm an toàn cho người dân.",
    "Người dân không cần khẩu hiệu, người dân cần hồ sơ được trả đúng hẹn.",
    "Việc ứng dụng công nghệ trong quản lý đô thị chưa đồng đều; tiến độ một số dự án còn chậm.",
    "Quốc phòng, an ninh được giữ vững; trật tự an toàn xã hội ổn định.",
    "Hội nghị đã biểu quyết thông qua nghị quyết với tỷ lệ đồng thuận tuyệt đối.",
    "Mỗi cán bộ, đảng viên, trước hết là người đứng đầu, phải nói đi đôi với làm.",
    "Khối lượng công việc rất lớn, thời gian không chờ đợi chúng ta.",
    "Các trường học trên địa bàn hoàn thành năm học, chăm lo sức khỏe cho học sinh.",
    "Hóa đơn điện tử được áp dụng rộng rãi, giúp doanh nghiệp tiết kiệm chi phí.",
    "Đề án chuyển đổi số được xác định là khâu đột phá, bảo đảm hòa nhập với xu thế chung.",
];

/// A recurring official: name and how the article introduces them.
struct Official {
    name: String,
    posts: Vec<String>,
    rank: Option<&'static str>,
    former: bool,
}

/// A place with its type word and, optionally, its parent.
struct Place {
    typed: String,
    bare: String,
    parent: Option<String>,
}

struct World {
    officials: Vec<Official>,
    focus: Vec<Place>,
    elsewhere: Vec<Place>,
    focus_unit: String,
    focus_type: String,
    year: i32,
}

fn lines(s: &'static str) -> Vec<&'static str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// "quận" → "Quận ủy", "thị xã" → "Thị ủy".
fn party_committee(unit_type: &str) -> String {
    match unit_type {
        "thị xã" => "Thị ủy".to_string(),
        t => format!("{} ủy", capitalize(t)),
    }
}

fn thousands(mut n: u64) -> String {
    let mut parts = Vec::new();
    loop {
        if n < 1000 {
            parts.push(n.to_string());
            break;
        }
        parts.push(format!("{:03}", n % 1000));
        n /= 1000;
    }
    parts.reverse();
    parts.join(".")
}

fn person_name(rng: &mut Rng, surnames: &[&str], middle: &[&str], given: &[&str]) -> String {
    let surname = if rng.chance(0.75) {
        rng.pick(COMMON_SURNAMES)
    } else {
        rng.pick(surnames)
    };
    let mut name = surname.to_string();
    let middles = if rng.chance(0.15) { 2 } else { 1 };
    for _ in 0..middles {
        name.push(' ');
        name.push_str(rng.pick(middle));
    }
    name.push(' ');
    name.push_str(rng.pick(given));
    name
}

impl World {
    fn new(rng: &mut Rng) -> World {
        let g = &Lexicons::get().gazetteer;
        let surnames = lines(SURNAMES);
        let middle = lines(MIDDLE);
        let given = lines(GIVEN);
        // A focus district (old era: the article is dated 2024) and its wards.
        let districts: Vec<usize> = (0..g.units.len())
            .filter(|&i| {
                let u = &g.units[i];
                u.era == Era::Before2025
                    && matches!(u.unit_type.as_str(), "quận" | "huyện" | "thị xã")
                    && u.parent.is_some()
            })
            .collect();
        let district = rng.pick(&districts);
        let place = |i: usize| {
            let u = &g.units[i];
            Place {
                typed: u.full_name(),
                bare: u.name.clone(),
                parent: u.parent.map(|p| g.units[p].full_name()),
            }
        };
        let mut focus: Vec<Place> = (0..g.units.len())
            .filter(|&i| g.units[i].parent == Some(district))
            .map(place)
            .collect();
        focus.push(place(district));
        let old: Vec<usize> = (0..g.units.len())
            .filter(|&i| g.units[i].era == Era::Before2025)
            .collect();
        let elsewhere = (0..300).map(|_| place(rng.pick(&old))).collect();
        let focus_type = g.units[district].unit_type.clone();
        let focus_unit = g.units[district].name.clone();
        let committee = party_committee(&focus_type);
        let organ = |form: &str| form.replace("{U}", &committee).replace("{u}", &focus_type);
        let officials = (0..120)
            .map(|_| {
                let n_posts = rng.range(1, 3);
                let posts = (0..n_posts)
                    .map(|_| {
                        if rng.chance(0.6) {
                            format!("{} {}", rng.pick(ROLES), organ(rng.pick(ORGAN_FORMS)))
                        } else {
                            rng.pick(DEPARTMENT_POSTS).to_string()
                        }
                    })
                    .collect();
                Official {
                    name: person_name(rng, &surnames, &middle, &given),
                    posts,
                    rank: rng.chance(0.08).then(|| rng.pick(RANKS)),
                    former: rng.chance(0.07),
                }
            })
            .collect();
        World {
            officials,
            focus,
            elsewhere,
            focus_unit,
            focus_type,
            year: 2024,
        }
    }
}

/// Knobs for [`generate_with`].
#[derive(Debug, Clone)]
pub struct GenOptions {
    pub seed: u64,
    /// Fraction of paragraphs in the minority tone-mark placement.
    pub other_tone_style: f64,
    /// Fraction of sentences written in NFD.
    pub nfd_sentence: f64,
    /// Fraction of paragraphs whose line breaks are CRLF.
    pub crlf_paragraph: f64,
    /// Fraction of blocks that are page furniture.
    pub debris_line: f64,
    /// Fraction of entity mentions wrapped in an annotation.
    pub annotated_mention: f64,
    /// Fraction of sentences with a zero-width space or soft hyphen.
    pub invisible_sentence: f64,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            seed: 2024,
            other_tone_style: 0.05,
            nfd_sentence: 0.01,
            crlf_paragraph: 0.10,
            debris_line: 0.03,
            annotated_mention: 0.005,
            invisible_sentence: 0.002,
        }
    }
}

struct Gen<'a> {
    rng: Rng,
    w: World,
    o: &'a GenOptions,
    /// Abbreviations already defined inline.
    defined: Vec<&'static str>,
}

impl Gen<'_> {
    fn annotate(&mut self, text: String, class: &str) -> String {
        if self.rng.chance(self.o.annotated_mention) {
            format!("[{text}]{{.{class}}}")
        } else {
            text
        }
    }

    fn official(&mut self) -> usize {
        // Zipf-ish: a few officials recur a lot.
        let n = self.w.officials.len();
        let i = self.rng.below(n);
        if self.rng.chance(0.5) { i % 12 } else { i }
    }

    fn person(&mut self, i: usize) -> String {
        let name = self.w.officials[i].name.clone();
        self.annotate(name, "person")
    }

    fn post(&mut self, i: usize) -> String {
        let o = &self.w.officials[i];
        let p = o.posts[self.rng.below(o.posts.len())].clone();
        let p = if o.former { format!("nguyên {p}") } else { p };
        self.annotate(p, "title")
    }

    /// "đồng chí X, Post, Post" / "Post X" / "Đại tá X, Post" / "ông X - Post".
    fn introduce(&mut self) -> String {
        let i = self.official();
        let name = self.person(i);
        let post = self.post(i);
        let rank = self.w.officials[i].rank;
        match (rank, self.rng.below(5)) {
            (Some(r), _) => format!("{r} {name}, {post}"),
            (None, 0) => format!("{post} {name}"),
            (None, 1) => {
                let second = self.post(i);
                if second == post {
                    format!("đồng chí {name}, {post}")
                } else {
                    format!("đồng chí {name}, {post}, {second}")
                }
            }
            (None, 2) => format!("đồng chí {name} - {post}"),
            (None, 3) => format!(
                "{} {name}, {post}",
                if self.rng.chance(0.5) { "ông" } else { "bà" }
            ),
            _ => format!("đồng chí {name}, {post}"),
        }
    }

    fn place(&mut self) -> String {
        let from_focus = self.rng.chance(0.7);
        let list = if from_focus {
            &self.w.focus
        } else {
            &self.w.elsewhere
        };
        let p = &list[self.rng.below(list.len())];
        let (typed, bare, parent) = (p.typed.clone(), p.bare.clone(), p.parent.clone());
        let text = match self.rng.below(4) {
            0 if from_focus => bare,
            1 => match parent {
                Some(parent) => format!("{typed} ({parent})"),
                None => typed,
            },
            _ => typed,
        };
        self.annotate(text, "place")
    }

    fn day(&mut self) -> (u32, u32) {
        let m = self.rng.range(1, 12) as u32;
        let d = self.rng.range(1, 28) as u32;
        (d, m)
    }

    fn date(&mut self) -> String {
        let y = self.w.year;
        let (d, m) = self.day();
        let text = match self.rng.below(8) {
            0 => format!("ngày {d}/{m}/{y}"),
            1 => format!("ngày {d}/{m}"),
            2 => format!("tháng {m}/{y}"),
            3 => format!("năm {}", y - self.rng.below(3) as i32),
            4 => "nhiệm kỳ 2020-2025".to_string(),
            5 => format!("quý {}/{y}", ROMAN[self.rng.below(4)]),
            6 => format!("6 tháng đầu năm {y}"),
            _ => format!("{d}/{m}/{}", y - self.rng.below(6) as i32),
        };
        self.annotate(text, "date")
    }

    fn time_of_day(&mut self) -> String {
        let (d, m) = self.day();
        format!("{} {d}/{m}", self.rng.pick(TIMES))
    }

    fn document(&mut self) -> String {
        let (kind, code) = self.rng.pick(DOC_KINDS);
        let (issuer, by) = self.rng.pick(DOC_ISSUERS);
        let n = self.rng.range(1, 250);
        let (d, m) = self.day();
        let year = self.w.year - self.rng.below(8) as i32;
        let text = match self.rng.below(4) {
            0 => format!("Quyết định số {}/QĐ-UBND", self.rng.range(100, 9999)),
            1 => format!("Nghị quyết số {n}/{year}/QH15"),
            _ => format!("{kind} số {n}-{code}/{issuer}"),
        };
        let text = self.annotate(text, "doc");
        format!("{text} ngày {d}/{m}/{year} của {by}")
    }

    fn quantity(&mut self) -> String {
        let text = match self.rng.below(6) {
            0 => format!("{} tỷ đồng", thousands(self.rng.range(5, 60_000) as u64)),
            1 => format!("{},{}%", self.rng.range(1, 130), self.rng.below(10)),
            2 => format!("{} ha", self.rng.range(1, 900)),
            3 => format!("{} triệu USD", self.rng.range(10, 900)),
            4 => format!("{} km", self.rng.range(1, 120)),
            _ => format!("{}%", self.rng.range(50, 100)),
        };
        self.annotate(text, "quantity")
    }

    fn money(&mut self) -> String {
        let text = format!("{} tỷ đồng", thousands(self.rng.range(5, 60_000) as u64));
        self.annotate(text, "quantity")
    }

    fn pct(&mut self) -> String {
        let text = if self.rng.chance(0.5) {
            format!("{},{}%", self.rng.range(1, 130), self.rng.below(10))
        } else {
            format!("{}%", self.rng.range(50, 100))
        };
        self.annotate(text, "quantity")
    }

    fn area(&mut self) -> String {
        let text = format!("{} ha", self.rng.range(1, 900));
        self.annotate(text, "quantity")
    }

    fn count(&mut self) -> String {
        thousands(self.rng.range(12, 95_000) as u64)
    }

    fn ordinal(&mut self) -> String {
        let r = ROMAN[self.rng.below(ROMAN.len())];
        match self.rng.below(3) {
            0 => format!("lần thứ {r}"),
            1 => format!("khóa {r}"),
            _ => format!("lần thứ {}", self.rng.range(2, 30)),
        }
    }

    fn abbr(&mut self) -> String {
        let (a, long) = self.rng.pick(ABBRS);
        if self.defined.contains(&a) {
            a.to_string()
        } else {
            self.defined.push(a);
            format!("{long} ({a})")
        }
    }

    fn org(&mut self) -> String {
        let t = self.w.focus_type.clone();
        let u = self.w.focus_unit.clone();
        match self.rng.below(5) {
            0 => format!("Đảng bộ {t} {u}"),
            1 => format!("Ban Chấp hành Đảng bộ {t}"),
            2 => format!("UBND {t} {u}"),
            3 => format!("Ban Thường vụ {}", party_committee(&t)),
            _ => format!("Ủy ban Kiểm tra {}", party_committee(&t)),
        }
    }

    fn sentence(&mut self) -> String {
        match self.rng.below(18) {
            0 => format!(
                "{}, {} tổ chức Hội nghị {} {}, đánh giá tình hình thực hiện nhiệm vụ {}.",
                self.time_of_day(),
                self.org(),
                self.ordinal(),
                self.org(),
                self.date()
            ),
            1 => format!(
                "Dự hội nghị có các đồng chí: {}; {}; {}.",
                self.introduce(),
                self.introduce(),
                self.introduce()
            ),
            2 => format!(
                "Theo báo cáo do {} trình bày, tổng thu ngân sách trên địa bàn đạt {}, bằng {} dự toán.",
                self.introduce(),
                self.money(),
                self.pct()
            ),
            3 => format!(
                "Công tác {} tiếp tục là điểm sáng; {} đã bàn giao {} mặt bằng với diện tích {}.",
                self.abbr(),
                self.place(),
                self.pct(),
                self.area()
            ),
            4 => format!(
                "Thành phố đã tập trung cụ thể hóa {} về phát triển {} đến năm 2030.",
                self.document(),
                self.place()
            ),
            5 => {
                let post = self.introduce();
                format!(
                    "Phát biểu chỉ đạo, {post} ghi nhận, biểu dương những kết quả mà {} đạt được.",
                    self.org()
                )
            }
            6 => format!(
                "\"{}\", {} nhấn mạnh.",
                self.rng.pick(FILLER).trim_end_matches('.'),
                self.introduce()
            ),
            7 => format!(
                "Bộ phận một cửa đã tiếp nhận, giải quyết {} hồ sơ {}, tỷ lệ đúng hạn đạt {}.",
                self.count(),
                self.abbr(),
                self.pct()
            ),
            8 => format!(
                "Đại hội đã bầu {} đồng chí vào Ban Chấp hành Đảng bộ {} {} {}, nhiệm kỳ 2025-2030.",
                self.rng.range(15, 61),
                self.w.focus_type.clone(),
                self.w.focus_unit.clone(),
                self.ordinal(),
            ),
            9 => format!(
                "Các tuyến phố ở {}, {} và {} được chỉnh trang; tỷ lệ hộ gia đình văn hóa đạt {}.",
                self.place(),
                self.place(),
                self.place(),
                self.pct()
            ),
            10 => format!(
                "Công tác nhân sự phải thực hiện đúng {}, bảo đảm chọn đúng người có đức, có tài.",
                self.document()
            ),
            11 => format!(
                "Tham dự có {}, cùng đại diện lãnh đạo các sở, ban, ngành và {}.",
                self.introduce(),
                self.place()
            ),
            12 => format!(
                "Tốc độ tăng trưởng {} ước đạt {}, thu hút {} đạt {}, tăng {} so với {}.",
                self.abbr(),
                self.pct(),
                self.abbr(),
                self.quantity(),
                self.pct(),
                self.date()
            ),
            13 => format!(
                "Đến {}, {} đã tổ chức {} đợt kiểm tra {} tại các cơ sở sản xuất kinh doanh ở {}.",
                self.date(),
                self.w.focus_type.clone(),
                self.rng.range(2, 80),
                self.abbr(),
                self.place()
            ),
            _ => self.rng.pick(FILLER).to_string(),
        }
    }

    fn paragraph(&mut self) -> String {
        let n = self.rng.range(2, 7);
        let mut sentences: Vec<String> = Vec::with_capacity(n);
        for _ in 0..n {
            let mut s = self.sentence();
            if self.rng.chance(self.o.nfd_sentence) {
                s = s.nfd().collect();
            }
            if self.rng.chance(self.o.invisible_sentence) {
                let at = s
                    .char_indices()
                    .nth(s.chars().count() / 2)
                    .map_or(0, |(i, _)| i);
                let mark = if self.rng.chance(0.5) {
                    '\u{200B}'
                } else {
                    '\u{00AD}'
                };
                s.insert(at, mark);
            }
            sentences.push(s);
        }
        let mut p = sentences.join(" ");
        if self.rng.chance(self.o.other_tone_style) {
            p = respell_text(&p, ToneStyle::MarkOnSecond);
        }
        p
    }
}

/// Respells every word of `text` in `style`.
fn respell_text(text: &str, style: ToneStyle) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphabetic() || ('\u{300}'..='\u{36f}').contains(&c) {
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push_str(&respell(&word, style));
                word.clear();
            }
            out.push(c);
        }
    }
    if !word.is_empty() {
        out.push_str(&respell(&word, style));
    }
    out
}

/// An article of about `size` bytes (never less; at most one block more)
/// with front matter, headline and varied body. Deterministic for a seed.
pub fn generate(size: usize, seed: u64) -> String {
    generate_with(
        size,
        &GenOptions {
            seed,
            ..GenOptions::default()
        },
    )
}

pub fn generate_with(size: usize, o: &GenOptions) -> String {
    let mut rng = Rng::new(o.seed);
    let w = World::new(&mut rng);
    let mut g = Gen {
        rng,
        w,
        o,
        defined: Vec::new(),
    };
    let ordinal = g.ordinal();
    let headline = format!(
        "Đại hội Đảng bộ {} {} {ordinal} xác định ba khâu đột phá",
        g.w.focus_type, g.w.focus_unit,
    );
    let mut out = format!(
        "---\ntitle: {headline}\ndate: 2024-07-26\nsource: Báo Ví Dụ (văn bản sinh tự động cho benchmark)\n---\n{headline}\n\n"
    );
    let mut k = 0usize;
    while out.len() < size {
        k += 1;
        let eol = if g.rng.chance(o.crlf_paragraph) {
            "\r\n"
        } else {
            "\n"
        };
        if g.rng.chance(o.debris_line) {
            out.push_str(g.rng.pick(DEBRIS));
            out.push_str(eol);
            out.push_str(eol);
            continue;
        }
        match g.rng.below(40) {
            0 => {
                let s = g.sentence();
                out.push_str("## ");
                out.push_str(s.trim_end_matches('.'));
            }
            1 | 2 => {
                for _ in 0..g.rng.range(2, 5) {
                    out.push_str("- ");
                    let s = g.sentence();
                    out.push_str(&s);
                    out.push_str(eol);
                }
                out.push_str(eol);
                continue;
            }
            3 => {
                out.push_str("> ");
                let p = g.paragraph();
                out.push_str(&p);
            }
            4 if k.is_multiple_of(7) => {
                out.push_str("<!-- ghi chú biên tập: kiểm tra lại số liệu -->")
            }
            5 => {
                // A paragraph written over two lines.
                let a = g.paragraph();
                let b = g.paragraph();
                out.push_str(&a);
                out.push_str(eol);
                out.push_str(&b);
            }
            _ => {
                let p = g.paragraph();
                out.push_str(&p);
            }
        }
        out.push_str(eol);
        out.push_str(eol);
    }
    out
}

pub const KB: usize = 1024;
pub const MB: usize = 1024 * 1024;

/// "10KB", "1MB".
pub fn size_label(size: usize) -> String {
    if size >= MB && size.is_multiple_of(MB) {
        format!("{}MB", size / MB)
    } else {
        format!("{}KB", size / KB)
    }
}

/// `n` byte offsets spread over `text`, on char boundaries (deterministic).
pub fn offsets(text: &str, n: usize, seed: u64) -> Vec<usize> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|_| {
            let mut at = rng.below(text.len().max(1));
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        })
        .collect()
}
