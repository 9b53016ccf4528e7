# Hand-written page definitions: national news, provincial papers, government portals.
# Every "exp" block was written by hand from what a reader of the finished page sees.
from common import strip_date, unix

JS_TODAY = ("<script type=\"text/javascript\">\n"
            "var d = new Date(); var thu = ['Chủ nhật','Thứ hai','Thứ ba','Thứ tư','Thứ năm','Thứ sáu','Thứ bảy'];\n"
            "document.write(thu[d.getDay()] + ', ngày ' + d.getDate() + '/' + (d.getMonth()+1) + '/' + d.getFullYear());\n"
            "</script>")

PAGES = []

# ------------------------------------------------------------------ p01
PAGES.append(dict(
    file='p01_national_table_2011.html', skin='news_table',
    site='Thời Báo Kim Long', domain='thoibaokimlong.vn', cat='Xã hội', cat_slug='xa-hoi',
    url='https://thoibaokimlong.vn/xa-hoi/xe-khach-lat-tren-deo-may-trang-12-nguoi-bi-thuong-4521.html',
    logo_h1=True,
    title='Xe khách lật trên đèo Mây Trắng, 12 người bị thương',
    title_html='<div class="title">Xe khách lật trên đèo Mây Trắng, 12 người bị thương</div>',
    strip=strip_date('2011-10-19') + ' | Cập nhật 08:30 sáng',
    byline='Thứ Ba, 18/10/2011, 11:05 tối (GMT+7)',
    sapo_outside=True,
    sapo='Khoảng 21h30 tối nay, một xe khách giường nằm chạy tuyến Lạc Giang - Hà Nội mất lái khi đang xuống đèo Mây Trắng rồi lật nghiêng bên vệ đường.',
    paras=[
        'Theo anh Đặng Văn Hùng, một hành khách ngồi ở hàng ghế đầu, xe đang đổ dốc thì tài xế la lên "mất phanh" và cố ép xe vào vách núi. Chiếc xe trượt thêm chừng ba chục mét rồi đổ nghiêng xuống rãnh thoát nước.',
        'Người dân ở bản Khe Lau gần đó đã mang đèn pin, dây thừng đến phá cửa kính để đưa hành khách ra ngoài. 12 người bị thương được chuyển tới Bệnh viện Đa khoa huyện Mây Trắng, trong đó hai người bị gãy chân.',
        'Công an huyện đã phong tỏa hiện trường, điều xe cẩu đến trục vớt và đang làm rõ nguyên nhân vụ tai nạn.',
    ],
    author='Hoàng Minh Khôi',
    exp=dict(layout='national online newspaper, 2011 XHTML table layout', traps=['12h_clock', 'date_strip', 'logo_h1', 'sapo_outside'],
             published='2011-10-18T23:05:00+07:00',
             body_start='Khoảng 21h30 tối nay, một xe khách giường nằm chạy tuyến'),
))

# ------------------------------------------------------------------ p02
PAGES.append(dict(
    file='p02_national_table_2013.html', skin='news_table',
    site='Tin Nhanh Phương Nam', domain='tinnhanhphuongnam.com.vn', cat='Du lịch', cat_slug='du-lich',
    url='https://tinnhanhphuongnam.com.vn/du-lich/cho-noi-cai-luy-mo-rong-ben-don-khach-20130307142011.htm',
    title='Chợ nổi Cái Lũy mở rộng bến đón khách du lịch',
    strip=JS_TODAY,
    byline='Cập nhật lúc 14:20, Thứ Năm, 07/03/2013',
    sapo_outside=True,
    sapo='Sau nhiều năm khách du lịch phải leo qua ghe hàng để lên bờ, chợ nổi Cái Lũy vừa có bến đón khách mới dài gần 80 mét.',
    paras=[
        'Bến mới được xây bằng bê tông cốt thép, có mái che và lan can, cho phép cùng lúc 15 ghe du lịch cập vào. Kinh phí gần 6 tỷ đồng do huyện và các doanh nghiệp lữ hành cùng góp.',
        'Bà Tư Lựu, người bán trái cây trên ghe hơn hai mươi năm, cho biết trước đây mỗi sáng có khách bị trượt chân té xuống sông. "Giờ có bến đàng hoàng, khách lên xuống yên tâm, tụi tui bán cũng được nhiều hơn", bà nói.',
        'Ban quản lý chợ cho biết sẽ bố trí thêm nhà vệ sinh công cộng và bảng chỉ dẫn bằng tiếng Anh trước mùa du lịch hè.',
    ],
    author='Lâm Thị Bích Ngọc',
    exp=dict(layout='national online newspaper, 2013 table layout, header date by document.write', traps=['script_date', 'sapo_outside'],
             published='2013-03-07T14:20:00+07:00',
             body_start='Sau nhiều năm khách du lịch phải leo qua ghe hàng'),
))

