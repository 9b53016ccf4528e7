"""Lay out a :class:`~langnghe.reports.monthly.MonthlyReport` as a DOCX draft (python-docx).

A4, Times New Roman 13 pt, as Vietnamese administrative documents are set (page and table
layout: :mod:`langnghe.reports.docx_layout`); numbered tables and charts, columns sized to
their content; links as real hyperlinks. Section VI is left for the writer: its headings
carry a placeholder line.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from langnghe.item import web_link
from langnghe.labels import DIMENSION_VI, EMOTION_VI, SENTIMENT_BASIS_NOTE, SENTIMENT_VI, in_sentence
from langnghe.reports import charts
from langnghe.reports.docx_layout import apply_widths, column_widths, is_figure, keep_rows, set_page
from langnghe.reports.digest_render import EMOTION_TITLE, PROVINCES_TITLE, SENTIMENT_TITLE, number, percent, shares
from langnghe.reports.monthly import MonthlyReport
from langnghe.reports.monthly_words import compared, last_month, months, this_month, upper_first
from langnghe.reports.names import EMOTION_ORDER, SENTIMENT_ORDER
from langnghe.reports.overview import ALL, Count, Sample, StoryLine

FONT = "Times New Roman"
PLACEHOLDER = "[Người viết báo cáo bổ sung nội dung.]"
CHART_WIDTH = Cm(16)
PROVINCE = in_sentence(DIMENSION_VI["province"])  # "tỉnh/thành", inside sentences
SECTIONS = (
    "I. Tổng quan", f"II. Các luồng dư luận chính theo {in_sentence(DIMENSION_VI['concern'])}",
    f"III. Điểm nóng theo {in_sentence(DIMENSION_VI['province'])}", "IV. Thông tin sai lệch, thù địch",
    "V. Tin tích cực nổi bật", "VI. Kiến nghị, đề xuất",
)  # fmt: skip
RECOMMENDATIONS = (
    "1. Đối với công tác thông tin, tuyên truyền", "2. Đối với các cơ quan, địa phương liên quan",
    "3. Đối với công tác theo dõi, nắm bắt dư luận",
)  # fmt: skip


class _Draft:
    """The document being written, with its table and chart counters."""

    def __init__(self) -> None:
        self.doc: DocumentObject = Document()
        self.tables = 0
        self.charts = 0
        _set_fonts(self.doc)
        set_page(self.doc)

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level=level)

    def para(self, text: str = "", *, italic: bool = False, bold_lead: str = "") -> Paragraph:
        paragraph = self.doc.add_paragraph()
        if bold_lead:
            paragraph.add_run(bold_lead).bold = True
        paragraph.add_run(text).italic = italic
        return paragraph

    def table(self, title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """A numbered table; columns after the first are right-aligned figures unless text."""
        self.tables += 1
        self.para(f"Bảng {self.tables}: {title}", italic=True)
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, header):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for row in rows:
            cells = table.add_row().cells
            for column, (cell, text) in enumerate(zip(cells, row)):
                cell.text = text
                if column and is_figure(text):
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        apply_widths(table, column_widths(header, rows))
        keep_rows(table)
        self.doc.add_paragraph()

    def chart(self, png: bytes, title: str) -> None:
        self.charts += 1
        self.doc.add_picture(io.BytesIO(png), width=CHART_WIDTH)
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption = self.para(f"Biểu đồ {self.charts}: {title}", italic=True)
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def sample(self, item: Sample) -> None:
        paragraph = self.doc.add_paragraph(style="List Bullet 2")
        _hyperlink(paragraph, item.title, item.url)
        paragraph.add_run(f" ({item.source}, {item.shown_time})")

    def stories(self, stories: Sequence[StoryLine], empty: str) -> None:
        if not stories:
            self.para(empty, italic=True)
        for story in stories:
            where = f"; {', '.join(story.provinces)}" if story.provinces else ""
            paragraph = self.doc.add_paragraph(style="List Bullet")
            paragraph.add_run(story.title).bold = True
            paragraph.add_run(f" ({number(story.items)} tin, bài từ {story.sources} nguồn{where}; xuất hiện từ "
                              f"{story.first_seen}; {percent(story.negative_share)} tiêu cực)")
            if story.flood_note:
                paragraph.add_run(f" {story.flood_note}").italic = True
            for item in story.samples:
                self.sample(item)


def _set_fonts(doc: DocumentObject) -> None:
    for name, size in (("Normal", 13), ("Title", 16), ("Heading 1", 14), ("Heading 2", 13), ("Heading 3", 13)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.font.bold = True
        # Headings take their font from the theme unless the East Asian and complex slots are set too.
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)


def _hyperlink(paragraph: Paragraph, text: str, url: str | None) -> None:
    """``text`` as a clickable link to ``url`` (plain text when there is none, or when it is not a
    web address: a ``file:`` hyperlink in a report would open the reader's own files)."""
    url = web_link(url)
    if not url:
        paragraph.add_run(text)
        return
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run, props, colour, underline, body = (OxmlElement(tag) for tag in ("w:r", "w:rPr", "w:color", "w:u", "w:t"))
    colour.set(qn("w:val"), "0563C1")
    underline.set(qn("w:val"), "single")
    props.extend([colour, underline])
    body.text = text
    body.set(qn("xml:space"), "preserve")
    run.extend([props, body])
    link.append(run)
    paragraph._p.append(link)


def _ratio(part: int, whole: int) -> str:
    return percent(part / whole if whole else 0.0)


def _tone(sentiment: dict[str, int]) -> str:
    return shares(sentiment, (SENTIMENT_ORDER, SENTIMENT_VI)).lower()


def _strongest(emotions: dict[str, int], top: int = 3) -> str:
    """The ``top`` most frequent emotions with their shares, largest first ("ghê sợ 52%, khác 30%")."""
    rank = {key: n for n, key in enumerate(EMOTION_ORDER)}
    order = tuple(sorted(emotions, key=lambda key: (-emotions[key], rank.get(key, len(rank)))))
    return shares(emotions, (order[:top], EMOTION_VI)).lower()


def _by(field_name: str) -> str:
    """A table's title: "Số tin, bài theo nền tảng"."""
    return f"Số tin, bài theo {in_sentence(DIMENSION_VI[field_name])}"


def _count_table(draft: _Draft, report: MonthlyReport, field_name: str) -> None:
    """The values of ``field_name`` with this month's items, share, last month's items and the change."""
    total = report.overview.total.current
    now, before = months(report)
    rows = [[c.label, number(c.current), _ratio(c.current, total), number(c.previous), c.change]
            for c in report.overview.of(field_name)]  # fmt: skip
    draft.table(_by(field_name), [DIMENSION_VI[field_name], now, "Tỷ lệ", before, "Thay đổi"], rows)


def render_docx(report: MonthlyReport, path: Path) -> Path:
    """Write ``report`` to ``path`` (replaced atomically); returns ``path``."""
    draft = _Draft()
    _title(draft, report)
    _overview(draft, report)
    _currents(draft, report)
    _hot_spots(draft, report)
    _false_info(draft, report)
    _positive(draft, report)
    _recommendations(draft)
    draft.para(f"Dự thảo do langnghe tự động tổng hợp lúc {report.generated_at} từ các nguồn công khai; tên tác "
               "giả đã được ẩn danh. Số liệu cần được kiểm tra, bổ sung trước khi ban hành.", italic=True)
    draft.doc.core_properties.title = f"Báo cáo tình hình dư luận xã hội tháng {report.label}"
    draft.doc.core_properties.author = "langnghe"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    draft.doc.save(str(tmp))
    tmp.replace(path)
    return path


def _title(draft: _Draft, report: MonthlyReport) -> None:
    draft.doc.add_heading(f"Báo cáo tình hình dư luận xã hội tháng {report.label}", level=0)
    since, last = report.period.since, report.last_day
    running = "tháng chưa kết thúc, số liệu tạm tính " if report.partial else "số liệu "
    draft.para(f"(Dự thảo; {running}từ 00:00 ngày {since:%d/%m/%Y} đến hết ngày {last:%d/%m/%Y}, giờ Việt Nam; "
               f"so sánh với {compared(report)})", italic=True)


def _overview(draft: _Draft, report: MonthlyReport) -> None:
    overview, total = report.overview, report.overview.total
    draft.heading(SECTIONS[0], 1)
    sources = [c for c in overview.of("source") if c.current]
    platforms = [c for c in overview.of("platform") if c.current]
    listed = ", ".join(f"{in_sentence(c.label)} {number(c.current)}" for c in platforms)
    draft.para(f"Trong {this_month(report)}, hệ thống ghi nhận {number(total.current)} tin, bài từ {len(sources)} "
               f"nguồn trên {len(platforms)} loại nền tảng" + (f" ({listed})." if listed else "."))
    if total.previous:
        trend = "tăng" if total.delta > 0 else "giảm" if total.delta < 0 else "không đổi"
        moved = abs(total.delta)
        change = f" {number(moved)} tin, bài ({_ratio(moved, total.previous)})" if moved else ""
        that = "cùng kỳ đó" if report.partial else "tháng đó"
        draft.para(f"{upper_first(compared(report))} có {number(total.previous)} tin, bài; so với {that}, lượng "
                   f"thông tin {trend}{change}.")
    else:
        draft.para(f"{upper_first(compared(report))} chưa có dữ liệu để so sánh.")
    if total.current:
        draft.para(f"Về sắc thái: {_tone({c.key: c.current for c in overview.of('sentiment')})}.")
        by_day = sorted(zip(report.volume_days, report.volume.get(ALL, [])), key=lambda pair: (-pair[1], pair[0]))
        draft.para("Những ngày có nhiều tin, bài nhất: " + ", ".join(f"{d:%d/%m} ({number(n)})" for d, n in by_day[:3]))
        title = f"Số tin, bài theo ngày, tháng {report.label}"
        draft.chart(charts.volume_chart(report.volume_days, report.volume, title), "Số tin, bài theo ngày và nền tảng")
    else:
        draft.para("Không có tin, bài nào trong tháng.", italic=True)
    _count_table(draft, report, "platform")
    _count_table(draft, report, "source")


def _currents(draft: _Draft, report: MonthlyReport) -> None:
    draft.heading(SECTIONS[1], 1)
    if report.concerns:
        _concern_summary(draft, report)
    else:
        draft.para("Không có tin, bài nào thuộc các mối quan tâm trong tháng.", italic=True)
    rank = 0
    for rank, part in enumerate((p for p in report.concerns if p.stories), start=1):
        draft.heading(f"{rank}. {part.count.label}", 2)
        mix = part.mix
        mood = f"; cảm xúc nổi bật: {_strongest(mix.emotion)}" if mix and mix.emotion else ""
        draft.para(f"{number(part.count.current)} tin, bài ({percent(part.share)} tổng số; {part.count.change} so "
                   f"với {last_month(report)}); sắc thái: {_tone(mix.sentiment) if mix else ''}{mood}.")
        draft.para("Sự việc nổi bật:", italic=True)
        draft.stories(part.stories, "Không có sự việc nổi bật.")
    draft.heading(f"{rank + 1}. Theo {in_sentence(DIMENSION_VI['section'])}", 2)
    _count_table(draft, report, "section")


def _concern_summary(draft: _Draft, report: MonthlyReport) -> None:
    top = ", ".join(f"{part.count.label} ({number(part.count.current)})" for part in report.concerns[:3])
    draft.para(f"Các mối quan tâm được nhắc đến nhiều nhất: {top}. Một tin, bài có thể thuộc nhiều mối quan tâm.")
    now, before = months(report)
    rows = [[p.count.label, number(p.count.current), percent(p.share), number(p.count.previous), p.count.change,
             number(p.negative), number(p.positive)] for p in report.concerns]  # fmt: skip
    header = [DIMENSION_VI["concern"], now, "Tỷ lệ", before, "Thay đổi", SENTIMENT_VI["negative"],
              SENTIMENT_VI["positive"]]  # fmt: skip
    draft.table(_by("concern"), header, rows)
    mixes = [part.mix for part in report.concerns[:8] if part.mix]
    sentiment = [(m.label, m.sentiment) for m in mixes]
    chart = charts.share_chart(sentiment, SENTIMENT_ORDER, SENTIMENT_VI, charts.SENTIMENT_COLORS, SENTIMENT_TITLE)
    draft.chart(chart, SENTIMENT_TITLE)
    draft.para(SENTIMENT_BASIS_NOTE, italic=True)
    if any(m.emotion for m in mixes):
        emotion = [(m.label, m.emotion) for m in mixes]
        chart = charts.share_chart(emotion, EMOTION_ORDER, EMOTION_VI, charts.EMOTION_COLORS, EMOTION_TITLE)
        draft.chart(chart, EMOTION_TITLE)


def _hot_spots(draft: _Draft, report: MonthlyReport) -> None:
    draft.heading(SECTIONS[2], 1)
    parts = report.provinces
    if not parts:
        draft.para(f"Không có tin, bài nào nêu {PROVINCE} trong tháng.", italic=True)
        return
    top = ", ".join(f"{p.count.label} ({number(p.count.current)})" for p in parts[:3])
    draft.para(f"{len(parts)} {PROVINCE} được nhắc đến; nhiều nhất: {top}. Một tin, bài có thể nêu nhiều {PROVINCE}.")
    now, before = months(report)
    rows = [[p.count.label, number(p.count.current), number(p.count.previous), p.count.change, number(p.negative),
             _ratio(p.negative, p.count.current)] for p in parts]  # fmt: skip
    negative = SENTIMENT_VI["negative"]
    header = [DIMENSION_VI["province"], now, before, "Thay đổi", negative, f"Tỷ lệ {in_sentence(negative)}"]
    draft.table(_by("province"), header, rows)
    shown = parts[:10]
    png = charts.top_chart([(p.count.label, p.count.current) for p in shown], PROVINCES_TITLE,
                           previous=[p.count.previous for p in shown], labels=(now, before))
    draft.chart(png, PROVINCES_TITLE)
    for rank, part in enumerate((p for p in parts if p.stories), start=1):
        draft.heading(f"{rank}. {part.count.label}", 2)
        draft.para(f"{number(part.count.current)} tin, bài ({part.count.change} so với {last_month(report)}), "
                   f"{_ratio(part.negative, part.count.current)} tiêu cực. Sự việc nổi bật:")
        draft.stories(part.stories, "Không có sự việc nổi bật.")


def _false_info(draft: _Draft, report: MonthlyReport) -> None:
    draft.heading(SECTIONS[3], 1)
    draft.heading("1. Tin sai sự thật đã được xác minh", 2)
    if report.claims:
        _claims(draft, report)
    else:
        draft.para("Không phát hiện tin sai sự thật đã được xác minh lan truyền trong tháng.", italic=True)
    overview = report.overview
    draft.heading("2. Tin, bài có dấu hiệu sai lệch", 2)
    scope = "" if overview.scanned_all else f" (trong {number(overview.scanned)} tin, bài đầu tiên của tháng)"
    draft.para(f"{number(overview.flagged)} tin, bài bị gắn cờ nghi sai lệch{scope} (khớp tin đã bị bác bỏ, hoặc "
               "mô hình đánh giá khả năng không đáng tin cao kèm dấu hiệu tin đồn).")
    for item in overview.flagged_samples:
        draft.sample(item)
    draft.heading("3. Nội dung xúc phạm, thù địch", 2)
    toxicity = {c.key: c.current for c in overview.of("toxicity")}
    draft.para(f"{number(overview.toxic)} tin, bài ({_ratio(overview.toxic, overview.total.current)} tổng số) có "
               f"ngôn từ xúc phạm ({number(toxicity.get('offensive', 0))}) hoặc thù ghét, kích động "
               f"({number(toxicity.get('hate', 0))}).")
    for item in report.hostile:
        draft.sample(item)


def _claims(draft: _Draft, report: MonthlyReport) -> None:
    rows = [[c.claim, c.verdict, number(c.items), number(c.sources), f"{c.first_seen} – {c.last_seen}",
             c.refuted_by or "Chưa có"] for c in report.claims]  # fmt: skip
    header = ["Nội dung", "Kết luận", "Số mục lan truyền", "Số nguồn", "Thời gian", "Bác bỏ"]
    draft.table("Tin sai sự thật lan truyền trong tháng", header, rows)
    for claim in report.claims:
        spread = ", ".join(f"{day:%d/%m}: {n}" for day, n in claim.per_day)
        paragraph = draft.para(f" Lan truyền theo ngày: {spread}; {claim.refuting} bài bác bỏ, đính chính. "
                               "Nguồn bác bỏ: ", bold_lead=f"“{claim.claim}”.")
        _hyperlink(paragraph, claim.refuted_by or claim.refute_url or "chưa có", claim.refute_url)
        for item in claim.samples:
            draft.sample(item)


def _positive(draft: _Draft, report: MonthlyReport) -> None:
    total = report.overview.total.current
    positive = next((c.current for c in report.overview.of("sentiment") if c.key == "positive"), 0)
    draft.heading(SECTIONS[4], 1)
    draft.para(f"{number(positive)} tin, bài mang sắc thái tích cực ({_ratio(positive, total)} tổng số).")
    draft.para("Sự việc tích cực được nhắc đến nhiều:", italic=True)
    draft.stories(report.positive_stories, "Không có sự việc tích cực nổi bật.")
    if report.positive_samples:
        draft.para("Tin, bài tích cực mới nhất:", italic=True)
        for item in report.positive_samples:
            draft.sample(item)


def _recommendations(draft: _Draft) -> None:
    draft.heading(SECTIONS[5], 1)
    for heading in RECOMMENDATIONS:
        draft.heading(heading, 2)
        draft.para(PLACEHOLDER, italic=True)
