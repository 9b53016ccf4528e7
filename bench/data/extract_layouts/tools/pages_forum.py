# Hand-written forum thread pages. Published = time of the first post as a reader sees it (Vietnam time).
from common import strip_date, unix

PAGES = []


def xf1_abbr(iso, datestr, timestr, visible):
    return (f'<abbr class="DateTime" data-time="{unix(iso)}" data-diff="0" data-datestring="{datestr}" '
            f'data-timestring="{timestr}" title="{datestr} lúc {timestr}">{visible}</abbr>')


def xf2_time(iso, datestr, timestr, visible):
    return (f'<time class="u-dt" dir="auto" datetime="{iso.replace("+07:00", "+0700")}" data-time="{unix(iso)}" '
            f'data-date-string="{datestr}" data-time-string="{timestr}" title="{datestr} lúc {timestr}">{visible}</time>')


def vb4_date(d, t):
    return f'<span class="date">{d},&nbsp;<span class="time">{t}</span></span>'


# ------------------------------------------------------------------ p25 vBulletin 3, MM-DD-YY, 12h
PAGES.append(dict(
    file='p25_forum_vb3_2011.html', skin='vb3',
    site='Diễn đàn Tin học Lạc Giang', domain='tinhoclacgiang.vn', section='Phần cứng - Sửa chữa máy tính',
    url='https://tinhoclacgiang.vn/showthread.php?t=18204',
    title='Máy tính bật lên kêu 3 tiếng bíp dài, không lên hình',
    now='08:10 AM',
    posts=[
        dict(author='hoanganh_lg', join='Mar 2010', nposts=87, date='10-27-11, 10:42 PM',
             text=['Chào các bác, máy bàn nhà em tự nhiên hôm nay bật lên thì quạt vẫn quay nhưng kêu 3 tiếng bíp dài liên tục, màn hình tối đen.',
                   'Main Gigabyte G41, RAM 2GB, chạy được gần 3 năm rồi. Em đã thử rút dây nguồn cắm lại nhưng vẫn vậy.',
                   'Các bác cho em hỏi bệnh này là do đâu, có tự sửa được không ạ? Em cảm ơn.']),
        dict(author='tuan.kythuat', rank='Thành viên tích cực', join='Aug 2008', nposts=2341, date='10-28-11, 07:15 AM',
             text=['3 tiếng bíp dài thường là lỗi RAM. Bác tháo thanh RAM ra, lấy gôm tẩy chà nhẹ chân đồng rồi cắm lại thử xem.']),
        dict(author='hoanganh_lg', join='Mar 2010', nposts=88, date='10-28-11, 09:03 PM',
             text=['Làm theo bác tuan.kythuat đã lên hình rồi ạ. Cảm ơn bác nhiều!']),
    ],
    exp=dict(layout='forum, vBulletin 3.8 table layout, 2011', traps=['two_digit_year', '12h_clock'],
             published='2011-10-27T22:42:00+07:00',
             body_start='Chào các bác, máy bàn nhà em tự nhiên hôm nay'),
))

