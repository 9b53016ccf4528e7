from common import e
from skins_forum import _txt, _plain


# ---------------------------------------------------------------- phpBB 3 (prosilver; site name in <h1>)
def phpbb(c):
    site, t = c['site'], c['title']
    posts = []
    for i, p in enumerate(c['posts']):
        pid = 45100 + i * 4
        bg = 'bg2' if i % 2 == 0 else 'bg1'
        ptitle = t if i == 0 else 'Re: ' + t
        posts.append(f'''<div id="p{pid}" class="post has-profile {bg}">
	<div class="inner">
		<dl class="postprofile" id="profile{pid}">
			<dt class="has-profile-rank no-avatar"><a href="./memberlist.php?mode=viewprofile&amp;u={300+i}" class="username">{p['author']}</a></dt>
			<dd class="profile-rank">{p.get('rank', 'Thành viên')}</dd>
			<dd class="profile-posts"><strong>Bài viết:</strong> <a href="./search.php?author_id={300+i}&amp;sr=posts">{p.get('nposts', 57)}</a></dd>
			<dd class="profile-joined"><strong>Ngày tham gia:</strong> {p.get('join', '')}</dd>
		</dl>
		<div class="postbody">
			<div id="post_content{pid}">
				<h3 {'class="first"' if i == 0 else ''}><a href="#p{pid}">{ptitle}</a></h3>
				<ul class="post-buttons"><li><a href="./posting.php?mode=quote&amp;f={c.get('fid', 4)}&amp;p={pid}" title="Trả lời kèm trích dẫn" class="button button-icon-only"><i class="icon fa-quote-left fa-fw" aria-hidden="true"></i><span class="sr-only">Trích dẫn</span></a></li></ul>
				<p class="author"><a class="unread" href="./viewtopic.php?p={pid}#p{pid}" title="Bài viết"><i class="icon fa-file fa-fw icon-lightgray icon-md" aria-hidden="true"></i><span class="sr-only">Bài viết</span></a><span class="responsive-hide">bởi <strong><a href="./memberlist.php?mode=viewprofile&amp;u={300+i}" class="username">{p['author']}</a></strong> &raquo; </span>{p['date']}</p>
				<div class="content">{_txt(p['text'])}</div>
				{('<div id="sig' + str(pid) + '" class="signature">' + p['sig'] + '</div>') if p.get('sig') else ''}
			</div>
		</div>
		<div class="back2top"><a href="#top" class="top" title="Đầu trang"><i class="icon fa-chevron-circle-up fa-fw icon-gray" aria-hidden="true"></i><span class="sr-only">Đầu trang</span></a></div>
	</div>
</div>
<hr class="divider" />''')
    return f'''<!DOCTYPE html>
<html dir="ltr" lang="vi">
<head>
<meta charset="utf-8" />
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{e(t)} - {e(site)}</title>
<link rel="canonical" href="{c['url']}">
<link href="./styles/prosilver/theme/stylesheet.css?assets_version={c.get('av', 12)}" rel="stylesheet">
<link href="./styles/prosilver/theme/vi/stylesheet.css?assets_version={c.get('av', 12)}" rel="stylesheet">
</head>
<body id="phpbb" class="nojs notouch section-viewtopic ltr ">
<div id="wrap" class="wrap">
	<a id="top" class="top-anchor" accesskey="t"></a>
	<div id="page-header">
		<div class="headerbar" role="banner">
			<div class="inner">
			<div id="site-description" class="site-description">
				<a id="logo" class="logo" href="./index.php" title="Trang chủ diễn đàn"><span class="site_logo"></span></a>
				<h1>{site}</h1>
				<p>{c.get('tagline', '')}</p>
				<p class="skiplink"><a href="#start_here">Bỏ qua nội dung</a></p>
			</div>
			<div id="search-box" class="search-box search-header" role="search">
				<form action="./search.php" method="get" id="search"><fieldset><input name="keywords" id="keywords" type="search" maxlength="128" title="Tìm kiếm theo từ khóa" class="inputbox search tiny" size="20" value="" placeholder="Tìm kiếm…" /><button class="button button-search" type="submit" title="Tìm kiếm">Tìm</button></fieldset></form>
			</div>
			</div>
		</div>
		<div class="navbar" role="navigation">
			<div class="inner">
			<ul id="nav-main" class="nav-main linklist" role="menubar">
				<li data-skip-responsive="true"><a href="/app.php/help/faq" rel="help" title="Các câu hỏi thường gặp" role="menuitem"><span>Câu hỏi thường gặp</span></a></li>
				<li class="rightside" data-skip-responsive="true"><a href="./ucp.php?mode=login" title="Đăng nhập" accesskey="x" role="menuitem"><span>Đăng nhập</span></a></li>
				<li class="rightside" data-skip-responsive="true"><a href="./ucp.php?mode=register" role="menuitem"><span>Đăng ký</span></a></li>
			</ul>
			<ul id="nav-breadcrumbs" class="nav-breadcrumbs linklist navlinks" role="menubar">
				<li class="breadcrumbs" itemscope itemtype="http://schema.org/BreadcrumbList">
					<span class="crumb" itemtype="http://schema.org/ListItem" itemprop="itemListElement" itemscope><a href="./index.php" itemtype="https://schema.org/Thing" itemscope itemprop="item" accesskey="h"><span itemprop="name">Trang chủ diễn đàn</span></a><meta itemprop="position" content="1" /></span>
					<span class="crumb" itemtype="http://schema.org/ListItem" itemprop="itemListElement" itemscope><a href="./viewforum.php?f={c.get('fid', 4)}" itemtype="https://schema.org/Thing" itemscope itemprop="item"><span itemprop="name">{c['section']}</span></a><meta itemprop="position" content="2" /></span>
				</li>
			</ul>
			</div>
		</div>
	</div>
	<a id="start_here" class="anchor"></a>
	<div id="page-body" class="page-body" role="main">
<h2 class="topic-title"><a href="./viewtopic.php?t={c['tid']}">{t}</a></h2>
<div class="action-bar bar-top">
	<a href="./posting.php?mode=reply&amp;f={c.get('fid', 4)}&amp;t={c['tid']}" class="button" title="Gửi trả lời"><span>Gửi trả lời</span> <i class="icon fa-reply fa-fw" aria-hidden="true"></i></a>
	<div class="pagination">{len(c['posts'])} bài viết &bull; Trang <strong>1</strong> trên <strong>1</strong></div>
</div>
{chr(10).join(posts)}
<div class="action-bar bar-bottom"><div class="pagination">{len(c['posts'])} bài viết</div></div>
<div class="stat-block online-list"><h3>Đang trực tuyến</h3><p>Đang xem chuyên mục này: Không có thành viên nào trực tuyến và 1 khách</p></div>
	</div>
	<div id="page-footer" class="page-footer" role="contentinfo">
		<div class="navbar" role="navigation"><div class="inner"><ul id="nav-footer" class="nav-footer linklist" role="menubar">
			<li class="breadcrumbs"><span class="crumb"><a href="./index.php"><span>Trang chủ diễn đàn</span></a></span></li>
			<li class="rightside">Múi giờ <span title="Châu Á/Hồ Chí Minh">UTC+07:00</span></li>
		</ul></div></div>
		<div class="copyright">
			<p class="footer-row"><span class="footer-copyright">Được phát triển bởi <a href="https://www.phpbb.com/">phpBB</a>&reg; Forum Software &copy; phpBB Limited</span></p>
			<p class="footer-row"><span class="footer-copyright">Bản dịch tiếng Việt bởi nhóm thành viên diễn đàn</span></p>
		</div>
	</div>
</div>
<script src="./assets/javascript/jquery-3.6.0.min.js?assets_version={c.get('av', 12)}"></script>
<script src="./assets/javascript/core.js?assets_version={c.get('av', 12)}"></script>
</body>
</html>
'''


