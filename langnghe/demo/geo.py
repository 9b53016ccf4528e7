"""Vietnam's 34 provincial units (since 1 July 2025) and the provinces merged into them.

The demo writes about real places with invented events; former names appear now and
then ("trước đây thuộc tỉnh Bình Định") because the press still uses them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Region = Literal["north", "central", "highlands", "south"]


@dataclass(frozen=True)
class Province:
    name: str
    region: Region
    city: bool = False
    formers: tuple[str, ...] = ()

    @property
    def admin(self) -> str:
        """How an address names it: 'tỉnh Gia Lai', 'TP Đà Nẵng', 'TP Hồ Chí Minh'."""
        if self.name.startswith("TP "):
            return self.name
        return f"TP {self.name}" if self.city else f"tỉnh {self.name}"

    @property
    def hamlet_word(self) -> str:
        return "ấp" if self.region == "south" else "thôn"


PROVINCES: tuple[Province, ...] = (
    Province("Hà Nội", "north", city=True),
    Province("Lai Châu", "north"),
    Province("Điện Biên", "north"),
    Province("Sơn La", "north"),
    Province("Lạng Sơn", "north"),
    Province("Quảng Ninh", "north"),
    Province("Cao Bằng", "north"),
    Province("Tuyên Quang", "north", formers=("Hà Giang",)),
    Province("Lào Cai", "north", formers=("Yên Bái",)),
    Province("Thái Nguyên", "north", formers=("Bắc Kạn",)),
    Province("Phú Thọ", "north", formers=("Vĩnh Phúc", "Hòa Bình")),
    Province("Bắc Ninh", "north", formers=("Bắc Giang",)),
    Province("Hưng Yên", "north", formers=("Thái Bình",)),
    Province("Hải Phòng", "north", city=True, formers=("Hải Dương",)),
    Province("Ninh Bình", "north", formers=("Hà Nam", "Nam Định")),
    Province("Thanh Hóa", "central"),
    Province("Nghệ An", "central"),
    Province("Hà Tĩnh", "central"),
    Province("Quảng Trị", "central", formers=("Quảng Bình",)),
    Province("Huế", "central", city=True),
    Province("Đà Nẵng", "central", city=True, formers=("Quảng Nam",)),
    Province("Quảng Ngãi", "central", formers=("Kon Tum",)),
    Province("Khánh Hòa", "central", formers=("Ninh Thuận",)),
    Province("Gia Lai", "highlands", formers=("Bình Định",)),
    Province("Đắk Lắk", "highlands", formers=("Phú Yên",)),
    Province("Lâm Đồng", "highlands", formers=("Đắk Nông", "Bình Thuận")),
    Province("TP Hồ Chí Minh", "south", city=True, formers=("Bình Dương", "Bà Rịa - Vũng Tàu")),
    Province("Đồng Nai", "south", formers=("Bình Phước",)),
    Province("Tây Ninh", "south", formers=("Long An",)),
    Province("Cần Thơ", "south", city=True, formers=("Sóc Trăng", "Hậu Giang")),
    Province("Vĩnh Long", "south", formers=("Bến Tre", "Trà Vinh")),
    Province("Đồng Tháp", "south", formers=("Tiền Giang",)),
    Province("Cà Mau", "south", formers=("Bạc Liêu",)),
    Province("An Giang", "south", formers=("Kiên Giang",)),
)

_BY_NAME = {p.name: p for p in PROVINCES}


def province(name: str) -> Province:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown province {name!r}; known: {', '.join(_BY_NAME)}") from None


def in_regions(regions: tuple[str, ...]) -> tuple[Province, ...]:
    return tuple(p for p in PROVINCES if p.region in regions)


# Commune and ward names: common Vietnamese place words, not tied to one real place.
COMMUNES: tuple[str, ...] = (
    "An Phú", "Bình Minh", "Đông Sơn", "Hòa Lạc", "Kim Long", "Lạc Hồng", "Minh Đức", "Nam Phong",
    "Phú Lộc", "Tân Hiệp", "Thạnh Phú", "Vĩnh An", "Xuân Hòa", "Yên Lạc", "Hưng Đạo", "Tiên Phong",
    "Trung Nghĩa", "Phước Thạnh", "Long Hòa", "Hòa Thuận", "Quang Minh", "Tân Lập", "Đại Đồng",
    "Thuận Thành", "Hồng Phong", "Mỹ Lộc", "Bình Thạnh", "Cẩm Thành", "Gia Hòa", "Ngọc Lâm",
)

HAMLETS: tuple[str, ...] = (
    "Đông", "Đoài", "Thượng", "Hạ", "Trung", "Phú Lợi", "Tân Thành", "Bình An", "Mỹ Hòa", "Cầu Đá",
    "Bến Đò", "Gò Cát", "Rạch Sậy", "Hòa Bình", "Phước Lộc",
)