# ------------------------------------------------------------------ p26 vBulletin 3 Vietnamese locale DD-MM-YY 24h
PAGES.append(dict(
    file='p26_forum_vb3_2012.html', skin='vb3',
    site='Cộng đồng Mẹ và Bé Phố Núi', domain='mebephonui.vn', section='Dinh dưỡng cho bé',
    url='https://mebephonui.vn/showthread.php?t=5521',
    title='Kinh nghiệm cho bé ăn dặm kiểu Nhật, các mẹ vào chia sẻ nhé',
    now='10:20',
    posts=[
        dict(author='MeBinBon', join='10-2011', nposts=142, date='25-03-12, 22:42',
             text=['Bé nhà em được 6 tháng, em đang tập cho bé ăn dặm kiểu Nhật: cháo rây loãng, rau củ nghiền riêng từng món, không nêm gia vị.',
                   'Tuần đầu bé ăn được vài thìa, giờ đã ăn hết nửa bát nhỏ. Mẹ nào đã cho con ăn theo cách này thì chia sẻ thực đơn với em nhé.']),
        dict(author='thuhuong_87', join='01-2012', nposts=35, date='26-03-12, 08:10',
             text=['Em cũng cho bé ăn kiểu này, mẹ nên nấu nước dashi từ rong biển và cá bào để bé ăn ngon hơn.']),
        dict(author='MeBinBon', join='10-2011', nposts=143, date='Hôm nay, 10:05',
             text=['Cảm ơn mẹ thuhuong_87, em sẽ thử ngay.']),
    ],
    exp=dict(layout='forum, vBulletin 3.8 with Vietnamese date format, 2012', traps=['two_digit_year'],
             published='2012-03-25T22:42:00+07:00',
             body_start='Bé nhà em được 6 tháng, em đang tập cho bé'),
))

# ------------------------------------------------------------------ p27 vBulletin 4, MM-DD-YY ambiguous, 12h
PAGES.append(dict(
    file='p27_forum_vb4_2013.html', skin='vb4',
    site='Hội Xe Máy Cổ Việt', domain='xemaycoviet.vn', section='Phục chế - Phụ tùng', tid='9921-tu-van-phuc-che-honda-cub-78',
    url='https://xemaycoviet.vn/showthread.php?9921-tu-van-phuc-che-honda-cub-78',
    title='Tư vấn phục chế Honda Cub 78 đời đầu',
    now='11:40 PM',
    posts=[
        dict(author='cub78_saigon', join='Nov 2012', nposts='46', date=vb4_date('03-05-13', '09:15 PM'),
             text=['Em mới tậu được con Cub 78 của ông chú để lại, máy vẫn nổ nhưng dàn áo đã bạc màu, yên rách, vành gỉ hết.',
                   'Em muốn phục chế lại gần nguyên bản nhất có thể. Các bác cho em xin địa chỉ sơn tĩnh điện và chỗ mua phụ tùng zin ở khu vực phía Nam với ạ.']),
        dict(author='ba_gia_ganh', rank='Hội viên kỳ cựu', join='Feb 2009', nposts='5,830', date=vb4_date('03-06-13', '07:40 AM'),
             text=['Vành thì bác đem đi xi lại, đừng sơn. Yên nên bọc da bò, giữ khung cũ.']),
        dict(author='cub78_saigon', join='Nov 2012', nposts='47', date=vb4_date('03-17-13', '11:02 PM'),
             text=['Cập nhật tiến độ: đã xong dàn áo, tuần sau lên ảnh cho các bác xem.']),
    ],
    exp=dict(layout='forum, vBulletin 4.2, 2013 (order shown by the reply dated 03-17-13)', traps=['two_digit_year', '12h_clock'],
             published='2013-03-05T21:15:00+07:00',
             body_start='Em mới tậu được con Cub 78 của ông chú để lại'),
))

