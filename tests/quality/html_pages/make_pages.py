#!/usr/bin/env python3
# Writes the HTML extraction test set: each invented story of stories.py laid out in the style
# of real news sites (JSON-LD, OpenGraph, microdata, div soup, table layouts, AMP, paywall
# teasers; cookie walls, related boxes, comments, share bars, adverts, footers; UTF-8,
# windows-1252, ISO-8859-15, UTF-16) as pages/<name>.html, with pages/<name>.expected.json
# holding the story's text and the fields the page states. Re-run after editing a template.
# pages/handwritten-*.html (a WordPress-like and a component-based page) are written by hand
# and kept as they are; they were written after the rules as a check (the component page's
# byline and role line needed a fix), then added.
import html
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stories import STORIES  # noqa: E402

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
E = html.escape


def quoted(text):
    return "\u201c" + text + "\u201d"


def body_items(story):
    """(kind, text) for each body item; quotes get typographic marks."""
    for item in story["body"]:
        if isinstance(item, str):
            yield "p", item
        elif item[0] == "q":
            yield "q", quoted(item[1])
        else:
            yield item


def expected_body(story, limit=None):
    items = [text for _, text in body_items(story)]
    return items[:limit] if limit else items


def render_body(story, limit=None, p_tag="p", breaks=False, insert=None):
    out, in_list = [], False
    for i, (kind, text) in enumerate(body_items(story)):
        if limit is not None and i >= limit:
            break
        if kind != "li" and in_list:
            out.append("</ul>")
            in_list = False
        if kind == "li":
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append(f"<li>{E(text)}</li>")
        elif kind == "h":
            out.append(f"<h2>{E(text)}</h2>" if not breaks else f"<b>{E(text)}</b><br><br>")
        elif kind == "q":
            out.append(f"<blockquote><p>{E(text)}</p></blockquote>" if not breaks else f"<i>{E(text)}</i><br><br>")
        else:
            out.append(f"<{p_tag}>{E(text)}</{p_tag}>" if not breaks else f"{E(text)}<br><br>")
        if insert and i == 1:
            out.append(insert)
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def long_date(story):
    y, m, d = story["date"].split("-")
    return f"{int(d)} {MONTHS[int(m) - 1]} {y}"


def iso(story):
    return story["date"] + ("T" + story["time"] if story["time"] else "")


def byline(story):
    return " and ".join(story["authors"])


NAV = """<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/business">Business</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>"""
COOKIE = """<div id="cookie-consent" class="consent-overlay"><div class="consent-box"><h2>We value your privacy</h2>
<p>We and our partners use cookies and similar technologies to store and access information on your device, to
personalise content and adverts, and to measure how our site is used. You can change your choices at any time.</p>
<button>Accept all</button><button>Manage options</button></div></div>"""
RELATED = """<aside class="related-stories"><h3>Related stories</h3><ul>
<li><a href="/news/1">Pier repairs delayed again by storms</a></li><li><a href="/news/2">Bus timetable changes from April</a></li>
<li><a href="/news/3">Parking review to be published next month</a></li></ul></aside>"""
SHARE = """<div class="share-bar"><span>Share this article</span><a href="#">Facebook</a><a href="#">X</a>
<a href="#">WhatsApp</a><a href="#">Email</a></div>"""
COMMENTS = """<section id="comments" class="comments"><h3>Comments (3)</h3>
<article class="comment"><p class="comment-author">harbourwatcher</p><p>I have been waiting for this for ages, and honestly
the whole thing should have been sorted out much sooner than it was.</p></article>
<article class="comment"><p class="comment-author">Jen_from_the_hill</p><p>Good news at last, though I will believe it when
I see it working properly for more than a week.</p></article></section>"""
MOST_READ = """<aside class="sidebar"><div class="most-read"><h3>Most read</h3><ol>
<li><a href="/a">Man rescued from mudflats after six hours</a></li><li><a href="/b">New supermarket plans approved</a></li>
<li><a href="/c">Road closures this weekend</a></li><li><a href="/d">Teenager's invention wins award</a></li></ol></div></aside>"""
NEWSLETTER = """<div class="newsletter-signup"><h3>Get the morning briefing</h3><p>Sign up to our free newsletter
for the day's top stories, delivered to your inbox every morning before eight.</p><form><input type="email"><button>Sign up</button></form></div>"""


