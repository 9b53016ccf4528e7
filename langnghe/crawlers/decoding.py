"""Bytes of a saved page -> text, without HTTP headers to say the charset.

Order: a byte-order mark; then, for UTF-16 and UTF-32 written without one, where the zero bytes
fall in the first characters (XML 1.0, appendix F); then the page's own declaration (``<meta charset>``, ``http-equiv``,
the XML prolog); then UTF-8; then windows-1258, the Vietnamese Windows code page that old
sites still serve. A declared single-byte charset loses to UTF-8 when the bytes are valid
multi-byte UTF-8: pages saved by a browser are re-encoded but keep their old declaration.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata

# UTF-32's little-endian mark begins with UTF-16's: the longer marks are tried first.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Which of the first four bytes are zero when two ASCII characters ("<?", "<r", "\n<") open the text.
_ZERO_BYTES: dict[tuple[bool, ...], str] = {
    (False, True, True, True): "utf-32-le", (True, True, True, False): "utf-32-be",
    (False, True, False, True): "utf-16-le", (True, False, True, False): "utf-16-be",
}
_DECLARED = re.compile(rb"""(?:<meta[^>]+charset\s*=\s*["']?|<\?xml[^>]+encoding\s*=\s*["'])([a-z0-9_:.-]+)""", re.IGNORECASE)
# Browsers read these labels as windows-1252 (WHATWG Encoding); so do we.
_LATIN1_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii"}
_HEAD_BYTES = 4096


def decode_page(body: bytes) -> str:
    """The page as NFC text; undecodable bytes become U+FFFD rather than failing."""
    return unicodedata.normalize("NFC", _decode(body))


def unescape_text(text: str) -> str:
    """Entities left in text (``&amp;agrave;`` double-escaped by a CMS) -> characters, NFC."""
    return unicodedata.normalize("NFC", html.unescape(text))


def _decode(body: bytes) -> str:
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(encoding, errors="replace")
    wide = _ZERO_BYTES.get(tuple(byte == 0 for byte in body[:4])) if len(body) >= 4 else None
    if wide is not None:
        return body.decode(wide, errors="replace")
    declared = declared_charset(body)
    if declared and declared != "utf-8" and not _is_multibyte_utf8(body):
        return body.decode(declared, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode(declared if declared and declared != "utf-8" else "cp1258", errors="replace")


def declared_charset(body: bytes) -> str | None:
    """The Python codec name of the charset the page declares, or None (none, or unknown)."""
    found = _DECLARED.search(body[:_HEAD_BYTES])
    if found is None:
        return None
    label = found[1].decode("ascii").lower()
    label = "cp1252" if label in _LATIN1_LABELS else label
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _is_multibyte_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