# ---------------------------------------------------------------- Discourse-like (rendered view)
def discourse(c):
    site, t = c['site'], c['title']
    posts = []
    for i, p in enumerate(c['posts']):
        posts.append(f'''<div class="topic-post clearfix regular" data-post-number="{i+1}">
  <article id="post_{i+1}" aria-label="bài đăng #{i+1} bởi @{e(p['author'])}" role="region" data-post-id="{60200+i}" data-topic-id="{c['tid']}" data-user-id="{880+i}" class="boxed onscreen-post">
    <div class="row">
      <div class="topic-avatar"><div class="post-avatar"><a class="trigger-user-card main-avatar" href="/u/{p['author']}" data-user-card="{p['author']}" aria-hidden="true"><img alt="" width="45" height="45" src="/user_avatar/{c['domain']}/{p['author'].lower()}/90/12_2.png" class="avatar" loading="lazy"></a></div></div>
      <div class="topic-body clearfix">
        <div role="heading" aria-level="2" class="topic-meta-data">
          <div class="names trigger-user-card"><span class="first username"><a href="/u/{p['author']}" data-user-card="{p['author']}" class="">{p['author']}</a></span></div>
          <div class="post-infos"><div class="post-info post-date"><a class="post-date" href="/t/{c['slug']}/{c['tid']}/{i+1}" data-share-url="/t/{c['slug']}/{c['tid']}/{i+1}" data-post-number="{i+1}">{p['date']}</a></div></div>
        </div>
        <div class="regular contents"><div class="cooked">{_txt(p['text'])}</div>
          <section class="post-menu-area clearfix"><nav class="post-controls"><div class="actions"><button class="widget-button btn-flat like" aria-label="thích bài đăng này" title="thích bài đăng này"></button><button class="widget-button btn-flat share" title="chia sẻ liên kết tới bài đăng này"></button><button class="widget-button btn-flat reply" title="Trả lời"><span class="d-button-label">Trả lời</span></button></div></nav></section>
        </div>
      </div>
    </div>
  </article>
</div>''')
    return f'''<!DOCTYPE html>
<html lang="vi" class="desktop-view not-mobile-device text-size-normal anon">
<head>
  <meta charset="utf-8">
  <title>{e(t)} - {e(c['section'])} - {e(site)}</title>
  <meta name="description" content="{e(_plain(c['posts'][0]['text'])[:150])}">
  <meta name="generator" content="Discourse 2.6.0.beta2 - https://github.com/discourse/discourse version 3f1b2a">
  <link rel="icon" type="image/png" href="/uploads/default/optimized/1X/favicon_32x32.png">
  <meta name="theme-color" content="#ffffff">
  <meta name="viewport" content="width=device-width, initial-scale=1.0, minimum-scale=1.0, user-scalable=yes, viewport-fit=cover">
  <link rel="canonical" href="{c['url']}" />
  <meta property="og:site_name" content="{e(site)}" />
  <meta name="twitter:card" content="summary" />
  <meta property="og:url" content="{c['url']}" />
  <meta property="og:title" content="{e(t)}" />
  <meta property="og:description" content="{e(_plain(c['posts'][0]['text'])[:150])}" />
  {c.get('head_extra', '')}
  <link href="/stylesheets/desktop_3f1b2a.css?__ws={c['domain']}" media="all" rel="stylesheet" data-target="desktop" />
  <script src="/assets/vendor-3f1b2a.js"></script>
</head>
<body class="crawler docked archetype-regular category-{c['section_slug']}">
  <section id="main">
    <div class="d-header-wrap"><header class="d-header clearfix"><div class="wrap"><div class="contents clearfix">
      <div class="title"><a href="/" data-auto-route="true"><img src="/uploads/default/original/1X/logo.png" alt="{e(site)}" id="site-logo" class="logo-big"></a></div>
      <div class="panel clearfix" role="navigation"><span class="header-buttons"><button class="btn btn-primary btn-small sign-up-button">Đăng ký</button><button class="btn btn-primary btn-small login-button"><span class="d-button-label">Đăng nhập</span></button></span>
      <ul class="icons d-header-icons"><li class="header-dropdown-toggle search-dropdown"><a href="/search" data-auto-route="true" title="tìm kiếm chủ đề, bài viết, người dùng hoặc danh mục" class="icon btn-flat" id="search-button"></a></li></ul></div>
    </div></div></header></div>
    <div id="main-outlet" class="wrap">
      <div id="topic-title"><div class="container"><div class="title-wrapper">
        <h1 data-topic-id="{c['tid']}"><a href="/t/{c['slug']}/{c['tid']}" class="fancy-title">{t}</a></h1>
        <div class="topic-category"><span class="badge-wrapper bullet"><span class="badge-category-bg" style="background-color: #0E76BD;"></span><a href="/c/{c['section_slug']}/7" class="badge-category__wrapper"><span class="badge-category clear-badge"><span class="category-name">{c['section']}</span></span></a></span></div>
      </div></div></div>
      <div class="container posts"><div class="row"><section class="topic-area" id="topic" data-topic-id="{c['tid']}"><div class="posts-wrapper"><div class="post-stream">
{chr(10).join(posts)}
      </div></div></section></div></div>
      <div id="topic-footer-buttons"><div class="topic-footer-main-buttons"><button class="btn btn-icon-text btn-primary create" title="bắt đầu soạn phản hồi cho chủ đề này"><span class="d-button-label">Trả lời</span></button></div></div>
      <div class="more-topics__container"><h3 class="more-topics__list-title">Chủ đề liên quan</h3>
        <table class="topic-list"><tbody>
          <tr class="topic-list-item"><td class="main-link"><a href="/t/hoi-ve-vps-gia-re/3102" class="title">Hỏi về VPS giá rẻ đặt tại Việt Nam</a></td><td class="num posts">14</td><td class="num age activity"><span class="relative-date" data-time="1599400000">Thg 9 6</span></td></tr>
          <tr class="topic-list-item"><td class="main-link"><a href="/t/cau-hinh-nginx-reverse-proxy/3177" class="title">Cấu hình nginx reverse proxy cho nhiều tên miền</a></td><td class="num posts">6</td><td class="num age activity"><span class="relative-date" data-time="1599300000">Thg 9 5</span></td></tr>
        </tbody></table></div>
    </div>
  </section>
  <footer class="container wrap"><nav class="crawler-nav"><ul><li itemscope itemtype="http://schema.org/SiteNavigationElement"><span itemprop="name"><a href="/" itemprop="url">Trang chủ</a></span></li><li><span><a href="/categories">Danh mục</a></span></li><li><span><a href="/guidelines">Hướng dẫn</a></span></li><li><span><a href="/tos">Điều khoản</a></span></li></ul></nav></footer>
  <div class="buttons-footer"><p class="powered-by-link">Được hỗ trợ bởi <a href="https://www.discourse.org">Discourse</a>, hiển thị tốt nhất khi bật JavaScript</p></div>
  <script src="/assets/application-3f1b2a.js"></script>
</body>
</html>
'''


