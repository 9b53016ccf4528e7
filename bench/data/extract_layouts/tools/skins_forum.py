from common import e, paras


def _txt(p):
    return '<br />\n'.join(p) if isinstance(p, list) else p


# ---------------------------------------------------------------- vBulletin 3.x
def vb3(c):
    site, t = c['site'], c['title']
    logo = (f'<h1 class="logo"><a href="index.php">{site}</a></h1>' if c.get('logo_h1')
            else f'<a href="index.php"><img src="images/misc/logo.gif" border="0" alt="{e(site)}" /></a>')
    posts = []
    for i, p in enumerate(c['posts']):
        pid = 1203400 + i * 17
        ptitle = f'<div class="smallfont"><strong>{t}</strong></div>\n<hr size="1" style="color:#D1D1E1" />' if i == 0 else ''
        posts.append(f'''<div id="edit{pid}" style="padding:0px 0px 6px 0px">
<table id="post{pid}" class="tborder" cellpadding="6" cellspacing="0" border="0" width="100%" align="center">
<tr>
  <td class="thead" style="font-weight:normal; border:1px solid #D1D1E1; border-right:0px">
    <a name="post{pid}"><img class="inlineimg" src="images/statusicon/post_old.gif" alt="Cũ" border="0" /></a>
    {p['date']}
  </td>
  <td class="thead" style="font-weight:normal; border:1px solid #D1D1E1; border-left:0px" align="right">
    &nbsp;#<a href="showpost.php?p={pid}&amp;postcount={i+1}" target="new" id="postcount{pid}" name="{i+1}"><strong>{i+1}</strong></a>
  </td>
</tr>
<tr valign="top">
  <td class="alt2" width="175" style="border:1px solid #D1D1E1; border-top:0px; border-bottom:0px">
    <div id="postmenu_{pid}"><a class="bigusername" href="member.php?u={5000+i}">{p['author']}</a></div>
    <div class="smallfont">{p.get('rank', 'Thành viên')}</div>
    <div class="smallfont">&nbsp;<br />
      <div>Tham gia ngày: {p.get('join', 'Jan 2010')}</div>
      <div>Bài gửi: {p.get('nposts', 312)}</div>
    </div>
  </td>
  <td class="alt1" id="td_post_{pid}" style="border-right:1px solid #D1D1E1">
    {ptitle}
    <div id="post_message_{pid}">{_txt(p['text'])}</div>
    {('<div>__________________<br />' + p['sig'] + '</div>') if p.get('sig') else ''}
  </td>
</tr>
<tr>
  <td class="alt2" style="border:1px solid #D1D1E1; border-top:0px"><img class="inlineimg" src="images/statusicon/user_offline.gif" alt="" border="0" /></td>
  <td class="alt1" align="right" style="border:1px solid #D1D1E1; border-left:0px; border-top:0px">
    <a href="newreply.php?do=newreply&amp;p={pid}" rel="nofollow"><img src="images/buttons/quote.gif" alt="Trả lời kèm trích dẫn" border="0" /></a>
  </td>
</tr>
</table>
</div>''')
    return f'''<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" dir="ltr" lang="vi">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta name="generator" content="vBulletin 3.8.7" />
<meta name="keywords" content="{e(t)}, diễn đàn" />
<meta name="description" content="{e(t)} {e(c['section'])}" />
<style type="text/css" id="vbulletin_css">body {{ background:#E1E1E2; color:#000000; font:10pt verdana, geneva, lucida, arial; }}</style>
<script type="text/javascript" src="clientscript/yui/yahoo-dom-event/yahoo-dom-event.js?v=387"></script>
<script type="text/javascript"><!--
var SESSIONURL = "";
var SECURITYTOKEN = "guest";
var IMGDIR_MISC = "images/misc";
var vb_disable_ajax = parseInt("0", 10);
// --></script>
<script type="text/javascript" src="clientscript/vbulletin_global.js?v=387"></script>
<title>{e(t)} - {e(site)}</title>
</head>
<body onload="">
<a name="top"></a>
<table border="0" width="100%" cellpadding="0" cellspacing="0" align="center">
<tr><td align="left">{logo}</td>
<td align="right" id="header_right_cell">&nbsp;</td></tr>
</table>
<div class="page" style="width:100%; text-align:left">
<div style="padding:0px 25px 0px 25px" align="left">
<br />
<table class="tborder" cellpadding="6" cellspacing="1" border="0" width="100%" align="center">
<tr>
  <td class="alt1" width="100%">
    <table cellpadding="0" cellspacing="0" border="0"><tr valign="bottom">
      <td><span class="navbar"><a href="index.php" accesskey="1">{site}</a></span> <span class="navbar">&gt; <a href="forumdisplay.php?f=12">{c['section']}</a></span></td>
    </tr>
    <tr><td class="navbar" style="font-size:10pt; padding-top:1px" colspan="3"><img class="inlineimg" src="images/misc/navbits_finallink_ltr.gif" alt="" border="0" /> <strong>{t}</strong></td></tr>
    </table>
  </td>
  <td class="alt2" nowrap="nowrap" style="padding:0px">
    <form action="login.php?do=login" method="post"><table cellpadding="0" cellspacing="3" border="0">
    <tr><td class="smallfont">Tên tài khoản</td><td><input type="text" class="bginput" name="vb_login_username" size="10" /></td></tr>
    <tr><td class="smallfont">Mật khẩu</td><td><input type="password" class="bginput" name="vb_login_password" size="10" /></td></tr>
    </table></form>
  </td>
</tr>
</table>
<br />
<div class="tborder" style="padding:1px; border-top-width:0px">
<table class="tcat" cellpadding="0" cellspacing="0" border="0" width="100%"><tr>
  <td class="vbmenu_control"><a href="register.php" rel="nofollow">Đăng ký</a></td>
  <td class="vbmenu_control"><a href="faq.php">Hỏi/Đáp</a></td>
  <td class="vbmenu_control"><a href="calendar.php">Lịch</a></td>
  <td class="vbmenu_control"><a href="search.php?do=getdaily">Bài trong ngày</a></td>
  <td class="vbmenu_control"><a href="search.php">Tìm kiếm</a></td>
</tr></table>
</div>
<br />
<table class="tborder" cellpadding="6" cellspacing="1" border="0" width="100%" align="center">
<tr><td class="tcat">Kết quả từ 1 tới {len(c['posts'])} của {len(c['posts'])}</td></tr>
</table>
<div id="posts">
{chr(10).join(posts)}
<div id="lastpost"></div></div>
<br />
<table class="tborder" cellpadding="6" cellspacing="1" border="0" width="100%" align="center">
<tr><td class="tcat">Thông tin về chủ đề này</td></tr>
<tr><td class="alt1"><div class="smallfont">Hiện có 1 người đang xem chủ đề này. (0 thành viên và 1 khách)</div></td></tr>
</table>
<br />
<div class="smallfont" align="center">Múi giờ GMT +7. Hiện tại là {c.get('now', '')}.</div>
<br />
<div class="smallfont" align="center">
<!-- Do not remove this copyright notice -->
Powered by vBulletin&reg; Version 3.8.7<br />Copyright &copy;2000 - 2015, Jelsoft Enterprises Ltd.
<!-- Do not remove this copyright notice -->
</div>
</div></div>
</body>
</html>
'''


