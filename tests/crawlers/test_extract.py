"""`langnghe extract FILE --url URL`: saved pages and feeds, written here in the shapes of
Vietnamese news sites (all sentences invented for these tests), run through the CLI."""

from __future__ import annotations

import json
import os
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from crawl_pages import to_cp1258
from typer.testing import CliRunner

from langnghe.cli import app
from langnghe.crawlers.decoding import decode_page, declared_charset
from langnghe.crawlers.extract import PageExtract, extract_file

URL = "https://bao.example/thoi-su/cau-moi-qua-song-123.html"
SAVED_AT = datetime(2026, 11, 22, 5, 0, tzinfo=timezone.utc)

PARAGRAPHS = [
    "Sáng nay, người dân hai bên bờ sông đã có thể đi qua cây cầu mới thay cho chuyến đò ngang đã tồn tại "
    "hơn ba mươi năm. Nhiều cụ già đứng xem từ sớm, kể rằng trước đây mỗi mùa nước lên là cả xóm bị cô lập.",
    "Theo ban quản lý dự án, cây cầu dài gần bốn trăm mét, rộng đủ cho hai làn xe ô tô và hai làn đường dành "
    "cho người đi bộ. Công trình được hoàn thành sớm hơn kế hoạch khoảng hai tháng nhờ thời tiết thuận lợi.",
    "Chị Lan, một tiểu thương bán rau ở chợ xã, cho biết từ nay chị không còn phải dậy lúc ba giờ sáng để kịp "
    "chuyến đò đầu tiên. Chị mong chính quyền sớm lắp thêm đèn chiếu sáng ở hai đầu cầu để đi lại an toàn hơn.",
    "Ủy ban nhân dân huyện cho biết sẽ tổ chức phân luồng giao thông trong tuần đầu tiên và lắng nghe ý kiến "
    "của bà con để điều chỉnh biển báo, tốc độ cho phù hợp với thực tế đi lại tại địa phương.",
]
BODY = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
TITLE = "Cây cầu mới nối đôi bờ sông sau ba mươi năm đi đò"

MENU = """<header><nav class="main-nav"><ul>
<li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li><li><a href="/the-gioi">Thế giới</a></li>
<li><a href="/kinh-doanh">Kinh doanh</a></li><li><a href="/giai-tri">Giải trí</a></li><li><a href="/the-thao">Thể thao</a></li>
</ul></nav></header>"""
FOOTER = """<footer class="footer"><p>Bản quyền thuộc về Báo Làng Nghề Điện Tử. Giấy phép số 999/GP-TEST.</p>
<p>Liên hệ quảng cáo: quangcao@bao.example</p></footer>"""


def page(head: str, article: str, *, lang: str = ' lang="vi"', charset: str = '<meta charset="utf-8">') -> str:
    return f"""<!DOCTYPE html><html{lang}><head>{charset}<title>{TITLE} - Báo Mẫu</title>{head}</head>
<body>{MENU}<main><article>{article}</article></main>{FOOTER}</body></html>"""


def vnexpress_like() -> str:
    article = f"""<div class="header-content"><span class="date">Thứ hai, 20/11/2026, 08:15 (GMT+7)</span></div>
<h1 class="title-detail">{TITLE}</h1><p class="description">Người dân xã ven sông không còn phải chờ đò mỗi sáng.</p>
<div class="fck_detail">{BODY}<p class="Normal" style="text-align:right;"><strong>Minh Anh</strong></p></div>"""
    return page(f'<link rel="canonical" href="{URL}">', article)


def tuoitre_like() -> str:
    head = f"""<meta property="article:published_time" content="2026-11-20T08:15:00+07:00">
<meta property="og:url" content="{URL}?utm_source=facebook&amp;fbclid=abc">
<meta property="og:title" content="{TITLE}"><meta name="author" content="Trần Văn Bình">"""
    article = f"""<h1 class="detail-title">{TITLE}</h1>
<div class="detail-time"><div data-role="publishdate">20/11/2026 08:15 GMT+7</div></div>
<div class="detail-content afcbc-body">{BODY}</div>"""
    return page(head, article)


def json_ld_like() -> str:
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": TITLE,
        "datePublished": "2026-11-19T22:30:00+07:00", "dateModified": "2026-11-20T07:00:00+07:00",
        "author": {"@type": "Person", "name": "Lê Thị Hoa"},
    }
    head = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    return page(head, f"<h1>{TITLE}</h1>{BODY}")


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    stamp = SAVED_AT.timestamp()
    os.utime(path, (stamp, stamp))  # "now" for relative dates and the future check is when the page was saved
    return path