# ------------------------------------------------------------------ p03
PAGES.append(dict(
    file='p03_national_div_2014.html', skin='news_div',
    site='Nhịp Sống Mới', domain='nhipsongmoi.com.vn', cat='Giáo dục', cat_slug='giao-duc',
    url='https://nhipsongmoi.com.vn/giao-duc/truong-lang-ben-da-co-thu-vien-moi-a20419.html',
    title='Trường làng Bến Đá có thư viện mới nhờ quyên góp của cựu học sinh',
    strip=strip_date('2014-06-12'),
    head_extra='<meta property="article:published_time" content="2014-06-10T03:15:00" />\n<meta itemprop="datePublished" content="2014-06-10T03:15:00" />\n<meta property="article:section" content="Giáo dục" />',
    byline='<span class="time">10/06/2014 10:15 GMT+7</span>',
    sapo='Hơn 3.000 đầu sách, 40 bộ bàn ghế và một phòng đọc sáng sủa vừa được bàn giao cho Trường tiểu học Bến Đá sau ba tháng vận động.',
    paras=[
        'Ý tưởng bắt đầu từ một nhóm cựu học sinh khóa 1995 khi họ về thăm trường và thấy tủ sách cũ chỉ còn vài chục cuốn rách bìa. Nhóm lập trang kêu gọi trên mạng xã hội và nhận được đóng góp từ hơn 400 người.',
        'Cô hiệu trưởng Nguyễn Thị Duyên cho biết từ nay mỗi lớp sẽ có một tiết đọc sách mỗi tuần. Các em học sinh được mượn sách mang về nhà trong bảy ngày.',
        'Nhóm cựu học sinh dự định tiếp tục quyên góp để lắp thêm máy tính cho phòng đọc vào đầu năm học tới.',
    ],
    author_top='Phan Quang Vinh',
    exp=dict(layout='national online newspaper, 2014 div layout', traps=['metadata_disagrees', 'date_strip'],
             published='2014-06-10T10:15:00+07:00',
             body_start='Hơn 3.000 đầu sách, 40 bộ bàn ghế và một phòng đọc'),
))

# ------------------------------------------------------------------ p04
PAGES.append(dict(
    file='p04_national_div_2016.html', skin='news_div',
    site='Tiếng Nói Đồng Bằng', domain='tiengnoidongbang.vn', cat='Kinh tế', cat_slug='kinh-te',
    url='https://tiengnoidongbang.vn/kinh-te/nong-dan-tan-hoa-chuyen-sang-trong-dua-luoi-trong-nha-mang-post88213.html',
    title='Nông dân Tân Hòa chuyển sang trồng dưa lưới trong nhà màng',
    head_extra='<meta property="article:published_time" content="2016-07-22T17:00:00+08:00" />\n<meta property="article:modified_time" content="2016-07-22T17:45:00+08:00" />',
    byline='<span class="date">Thứ Sáu, 22/07/2016 - 04:00 chiều</span>',
    sapo='Thay vì trồng lúa ba vụ lãi mỏng, nhiều hộ ở xã Tân Hòa đã dựng nhà màng trồng dưa lưới và thu về vài trăm triệu đồng mỗi năm.',
    paras=[
        'Anh Trịnh Văn Lộc dựng nhà màng rộng 1.000 mét vuông từ đầu năm ngoái. Mỗi vụ dưa kéo dài khoảng 75 ngày, anh thu gần 3 tấn trái, bán tại vườn cho thương lái.',
        'Theo phòng nông nghiệp huyện, hiện toàn xã có 23 nhà màng, phần lớn được hỗ trợ vay vốn ưu đãi. Huyện đang tính xây dựng nhãn hiệu chung cho dưa lưới Tân Hòa.',
        'Tuy vậy, chi phí đầu tư ban đầu vẫn là rào cản lớn với hộ nghèo, nhiều người phải góp vốn chung mới dựng được nhà màng.',
    ],
    author_top='Võ Hải Đăng',
    exp=dict(layout='national online newspaper, 2016 div layout with Open Graph article meta', traps=['12h_clock', 'metadata_offset'],
             published='2016-07-22T16:00:00+07:00',
             body_start='Thay vì trồng lúa ba vụ lãi mỏng, nhiều hộ'),
))

# ------------------------------------------------------------------ p05
PAGES.append(dict(
    file='p05_national_div_2017.html', skin='news_div',
    site='Điểm Tin 365', domain='diemtin365.vn', cat='Pháp luật', cat_slug='phap-luat',
    url='https://diemtin365.vn/phap-luat/chay-xuong-go-trong-dem-c3-112093.html',
    logo_h1=True,
    title='Cháy xưởng gỗ trong đêm, hàng trăm mét vuông nhà xưởng bị thiêu rụi',
    title_html='<h2 class="title-detail">Cháy xưởng gỗ trong đêm, hàng trăm mét vuông nhà xưởng bị thiêu rụi</h2>',
    byline='<span class="date" title="Thứ Hai, 13/11/2017 - 08:45">3 giờ trước</span>',
    paras=[
        'Rạng sáng nay, một xưởng chế biến gỗ ở cụm công nghiệp Gò Sen bất ngờ bốc cháy dữ dội, ngọn lửa lan sang kho chứa ván ép bên cạnh.',
        'Ông Lưu Đức Tài, bảo vệ xưởng, kể khoảng 2h ông nghe tiếng nổ lách tách ở khu máy cưa rồi thấy khói đen bốc lên. Ông gọi điện báo chủ xưởng và lực lượng cứu hỏa.',
        'Sáu xe chữa cháy cùng hàng chục chiến sĩ mất gần ba giờ mới khống chế được đám cháy. Không có thiệt hại về người, nhưng toàn bộ máy móc và hơn 500 mét vuông nhà xưởng bị thiêu rụi.',
        'Cơ quan chức năng đang điều tra nguyên nhân vụ cháy.',
    ],
    author='Nhóm phóng viên',
    exp=dict(layout='national online newspaper, 2017 div layout, logo in h1', traps=['tooltip_time', 'logo_h1'],
             published='2017-11-13T08:45:00+07:00',
             body_start='Rạng sáng nay, một xưởng chế biến gỗ ở cụm công nghiệp'),
))

