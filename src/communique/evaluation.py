"""Scoring the coder against gold sets (formats of ``shared/eval``, see its README).

Two kinds of gold:

* **anchor gold** (``seeds_gold.jsonl``): per sentence of an article, a list of gold events with
  acceptable alternatives; an emitted event belongs to a record when its evidence sentence
  contains the record's anchor. Required events count for recall; events matching nothing in
  their sentence (or from sentences with no record) are false positives.
* **record gold** (PETRARCH-style suites, PLOVER GSR, ConfliBERT): one sentence per record with
  its expected events; ``null`` fields are not scored.

The headline metric is F1 at *dyad + root*: source country, target country and 2-digit CAMEO
root must match (a symmetric gold event matches either direction). The *strict* level also
requires the full code and the sectors.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from communique.models import ORG_PREFIXES, Article, Event


def normalize_text(text: str) -> str:
    """Lowercase, strip accents, fold quotes and whitespace (for anchor matching)."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def _prefix_ok(value: str | None, options: Iterable[str]) -> bool:
    value = (value or "").upper()
    for option in options:
        option = option.upper()
        if option.startswith("---"):
            if value[3:].startswith(option[3:]):
                return True
        elif value.startswith(option):
            return True
    return False


def _alt_matches(event: Event, alt: dict) -> bool:
    def one(src: str, tgt: str) -> bool:
        return (_prefix_ok(src, alt["source"]) and _prefix_ok(tgt, alt["target"])
                and any(event.cameo.startswith(c) for c in alt["code"]))

    src = event.source.code if event.source else ""
    tgt = event.target.code if event.target else ""
    return one(src, tgt) or (bool(alt.get("symmetric")) and one(tgt, src))


@dataclass
class SeedScore:
    """Result of scoring anchor gold."""

    required: int = 0
    found: int = 0
    false_positives: int = 0
    events: int = 0
    date_checks: int = 0
    dates_right: int = 0
    misses: list[str] = field(default_factory=list)
    fp_lines: list[str] = field(default_factory=list)
    date_lines: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line with the headline numbers."""
        return (f"required found {self.found}/{self.required}, false positives {self.false_positives}, "
                f"events {self.events}, event dates right {self.dates_right}/{self.date_checks}")


def score_anchor_gold(gold: list[dict], events_by_article: dict[str, list[Event]]) -> SeedScore:
    """Score events (keyed by article file name) against anchor-format gold records."""
    score = SeedScore()
    claimed: set[str] = set()
    for article, events in events_by_article.items():
        score.events += len(events)
    for record in gold:
        anchor = normalize_text(record["anchor"])
        here = [e for e in events_by_article.get(record["article"], []) if anchor in normalize_text(e.evidence)]
        claimed.update(e.id for e in here)
        for gold_event in record["events"]:
            hits = [e for e in here for alt in gold_event["any_of"] if _alt_matches(e, alt)]
            if gold_event.get("required"):
                score.required += 1
                if hits:
                    score.found += 1
                else:
                    score.misses.append(f"MISS {record['id']}: {gold_event.get('note', '')} | {record['anchor']}")
            if hits and gold_event.get("event_date"):
                score.date_checks += 1
                dates = {e.date.isoformat() for e in hits if e.date}
                if gold_event["event_date"] in dates:
                    score.dates_right += 1
                else:
                    score.date_lines.append(f"DATE {record['id']}: want {gold_event['event_date']}, got {sorted(dates)}")
        for e in here:
            if not any(_alt_matches(e, alt) for ge in record["events"] for alt in ge["any_of"]):
                score.false_positives += 1
                score.fp_lines.append(f"FP {record['id']}: {_event_line(e)}")
    for article, events in events_by_article.items():
        for e in events:
            if e.id not in claimed:
                score.false_positives += 1
                score.fp_lines.append(f"FP (no gold sentence) {article}: {_event_line(e)} | {e.evidence[:90]}")
    return score


def _event_line(e: Event) -> str:
    src = e.source.code if e.source else "-"
    tgt = e.target.code if e.target else "-"
    return f"{src} {e.cameo} {tgt} ({e.modality})"


def load_jsonl(path: str | Path) -> list[dict]:
    """Read a JSON-lines gold file."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def code_seed_articles(seeds_dir: Path, names: Iterable[str], model: str | None = None) -> dict[str, list[Event]]:
    """Code the seed article files ``names`` in ``seeds_dir`` and return their events by file name."""
    from communique.ingest import read_inputs
    from communique.pipeline import code_articles

    by_path: dict[str, str] = {}
    articles: list[Article] = []
    for item in read_inputs([str(seeds_dir / n) for n in sorted(set(names))]):
        if isinstance(item, Article):
            articles.append(item)
            by_path[item.id] = Path(item.origin.split(":")[0]).name
    out: dict[str, list[Event]] = {n: [] for n in names}
    for result in code_articles(articles, model=model):
        out[by_path[result.article.id]] = result.events
    return out


