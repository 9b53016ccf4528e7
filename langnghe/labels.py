"""The one table of Vietnamese display names for the slugs analysts see.

Every output a person reads (terminal tables, the digest, the monthly report, alerts,
the emerging list, spike explanations) names a slug through this module, so that one
thing has one name everywhere; ``--json`` outputs keep the slugs. Names are written as a
table header or a list entry shows them (capitalised); :func:`in_sentence` gives the
form used inside a sentence ("Đột biến theo giờ", "3 tin tiêu cực").

The lowest layer of the package: it imports nothing from langnghe.
"""

from __future__ import annotations

# Item fields (the classifiers' labels; the section labels are VNTC's ten).
SECTION_VI: dict[str, str] = {
    "politics_society": "Chính trị - Xã hội",
    "lifestyle": "Đời sống",
    "science": "Khoa học",
    "business": "Kinh doanh",
    "law": "Pháp luật",
    "health": "Sức khỏe",
    "world": "Thế giới",
    "sports": "Thể thao",
    "culture": "Văn hóa",
    "technology": "Công nghệ",
}

SENTIMENT_VI: dict[str, str] = {
    "positive": "Tích cực",
    "neutral": "Trung tính",
    "negative": "Tiêu cực",
}

SENTIMENT_BASIS_NOTE = (
    "Sắc thái của tin bài là giọng của tin (tin tốt, trung tính, tin xấu) đối với người đọc; "
    "của bài đăng và bình luận là thái độ của người viết."
)
"""What "sentiment" means per kind of item, said under every chart and table of it."""

# What a sentiment label judges (NlpResult.sentiment_basis): the note above, as a value's name.
SENTIMENT_BASIS_VI: dict[str, str] = {
    "tone": "Giọng của tin",
    "attitude": "Thái độ người viết",
}

# UIT-VSMEC's seven emotions.
EMOTION_VI: dict[str, str] = {
    "enjoyment": "Vui vẻ",
    "sadness": "Buồn bã",
    "anger": "Tức giận",
    "fear": "Sợ hãi",
    "disgust": "Ghê sợ",
    "surprise": "Ngạc nhiên",
    "other": "Khác",
}

TOXICITY_VI: dict[str, str] = {
    "clean": "Bình thường",
    "offensive": "Xúc phạm",
    "hate": "Thù ghét, kích động",
}

# Toxicity as a yes/no choice (search filters): "toxic" stands for offensive and hate.
TOXIC_VI: dict[str, str] = {
    "toxic": "Độc hại",
    "not_toxic": "Không độc hại",
}

# The false-information flag of an item (Item.false_info; "false" also for items not assessed).
FALSE_INFO_VI: dict[str, str] = {
    "true": "Bị gắn cờ tin sai lệch",
    "false": "Không bị gắn cờ",
}

# The signals of an item (its page): the classifiers' dimensions, the rumour cues' model, the flag.
SIGNAL_VI: dict[str, str] = {
    "section": "Lĩnh vực",
    "sentiment": "Sắc thái",
    "emotion": "Cảm xúc",
    "toxicity": "Mức độ xúc phạm",
    "misinfo": "Dấu hiệu tin đồn",
    "false_info": "Nghi vấn tin sai sự thật",
}

# The search page's time presets and orders (langnghe.web.search_form).
SEARCH_PERIOD_VI: dict[str, str] = {
    "24h": "24 giờ qua",
    "7d": "7 ngày qua",
    "30d": "30 ngày qua",
}
SEARCH_SORT_VI: dict[str, str] = {
    "relevance": "Liên quan nhất",
    "time": "Mới nhất",
}

# Platforms of sources.yaml (a source's kind gives its platform when it names none).
PLATFORM_VI: dict[str, str] = {
    "news": "Báo điện tử",
    "forum": "Diễn đàn",
    "collaborator": "Cộng tác viên",
    "facebook": "Facebook",
    "youtube": "YouTube",
    "telegram": "Telegram",
    "reddit": "Reddit",
    "mastodon": "Mastodon",
}

_BRANDS = frozenset({"Facebook", "YouTube", "Telegram", "Reddit", "Mastodon"})  # never lower-cased

ITEM_KIND_VI: dict[str, str] = {
    "article": "Bài báo",
    "post": "Bài đăng",
    "comment": "Bình luận",
}

# What items are counted over: trend and spike dimensions, facets, alert rules' ``dimension``.
DIMENSION_VI: dict[str, str] = {
    "section": "Lĩnh vực",
    "concern": "Mối quan tâm",
    "watch_topic": "Chủ đề theo dõi",
    "province": "Tỉnh/thành",
    "story": "Sự việc",
    "source": "Nguồn",
    "platform": "Nền tảng",
    "kind": "Loại tin, bài",
    "sentiment": "Sắc thái",
    "emotion": "Cảm xúc",
    "toxicity": "Mức độ xúc phạm",
    "false_info": "Cờ tin sai lệch",
    "any": "Tất cả",
}

# The kinds of emerging issue are dimensions: they keep the dimension's name.
ISSUE_KIND_VI: dict[str, str] = {kind: DIMENSION_VI[kind] for kind in ("story", "concern")}

# Many near-identical items from few accounts (langnghe.detection.voices): shown apart from public opinion.
FLOOD_NOTE_VI = "lan truyền có tổ chức?"
FLOODS_VI = "Tin sao chép hàng loạt"  # the heading of such floods in the digest and the report

# A spike's bucket, as a unit ("theo giờ", "12 giờ").
GRANULARITY_VI: dict[str, str] = {
    "hour": "Giờ",
    "day": "Ngày",
}

# What an item does with a claim of the claim base.
STANCE_VI: dict[str, str] = {
    "spreads": "Lan truyền",
    "refutes": "Bác bỏ, đính chính",
}