# ------------------------------------------------------------------ p06
PAGES.append(dict(
    file='p06_national_div_2018.html', skin='news_div',
    site='Thời Sự Bốn Phương', domain='thoisubonphuong.vn', cat='Văn hóa', cat_slug='van-hoa',
    url='https://thoisubonphuong.vn/van-hoa/le-hoi-dua-thuyen-rong-tren-song-thu-lam-tro-lai-d4410.html',
    title='Lễ hội đua thuyền rồng trên sông Thu Lam trở lại sau 5 năm',
    head_extra='<meta property="article:published_time" content="2018-02-27T10:35:00+08:00" />\n<meta name="pubdate" content="2018-02-27T10:35:00+08:00" />',
    byline='<span class="time-detail">27/02/2018 | 09:35</span>',
    sapo_outside=True, sapo_cls='sapo', sapo_tag='div',
    sapo='Hơn 20 đội thuyền từ các làng ven sông Thu Lam sẽ tranh tài trong lễ hội đua thuyền rồng được tổ chức lại sau 5 năm gián đoạn.',
    paras=[
        'Ban tổ chức cho biết lễ hội diễn ra trong hai ngày, mở đầu bằng lễ rước nước từ đình làng Vạn Phúc. Mỗi thuyền dài khoảng 18 mét, có 24 tay chèo.',
        'Cụ Lê Văn Sửu, 82 tuổi, người từng cầm lái cho đội làng Vạn Phúc suốt hai mươi năm, nói rằng cả làng đã góp tiền sửa lại thuyền từ cuối năm ngoái.',
        'Ngoài đua thuyền, lễ hội còn có thi nấu cơm niêu, kéo co và đêm hát bội trên bãi bồi.',
    ],
    author='Tô Hoài Phương',
    exp=dict(layout='national online newspaper, 2018 div layout', traps=['sapo_outside', 'metadata_offset'],
             published='2018-02-27T09:35:00+07:00',
             body_start='Hơn 20 đội thuyền từ các làng ven sông Thu Lam'),
))

# ------------------------------------------------------------------ p07
PAGES.append(dict(
    file='p07_national_div_2019.html', skin='news_div',
    site='Tin Tức Miền Trung Online', domain='tintucmientrungonline.vn', cat='Thời sự', cat_slug='thoi-su',
    url='https://tintucmientrungonline.vn/thoi-su/khanh-thanh-tuyen-duong-ven-bien-noi-phuoc-an-hoa-xuan-tm77120.html',
    title='Khánh thành tuyến đường ven biển nối hai huyện Phước An và Hòa Xuân',
    strip=strip_date('2026-12-07'),
    byline=('<span class="time" id="spPublishTime"></span>\n'
            "<script type=\"text/javascript\">document.getElementById('spPublishTime').innerHTML = 'Thứ Ba, 16/04/2019, 19:40 GMT+7';</script>"),
    paras=[
        'Sáng nay, tỉnh tổ chức lễ khánh thành tuyến đường ven biển dài 21 km nối hai huyện Phước An và Hòa Xuân sau gần bốn năm thi công.',
        'Tuyến đường rộng 24 mét, có bốn làn xe và một làn dành cho xe đạp chạy dọc bờ biển. Tổng vốn đầu tư khoảng 1.100 tỷ đồng.',
        'Bà Hồ Thị Mai, chủ một quán hải sản ở thôn Bãi Dài, cho biết trước đây khách từ Hòa Xuân sang phải đi vòng gần một giờ, nay chỉ mất hai mươi phút.',
    ],
    author_top='Đinh Công Trứ',
    exp=dict(layout='regional online newspaper, 2019 div layout, byline filled by inline script', traps=['script_date', 'date_strip'],
             published='2019-04-16T19:40:00+07:00',
             body_start='Sáng nay, tỉnh tổ chức lễ khánh thành tuyến đường ven biển'),
))

# ------------------------------------------------------------------ p08
PAGES.append(dict(
    file='p08_national_modern_2021.html', skin='news_modern',
    site='Nhật Báo Phố Thị', domain='nhatbaophothi.vn', cat='Xã hội', cat_slug='xa-hoi',
    url='https://nhatbaophothi.vn/xa-hoi/tp-ven-song-phat-them-50000-tui-an-sinh-cho-nguoi-lao-dong-tu-do-ps90312.html',
    title='TP Ven Sông phát thêm 50.000 túi an sinh cho người lao động tự do',
    jsonld='{"@context":"https://schema.org","@type":"NewsArticle","headline":"TP Ven Sông phát thêm 50.000 túi an sinh cho người lao động tự do","datePublished":"2021-08-14T16:30:00Z","dateModified":"2021-08-14T16:42:00Z","author":{"@type":"Person","name":"Quách Thu Hà"},"publisher":{"@type":"Organization","name":"Nhật Báo Phố Thị"}}',
    byline='<span class="article__author">Quách Thu Hà</span> <span class="article__time">14/08/2021 16:30 (GMT+7)</span>',
    sapo_outside=True,
    sapo='Mỗi túi an sinh gồm 10 kg gạo, dầu ăn, mì gói và rau củ, được giao tận nhà cho người bán vé số, phụ hồ, xe ôm đang gặp khó khăn.',
    paras=[
        'Đợt hỗ trợ này do thành phố phối hợp với hơn 30 doanh nghiệp thực hiện, ưu tiên các khu trọ đông người lao động ở ba quận ven sông.',
        'Tổ dân phố sẽ lập danh sách, đối chiếu qua tin nhắn và gửi túi trực tiếp để tránh tập trung đông người. Anh Cao Văn Tiến, chạy xe ôm ở chợ Cầu Gỗ, nói gia đình anh đã hết gạo từ hai hôm trước.',
        'Thành phố cũng mở đường dây nóng để người dân báo những trường hợp chưa được hỗ trợ.',
    ],
    exp=dict(layout='national online newspaper, 2021 layout with JSON-LD NewsArticle', traps=['metadata_disagrees', 'sapo_outside'],
             published='2021-08-14T16:30:00+07:00',
             body_start='Mỗi túi an sinh gồm 10 kg gạo, dầu ăn, mì gói'),
))

