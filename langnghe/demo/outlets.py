"""The demo's hosts, declared as data: five invented news outlets and one forum.

Each host gets its own loopback address so that the crawler sees six distinct sites
(Linux answers on all of 127.0.0.0/8). ``daily`` is the mean number of ordinary items
per day; the planted events (:mod:`langnghe.demo.planted`) come on top.
"""

from __future__ import annotations

from langnghe.demo.model import Feed, Outlet

_ALL = ("north", "central", "highlands", "south")

OUTLETS: tuple[Outlet, ...] = (
    Outlet(
        id="songhong",
        name="Báo Sông Hồng",
        tagline="Tin tức thời sự, kinh tế, đời sống cập nhật 24 giờ",
        platform="news",
        address="127.0.0.2",
        feeds=(
            Feed("thoi-su", "Thời sự", "/rss/thoi-su.rss", ("thoi-su", "phap-luat", "the-gioi")),
            Feed("kinh-doanh", "Kinh doanh", "/rss/kinh-doanh.rss", ("kinh-doanh", "cong-nghe", "khoa-hoc")),
            Feed("doi-song", "Đời sống", "/rss/doi-song.rss", ("doi-song", "suc-khoe", "van-hoa", "the-thao")),
        ),
        layout="a",
        date_style="weekday_gmt",
        regions=_ALL,
        daily=7.0,
        section_weights={
            "thoi-su": 3, "kinh-doanh": 2, "phap-luat": 2, "suc-khoe": 1.5, "the-thao": 1.5,
            "van-hoa": 1, "cong-nghe": 1, "the-gioi": 2, "doi-song": 1.5, "khoa-hoc": 0.7,
        },
        authors=("Minh Khôi", "Thu Hà", "Hoàng Phương", "Đức Anh", "Lan Chi", "Nhóm phóng viên"),
        id_base=4_812_000,
        robots_disallow=("/tin-doc-quyen/", "/tim-kiem", "/tai-khoan/"),
        blocked_prefix="/tin-doc-quyen",
    ),
    Outlet(
        id="mientrung",
        name="Tin Miền Trung",
        tagline="Nhịp sống dải đất miền Trung và Tây Nguyên",
        platform="news",
        address="127.0.0.3",
        feeds=(
            Feed("thoi-su-xa-hoi", "Thời sự - Xã hội", "/atom/thoi-su-xa-hoi.xml",
                 ("thoi-su", "phap-luat", "doi-song", "suc-khoe", "the-gioi"), "atom"),
            Feed("kinh-te-van-hoa", "Kinh tế - Văn hóa", "/atom/kinh-te-van-hoa.xml",
                 ("kinh-doanh", "van-hoa", "the-thao", "khoa-hoc", "cong-nghe"), "atom"),
        ),
        layout="b",
        date_style="short_gmt",
        regions=("central", "highlands"),
        daily=4.0,
        section_weights={
            "thoi-su": 3, "kinh-doanh": 1.5, "phap-luat": 1.5, "suc-khoe": 1, "the-thao": 1,
            "van-hoa": 1.5, "cong-nghe": 0.5, "the-gioi": 0.5, "doi-song": 1.5, "khoa-hoc": 0.7,
        },
        authors=("Phan Thảo", "Hồ Quang", "Bảo Trâm", "Lê Vĩnh"),
        id_base=230_000,
        robots_disallow=("/quan-tri/", "/tim-kiem/"),
    ),
    Outlet(
        id="phuongnam",
        name="Nhịp Sống Phương Nam",
        tagline="Tin nhanh miền Nam: xã hội, giải trí, thể thao",
        platform="news",
        address="127.0.0.4",
        feeds=(
            Feed("xa-hoi", "Xã hội", "/rss/xa-hoi.rss", ("thoi-su", "phap-luat", "doi-song", "suc-khoe")),
            Feed("giai-tri-the-thao", "Giải trí - Thể thao", "/rss/giai-tri-the-thao.rss",
                 ("van-hoa", "the-thao", "cong-nghe", "the-gioi", "kinh-doanh", "khoa-hoc")),
        ),
        layout="b",
        date_style="weekday_dash",
        regions=("south",),
        daily=4.5,
        section_weights={
            "thoi-su": 2.5, "kinh-doanh": 1, "phap-luat": 2, "suc-khoe": 1.5, "the-thao": 1.5,
            "van-hoa": 1.5, "cong-nghe": 0.7, "the-gioi": 0.7, "doi-song": 2.5, "khoa-hoc": 0.4,
        },
        authors=("Ngọc Trâm", "Tấn Lộc", "Mỹ Duyên", "Quốc Việt"),
        id_base=1_157_000,
        robots_disallow=("/admin/", "/tim-kiem/"),
    ),
    Outlet(
        id="hungyen",
        name="Báo Hưng Yên Ngày Mới",
        tagline="Cơ quan thông tin của người dân Hưng Yên",
        platform="news",
        address="127.0.0.5",
        feeds=(Feed("tin-tuc", "Tin tức", "/rss/tin-tuc.rss", tuple()),),
        layout="c",
        date_style="time_pipe",
        regions=("north",),
        daily=3.0,
        home_province="Hưng Yên",
        section_weights={
            "thoi-su": 3, "kinh-doanh": 1.5, "phap-luat": 1.5, "suc-khoe": 1, "the-thao": 0.7,
            "van-hoa": 1.2, "cong-nghe": 0.4, "doi-song": 1.2, "khoa-hoc": 0.4,
        },
        authors=("Thanh Tùng", "Vũ Hằng", "Đỗ Nam"),
        id_base=88_000,
        robots_disallow=("/wp-admin/",),
    ),
    Outlet(
        id="kinhteso",
        name="Thời báo Kinh tế Số",
        tagline="Kinh tế, doanh nghiệp, công nghệ và pháp luật kinh doanh",
        platform="news",
        address="127.0.0.6",
        feeds=(
            Feed("kinh-doanh", "Kinh doanh", "/rss/kinh-doanh.rss", ("kinh-doanh", "the-gioi", "thoi-su")),
            Feed("cong-nghe", "Công nghệ", "/rss/cong-nghe.rss", ("cong-nghe", "khoa-hoc")),
            Feed("phap-luat", "Pháp luật kinh doanh", "/rss/phap-luat.rss", ("phap-luat",)),
        ),
        layout="a",
        date_style="date_pipe",
        regions=_ALL,
        daily=4.0,
        section_weights={"kinh-doanh": 5, "cong-nghe": 2.5, "phap-luat": 1.5, "the-gioi": 1, "khoa-hoc": 0.8},
        authors=("Bảo Ngọc", "Trường Giang", "Khánh Linh", "Việt Hà"),
        id_base=612_000,
        robots_disallow=("/tim-kiem", "/api/"),
    ),
    Outlet(
        id="phophuong",
        name="Diễn đàn Phố Phường",
        tagline="Nơi chia sẻ chuyện phố, chuyện làng",
        platform="forum",
        address="127.0.0.7",
        feeds=(Feed("threads", "Chủ đề mới", "/forums/-/index.rss", tuple()),),
        layout="xf",
        date_style="xf",
        regions=("north", "central", "highlands", "south"),
        daily=4.0,
        section_weights={},
        authors=(),
        id_base=15_400,
        interval="15m",
        robots_disallow=("/members/", "/search/", "/login/", "/account/"),
    ),
)
