from common import e, paras, ul, MENU, related


def _body(c, inner_cls, sapo_cls='sapo', sapo_tag='div'):
    """Returns (outside_sapo_html, body_html)."""
    ps = paras(c['paras'])
    sign = f'<p style="text-align:right"><strong>{c["author"]}</strong></p>' if c.get('author') else ''
    if c.get('sapo') and c.get('sapo_outside'):
        out = f'<{sapo_tag} class="{sapo_cls}"><strong>{c["sapo"]}</strong></{sapo_tag}>'
        return out, f'<div class="{inner_cls}">\n{ps}\n{sign}\n</div>'
    if c.get('sapo'):
        return '', f'<div class="{inner_cls}">\n<p class="lead"><strong>{c["sapo"]}</strong></p>\n{ps}\n{sign}\n</div>'
    return '', f'<div class="{inner_cls}">\n{ps}\n{sign}\n</div>'


# ---------------------------------------------------------------- 2011-2013 table layout
def news_table(c):
    site, t = c['site'], c['title']
    logo = (f'<h1 class="logo"><a href="/" title="{e(site)}">{site}</a></h1>' if c.get('logo_h1')
            else f'<a href="/"><img src="/Images/logo_top.gif" alt="{e(site)}" width="280" height="72" border="0" /></a>')
    title_html = c.get('title_html') or f'<h1 class="Title">{t}</h1>'
    sap, body = _body(c, 'fck_detail', 'Lead', 'div')
    menu = ''.join(f'<td class="menu_item"><a href="/{i}/">{m}</a></td><td class="sep">|</td>' for i, m in enumerate(MENU))
    return f'''<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{e(t)} - {e(site)}</title>
<meta name="keywords" content="{e(c.get('keywords', 'tin tuc, thoi su, bao dien tu'))}" />
<meta name="description" content="{e(c.get('sapo') or c['paras'][0])}" />
<meta name="robots" content="index, follow" />
<link href="/Styles/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/Scripts/jquery-1.4.2.min.js"></script>
<script type="text/javascript" src="/Scripts/swfobject.js"></script>
{c.get('head_extra', '')}
</head>
<body>
<table width="980" border="0" cellspacing="0" cellpadding="0" align="center" class="wrapper">
  <tr>
    <td class="top_bar">
      <table width="100%" cellpadding="0" cellspacing="0"><tr>
        <td align="left" class="date_time">{c.get('strip', '')}</td>
        <td align="right" class="top_links"><a href="/rss/">RSS</a> | <a href="/lien-he/">Liên hệ</a> | <a href="/quang-cao/">Quảng cáo</a></td>
      </tr></table>
    </td>
  </tr>
  <tr><td class="header">
    <table width="100%"><tr><td width="300">{logo}</td>
    <td align="right"><div class="banner_top"><object width="680" height="90"><param name="movie" value="/Adv/banner_top.swf" /><embed src="/Adv/banner_top.swf" width="680" height="90"></embed></object></div></td></tr></table>
  </td></tr>
  <tr><td class="menu"><table cellpadding="0" cellspacing="0"><tr>{menu}</tr></table></td></tr>
  <tr><td>
  <table width="100%" border="0" cellspacing="0" cellpadding="0"><tr>
    <td width="660" valign="top" class="col_left">
      <div class="breadcrumb"><a href="/">Trang chủ</a> &raquo; <a href="/{c['cat_slug']}/">{c['cat']}</a></div>
      <table width="100%" cellpadding="0" cellspacing="0" class="detail"><tr><td>
        {c.get('pre_title', '')}
        {title_html}
        <div class="Date">{c.get('byline', '')}</div>
        {sap}
        {body}
        <div class="tools"><a href="javascript:window.print()">In bài</a> | <a href="/gui-ban-be/">Gửi cho bạn bè</a> | <a href="#top">Về đầu trang</a></div>
      </td></tr></table>
      <div class="other_news"><div class="box_title">Các tin khác</div>
      {ul(related(5, c.get('rel_off', 0)), '/' + c['cat_slug'] + '/')}
      </div>
      <div class="comment_box"><div class="box_title">Ý kiến bạn đọc</div>
        <form name="frmComment" action="/binh-luan/gui.aspx" method="post">
        <table><tr><td>Họ tên:</td><td><input type="text" name="txtName" /></td></tr>
        <tr><td>Email:</td><td><input type="text" name="txtEmail" /></td></tr>
        <tr><td>Nội dung:</td><td><textarea name="txtContent" rows="5" cols="50"></textarea></td></tr>
        <tr><td></td><td><input type="submit" value="Gửi ý kiến" /></td></tr></table></form>
      </div>
    </td>
    <td width="10"></td>
    <td width="310" valign="top" class="col_right">
      <div class="box"><div class="box_title">Tin đọc nhiều</div>{ul(related(5, 5), '/doc-nhieu/')}</div>
      <div class="adv"><a href="/adv/click.aspx?id=12"><img src="/Adv/qc_300x250.gif" width="300" height="250" alt="Quảng cáo" /></a></div>
      <div class="box"><div class="box_title">Thời tiết</div><div>Hà Nội 24&deg;C - 29&deg;C</div></div>
    </td>
  </tr></table>
  </td></tr>
  <tr><td class="footer">
    <p><b>{site}</b> - {c.get('footer', 'Giấy phép số 215/GP-BTTTT. Tổng biên tập: Lê Văn Thạch')}</p>
    <p>Ghi rõ nguồn "{site}" khi phát hành lại thông tin từ website này.</p>
  </td></tr>
</table>
{c.get('body_end', '')}
<script type="text/javascript">var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-1234567-1']); _gaq.push(['_trackPageview']);</script>
</body>
</html>
'''