# ------------------------------------------------------------------ p28 vBulletin 4, DD-MM-YY ambiguous, 24h, logo h1
PAGES.append(dict(
    file='p28_forum_vb4_2014.html', skin='vb4',
    site='Diễn đàn Nhiếp Ảnh Trẻ', domain='nhiepanhtre.com.vn', section='Phong cảnh', tid='30115-binh-minh-doi-che-tan-phong',
    url='https://nhiepanhtre.com.vn/showthread.php?30115-binh-minh-doi-che-tan-phong',
    logo_h1=True,
    title='Chia sẻ bộ ảnh bình minh trên đồi chè Tân Phong',
    now='21:03',
    posts=[
        dict(author='duy.lens', join='08-2012', nposts='412', date=vb4_date('05-04-14', '20:30'),
             text=['Sáng Chủ nhật vừa rồi em dậy từ 4 giờ, chạy xe hơn 60 cây số lên đồi chè Tân Phong để săn bình minh.',
                   'Sương dày nên phải chờ gần một tiếng mới có nắng. Máy Nikon D7000, ống 18-105, chụp tay không chân máy. Mời các bác xem và góp ý.']),
        dict(author='lam_phong', rank='Điều hành viên', join='03-2010', nposts='3.204', date=vb4_date('06-04-14', '09:12'),
             text=['Ảnh số 3 đẹp nhất, lớp sương và hàng chè rất có nhịp điệu. Tấm cuối hơi nghiêng đường chân trời.']),
        dict(author='duy.lens', join='08-2012', nposts='415', date=vb4_date('19-04-14', '14:55'),
             text=['Em đã chỉnh lại tấm cuối, cảm ơn bác lam_phong.']),
    ],
    exp=dict(layout='forum, vBulletin 4.2 custom style with site name in h1, 2014 (order shown by the reply dated 19-04-14)', traps=['two_digit_year', 'logo_h1'],
             published='2014-04-05T20:30:00+07:00',
             body_start='Sáng Chủ nhật vừa rồi em dậy từ 4 giờ'),
))

# ------------------------------------------------------------------ p29 XenForo 1, abbr DateTime, relative text
PAGES.append(dict(
    file='p29_forum_xf1_2015.html', skin='xf1',
    site='Cộng đồng Du lịch Bụi 360', domain='dulichbui360.vn', section='Kinh nghiệm du lịch', section_slug='kinh-nghiem-du-lich.7',
    slug='lich-trinh-4-ngay-3-dem-kham-pha-cao-nguyen-da.20415', node=7,
    url='https://dulichbui360.vn/threads/lich-trinh-4-ngay-3-dem-kham-pha-cao-nguyen-da.20415/',
    title='Lịch trình 4 ngày 3 đêm khám phá cao nguyên đá cho người đi lần đầu',
    now_unix=unix('2015-06-13T09:30:00+07:00'), today_unix=unix('2015-06-13T00:00:00+07:00'),
    posts=[
        dict(author='Phượt Thủ Gió', date=xf1_abbr('2015-06-12T20:15:00+07:00', '12/6/15', '20:15', 'Hôm qua lúc 20:15'),
             text=['Mình vừa đi cao nguyên đá về, tổng chi phí khoảng 3 triệu đồng mỗi người, đi xe máy từ thị trấn Quản Bạ.',
                   'Ngày 1: lên dốc Bắc Sum, nghỉ ở Yên Minh. Ngày 2: qua Đồng Văn, đi đèo Mã Pí Lèng. Ngày 3: Lũng Cú. Ngày 4: quay về.',
                   'Lưu ý đổ xăng đầy bình trước khi qua đèo và mang áo mưa, chiều hay có mưa rào.']),
        dict(author='Minh Chuối', date=xf1_abbr('2015-06-13T07:30:00+07:00', '13/6/15', '07:30', 'Hôm nay lúc 07:30'),
             text=['Cảm ơn bạn, tháng sau mình đi, cho mình hỏi chỗ nghỉ ở Đồng Văn giá bao nhiêu?']),
        dict(author='Phượt Thủ Gió', date=xf1_abbr('2015-06-13T09:02:00+07:00', '13/6/15', '09:02', 'Hôm nay lúc 09:02'),
             text=['Nhà nghỉ trong phố cổ khoảng 250 nghìn một phòng đôi nhé bạn.']),
    ],
    exp=dict(layout='forum, XenForo 1.4, 2015, relative dates in abbr.DateTime', traps=['tooltip_time'],
             published='2015-06-12T20:15:00+07:00',
             body_start='Mình vừa đi cao nguyên đá về, tổng chi phí khoảng'),
))

