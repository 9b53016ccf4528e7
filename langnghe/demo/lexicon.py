"""Invented names that fill the demo's templates: people, companies, clubs, apps.

Everything here is fictional; person names are ordinary Vietnamese name parts put
together at random, so any match with a real person is chance.
"""

from __future__ import annotations

FAMILY = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Mai",
)
MALE_MIDDLE = ("Văn", "Minh", "Đức", "Quốc", "Hữu", "Thanh", "Công", "Xuân", "Gia", "Trọng")
FEMALE_MIDDLE = ("Thị", "Ngọc", "Thu", "Thanh", "Mỹ", "Phương", "Hồng", "Kim", "Bích", "Diệu")
MALE_GIVEN = (
    "Hùng", "Dũng", "Tuấn", "Nam", "Long", "Sơn", "Thắng", "Phúc", "Khang", "Hải", "Bình",
    "Tâm", "Quang", "Trung", "Hiếu", "Toàn", "Khoa", "Lộc", "Đạt", "Vinh", "Thịnh", "Nghĩa",
)
FEMALE_GIVEN = (
    "Lan", "Hoa", "Hương", "Mai", "Linh", "Trang", "Hạnh", "Thảo", "Ngân", "Yến", "Vy", "Hà",
    "Nhung", "Loan", "Oanh", "Quyên", "Châu", "Duyên",
)

# (full name, short name used on second mention)
COMPANIES: tuple[tuple[str, str], ...] = (
    ("Công ty CP Thực phẩm Sao Việt Xanh", "Sao Việt Xanh"),
    ("Tập đoàn Bách Việt Hưng", "Bách Việt Hưng"),
    ("Công ty CP Đầu tư Nam Việt Lộc", "Nam Việt Lộc"),
    ("Công ty TNHH Nông sản Mây Xanh", "Mây Xanh"),
    ("Công ty CP Logistics Cửa Biển", "Cửa Biển"),
    ("Công ty CP Dược phẩm An Tâm", "An Tâm"),
    ("Công ty CP Công nghệ Lạc Hồng Số", "Lạc Hồng Số"),
    ("Công ty TNHH May mặc Hải Đăng", "Hải Đăng"),
    ("Công ty CP Thủy sản Phương Nam Xanh", "Phương Nam Xanh"),
    ("Công ty CP Năng lượng Gió Ngàn", "Gió Ngàn"),
    ("Công ty CP Vật liệu Xanh Kim Sơn", "Kim Sơn"),
    ("Công ty TNHH Điện tử Thiên Quang", "Thiên Quang"),
    ("Công ty CP Cà phê Đồi Nắng", "Đồi Nắng"),
    ("Công ty CP Xây dựng Trường Phát Lộc", "Trường Phát Lộc"),
)

BRANDS = (
    "ViVu Pay", "HọcVui", "ChợNhà", "GiaoNhanh", "SổKhám", "TiềnGọn", "XeỚi", "NôngDânSố", "MinhBạch",
    "ĐiChợHộ",
)

CLUBS = (
    "Hải Âu FC", "Bạch Đằng FC", "Cao Nguyên Xanh", "Phù Sa FC", "Kinh Bắc United", "Sông Hàn Star",
    "Tràng An FC", "Đồi Thông FC", "Cửa Biển FC", "Núi Ngự FC",
)

COUNTRIES = (
    "Nhật Bản", "Hàn Quốc", "Indonesia", "Thái Lan", "Malaysia", "Philippines", "Australia", "Ấn Độ",
    "Brazil", "Canada", "Đức", "Pháp", "Italy", "Tây Ban Nha", "Mexico", "New Zealand", "Chile",
    "Kenya", "Ai Cập", "Na Uy",
)

SCHOOLS = ("Lê Lợi", "Nguyễn Du", "Trần Phú", "Chu Văn An", "Lê Quý Đôn", "Nguyễn Trãi", "Quang Trung")