# ---------------------------------------------------------------- 2014-2019 div layout
def news_div(c):
    site, t = c['site'], c['title']
    logo = (f'<h1 class="logo"><a href="/" title="{e(site)}"><img src="/images/logo.png" alt="{e(site)}" />{site}</a></h1>' if c.get('logo_h1')
            else f'<div class="logo"><a href="/"><img src="/images/logo.png" alt="{e(site)}" /></a></div>')
    title_html = c.get('title_html') or f'<h1 class="title-detail">{t}</h1>'
    sap, body = _body(c, c.get('body_cls', 'content-detail'), c.get('sapo_cls', 'sapo'), c.get('sapo_tag', 'h2'))
    nav = '\n'.join(f'<li><a href="/{i}/">{m}</a></li>' for i, m in enumerate(MENU))
    return f'''<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(t)} | {e(site)}</title>
<meta name="description" content="{e(c.get('sapo') or c['paras'][0])}">
<link rel="canonical" href="{c['url']}">
<meta property="og:site_name" content="{e(site)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(t)}">
<meta property="og:url" content="{c['url']}">
<meta property="og:image" content="https://{c['domain']}/upload/{c.get('img', 'anh-bai.jpg')}">
<meta property="fb:app_id" content="1520000000000">
{c.get('head_extra', '')}
<link rel="stylesheet" href="/css/main.min.css?v=3.2">
<script src="/js/jquery-1.11.3.min.js"></script>
<script async src="//pagead2.googlesyndication.com/pagead/js/adsbygoogle.js"></script>
</head>
<body class="detail-page">
<div id="fb-root"></div>
<header id="header">
  <div class="top-bar container">
    <div class="today">{c.get('strip', '')}</div>
    <div class="hotline">Đường dây nóng: 0900 123 456</div>
    <form class="search" action="/tim-kiem"><input type="text" name="q" placeholder="Tìm kiếm..."><button>Tìm</button></form>
  </div>
  <div class="container">{logo}
    <div class="banner-top"><ins class="adsbygoogle" data-ad-slot="1234567890"></ins></div>
  </div>
  <nav class="main-nav"><ul class="container">{nav}</ul></nav>
</header>
<div class="container main">
  <div class="col-left">
    <ul class="breadcrumbs"><li><a href="/">Trang chủ</a></li><li><a href="/{c['cat_slug']}/">{c['cat']}</a></li></ul>
    <article class="article-detail">
      {title_html}
      <div class="meta-detail"><span class="author">{c.get('author_top', '')}</span> {c.get('byline', '')}</div>
      <div class="social-share"><a class="fb" href="#">Chia sẻ</a> <a class="zalo" href="#">Zalo</a> <a href="#" class="print">In</a></div>
      {sap}
      {body}
      <div class="tags">Từ khóa: <a href="/tag/{c['cat_slug']}">{c['cat']}</a></div>
    </article>
    <div class="box-related"><h3 class="box-title">Tin liên quan</h3>
      {ul(related(4, c.get('rel_off', 0)), '/' + c['cat_slug'] + '/', 'list-related')}
    </div>
    <div class="box-comment"><h3 class="box-title">Bình luận</h3>
      <div class="fb-comments" data-href="{c['url']}" data-numposts="5" data-width="100%"></div>
      <div class="comment-item"><b>Trần Minh</b> <span class="c-time">Bình luận cũ hơn</span><p>Mong chính quyền sớm có phương án.</p></div>
    </div>
  </div>
  <aside class="col-right">
    <div class="box"><h3 class="box-title">Đọc nhiều</h3>{ul(related(5, 5), '/doc-nhieu/')}</div>
    <div class="ads ads-300"><ins class="adsbygoogle" data-ad-slot="9876543210"></ins></div>
  </aside>
</div>
<footer id="footer"><div class="container">
  <div class="logo-footer">{site}</div>
  <p>{c.get('footer', 'Cơ quan chủ quản: Hội Truyền thông Bình Lâm. Giấy phép số 88/GP-BTTTT.')}</p>
  <p>&copy; Bản quyền thuộc về {site}. Không sao chép khi chưa được phép.</p>
</div></footer>
{c.get('body_end', '')}
<script>(function(i,s,o,g,r,a,m){{i['GoogleAnalyticsObject']=r;}})(window,document,'script','//www.google-analytics.com/analytics.js','ga');</script>
</body>
</html>
'''