def run_json(path: Path, url: str = URL) -> Any:
    result = CliRunner().invoke(app, ["extract", str(path), "--url", url, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_vnexpress_like_page(tmp_path: Path) -> None:
    got = run_json(write(tmp_path, "vnexpress.html", vnexpress_like()))
    # The shape measured from outside, plus two optional fields: where the time came from, and the
    # whole hours by which the metadata's time missed the byline's (null when they agree).
    assert set(got) == {"title", "text", "published_at", "canonical_url", "lang", "author", "time_from", "metadata_off_by_h"}
    assert got["title"] == TITLE
    assert got["published_at"] == "2026-11-20T01:15:00+00:00"  # 08:15 GMT+7
    assert (got["time_from"], got["metadata_off_by_h"]) == ("byline", None)
    assert got["canonical_url"] == URL
    assert got["lang"] == "vi"
    assert PARAGRAPHS[0] in got["text"] and PARAGRAPHS[-1] in got["text"]


def test_tuoitre_like_page_meta_date_and_og_url(tmp_path: Path) -> None:
    got = run_json(write(tmp_path, "tuoitre.html", tuoitre_like()), url="https://bao.example/x?utm_medium=rss")
    assert got["published_at"] == "2026-11-20T01:15:00+00:00"
    assert got["canonical_url"] == URL  # from og:url, tracking parameters dropped
    assert got["author"] == "Trần Văn Bình"
    assert PARAGRAPHS[1] in got["text"]


def test_json_ld_news_article(tmp_path: Path) -> None:
    got = run_json(write(tmp_path, "jsonld.html", json_ld_like()))
    assert got["published_at"] == "2026-11-19T15:30:00+00:00"  # datePublished, not dateModified
    assert got["author"] == "Lê Thị Hoa"
    assert got["canonical_url"] == URL  # no canonical link: the --url, cleaned


def test_windows_1258_page_is_decoded_and_nfc(tmp_path: Path) -> None:
    html = page(
        "", f"<h1>{TITLE}</h1><p>Cập nhật: 08:15 ngày 20/11/2026</p>{BODY}",
        charset='<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">',
    )
    body = to_cp1258(html)
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    got = run_json(write(tmp_path, "cu.html", body))
    assert got["title"] == TITLE
    assert PARAGRAPHS[2] in got["text"]  # composed again: the NFC sentence matches
    assert got["text"] == unicodedata.normalize("NFC", got["text"])
    assert got["published_at"] == "2026-11-20T01:15:00+00:00"


def test_boilerplate_stays_out_of_the_text(tmp_path: Path) -> None:
    related = """<aside class="related"><h3>Tin liên quan</h3><ul><li><a href="/a">Giá vàng hôm nay tăng nhẹ</a>
<span class="time">3 giờ trước</span></li><li><a href="/b">Dự báo thời tiết cuối tuần</a></li></ul></aside>"""
    html = vnexpress_like().replace("</article>", "</article>" + related)
    text = run_json(write(tmp_path, "menu.html", html))["text"]
    for boilerplate in ("Trang chủ", "Kinh doanh", "Bản quyền", "quangcao@", "Tin liên quan", "Giá vàng"):
        assert boilerplate not in text
    assert not text.startswith(TITLE)  # the headline is stored apart


def test_forum_relative_date_is_read_against_the_save_time(tmp_path: Path) -> None:
    html = page("", f'<h1>{TITLE}</h1><div class="post-meta">Đăng bởi <b>hoa_sen</b> · hôm qua lúc 21:30</div>{BODY}')
    got = run_json(write(tmp_path, "forum.html", html))
    assert got["published_at"] == "2026-11-21T14:30:00+00:00"


def test_entities_unescaped_and_no_date(tmp_path: Path) -> None:
    html = page("", f"<h1>Cầu mới &amp; chợ mới</h1><p>Nguồn: &quot;Ban quản lý&quot;</p>{BODY}", lang="")
    got = run_json(write(tmp_path, "entities.html", html))
    assert got["title"] == "Cầu mới & chợ mới"
    assert got["published_at"] is None
    assert got["lang"] == "vi"  # not declared: recognised from the letters


def test_impossible_date_line_gives_null(tmp_path: Path) -> None:
    html = page("", f'<span class="date">Thứ hai, 31/02/2026, 08:15 (GMT+7)</span><h1>{TITLE}</h1>{BODY}')
    assert run_json(write(tmp_path, "bad-date.html", html))["published_at"] is None


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Báo Mẫu - Thời sự</title><link>https://bao.example/thoi-su</link><description>Tin thời sự</description>
<item><title>Cây cầu mới nối đôi bờ sông</title><link>https://bao.example/thoi-su/cau-moi-123.html</link>
<description><![CDATA[<p>Người dân không còn phải <b>chờ đò</b> mỗi sáng.</p>]]></description>
<pubDate>Fri, 20 Nov 2026 08:15:00 +0700</pubDate><dc:creator>Minh Anh</dc:creator></item>
<item><title>Chợ phiên cuối tuần đông vui</title><link>https://bao.example/thoi-su/cho-phien-124.html</link>
<description>Hàng trăm tiểu thương bày bán nông sản.</description><pubDate>Sat, 21 Nov 2026 06:00:00 GMT</pubDate></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Diễn đàn Mẫu</title>
<link href="https://dien-dan.example/"/><id>urn:test:forum</id><updated>2026-11-21T10:00:00+07:00</updated>
<entry><title>Hỏi đường lên cầu mới</title><link href="https://dien-dan.example/t/1"/><id>urn:test:1</id>
<updated>2026-11-21T10:00:00+07:00</updated><author><name>hoa_sen</name></author>
<summary type="html">&lt;p&gt;Cho mình hỏi đi xe máy lên cầu từ phía chợ thế nào?&lt;/p&gt;</summary></entry>
</feed>"""


def test_rss_feed(tmp_path: Path) -> None:
    got = run_json(write(tmp_path, "rss.xml", RSS), url="https://bao.example/rss/thoi-su.rss")
    assert got["feed"] == {"title": "Báo Mẫu - Thời sự", "url": "https://bao.example/thoi-su"}
    first, second = got["entries"]
    assert first == {
        "title": "Cây cầu mới nối đôi bờ sông", "url": "https://bao.example/thoi-su/cau-moi-123.html",
        "published_at": "2026-11-20T01:15:00+00:00", "summary": "Người dân không còn phải chờ đò mỗi sáng.",
        "author": "Minh Anh",
    }
    assert second["published_at"] == "2026-11-21T06:00:00+00:00" and second["author"] is None


def test_atom_feed(tmp_path: Path) -> None:
    got = run_json(write(tmp_path, "atom.xml", ATOM), url="https://dien-dan.example/feed.atom")
    assert got["feed"] == {"title": "Diễn đàn Mẫu", "url": "https://dien-dan.example/"}
    [entry] = got["entries"]
    assert entry["published_at"] == "2026-11-21T03:00:00+00:00"
    assert entry["summary"] == "Cho mình hỏi đi xe máy lên cầu từ phía chợ thế nào?"
    assert entry["author"] == "hoa_sen"


def test_human_summary(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(write(tmp_path, "a.html", vnexpress_like())), "--url", URL])
    assert result.exit_code == 0
    assert f"title:     {TITLE}" in result.stdout
    assert "published: 2026-11-20T01:15:00+00:00" in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("missing.html", None, "không có tệp này"),
        ("empty.html", b"  \n", "tệp rỗng"),
        ("notes.txt", "Chỉ là một dòng chữ, không phải trang web.", "không phải trang HTML, nguồn cấp tin"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "không phải trang HTML, nguồn cấp tin"),
        ("note.xml", '<?xml version="1.0"?><note><to>Lan</to><text>Hẹn gặp ở chợ</text></note>', "không phải nguồn cấp tin"),
    ],
)
def test_errors_name_the_file_and_exit_2(tmp_path: Path, name: str, content: str | bytes | None, why: str) -> None:
    path = write(tmp_path, name, content) if content is not None else tmp_path / name
    result = CliRunner().invoke(app, ["extract", str(path), "--url", URL, "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert name in line and why in line


def test_extract_file_defaults_now_to_the_save_time(tmp_path: Path) -> None:
    html = page("", f"<h1>{TITLE}</h1><p>2 giờ trước</p>{BODY}")
    got = extract_file(write(tmp_path, "rel.html", html), URL)
    assert isinstance(got, PageExtract) and got.published_at == datetime(2026, 11, 22, 3, 0, tzinfo=timezone.utc)


def test_decoding_rules() -> None:
    vietnamese = "Tiếng Việt có dấu"
    assert decode_page(b"\xef\xbb\xbf" + vietnamese.encode()) == vietnamese  # BOM
    assert decode_page(to_cp1258(f"<p>{vietnamese}</p>")) == f"<p>{vietnamese}</p>"  # undeclared, not UTF-8
    resaved = f'<meta charset="iso-8859-1"><p>{vietnamese}</p>'.encode()  # re-encoded by a browser
    assert decode_page(resaved).endswith(f"<p>{vietnamese}</p>")
    assert declared_charset(b'<meta charset="ISO-8859-1">') == "cp1252"
    assert declared_charset(b'<?xml version="1.0" encoding="windows-1258"?>') == "cp1258"
    assert declared_charset(b'<meta charset="no-such-charset">') is None
    assert decode_page("e\u0301".encode()) == "é"  # NFC


def outside_article_like() -> str:
    """Headline, lead and byline outside the body container, as most Vietnamese outlets lay them out."""
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{TITLE} | Báo Mẫu</title><meta property="og:title" content="{TITLE} - Báo Mẫu">
<meta property="og:site_name" content="Báo Mẫu"></head><body>{MENU}
<div class="detail"><h1 class="detail-title">{TITLE}</h1>
<div class="detail-time">20/11/2026 08:15 GMT+7</div>
<h2 class="detail-sapo" data-role="sapo">Người dân xã ven sông không còn phải chờ đò mỗi sáng.</h2>
<div class="detail-author author-info"><div class="name">Trần Thu Hà</div></div>
<div class="detail-content">{BODY}</div>
<div class="box-tin-lien-quan"><p class="description">Tin liên quan: giá lúa tăng.</p></div></div>{FOOTER}</body></html>"""


def test_the_headline_not_the_site_suffixed_title(tmp_path: Path) -> None:
    got = run_json(write(tmp_path, "ngoai.html", outside_article_like()))
    assert got["title"] == TITLE


def test_a_lead_outside_the_body_leads_the_text_once(tmp_path: Path) -> None:
    got = run_json(write(tmp_path, "ngoai.html", outside_article_like()))
    assert got["text"].startswith("Người dân xã ven sông không còn phải chờ đò mỗi sáng.\n" + PARAGRAPHS[0])
    assert "Tin liên quan: giá lúa tăng." not in got["text"].splitlines()[0]  # not the related box's "description"
    inside = run_json(write(tmp_path, "vnexpress.html", vnexpress_like()))  # lead inside the article already
    assert inside["text"].count("Người dân xã ven sông") == 1


BIO = "Trần Thu Hà là phóng viên mảng giao thông, từng đoạt giải báo chí quốc gia năm 2024."


@pytest.mark.parametrize(
    "box",
    [
        f'<div class="author-box"><p class="author-description">{BIO}</p></div>',
        f'<aside id="profile"><div class="summary">{BIO}</div></aside>',
        f'<div class="byline"><span class="lead-in">{BIO}</span></div>',
        f'<div id="Author-Bio"><div class="lead">{BIO}</div></div>',
    ],
)
def test_the_lead_is_never_the_authors_bio_box(tmp_path: Path, box: str) -> None:
    html = page("", f"<h1>{TITLE}</h1>{box}<div class='content'>{BODY}</div>")
    text = run_json(write(tmp_path, "bio.html", html))["text"]
    assert text.startswith(PARAGRAPHS[0][:60]) and BIO not in text.splitlines()[0]


def test_bylines_give_the_author(tmp_path: Path) -> None:
    assert run_json(write(tmp_path, "ngoai.html", outside_article_like()))["author"] == "Trần Thu Hà"


def test_a_closing_bold_name_is_the_author_and_leaves_the_text(tmp_path: Path) -> None:
    got = run_json(write(tmp_path, "vnexpress.html", vnexpress_like()))
    assert got["author"] == "Minh Anh"
    assert got["text"].rstrip().endswith(PARAGRAPHS[-1])


def test_the_site_name_is_cut_from_a_title_without_headline(tmp_path: Path) -> None:
    html = outside_article_like().replace(f'<h1 class="detail-title">{TITLE}</h1>', "")
    assert run_json(write(tmp_path, "khong-h1.html", html))["title"] == TITLE


NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://bao.example/thoi-su/cau-moi-qua-song-123.html</loc>
<news:news><news:publication><news:name>Báo Mẫu</news:name><news:language>vi</news:language></news:publication>
<news:publication_date>2026-11-20T08:15:00+07:00</news:publication_date><news:title>Cây cầu mới nối đôi bờ sông</news:title></news:news></url>
<url><loc>https://bao.example/kinh-te/gia-lua-124.html</loc><lastmod>2026-11-19</lastmod></url>
</urlset>"""


@pytest.mark.parametrize("packed", [False, True])
def test_a_saved_sitemap_gives_its_urls_as_entries(tmp_path: Path, packed: bool) -> None:
    import gzip

    body = NEWS_SITEMAP.encode("utf-8")
    got = run_json(write(tmp_path, "sitemap.xml.gz" if packed else "sitemap.xml", gzip.compress(body) if packed else body),
                   url="https://bao.example/sitemap-news.xml")
    assert got["feed"]["title"] == "sitemap"
    first, second = got["entries"]
    assert first["url"] == URL and first["title"] == "Cây cầu mới nối đôi bờ sông"
    assert first["published_at"] == "2026-11-20T01:15:00+00:00" and second["title"] == ""


def test_a_broken_sitemap_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "hong.xml", NEWS_SITEMAP.replace("</urlset>", "<url><loc>a&b</loc></url></urlset>"))
    result = CliRunner().invoke(app, ["extract", str(path), "--url", URL, "--json"])
    assert result.exit_code == 2 and "hong.xml" in result.output and "sitemap không đọc được (XML sai cú pháp" in result.output
