"""`langnghe extract` on input built to trip it: feeds in unusual encodings and namespaces are read
(as many entries as feedparser reads), a JSON Feed is read as a feed, anything else is refused with
one line naming the file and exit code 2, and no input gives a traceback.

Every input is written here (no other project's test files).
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import feedparser
import pytest
from typer.testing import CliRunner

from langnghe.cli import app
from langnghe.crawlers.extract import ExtractError, FeedExtract, PageExtract, extract_file

URL = "https://bao.example/rss/thoi-su.rss"
ENTRIES = (
    ("Cầu mới nối đôi bờ sông", "https://bao.example/thoi-su/cau-moi-1.html", "Fri, 20 Nov 2026 08:15:00 +0700"),
    ("Chợ phiên vùng cao đông vui ngày cuối tuần", "https://bao.example/doi-song/cho-phien-2.html", "Sat, 21 Nov 2026 06:00:00 +0700"),
    ("Nông dân miền Tây vào vụ lúa mới", "https://bao.example/kinh-te/lua-moi-3.html", "Sat, 21 Nov 2026 09:30:00 +0700"),
)


def rss(encoding: str = "utf-8", *, prefix: str = "") -> str:
    """An RSS 2.0 feed; with ``prefix`` every element is written under that namespace prefix."""
    p = f"{prefix}:" if prefix else ""
    items = "".join(
        f"<{p}item><{p}title>{title}</{p}title><{p}link>{link}</{p}link><{p}pubDate>{date}</{p}pubDate>"
        f"<{p}description>Tóm tắt: {title}.</{p}description></{p}item>"
        for title, link, date in ENTRIES
    )
    xmlns = f' xmlns:{prefix}="http://backend.userland.com/rss2"' if prefix else ""
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<{p}rss version="2.0"{xmlns}><{p}channel>'
        f"<{p}title>Báo Mẫu - Thời sự</{p}title><{p}link>https://bao.example/thoi-su</{p}link>"
        f"<{p}description>Tin thời sự</{p}description>{items}</{p}channel></{p}rss>"
    )


def atom_with_prefix() -> str:
    entries = "".join(
        f'<a:entry><a:title>{title}</a:title><a:id>urn:bao:{n}</a:id><a:link href="{link}"/>'
        f"<a:updated>2026-11-2{n}T08:00:00+07:00</a:updated><a:summary>Tóm tắt: {title}.</a:summary></a:entry>"
        for n, (title, link, _) in enumerate(ENTRIES)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<a:feed xmlns:a="http://www.w3.org/2005/Atom">'
        f'<a:title>Báo Mẫu</a:title><a:id>urn:bao</a:id><a:updated>2026-11-21T10:00:00+07:00</a:updated>{entries}</a:feed>'
    )


def cdf() -> str:
    """Microsoft's Channel Definition Format, which feedparser reads as a feed."""
    items = "".join(f'<ITEM HREF="{link}"><TITLE>{title}</TITLE></ITEM>' for title, link, _ in ENTRIES)
    return f'<?xml version="1.0" encoding="utf-8"?>\n<CHANNEL HREF="https://bao.example/"><TITLE>Báo Mẫu</TITLE>{items}</CHANNEL>'


def json_feed() -> bytes:
    items = [
        {"id": str(n), "url": link, "title": title, "date_published": "2026-11-20T08:15:00+07:00",
         "content_html": f"<p>Nội dung: {title}.</p><p>Đoạn thứ hai.</p>", "authors": [{"name": "Minh Anh"}]}
        for n, (title, link, _) in enumerate(ENTRIES)
    ]  # fmt: skip
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Báo Mẫu", "home_page_url": "https://bao.example/", "items": items}
    return json.dumps(feed, ensure_ascii=False).encode("utf-8")


def _encoded(text: str, codec: str, bom: bytes = b"") -> bytes:
    return bom + text.encode(codec)


FEEDS = {
    "utf-16-le, no byte-order mark": _encoded(rss("UTF-16"), "utf-16-le"),
    "utf-16-be, no byte-order mark": _encoded(rss("UTF-16"), "utf-16-be"),
    "utf-32-le, no byte-order mark": _encoded(rss("UTF-32"), "utf-32-le"),
    "utf-32-be, no byte-order mark": _encoded(rss("UTF-32"), "utf-32-be"),
    "utf-32-le with byte-order mark": _encoded(rss("UTF-32"), "utf-32-le", codecs.BOM_UTF32_LE),
    "utf-32-be with byte-order mark": _encoded(rss("UTF-32"), "utf-32-be", codecs.BOM_UTF32_BE),
    "utf-16 with byte-order mark": _encoded(rss("UTF-16"), "utf-16"),
    "rss root with a namespace prefix": rss(prefix="r").encode("utf-8"),
    "atom root with a namespace prefix": atom_with_prefix().encode("utf-8"),
    "cdf channel": cdf().encode("utf-8"),
}


