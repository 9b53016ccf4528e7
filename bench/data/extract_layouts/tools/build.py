import json, os, sys
sys.path.insert(0, os.path.dirname(__file__))
import skins_news, skins_local, skins_forum, skins_forum2
from pages_news import PAGES as NEWS
from pages_forum import PAGES as FORUM

SKINS = {'news_table': skins_news.news_table, 'news_div': skins_news.news_div, 'news_modern': skins_news.news_modern,
         'prov_aspnet': skins_local.prov_aspnet, 'prov_modern': skins_local.prov_modern, 'gov': skins_local.gov,
         'vb3': skins_forum.vb3, 'vb4': skins_forum.vb4, 'xf1': skins_forum.xf1, 'xf2': skins_forum.xf2,
         'phpbb': skins_forum2.phpbb, 'discourse': skins_forum2.discourse, 'vnboard': skins_forum2.vnboard}
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
rows = []
for c in NEWS + FORUM:
    html = SKINS[c['skin']](c)
    with open(os.path.join(root, 'pages', c['file']), 'w', encoding='utf-8') as f:
        f.write(html)
    x = c['exp']
    rows.append(dict(file=c['file'], url=c['url'], layout=x['layout'], traps=x['traps'], title=c['title'],
                     published=x['published'], body_start=x['body_start']))
rows.sort(key=lambda r: r['file'])
with open(os.path.join(root, 'expected.jsonl'), 'w', encoding='utf-8') as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
print(len(rows), 'pages')
