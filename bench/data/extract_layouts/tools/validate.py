import json, os, re, sys, html
from html.parser import HTMLParser
from collections import Counter
from datetime import datetime
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRAPS = {'12h_clock','two_digit_year','tooltip_time','date_strip','script_date','metadata_offset','metadata_disagrees','sapo_outside','logo_h1','none'}

class V(HTMLParser):
    SKIP = {'script','style','head','title','noscript','template'}
    def __init__(s):
        super().__init__(convert_charrefs=True); s.depth=0; s.out=[]
    def handle_starttag(s, t, a):
        if t in s.SKIP: s.depth+=1
        if t in ('br','p','div','li','td','tr','h1','h2','h3','h4','article','section'): s.out.append(' ')
    def handle_endtag(s, t):
        if t in s.SKIP and s.depth: s.depth-=1
        if t in ('p','div','li','td','h1','h2','h3'): s.out.append(' ')
    def handle_data(s, d):
        if not s.depth: s.out.append(d)

def visible(src):
    v = V(); v.feed(src); v.close()
    return re.sub(r'\s+', ' ', html.unescape(''.join(v.out)))

ok = True; cnt = Counter(); n = 0
for line in open(os.path.join(root, 'expected.jsonl'), encoding='utf-8'):
    r = json.loads(line); n += 1
    p = os.path.join(root, 'pages', r['file'])
    if not os.path.exists(p): print('MISSING', r['file']); ok = False; continue
    src = open(p, encoding='utf-8').read()
    vt = visible(src)
    for k in ('title', 'body_start'):
        if r[k] not in vt: print('NOT VISIBLE', r['file'], k, r[k]); ok = False
    nw = len(r['body_start'].split())
    if not 8 <= nw <= 12: print('body_start words', r['file'], nw)
    d = datetime.fromisoformat(r['published'])
    if not r['published'].endswith('+07:00'): print('TZ', r['file']); ok = False
    assert set(r['traps']) <= TRAPS, r['traps']
    assert r['url'].split('/')[2].endswith('.vn')
    cnt.update(r['traps'])
    if not src.lower().startswith('<!doctype'): print('no doctype', r['file'])
print(n, 'rows', 'OK' if ok else 'FAIL')
for k in sorted(cnt): print(k, cnt[k])
