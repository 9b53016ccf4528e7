"""Parsers' complaints in Vietnamese, for the reasons a crawl or ``langnghe extract`` shows users.

expat (feedparser), libxml2 (lxml: sitemaps) and Python's json module word their errors in
English; the common ones are said here in Vietnamese, with the line and column the parser gave.
A complaint not listed is kept as the parser words it, after a Vietnamese lead-in by the caller.
"""

from __future__ import annotations

import json

# Beginnings of expat's and libxml2's messages -> what they mean
_XML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("mismatched tag", "thẻ đóng không khớp thẻ mở"),
    ("opening and ending tag mismatch", "thẻ đóng không khớp thẻ mở"),
    ("unclosed token", "có thẻ chưa đóng"),
    ("premature end of data", "tệp kết thúc giữa chừng"),
    ("no element found", "tệp kết thúc giữa chừng"),
    ("document is empty", "tệp rỗng"),
    ("not well-formed (invalid token)", "có ký tự không hợp lệ"),
    ("junk after document element", "có nội dung thừa sau phần tử gốc"),
    ("extra content at the end of the document", "có nội dung thừa sau phần tử gốc"),
    ("undefined entity", "có thực thể (&...;) không xác định"),
    ("entity '", "có thực thể (&...;) không xác định"),
    ("xmlparseentityref", "có ký tự & không thành thực thể (cần viết &amp;)"),
    ("duplicate attribute", "có thuộc tính bị trùng"),
    ("attribute ", "có thuộc tính bị trùng hoặc sai"),
    ("unclosed cdata section", "có đoạn CDATA chưa đóng"),
    ("xml or text declaration not at start of entity", "khai báo <?xml ?> không nằm ở đầu tệp"),
    ("xml declaration allowed only at the start", "khai báo <?xml ?> không nằm ở đầu tệp"),
    ("starttag: invalid element name", "có tên thẻ không hợp lệ"),
    ("couldn't find end of start tag", "có thẻ mở chưa đóng"),
    ("specification mandates value for attribute", "có thuộc tính thiếu giá trị"),
    ("syntax error", "sai cú pháp"),
)


# A JSON value's type, named in Vietnamese
JSON_KIND_VI = {"list": "một danh sách", "dict": "một đối tượng", "str": "một chuỗi", "int": "một số",
                "float": "một số", "bool": "true/false", "NoneType": "null"}


def xml_problem(message: str) -> str:
    """An XML parser's message in Vietnamese where it is a common one.

    >>> xml_problem("mismatched tag")
    'thẻ đóng không khớp thẻ mở'
    """
    said = message.strip()
    lowered = said.lower()
    for english, vietnamese in _XML_PROBLEMS:
        if lowered.startswith(english):
            return vietnamese
    return said


def xml_error(exc: BaseException) -> str:
    """feedparser's bozo exception (expat's SAXParseException, ``<unknown>:1:62: unclosed token``)
    as "có thẻ chưa đóng, dòng 1, cột 62"."""
    message = getattr(exc, "getMessage", None)
    if not callable(message):
        return xml_problem(str(exc) or type(exc).__name__)
    line, column = exc.getLineNumber(), exc.getColumnNumber()  # type: ignore[attr-defined]
    return f"{xml_problem(str(message()))}, dòng {line}, cột {column}"


def json_error(exc: BaseException) -> str:
    """Why text is not JSON, with the place when json gives one."""
    if isinstance(exc, json.JSONDecodeError):
        return f"JSON sai cú pháp ở dòng {exc.lineno}, cột {exc.colno}"
    if isinstance(exc, RecursionError):
        return "JSON lồng quá sâu"
    return "JSON sai cú pháp"