# ------------------------------------------------------------------ p30 XenForo 2, time.u-dt relative
PAGES.append(dict(
    file='p30_forum_xf2_2019.html', skin='xf2',
    site='Diễn đàn Nhà Nông Số', domain='nhanongso.vn', section='Cây ăn trái', section_slug='cay-an-trai.12',
    slug='cay-sau-rieng-bi-vang-la-thoi-re-sau-mua.8812', tid=8812, node=12,
    url='https://nhanongso.vn/threads/cay-sau-rieng-bi-vang-la-thoi-re-sau-mua.8812/',
    title='Cây sầu riêng bị vàng lá thối rễ sau mưa, xử lý thế nào?',
    now_unix=unix('2019-11-22T10:00:00+07:00'), today_unix=unix('2019-11-22T00:00:00+07:00'),
    posts=[
        dict(author='Út Hậu Giang', date=xf2_time('2019-11-20T21:40:00+07:00', '20/11/19', '21:40', '2 ngày trước'),
             text=['Vườn em có khoảng 80 gốc sầu riêng 5 năm tuổi. Sau đợt mưa lớn tuần rồi, chừng chục cây bị vàng lá từ dưới lên, cào gốc thấy rễ tơ thâm đen.',
                   'Em đã khơi rãnh thoát nước rồi. Anh chị em có kinh nghiệm chỉ giúp em nên xử lý thuốc gì và bón phân ra sao cho cây phục hồi.']),
        dict(author='KS Trọng Nghĩa', rank='Kỹ sư nông nghiệp', date=xf2_time('2019-11-21T06:12:00+07:00', '21/11/19', '06:12', 'Hôm qua lúc 06:12'),
             text=['Triệu chứng giống nấm Phytophthora. Bạn tưới gốc thuốc đặc trị, tạm ngưng bón phân hóa học, bổ sung nấm Trichoderma.']),
        dict(author='Út Hậu Giang', date=xf2_time('2019-11-21T22:50:00+07:00', '21/11/19', '22:50', 'Hôm qua lúc 22:50'),
             text=['Dạ em cảm ơn anh, mai em đi mua thuốc.']),
    ],
    exp=dict(layout='forum, XenForo 2.1, 2019, relative dates in time.u-dt', traps=['tooltip_time'],
             published='2019-11-20T21:40:00+07:00',
             body_start='Vườn em có khoảng 80 gốc sầu riêng 5 năm tuổi'),
))

# ------------------------------------------------------------------ p31 XenForo 2 clean
PAGES.append(dict(
    file='p31_forum_xf2_2023_clean.html', skin='xf2',
    site='Cộng đồng Lập trình viên Phố Biển', domain='laptrinhphobien.vn', section='Hỏi đáp nghề nghiệp', section_slug='hoi-dap-nghe-nghiep.5',
    slug='lo-trinh-tu-hoc-python-phan-tich-du-lieu.40121', tid=40121, node=5,
    url='https://laptrinhphobien.vn/threads/lo-trinh-tu-hoc-python-phan-tich-du-lieu.40121/',
    title='Chia sẻ lộ trình tự học Python để chuyển ngành sang phân tích dữ liệu',
    now_unix=unix('2023-03-01T12:00:00+07:00'), today_unix=unix('2023-03-01T00:00:00+07:00'),
    head_extra='<script type="application/ld+json">{"@context":"https://schema.org","@type":"DiscussionForumPosting","headline":"Chia sẻ lộ trình tự học Python để chuyển ngành sang phân tích dữ liệu","datePublished":"2023-02-14T19:05:00+07:00","author":{"@type":"Person","name":"Lê Khả Vy"}}</script>',
    posts=[
        dict(author='Lê Khả Vy', date=xf2_time('2023-02-14T19:05:00+07:00', '14/02/2023', '19:05', '14/02/2023 lúc 19:05'),
             text=['Mình làm kế toán 4 năm, tự học Python buổi tối được 10 tháng và vừa nhận việc chuyên viên phân tích dữ liệu. Chia sẻ lại lộ trình cho ai cần.',
                   'Tháng 1-3: Python cơ bản, Excel nâng cao, SQL. Tháng 4-6: pandas, trực quan hóa dữ liệu. Tháng 7-10: làm ba dự án nhỏ với dữ liệu bán hàng thật và đưa lên GitHub.']),
        dict(author='Đỗ Nhật Nam', date=xf2_time('2023-02-15T08:20:00+07:00', '15/02/2023', '08:20', '15/02/2023 lúc 08:20'),
             text=['Cảm ơn bạn, cho mình hỏi lúc phỏng vấn họ có kiểm tra SQL trực tiếp không?']),
        dict(author='Lê Khả Vy', date=xf2_time('2023-02-15T12:41:00+07:00', '15/02/2023', '12:41', '15/02/2023 lúc 12:41'),
             text=['Có bạn, mình làm bài test 45 phút gồm 5 câu truy vấn.']),
    ],
    exp=dict(layout='forum, XenForo 2.2, 2023 (clean, absolute dates)', traps=['none'],
             published='2023-02-14T19:05:00+07:00',
             body_start='Mình làm kế toán 4 năm, tự học Python buổi tối'),
))

