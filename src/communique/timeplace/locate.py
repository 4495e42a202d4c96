"""Where an event happened: a place phrase of its sentence, else the article's dateline.

Sentence places come from a prepositional phrase on the event: "in/at/near/outside <place>" on
the trigger ("met in the Kremlin", "clashes near Aleppo"), on its object ("signed agreements in
Havana"), on a nominal event ("the signing in Havana", "talks in Geneva") or on the light verb
governing it ("held talks in Geneva", "talks were held in Geneva"); "to <place>" and a direct
object for visits ("Putin's visit to Havana", "visited Hanoi"). The words of the phrase's object
("the Syrian city of Aleppo", "Geneva, Switzerland", "the Russian capital") are matched against
the places gazetteer (landmarks, cities), then the actor gazetteer's country names.

Ambiguous names ("Tripoli": Libya or Lebanon) go to the city in a country named in the same
phrase, else in a country the article mentions (most mentioned first), else to a main name over
an alternate one, else to the most populous. A country gives precision ``"country"`` with its
capital's coordinates (``coords: "capital"``). Records are described in
:mod:`communique.timeplace.places`; ``source`` says ``"sentence"`` or ``"dateline"``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from spacy.tokens import Span, Token

from communique.timeplace.places import Place, PlaceGazetteer, place_record

__all__ = ["place_for_event", "place_for_name", "place_from_dateline"]

PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "around"})
# Prepositions of the other party, whose phrase often carries the place ("met with X in Y").
PARTY_PREPS = frozenset({"with", "against", "between"})
# Triggers whose destination is the event's place ("a visit to Havana", "visited Hanoi").
VISIT_LEMMAS = frozenset({"visit", "trip", "travel", "tour", "journey", "arrive", "fly", "come", "return", "host"})
# How the words of a place phrase hang from its head ("the city of Aleppo", "Geneva, Switzerland").
NAME_DEPS = frozenset({"compound", "appos", "conj", "npadvmod", "nmod", "amod", "pobj"})
# A window inside a longer entity of these kinds is not a place ("the Washington Post").
NOT_PLACE_ENTITIES = frozenset({"ORG", "PERSON", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "NORP"})
NOT_PLACE_MENTIONS = frozenset({"igo", "ngo", "institution"})
MAX_NAME_TOKENS = 6
REGION_OVER_CITY = 10  # a state beats a city of the same name if ten times as populous
CAPITAL_WORDS = frozenset({"capital"})
# Common nouns that a place name may hang from ("the Syrian city of Aleppo", "Idlib province");
# any other common noun makes its names modifiers, not the place ("the UN's Geneva process").
PLACE_NOUNS = frozenset("""
    capital city town village suburb outskirts district province region state county area port harbour harbor
    resort island enclave border frontier neighbourhood neighborhood quarter camp base airport embassy
    consulate headquarters palace residence compound municipality governorate oblast prefecture
    north south east west northeast northwest southeast southwest centre center heart part street streets
""".split())


class MentionLike(Protocol):
    """What :func:`place_for_event` needs of an actor mention: its kind."""

    kind: str


class MentionIndex(Protocol):
    """The actor mentions of an article (``ArticleActors``): the mention covering a token."""

    def mention_at(self, tok: Token) -> MentionLike | None:
        """The mention covering ``tok``, if any."""


@functools.cache
def _places() -> PlaceGazetteer:
    return PlaceGazetteer.default()


@functools.cache
def _actor_gazetteer():
    from communique.actors.gazetteer import Gazetteer

    return Gazetteer.default()


# -- names ------------------------------------------------------------------------------------


def _countries_named(text: str, kinds: Iterable[str] = ("country", "alias")) -> list[str]:
    """ISO3 codes the actor gazetteer gives ``text`` as one of ``kinds``."""
    kinds = set(kinds)
    return list(dict.fromkeys(e.country for e in _actor_gazetteer().lookup(text) if e.kind in kinds and e.country))


def country_record(iso3: str, text: str, **extra) -> dict:
    """A country-precision place record, at the capital's coordinates when the data has them."""
    capital = _places().capital(iso3)
    return {
        "name": _actor_gazetteer().country_name(iso3) or text, "text": text, "precision": "country",
        "country": iso3, "admin1": None, "lat": capital.lat if capital else None,
        "lon": capital.lon if capital else None, "coords": "capital" if capital else None, **extra,
    }


def best_city(name: str, cities: Sequence[Place], context: Sequence[str]) -> Place | None:
    """The reading of an ambiguous city name: in a context country (earlier = preferred), then
    a main name over an alternate, then the most populous."""
    if not cities:
        return None
    rank = {c: i for i, c in reversed(list(enumerate(context)))}
    gaz = _places()
    return min(cities, key=lambda p: (p.country not in rank, rank.get(p.country, 0),
                                      not gaz.is_main_name(name, p), -p.population))


