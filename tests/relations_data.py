"""A small store of known relations events, shared by the analysis, report and export tests.

Unique events (``MENTIONS`` counts the articles reporting the consultation):

=========== ======= ======= ===== ===== ====== ==========
date        source  target  cameo quad  gold   note
=========== ======= ======= ===== ===== ====== ==========
2018-05-10  CUBGOV  RUSGOV  042   1     +1.9
2018-06-01  RUSGOV  CUBGOV  173   4     -5.0
2021-08-03  CUBGOV  VNMGOV  042   1     +1.9   3 articles
2021-08-10  RUSGOV  VNMGOV  042   1     +1.9
2021-08-20  VNMGOV  CUBGOV  070   2     +7.0
2021-09-01  USAGOV  CUBGOV  163   4     -8.0
2021-09-05  CUBGOV  MEXGOV  042   1     +1.9
2021-09-15  CUBGOV  VNMGOV  057   1     +8.0
2021-09-20  VNMGOV  CUBGOV  111   3     -2.0   evidence holds HTML
(none)      CUBGOV  VNMGOV  036   1     +4.0   future, undated
=========== ======= ======= ===== ===== ====== ==========

Left out of every analysis: a negated CUB-VNM event, a domestic CUBGOV-CUBOPP event and an
event without a target.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from communique.models import Actor, Article, Event
from communique.store import Store

D = dt.date

ACTORS = {
    "CUBGOV": Actor("CUBGOV", "CUB", "GOV", "Government of Cuba", "Havana"),
    "CUBOPP": Actor("CUBOPP", "CUB", "OPP", "Cuban opposition", "the opposition"),
    "RUSGOV": Actor("RUSGOV", "RUS", "GOV", "Government of Russia", "Moscow"),
    "VNMGOV": Actor("VNMGOV", "VNM", "GOV", "Government of Vietnam", "Hanoi"),
    "USAGOV": Actor("USAGOV", "USA", "GOV", "Government of the United States", "Washington"),
    "MEXGOV": Actor("MEXGOV", "MEX", "GOV", "Government of Mexico", "Mexico City"),
}
MENTIONS = 3
SCRIPT_EVIDENCE = "Hanoi criticised <script>alert('x')</script> Havana's handling of the talks."

# (date, source, target, cameo, quad, goldstein, plover, modality, evidence)
ROWS = [
    (D(2018, 5, 10), "CUBGOV", "RUSGOV", "042", 1, 1.9, "CONSULT", "asserted",
     "Havana's foreign minister travelled to Moscow for talks with Russian officials."),
    (D(2018, 6, 1), "RUSGOV", "CUBGOV", "173", 4, -5.0, "COERCE", "asserted",
     "Moscow detained a Cuban trade delegation at the airport."),
    (D(2021, 8, 10), "RUSGOV", "VNMGOV", "042", 1, 1.9, "CONSULT", "asserted",
     "Moscow sent a delegation to Hanoi for consultations."),
    (D(2021, 8, 20), "VNMGOV", "CUBGOV", "070", 2, 7.0, "AID", "asserted",
     "Hanoi shipped 5,000 tonnes of rice to Havana as aid."),
    (D(2021, 9, 1), "USAGOV", "CUBGOV", "163", 4, -8.0, "REDUCE", "asserted",
     "Washington imposed new sanctions on Havana."),
    (D(2021, 9, 5), "CUBGOV", "MEXGOV", "042", 1, 1.9, "CONSULT", "asserted",
     "Havana's envoy met officials in Mexico City."),
    (D(2021, 9, 15), "CUBGOV", "VNMGOV", "057", 1, 8.0, "AGREE", "asserted",
     "Havana and Hanoi signed a trade agreement."),
    (D(2021, 9, 20), "VNMGOV", "CUBGOV", "111", 3, -2.0, "DISAPPROVE", "asserted", SCRIPT_EVIDENCE),
    (None, "CUBGOV", "VNMGOV", "036", 1, 4.0, "CONSULT", "future",
     "Havana said it will meet Hanoi's leaders soon."),
    # left out of the analyses:
    (D(2021, 9, 21), "CUBGOV", "VNMGOV", "042", 1, 1.9, "CONSULT", "negated",
     "Havana's envoy failed to meet officials in Hanoi."),
    (D(2021, 9, 22), "CUBGOV", "CUBOPP", "042", 1, 1.9, "CONSULT", "asserted",
     "Havana met the opposition."),
    (D(2021, 9, 23), "CUBGOV", None, "010", 1, 0.0, "OTHER", "asserted",
     "Havana made a statement."),
]
CONSULT_EVIDENCE = "Havana's foreign minister met Hanoi's leaders for talks (report {n})."


def _event(article: Article, date: dt.date | None, source: str, target: str | None, cameo: str, quad: int,
           goldstein: float, plover: str, modality: str) -> Event:
    return Event(article_id=article.id, sentence_index=0, evidence=article.text, evidence_span=(0, len(article.text)),
                 source=ACTORS[source], target=ACTORS[target] if target else None, cameo=cameo,
                 cameo_root=cameo[:2], goldstein=goldstein, quad_class=quad, plover=plover,
                 plover_mode="", modality=modality, date=date, date_precision="day" if date else "none")


def relations_batch() -> list[tuple[Article, list[Event]]]:
    """Articles with one event each, the CUB-VNM consultation reported by three of them."""
    batch = []
    for n in range(MENTIONS):
        text = CONSULT_EVIDENCE.format(n=n + 1)
        article = Article(id=Article.make_id("wire", text), text=text, source="wire", url=f"https://example.org/{n}",
                          title=f"Talks in Hanoi ({n + 1})", date=D(2021, 8, 3 + n))
        batch.append((article, [_event(article, D(2021, 8, 3), "CUBGOV", "VNMGOV", "042", 1, 1.9, "CONSULT",
                                       "asserted")]))
    for date, source, target, cameo, quad, goldstein, plover, modality, text in ROWS:
        article = Article(id=Article.make_id("wire", text), text=text, source="wire", title=text[:30], date=date)
        batch.append((article, [_event(article, date, source, target, cameo, quad, goldstein, plover, modality)]))
    return batch


def build_relations_store(path: Path | str) -> Path:
    """Write the relations events into a new store file at ``path`` and return the path."""
    with Store(path) as store:
        store.add_batch(relations_batch())
    return Path(path)
