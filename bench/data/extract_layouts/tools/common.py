"""Shared helpers for the hand-written layout pages (blind set, no external markup copied)."""
import html, datetime as dt

WD = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ Nhật']


def e(s):
    return html.escape(s, quote=True)


def strip_date(iso):
    d = dt.date.fromisoformat(iso)
    return f'{WD[d.weekday()]}, {d.day:02d}/{d.month:02d}/{d.year}'


def unix(iso):
    return int(dt.datetime.fromisoformat(iso).timestamp())


def paras(ps, cls=None):
    c = f' class="{cls}"' if cls else ''
    return '\n'.join(f'<p{c}>{p}</p>' for p in ps)


def ul(items, href='/tin-tuc/', cls=None):
    c = f' class="{cls}"' if cls else ''
    out = [f'<ul{c}>']
    for i, t in enumerate(items):
        out.append(f'  <li><a href="{href}{i+101}.html" title="{e(t)}">{t}</a></li>')
    out.append('</ul>')
    return '\n'.join(out)


MENU = ['Trang chủ', 'Thời sự', 'Thế giới', 'Kinh tế', 'Xã hội', 'Pháp luật', 'Giáo dục', 'Sức khỏe', 'Văn hóa', 'Thể thao', 'Công nghệ', 'Bạn đọc']
RELATED_POOL = [
    'Khởi công cầu vượt sông Lạc Giang sau ba năm chờ vốn',
    'Giá rau xanh tăng mạnh sau đợt mưa kéo dài',
    'Học sinh vùng cao được nhận áo ấm trước mùa đông',
    'Đường liên xã xuống cấp, người dân mong sớm sửa chữa',
    'Hội chợ nông sản thu hút hàng nghìn lượt khách',
    'Nhiều tuyến xe buýt điều chỉnh lộ trình từ tháng tới',
    'Ngư dân trúng đậm mùa cá cơm cuối năm',
    'Bệnh viện huyện tiếp nhận máy chạy thận mới',
    'Giải chạy vì trẻ em mồ côi quy tụ hơn 2.000 vận động viên',
    'Phát hiện kho hàng lậu chứa hàng tấn pháo nổ',
]


def related(n=5, off=0):
    return RELATED_POOL[off:off + n] if off + n <= len(RELATED_POOL) else (RELATED_POOL * 2)[off:off + n]