def footer(story):
    return f"""<footer class="site-footer"><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>
<li><a href="/privacy">Privacy policy</a></li></ul><p>&copy; 2024 {E(story['site'])}. All rights reserved.</p></footer>"""


def json_ld(story, graph=False, fields=("headline", "date", "authors", "section")):
    article = {"@context": "https://schema.org", "@type": "NewsArticle",
               "url": f"https://{story['host']}/{story['slug']}",
               "publisher": {"@type": "Organization", "name": story["site"]}}
    if "headline" in fields:
        article["headline"] = story["title"]
    if "date" in fields:
        article["datePublished"] = iso(story)
        article["dateModified"] = iso(story)
    if "section" in fields:
        article["articleSection"] = story["section"]
    people = [{"@type": "Person", "@id": f"#author{i}", "name": name} for i, name in enumerate(story["authors"])]
    if "authors" in fields and people:
        article["author"] = [{"@id": p["@id"]} for p in people] if graph else people
    if graph:
        data = {"@context": "https://schema.org", "@graph": [
            {"@type": "WebSite", "@id": "#site", "name": story["site"]},
            {"@type": "WebPage", "@id": "#page", "name": story["title"]}] + [article] + people}
    else:
        data = article
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False, indent=1)}</script>'


def modern(story):
    """<article> with JSON-LD in @graph, cookie wall, inline related box, share bar, comments."""
    head = f"""<meta charset="utf-8"><title>{E(story['title'])} | {E(story['site'])}</title>
<link rel="canonical" href="https://{story['host']}/news/{story['slug']}">{json_ld(story, graph=True)}"""
    dek = f'<p class="article-dek">{E(story["dek"])}</p>' if story["dek"] else ""
    by = f'<div class="byline">By <a rel="author" href="/staff">{E(byline(story))}</a></div>' if story["authors"] else ""
    body = f"""<body class="article-page">{COOKIE}<header class="site-header"><a class="logo" href="/">{E(story['site'])}</a>{NAV}</header>
<main><article class="story"><header class="story-header"><a class="kicker" href="/{story['section'].lower()}">{E(story['section'])}</a>
<h1>{E(story['title'])}</h1>{dek}{by}<time datetime="{iso(story)}">{long_date(story)}</time></header>
<div class="story-body">{render_body(story, insert=RELATED)}</div>{SHARE}</article>{COMMENTS}</main>{MOST_READ}{footer(story)}</body>"""
    return head, body, dict(date=True, authors=True, section=True)


def divsoup(story):
    """OpenGraph and article:* meta only; bootstrap-like div soup; body split around an advert; teasers."""
    head = f"""<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{E(story['title'])} - {E(story['site'])}</title>
<meta property="og:title" content="{E(story['title'])} | {E(story['site'])}"><meta property="og:site_name" content="{E(story['site'])}">
<meta property="og:url" content="https://{story['host']}/{story['slug']}.html">
<meta property="article:published_time" content="{iso(story)}"><meta property="article:section" content="{E(story['section'])}">
{"".join(f'<meta name="author" content="{E(a)}">' for a in story['authors'][:1])}"""
    items = list(body_items(story))
    half = len(items) // 2
    first = dict(story, body=story["body"][:half])
    second = dict(story, body=story["body"][half:])
    teasers = "".join(f'<div class="teaser-card"><h4><a href="/t{i}">Another story headline number {i}</a></h4>'
                      f'<p>A short summary of another story that the site wants you to read next, number {i}.</p></div>'
                      for i in range(1, 4))
    body = f"""<body><div id="wrapper" class="container"><div class="top-bar"><a href="/login">Log in</a> | <a href="/subscribe">Subscribe</a></div>
<div class="menu"><a href="/">Home</a> <a href="/local">Local</a> <a href="/weather">Weather</a></div>
<div class="row"><div class="col-md-8"><div class="headline-wrap"><h1 class="headline">{E(story['title'])}</h1></div>
<div class="meta-line"><span class="author-name">{E(byline(story))}</span> <span class="pub-date">{long_date(story)}</span></div>
<div class="story-text">{render_body(first)}</div>
<div class="ad-slot"><span>Advertisement</span><div id="div-gpt-ad-1"></div></div>
<div class="story-text">{render_body(second)}</div>
<div class="tags">Tags: <a href="/t/a">local</a>, <a href="/t/b">news</a></div></div>
<div class="col-md-4"><div class="more-stories">{teasers}</div></div></div>
<div class="footer-links"><a href="/terms">Terms</a> <a href="/cookies">Cookies</a> <p>Copyright {E(story['site'])} 2024</p></div></div></body>"""
    return head, body, dict(date=True, authors=bool(story["authors"]), section=True)


