"""Hand-written Vietnamese items for the story tests and the story benchmark: fictional
events told by several outlets and a forum, and unrelated items on the same days.
Written for langnghe; nothing comes from the shared datasets.

Each case is (event key, source, platform, hours after T0, title, text); the key of an
unrelated item is unique to it. :func:`build_cases` enriches them with the shipped NLP
models, as the pipeline would.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from langnghe.item import Item
from langnghe.testing import build_item

T0 = datetime(2025, 9, 8, 1, 0, tzinfo=timezone.utc)  # 08:00 in Hà Nội

Case = tuple[str, str, str, float, str, str]

CASES: tuple[Case, ...] = (
    # -- a landslide in Lào Cai: three outlets and a forum post ------------------------
    ("sat-lo", "bao-a", "news", 0.0,
     "Sạt lở đất vùi lấp nhiều nhà dân ở xã Bản Xèo, Lào Cai",
     "Mưa lớn kéo dài suốt đêm qua đã gây sạt lở đất nghiêm trọng tại xã Bản Xèo, tỉnh Lào Cai. "
     "Khoảng 200 mét khối đất đá vùi lấp ba ngôi nhà, quốc lộ 4D bị chia cắt. Lực lượng cứu hộ "
     "đang khẩn trương tìm kiếm hai người mất tích và sơ tán các hộ dân sống gần sườn đồi."),
    ("sat-lo", "bao-b", "news", 2.5,
     "Lào Cai: tìm kiếm hai người mất tích sau vụ sạt lở ở Bản Xèo",
     "Chính quyền tỉnh Lào Cai cho biết hai người dân xã Bản Xèo vẫn mất tích sau vụ sạt lở đất "
     "rạng sáng nay. Đất đá từ sườn đồi đổ xuống vùi lấp nhà cửa, quốc lộ 4D ách tắc nhiều giờ. "
     "Bộ đội biên phòng và công an đã được huy động hỗ trợ tìm kiếm cứu nạn."),
    ("sat-lo", "bao-c", "news", 6.0,
     "Khắc phục hậu quả sạt lở đất tại Bản Xèo",
     "Sau vụ sạt lở đất tại xã Bản Xèo (Lào Cai), máy xúc đã được điều đến thông tuyến quốc lộ 4D. "
     "Các hộ dân bị vùi lấp nhà được bố trí chỗ ở tạm, lực lượng cứu hộ tiếp tục tìm kiếm người "
     "mất tích trong điều kiện mưa lớn vẫn kéo dài."),
    ("sat-lo", "dien-dan", "forum", 4.0,
     "Ai ở gần Bản Xèo cho hỏi tình hình sạt lở với",
     "Nhà em có người thân ở xã Bản Xèo, nghe tin sạt lở đất vùi lấp nhà mà gọi điện không được. "
     "Quốc lộ 4D đoạn đó còn đi được không các bác? Mưa lớn thế này lo quá, ai biết tin tìm kiếm "
     "người mất tích thì báo giúp em với."),
    # ... the next day's follow-up, in other words
    ("sat-lo", "bao-b", "news", 30.0,
     "Lào Cai hỗ trợ các gia đình bị thiệt hại sau vụ sạt lở Bản Xèo",
     "UBND tỉnh Lào Cai quyết định hỗ trợ mỗi hộ có nhà bị vùi lấp 50 triệu đồng và bố trí đất tái định cư "
     "cho các gia đình ở xã Bản Xèo. Thi thể hai người mất tích trong vụ sạt lở đã được lực lượng cứu hộ "
     "tìm thấy chiều qua."),
    # -- another landslide the same morning, in another province: its own story --------
    ("sat-lo-tuyen-quang", "bao-c", "news", 9.0,
     "Sạt lở taluy chắn ngang tỉnh lộ ở xã Mậu Duệ, Tuyên Quang",
     "Mưa lớn kéo dài làm sạt lở taluy dương trên tỉnh lộ 176 đoạn qua xã Mậu Duệ, tỉnh Tuyên Quang. Hàng "
     "trăm mét khối đất đá chắn ngang đường, phương tiện không thể qua lại; không có thiệt hại về người. "
     "Lực lượng chức năng đang điều máy xúc đến thông tuyến."),
    # -- food poisoning at a school in Đồng Nai ------------------------------------------
    ("ngo-doc", "bao-a", "news", 20.0,
     "Hơn 40 học sinh Trường tiểu học Hòa Bình nhập viện nghi ngộ độc thực phẩm",
     "Sau bữa trưa bán trú, hơn 40 học sinh Trường tiểu học Hòa Bình, tỉnh Đồng Nai có biểu hiện "
     "đau bụng, nôn ói và được đưa vào bệnh viện. Ngành y tế đã lấy mẫu thức ăn gồm cơm gà và canh "
     "rau để xét nghiệm, xác định nguyên nhân ngộ độc thực phẩm."),
    ("ngo-doc", "bao-b", "news", 23.0,
     "Đồng Nai: lấy mẫu thức ăn bán trú sau vụ học sinh nghi ngộ độc",
     "Sở Y tế Đồng Nai cho biết các học sinh Trường tiểu học Hòa Bình nghi ngộ độc thực phẩm đã qua "
     "cơn nguy kịch. Cơ quan chức năng tạm dừng bữa ăn bán trú, niêm phong bếp ăn và lấy mẫu cơm gà "
     "để xét nghiệm. Phụ huynh lo lắng về chất lượng thức ăn ở trường."),
    ("ngo-doc", "bao-c", "news", 30.0,
     "Tạm đình chỉ bếp ăn bán trú Trường tiểu học Hòa Bình",
     "Sau vụ hơn 40 học sinh nhập viện vì nghi ngộ độc thực phẩm, UBND huyện đã tạm đình chỉ đơn vị "
     "cung cấp suất ăn bán trú cho Trường tiểu học Hòa Bình (Đồng Nai) chờ kết quả xét nghiệm mẫu thức ăn."),
    ("ngo-doc", "dien-dan", "forum", 22.0,
     "Phụ huynh Trường tiểu học Hòa Bình bức xúc chuyện bữa ăn bán trú",
     "Con tôi học lớp 3 ở Trường tiểu học Hòa Bình, trưa nay ăn cơm gà bán trú xong về nôn ói, đau bụng "
     "phải vào bệnh viện. Đóng tiền ăn bán trú đầy đủ mà thức ăn thế này thì phụ huynh sao yên tâm, "
     "đề nghị nhà trường và y tế làm rõ vụ ngộ độc."),
    # ... and the first outlet's article re-posted on the forum, nearly word for word
    ("ngo-doc", "dien-dan", "forum", 26.0,
     "Hơn 40 học sinh Trường tiểu học Hòa Bình nhập viện nghi ngộ độc thực phẩm (chia sẻ)",
     "Sau bữa trưa bán trú, hơn 40 học sinh Trường tiểu học Hòa Bình, tỉnh Đồng Nai có biểu hiện "
     "đau bụng, nôn ói và được đưa vào bệnh viện! Ngành y tế đã lấy mẫu thức ăn gồm cơm gà và canh "
     "rau để xét nghiệm, xác định nguyên nhân ngộ độc thực phẩm. Mọi người chia sẻ cho phụ huynh biết."),
    # -- two fires on the same day, in different cities: two stories --------------------
    ("chay-chung-cu", "bao-a", "news", 40.0,
     "Cháy chung cư mini ở phố Khương Hạ, hàng chục người được giải cứu",
     "Đám cháy bùng phát lúc nửa đêm tại tầng một của một chung cư mini trên phố Khương Hạ, Hà Nội. "
     "Cảnh sát phòng cháy chữa cháy dùng thang dây giải cứu hàng chục cư dân mắc kẹt trên các tầng cao; "
     "nguyên nhân ban đầu được xác định do chập điện ở khu để xe máy."),
    ("chay-chung-cu", "bao-b", "news", 43.0,
     "Giải cứu cư dân mắc kẹt trong vụ cháy chung cư mini Khương Hạ",
     "Vụ cháy chung cư mini trên phố Khương Hạ khiến nhiều cư dân hoảng loạn. Lực lượng cảnh sát "
     "phòng cháy chữa cháy Hà Nội đã giải cứu các cư dân mắc kẹt, nhiều xe máy ở tầng để xe bị thiêu rụi."),
    ("chay-xuong", "bao-c", "news", 41.0,
     "Cháy lớn xưởng gỗ ở Bình Dương, khói đen bốc cao hàng trăm mét",
     "Một xưởng sản xuất đồ gỗ xuất khẩu tại thị xã Tân Uyên, Bình Dương bốc cháy dữ dội vào chiều nay. "
     "Công nhân kịp thời thoát ra ngoài, lửa thiêu rụi kho chứa gỗ thành phẩm và máy móc, thiệt hại "
     "ước tính nhiều tỷ đồng."),
    ("chay-xuong", "dien-dan", "forum", 42.0,
     "Khói đen mù mịt ở Tân Uyên, xưởng gỗ nào cháy vậy mọi người",
     "Đi làm về thấy khói đen bốc cao ở Tân Uyên, nghe nói xưởng gỗ xuất khẩu cháy lớn, công nhân "
     "chạy ra hết rồi. Kho gỗ cháy rụi, xe cứu hỏa vào liên tục."),
    # -- unrelated items on the same days ------------------------------------------------
    ("bong-da", "bao-a", "news", 5.0,
     "Đội tuyển Việt Nam thắng Malaysia 2-0 tại vòng loại",
     "Hai bàn thắng trong hiệp hai giúp đội tuyển Việt Nam giành ba điểm trên sân Mỹ Đình. Huấn luyện "
     "viên hài lòng với tinh thần thi đấu của các cầu thủ trẻ."),
    ("gia-vang", "bao-b", "news", 8.0,
     "Giá vàng miếng tăng mạnh phiên đầu tuần",
     "Giá vàng miếng SJC sáng nay tăng thêm 800 nghìn đồng mỗi lượng, theo đà tăng của giá vàng thế giới. "
     "Người mua vàng nhẫn xếp hàng tại các cửa hàng kinh doanh vàng bạc."),
    ("thu-vien", "bao-c", "news", 12.0,
     "Khai trương thư viện cộng đồng cho trẻ em vùng cao",
     "Thư viện với hơn ba nghìn đầu sách vừa được khánh thành tại một điểm trường vùng cao, do các "
     "nhà hảo tâm quyên góp xây dựng. Các em học sinh được đọc sách miễn phí mỗi buổi chiều."),
    ("ret-dam", "bao-a", "news", 26.0,
     "Không khí lạnh tăng cường, miền Bắc chuyển rét",
     "Trung tâm Dự báo khí tượng thủy văn quốc gia cho biết một đợt không khí lạnh sẽ tràn về miền Bắc "
     "từ cuối tuần, nhiệt độ giảm sâu, vùng núi có nơi dưới 10 độ."),
    ("diem-chuan", "bao-b", "news", 28.0,
     "Các trường đại học công bố điểm chuẩn năm nay",
     "Nhiều ngành học hot như công nghệ thông tin, trí tuệ nhân tạo có điểm chuẩn trên 27 điểm. Thí sinh "
     "trúng tuyển cần xác nhận nhập học trực tuyến trước hạn chót."),
    ("le-hoi", "bao-c", "news", 34.0,
     "Lễ hội hoa đăng thu hút hàng nghìn du khách",
     "Hàng nghìn chiếc đèn hoa đăng được thả trên sông Hoài trong đêm lễ hội, du khách trong và ngoài "
     "nước thích thú hòa mình vào không khí phố cổ."),
    ("dien-thoai", "dien-dan", "forum", 15.0,
     "Có nên mua điện thoại gập đời mới không các bác",
     "Em đang phân vân giữa điện thoại gập và máy thường, pin với màn hình nếp gấp có bền không, "
     "bác nào dùng rồi cho em xin kinh nghiệm."),
    ("tuyen-metro", "bao-a", "news", 46.0,
     "Tuyến metro số 1 đạt kỷ lục lượng khách dịp cuối tuần",
     "Hơn 100 nghìn lượt hành khách đi tuyến metro Bến Thành - Suối Tiên trong ngày chủ nhật, ban quản lý "
     "tăng chuyến vào giờ cao điểm để giảm cảnh chen chúc."),
)


def build_cases(cases: tuple[Case, ...] = CASES, *, shift: timedelta = timedelta(0)) -> list[tuple[str, Item]]:
    """(event key, enriched Item) per case, oldest first; ``shift`` moves them all in time."""
    from langnghe import nlp

    raw = [
        build_item(
            id=f"{key}-{source}-{int(hours * 10)}", source=source, platform=platform,
            kind="post" if platform == "forum" else "article", title=title, text=text,
            published_at=T0 + shift + timedelta(hours=hours),
        )
        for key, source, platform, hours, title, text in cases
    ]  # fmt: skip
    enriched = nlp.enrich_items(raw)
    pairs = sorted(zip((case[0] for case in cases), enriched), key=lambda pair: pair[1].published_at or T0)
    return list(pairs)