# ---------------------------------------------------------------- vBulletin 4.x
def vb4(c):
    site, t = c['site'], c['title']
    logo = (f'<h1 class="logo"><a name="top" href="forum.php">{site}</a></h1>' if c.get('logo_h1')
            else f'<div><a name="top" href="forum.php" class="logo-image"><img src="images/misc/logo.png" alt="{e(site)}" /></a></div>')
    th = (f'<h2 class="threadtitle-h"><span class="threadtitle"><a href="showthread.php?{c["tid"]}" title="Tải lại trang">{t}</a></span></h2>' if c.get('logo_h1')
          else f'<h1>Chủ đề: <span class="threadtitle"><a href="showthread.php?{c["tid"]}" title="Tải lại trang">{t}</a></span></h1>')
    posts = []
    for i, p in enumerate(c['posts']):
        pid = 880100 + i * 9
        h2 = f'<h2 class="title icon">{t}</h2>' if i == 0 else ''
        posts.append(f'''<li class="postbitlegacy postbitim postcontainer old" id="post_{pid}">
  <div class="posthead">
    <span class="postdate old">{p['date']}</span>
    <span class="nodecontrols"><a name="post{pid}" href="showthread.php?{c['tid']}&amp;p={pid}#post{pid}" class="postcounter">#{i+1}</a><a id="postcount{pid}" name="{i+1}"></a></span>
  </div>
  <div class="postdetails">
    <div class="userinfo">
      <div class="username_container"><a class="username offline popupctrl" href="member.php?u={7000+i}" title="{e(p['author'])} hiện không trực tuyến"><strong>{p['author']}</strong></a></div>
      <span class="usertitle">{p.get('rank', 'Thành viên tích cực')}</span>
      <dl class="userinfo_extra"><dt>Tham gia ngày</dt> <dd>{p.get('join', 'Jun 2011')}</dd><dt>Bài gửi</dt> <dd>{p.get('nposts', '1,024')}</dd></dl>
    </div>
    <div class="postbody"><div class="postrow">
      {h2}
      <div class="content"><div id="post_message_{pid}">
        <blockquote class="postcontent restore ">{_txt(p['text'])}</blockquote>
      </div></div>
    </div>
    <div class="cleardiv"></div></div>
  </div>
  <div class="postfoot"><div class="textcontrols floatcontainer"><span class="postcontrols"><a class="quote" href="newreply.php?do=newreply&amp;p={pid}" rel="nofollow">Trả lời với trích dẫn</a></span></div></div>
  <hr />
</li>''')
    return f'''<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" dir="ltr" lang="vi" id="vbulletin_html">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta id="e_vb_meta_bburl" name="vb_meta_bburl" content="https://{c['domain']}" />
<base href="https://{c['domain']}/" /><!--[if IE]></base><![endif]-->
<meta name="generator" content="vBulletin 4.2.2" />
<meta name="keywords" content="{e(t)}" />
<meta name="description" content="{e(_plain(c['posts'][0]['text'])[:150])}" />
<script type="text/javascript">
<!--
if (typeof YAHOO === 'undefined') document.write('<script type="text/javascript" src="clientscript/yui/yuiloader-dom-event/yuiloader-dom-event.js?v=422"><\\/script>');
var SESSIONURL = "";
var SECURITYTOKEN = "guest";
var IMGDIR_MISC = "images/misc";
var BBURL = "https://{c['domain']}";
// -->
</script>
<script type="text/javascript" src="clientscript/vbulletin-core.js?v=422"></script>
<link rel="alternate" type="application/rss+xml" title="{e(site)} RSS Feed" href="external.php?type=RSS2" />
<link rel="stylesheet" type="text/css" href="clientscript/vbulletin_css/style00002l/main-rollup.css?d=1392000000" />
<title>{e(t)}</title>
<link rel="canonical" href="{c['url']}" />
</head>
<body>
<div class="above_body">
<div id="header" class="floatcontainer doc_header">
  {logo}
  <div id="toplinks" class="toplinks"><ul class="nouser"><li><a href="register.php" rel="nofollow">Đăng ký</a></li><li><a rel="help" href="faq.php">Trợ giúp</a></li></ul></div>
  <div class="ad_global_header"></div>
  <hr />
</div>
<div id="navbar" class="navbar">
  <ul id="navtabs" class="navtabs floatcontainer">
    <li class="selected"><a class="navtab" href="forum.php">Diễn đàn</a>
      <ul class="floatcontainer"><li><a href="search.php?do=getnew&amp;contenttype=vBForum_Post">Bài mới</a></li><li><a href="forum.php?do=markread">Đánh dấu đã đọc</a></li></ul></li>
    <li><a class="navtab" href="search.php">Tìm kiếm</a></li>
  </ul>
</div>
</div>
<div class="body_wrapper">
<div id="breadcrumb" class="breadcrumb">
  <ul class="floatcontainer">
    <li class="navbithome"><a href="index.php" accesskey="1"><img src="images/misc/navbit-home.png" alt="Trang chủ" /></a></li>
    <li class="navbit"><a href="forum.php">Diễn đàn</a></li>
    <li class="navbit"><a href="forumdisplay.php?{c.get('fid', '18')}">{c['section']}</a></li>
    <li class="navbit lastnavbit"><span>{t}</span></li>
  </ul>
  <hr />
</div>
<div id="pagetitle">
  {th}
</div>
<div id="thread_controls" class="thread_controls toolsmenu"><div><ul id="postlist_popups" class="postlist_popups popupgroup"><li><a href="#">Công cụ chủ đề</a></li><li><a href="#">Hiển thị</a></li></ul></div></div>
<div id="postlist" class="postlist restrain">
  <ol id="posts" class="posts" start="1">
{chr(10).join(posts)}
  </ol>
</div>
<div id="below_postlist" class="noinlinemod below_postlist"></div>
<div id="footer" class="floatcontainer footer">
  <ul id="footer_links" class="footer_links"><li><a href="sendmessage.php" rel="nofollow">Liên hệ</a></li><li><a href="https://{c['domain']}">{site}</a></li><li><a href="#top" onclick="document.location.hash='top'; return false;">Lên trên</a></li></ul>
</div>
</div>
<div class="below_body">
<div id="footer_time" class="shade footer_time">Múi giờ GMT +7. Hiện tại là <span class="time">{c.get('now', '')}</span>.</div>
<div id="footer_copyright" class="shade footer_copyright">Powered by vBulletin&trade; Version 4.2.2 <br />Copyright &copy; 2014 vBulletin Solutions, Inc. All rights reserved.</div>
</div>
</body>
</html>
'''