# ------------------------------------------------------------------ p09
PAGES.append(dict(
    file='p09_national_modern_2022_clean.html', skin='news_modern',
    site='Tầm Nhìn Việt 24', domain='tamnhinviet24.vn', cat='Công nghệ', cat_slug='cong-nghe',
    url='https://tamnhinviet24.vn/cong-nghe/ra-mat-ung-dung-tra-cuu-gia-nong-san-4403921.html',
    title='Ra mắt ứng dụng tra cứu giá nông sản cho bà con vùng đồi',
    jsonld='{"@context":"https://schema.org","@type":"NewsArticle","headline":"Ra mắt ứng dụng tra cứu giá nông sản cho bà con vùng đồi","datePublished":"2022-05-19T07:12:00+07:00","dateModified":"2022-05-19T08:00:00+07:00","author":[{"@type":"Person","name":"Mạc Tuấn Anh"}]}',
    head_extra='<meta property="article:published_time" content="2022-05-19T07:12:00+07:00">',
    byline='<span class="date">Thứ năm, 19/5/2022, 07:12 (GMT+7)</span>',
    sapo='Ứng dụng Giá Chợ Quê cập nhật giá cà phê, tiêu, chè và sắn tại 40 điểm thu mua mỗi sáng, giúp nông dân tránh bị ép giá.',
    paras=[
        'Nhóm phát triển gồm bốn kỹ sư trẻ quê ở vùng đồi phía tây tỉnh. Họ thuê cộng tác viên tại các điểm thu mua nhập giá vào hệ thống trước 7 giờ sáng.',
        'Ông Rơ Châm Bin, trồng cà phê ở xã Ia Lốp, cho biết trước đây phải gọi điện cho nhiều đại lý mới biết giá. Nay ông chỉ cần mở điện thoại.',
        'Ứng dụng miễn phí, dự kiến mở rộng thêm giá phân bón và thời tiết trong năm nay.',
    ],
    author='Mạc Tuấn Anh',
    exp=dict(layout='national online newspaper, 2022 layout with JSON-LD (clean)', traps=['none'],
             published='2022-05-19T07:12:00+07:00',
             body_start='Ứng dụng Giá Chợ Quê cập nhật giá cà phê, tiêu, chè'),
))

# ------------------------------------------------------------------ p10
PAGES.append(dict(
    file='p10_national_modern_2023_clean.html', skin='news_modern',
    site='Cà Phê Sáng', domain='caphesangnews.vn', cat='Đời sống', cat_slug='doi-song',
    url='https://caphesangnews.vn/doi-song/nguoi-tre-lac-giang-hoc-nghe-pha-che-ca-phe-dac-san-d201033.html',
    title='Người trẻ Lạc Giang đổ xô học nghề pha chế cà phê đặc sản',
    jsonld='{"@context":"https://schema.org","@type":"NewsArticle","mainEntityOfPage":"https://caphesangnews.vn/doi-song/nguoi-tre-lac-giang-hoc-nghe-pha-che-ca-phe-dac-san-d201033.html","headline":"Người trẻ Lạc Giang đổ xô học nghề pha chế cà phê đặc sản","datePublished":"2023-10-02T09:48:00+07:00","dateModified":"2023-10-02T10:15:00+07:00","author":{"@type":"Person","name":"Ngô Bảo Trâm"}}',
    head_extra='<meta property="article:published_time" content="2023-10-02T09:48:00+07:00">\n<meta property="article:modified_time" content="2023-10-02T10:15:00+07:00">',
    byline='<span class="article__author">Ngô Bảo Trâm</span> <time datetime="2023-10-02T09:48:00+07:00">09:48 | 02/10/2023</time>',
    paras=[
        'Các lớp pha chế cà phê đặc sản ở thành phố Lạc Giang đang kín chỗ đến hết năm, phần lớn học viên dưới 25 tuổi.',
        'Khóa học cơ bản kéo dài sáu tuần, dạy cách rang, xay, pha phin và pha máy. Học phí khoảng 4 triệu đồng, nhiều học viên vừa học vừa làm thêm ở quán.',
        'Chị Kha Mỹ Linh, chủ một lớp học, cho rằng người trẻ muốn hiểu rõ hạt cà phê quê mình thay vì chỉ bán nước.',
    ],
    exp=dict(layout='national online newspaper, 2023 layout with JSON-LD and time element (clean)', traps=['none'],
             published='2023-10-02T09:48:00+07:00',
             body_start='Các lớp pha chế cà phê đặc sản ở thành phố'),
))

# ------------------------------------------------------------------ p11
PAGES.append(dict(
    file='p11_national_modern_2024.html', skin='news_modern',
    site='Bản Tin Số', domain='bantinso.vn', cat='Thể thao', cat_slug='the-thao',
    url='https://bantinso.vn/the-thao/giai-bong-da-thieu-nien-xa-dong-ho-khep-lai-b55102.html',
    title='Giải bóng đá thiếu niên xã Đông Hồ khép lại với trận chung kết nghẹt thở',
    byline='<span class="article__author">Lã Thanh Bình</span> <time class="article__time" datetime="2024-03-18T20:05:00+07:00" title="18/03/2024 20:05">2 ngày trước</time>',
    paras=[
        'Đội thôn Bãi Ngang đã vượt qua đội thôn Cồn Cát sau loạt sút luân lưu để giành chức vô địch giải bóng đá thiếu niên xã Đông Hồ.',
        'Hai đội hòa 2-2 sau thời gian thi đấu chính thức. Thủ môn 13 tuổi Trần Gia Bảo cản phá hai quả phạt đền và được bầu là cầu thủ xuất sắc nhất giải.',
        'Giải năm nay có 8 đội tham dự, do đoàn thanh niên xã tổ chức với sự tài trợ của các hộ kinh doanh trong vùng.',
    ],
    exp=dict(layout='national online newspaper, 2024 layout, relative time with datetime/title', traps=['tooltip_time'],
             published='2024-03-18T20:05:00+07:00',
             body_start='Đội thôn Bãi Ngang đã vượt qua đội thôn Cồn Cát'),
))

