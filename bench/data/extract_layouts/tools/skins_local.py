from common import e, paras, ul, related
from skins_news import _body

PROV_MENU = ['Trang chủ', 'Chính trị', 'Kinh tế', 'Xã hội', 'Văn hóa - Thể thao', 'Quốc phòng - An ninh', 'Địa phương', 'Báo in', 'Truyền hình']


# ---------------------------------------------------------------- provincial paper, ASP.NET WebForms
def prov_aspnet(c):
    site, t = c['site'], c['title']
    logo = (f'<h1 class="logo"><a id="ctl00_hlLogo" href="/Default.aspx">{site}</a></h1>' if c.get('logo_h1')
            else f'<a id="ctl00_hlLogo" href="/Default.aspx"><img src="/Portals/0/Banner/banner_top.jpg" alt="{e(site)}" border="0" /></a>')
    title_html = c.get('title_html') or f'<span id="ctl00_ContentPlaceHolder1_lblTitle" class="title_news_detail">{t}</span>'
    sap, body = _body(c, 'news_detail_content', c.get('sapo_cls', 'summary'), 'div')
    menu = '\n'.join(f'<li><a href="/Default.aspx?tabid={i+40}">{m}</a></li>' for i, m in enumerate(PROV_MENU))
    return f'''<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head id="ctl00_Head1"><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>
	{e(t)}
</title><meta name="keywords" content="báo {e(site)}, tin tức địa phương" /><meta name="description" content="{e(c.get('sapo') or c['paras'][0])}" />
{c.get('head_extra', '')}
<link href="/App_Themes/Default/style.css" type="text/css" rel="stylesheet" /></head>
<body>
<form name="aspnetForm" method="post" action="/Default.aspx?tabid={c.get('tabid', 47)}&amp;ID={c.get('nid', 12345)}" id="aspnetForm">
<div>
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QWBAIBD2QWAmYPFgIeBFRleHQFBFRydWVkAgMPZBYCZg9kFgJmDxYCHwAFC0xhYyBHaWFuZ2RkGAEFHl9fQ29udHJvbHNSZXF1aXJlUG9zdEJhY2tLZXlfXxYBBQ1jdGwwMCRidG5UaW1" />
</div>
<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
function __doPostBack(eventTarget, eventArgument) {{ if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{ theForm.__EVENTTARGET.value = eventTarget; theForm.submit(); }} }}
//]]>
</script>
<div id="wrapper">
  <div id="top">
    <div class="ngay_thang" id="ctl00_divDate">{c.get('strip', '')}</div>
    <div class="lien_ket"><a href="/Default.aspx?tabid=100">English</a> | <a href="/Default.aspx?tabid=101">Sơ đồ site</a></div>
  </div>
  <div id="banner">{logo}</div>
  <div id="menu"><ul class="menu_ngang">{menu}</ul></div>
  <div id="marquee"><marquee scrollamount="3">Chào mừng kỷ niệm ngày thành lập tỉnh &bull; Tin nóng trong ngày</marquee></div>
  <div id="main">
    <div id="col_left">
      <div class="duong_dan"><a href="/Default.aspx">Trang chủ</a> &gt; <a href="/Default.aspx?tabid={c.get('tabid', 47)}">{c['cat']}</a></div>
      <div class="news_detail">
        {c.get('pre_title', '')}
        {title_html}
        <div class="date_news">{c.get('byline', '')}</div>
        {sap}
        {body}
        <div class="print_mail"><a href="javascript:void(0)" onclick="window.print();">In trang</a> <a href="#">Gửi email</a></div>
      </div>
      <div class="tin_khac"><span class="tieu_de_box">Các tin đã đưa</span>
      {ul(related(6, c.get('rel_off', 0)), '/Default.aspx?tabid=47&ID=')}
      </div>
    </div>
    <div id="col_right">
      <div class="box_right"><div class="tieu_de_box">Thông báo</div><p>Lịch tiếp công dân tháng này</p></div>
      <div class="box_right"><div class="tieu_de_box">Liên kết website</div>
        <select onchange="window.open(this.value)"><option>-- Chọn liên kết --</option><option value="#">Cổng thông tin tỉnh</option></select></div>
      <div class="box_right"><div class="tieu_de_box">Thống kê truy cập</div>Đang online: 128<br />Tổng lượt truy cập: 8.402.115</div>
    </div>
  </div>
  <div id="footer">
    <p><b>{site.upper()}</b></p>
    <p>{c.get('footer', 'Cơ quan của Đảng bộ tỉnh. Giấy phép số 41/GP-BTTTT. Địa chỉ: 05 Trần Phú, thành phố Lạc Giang.')}</p>
    <p>Thiết kế bởi Trung tâm CNTT&amp;TT</p>
  </div>
</div>
{c.get('body_end', '')}
</form>
</body>
</html>
'''