def table_layout(story):
    """A 1990s table layout in windows-1252, paragraphs split by <br><br>, title only in <title>."""
    head = f"""<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>{E(story['site'])} - {E(story['title'])}</title>"""
    nav = "".join(f'<a href="/{s}.html"><font size="2">{s.title()}</font></a><br>' for s in
                  ["home", "news", "sport", "letters", "weather", "archive"])
    by = f"<font size=\"2\"><b>By {E(byline(story).upper())}</b></font><br>" if story["authors"] else ""
    body = f"""<body bgcolor="#ffffff"><table width="760" border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="2"><img src="/masthead.gif" alt="{E(story['site'])}"></td></tr>
<tr><td width="140" valign="top" bgcolor="#eeeeee">{nav}</td>
<td valign="top"><font face="Arial" size="4"><b>{E(story['title'])}</b></font><br>{by}
<font size="2">Published: {long_date(story)}</font><br><br>
<font face="Arial" size="3">{render_body(story, breaks=True)}</font>
<hr><font size="1"><a href="/index.html">Back to front page</a> | <a href="/archive.html">Archive</a></font></td></tr>
<tr><td colspan="2" align="center"><font size="1">Copyright &copy; {E(story['site'])}. Reproduction forbidden.</font></td></tr></table></body>"""
    return head, body, dict(date=True, authors=bool(story["authors"]), section=False, encoding="windows-1252")


def amp(story):
    """AMP-style: ⚡ html, top-level JSON-LD, amp-img, amp-ad, amp-social-share, sidebar menu."""
    head = f"""<meta charset="utf-8"><title>{E(story['title'])}</title>
<link rel="canonical" href="https://{story['host']}/{story['slug']}">{json_ld(story)}
<style amp-custom>body{{font-family:serif}}</style>"""
    body = f"""<body><amp-sidebar id="menu" layout="nodisplay"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></amp-sidebar>
<header class="amp-header"><a href="/">{E(story['site'])}</a></header>
<article class="amp-article"><h1 class="amp-title">{E(story['title'])}</h1>
<div class="amp-meta"><span class="amp-byline">{E(byline(story))}</span></div>
<amp-img src="/photo.jpg" width="600" height="400" layout="responsive" alt="photo"></amp-img>
<figure><figcaption>The scene on the day. Photo: Staff photographer</figcaption></figure>
<div class="amp-article-content">{render_body(story, insert='<amp-ad width="300" height="250" type="doubleclick"><div fallback>Advertisement</div></amp-ad>')}</div>
<amp-social-share type="twitter"></amp-social-share><amp-social-share type="email"></amp-social-share>
</article><footer class="amp-footer"><p>&copy; {E(story['site'])}</p><a href="/privacy">Privacy</a></footer></body>"""
    return head, body, dict(date=True, authors=bool(story["authors"]), section=True)


PAYWALL_LIMIT = 3