# ------------------------------------------------------------------ p12
PAGES.append(dict(
    file='p12_national_modern_2025_clean.html', skin='news_modern',
    site='Tin Việt Toàn Cảnh', domain='tinviettoancanh.vn', cat='Đời sống', cat_slug='doi-song',
    url='https://tinviettoancanh.vn/doi-song/cho-hoa-tet-ven-kenh-bay-mau-ruc-ro-truoc-ngay-khai-mac-185250123.html',
    title='Chợ hoa Tết ven kênh Bảy Mẫu rực rỡ trước ngày khai mạc',
    jsonld='{"@context":"https://schema.org","@type":"NewsArticle","headline":"Chợ hoa Tết ven kênh Bảy Mẫu rực rỡ trước ngày khai mạc","datePublished":"2025-01-23T15:30:00+07:00","dateModified":"2025-01-23T15:30:00+07:00","author":{"@type":"Person","name":"Yên Khánh"},"publisher":{"@type":"Organization","name":"Tin Việt Toàn Cảnh"}}',
    head_extra='<meta property="article:published_time" content="2025-01-23T15:30:00+07:00">',
    byline='<span class="article__author">Yên Khánh</span> <span class="article__date">23/01/2025 - 15:30</span>',
    sapo='Hàng trăm ghe chở cúc, mai, vạn thọ từ các tỉnh miền Tây đã cập bến kênh Bảy Mẫu, sẵn sàng cho chợ hoa Tết khai mạc vào cuối tuần.',
    paras=[
        'Năm nay ban quản lý bố trí 120 điểm bán dọc hai bờ kênh, lắp thêm đèn chiếu sáng và khu giữ xe miễn phí.',
        'Ông Sáu Bền, chở hoa từ làng hoa Cái Mơn Mới lên bán đã mười năm, nói giá cúc mâm xôi năm nay nhỉnh hơn năm ngoái do mưa trái mùa.',
        'Chợ hoa mở cửa đến chiều 30 Tết, sau đó ban quản lý sẽ thu gom hoa tồn để tránh cảnh vứt bỏ hoa ra đường.',
    ],
    exp=dict(layout='national online newspaper, 2025 layout with JSON-LD (clean)', traps=['none'],
             published='2025-01-23T15:30:00+07:00',
             body_start='Hàng trăm ghe chở cúc, mai, vạn thọ từ các tỉnh'),
))

# ------------------------------------------------------------------ p13
PAGES.append(dict(
    file='p13_provincial_aspnet_2012.html', skin='prov_aspnet',
    site='Báo Lạc Giang điện tử', domain='baolacgiang.vn', cat='Kinh tế', cat_slug='kinh-te', tabid=52, nid=18842,
    url='https://baolacgiang.vn/Default.aspx?tabid=52&ID=18842',
    logo_h1=True,
    title='Lạc Giang khởi động mùa vụ hè thu với 12.000 ha lúa',
    strip=strip_date('2012-04-03'),
    byline='Cập nhật: 02/04/2012 9:15 sáng',
    sapo='Ngành nông nghiệp tỉnh vừa ra quân gieo sạ vụ hè thu trên diện tích khoảng 12.000 ha, tập trung ở các huyện ven sông.',
    paras=[
        'Theo Sở Nông nghiệp, năm nay tỉnh khuyến cáo nông dân gieo sạ tập trung trong hai đợt để né rầy nâu, sử dụng giống lúa ngắn ngày chịu phèn.',
        'Tại xã Mỹ Lợi, hơn 300 hộ đã đăng ký tham gia cánh đồng mẫu lớn, được doanh nghiệp cung ứng giống và bao tiêu đầu ra.',
        'Các trạm bơm cũng được nạo vét kênh mương để chủ động nước tưới trong tháng nắng nóng.',
    ],
    author='Thái Bá Nghĩa',
    exp=dict(layout='provincial newspaper portal, 2012 ASP.NET WebForms CMS', traps=['12h_clock', 'date_strip', 'logo_h1'],
             published='2012-04-02T09:15:00+07:00',
             body_start='Ngành nông nghiệp tỉnh vừa ra quân gieo sạ vụ hè thu'),
))

# ------------------------------------------------------------------ p14
PAGES.append(dict(
    file='p14_provincial_aspnet_2015.html', skin='prov_aspnet',
    site='Báo Đông Sơn Hà', domain='baodongsonha.vn', cat='Xã hội', cat_slug='xa-hoi', tabid=61, nid=40217,
    url='https://baodongsonha.vn/Default.aspx?tabid=61&ID=40217',
    title='Đoàn công tác tỉnh Đông Sơn Hà thăm hỏi bà con vùng lũ',
    strip=JS_TODAY,
    byline='Ngày đăng: 21/09/2015 08:30 PM',
    paras=[
        'Chiều tối nay, đoàn công tác của tỉnh do ông Khổng Minh Triết, Phó Chủ tịch UBND tỉnh, dẫn đầu đã đến thăm các hộ dân bị ngập tại xã Thủy Biên.',
        'Mưa lớn kéo dài ba ngày khiến hơn 600 ngôi nhà bị nước tràn vào, nhiều tuyến đường liên thôn bị chia cắt. Đoàn trao 200 suất quà gồm gạo, mì tôm và nước uống.',
        'Ông Triết yêu cầu huyện bố trí lực lượng túc trực ở các ngầm tràn, không để người dân qua lại khi nước chảy xiết.',
    ],
    author='Đào Xuân Thủy',
    exp=dict(layout='provincial newspaper portal, 2015 ASP.NET CMS, header date by document.write', traps=['script_date', '12h_clock'],
             published='2015-09-21T20:30:00+07:00',
             body_start='Chiều tối nay, đoàn công tác của tỉnh do ông'),
))