def score_seeds(gold_path: Path, seeds_dir: Path, model: str | None = None) -> SeedScore:
    """Code the seed articles and score them against ``seeds_gold.jsonl``."""
    gold = load_jsonl(gold_path)
    events = code_seed_articles(seeds_dir, {g["article"] for g in gold}, model)
    return score_anchor_gold(gold, events)


@dataclass
class RecordScore:
    """Precision/recall counts at two levels for record gold, per root, with a confusion table."""

    name: str = ""
    records: int = 0
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    # root (CAMEO 2-digit root, or PLOVER type for PLOVER gold) -> Counter(tp, fp, fn)
    per_root: dict[str, Counter] = field(default_factory=dict)
    # (gold root, coded root) for gold events missed at dyad+root level: the coded root is that
    # of an event with the right dyad, "none" when nothing was coded for the sentence, "other
    # dyad" when events were coded but none between the gold actors
    confusion: Counter = field(default_factory=Counter)
    typed_records: int = 0      # records with an annotated event type
    type_right: int = 0         # ... where some coded event has that type
    errors: list[str] = field(default_factory=list)

    def prf(self, level: str = "root") -> tuple[float, float, float]:
        """(precision, recall, F1) at ``level`` ("root" or "strict")."""
        return _prf(self.tp[level], self.fp[level], self.fn[level])

    def type_accuracy(self) -> float:
        """Share of records whose annotated event type (PLOVER type or CAMEO root) is among
        the types coded for the sentence, whatever the actors."""
        return self.type_right / self.typed_records if self.typed_records else 0.0


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


# Country codes some gold sets use that are not ISO 3166 alpha-3 (the PLOVER GSR's coders wrote
# JAP for Japan, ITL for Italy and VTN for Vietnam): compared as the ISO code they stand for.
GOLD_COUNTRY_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


def _gold_code(code: str) -> str:
    """A gold actor code with its country part in ISO form."""
    code = code.upper()
    return GOLD_COUNTRY_ALIASES.get(code[:3], code[:3]) + code[3:]


def _actor_matches(mine: str | None, gold: str | None, strict: bool) -> bool:
    if gold is None:
        return True
    mine = (mine or "").upper()
    gold = _gold_code(gold)
    if gold.startswith("---"):
        return not strict or mine[3:].startswith(gold[3:])
    return mine.startswith(gold) if strict else mine[:3] == gold[:3]


def _event_matches(e: Event, g: dict, strict: bool) -> bool:
    return _type_matches(e, g, strict) and _dyad_matches(e, g, strict)


def _type_matches(e: Event, g: dict, strict: bool = False) -> bool:
    code = g.get("code")
    if code is not None:
        return e.cameo == str(code) if strict else e.cameo[:2] == str(code)[:2]
    if g.get("plover"):
        return e.plover == g["plover"]
    return True


def _dyad_matches(e: Event, g: dict, strict: bool) -> bool:
    src = e.source.code if e.source else None
    tgt = e.target.code if e.target else None
    return _actor_matches(src, g.get("source"), strict) and _actor_matches(tgt, g.get("target"), strict)


def _gold_root(g: dict) -> str:
    return str(g["code"])[:2] if g.get("code") else str(g.get("plover") or "?")


def _coded_root(e: Event, plover_gold: bool) -> str:
    return (e.plover or "(no type)") if plover_gold else e.cameo_root


# Events the text says did not happen ("failed to reach an agreement", "did not attend") are
# stored with their modality, but a gold set lists events that took place: not scored.
UNSCORED_MODALITIES = frozenset({"negated"})


