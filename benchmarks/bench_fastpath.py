"""Fast path vs. parse-everything on the same articles: identity of the events, and speed.

Usage::

    python benchmarks/bench_fastpath.py [--corpus reuters21578] [-n 1000] [--repeat 1] [--write]

Codes the first ``n`` articles of a corpus in ``../shared/corpora`` twice in this process,
with every sentence parsed and with the fast path, and compares, article by article, every
field of every event (``Event.to_dict()``: ids, codes, actors, spans, dates, places...).
Prints the differences (there should be none), the CPU time of each path, how many sentences
and tokens went through the model (fully, or parsed and dropped: no trigger, or a trigger but no
possible actor, see ``communique.eventless``), how many resolved actor
mentions the fast path stores (it leaves out the person names of skipped sentences), and
spaCy's own speed on exactly the model work the fast path did (to show our stages are not the
bottleneck).
With ``--repeat R`` both paths run R times, alternately, and the smallest CPU time of each
is reported (on a shared machine other processes inflate CPU time too, by cache and memory
contention, so single runs vary by 10% or more). With ``--write`` a row is appended to
BENCHMARKS.md. Exit code 1 if any article differs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_coding import ROOT, corpus_arguments, load_articles  # noqa: E402


def coded(articles, fast_path: bool):
    """(per-article comparable output, CPU seconds, parser stats) of one path."""
    from communique.events.coder import EventCoder
    from communique.pipeline import article_parser, code_articles

    coder = EventCoder()
    parser = article_parser(coder, None, fast_path)
    parser.stats.parsed_texts = []
    parser.stats.parse_only_texts = []
    start = time.process_time()
    out = [(r.article.id, [e.to_dict() for e in r.events], [m for m in r.mentions if m.resolved], r.error)
           for r in code_articles(articles, coder=coder, parser=parser)]
    return out, time.process_time() - start, parser.stats


def spacy_speed(full_texts: list[str], parse_texts: list[str]) -> tuple[int, float]:
    """Tokens and CPU seconds of spaCy alone (one sentence per Doc, as the pipeline runs it)
    doing the fast path's model work: the whole pipeline on ``full_texts``, all but the entity
    recognizer on ``parse_texts``."""
    from communique.nlp import get_nlp

    nlp = get_nlp()
    start = time.process_time()
    tokens = sum(len(d) for d in nlp.pipe(full_texts, batch_size=64))
    tokens += sum(len(d) for d in nlp.pipe(parse_texts, batch_size=64, disable=["ner"]))
    return tokens, time.process_time() - start


def compare(full, fast) -> list[str]:
    """One line per article whose events differ between the paths."""
    lines = []
    for (aid, ev_a, _, err_a), (_, ev_b, _, err_b) in zip(full, fast):
        if ev_a != ev_b:
            lines.append(f"{aid}: events differ ({len(ev_a)} parse-everything, {len(ev_b)} fast path)")
        elif err_a != err_b:
            lines.append(f"{aid}: errors differ ({err_a!r} vs {err_b!r})")
    return lines


def _repeat_option(parser) -> None:
    parser.add_argument("--repeat", type=int, default=1, help="runs of each path (alternating); the fastest counts")


def main() -> int:
    args = corpus_arguments(__doc__, 1000, _repeat_option)
    if args is None:
        return 0
    from communique.nlp import get_nlp

    get_nlp()
    articles = list(load_articles(args.corpus, args.n))
    coded(articles[:5], True)  # warm caches (gazetteer, office holders, lexicon)
    full_times, fast_times, differences = [], [], []
    for _ in range(max(args.repeat, 1)):
        full, full_s, full_stats = coded(articles, False)
        fast, fast_s, fast_stats = coded(articles, True)
        full_times.append(full_s)
        fast_times.append(fast_s)
        differences = differences or compare(full, fast)
    full_s, fast_s = min(full_times), min(fast_times)
    spacy_tokens, spacy_s = spacy_speed(fast_stats.parsed_texts, fast_stats.parse_only_texts)
    result = {
        "corpus": args.corpus, "articles": len(articles), "events": sum(len(x[1]) for x in full),
        "resolved_mentions": sum(len(x[2]) for x in full), "resolved_mentions_fast": sum(len(x[2]) for x in fast),
        "articles_differing": len(differences),
        "sentences": full_stats.sentences, "parsed_fast": fast_stats.parsed, "parse_only_fast": fast_stats.parse_only,
        "cached_full": getattr(full_stats, "cached", 0), "cached_fast": getattr(fast_stats, "cached", 0),
        "tokens_full": full_stats.parsed_tokens, "tokens_fast": fast_stats.parsed_tokens,
        "tokens_parse_only_fast": fast_stats.parse_only_tokens,
        "eventless_fast": getattr(fast_stats, "eventless", 0), "tokens_eventless_fast": getattr(fast_stats, "eventless_tokens", 0),
        "cpu_s_full": round(full_s, 2), "cpu_s_fast": round(fast_s, 2), "speedup": round(full_s / fast_s, 2),
        "fast_tokens_per_cpu_s": round(spacy_tokens / fast_s),
        "spacy_alone_tokens_per_cpu_s": round(spacy_tokens / spacy_s),
        "cpu_s_full_runs": [round(t, 2) for t in full_times], "cpu_s_fast_runs": [round(t, 2) for t in fast_times],
        "load_average": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(result, indent=2))
    for line in differences[:50]:
        print("DIFF", line)
    if args.write:
        with open(ROOT / "BENCHMARKS.md", "a", encoding="utf-8") as fh:
            fh.write(markdown_row(result) + "\n")
    return 1 if differences else 0


def markdown_row(r: dict) -> str:
    """One row of the fast-path table in BENCHMARKS.md."""
    return (f"| {dt.date.today()} | {r['corpus']} | {r['articles']} | {r['events']} | {r['articles_differing']} | "
            f"{r['parsed_fast']}/{r['sentences']} ({r['tokens_fast'] / max(r['tokens_full'], 1):.0%} of tokens), "
            f"{r['parse_only_fast']} parsed only ({r['tokens_parse_only_fast'] / max(r['tokens_full'], 1):.0%}; "
            f"{r.get('eventless_fast', 0)} with a trigger but no actor) | "
            f"{r['cpu_s_full']:.1f} | {r['cpu_s_fast']:.1f} | {r['speedup']:.2f}x | "
            f"{r['fast_tokens_per_cpu_s']:,} | {r['spacy_alone_tokens_per_cpu_s']:,} | {platform.machine()}, "
            f"load average {r['load_average']:.1f}{_runs(r)} |")


def _runs(r: dict) -> str:
    runs = len(r.get("cpu_s_full_runs", ()))
    return f", fastest of {runs} runs" if runs > 1 else ""


if __name__ == "__main__":
    sys.exit(main())