# The rumour cues of the false-information flag (langnghe.nlp.misinfo).
CUE_VI: dict[str, str] = {
    "no_source": "Không nêu nguồn",
    "many_exclamations": "Nhiều dấu chấm than",
    "all_caps": "Viết hoa nhiều",
    "urges_sharing": "Kêu gọi chia sẻ",
    "alarm_words": "Từ ngữ gây hoang mang",
}

# Source health counts (`langnghe sources`, the source catalogue).
HEALTH_VI: dict[str, str] = {
    "undated": "Không ngày",  # share of items without a publication date
    "future_dated": "Ngày tương lai",  # items dated later than their fetch: the date was dropped
    "metadata_off": "Giờ lệch",  # pages whose metadata time missed the byline by whole hours
}

# The jobs of `langnghe run` (`langnghe status`); a crawl job is named with its source's name.
JOB_VI: dict[str, str] = {
    "crawl": "Thu thập",
    "enrich": "Phân tích, lập chỉ mục",
    "rollup": "Đếm theo giờ, gom chuyện",
    "detect": "Phát hiện đột biến, cảnh báo",
    "health": "Gửi lại tin nhắn, dọn hàng đợi",
    "digest": "Bản tin ngày",
    "report": "Báo cáo tháng",
    "retention": "Xóa dữ liệu cũ",
}

# How a job's run ended (`langnghe status`).
OUTCOME_VI: dict[str, str] = {
    "ok": "ổn",
    "partial": "lỗi một phần",  # a crawl in which some of its sources failed
    "error": "lỗi",
    "stopped": "dừng sớm",  # it left work for the next run
}

# The progress bars' labels (langnghe.cli.progress), by the callers' English task ids;
# "rekey <index>" keeps the index's name after the word.
PROGRESS_VI: dict[str, str] = {
    "crawl": "thu thập",
    "enrich": "phân tích",
    "detect": "phát hiện",
    "read": "đọc tệp",
    "stories": "gom sự việc",
    "classify": "phân loại",
    "export": "xuất",
    "rekey": "đổi khóa",
}

# How an item joined a story (langnghe.detection.stories.Method), in the stories line.
STORY_JOIN_VI: dict[str, str] = {
    "similar": "tin tương tự",
    "duplicate": "tin trùng lặp",
    "parent": "tin theo bài gốc",  # a comment or reply joins its parent's story
}


def progress_label(task: str) -> str:
    """The Vietnamese label of a progress task id: ``progress_label("rekey index")`` -> ``"đổi khóa index"``."""
    head, _, rest = task.partition(" ")
    name = PROGRESS_VI.get(head, head)
    return f"{name} {rest}" if rest else name


WEEKDAY_VI: tuple[str, ...] = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")

# The names of the values of an item field, by field; concerns, watch topics and sources
# are named by the config files (langnghe.reports.names), provinces are names already.
FIELD_VI: dict[str, dict[str, str]] = {
    "section": SECTION_VI,
    "sentiment": SENTIMENT_VI,
    "emotion": EMOTION_VI,
    "toxicity": TOXICITY_VI,
    "platform": PLATFORM_VI,
    "kind": ITEM_KIND_VI,
    "false_info": FALSE_INFO_VI,
}

UNKNOWN = "Chưa rõ"


def vi(table: dict[str, str], slug: str | None) -> str:
    """Vietnamese name of a slug; the slug itself when unknown, 'Chưa rõ' when missing.

    >>> vi(SENTIMENT_VI, "negative"), vi(SENTIMENT_VI, "sarcastic"), vi(SENTIMENT_VI, None)
    ('Tiêu cực', 'sarcastic', 'Chưa rõ')
    """
    if not slug:
        return UNKNOWN
    return table.get(slug, slug)


def name_of(field: str, slug: str | None) -> str:
    """Name of a value of the item field ``field``; the value itself where the field has no table.

    >>> name_of("section", "politics_society"), name_of("province", "Hưng Yên")
    ('Chính trị - Xã hội', 'Hưng Yên')
    """
    return vi(FIELD_VI.get(field, {}), slug)


def in_sentence(name: str) -> str:
    """A display name as written inside a sentence: lower case, the platforms' brand names kept.

    >>> in_sentence("Chính trị - Xã hội"), in_sentence("Tỉnh/thành"), in_sentence("Facebook")
    ('chính trị - xã hội', 'tỉnh/thành', 'Facebook')
    """
    return " ".join(word if word in _BRANDS else word.lower() for word in name.split(" "))


# The web app's roles and what each permission lets a user do (langnghe.web.auth).
ROLE_VI: dict[str, str] = {
    "admin": "Quản trị", "analyst": "Phân tích viên", "viewer": "Người xem", "collaborator": "Cộng tác viên",
}  # fmt: skip
PERMISSION_VI: dict[str, str] = {
    "search": "tìm kiếm", "dashboards": "xem bảng tin", "saved": "lưu tìm kiếm", "export": "xuất dữ liệu",
    "reports": "xem bản tin và báo cáo", "field_report": "gửi báo cáo hiện trường", "admin": "quản trị",
}  # fmt: skip
# The actions of the web app's audit log (langnghe.stores.accounts), for its filter and table.
AUDIT_ACTION_VI: dict[str, str] = {
    "login": "Đăng nhập", "login_failed": "Đăng nhập sai", "logout": "Đăng xuất", "export": "Xuất dữ liệu",
    "api_key_use": "Dùng khóa API", "api_key": "Khóa API", "saved_search": "Tìm kiếm đã lưu",
    "user_change": "Thay đổi người dùng", "retry": "Thử lại tin bị cách ly",
}  # fmt: skip