# ------------------------------------------------------------------ p15
PAGES.append(dict(
    file='p15_provincial_aspnet_2017.html', skin='prov_aspnet',
    site='Báo Phú Lâm', domain='baophulam.vn', cat='Pháp luật', cat_slug='phap-luat', tabid=70, nid=77310,
    url='https://baophulam.vn/Default.aspx?tabid=70&ID=77310',
    title='Phú Lâm xét xử vụ án tham ô tại công ty cấp nước',
    head_extra='<meta property="article:published_time" content="2017-12-05T02:40:00" />\n<meta name="pubdate" content="2017-12-05T02:40:00" />',
    byline='<span id="ctl00_ContentPlaceHolder1_lblDate">05/12/2017 09:40</span>',
    sapo_outside=True, sapo_cls='summary',
    sapo='Tòa án nhân dân tỉnh Phú Lâm hôm nay mở phiên sơ thẩm xét xử bốn bị cáo nguyên là cán bộ Công ty cấp nước Phú Lâm về tội tham ô tài sản.',
    paras=[
        'Theo cáo trạng, từ năm 2013 đến 2015, các bị cáo đã lập khống hồ sơ sửa chữa đường ống để rút hơn 2,3 tỷ đồng của công ty.',
        'Tại tòa, bị cáo Ông Văn Khải, nguyên kế toán trưởng, thừa nhận hành vi và cho biết đã nộp lại một phần số tiền chiếm đoạt.',
        'Phiên tòa dự kiến kéo dài hai ngày.',
    ],
    author='Hà Diệu Linh',
    exp=dict(layout='provincial newspaper portal, 2017 ASP.NET CMS', traps=['sapo_outside', 'metadata_disagrees'],
             published='2017-12-05T09:40:00+07:00',
             body_start='Tòa án nhân dân tỉnh Phú Lâm hôm nay mở phiên'),
))

# ------------------------------------------------------------------ p16
PAGES.append(dict(
    file='p16_provincial_modern_2020.html', skin='prov_modern',
    site='Báo Hà Lâm Online', domain='baohalam.vn', cat='Du lịch', cat_slug='du-lich',
    url='https://baohalam.vn/du-lich/ha-lam-don-doan-khach-du-lich-dau-tien-sau-gian-cach-31022.html',
    title='Hà Lâm đón đoàn khách du lịch đầu tiên sau thời gian giãn cách',
    strip=strip_date('2020-09-30'),
    head_extra='<meta property="article:published_time" content="2020-09-29T15:10:00+08:00">',
    byline='<span class="post-date"><i class="fa fa-clock-o"></i> 29/09/2020 14:10</span>',
    paras=[
        'Chiều 29/9, đoàn 45 du khách từ Hà Nội đã đến khu du lịch hồ Núi Mây, mở đầu cho chương trình kích cầu du lịch nội tỉnh.',
        'Du khách được đón bằng hoa và đo thân nhiệt tại cổng. Các cơ sở lưu trú cam kết giảm giá 30% đến hết năm.',
        'Sở Du lịch cho biết sẽ tiếp tục đón thêm các đoàn từ những tỉnh lân cận trong tháng tới.',
    ],
    author='Kiều Văn Sang',
    exp=dict(layout='provincial newspaper portal, 2020 Bootstrap CMS', traps=['metadata_offset', 'date_strip'],
             published='2020-09-29T14:10:00+07:00',
             body_start='Chiều 29/9, đoàn 45 du khách từ Hà Nội đã đến'),
))

# ------------------------------------------------------------------ p17
PAGES.append(dict(
    file='p17_gov_portal_2013.html', skin='gov',
    site='Cổng thông tin điện tử tỉnh Lạc Giang', domain='lacgiang.gov.vn', cat='Hoạt động của lãnh đạo tỉnh',
    url='https://lacgiang.gov.vn/web/guest/tin-tuc/-/asset_publisher/Xk2d/content/ubnd-tinh-hop-phien-thuong-ky-thang-10-nam-2013',
    logo_h1=True,
    title='UBND tỉnh họp phiên thường kỳ tháng 10 năm 2013',
    strip=strip_date('2013-11-05'),
    byline='Ngày đăng: 04/11/2013 16:22',
    sapo_outside=True, sapo_cls='chapeau',
    sapo='Ngày 04/11, UBND tỉnh Lạc Giang tổ chức phiên họp thường kỳ tháng 10 để đánh giá tình hình kinh tế - xã hội và bàn nhiệm vụ các tháng cuối năm.',
    paras=[
        'Theo báo cáo, tổng thu ngân sách trên địa bàn mười tháng đạt 81% dự toán; giải ngân vốn đầu tư công còn chậm ở một số dự án giao thông.',
        'Chủ tịch UBND tỉnh đề nghị các sở, ngành tập trung tháo gỡ vướng mắc giải phóng mặt bằng, hoàn thành hồ sơ quyết toán trước ngày 15/12.',
        'Phiên họp cũng thông qua kế hoạch tổ chức các hoạt động mừng Đảng, mừng Xuân năm 2014.',
    ],
    author='Văn phòng UBND tỉnh',
    exp=dict(layout='provincial government portal (Liferay-style portlets), 2013', traps=['logo_h1', 'date_strip', 'sapo_outside'],
             published='2013-11-04T16:22:00+07:00',
             body_start='Ngày 04/11, UBND tỉnh Lạc Giang tổ chức phiên họp thường kỳ'),
))