def _plain(text):
    import re
    s = ' '.join(text) if isinstance(text, list) else text
    return re.sub(r'<[^>]+>', '', s)


# ---------------------------------------------------------------- XenForo 1.x
def xf1(c):
    site, t = c['site'], c['title']
    msgs = []
    for i, p in enumerate(c['posts']):
        pid = 331200 + i * 5
        msgs.append(f'''<li id="post-{pid}" class="message   " data-author="{e(p['author'])}">
  <div class="messageUserInfo" itemscope="itemscope" itemtype="http://data-vocabulary.org/Person">
    <div class="messageUserBlock ">
      <div class="avatarHolder"><span class="helper"></span><a href="members/{p['author'].lower().replace(' ', '-')}.{900+i}/" class="avatar Av{900+i}m" data-avatarhtml="true"><img src="styles/default/xenforo/avatars/avatar_m.png" width="96" height="96" alt="{e(p['author'])}" /></a></div>
      <h3 class="userText"><a href="members/{900+i}/" class="username" dir="auto" itemprop="name">{p['author']}</a><em class="userTitle" itemprop="title">{p.get('rank', 'Thành viên')}</em></h3>
      <span class="arrow"><span></span></span>
    </div>
  </div>
  <div class="messageInfo primaryContent">
    <div class="messageContent">
      <article>
        <blockquote class="messageText SelectQuoteContainer ugc baseHtml">
          {_txt(p['text'])}
          <div class="messageTextEndMarker">&nbsp;</div>
        </blockquote>
      </article>
    </div>
    <div class="messageMeta ToggleTriggerAnchor">
      <div class="privateControls">
        <span class="item muted"><span class="authorEnd"><a href="members/{900+i}/" class="username author" dir="auto">{p['author']}</a>,</span>
        <a href="threads/{c['slug']}/#post-{pid}" title="Permalink" class="datePermalink">{p['date']}</a></span>
      </div>
      <div class="publicControls"><a href="threads/{c['slug']}/#post-{pid}" title="Permalink" class="item muted postNumber hashPermalink OverlayTrigger">#{i+1}</a></div>
    </div>
  </div>
</li>''')
    return f'''<!DOCTYPE html>
<html id="XenForo" lang="vi-VN" dir="LTR" class="Public NoJs LoggedOut NoSidebar  Responsive" xmlns:fb="http://www.facebook.com/2008/fbml">
<head>
	<meta charset="utf-8" />
	<meta http-equiv="X-UA-Compatible" content="IE=Edge,chrome=1" />
	<meta name="viewport" content="width=device-width, initial-scale=1" />
	<base href="https://{c['domain']}/" />
	<script>var _b = document.getElementsByTagName('base')[0], _bH = "https://{c['domain']}/"; if (_b && _b.href != _bH) _b.href = _bH;</script>
	<title>{e(t)} | {e(site)}</title>
	<noscript><style>.JsOnly, .jsOnly {{ display: none !important; }}</style></noscript>
	<link rel="stylesheet" href="css.php?css=xenforo,form,public&amp;style=2&amp;dir=LTR&amp;d=1430000000" />
	<script src="js/jquery/jquery-1.11.0.min.js"></script>
	<script src="js/xenforo/xenforo.js?_v=9b3c1f2a"></script>
	<link rel="canonical" href="{c['url']}" />
	<meta name="description" content="{e(_plain(c['posts'][0]['text'])[:155])}" />
	<meta property="og:site_name" content="{e(site)}" />
	<meta property="og:type" content="article" />
	<meta property="og:url" content="{c['url']}" />
	<meta property="og:title" content="{e(t)}" />
</head>
<body class="node{c.get('node', 7)} node3 SelectQuotable">
<div id="headerMover">
	<div id="headerProxy"></div>
<div id="content" class="thread_view">
	<div class="pageWidth"><div class="pageContent">
		<div class="breadBoxTop ">
			<nav><fieldset class="breadcrumb"><div class="boardTitle"><strong>{site}</strong></div>
			<span class="crumbs"><span class="crust homeCrumb"><a href="https://{c['domain']}/" class="crumb"><span>Trang chủ</span></a><span class="arrow"><span></span></span></span>
			<span class="crust"><a href="forums/" class="crumb"><span>Diễn đàn</span></a><span class="arrow"><span>&gt;</span></span></span>
			<span class="crust"><a href="forums/{c['section_slug']}/" class="crumb"><span>{c['section']}</span></a><span class="arrow"><span>&gt;</span></span></span></span>
			</fieldset></nav>
		</div>
		<div class="titleBar">
			<h1>{t}</h1>
			<p id="pageDescription" class="muted ">
				Thảo luận trong '<a href="forums/{c['section_slug']}/">{c['section']}</a>' bắt đầu bởi <a href="members/900/" class="username" dir="auto">{c['posts'][0]['author']}</a>, <a href="threads/{c['slug']}/">{c.get('desc_date', c['posts'][0]['date'])}</a>.
			</p>
		</div>
		<div class="pageNavLinkGroup"><div class="linkGroup SelectionCountContainer"></div><div class="linkGroup" style="display: none"><a href="javascript:" class="muted JsOnly DisplayIgnoredContent Tooltip" title="Hiển thị nội dung bị ẩn">Hiển thị nội dung bị ẩn</a></div></div>
		<form action="inline-mod/post/switch" method="post" class="InlineModForm section" data-cookieName="posts" data-controls="#InlineModControls" data-imodOptions="#ModerationSelect option">
			<ol class="messageList" id="messageList">
{chr(10).join(msgs)}
			</ol>
		</form>
		<div class="quickReply message"><p class="muted">Bạn phải <a href="login/">đăng nhập</a> hoặc <a href="register/">đăng ký</a> để trả lời bài này.</p></div>
	</div></div>
</div>
<header>
<div id="header">
	<div id="logoBlock"><div class="pageWidth"><div class="pageContent">
		<div id="logo"><a href="https://{c['domain']}/"><span></span><img src="styles/default/xenforo/logo.png" alt="{e(site)}" /></a></div>
		<span class="helper"></span>
	</div></div></div>
	<div id="navigation" class="pageWidth withSearch"><div class="pageContent"><nav><div class="navTabs">
		<ul class="publicTabs"><li class="navTab forums selected"><a href="https://{c['domain']}/" class="navLink">Diễn đàn</a></li><li class="navTab members Popup PopupControl PopupClosed"><a href="members/" class="navLink">Thành viên</a></li></ul>
	</div></nav></div></div>
</div>
</header>
</div>
<footer>
<div class="footer"><div class="pageWidth"><div class="pageContent">
	<ul class="footerLinks"><li><a href="misc/contact" class="OverlayTrigger" data-overlayOptions="{{&quot;fixed&quot;:false}}">Liên hệ</a></li><li><a href="help/">Trợ giúp</a></li><li><a href="https://{c['domain']}/" class="homeLink">Trang chủ</a></li></ul>
</div></div></div>
<div class="footerLegal"><div class="pageWidth"><div class="pageContent">
	<div id="copyright"><a href="https://xenforo.com" class="concealed">Forum software by XenForo&trade; <span>&copy;2010-2015 XenForo Ltd.</span></a></div>
</div></div></div>
</footer>
<script>
jQuery.extend(true, XenForo, {{ visitor: {{ user_id: 0 }}, serverTimeInfo: {{ now: {c.get('now_unix', 0)}, today: {c.get('today_unix', 0)}, todayDow: 6 }}, _lightBoxUniversal: "0", _enableOverlays: "1", _animationSpeedMultiplier: "1", _overlayConfig: {{ top: "10%", speed: 200, closeSpeed: 100, mask: {{ color: "rgb(255, 255, 255)", opacity: "0.6", loadSpeed: 200, closeSpeed: 100 }} }}, _ignoredUsers: [], _loadedScripts: {{}}, _cookieConfig: {{ path: "/", domain: "", prefix: "xf_"}}, _csrfToken: "", _csrfRefreshUrl: "login/csrf-token-refresh", _jsVersion: "9b3c1f2a", _noRtnProtect: false, _noSocialLogin: false }});
jQuery.extend(XenForo.phrases, {{ cancel: "Hủy", a_moment_ago: "Vài giây trước", one_minute_ago: "1 phút trước", x_minutes_ago: "%minutes% phút trước", today_at_x: "Hôm nay lúc %time%", yesterday_at_x: "Hôm qua lúc %time%", day_x_at_time_y: "%day% lúc %time%", day0: "Chủ nhật", day1: "Thứ hai", day2: "Thứ ba", day3: "Thứ tư", day4: "Thứ năm", day5: "Thứ sáu", day6: "Thứ bảy" }});
</script>
</body>
</html>
'''


