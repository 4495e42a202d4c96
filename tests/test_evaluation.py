"""Scoring: record gold at dyad+root and strict level, per root, confusion, type accuracy."""

from __future__ import annotations

from communique.evaluation import (
    actor_accuracy,
    confusion_lines,
    per_root_lines,
    score_records,
)
from communique.models import Actor, Event


def event(record_id: str, source: str, target: str, cameo: str, plover: str = "") -> Event:
    def actor(code):
        return Actor(code=code, country=code[:3], sector=code[3:] or None, name=code, text=code)

    return Event(article_id=record_id, sentence_index=0, evidence="s", evidence_span=(0, 1),
                 source=actor(source), target=actor(target), cameo=cameo, cameo_root=cameo[:2],
                 goldstein=0.0, quad_class=1, plover=plover)


RECORDS = [
    {"id": "r1", "text": "one", "expected": [{"source": "CUBGOV", "target": "VNM", "code": "040"}]},
    {"id": "r2", "text": "two", "expected": [{"source": "JPN", "target": "CHN", "code": "111"}]},
    {"id": "r3", "text": "three", "expected": [{"source": "FRA", "target": "DEU", "code": "057"}]},
    {"id": "r4", "text": "four", "expected": [{"source": "KEN", "target": None, "code": "073"}]},
]


def coded():
    return {
        "r1": [event("r1", "CUBGOV", "VNMGOV", "042"), event("r1", "VNM", "CUB", "040")],  # hit + extra
        "r2": [event("r2", "JPN", "CHN", "112")],      # right dyad and root, other 3-digit code
        "r3": [event("r3", "FRA", "DEU", "036")],      # right dyad, wrong root
        # r4: nothing coded
    }


def test_dyad_root_and_strict_counts():
    score = score_records(RECORDS, coded())
    assert (score.tp["root"], score.fp["root"], score.fn["root"]) == (2, 2, 2)
    p, r, f = score.prf("root")
    assert (round(p, 3), round(r, 3), round(f, 3)) == (0.5, 0.5, 0.5)
    # strict: r1 needs CUBGOV->VNM with 040 exactly: the 042 event is not it, r2's 112 is not 111
    assert score.tp["strict"] == 0 and score.fn["strict"] == 4


def test_per_root_confusion_and_type_accuracy():
    score = score_records(RECORDS, coded())
    assert score.per_root["04"] == {"tp": 1, "fp": 1}
    assert score.per_root["05"]["fn"] == 1 and score.per_root["03"]["fp"] == 1
    assert score.confusion[("05", "03")] == 1       # FRA->DEU coded as intent instead of agreement
    assert score.confusion[("07", "none")] == 1     # nothing coded for r4
    assert score.typed_records == 4 and score.type_right == 2
    assert any(line.split()[0] == "04" for line in per_root_lines(score)[1:])
    assert any("05" in line and "03" in line for line in confusion_lines(score))
    assert any(e.startswith("MISS r4") for e in score.errors) and any(e.startswith("FP r1") for e in score.errors)


def test_plover_gold_scores_by_type():
    records = [{"id": "p1", "text": "x", "expected": [{"source": "ISR", "target": "PSE", "code": None,
                                                       "plover": "AGREE"}]}]
    good = {"p1": [event("p1", "ISR", "PSE", "030", plover="AGREE")]}
    bad = {"p1": [event("p1", "ISR", "PSE", "040", plover="CONSULT")]}
    assert score_records(records, good).tp["root"] == 1
    wrong = score_records(records, bad)
    assert wrong.tp["root"] == 0 and wrong.confusion[("AGREE", "CONSULT")] == 1


def test_actor_accuracy_ignores_the_event_code():
    score = actor_accuracy(RECORDS, coded())
    assert (score.source_right, score.source_total) == (3, 4)
    assert (score.target_right, score.target_total) == (3, 3)


def test_legacy_gold_country_codes_compare_as_iso():
    records = [{"id": "j1", "text": "x", "expected": [{"source": "JAPGOV", "target": "ITL", "code": "036"}]}]
    mine = {"j1": [event("j1", "JPNGOV", "ITA", "036")]}
    assert score_records(records, mine).tp["strict"] == 1
    assert actor_accuracy(records, mine).source_right == 1
    # an ISO code that is not the alias still differs
    assert score_records(records, {"j1": [event("j1", "JAM", "ITA", "036")]}).tp["root"] == 0


def test_negated_events_are_not_scored():
    import dataclasses

    records = [{"id": "n1", "text": "x", "expected": [{"source": "ISR", "target": "PSE", "code": "057"}]}]
    negated = dataclasses.replace(event("n1", "ISR", "PSE", "057"), modality="negated")
    score = score_records(records, {"n1": [negated]})
    assert (score.tp["root"], score.fp["root"], score.fn["root"]) == (0, 0, 1)
    asserted = dataclasses.replace(negated, modality="asserted")
    assert score_records(records, {"n1": [asserted]}).tp["root"] == 1