def score_records(records: list[dict], coded: dict[str, list[Event]], name: str = "") -> RecordScore:
    """Score events coded per record id against the records' expected events (events coded
    as negated are left out: see :data:`UNSCORED_MODALITIES`)."""
    score = RecordScore(name=name)
    for r in records:
        score.records += 1
        mine = [e for e in coded.get(str(r["id"]), []) if e.modality not in UNSCORED_MODALITIES]
        expected = [g for g in r.get("expected", []) if any(g.get(k) for k in ("source", "target", "code", "plover"))]
        plover_gold = any(not g.get("code") and g.get("plover") for g in expected)
        typed = [g for g in expected if g.get("code") or g.get("plover")]
        if typed:
            score.typed_records += 1
            score.type_right += any(_type_matches(e, g) for g in typed for e in mine)
        for level, strict in (("root", False), ("strict", True)):
            used = _match_gold(score, r, expected, mine, level, strict)
            extra = [e for i, e in enumerate(mine) if i not in used]
            score.fp[level] += len(extra)
            if level == "root":
                for e in extra:
                    score.per_root.setdefault(_coded_root(e, plover_gold), Counter())["fp"] += 1
                    score.errors.append(f"FP {r['id']}: {_event_line(e)} | {r['text'][:120]}")
    return score


def _match_gold(score: RecordScore, r: dict, expected: list[dict], mine: list[Event], level: str,
                strict: bool) -> set[int]:
    """Match each gold event of one record to a coded event; count tp/fn; the indexes used."""
    used: set[int] = set()
    plover_gold = any(not g.get("code") and g.get("plover") for g in expected)
    for g in expected:
        hit = next((i for i, e in enumerate(mine) if i not in used and _event_matches(e, g, strict)), None)
        if hit is not None:
            used.add(hit)
            score.tp[level] += 1
            if level == "root":
                score.per_root.setdefault(_gold_root(g), Counter())["tp"] += 1
            continue
        score.fn[level] += 1
        if level != "root":
            continue
        root = _gold_root(g)
        score.per_root.setdefault(root, Counter())["fn"] += 1
        same_dyad = [e for e in mine if _dyad_matches(e, g, False)]
        coded = _coded_root(same_dyad[0], plover_gold) if same_dyad else ("other dyad" if mine else "none")
        score.confusion[(root, coded)] += 1
        score.errors.append(f"MISS {r['id']}: want {g.get('source')} {g.get('code') or g.get('plover')} "
                            f"{g.get('target')} | {r['text'][:120]}")
    return used


def per_root_lines(score: RecordScore) -> list[str]:
    """A per-root table (tp, fp, fn, P, R, F1), most frequent gold roots first."""
    lines = [f"  {'root':<10} {'gold':>5} {'tp':>4} {'fp':>4} {'fn':>4}   {'P':>5} {'R':>5} {'F1':>5}"]
    for root, c in sorted(score.per_root.items(), key=lambda kv: (-(kv[1]['tp'] + kv[1]['fn']), kv[0])):
        p, rec, f = _prf(c["tp"], c["fp"], c["fn"])
        lines.append(f"  {root:<10} {c['tp'] + c['fn']:>5} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4}   "
                     f"{p:>5.2f} {rec:>5.2f} {f:>5.2f}")
    return lines


def confusion_lines(score: RecordScore, top: int = 25) -> list[str]:
    """What the coder gave instead, for missed gold events: (gold root -> coded root, count)."""
    lines = ["  missed gold root -> what was coded for that dyad (none: nothing coded for the sentence)"]
    for (gold, coded), n in score.confusion.most_common(top):
        lines.append(f"  {gold:<10} -> {coded:<12} {n:>4}")
    return lines


def code_records(records: list[dict], model: str | None = None, coder=None) -> dict[str, list[Event]]:
    """Code each record's text as a one-sentence article; events keyed by record id."""
    from communique.pipeline import code_articles

    articles = []
    for r in records:
        date = r.get("date_iso") or r.get("date")
        try:
            day = dt.date.fromisoformat(date) if date else None
        except ValueError:
            day = None
        articles.append(Article(id=str(r["id"]), text=r["text"], source=r.get("suite", "eval"), date=day))
    return {res.article.id: res.events for res in code_articles(articles, model=model, coder=coder)}


