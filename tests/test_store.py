"""Tests for communique.store (DuckDB event store)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest

from communique import store as store_mod
from communique.models import Actor, Article, Event
from communique.store import BatchResult, Store, StoreError, StoreLockedError

D = dt.date

CUBGOV = Actor("CUBGOV", "CUB", "GOV", "Miguel Díaz-Canel", "Díaz-Canel", "Q1190791")
RUSGOV = Actor("RUSGOV", "RUS", "GOV", "Vladimir Putin", "Putin", None)
RUSLEG = Actor("RUSLEG", "RUS", "LEG", "State Duma", "the Duma")
VNMGOV = Actor("VNMGOV", "VNM", "GOV", "Government of Vietnam", "Hanoi")
CUB = Actor("CUB", "CUB", None, "Cuba", "Cuba")
IGOUNO = Actor("IGOUNO", "IGOUNO", "IGO", "United Nations", "the UN")


def art(key: str, text: str = "", date: dt.date | None = None, **kw) -> Article:
    text = text or f"Article {key}. " * 20
    return Article(id=Article.make_id("test", key), text=text, source="test", date=date, **kw)


def ev(article: Article, sentence_index: int = 0, source: Actor | None = CUBGOV, target: Actor | None = RUSGOV,
       cameo: str = "042", *, evidence: str | None = None, span: tuple[int, int] | None = None, **kw) -> Event:
    """A test event; evidence defaults to a slice of the article text."""
    if span is None:
        span = (sentence_index * 10, sentence_index * 10 + 9)
    if evidence is None:
        evidence = article.text[span[0]:span[1]]
    defaults = dict(cameo_root=cameo[:2], goldstein=1.9, quad_class=1, plover="CONSULT", plover_mode="visit")
    defaults.update(kw)
    return Event(article_id=article.id, sentence_index=sentence_index, evidence=evidence, evidence_span=span,
                 source=source, target=target, cameo=cameo, **defaults)


@pytest.fixture
def db(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        yield s


UNICODE_TEXT = "Díaz-Canel llegó a Moscú — «visita oficial» 🇨🇺🇷🇺. Вьетнам купил 10 млн доз вакцины. 越南购买了疫苗。"


def rich_batch():
    """Several events exercising every field, plus an undated article."""
    a1 = art("a1", date=D(2019, 10, 29), url="http://x/1", title="Visit", dateline="Moscow, Russia.- ", origin="f.txt")
    a2 = art("a2", UNICODE_TEXT, date=D(2021, 6, 20))
    a3 = art("a3")  # undated
    s_end = UNICODE_TEXT.index(".") + 1
    v_start = s_end + 1
    v_end = UNICODE_TEXT.index(".", v_start) + 1
    e1 = ev(a1, 0, CUBGOV, RUSGOV, "042", date=D(2019, 10, 29), date_precision="day", date_text="on Tuesday",
            place={"name": "Moscow", "country": "RUS", "lat": 55.7558, "lon": 37.6173}, trigger="visit",
            confidence=0.875, modality="asserted")
    e2 = ev(a1, 1, None, RUSLEG, "0431", date=D(2019, 10, 30), date_precision="month", modality="future",
            goldstein=2.8, quad_class=1, plover="CONSULT", plover_mode="", plover_context="diplomatic")
    e3 = ev(a1, 1, IGOUNO, None, "112", cameo_root="11", goldstein=-2.0, quad_class=3, plover="ACCUSE",
            modality="negated", date=None)
    e4 = ev(a2, 0, CUBGOV, RUSGOV, "036", evidence=UNICODE_TEXT[:s_end], span=(0, s_end), date=D(2021, 6, 20))
    # narrower span inside the same sentence -> stored as offsets into the shared sentence
    e5 = ev(a2, 0, CUB, RUSGOV, "040", evidence=UNICODE_TEXT[19:24], span=(19, 24), date=D(2021, 6, 20))
    e6 = ev(a2, 1, VNMGOV, CUB, "0611", cameo_root="06", goldstein=6.4, quad_class=2, plover="TRADE",
            evidence=UNICODE_TEXT[v_start:v_end], span=(v_start, v_end), date=D(2021, 6, 21),
            quantity={"value": 10_000_000, "unit": "doses", "note": "ñ", "nested": {"a": [1, 2.5, None]}})
    e7 = ev(a3, 2, RUSGOV, CUBGOV, "057", cameo_root="05", goldstein=3.5, quad_class=1, plover="AGREE")
    return [(a1, [e1, e2, e3]), (a2, [e4, e5, e6]), (a3, [e7])]


def all_events(batch):
    return [e for _, evs in batch for e in evs]


# ---------------------------------------------------------------------------------------------
# round trip, idempotency, persistence


def test_round_trip_equal(db):
    batch = rich_batch()
    res = db.add_batch(batch)
    assert res == BatchResult(articles_added=3, articles_skipped=0, events_added=7)
    got = db.events()
    assert sorted(got, key=lambda e: e.id) == sorted(all_events(batch), key=lambda e: e.id)
    by_id = {e.id: e for e in got}
    for e in all_events(batch):
        g = by_id[e.id]
        assert g == e
        assert type(g.evidence_span) is tuple and type(g.date) in (dt.date, type(None))
    e6 = next(e for e in got if e.cameo == "0611")
    assert e6.quantity["value"] == 10_000_000 and isinstance(e6.quantity["value"], int)
    assert next(e for e in got if e.cameo == "0431").source is None


def test_conflicting_evidence_same_sentence_round_trips(db):
    a = art("conflict", "First sentence here. Second one.")
    e1 = ev(a, 0, evidence="First sentence here.", span=(0, 20))
    # same sentence index, evidence not a slice of the stored sentence
    e2 = ev(a, 0, CUB, RUSGOV, "040", evidence="A paraphrase!", span=(0, 20))
    e3 = ev(a, 0, RUSGOV, CUB, "040", evidence="outside", span=(21, 28))
    db.add_batch([(a, [e1, e2, e3])])
    assert sorted(db.events(), key=lambda e: e.id) == sorted([e1, e2, e3], key=lambda e: e.id)
    assert db.stats()["sentences"] == 1


def test_evidence_view_matches_api(db):
    batch = rich_batch()
    db.add_batch(batch)
    rows = dict(db._con.execute("SELECT id, evidence FROM events_evidence").fetchall())
    assert rows == {e.id: e.evidence for e in all_events(batch)}


def test_sentences_deduplicated(db):
    db.add_batch(rich_batch())
    # a1: sentences 0, 1; a2: 0, 1; a3: 2
    assert db.stats()["sentences"] == 5
    rows = db._con.execute("SELECT count(*), count(DISTINCT (article_id, sentence_index)) FROM sentences").fetchone()
    assert rows[0] == rows[1] == 5


def test_idempotent_re_add(db):
    batch = rich_batch()
    db.add_batch(batch)
    before = db.stats()
    res = db.add_batch(batch)
    assert res == BatchResult(articles_added=0, articles_skipped=3, events_added=0)
    assert db.stats() == before


def test_partial_overlap_and_duplicates_within_batch(db):
    a, b = art("a"), art("b")
    db.add_batch([(a, [ev(a)])])
    e_b = ev(b)
    res = db.add_batch([(a, [ev(a, 3)]), (b, [e_b, e_b]), (b, [ev(b, 4)])])
    assert res == BatchResult(articles_added=1, articles_skipped=2, events_added=1)
    assert db.count_events() == 2
    # a's new event was not added because a was skipped
    assert db.count_events(article_id=a.id) == 1
    assert res + res == BatchResult(2, 4, 2)


def test_empty_batch_and_article_without_events(db):
    assert db.add_batch([]) == BatchResult(0, 0, 0)
    a = art("lonely")
    assert db.add_batch([(a, [])]) == BatchResult(1, 0, 0)
    assert db.has_article(a.id)
    assert db.events() == []


def test_persistence_across_reopen(tmp_path):
    path = tmp_path / "sub" / "p.duckdb"
    batch = rich_batch()
    with Store(path) as s:
        s.add_batch(batch)
        expected = s.events()
    with Store(path, read_only=True) as r:
        assert r.events() == expected
        assert r.stats()["events"] == 7
        with pytest.raises(StoreError, match="read-only"):
            r.add_batch(batch)
    with Store(path) as s:
        assert s.add_batch(batch).articles_skipped == 3
        assert s._con.execute("SELECT version FROM schema_info").fetchall() == [(store_mod.SCHEMA_VERSION,)]


def test_memory_store():
    with Store(":memory:") as s:
        s.add_batch(rich_batch())
        assert s.count_events() == 7
    with pytest.raises(ValueError):
        Store(":memory:", read_only=True)


def test_closed_store_raises(tmp_path):
    s = Store(tmp_path / "c.duckdb")
    s.close()
    s.close()
    assert s.closed
    with pytest.raises(StoreError, match="closed"):
        s.events()


# ---------------------------------------------------------------------------------------------
# articles


def test_article_queries(db):
    batch = rich_batch()
    db.add_batch(batch)
    a1, a2, a3 = (a for a, _ in batch)
    assert db.has_article(a1.id) and not db.has_article("nope")
    assert db.known_article_ids([a1.id, "nope", a3.id, a1.id]) == {a1.id, a3.id}
    assert db.known_article_ids([]) == set()
    listed = list(db.articles())
    assert [r["id"] for r in listed] == [a1.id, a2.id, a3.id]  # by date, undated last
    assert listed[0] == {"id": a1.id, "source": "test", "url": "http://x/1", "title": "Visit",
                         "date": D(2019, 10, 29), "dateline": "Moscow, Russia.- ", "origin": "f.txt"}
    assert "text" not in listed[0]
    assert len(list(db.articles(limit=2))) == 2
    full = db.article(a2.id)
    assert full["text"] == UNICODE_TEXT and full["date"] == D(2021, 6, 20)
    assert isinstance(full["added_at"], dt.datetime)
    assert db.article("nope") is None


def test_known_article_ids_many(db):
    arts = [art(f"k{i}") for i in range(300)]
    db.add_batch([(a, []) for a in arts[::2]])
    assert db.known_article_ids(a.id for a in arts) == {a.id for a in arts[::2]}


# ---------------------------------------------------------------------------------------------
# filters and ordering


@pytest.fixture
def filled(db):
    batch = rich_batch()
    db.add_batch(batch)
    return db, {e.cameo: e for e in all_events(batch)}


def ids(events):
    return {e.cameo for e in events}


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({}, {"042", "0431", "112", "036", "040", "0611", "057"}),
        ({"actor": "CUBGOV"}, {"042", "036", "057"}),
        ({"actor": "CUB"}, {"042", "036", "040", "0611", "057"}),
        ({"actor": "cub"}, {"042", "036", "040", "0611", "057"}),
        ({"actor": "RUSLEG"}, {"0431"}),
        ({"actor": "IGO"}, {"112"}),
        ({"country": "VNM"}, {"0611"}),
        ({"country": "RUS"}, {"042", "0431", "036", "040", "057"}),
        ({"dyad": "CUB-RUS"}, {"042", "036", "040", "057"}),
        ({"dyad": "RUS-CUB"}, {"042", "036", "040", "057"}),
        ({"dyad": "CUB-RUS", "directed": True}, {"042", "036", "040"}),
        ({"dyad": "RUS-CUB", "directed": True}, {"057"}),
        ({"dyad": "vnm-cub"}, {"0611"}),
        ({"code": "04"}, {"042", "0431", "040"}),
        ({"code": "043"}, {"0431"}),
        ({"code": "0431"}, {"0431"}),
        ({"code": "06"}, {"0611"}),
        ({"code": "03"}, {"036"}),
        ({"root": "11"}, {"112"}),
        ({"root": "6"}, {"0611"}),
        ({"since": D(2021, 6, 20)}, {"036", "040", "0611"}),
        ({"until": D(2019, 10, 30)}, {"042", "0431"}),
        ({"since": D(2019, 10, 30), "until": D(2021, 6, 20)}, {"0431", "036", "040"}),
        ({"since": "2021-06-21", "until": "2021-06-21"}, {"0611"}),
        ({"country": "RUS", "code": "04", "until": D(2019, 12, 31)}, {"042", "0431"}),
        ({"actor": "ZZZ"}, set()),
    ],
)
def test_filters(filled, kwargs, expected):
    db, _ = filled
    got = db.events(**kwargs)
    assert ids(got) == expected
    assert db.count_events(**kwargs) == len(got)


def test_filter_by_article(filled):
    db, evs = filled
    a1_id = evs["042"].article_id
    assert ids(db.events(article_id=a1_id)) == {"042", "0431", "112"}
    assert db.events(article_id="missing") == []


def test_ordering_and_paging(filled):
    db, evs = filled
    got = db.events()
    dated = [e for e in got if e.date is not None]
    assert got[: len(dated)] == dated  # undated last
    assert [e.date for e in dated] == sorted(e.date for e in dated)
    keys = [(e.date or D.max, e.article_id, e.sentence_index, e.id) for e in got]
    assert keys == sorted(keys)
    assert {e.cameo for e in got[-2:]} == {"112", "057"}
    # same date and article: sentence index, then id
    same = [e for e in got if e.date == D(2021, 6, 20)]
    assert [e.id for e in same] == sorted(e.id for e in same)
    assert db.events(limit=3) == got[:3]
    assert db.events(limit=3, offset=2) == got[2:5]
    assert db.events(offset=5) == got[5:]
    assert db.events(limit=0) == []


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"dyad": "CUB"}, "dyad"),
        ({"dyad": "CUB-RUS-VNM"}, "dyad"),
        ({"dyad": "CUB RUS"}, "dyad"),
        ({"dyad": "CUB-"}, "dyad"),
        ({"directed": True}, "directed"),
        ({"code": "4a"}, "code"),
        ({"code": "4"}, "code"),
        ({"code": "04211"}, "code"),
        ({"code": ""}, "code"),
        ({"code": "04'; DROP TABLE events; --"}, "code"),
        ({"root": "21"}, "root"),
        ({"root": "x"}, "root"),
        ({"actor": "CUB GOV"}, "actor"),
        ({"actor": ""}, "actor"),
        ({"country": "C'B"}, "country"),
        ({"since": D(2020, 1, 2), "until": D(2020, 1, 1)}, "after"),
        ({"since": "yesterday"}, "since"),
        ({"limit": -1}, "limit"),
        ({"offset": -1}, "offset"),
    ],
)
def test_bad_filter_values(filled, kwargs, message):
    db, _ = filled
    with pytest.raises(ValueError, match=message):
        db.events(**kwargs)
    if "limit" not in kwargs and "offset" not in kwargs:
        with pytest.raises(ValueError, match=message):
            db.count_events(**kwargs)
    assert db.count_events() == 7  # nothing was harmed


# ---------------------------------------------------------------------------------------------
# transactions


def test_rollback_on_failure_mid_batch(db, monkeypatch):
    first = rich_batch()
    db.add_batch(first[:1])
    before = db.stats()
    good_a, good_b = art("g1"), art("g2")
    bad = art("bad")
    new_batch = [(good_a, [ev(good_a)]), (good_b, [ev(good_b)]), (bad, [ev(bad)])]

    real_insert = store_mod._insert

    def failing_insert(con, table, columns, rows, chunk=50_000):
        real_insert(con, table, columns, rows, chunk)  # rows really go in ...
        if table == "events":
            raise RuntimeError("disk on fire")  # ... and then the batch fails

    monkeypatch.setattr(store_mod, "_insert", failing_insert)
    with pytest.raises(RuntimeError, match="disk on fire"):
        db.add_batch(new_batch)
    monkeypatch.undo()
    assert db.stats() == before
    assert not db.known_article_ids([good_a.id, good_b.id, bad.id])
    # the store is still usable and the batch can be added afterwards
    assert db.add_batch(new_batch) == BatchResult(3, 0, 3)


def test_rollback_on_bad_event(db):
    db.add_batch(rich_batch()[:1])
    before = db.stats()
    g = art("good")
    bad = art("bad")
    bad_event = ev(bad, quantity={"when": D(2020, 1, 1)})  # not JSON-serialisable
    with pytest.raises(ValueError, match="quantity"):
        db.add_batch([(g, [ev(g)]), (bad, [ev(bad, 1), bad_event])])
    assert db.stats() == before and not db.has_article(g.id)


def test_event_of_other_article_rejected(db):
    a, b = art("a"), art("b")
    with pytest.raises(ValueError, match="belongs to article"):
        db.add_batch([(a, [ev(a), ev(b)])])
    assert db.stats()["articles"] == 0


def test_rollback_on_primary_key_conflict(db):
    a, b = art("a"), art("b")
    db.add_batch([(a, [ev(a)])])
    before = db.stats()
    clash = ev(b)
    clash.id = ev(a).id  # forged id colliding with a stored event
    with pytest.raises(duckdb.ConstraintException):
        db.add_batch([(b, [ev(b, 1), clash])])
    assert db.stats() == before


# ---------------------------------------------------------------------------------------------
# opening


def test_read_only_missing_file(tmp_path):
    path = tmp_path / "missing.duckdb"
    with pytest.raises(FileNotFoundError, match="no store at .*missing.duckdb"):
        Store(path, read_only=True)
    assert not path.exists()


def test_not_a_store(tmp_path):
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database " * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        Store(junk)
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    with pytest.raises(StoreError, match="not a communique store"):
        Store(other, read_only=True)


def test_schema_version_mismatch(tmp_path):
    path = tmp_path / "v.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE schema_info SET version = 99")
    con.close()
    with pytest.raises(StoreError, match="version 99"):
        Store(path)


def test_same_process_mode_conflict(tmp_path):
    path = tmp_path / "m.duckdb"
    with Store(path):
        with pytest.raises(StoreLockedError, match="already open in this process"):
            Store(path, read_only=True)
        with Store(path) as second:  # same mode shares the database
            assert second.stats()["articles"] == 0


def test_locked_by_other_process(tmp_path):
    path = tmp_path / "locked.duckdb"
    Store(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, duckdb
            con = duckdb.connect({str(path)!r})
            print("ready", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        for ro in (False, True):
            with pytest.raises(StoreLockedError, match="locked by another process") as info:
                Store(path, read_only=ro)
            assert info.value.path == str(path)
            assert "read_only=True" in str(info.value)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    with Store(path, read_only=True) as r:  # released
        assert r.stats()["events"] == 0


# ---------------------------------------------------------------------------------------------
# stats and volume


def test_stats(db):
    assert db.stats() == {"articles": 0, "events": 0, "unique_events": 0, "sentences": 0,
                          "first_event_date": None, "last_event_date": None}
    db.add_batch(rich_batch())
    stats = db.stats()
    assert stats.pop("unique_events") == len({e.key for e in all_events(rich_batch())})
    assert stats == {"articles": 3, "events": 7, "sentences": 5,
                     "first_event_date": D(2019, 10, 29), "last_event_date": D(2021, 6, 21)}


def make_big_batch(n_articles: int = 1000, per_article: int = 10):
    batch = []
    actors = [CUBGOV, RUSGOV, RUSLEG, VNMGOV, CUB, IGOUNO, None]
    for i in range(n_articles):
        a = art(f"big{i}", date=D(2020, 1, 1) + dt.timedelta(days=i % 365))
        evs = [
            ev(a, j, actors[(i + j) % 7], actors[(i + 2 * j + 1) % 7], f"0{(j % 9) + 1}{j % 7}",
               date=a.date, quantity={"value": j, "unit": "tons"} if j % 3 == 0 else None)
            for j in range(per_article)
        ]
        batch.append((a, evs))
    return batch


def test_large_batch_is_fast(db):
    batch = make_big_batch()
    t = time.perf_counter()
    res = db.add_batch(batch)
    elapsed = time.perf_counter() - t
    assert res == BatchResult(1000, 0, 10_000)
    assert elapsed < 10, f"inserting 10,000 events took {elapsed:.1f}s"
    assert db.count_events() == 10_000
    sample = db.events(article_id=batch[123][0].id)
    assert sorted(sample, key=lambda e: e.id) == sorted(batch[123][1], key=lambda e: e.id)


def test_mentions_are_stored_resolved_and_unresolved(tmp_path):
    from communique.models import MentionRecord

    article = Article(id="m1", text="Zorblax met Putin.", source="t")
    mentions = [
        MentionRecord("m1", 0, 7, "Zorblax", "person", False, why="unknown"),
        MentionRecord("m1", 12, 17, "Putin", "person", True, "RUSGOV", "RUS", "GOV", "Vladimir Putin", "office"),
    ]
    with Store(tmp_path / "m.duckdb") as store:
        store.add_batch([(article, [], mentions)])
        store.add_batch([(article, [], mentions)])  # idempotent
        assert store.mentions(article_id="m1") == mentions
        assert [m.text for m in store.mentions(resolved=False)] == ["Zorblax"]
        assert store.unresolved_counts() == [("Zorblax", "person", 1)]


# ---------------------------------------------------------------------------------------------
# deduplication across articles


def test_same_event_in_two_articles_is_one_unique_event_with_two_mentions(db):
    day = D(2021, 9, 18)
    a, b, c = art("d1", date=day), art("d2", date=day), art("d3", date=day)
    batch = [
        (a, [ev(a, 0, CUBGOV, VNMGOV, "040", date=day), ev(a, 1, CUBGOV, VNMGOV, "040", date=day)]),
        (b, [ev(b, 2, CUBGOV, VNMGOV, "040", date=day),
             ev(b, 3, CUBGOV, VNMGOV, "040", date=day, modality="future"),   # not the same event
             ev(b, 4, VNMGOV, CUBGOV, "040", date=day)]),                      # other direction
        (c, [ev(c, 0, CUBGOV, VNMGOV, "040")]),                                # undated: not merged
    ]
    db.add_batch(batch)
    assert db.count_events() == 6
    rows = db.unique_events(dyad="CUB-VNM")
    assert len(rows) == 4
    top = next(r for r in rows if r["date"] == day and r["source_code"] == "CUBGOV" and r["modality"] == "asserted")
    assert (top["num_mentions"], top["num_articles"]) == (3, 2)
    assert top["event_key"] == "2021-09-18|CUBGOV|VNMGOV|040|asserted"
    mentions = db.event_mentions(top["event_key"])
    assert [(m.article_id, m.sentence_index) for m in mentions] == sorted(
        [(a.id, 0), (a.id, 1), (b.id, 2)])
    assert top["first_event_id"] == mentions[0].id
    undated = [r for r in rows if r["date"] is None]
    assert len(undated) == 1 and undated[0]["num_mentions"] == 1
    assert db.stats()["unique_events"] == 4
    assert len(db.unique_events(dyad="CUB-VNM", directed=True)) == 3
    assert db.unique_events(code="041") == []
    with pytest.raises(ValueError):
        db.unique_events(dyad="CUB")


def test_version_1_store_is_migrated_with_event_keys(tmp_path):
    path = tmp_path / "old.duckdb"
    a = art("m1", date=D(2020, 5, 5))
    e = ev(a, 0, CUBGOV, RUSGOV, "036", date=a.date, modality="future")
    with Store(path) as s:
        s.add_batch([(a, [e])])
    con = duckdb.connect(str(path))   # rewind to the version 1 layout
    con.execute("DROP VIEW unique_events")
    con.execute("ALTER TABLE events DROP COLUMN event_key")
    con.execute("UPDATE schema_info SET version = 1")
    con.close()
    with Store(path) as s:
        assert s.events()[0].key == e.key
        (row,) = s.unique_events()
        assert row["event_key"] == e.key == "2020-05-05|CUBGOV|RUSGOV|036|future"


def test_interrupt_right_after_commit_keeps_the_batch_and_raises_the_interrupt(db):
    class CommitThenInterrupt:
        """The connection, with Ctrl-C arriving just as commit() returns."""

        def __init__(self, con):
            self._real = con

        def __getattr__(self, name):
            return getattr(self._real, name)

        def commit(self):
            self._real.commit()
            raise KeyboardInterrupt

    real = db._con
    db._con = CommitThenInterrupt(real)
    a = art("k1", date=D(2020, 1, 1))
    with pytest.raises(KeyboardInterrupt):
        db.add_batch([(a, [ev(a)])])
    db._con = real
    assert db.has_article(a.id) and db.count_events() == 1