# ------------------------------------------------------------------ p32 phpBB 3.0 prosilver, d-m-y
PAGES.append(dict(
    file='p32_forum_phpbb_2012.html', skin='phpbb',
    site='Diễn đàn Câu Cá Thể Thao', domain='caucathethao.vn', section='Mồi câu - Kỹ thuật', tid=2207, fid=4, av=3,
    tagline='Nơi giao lưu của những người yêu môn câu cá',
    url='https://caucathethao.vn/viewtopic.php?f=4&t=2207',
    title='Mồi câu cá chép mùa nước đục: tự trộn hay mua sẵn?',
    posts=[
        dict(author='CanCauTre', join='02-01-11', nposts=213, date='17-08-12 21:05',
             text=['Mùa này nước sông đục ngầu, em câu cá chép mấy buổi toàn về tay trắng. Trước giờ em dùng mồi mua sẵn loại thơm sữa.',
                   'Các bác có công thức tự trộn nào hiệu quả cho nước đục không, chia sẻ em với. Em ở khu vực sông Thu Lam.']),
        dict(author='lao_ngu_ong', rank='Cao thủ', join='15-06-09', nposts=1844, date='18-08-12 06:40',
             text=['Nước đục thì dùng mồi mùi nặng: cám gạo rang, bột ngô, thêm chút rượu nếp và hạt kê ngâm. Vo tròn to hơn bình thường.']),
        dict(author='CanCauTre', join='02-01-11', nposts=215, date='20-08-12 13:15',
             text=['Làm theo bác, sáng nay em được 3 con chép hơn 1 ký. Cảm ơn bác!']),
    ],
    exp=dict(layout='forum, phpBB 3.0 prosilver (board name in h1), 2012', traps=['two_digit_year', 'logo_h1'],
             published='2012-08-17T21:05:00+07:00',
             body_start='Mùa này nước sông đục ngầu, em câu cá chép mấy buổi'),
))