# ---------------------------------------------------------------- home-grown Vietnamese board (2009-2012 style)
def vnboard(c):
    site, t = c['site'], c['title']
    rows = []
    for i, p in enumerate(c['posts']):
        rows.append(f'''<table class="post_tbl" width="100%" cellspacing="1" cellpadding="4" border="0">
<tr class="post_head"><td width="160" class="post_user"><a href="thanhvien.php?id={120+i}"><b>{p['author']}</b></a></td>
<td class="post_info"><img src="images/icon_post.gif" alt="" /> Gửi lúc: <span class="post_time">{p['date']}</span> <span style="float:right">Bài số: <b>{i+1}</b></span></td></tr>
<tr><td class="post_user_info" valign="top"><img src="upload/avatar/{120+i}.jpg" width="80" height="80" alt="" /><br />{p.get('rank', 'Thành viên mới')}<br />Số bài: {p.get('nposts', 40)}<br />Đến từ: {p.get('from_', 'Lạc Giang')}</td>
<td class="post_body" valign="top">{('<div class="post_title"><b>' + t + '</b></div>') if i == 0 else ''}<div class="post_text">{_txt(p['text'])}</div></td></tr>
<tr><td></td><td class="post_tools" align="right"><a href="traloi.php?tid={c['tid']}&amp;q={i+1}">Trích dẫn</a> | <a href="baocao.php?p={i+1}">Báo cáo</a></td></tr>
</table>''')
    return f'''<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="keywords" content="diễn đàn, sinh viên, {e(t)}">
<title>{e(t)} :: {e(site)}</title>
<link rel="stylesheet" href="css/diendan.css" type="text/css">
<script language="javascript" src="js/ajax.js"></script>
</head>
<body topmargin="0" leftmargin="0">
<table width="960" align="center" cellpadding="0" cellspacing="0" border="0" id="khung">
<tr><td class="banner"><img src="images/banner.jpg" width="960" height="120" alt="{e(site)}"></td></tr>
<tr><td class="thanh_menu"><table width="100%"><tr>
  <td class="ngay_hom_nay">{c.get('strip', '')}</td>
  <td align="right"><a href="index.php">Trang chủ</a> | <a href="dangky.php">Đăng ký</a> | <a href="dangnhap.php">Đăng nhập</a> | <a href="timkiem.php">Tìm kiếm</a> | <a href="thanhvien.php">Thành viên</a></td>
</tr></table></td></tr>
<tr><td class="duongdan"><a href="index.php">{site}</a> &raquo; <a href="chuyenmuc.php?id=3">{c['section']}</a> &raquo; Chủ đề</td></tr>
<tr><td>
<div class="thread_title">{t}</div>
<div class="thread_stat">Lượt xem: 1.284 | Trả lời: {len(c['posts']) - 1}</div>
{chr(10).join(rows)}
<div class="quick_reply"><form action="traloi.php" method="post"><b>Trả lời nhanh</b><br><textarea name="noidung" rows="5" cols="80"></textarea><br><input type="submit" value="Gửi bài"></form></div>
</td></tr>
<tr><td class="chan_trang">{site} &copy; 2008 - 2011. Thiết kế: CLB Tin học sinh viên. Liên hệ quản trị: bqt@{c['domain']}</td></tr>
</table>
</body>
</html>
'''