def place_for_name(name: str, context: Sequence[str] = (), **extra) -> dict | None:
    """The place record of a name as written: a landmark, a city, a US state or a country.

    ``context`` lists ISO3 codes of countries the article mentions, most relevant first; they
    decide between cities of the same name. A country's primary name ("Mexico", "Singapore")
    gives the country; an alias that is also a city's main name in that country ("Gaza") gives
    the city. ``None`` if the name is not a known place.
    """
    name = name.strip()
    if not name:
        return None
    landmarks = _places().landmarks(name)
    if landmarks:
        pick = next((p for p in landmarks if p.country in context), landmarks[0])
        return place_record(pick, name, **extra)
    countries = _countries_named(name)
    cities = _places().cities(name)
    if countries:
        city = _places().city_in(name, countries[0])
        primary = _countries_named(name, ("country",))
        if primary or city is None or not _places().is_main_name(name, city):
            return country_record(countries[0], name, **extra)
        return place_record(city, name, **extra)
    hint = _countries_named(name, ("capital",))
    city = best_city(name, cities, [*context, *hint])
    region = best_city(name, _places().regions(name), context)
    if region is not None and (city is None or region_over_city(region, city, context)):
        city = region
    return place_record(city, name, **extra) if city else None


def region_over_city(region: Place, city: Place, context: Sequence[str]) -> bool:
    """Whether a name of both a state and a city means the state: the one in a context country,
    else the state only if it is far more populous ("Virginia" is the US state, not the South
    African city; "New York" and "Washington" are the cities)."""
    in_context = (region.country in context, city.country in context)
    if in_context[0] != in_context[1]:
        return in_context[0]
    return region.population > REGION_OVER_CITY * city.population


# -- datelines ---------------------------------------------------------------------------------

_AGENCY = re.compile(r"\(.*?\)")
_DASH = re.compile(r"\s*(?:\.-|--?|[–—])\s*$")


@functools.lru_cache(maxsize=1024)
def _dateline_place(dateline: str, context: tuple[str, ...]) -> dict | None:
    head = _DASH.sub("", _AGENCY.sub(" ", dateline)).strip(" .,")
    parts = [p.strip(" .") for p in head.split(",") if p.strip(" .")]
    if not parts:
        return None
    named = [c for part in parts[1:] for c in _countries_named(_title(part))]
    named += [r.country for part in parts[1:] for r in _places().regions(_title(part))]  # "AUSTIN, Texas"
    return place_for_name(_title(parts[0]), [*named, *context], source="dateline")


def _title(text: str) -> str:
    """Wire capitals as a name ("NEW YORK" -> "New York"); other text unchanged."""
    return text.title() if text.isupper() else text


def place_from_dateline(dateline: str | None, context: Sequence[str] = ()) -> dict | None:
    """The place named by a dateline ("Moscow, Russia.-", "HAVANA (Reuters) -",
    "TRIPOLI, Lebanon, May 5 -"): its first part, read with the countries of its other parts
    and then ``context`` deciding ambiguous names."""
    if not dateline:
        return None
    record = _dateline_place(dateline, tuple(context))
    return dict(record) if record else None  # a copy: the cached record stays as it was


# -- sentences ---------------------------------------------------------------------------------


def _event_heads(trigger: Token) -> list[Token]:
    """The tokens whose prepositional phrases may give the event's place: the trigger, its
    objects and other party ("with X"), the verb governing a nominal trigger ("held talks",
    "talks were held"), and the verb a verbal trigger is coordinated with or complements."""
    heads = [trigger]
    heads += [c for c in trigger.children if c.dep_ in ("dobj", "obj")]
    heads += [o for p in trigger.children if p.dep_ == "prep" and p.lower_ in PARTY_PREPS
              for o in p.children if o.dep_ == "pobj"]  # "clashed with forces in Idlib"
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "attr", "nsubj", "nsubjpass"):
        if trigger.head.i != trigger.i:
            heads.append(trigger.head)
    if trigger.pos_ == "VERB" and trigger.dep_ in ("conj", "xcomp") and trigger.head.pos_ == "VERB":
        heads.append(trigger.head)  # "met in Havana and signed", "agreed in Geneva to resume"
    return heads


def _place_objects(head: Token, visit: bool) -> Iterable[Token]:
    """Objects of the place prepositions of ``head`` (and its destination, for visits)."""
    for child in head.children:
        if child.dep_ == "prep" and (child.lower_ in PLACE_PREPS or (visit and child.lower_ == "to")):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    yield obj
        elif visit and child.dep_ in ("dobj", "obj") and head.pos_ == "VERB":
            yield child