# ------------------------------------------------------------------ p33 phpBB 3.1 prosilver, Vietnamese 12h
PAGES.append(dict(
    file='p33_forum_phpbb_2016.html', skin='phpbb',
    site='Diễn đàn Linux Việt Mở', domain='linuxvietmo.vn', section='Trình điều khiển - Phần cứng', tid=9034, fid=11, av=21,
    tagline='Cộng đồng người dùng phần mềm tự do',
    url='https://linuxvietmo.vn/viewtopic.php?f=11&t=9034',
    title='Lỗi không nhận card wifi sau khi nâng cấp nhân hệ điều hành',
    posts=[
        dict(author='tux_ha', join='T.Hai 03/03/2014 8:12 tối', nposts=96, date='T.Bảy 14/05/2016 10:20 tối',
             text=['Máy mình là laptop cũ dùng card wifi Broadcom. Sau khi nâng cấp nhân từ bản 4.2 lên 4.4 thì lệnh ip link không còn thấy giao diện wlan0 nữa.',
                   'Cắm dây mạng vẫn vào được. Mình đã thử cài lại gói trình điều khiển nhưng báo lỗi biên dịch module. Mọi người gặp chưa ạ?']),
        dict(author='kernel_nam', rank='Quản trị viên', join='CN 12/09/2010 9:00 sáng', nposts=4012, date='CN 15/05/2016 7:05 sáng',
             text=['Gói trình điều khiển bản cũ chưa hỗ trợ nhân 4.4. Bạn cài bản mới hơn từ kho backports rồi chạy lại lệnh dựng module.']),
        dict(author='tux_ha', join='T.Hai 03/03/2014 8:12 tối', nposts=97, date='CN 15/05/2016 2:40 chiều',
             text=['Đã chạy được, cảm ơn anh kernel_nam. Mình đánh dấu chủ đề là đã giải quyết.']),
    ],
    exp=dict(layout='forum, phpBB 3.1 prosilver (board name in h1, topic title in h2), 2016', traps=['logo_h1', '12h_clock'],
             published='2016-05-14T22:20:00+07:00',
             body_start='Máy mình là laptop cũ dùng card wifi Broadcom'),
))

# ------------------------------------------------------------------ p34 Discourse-like
PAGES.append(dict(
    file='p34_forum_discourse_2020.html', skin='discourse',
    site='Cộng đồng Quản trị Hệ thống Việt', domain='quantrihethong.vn', section='Cơ sở dữ liệu', section_slug='co-so-du-lieu',
    slug='sao-luu-co-so-du-lieu-tu-dong-bi-loi-het-dung-luong', tid=3241,
    url='https://quantrihethong.vn/t/sao-luu-co-so-du-lieu-tu-dong-bi-loi-het-dung-luong/3241',
    title='Sao lưu cơ sở dữ liệu tự động hằng đêm bị lỗi hết dung lượng đĩa',
    head_extra=('<meta property="article:published_time" content="2020-09-08T13:45:00+00:00" />\n'
                '  <meta property="article:section" content="Cơ sở dữ liệu" />'),
    posts=[
        dict(author='vinh_dba', date=f'<span title="8 Thg 9, 2020 8:45 CH" data-time="{unix("2020-09-08T20:45:00+07:00")}" class="relative-date">2 ngày</span>',
             text='<p>Mình có một cron job sao lưu PostgreSQL lúc 2 giờ sáng mỗi ngày, nén lại rồi đẩy lên máy chủ lưu trữ. Tuần này nó liên tục báo lỗi hết dung lượng đĩa.</p>\n<p>Kiểm tra thì thư mục tạm còn giữ các bản sao lưu cũ từ ba tháng trước, có vẻ lệnh xóa sau khi đẩy lên không chạy. Mọi người thường dọn dẹp kiểu gì cho chắc chắn?</p>'),
        dict(author='hai_ops', date=f'<span title="9 Thg 9, 2020 9:10 SA" data-time="{unix("2020-09-09T09:10:00+07:00")}" class="relative-date">1 ngày</span>',
             text='<p>Bạn thêm lệnh find xóa file cũ hơn 7 ngày ở cuối script, và cho script dừng ngay khi có lệnh lỗi để khỏi để lại file dở dang.</p>'),
        dict(author='vinh_dba', date=f'<span title="10 Thg 9, 2020 4:02 SA" data-time="{unix("2020-09-10T04:02:00+07:00")}" class="relative-date">5 giờ</span>',
             text='<p>Đêm qua chạy ổn rồi, cảm ơn bạn.</p>'),
    ],
    exp=dict(layout='forum, Discourse-style topic page (rendered), 2020', traps=['tooltip_time', 'metadata_offset'],
             published='2020-09-08T20:45:00+07:00',
             body_start='Mình có một cron job sao lưu PostgreSQL lúc 2 giờ sáng'),
))