def write(tmp_path: Path, name: str, body: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(body)
    return path


def cli(path: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["extract", str(path), "--url", URL, "--json"])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", list(FEEDS))
def test_every_feed_feedparser_reads_is_read_with_as_many_entries(tmp_path: Path, name: str) -> None:
    body = FEEDS[name]
    expected = len(feedparser.parse(body).entries)
    assert expected == len(ENTRIES), "the fixture is a feed feedparser reads"
    got = extract_file(write(tmp_path, "feed.xml", body), URL)
    assert isinstance(got, FeedExtract) and len(got.entries) == expected
    assert [e.title for e in got.entries] == [title for title, _, _ in ENTRIES]


def test_a_json_feed_with_html_inside_is_read_as_a_feed(tmp_path: Path) -> None:
    code, out, err = cli(write(tmp_path, "feed.json", json_feed()))
    assert code == 0, err
    got = json.loads(out)
    assert got["feed"]["title"] == "Báo Mẫu" and len(got["entries"]) == len(ENTRIES)
    first = got["entries"][0]
    assert first["url"] == ENTRIES[0][1] and first["author"] == "Minh Anh"
    assert first["summary"] == f"Nội dung: {ENTRIES[0][0]}.\nĐoạn thứ hai." and first["published_at"] == "2026-11-20T01:15:00+00:00"


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("other.json", b'{"ghi_chu": "<p>Hen gap o cho</p>", "so": [1, 2, 3]}'),
        ("list.json", b'[{"title": "<h1>Tin</h1>"}]'),
        ("broken.json", b'{"version": "https://jsonfeed.org/version/1.1", "items": [<p>'),
        ("note.xml", '<?xml version="1.0"?><ghi><p>Hẹn gặp ở chợ</p></ghi>'.encode()),
        ("plain.txt", "Chỉ là một dòng chữ.\nDòng thứ hai.".encode()),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_what_is_neither_page_feed_nor_sitemap_is_refused_in_one_line(tmp_path: Path, name: str, body: bytes) -> None:
    code, out, err = cli(write(tmp_path, name, body))
    assert (code, out) == (2, "")
    [line] = err.strip().splitlines()
    assert name in line and "Traceback" not in err


def _nested(depth: int) -> bytes:
    return b"<html><body>" + b"<div>" * depth + "Chữ ở rất sâu".encode() + b"</div>" * depth + b"</body></html>"


CRAFTED = {
    "empty": b"",
    "only-spaces": b" \n\t ",
    "nul-bytes": b"\0" * 4096,
    "random-binary": bytes((i * 7919 + 13) % 256 for i in range(65536)),
    "png-header": b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
    "truncated-rss": rss().encode()[:300],
    "truncated-atom": atom_with_prefix().encode()[:250],
    "rss-without-items": b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
    "huge-attribute": b'<html><body><p title="' + b"a" * 5_000_000 + b'">Tin</p></body></html>',
    "huge-attribute-feed": b'<rss version="2.0"><channel><item><title x="' + b"b" * 3_000_000 + b'">t</title></item></channel></rss>',
    "declares-unknown-encoding": b'<?xml version="1.0" encoding="x-khong-co"?><rss version="2.0"><channel><item><title>t</title></item></channel></rss>',
    "declares-utf-16-is-utf-8": b'<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><item><title>t</title></item></channel></rss>',
    "declares-cp1258-is-garbage": b'<html><head><meta charset="windows-1258"></head><body><p>\xff\xfe\xfd\x80\x81</p></body></html>',
    "declares-bogus-meta": b'<html><head><meta charset="\xff\xfe"></head><body><p>x</p></body></html>',
    "odd-length-utf-16": "<rss><channel><item><title>t</title></item></channel></rss>".encode("utf-16-le")[:-1],
    "utf-32-bom-then-garbage": codecs.BOM_UTF32_LE + b"\xff\xff\xff\xff" * 16,
    "deeply-nested-html": _nested(5000),
    "deeply-nested-feed": b'<rss version="2.0"><channel><item><title>' + b"<b>" * 5000 + b"t" + b"</b>" * 5000 + b"</title></item></channel></rss>",
    "gzip-garbage": b"\x1f\x8b\x08\x00" + b"\x00" * 32,
    "sitemap-truncated": b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x/',
    "html-comment-only": b"<!-- <html><body><p>x</p></body></html>",
    "json-number": b"12345",
    "json-deep": b"[" * 100_000 + b"]" * 100_000,
    "entity-expansion": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
                        b"<rss version=\"2.0\"><channel><item><title>&d;&d;&d;</title></item></channel></rss>",
}  # fmt: skip


@pytest.mark.parametrize("name", list(CRAFTED))
def test_no_input_gives_a_traceback(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, f"{name}.bin", CRAFTED[name])
    try:
        got = extract_file(path, URL)
    except ExtractError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
    else:
        assert isinstance(got, (PageExtract, FeedExtract))
    code, out, err = cli(path)
    assert code in (0, 2) and "Traceback" not in out + err
    if code == 2:
        assert len(err.strip().splitlines()) == 1