def paywall(story):
    """A paywall teaser: only the first paragraphs, then a subscription box."""
    head = f"""<meta charset="utf-8"><title>{E(story['title'])} | {E(story['site'])}</title>{json_ld(story)}
<meta property="og:title" content="{E(story['title'])}">"""
    body = f"""<body>{NAV}<div class="page"><article><h1>{E(story['title'])}</h1>
<p class="byline">{('By ' + E(byline(story))) if story['authors'] else ''}</p>
<section class="article-content">{render_body(story, limit=PAYWALL_LIMIT)}</section>
<div class="paywall-prompt"><h3>Subscribe to continue reading</h3><p>This article is for subscribers only. Get unlimited
access to local journalism from just one pound a week for your first three months.</p><a class="btn" href="/subscribe">Subscribe now</a>
<p>Already a subscriber? <a href="/login">Log in</a></p></div></article>{NEWSLETTER}</div>{footer(story)}</body>"""
    return head, body, dict(date=True, authors=bool(story["authors"]), section=True, limit=PAYWALL_LIMIT)


def microdata(story):
    """schema.org microdata (itemprop), ISO-8859-15 declared by http-equiv, breadcrumbs, newsletter box in the body."""
    head = f"""<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">
<title>{E(story['title'])} :: {E(story['site'])}</title>"""
    authors = " and ".join(f'<span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">{E(a)}</span></span>'
                           for a in story["authors"])
    body = f"""<body><div id="page"><div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/s">{E(story['section'])}</a></div>
<div itemscope itemtype="https://schema.org/NewsArticle" class="post">
<h1 itemprop="headline">{E(story['title'])}</h1>
<p class="post-meta">{('By ' + authors + ' | ') if story['authors'] else ''}<time itemprop="datePublished" datetime="{story['date']}">{long_date(story)}</time></p>
<div itemprop="articleBody" class="entry-content">{render_body(story, insert=NEWSLETTER)}</div>
<div class="post-tags">Filed under: <a href="/tag/x">{E(story['section'])}</a></div></div>
{COMMENTS}<div id="footer"><p>{E(story['site'])} is published by Example Media Ltd.</p></div></div></body>"""
    return head, body, dict(date=True, authors=bool(story["authors"]), section=False, encoding="iso-8859-15")


def utf16(story):
    """UTF-16 with a BOM; <main> and <section>s; og meta; a 'read more' list after the story."""
    head = f"""<meta charset="utf-16"><title>{E(story['title'])}</title>
<meta property="og:title" content="{E(story['title'])}"><meta property="article:published_time" content="{story['date']}">"""
    body = f"""<body>{NAV}<main id="main-content"><h1>{E(story['title'])}</h1><section class="article-section">{render_body(story)}</section>
<section class="read-more"><h2>Read more</h2><ul><li><a href="/1">Earlier coverage of this story</a></li><li><a href="/2">What the council said</a></li></ul></section></main>
{footer(story)}</body>"""
    return head, body, dict(date=True, authors=False, section=False, encoding="utf-16")


TEMPLATES = [modern, divsoup, table_layout, amp, paywall, microdata, utf16]


def write_page(out_dir, story, template):
    head, body, states = template(story)
    name = f"{template.__name__}-{story['slug']}"
    page = f'<!DOCTYPE html>\n<html lang="en"><head>{head}</head>\n{body}\n</html>\n'
    encoding = states.get("encoding", "utf-8")
    data = page.encode("utf-16") if encoding == "utf-16" else page.encode(encoding)
    with open(os.path.join(out_dir, name + ".html"), "wb") as f:
        f.write(data)
    expected = {"title": story["title"], "body": expected_body(story, states.get("limit")),
                "date": story["date"] if states.get("date") else None,
                "authors": story["authors"] if states.get("authors") and story["authors"] else None,
                "section": story["section"] if states.get("section") else None}
    with open(os.path.join(out_dir, name + ".expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main():
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pages")
    os.makedirs(out_dir, exist_ok=True)
    # Each story in three styles, rotating, so every style carries several stories.
    for i, story in enumerate(STORIES):
        for k in range(3):
            write_page(out_dir, story, TEMPLATES[(i + k * 3) % len(TEMPLATES)])


if __name__ == "__main__":
    main()
