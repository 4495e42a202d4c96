"""Where the coding time goes: each spaCy component vs. our own stages (CPU seconds).

Usage::

    python benchmarks/profile_coding.py [--corpus reuters21578] [-n 200] [--write]

On the first ``n`` articles: tokenizing and sentence splitting, the fast path's sentence
selection, each spaCy component run on every sentence (as parse-everything does) and on the
sentences the fast path processes (all components on those it processes fully, all but the
entity recognizer on those it parses and drops), copying annotations back, actor resolution
(:class:`ArticleActors`) and event coding. CPU time (``time.process_time``), so other work on
the machine inflates the numbers less than wall time would. ``--write`` appends the table to
BENCHMARKS.md.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_coding import ROOT, corpus_arguments, load_articles  # noqa: E402


def clock(fn, *args):
    """(result, CPU seconds) of ``fn(*args)``."""
    start = time.process_time()
    out = fn(*args)
    return out, time.process_time() - start


def component_times(nlp, texts: list[str], parse_only: list[str] = ()) -> dict[str, float]:
    """CPU seconds of each pipeline component over ``texts`` (one Doc per sentence), and of
    each but the entity recognizer over ``parse_only`` (sentences parsed and dropped)."""
    times: dict[str, float] = {}
    for group, skip in ((texts, ()), (list(parse_only), ("ner",))):
        docs, spent = clock(lambda g=group: [nlp.make_doc(t) for t in g])
        times["tokenizer (sentence docs)"] = times.get("tokenizer (sentence docs)", 0.0) + spent
        for name, proc in nlp.pipeline:
            if name in skip:
                times.setdefault(name, 0.0)
                continue
            docs, spent = clock(lambda d=docs, p=proc: list(p.pipe(d, batch_size=64)))
            times[name] = times.get(name, 0.0) + spent
    return times


def profile(corpus: str, n: int) -> list[tuple[str, float, float]]:
    """Rows (stage, parse-everything seconds, fast-path seconds)."""
    from communique.actors.resolver import ArticleActors
    from communique.events.coder import EventCoder
    from communique.nlp import get_nlp
    from communique.pipeline import article_parser

    nlp = get_nlp()
    articles = list(load_articles(corpus, n))
    coder = EventCoder()
    full, fast = article_parser(coder, None, False), article_parser(coder, None, True)
    full.stats.parsed_texts, fast.stats.parsed_texts = [], []
    list(fast.pipe((a.text, a) for a in articles[:3]))
    fast.stats.parsed_texts, fast.stats.parse_only_texts = [], []
    docs, full_parse = clock(lambda: list(full.pipe((a.text, a) for a in articles)))
    _, fast_parse = clock(lambda: list(fast.pipe((a.text, a) for a in articles)))
    selection = _selection_time(fast, articles)
    rows = [("article pipeline (sentence split, selection, model, merge)", full_parse, fast_parse),
            ("  of which fast-path sentence selection (reading the words)", 0.0, selection)]
    all_times = component_times(nlp, full.stats.parsed_texts)
    fast_times = component_times(nlp, fast.stats.parsed_texts, fast.stats.parse_only_texts)
    rows += [(f"  spaCy {name}", all_times[name], fast_times[name]) for name in all_times]
    _, resolve = clock(lambda: [ArticleActors(d, a.date) for d, a in docs])
    _, coding = clock(lambda: [coder.code_with_mentions(d, a) for d, a in docs])
    rows += [("actor resolution (ArticleActors)", resolve, resolve),
             ("event coding incl. resolution (EventCoder)", coding, coding)]
    return rows


def _selection_time(parser, articles) -> float:
    from communique.fastpath import sentence_bounds

    docs = [parser.nlp.make_doc(a.text) for a in articles]
    bounds = [sentence_bounds(d) for d in docs]
    _, spent = clock(lambda: [parser.selector.first_round(d, b, a.text, a.date)
                              for d, b, a in zip(docs, bounds, articles)])
    return spent


def main() -> int:
    args = corpus_arguments(__doc__, 200)
    if args is None:
        return 0
    rows = profile(args.corpus, args.n)
    lines = [f"#### {dt.date.today()}: {args.corpus}, {args.n} articles (CPU seconds)", "",
             "| stage | parse everything | fast path |", "|---|---:|---:|"]
    lines += [f"| {stage} | {a:.2f} | {b:.2f} |" for stage, a, b in rows]
    print("\n".join(lines))
    if args.write:
        with open(ROOT / "BENCHMARKS.md", "a", encoding="utf-8") as fh:
            fh.write("\n" + "\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