# ------------------------------------------------------------------ p35 home-grown Vietnamese board
PAGES.append(dict(
    file='p35_forum_vnboard_2011.html', skin='vnboard',
    site='Diễn đàn Sinh viên Đại học Lạc Giang', domain='svlacgiang.edu.vn', section='Nhà trọ - Việc làm thêm', tid=731,
    url='https://svlacgiang.edu.vn/diendan/chude.php?id=731',
    title='Kinh nghiệm tìm phòng trọ gần trường cho tân sinh viên khóa 2011',
    strip='Hôm nay: ' + strip_date('2011-09-16'),
    posts=[
        dict(author='anh_khoa_truoc', rank='Thành viên nhiệt tình', nposts=388, date='14-09-11 04:00 chiều',
             text=['Sắp tới các bạn tân sinh viên nhập học, mình xin chia sẻ vài kinh nghiệm tìm phòng trọ quanh khu ký túc xá.',
                   'Thứ nhất, nên đi xem phòng vào buổi tối để biết khu đó có an ninh không, có ồn không. Thứ hai, hỏi rõ giá điện nước trước khi đặt cọc.',
                   'Khu đường Cây Gạo và xóm Đình giá khoảng 500-700 nghìn một phòng, đi bộ đến trường mười phút.']),
        dict(author='tanSV_2011', nposts=3, date='14-09-11 09:30 tối', from_='Phú Lâm',
             text=['Cảm ơn anh, em đang tìm ở xóm Đình, anh biết chủ trọ nào uy tín không ạ?']),
        dict(author='anh_khoa_truoc', rank='Thành viên nhiệt tình', nposts=389, date='15-09-11 10:12 sáng',
             text=['Em nhắn tin riêng cho anh nhé, anh gửi số điện thoại.']),
    ],
    exp=dict(layout='home-grown Vietnamese student forum, 2011 table layout', traps=['two_digit_year', '12h_clock', 'date_strip'],
             published='2011-09-14T16:00:00+07:00',
             body_start='Sắp tới các bạn tân sinh viên nhập học, mình xin'),
))

# ------------------------------------------------------------------ p36 vBulletin 3, MM-DD-YY ambiguous, 12h
PAGES.append(dict(
    file='p36_forum_vb3_2015.html', skin='vb3',
    site='Diễn đàn Bóng đá Phủi', domain='bongdaphui.vn', section='Tìm đội - Giao lưu',
    url='https://bongdaphui.vn/showthread.php?t=44120',
    title='Tìm đội giao hữu sân 7 người khu vực quận Tân Lập tối thứ Năm',
    now='10:15 PM',
    posts=[
        dict(author='FC_VanPhong', join='Apr 2014', nposts=29, date='06-07-15, 08:30 PM',
             text=['Đội bọn mình toàn dân văn phòng, trình độ trung bình yếu, tuổi từ 25 đến 35. Cần tìm đội giao hữu sân 7 người vào tối thứ Năm hằng tuần.',
                   'Sân cỏ nhân tạo Tân Lập, giờ đá 19h-20h30, tiền sân chia đôi. Đội nào quan tâm để lại số điện thoại nhé.']),
        dict(author='daibang_fc', join='Sep 2013', nposts=211, date='06-08-15, 06:45 AM',
             text=['Bên mình nhận kèo, trình độ tương đương. Đã nhắn tin riêng cho bạn.']),
        dict(author='FC_VanPhong', join='Apr 2014', nposts=31, date='06-21-15, 10:10 PM',
             text=['Đã chốt được đội đá cố định, cảm ơn mọi người. Nhờ mod khóa chủ đề giúp.']),
    ],
    exp=dict(layout='forum, vBulletin 3.8, 2015 (order shown by the reply dated 06-21-15)', traps=['two_digit_year', '12h_clock'],
             published='2015-06-07T20:30:00+07:00',
             body_start='Đội bọn mình toàn dân văn phòng, trình độ trung bình yếu'),
))