@dataclass
class ActorScore:
    """Actor accuracy: how often the source and target actors are right."""

    name: str = ""
    records: int = 0
    source_right: int = 0
    source_total: int = 0
    target_right: int = 0
    target_total: int = 0
    coded: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line with the accuracies."""
        def pct(a: int, b: int) -> str:
            return f"{a}/{b} ({a / b:.3f})" if b else "n/a"
        return (f"actors: source {pct(self.source_right, self.source_total)}, "
                f"target {pct(self.target_right, self.target_total)}, records with events {self.coded}/{self.records}")


def _country(code: str | None) -> str:
    code = (code or "").upper()
    return code[:6] if code[:3] in ORG_PREFIXES else code[:3]


def actor_accuracy(records: list[dict], coded: dict[str, list[Event]], name: str = "") -> ActorScore:
    """Per annotated gold event: is its source (target) country the source (target) of some event
    coded for that sentence? Independent of the event code, so it measures the actor stage."""
    score = ActorScore(name=name)
    for r in records:
        score.records += 1
        mine = coded.get(str(r["id"]), [])
        score.coded += bool(mine)
        sources = {_country(e.source.code if e.source else None) for e in mine}
        targets = {_country(e.target.code if e.target else None) for e in mine}
        for g in r.get("expected", []):
            for side, found, key in (("source", sources, "source_right"), ("target", targets, "target_right")):
                if not g.get(side) or g[side].startswith("---"):
                    continue
                setattr(score, f"{side}_total", getattr(score, f"{side}_total") + 1)
                want = _country(_gold_code(g[side]))
                if want in found or (want[:3] == "IGO" and any(f.startswith("IGO") for f in found)):
                    setattr(score, key, getattr(score, key) + 1)
                else:
                    score.errors.append(f"ACTOR {r['id']}: {side} want {g[side]}, got {sorted(found)} | {r['text'][:100]}")
    return score


def _overlaps(a: str, b: str) -> bool:
    a, b = normalize_text(a), normalize_text(b)
    return bool(a) and bool(b) and (a in b or b in a)


def span_accuracy(records: list[dict], coded: dict[str, list[Event]], name: str = "") -> ActorScore:
    """ConfliBERT-style gold (source/target text spans): does the coded event's source (target)
    text overlap a gold source (target) span? Counted over records where an event was coded."""
    score = ActorScore(name=name)
    for r in records:
        score.records += 1
        mine = coded.get(str(r["id"]), [])
        if not mine:
            continue
        score.coded += 1
        gold_src = [s["text"] for s in r.get("spans", []) if s["role"] in ("source", "reciprocal")]
        gold_tgt = [s["text"] for s in r.get("spans", []) if s["role"] in ("target", "reciprocal")]
        event = mine[0]
        for side, gold, actor in (("source", gold_src, event.source), ("target", gold_tgt, event.target)):
            if not gold:
                continue
            setattr(score, f"{side}_total", getattr(score, f"{side}_total") + 1)
            text = actor.text if actor else ""
            if any(_overlaps(text, g) for g in gold):
                setattr(score, f"{side}_right", getattr(score, f"{side}_right") + 1)
            else:
                score.errors.append(f"SPAN {r['id']}: {side} want {gold}, got {text!r} | {r['text'][:100]}")
    return score


def _record_date(raw: str) -> dt.date | None:
    """A gold record's date: YYYY-MM-DD, YYYYMMDD, or the MMDDYY that PETRARCH's tests pass."""
    formats = {10: "%Y-%m-%d", 8: "%Y%m%d", 6: "%m%d%y"}
    try:
        return dt.datetime.strptime(raw, formats[len(raw)]).date() if len(raw) in formats else None
    except ValueError:
        return None


def phrase_accuracy(records: list[dict], extra=None, model: str | None = None) -> ActorScore:
    """Noun-phrase -> actor-code checks (``expected_actor_codes``), e.g. PETRARCH's actor tests."""
    from communique.actors.resolver import resolve_phrase

    score = ActorScore(name="phrases")
    for r in records:
        score.records += 1
        score.source_total += 1
        day = _record_date(r.get("date_iso") or r.get("date") or "")
        found, _ = resolve_phrase(r["text"], day, extra, model)
        got = [a.code for a in found]
        want = list(r["expected_actor_codes"])
        ok = sorted(got) == sorted(want) if r.get("order_insensitive") else got == want
        score.source_right += ok
        score.coded += bool(found)
        if not ok:
            score.errors.append(f"ACTOR {r['id']}: want {want}, got {got} | {r['text']} ({day})")
    return score
