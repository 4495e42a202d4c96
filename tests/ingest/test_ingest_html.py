"""HTML pages: main text, title, date and URL through trafilatura, offline."""

from __future__ import annotations

import datetime as dt

from communique.models import Article

from .helpers import read_all

PAGE = """<html><head><title>Cuba and Vietnam sign vaccine deal | World News</title>
<meta property="og:title" content="Cuba and Vietnam sign vaccine deal">
<meta property="article:published_time" content="2021-09-22T10:00:00Z">
<link rel="canonical" href="https://example.org/cuba-vietnam"></head>
<body><nav>Home | World | Sport</nav><article><h1>Cuba and Vietnam sign vaccine deal</h1>
<p>HANOI (VNA) – Vietnam agreed on Wednesday to buy 10 million doses of Cuba's Abdala vaccine,
officials said after talks between the two presidents in Havana.</p>
<p>The deal was signed during a visit by President Nguyen Xuan Phuc, the first by a Vietnamese
head of state in years. Both sides pledged to deepen cooperation in trade, health and farming.</p>
</article><footer>Copyright 2021 World News</footer></body></html>"""


def test_html_main_text_title_date_and_url(tmp_path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    (article,), problems = read_all(path)
    assert problems == []
    assert article.title == "Cuba and Vietnam sign vaccine deal"
    assert article.date == dt.date(2021, 9, 22)
    assert article.url == "https://example.org/cuba-vietnam"
    assert article.dateline == "HANOI (VNA) –"
    assert article.text.startswith("Vietnam agreed on Wednesday")
    assert "Both sides pledged" in article.text
    assert "Home | World" not in article.text and "Copyright" not in article.text
    assert (article.source, article.origin) == ("page.html", str(path))
    assert article.id == Article.make_id("page.html", PAGE)


def test_html_page_without_text_is_reported(tmp_path) -> None:
    empty_page = tmp_path / "a.htm"
    empty_page.write_text("<html><head><title>Nothing</title></head><body></body></html>", encoding="utf-8")
    good = tmp_path / "b.htm"
    good.write_text(PAGE, encoding="utf-8")
    articles, (problem,) = read_all(empty_page, good)
    assert [a.origin for a in articles] == [str(good)]
    assert str(problem) == f"{empty_page}: no main text found in the HTML page"
