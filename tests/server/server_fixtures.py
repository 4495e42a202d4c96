"""The small hand-made store the server tests run against (imported by conftest and tests)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from communique.models import Actor, Article, Event
from communique.server.run import BackgroundServer as RunningServer  # noqa: F401 - used by the tests
from communique.store import Store

D = dt.date
CUBGOV = Actor("CUBGOV", "CUB", "GOV", "Miguel Díaz-Canel", "Díaz-Canel")
VNMGOV = Actor("VNMGOV", "VNM", "GOV", "Government of Vietnam", "Hanoi")
RUSGOV = Actor("RUSGOV", "RUS", "GOV", "Vladimir Putin", "Putin")
USAGOV = Actor("USAGOV", "USA", "GOV", "Government of the United States", "Washington")

# (article key, date, sentences as (source, target, cameo, plover, quad, goldstein, text))
ARTICLES = [
    ("vaccine", D(2021, 8, 25), [
        (VNMGOV, CUBGOV, "073", "AID", 2, 7.4, "Vietnam donated 5,000 tons of rice to Cuba."),
        (CUBGOV, VNMGOV, "051", "SUPPORT", 1, 3.4, "Díaz-Canel thanked Vietnam for the rice 🍚."),
    ]),
    ("visit", D(2021, 9, 20), [
        (CUBGOV, VNMGOV, "042", "CONSULT", 1, 1.9, "Díaz-Canel visited Hanoi on Monday."),
        (VNMGOV, CUBGOV, "057", "AGREE", 1, 8.0, "Vietnam signed an agreement to buy the Abdala vaccine."),
    ]),
    ("moscow", D(2019, 10, 29), [
        (CUBGOV, RUSGOV, "042", "CONSULT", 1, 1.9, "Díaz-Canel began an official visit to Russia."),
        (RUSGOV, CUBGOV, "061", "COOPERATE", 2, 6.4, "Russia and Cuba signed collaboration agreements."),
    ]),
    ("blockade", D(2021, 6, 1), [
        (CUBGOV, USAGOV, "112", "ACCUSE", 3, -2.0, "Cuba accused Washington of <script>alert(1)</script> lies."),
        (USAGOV, CUBGOV, "163", "SANCTION", 4, -8.0, "The United States kept its embargo on Cuba."),
    ]),
]
EVENTS_TOTAL = sum(len(s) for _, _, s in ARTICLES)


def build_articles() -> list[tuple[Article, list[Event]]]:
    """The ARTICLES as (article, events) pairs, each sentence the evidence of one event."""
    batch = []
    for key, day, sentences in ARTICLES:
        text = " ".join(s[-1] for s in sentences)
        article = Article(id=Article.make_id("test", key), text=text, source="test", title=f"About {key}", date=day)
        events, pos = [], 0
        for i, (src, tgt, cameo, plover, quad, gold, sentence) in enumerate(sentences):
            start = text.index(sentence, pos)
            pos = start + len(sentence)
            events.append(Event(article_id=article.id, sentence_index=i, evidence=sentence,
                                evidence_span=(start, pos), source=src, target=tgt, cameo=cameo,
                                cameo_root=cameo[:2], goldstein=gold, quad_class=quad, plover=plover,
                                date=day, date_precision="day"))
        batch.append((article, events))
    return batch


def make_store(path: Path) -> Path:
    """Write the hand-made articles and events into a new store at ``path``."""
    with Store(path) as store:
        store.add_batch(build_articles())
    return path