# ---------------------------------------------------------------- provincial paper, newer CMS (2018-2024)
def prov_modern(c):
    site, t = c['site'], c['title']
    logo = f'<div class="site-logo"><a href="/"><img src="/assets/img/logo-{c["domain"].split(".")[0]}.png" alt="{e(site)}"></a></div>'
    title_html = c.get('title_html') or f'<h1 class="post-title">{t}</h1>'
    sap, body = _body(c, 'post-content', c.get('sapo_cls', 'post-sapo'), 'div')
    nav = ''.join(f'<li><a href="/{i}.html">{m}</a></li>' for i, m in enumerate(PROV_MENU))
    return f'''<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{e(t)} - {e(site)}</title>
<meta name="description" content="{e(c.get('sapo') or c['paras'][0])}">
<meta property="og:title" content="{e(t)}">
<meta property="og:type" content="article">
<meta property="og:url" content="{c['url']}">
{c.get('head_extra', '')}
<link rel="stylesheet" href="/assets/css/bootstrap.min.css">
<link rel="stylesheet" href="/assets/css/site.css?v=20200915">
</head>
<body>
<div class="topbar"><div class="container d-flex">
  <div class="topbar-date">{c.get('strip', '')}</div>
  <div class="topbar-links ml-auto"><a href="/bao-in">Báo in</a> <a href="/video">Video</a> <a href="/lien-he">Liên hệ</a></div>
</div></div>
<header class="site-header"><div class="container">{logo}<div class="header-ad"><img src="/assets/ads/728x90.jpg" alt="Quảng cáo"></div></div></header>
<nav class="navbar navbar-main"><div class="container"><ul class="navbar-nav">{nav}</ul></div></nav>
<div class="container page-detail">
  <div class="row">
    <div class="col-md-8">
      <ol class="breadcrumb"><li class="breadcrumb-item"><a href="/">Trang chủ</a></li><li class="breadcrumb-item active">{c['cat']}</li></ol>
      <div class="post-detail">
        {title_html}
        <div class="post-meta">{c.get('byline', '')}</div>
        {sap}
        {body}
      </div>
      <div class="post-related"><h4 class="heading">Tin cùng chuyên mục</h4>
        {ul(related(5, c.get('rel_off', 0)), '/' + c['cat_slug'] + '/')}
      </div>
      <div class="post-comments"><h4 class="heading">Ý kiến bạn đọc</h4><p class="no-comment">Chưa có ý kiến nào. Hãy là người đầu tiên bình luận.</p></div>
    </div>
    <div class="col-md-4 sidebar">
      <div class="widget"><h4 class="heading">Tin mới nhất</h4>{ul(related(5, 3), '/tin-moi/')}</div>
      <div class="widget widget-ad"><img src="/assets/ads/300x250.jpg" alt="Quảng cáo"></div>
    </div>
  </div>
</div>
<footer class="site-footer"><div class="container">
  <p><strong>{site}</strong> - {c.get('footer', 'Cơ quan của Tỉnh ủy. Giấy phép số 12/GP-BTTTT.')}</p>
  <p>Tổng Biên tập: Võ Thành Lộc. Địa chỉ: 22 Lý Thường Kiệt, thành phố Lạc Giang.</p>
</div></footer>
{c.get('body_end', '')}
<script src="/assets/js/jquery-3.4.1.min.js"></script>
<script src="/assets/js/bootstrap.bundle.min.js"></script>
</body>
</html>
'''