# ---------------------------------------------------------------- XenForo 2.x
def xf2(c):
    site, t = c['site'], c['title']
    arts = []
    for i, p in enumerate(c['posts']):
        pid = 1550400 + i * 3
        arts.append(f'''<article class="message message--post js-post js-inlineModContainer  " data-author="{e(p['author'])}" data-content="post-{pid}" id="js-post-{pid}">
  <span class="u-anchorTarget" id="post-{pid}"></span>
  <div class="message-inner">
    <div class="message-cell message-cell--user">
      <section class="message-user">
        <div class="message-avatar "><div class="message-avatar-wrapper"><a href="/members/{p['author'].lower().replace(' ', '')}.{4400+i}/" class="avatar avatar--m avatar--default avatar--default--dynamic" data-user-id="{4400+i}" data-xf-init="member-tooltip"><span class="avatar-u{4400+i}-m" role="img" aria-label="{e(p['author'])}">{p['author'][0]}</span></a></div></div>
        <div class="message-userDetails"><h4 class="message-name"><a href="/members/{4400+i}/" class="username " dir="auto" data-user-id="{4400+i}" data-xf-init="member-tooltip">{p['author']}</a></h4><h5 class="userTitle message-userTitle" dir="auto">{p.get('rank', 'Thành viên')}</h5></div>
      </section>
    </div>
    <div class="message-cell message-cell--main">
      <div class="message-main js-quickEditTarget">
        <header class="message-attribution message-attribution--split">
          <ul class="message-attribution-main listInline ">
            <li class="u-concealed"><a href="/threads/{c['slug']}/post-{pid}" rel="nofollow">{p['date']}</a></li>
          </ul>
          <ul class="message-attribution-opposite message-attribution-opposite--list "><li><a href="/threads/{c['slug']}/post-{pid}" class="message-attribution-gadget" data-xf-init="share-tooltip" rel="nofollow">#{i+1}</a></li></ul>
        </header>
        <div class="message-content js-messageContent">
          <div class="message-userContent lbContainer js-lbContainer " data-lb-id="post-{pid}" data-lb-caption-desc="{e(p['author'])} &middot; {e(p.get('lbdate', ''))}">
            <article class="message-body js-selectToQuote">
              <div class="bbWrapper">{_txt(p['text'])}</div>
              <div class="js-selectToQuoteEnd">&nbsp;</div>
            </article>
          </div>
        </div>
        <footer class="message-footer"><div class="message-actionBar actionBar"><div class="actionBar-set actionBar-set--external"><a href="/threads/{c['slug']}/reply?quote={pid}" class="actionBar-action actionBar-action--reply" rel="nofollow">Trả lời</a></div></div></footer>
      </div>
    </div>
  </div>
</article>''')
    return f'''<!DOCTYPE html>
<html id="XF" lang="vi-VN" dir="LTR" data-app="public" data-template="thread_view" data-container-key="node-{c.get('node', 12)}" data-content-key="thread-{c['tid']}" data-logged-in="false" data-cookie-prefix="xf_" class="has-no-js template-thread_view">
<head>
	<meta charset="utf-8" />
	<meta http-equiv="X-UA-Compatible" content="IE=Edge" />
	<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
	<title>{e(t)} | {e(site)}</title>
	<link rel="manifest" href="/webmanifest.php">
	<meta name="theme-color" content="#185886" />
	<meta name="apple-mobile-web-app-title" content="{e(site)}">
	<meta name="description" content="{e(_plain(c['posts'][0]['text'])[:155])}" />
	<meta property="og:description" content="{e(_plain(c['posts'][0]['text'])[:155])}" />
	<meta property="og:site_name" content="{e(site)}" />
	<meta property="og:type" content="website" />
	<meta property="og:title" content="{e(t)}" />
	<meta property="og:url" content="{c['url']}" />
	<link rel="canonical" href="{c['url']}" />
	<link rel="stylesheet" href="/css.php?css=public%3Anormalize.css%2Cpublic%3Acore.less%2Cpublic%3Aapp.less&amp;s=1&amp;l=2&amp;d=1670000000&amp;k=0a1b2c" />
	<script src="/js/xf/preamble.min.js?_v=5e1c7a10"></script>
	{c.get('head_extra', '')}
</head>
<body data-template="thread_view">
<div class="p-pageWrapper" id="top">
<header class="p-header" id="header">
	<div class="p-header-inner"><div class="p-header-content">
		<div class="p-header-logo p-header-logo--image"><a href="https://{c['domain']}"><img src="/styles/default/xenforo/xenforo-logo.png" alt="{e(site)}" width="100" height="36" /></a></div>
	</div></div>
</header>
<div class="p-navSticky p-navSticky--primary" data-xf-init="sticky-header">
	<nav class="p-nav"><div class="p-nav-inner"><div class="p-nav-scroller hScroller" data-xf-init="h-scroller"><div class="hScroller-scroll"><ul class="p-nav-list js-offCanvasNavSource">
		<li><div class="p-navEl is-selected"><a href="/" class="p-navEl-link">Diễn đàn</a></div></li>
		<li><div class="p-navEl "><a href="/whats-new/" class="p-navEl-link">Có gì mới</a></div></li>
		<li><div class="p-navEl "><a href="/members/" class="p-navEl-link">Thành viên</a></div></li>
	</ul></div></div>
	<div class="p-nav-opposite"><div class="p-navgroup p-account p-navgroup--guest"><a href="/login/" class="p-navgroup-link p-navgroup-link--textual p-navgroup-link--logIn" rel="nofollow" data-xf-click="overlay"><span class="p-navgroup-linkText">Đăng nhập</span></a><a href="/register/" class="p-navgroup-link p-navgroup-link--textual p-navgroup-link--register" rel="nofollow"><span class="p-navgroup-linkText">Đăng ký</span></a></div></div>
	</div></nav>
</div>
<div class="p-body">
	<div class="p-body-inner">
		<div class="p-breadcrumbs-wrap"><ul class="p-breadcrumbs " itemscope itemtype="https://schema.org/BreadcrumbList">
			<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a href="/" itemprop="item"><span itemprop="name">Diễn đàn</span></a><meta itemprop="position" content="1" /></li>
			<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a href="/forums/{c['section_slug']}/" itemprop="item"><span itemprop="name">{c['section']}</span></a><meta itemprop="position" content="2" /></li>
		</ul></div>
		<div class="p-body-header">
			<div class="p-title "><h1 class="p-title-value">{t}</h1></div>
			<div class="p-description"><ul class="listInline listInline--bullet">
				<li><i class="fa--xf far fa-user" aria-hidden="true" title="Người tạo chủ đề"></i><span class="u-srOnly">Người tạo chủ đề</span> <a href="/members/4400/" class="username  u-concealed" dir="auto" data-user-id="4400">{c['posts'][0]['author']}</a></li>
				<li><i class="fa--xf far fa-clock" aria-hidden="true" title="Ngày bắt đầu"></i><span class="u-srOnly">Ngày bắt đầu</span> <a href="/threads/{c['slug']}/" class="u-concealed">{c.get('desc_date', c['posts'][0]['date'])}</a></li>
			</ul></div>
		</div>
		<div class="p-body-main  "><div class="p-body-content"><div class="p-body-pageContent">
			<div class="block block--messages" data-xf-init="" data-type="post" data-href="/inline-mod/" data-search-target="*">
				<div class="block-container lbContainer" data-xf-init="lightbox select-to-quote" data-message-selector=".js-post" data-lb-id="thread-{c['tid']}" data-lb-universal="0">
					<div class="block-body js-replyNewMessageContainer">
{chr(10).join(arts)}
					</div>
				</div>
			</div>
			<div class="block-outer block-outer--after"><div class="block-outerOpposite"><a href="/login/" class="button--link button--wrap button" data-xf-click="overlay"><span class="button-text">Bạn phải đăng nhập hoặc đăng ký để trả lời bài này.</span></a></div></div>
		</div></div></div>
	</div>
</div>
<footer class="p-footer" id="footer"><div class="p-footer-inner">
	<div class="p-footer-row"><div class="p-footer-row-opposite"><ul class="p-footer-linkList"><li><a href="/misc/contact" data-xf-click="overlay">Liên hệ</a></li><li><a href="/help/terms/">Điều khoản và quy định</a></li><li><a href="/help/privacy-policy/">Chính sách bảo mật</a></li></ul></div></div>
	<div class="p-footer-copyright"><a href="https://xenforo.com" class="u-concealed" dir="ltr" target="_blank" rel="sponsored noopener">Community platform by XenForo<sup>&reg;</sup> <span class="copyright">&copy; 2010-2023 XenForo Ltd.</span></a></div>
</div></footer>
</div>
<script src="/js/xf/core-compiled.js?_v=5e1c7a10"></script>
<script>
	jQuery.extend(XF.config, {{ userId: 0, enablePush: false, url: {{ fullBase: 'https://{c['domain']}/', basePath: '/', css: '/css.php?css=__SENTINEL__&s=1&l=2&d=1670000000' }}, cookie: {{ path: '/', domain: '', prefix: 'xf_', secure: true }}, csrf: '', js: {{}}, css: {{}}, time: {{ now: {c.get('now_unix', 0)}, today: {c.get('today_unix', 0)}, todayDow: 1, tomorrow: {c.get('today_unix', 0) + 86400}, yesterday: {c.get('today_unix', 0) - 86400}, week: {c.get('today_unix', 0) - 6*86400} }} }});
	jQuery.extend(XF.phrases, {{ date_x_at_time_y: "{{date}} lúc {{time}}", day_x_at_time_y: "{{day}} lúc {{time}}", yesterday_at_x: "Hôm qua lúc {{time}}", x_minutes_ago: "{{minutes}} phút trước", one_minute_ago: "1 phút trước", a_moment_ago: "Vài giây trước", today_at_x: "Hôm nay lúc {{time}}", in_a_moment: "Trong giây lát", x_days_ago: "{{days}} ngày trước" }});
</script>
</body>
</html>
'''