# ------------------------------------------------------------------ p18
PAGES.append(dict(
    file='p18_gov_portal_2016.html', skin='gov',
    site='Cổng thông tin điện tử huyện Hòa Xuân', domain='hoaxuan.lacgiang.gov.vn', cat='Cải cách hành chính',
    url='https://hoaxuan.lacgiang.gov.vn/Pages/tin-tuc/huyen-hoa-xuan-trien-khai-dich-vu-cong-muc-do-3-2016061415.aspx',
    title='Huyện Hòa Xuân triển khai tiếp nhận hồ sơ trực tuyến mức độ 3',
    title_html='<h2 class="title-news">Huyện Hòa Xuân triển khai tiếp nhận hồ sơ trực tuyến mức độ 3</h2>',
    strip=JS_TODAY,
    byline='Cập nhật ngày: 14/06/2016 03:04 PM',
    body_cls='ms-rtestate-field',
    paras=[
        'Từ ngày 15/6, người dân và doanh nghiệp trên địa bàn huyện có thể nộp hồ sơ trực tuyến đối với 27 thủ tục hành chính thuộc lĩnh vực đất đai, xây dựng và hộ tịch.',
        'Hồ sơ nộp qua mạng được tiếp nhận trong giờ hành chính; kết quả trả tại Bộ phận một cửa hoặc gửi qua đường bưu điện.',
        'Ông Lục Văn Quân, Chánh Văn phòng HĐND và UBND huyện, cho biết huyện sẽ cử cán bộ hướng dẫn tại các xã trong tháng đầu triển khai.',
    ],
    exp=dict(layout='district government portal (SharePoint-style), 2016, header date by document.write', traps=['script_date', '12h_clock'],
             published='2016-06-14T15:04:00+07:00',
             body_start='Từ ngày 15/6, người dân và doanh nghiệp trên địa bàn huyện'),
))

# ------------------------------------------------------------------ p19
PAGES.append(dict(
    file='p19_gov_portal_2021.html', skin='gov',
    site='Sở Giáo dục và Đào tạo tỉnh Phú Lâm', domain='sgddt.phulam.gov.vn', cat='Thông báo',
    url='https://sgddt.phulam.gov.vn/tin-tuc/huong-dan-tuyen-sinh-lop-10-nam-hoc-2021-2022-1602.html',
    title='Sở Giáo dục và Đào tạo hướng dẫn tuyển sinh lớp 10 năm học 2021-2022',
    head_extra='<meta property="article:published_time" content="2021-03-09T08:00:00+07:00" />',
    byline='<span class="date">09/03/2021 | 15:00</span> <span class="view">Lượt xem: 5.120</span>',
    sapo_outside=True, sapo_cls='summary',
    sapo='Kỳ thi tuyển sinh vào lớp 10 năm học 2021-2022 tại tỉnh Phú Lâm dự kiến diễn ra trong hai ngày đầu tháng 6, thi ba môn Toán, Ngữ văn và Tiếng Anh.',
    paras=[
        'Học sinh đăng ký tối đa hai nguyện vọng vào các trường trung học phổ thông công lập, nộp hồ sơ tại trường trung học cơ sở nơi đang học.',
        'Riêng Trường THPT chuyên Phú Lâm tổ chức thêm một buổi thi môn chuyên. Điểm chuẩn sẽ được công bố chậm nhất ngày 25/6.',
        'Sở đề nghị các trường phổ biến kế hoạch đến cha mẹ học sinh trước ngày 20/3.',
    ],
    exp=dict(layout='provincial department portal (Sở GD&ĐT), 2021 CMS', traps=['metadata_disagrees', 'sapo_outside'],
             published='2021-03-09T15:00:00+07:00',
             body_start='Kỳ thi tuyển sinh vào lớp 10 năm học 2021-2022'),
))

# ------------------------------------------------------------------ p20
PAGES.append(dict(
    file='p20_gov_portal_2024_clean.html', skin='gov',
    site='Cổng thông tin điện tử xã Đông Hồ', domain='dongho.phulam.gov.vn', cat='Tin hoạt động',
    url='https://dongho.phulam.gov.vn/tin-hoat-dong/xa-dong-ho-ra-quan-lam-sach-bai-bien-truoc-mua-bao-2408.html',
    title='Xã Đông Hồ ra quân làm sạch bãi biển trước mùa bão',
    title_html='<h1 class="title-news">Xã Đông Hồ ra quân làm sạch bãi biển trước mùa bão</h1>',
    head_extra='<meta property="article:published_time" content="2024-08-26T10:05:00+07:00" />',
    byline='Ngày đăng: 26/08/2024 10:05',
    paras=[
        'Sáng 25/8, hơn 300 đoàn viên, hội viên và người dân xã Đông Hồ đã tham gia dọn rác dọc bãi biển thôn Bãi Ngang.',
        'Trong ba giờ, lực lượng ra quân thu gom khoảng 4 tấn rác, chủ yếu là túi ni lông, lưới cũ và phao xốp.',
        'UBND xã cũng nhắc các hộ nuôi trồng thủy sản gia cố lồng bè, chuẩn bị phương án di dời khi có bão.',
    ],
    author='Ban biên tập',
    exp=dict(layout='commune government portal, 2024 (clean)', traps=['none'],
             published='2024-08-26T10:05:00+07:00',
             body_start='Sáng 25/8, hơn 300 đoàn viên, hội viên và người dân'),
))

# ------------------------------------------------------------------ p21
PAGES.append(dict(
    file='p21_magazine_div_2015.html', skin='news_div',
    site='Tạp chí Sống Xanh', domain='tapchisongxanh.vn', cat='Nhà đẹp', cat_slug='nha-dep',
    url='https://tapchisongxanh.vn/nha-dep/vuon-rau-tren-san-thuong-pho-co-sx2291.html',
    logo_h1=True,
    title='Vườn rau trên sân thượng giúp gia đình phố cổ tự chủ thực phẩm',
    title_html='<div class="title">Vườn rau trên sân thượng giúp gia đình phố cổ tự chủ thực phẩm</div>',
    head_extra='<meta property="article:published_time" content="2015-04-08T21:15:00+08:00" />',
    byline='<span class="date">08/04/2015 20:15</span>',
    paras=[
        'Trên sân thượng rộng 30 mét vuông của ngôi nhà ống ở phố Hàng Vải Mới, gia đình ông Tạ Quang Lâm trồng đủ rau cho bữa ăn hằng ngày.',
        'Ông dùng thùng xốp cũ, đất trộn phân trùn quế và hệ thống tưới nhỏ giọt tự chế từ chai nhựa. Mỗi tháng, gia đình tiết kiệm được gần một triệu đồng tiền rau.',
        'Hàng xóm thấy vậy cũng làm theo, nay cả dãy phố có bảy sân thượng xanh.',
    ],
    author='Mai Anh Thư',
    exp=dict(layout='online lifestyle magazine, 2015 div layout, logo in h1', traps=['logo_h1', 'metadata_offset'],
             published='2015-04-08T20:15:00+07:00',
             body_start='Trên sân thượng rộng 30 mét vuông của ngôi nhà ống'),
))