def _name_tokens(obj: Token) -> list[Token]:
    """The tokens of a place phrase that may name a place, in text order: the phrase's head and
    the names hanging from it, if the head is a name or a place noun ("city", "capital")."""
    seen = {obj.i: obj}
    if obj.pos_ not in ("PROPN", "NUM") and obj.lemma_.lower() not in PLACE_NOUNS:
        return [obj]
    todo = [obj]
    while todo:
        tok = todo.pop()
        for child in tok.children:
            follow = child.dep_ in NAME_DEPS or (child.dep_ == "prep" and child.lower_ == "of")
            follow = follow or (child.dep_ == "poss" and tok.pos_ == "PROPN")  # "Cairo's Tahrir Square"
            if follow and child.i not in seen:
                seen[child.i] = child
                todo.append(child)
    return [seen[i] for i in sorted(seen)]


def _blocked(span: Span, mentions: MentionIndex | None) -> bool:
    """Whether a window is part of a longer non-place name or of an organisation mention."""
    if _inside_longer_entity(span) in NOT_PLACE_ENTITIES:
        return True
    if mentions is not None:
        for tok in span:
            mention = mentions.mention_at(tok)
            if mention is not None and mention.kind in NOT_PLACE_MENTIONS:
                return True
    return False


def _inside_longer_entity(span: Span) -> str | None:
    """The label of the named entity that holds ``span`` and more tokens besides, if any."""
    first, doc = span[0], span.doc
    if first.ent_iob_ == "O" or any(t.ent_iob_ != "I" for t in span[1:]):
        return None
    continues = span.end < len(doc) and doc[span.end].ent_iob_ == "I"
    return first.ent_type_ if first.ent_iob_ == "I" or continues else None


def _windows(tokens: list[Token]) -> Iterable[Span]:
    """Token windows that start and end on phrase tokens, longest first, then left to right."""
    doc = tokens[0].doc
    indices = {t.i for t in tokens}
    starts = [t.i for t in tokens if t.text[:1].isupper()]
    spans = [doc[s:e + 1] for s in starts for e in indices if s <= e < s + MAX_NAME_TOKENS]
    return sorted(spans, key=lambda sp: (-len(sp), sp.start))


def _phrase_matches(obj: Token, mentions: MentionIndex | None) -> list[tuple[Span, dict]]:
    """Places named in the phrase headed by ``obj``, non-overlapping, in text order."""
    tokens = _name_tokens(obj)
    taken: set[int] = set()
    found: list[tuple[Span, dict]] = []
    for span in _windows(tokens):
        if taken & set(range(span.start, span.end)) or _blocked(span, mentions):
            continue
        record = place_for_name(span.text)
        if record is not None:
            taken |= set(range(span.start, span.end))
            found.append((span, record))
    return sorted(found, key=lambda f: f[0].start)


def _demonym_countries(tokens: Iterable[Token]) -> list[str]:
    """Countries of the demonyms among ``tokens`` ("Syrian" -> SYR)."""
    return [c for t in tokens if t.text[:1].isupper() for c in _countries_named(t.text, ("demonym",))]


def place_in_phrase(obj: Token, context: Sequence[str] = (), mentions: MentionIndex | None = None) -> dict | None:
    """The place named by the phrase headed by ``obj`` ("the Syrian city of Aleppo"), or None.

    A landmark beats a city, a city a US state, a state a country; countries and demonyms of the phrase
    ("Geneva, Switzerland", "the Syrian city of") decide an ambiguous city first. "the Russian
    capital" gives the capital of the country named.
    """
    matches = _phrase_matches(obj, mentions)
    local = [r["country"] for _, r in matches if r["precision"] in ("country", "admin1")]
    local += _demonym_countries(_name_tokens(obj))
    for precision in ("landmark", "city", "admin1"):
        for span, record in matches:
            if record["precision"] == precision:
                return place_for_name(span.text, [*local, *context], source="sentence")
    if obj.lemma_.lower() in CAPITAL_WORDS and local:
        capital = _places().capital(local[0])
        if capital is not None:
            return place_record(capital, _phrase_text(obj), source="sentence")
    for span, record in matches:
        return {**record, "source": "sentence"}
    return None


def _phrase_text(obj: Token) -> str:
    """The words of the phrase headed by ``obj`` as written ("the Russian capital")."""
    return obj.doc[obj.left_edge.i:obj.right_edge.i + 1].text


def place_for_event(trigger: Token, context: Sequence[str] = (), mentions: MentionIndex | None = None) -> dict | None:
    """The place of the event triggered by ``trigger``, from a place phrase of its sentence.

    ``context``: ISO3 codes of the countries the article mentions, most relevant first;
    ``mentions``: the article's actor mentions, to skip organisations ("at the United Nations").
    """
    visit = trigger.lemma_.lower() in VISIT_LEMMAS
    for head in _event_heads(trigger):
        for obj in _place_objects(head, visit or head.lemma_.lower() in VISIT_LEMMAS and head.i == trigger.i):
            record = place_in_phrase(obj, context, mentions)
            if record is not None:
                return record
    return None