# ---------------------------------------------------------------- government portal (cổng thông tin điện tử)
def gov(c):
    site, t = c['site'], c['title']
    logo = (f'<h1 class="logo"><a href="/"><img src="/images/quoc-huy.png" alt="Quốc huy" /> {site}</a></h1>' if c.get('logo_h1')
            else f'<div class="banner"><a href="/"><img src="/images/quoc-huy.png" alt="Quốc huy" /><span class="banner-text">{site}</span></a></div>')
    title_html = c.get('title_html') or f'<h3 class="title-news">{t}</h3>'
    sap, body = _body(c, c.get('body_cls', 'journal-content-article'), c.get('sapo_cls', 'chapeau'), 'div')
    nav = ''.join(f'<li><a href="/web/guest/{i}">{m}</a></li>' for i, m in enumerate(
        ['Trang chủ', 'Giới thiệu', 'Tin tức - Sự kiện', 'Chỉ đạo điều hành', 'Văn bản pháp luật', 'Dịch vụ công', 'Thủ tục hành chính', 'Hỏi đáp', 'Liên hệ']))
    return f'''<!DOCTYPE html>
<html class="ltr" dir="ltr" lang="vi-VN">
<head>
<title>{e(t)} - {e(site)}</title>
<meta content="text/html; charset=UTF-8" http-equiv="content-type" />
<meta name="description" content="{e(c.get('sapo') or c['paras'][0])}" />
{c.get('head_extra', '')}
<link href="/html/themes/portal/css/main.css" rel="stylesheet" type="text/css" />
<script type="text/javascript">var themeDisplay = {{ getLanguageId: function() {{ return "vi_VN"; }}, getPortalURL: function() {{ return "https://{c['domain']}"; }} }};</script>
</head>
<body class="portal-theme">
<div id="wrapper">
  <div class="top-links"><span class="ngay">{c.get('strip', '')}</span>
    <a href="/web/guest/so-do">Sơ đồ cổng</a> | <a href="/web/en">English</a> | <a href="/c/portal/login">Đăng nhập</a></div>
  <header id="banner">{logo}<div class="slogan">Chính quyền kiến tạo - Phục vụ nhân dân</div></header>
  <nav id="navigation"><ul>{nav}</ul></nav>
  <div id="content">
    <div class="columns-2">
      <div id="column-1" class="portlet-column">
        <div class="portlet-boundary portlet-breadcrumb"><ul class="breadcrumbs"><li><a href="/">Trang chủ</a></li><li><a href="/web/guest/2">Tin tức - Sự kiện</a></li><li class="last">{c['cat']}</li></ul></div>
        <div class="portlet-boundary portlet-journal-content">
          <div class="portlet-body">
            {title_html}
            <div class="date-news">{c.get('byline', '')}</div>
            {sap}
            {body}
            <div class="news-tool"><a href="#" onclick="window.print()">In bài viết</a> | <a href="#">Gửi email</a> | <a href="#">Quay lại</a></div>
          </div>
        </div>
        <div class="portlet-boundary other-news"><div class="portlet-title">Các tin khác</div>
          {ul(related(6, c.get('rel_off', 0)), '/web/guest/tin-tuc/-/asset_publisher/abc/content/')}
        </div>
      </div>
      <div id="column-2" class="portlet-column">
        <div class="portlet-boundary"><div class="portlet-title">Dịch vụ công trực tuyến</div><a href="/dvc"><img src="/images/dvc.png" alt="Dịch vụ công" /></a></div>
        <div class="portlet-boundary"><div class="portlet-title">Thống kê truy cập</div><p>Trong ngày: 3.215</p><p>Tổng: 12.908.447</p></div>
      </div>
    </div>
  </div>
  <footer id="footer">
    <p><strong>{site.upper()}</strong></p>
    <p>{c.get('footer', 'Cơ quan chủ quản: Ủy ban nhân dân tỉnh Lạc Giang. Chịu trách nhiệm chính: Chánh Văn phòng UBND tỉnh.')}</p>
    <p>Ghi rõ nguồn khi trích dẫn thông tin từ Cổng thông tin điện tử này.</p>
  </footer>
</div>
{c.get('body_end', '')}
</body>
</html>
'''