# ------------------------------------------------------------------ p22
PAGES.append(dict(
    file='p22_national_modern_2020.html', skin='news_modern',
    site='Nhịp Cầu 24h', domain='nhipcau24h.vn', cat='Thời sự', cat_slug='thoi-su',
    url='https://nhipcau24h.vn/thoi-su/cuu-song-ngu-dan-troi-dat-hai-ngay-tren-bien-nc60119.html',
    title='Cứu sống ngư dân trôi dạt hai ngày trên biển',
    jsonld='{"@context":"https://schema.org","@type":"NewsArticle","headline":"Cứu sống ngư dân trôi dạt hai ngày trên biển","datePublished":"2020-01-11T03:04:00+07:00","author":{"@type":"Person","name":"Bế Văn Toàn"}}',
    byline='<span class="article__author">Bế Văn Toàn</span> <span class="article__time">Thứ Bảy, 11/01/2020 03:04 AM</span>',
    sapo_outside=True, sapo_cls='article__sapo', sapo_tag='div',
    sapo='Ngư dân Huỳnh Văn Tám bám vào thùng nhựa suốt hai ngày sau khi tàu cá bị sóng đánh chìm, may mắn được một tàu hàng phát hiện.',
    paras=[
        'Tàu hàng đã đưa ông Tám vào cảng lúc nửa đêm. Ông bị mất nước, kiệt sức và được chuyển ngay đến bệnh viện.',
        'Theo lời ông kể, tàu cá gặp gió giật mạnh, nước tràn vào khoang máy. Ba thuyền viên khác đã được tàu bạn cứu trước đó.',
        'Biên phòng tỉnh khuyến cáo ngư dân theo dõi bản tin thời tiết và luôn mang áo phao khi ra khơi.',
    ],
    exp=dict(layout='national online newspaper, 2020 layout with JSON-LD', traps=['12h_clock', 'sapo_outside'],
             published='2020-01-11T03:04:00+07:00',
             body_start='Ngư dân Huỳnh Văn Tám bám vào thùng nhựa suốt hai ngày'),
))

# ------------------------------------------------------------------ p23
PAGES.append(dict(
    file='p23_national_table_2012.html', skin='news_table',
    site='Tiếng Vọng Đô Thị', domain='tiengvongdothi.vn', cat='Nhà đất', cat_slug='nha-dat',
    url='https://tiengvongdothi.vn/nha-dat/hang-tram-ho-dan-khu-tap-the-cu-cho-ngay-duoc-xay-moi-12082.html',
    title='Hàng trăm hộ dân khu tập thể cũ chờ ngày được xây mới',
    strip=strip_date('2012-08-22'),
    byline="<script type=\"text/javascript\">document.write('Đăng ngày 20/08/2012 17:25');</script>",
    paras=[
        'Gần 400 hộ dân ở khu tập thể Cầu Mới đã sống trong những căn hộ nứt tường, thấm dột suốt nhiều năm mà dự án cải tạo vẫn chưa khởi công.',
        'Bà Vũ Thị Lan, sống ở tầng ba nhà C2, cho biết mùa mưa nào gia đình bà cũng phải lấy xô hứng nước. Trần nhà bong từng mảng vữa to bằng bàn tay.',
        'Đại diện quận cho biết đang chờ chủ đầu tư hoàn tất phương án tài chính và sẽ ưu tiên di dời các nhà nguy hiểm trước.',
    ],
    author='Nghiêm Đức',
    exp=dict(layout='national online newspaper, 2012 table layout, date only inside document.write', traps=['script_date', 'date_strip'],
             published='2012-08-20T17:25:00+07:00',
             body_start='Gần 400 hộ dân ở khu tập thể Cầu Mới đã sống'),
))

# ------------------------------------------------------------------ p24
PAGES.append(dict(
    file='p24_provincial_modern_2023.html', skin='prov_modern',
    site='Báo Bình Nguyên', domain='baobinhnguyen.vn', cat='Kinh tế', cat_slug='kinh-te',
    url='https://baobinhnguyen.vn/kinh-te/binh-nguyen-cong-bo-20-san-pham-ocop-moi-b71092.html',
    title='Bình Nguyên công bố 20 sản phẩm OCOP mới',
    byline=f'<span class="post-time" data-time="{unix("2023-06-30T10:20:00+07:00")}">3 giờ trước</span> <span class="post-author">Thạch Ngọc Hân</span>',
    paras=[
        'UBND tỉnh Bình Nguyên vừa công nhận 20 sản phẩm đạt chuẩn OCOP từ 3 sao trở lên, nâng tổng số sản phẩm của tỉnh lên 146.',
        'Nhiều sản phẩm lần đầu được công nhận như mật ong rừng tràm, bánh tráng phơi sương và trà lá vối.',
        'Sở Công Thương sẽ hỗ trợ các chủ thể đưa sản phẩm lên sàn thương mại điện tử và các hội chợ trong nước.',
    ],
    exp=dict(layout='provincial newspaper portal, 2023 CMS, relative time with data-time', traps=['tooltip_time'],
             published='2023-06-30T10:20:00+07:00',
             body_start='UBND tỉnh Bình Nguyên vừa công nhận 20 sản phẩm'),
))