# ---------------------------------------------------------------- 2020-2025 modern layout with JSON-LD
def news_modern(c):
    site, t = c['site'], c['title']
    logo = (f'<h1 class="logo"><a href="/" title="{e(site)}">{site}</a></h1>' if c.get('logo_h1')
            else f'<a class="header__logo" href="/" aria-label="{e(site)}"><svg width="180" height="40"><text x="0" y="30">{site}</text></svg></a>')
    title_html = c.get('title_html') or f'<h1 class="article__title">{t}</h1>'
    sap, body = _body(c, c.get('body_cls', 'article__body'), c.get('sapo_cls', 'article__sapo'), c.get('sapo_tag', 'h2'))
    nav = '\n'.join(f'<li class="nav__item"><a href="/{i}">{m}</a></li>' for i, m in enumerate(MENU))
    jsonld = c.get('jsonld', '')
    return f'''<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(t)} - {e(site)}</title>
<meta name="description" content="{e(c.get('sapo') or c['paras'][0])}">
<link rel="canonical" href="{c['url']}">
<link rel="amphtml" href="{c['url'].replace('.html', '.amp.html')}">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(t)}">
<meta property="og:url" content="{c['url']}">
<meta property="og:image" content="https://cdn.{c['domain']}/images/{c.get('img', 'thumb.jpg')}">
<meta name="twitter:card" content="summary_large_image">
{c.get('head_extra', '')}
{('<script type="application/ld+json">' + jsonld + '</script>') if jsonld else ''}
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[{{"@type":"ListItem","position":1,"name":"Trang chủ","item":"https://{c['domain']}/"}},{{"@type":"ListItem","position":2,"name":"{c['cat']}","item":"https://{c['domain']}/{c['cat_slug']}"}}]}}</script>
<link rel="preload" href="/fonts/Inter.woff2" as="font" crossorigin>
<link rel="stylesheet" href="/static/css/app.8f3a2c.css">
<script>window.dataLayer=window.dataLayer||[];dataLayer.push({{'pageType':'article','category':'{c['cat_slug']}'}});</script>
</head>
<body>
<div class="ads ads--masthead" id="ads-masthead" data-zone="1021"></div>
<header class="header">
  <div class="header__top"><div class="container">
    <span class="header__date">{c.get('strip', '')}</span>
    <a href="/dang-nhap" class="header__login">Đăng nhập</a>
  </div></div>
  <div class="header__main container">{logo}
    <button class="header__search" aria-label="Tìm kiếm"></button>
  </div>
  <nav class="nav"><ul class="container nav__list">{nav}</ul></nav>
</header>
<main class="main container">
  <div class="main__content">
    <nav class="breadcrumb" aria-label="breadcrumb"><a href="/">Trang chủ</a> <span>/</span> <a href="/{c['cat_slug']}">{c['cat']}</a></nav>
    <article class="article">
      <header class="article__header">
        {c.get('pre_title', '')}
        {title_html}
        <div class="article__meta">{c.get('byline', '')}</div>
      </header>
      {sap}
      {c.get('figure', '')}
      {body}
      <div class="article__source">{c.get('source', '')}</div>
      <div class="article__tags"><a href="/chu-de/{c['cat_slug']}">#{c['cat']}</a></div>
    </article>
    <section class="box box--related"><h2 class="box__title">Tin liên quan</h2>
      {ul(related(4, c.get('rel_off', 0)), '/' + c['cat_slug'] + '/', 'box__list')}
    </section>
    <section class="comments" id="comments"><h2 class="box__title">Bình luận (2)</h2>
      <div class="comment"><span class="comment__name">Hoàng Yến</span><time class="comment__time">1 giờ trước</time><p class="comment__text">Thông tin rất hữu ích, cảm ơn báo.</p></div>
      <div class="comment"><span class="comment__name">Phạm Quốc</span><time class="comment__time">5 giờ trước</time><p class="comment__text">Cần kiểm tra kỹ trước khi triển khai.</p></div>
      <form class="comment__form"><textarea placeholder="Viết bình luận của bạn..."></textarea><button type="submit">Gửi</button></form>
    </section>
  </div>
  <aside class="sidebar">
    <div class="ads ads--300x600" data-zone="1022"></div>
    <section class="box"><h2 class="box__title">Xem nhiều</h2>{ul(related(5, 5), '/xem-nhieu/')}</section>
  </aside>
</main>
<footer class="footer"><div class="container">
  <p class="footer__name">{site}</p>
  <p>{c.get('footer', 'Giấy phép số 310/GP-BTTTT cấp ngày 12/6/2020. Tổng biên tập: Đoàn Thị Hạnh.')}</p>
  <p>Địa chỉ: 18 đường Hoa Sữa, phường Tân Lập. Điện thoại: 024 3999 1234.</p>
</div></footer>
{c.get('body_end', '')}
<script src="/static/js/app.2b7d1e.js" defer></script>
</body>
</html>
'''
