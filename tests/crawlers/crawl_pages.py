"""Small builders of feeds and article pages for crawl tests (written for these tests)."""

from __future__ import annotations

from html import escape

PARAGRAPHS = (
    "Sáng nay, Ủy ban nhân dân tỉnh đã tổ chức hội nghị trực tuyến với các huyện để bàn phương án "
    "ứng phó với đợt mưa lớn kéo dài dự báo sẽ xảy ra trong tuần tới.",
    "Theo Đài khí tượng thủy văn, lượng mưa phổ biến từ 150 đến 300 milimét, có nơi trên 400 milimét, "
    "nguy cơ cao xảy ra lũ quét và sạt lở đất tại các xã vùng núi.",
    "Lãnh đạo tỉnh yêu cầu các địa phương rà soát khu dân cư ven sông suối, chuẩn bị sẵn lương thực, "
    "thuốc men và phương tiện cứu hộ, không để người dân bị động khi có tình huống xấu.",
    "Người dân được khuyến cáo theo dõi thông tin trên các kênh chính thống, không đi qua ngầm tràn "
    "khi nước chảy xiết và báo ngay cho chính quyền khi phát hiện dấu hiệu sạt lở.",
)


def article_page(title: str, paragraphs: tuple[str, ...] | list[str] = PARAGRAPHS, *, date_line: str = "",
                 charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="vi"><head>{meta}<title>{escape(title)} - Báo Mẫu</title></head>
<body>
<header><nav><a href="/">Trang chủ</a> <a href="/thoi-su/">Thời sự</a> <a href="/dang-nhap">Đăng nhập</a></nav></header>
<main><article>
<h1>{escape(title)}</h1>
<div class="date">{escape(date_line)}</div>
{body}
</article></main>
<footer><p>Giấy phép hoạt động báo điện tử số 123/GP-BTTTT. Ghi rõ nguồn khi phát hành lại thông tin.</p></footer>
</body></html>"""


def rss(entries: list[tuple[str, str, str]], *, title: str = "Báo Mẫu") -> str:
    """``entries``: (title, link, pubDate RFC 822)."""
    items = "\n".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link><pubDate>{date}</pubDate>"
        f"<description>{escape(t)}.</description></item>"
        for t, link, date in entries
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{escape(title)}</title><link>{{base}}/</link>
<description>Tin mới</description>{items}</channel></rss>"""


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: letters with a tone become the base letter plus a combining tone mark."""
    import unicodedata

    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        # Keep the vowel's own mark (circumflex, breve, horn) composed: cp1258 has â, ă, ơ, ư...
        for mark in list(marks):
            composed = unicodedata.normalize("NFC", base + mark)
            if len(composed) == 1 and composed.encode("cp1258", "ignore"):
                base = composed
                marks.remove(mark)
        out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)
