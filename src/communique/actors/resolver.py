"""Who is who inside one article: mentions, persons, group references, pronouns.

:class:`ArticleActors` is built once per parsed article. It finds gazetteer mentions
(countries, demonyms, capitals, metonyms, organisations, institutions), persons (with their
titles and appositions, or from the office-holder table at the article date), and the two
countries the article is about (its *focus*), then answers :meth:`ArticleActors.actors_for`:
which actor(s) a noun phrase headed by a token refers to.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from communique.actors.extensions import ActorTable
from communique.actors.gazetteer import Entry, Gazetteer, normalize
from communique.actors.office_holders import OfficeHolders, normalize_name
from communique.models import ORG_PREFIXES, Actor, MentionRecord

PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
THING_PRONOUNS = {"it", "its", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "themselves"}
GROUP_NOUNS = {
    "leader": "GOV", "president": "GOV", "head": "GOV", "government": "GOV", "minister": "GOV",
    "premier": "GOV", "state": "GOV", "statesman": "GOV", "delegation": "GOV", "official": "GOV",
    "party": "PTY", "parliament": "LEG", "side": None, "country": None, "nation": None, "people": None,
}
GROUP_WORDS = {"two", "both"}
# Dependency labels followed when looking for the actor inside a noun phrase.
NP_DEPS = {"compound", "amod", "poss", "nmod", "appos", "prep", "pobj", "npadvmod", "conj"}
NP_PREPS = {"of", "for", "to", "with", "from", "against", "on", "by", "between"}
PLACE_PREPS = {"in", "at"}  # followed only from a role word: "rebels in Liberia", not "a centre in Tokyo"
STANCE_PREFIXES = {"anti", "pro"}
STANCE_HYPHENS = {"-", "\u2010", "\u2011", "\u2013"}
MAX_NP_DEPTH = 4
MAX_TITLE_DEPTH = 7  # "The President of the Councils of State and Ministers of Cuba, <name>"
NOT_PLACE_ENTITIES = {"PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
COUNTRY_KINDS = {"country", "alias", "demonym", "capital", "region", "region_adjective", "ethnic"}
PLACE_MENTION_KINDS = {"country", "alias", "capital", "region"}
# Nouns a demonym or an "in X" phrase places in a country ("the north Lebanese port", "a town in Lebanon").
PLACE_NOUNS = {
    "port", "city", "town", "village", "capital", "province", "region", "district", "area", "coast", "enclave",
    "stronghold", "island", "harbour", "harbor", "suburb", "neighbourhood", "neighborhood", "municipality",
}
DIRECTION_WORDS = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern",
    "southwestern", "north-east", "north-west", "south-east", "south-west", "the",
}
# Nouns and verbs of leaving a place: their forces "from X" are leaving X.
DEPARTURE_WORDS = {
    "withdrawal", "withdraw", "pullout", "pull-out", "pullback", "pull", "retreat", "evacuation", "evacuate",
    "removal", "remove", "redeployment", "redeploy", "departure", "exit",
}
# "Israel's militia ally in southern Lebanon": allied with Israel, based in Lebanon.
ALLY_NOUNS = {"ally", "proxy", "surrogate", "client"}
# Lowercase words inside personal names ("José Eduardo dos Santos", "Ludwig van Beethoven").
NAME_PARTICLES = {"dos", "da", "das", "de", "del", "della", "di", "du", "van", "von", "der", "den", "ter", "bin", "ibn",
                  "al", "el"}
POSSESSIVE_END = re.compile(r"['\u2019]s?$")
FUZZY_NAME_MIN = 7  # letters a name needs before a one-letter misspelling of an office holder is accepted
# Head words that make a capitalised name a thing, not a person ("the José Marti Order").
NOT_PERSON_HEADS = {
    "order", "award", "prize", "medal", "cup", "foundation", "university", "airport", "street", "square",
    "hospital", "school", "institute", "museum", "bridge", "plan", "act", "doctrine", "declaration", "treaty",
    "forum", "fair", "summit", "center", "centre", "agreement", "accord", "program", "programme", "stadium",
}


@dataclass
class Mention:
    """An actor reference found in the text (tokens ``start``..``end``-1)."""

    start: int
    end: int
    country: str | None
    sector: str | None
    name: str
    kind: str
    text: str
    wikidata: str | None = None
    why: str = ""
    code: str | None = None  # a full code given by a user dictionary ("IMGMUSISI")

    def actor(self, text: str | None = None, sector: str | None = None) -> Actor:
        """This mention as an :class:`Actor` (optionally with an overriding sector)."""
        if self.code and (sector is None or sector == self.sector):
            return Actor(code=self.code, country=self.country, sector=self.sector, name=self.name,
                         text=text or self.text, wikidata=self.wikidata)
        sector = sector or self.sector
        return make_actor(self.country, sector, self.name, text or self.text, self.wikidata)


@dataclass
class Person:
    """A person known in this article."""

    name: str
    country: str | None
    sector: str | None
    wikidata: str | None = None
    keys: set[str] = field(default_factory=set)
    why: str = ""


_OFFICE_KEYS: dict[int, tuple[OfficeHolders, dict[int, tuple[str, ...]]]] = {}


def _office_keys(offices: OfficeHolders) -> dict[int, tuple[str, ...]]:
    """The office holders' name keys by length, for misspelling look-ups (cached per table)."""
    cached = _OFFICE_KEYS.get(id(offices))
    if cached is not None and cached[0] is offices:
        return cached[1]
    by_len: dict[int, list[str]] = {}
    for v in offices.persons():
        k = normalize_name(v)
        if k:
            by_len.setdefault(len(k), []).append(k)
    keys = {n: tuple(dict.fromkeys(ks)) for n, ks in by_len.items()}
    _OFFICE_KEYS[id(offices)] = (offices, keys)
    return keys


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one insertion, deletion, substitution or
    swap of neighbouring letters."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def city_country(name: str) -> str | None:
    """The one country of every city called ``name`` in the places gazetteer (None when there
    is no such city, or cities of that name in several countries: "Tripoli", "Hyderabad")."""
    from communique.timeplace.places import PlaceGazetteer

    countries = {p.country for p in PlaceGazetteer.default().cities(name)}
    return next(iter(countries)) if len(countries) == 1 else None


def make_actor(country: str | None, sector: str | None, name: str, text: str, wikidata: str | None = None) -> Actor:
    """Build an actor with its CAMEO-style code (country code + sector code)."""
    if country and country[:3] in ORG_PREFIXES:
        return Actor(code=country, country=country, sector=sector, name=name, text=text, wikidata=wikidata)
    code = (country or "---") + (sector or "")
    return Actor(code=code, country=country, sector=sector, name=name, text=text, wikidata=wikidata)


def name_keys(name: str) -> set[str]:
    """Keys under which later short mentions of a person name are recognised.

    "Miguel Diaz-Canel Bermudez" gives the full name, the name without the given name
    ("diaz canel bermudez"), the last name ("bermudez") and hyphenated surnames ("diaz canel").
    Middle names alone ("Xuan" of "Nguyen Xuan Phuc") are not keys.
    """
    words = normalize(name).split()
    if not words:
        return set()
    keys = {" ".join(words), words[-1]}
    if len(words) >= 2:
        keys.add(" ".join(words[1:]))
    keys.update(w for w in words[1:] if "-" in w)
    return {k.replace("-", " ") for k in keys if len(k) > 2}


class ArticleActors:
    """Actor resolution over one parsed article."""

    def __init__(
        self,
        doc: Doc,
        date: dt.date | None = None,
        gazetteer: Gazetteer | None = None,
        office_holders: OfficeHolders | None = None,
        extra: ActorTable | None = None,
    ):
        self.doc = doc
        self.date = date
        self.gaz = gazetteer or Gazetteer.default()
        self.offices = office_holders or OfficeHolders.default()
        self.extra = extra
        self.roles: dict[int, tuple[str | None, str]] = {}  # token -> (sector, role word)
        self.mentions: dict[int, Mention] = {}  # token -> mention covering it
        self.person_mentions: list[Mention] = []
        self.persons: dict[str, Person] = {}
        self.unresolved: list[tuple[Span, str]] = []  # names the tables do not know (kept, not dropped)
        self._find_gazetteer_mentions()
        # from the phrases alone, before persons: a person's country adds no weight, so that the
        # focus does not depend on which sentences were parsed (see communique.fastpath)
        self.focus = self._focus_countries()
        self._find_persons()

    # -- building -------------------------------------------------------------------------

    def _span(self, start_char: int, end_char: int) -> Span | None:
        return self.doc.char_span(start_char, end_char, alignment_mode="expand")

    def _find_gazetteer_mentions(self) -> None:
        raw: list[tuple[Span, Entry, str]] = []
        for match in self.gaz.find(self.doc.text):
            span = self._span(match.start, match.end)
            if span is None or len(span) == 0:
                continue
            entry = match.entries[0]
            if entry.kind == "role":
                for t in span:
                    self.roles[t.i] = (entry.sector, entry.name)
                continue
            if self._stance_prefixed(span):
                continue  # "anti-Syria journalist", "pro-Iranian militia": not Syrian, not Iranian
            raw.append((span, match, match.text))
        counts = Counter(m.entries[0].country for _, m, _ in raw if not m.entries[0].alternatives)
        for span, match, text in raw:
            entry = self._choose_reading(match.entries, counts)
            kind = entry.kind
            if kind in ("demonym", "region_adjective") and span.start > 0 and self.doc[span.start - 1].lower_ == "ethnic":
                kind = "ethnic"  # "ethnic Albanians in Serbia": a people, not a nationality
            mention = Mention(span.start, span.end, entry.country, entry.sector, entry.name, kind, text,
                              why=f"gazetteer {entry.kind}: {entry.source}")
            for t in span:
                self.mentions[t.i] = mention
        self._reread_shared_capitals()
        self._add_misspelt_places()
        if self.extra is not None:
            self._add_user_mentions()

    def _reread_shared_capitals(self) -> None:
        """A capital whose name is also a city of another country ("Tripoli": Libya's capital,
        a Lebanese port) is read as that other country's city when the text places it there:
        at the name itself ("Tripoli in northern Lebanon", "Tripoli, Lebanon", "the Lebanese
        city of Tripoli"), or, in its sentence, when a place noun is described as of that
        country and none as of the capital's ("... Tripoli as shells crashed into the north
        Lebanese port"). A name placed directly anywhere in the article is read so in all of
        it. Foreign visitors ("Lebanese officials met in Tripoli") do not move the capital."""
        capitals = {}
        for m in {id(m): m for m in self.mentions.values()}.values():
            if m.kind == "capital" and m.country:
                others = self._other_cities(m.text, m.country)
                if others:
                    capitals.setdefault(normalize(m.text), []).append((m, others))
        for occurrences in capitals.values():
            direct: set[str] = set()
            for m, others in occurrences:
                direct |= self._placed_at(self.doc[m.start:m.end]) & (others | {m.country})
            article_reading = next(iter(direct)) if len(direct) == 1 else None
            for m, others in occurrences:
                country = article_reading
                if country is None and not direct:
                    placed = self._place_countries(self.doc[m.start].sent)
                    found = placed & others
                    if len(found) == 1 and m.country not in placed:
                        country = next(iter(found))
                if country is None or country == m.country:
                    continue
                m.country = country
                m.kind = "region"
                m.name = f"{m.text} ({self.gaz.country_name(country) or country})"
                m.why = f"city of {country} named like a capital, placed there by the text; {m.why}"

    @staticmethod
    def _other_cities(name: str, country: str) -> set[str]:
        """Countries other than ``country`` with a city whose main name is ``name``."""
        from communique.timeplace.places import PlaceGazetteer

        places = PlaceGazetteer.default()
        return {p.country for p in places.cities(name) if p.country != country and places.is_main_name(name, p)}

    def _mention_country(self, tok: Token, kinds: set[str]) -> str | None:
        m = self.mentions.get(tok.i)
        if m is not None and m.kind in kinds and m.country and not m.country.startswith("IGO"):
            return m.country
        return None

    def _placed_at(self, span: Span) -> set[str]:
        """Countries a place name is located in by its own phrase: "X in (northern) C",
        "X, C", "C's X", "the C-ian city of X"."""
        kinds = {"country", "alias", "region"}
        out: set[str] = set()
        root = span.root
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "of"):
                out.update(x for o in c.children if o.dep_ == "pobj" and (x := self._mention_country(o, kinds)))
            elif c.dep_ in ("appos", "npadvmod", "poss", "conj") and c.i not in range(span.start, span.end):
                if c.dep_ != "conj" or self.doc[c.i - 1].text == ",":
                    x = self._mention_country(c, kinds)
                    if x:
                        out.add(x)
        # read linearly too, the parser often hangs "in northern Lebanon" on the verb
        j = span.end
        if j + 1 < len(self.doc) and self.doc[j].lower_ in ("in", ","):
            j += 1
            while j < len(self.doc) - 1 and self.doc[j].lower_ in DIRECTION_WORDS:
                j += 1
            x = self._mention_country(self.doc[j], kinds)
            if x:
                out.add(x)
        head = root.head
        if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS:
            out |= self._place_noun_countries(head.head)
        if root.dep_ == "appos" and head.lemma_.lower() in PLACE_NOUNS:
            out |= self._place_noun_countries(head)
        return out

    def _place_noun_countries(self, noun: Token) -> set[str]:
        """Countries a place noun is described as of: "the north Lebanese port", "a town in
        Lebanon", "Lebanon's second city"."""
        out: set[str] = set()
        for c in noun.children:
            if c.dep_ in ("amod", "compound", "nmod", "poss"):
                x = self._mention_country(c, {"demonym", "country", "alias", "region", "region_adjective"})
                if x is None:  # "the north Lebanese port": the demonym under a direction word
                    x = next((y for g in c.children if g.dep_ in ("amod", "compound", "npadvmod")
                              and (y := self._mention_country(g, {"demonym", "region_adjective"}))), None)
                if x:
                    out.add(x)
            elif c.dep_ == "prep" and c.lower_ == "in":
                out.update(x for o in c.children if o.dep_ == "pobj"
                           and (x := self._mention_country(o, {"country", "alias", "region"})))
        return out

    def _place_countries(self, sent: Span) -> set[str]:
        """Countries the sentence places some place noun in."""
        out: set[str] = set()
        for t in sent:
            if t.pos_ == "NOUN" and t.lemma_.lower() in PLACE_NOUNS:
                out |= self._place_noun_countries(t)
        return out

    def _stance_prefixed(self, span: Span) -> bool:
        """Whether a name is the object of a stance prefix ("anti-", "pro-"): the phrase is
        for or against that country, not of it."""
        first = span[0]
        if first.i >= 2 and self.doc[first.i - 1].text in STANCE_HYPHENS \
                and self.doc[first.i - 2].lower_ in STANCE_PREFIXES:
            return True
        return any(first.lower_.startswith(p + h) for p in STANCE_PREFIXES for h in STANCE_HYPHENS)

    def _add_misspelt_places(self) -> None:
        """Proper nouns one typing error away from a country or capital name ("Afganistan")."""
        for tok in self.doc:
            if tok.i in self.mentions or tok.i in self.roles or tok.pos_ not in ("PROPN", "NOUN", "ADJ") \
                    or tok.ent_type_ == "PERSON":
                continue
            found = self.gaz.fuzzy_place(tok.text)
            if found is None:
                continue
            entry, name = found
            self.mentions[tok.i] = Mention(tok.i, tok.i + 1, entry.country, entry.sector, entry.name, entry.kind,
                                           tok.text, why=f"misspelling of {name!r} ({entry.kind}): {entry.source}")

    def _add_user_mentions(self) -> None:
        """Phrases of user actor files, over the gazetteer's readings of the same words."""
        for match in self.extra.find(self.doc.text, self.date):
            span = self._span(match.start, match.end)
            if span is None or len(span) == 0:
                continue
            if match.is_role:
                for t in span:
                    self.roles[t.i] = (match.sector, match.name)
                continue
            mention = Mention(span.start, span.end, match.country, match.sector, match.name, "user", span.text,
                              why=f"user actor file: {match.source} (code {match.code} at the article date)",
                              code=match.code)
            for t in span:
                self.roles.pop(t.i, None)
                self.mentions[t.i] = mention
            if any(t.ent_type_ == "PERSON" for t in span):
                self.person_mentions.append(mention)

    @staticmethod
    def _choose_reading(entries: tuple[Entry, ...], counts: Counter) -> Entry:
        """Pick the reading of an ambiguous phrase ("CPC") that fits the article's countries."""
        entry = entries[0]
        if not entry.alternatives:
            return entry
        best = entry
        best_count = counts.get(entry.country, 0)
        for country, name in entry.alternatives:
            if counts.get(country, 0) > best_count:
                best_count = counts[country]
                best = Entry(entry.phrase, entry.kind, country, entry.sector, name, (), entry.source)
        return best

    def _find_persons(self) -> None:
        candidates = self._person_candidates()
        for span in candidates:
            if span[-1].lower_ in NOT_PERSON_HEADS:
                continue
            person = self._resolve_person(span)
            if person is None:
                self.unresolved.append((span, "person"))
                continue
            # a person may hold several offices: the title at this mention decides the sector
            sector = self._title_sector(span) or person.sector
            mention = Mention(span.start, span.end, person.country, sector, person.name, "person",
                              span.text, person.wikidata, why=person.why)
            self.person_mentions.append(mention)
            for t in span:
                self.mentions[t.i] = mention

    def _person_candidates(self) -> list[Span]:
        """Name spans: PERSON entities, and proper-noun runs that follow a title or match a known name."""
        spans: dict[int, Span] = {}
        for ent in self.doc.ents:
            if ent.label_ == "PERSON" and not any(
                    t.i in self.mentions and self.mentions[t.i].kind == "user" for t in ent):
                if any(s <= ent.start < spans[s].end for s in spans):
                    continue  # inside a name extended over a particle ("dos Santos")
                span = self._trim_titles(ent)
                spans[ent.start] = self.doc[span.start:self._name_end(span.end)]
        for run in self._propn_runs():
            if any(t.i in self.mentions for t in run):
                continue
            if any(run.start <= s < run.end or s <= run.start < spans[s].end for s in spans):
                continue
            titled = run.start > 0 and (run.start - 1) in self.roles
            name = POSSESSIVE_END.sub("", run.text)
            if not titled and self._untitled_place_name(run, name):
                continue  # "a rally in Lagos": the city, not Chile's President Lagos
            known = any(self.offices.lookup(k, self.date) or k in self.persons for k in self._lookup_keys(name))
            if titled or known:
                spans[run.start] = run
        return [s for _, s in sorted(spans.items()) if len(s)]

    def _untitled_place_name(self, run: Span, name: str) -> bool:
        """Whether a proper-noun run with no title is a place: the model marks it as a place
        (GPE, LOC, FAC) or it is the object of a place preposition, and it names a city."""
        marked = any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in run)
        placed = run.root.dep_ == "pobj" and run.root.head.lower_ in PLACE_PREPS | {"near", "outside", "from", "to"}
        return (marked or placed) and city_country(name) is not None

    def _trim_titles(self, span: Span) -> Span:
        start = span.start
        while start < span.end - 1 and start in self.roles:
            start += 1
        return self.doc[start:span.end]

    def _name_end(self, end: int) -> int:
        """Extend a name over a lowercase particle and the names after it: the parser's
        PERSON "Jose Eduardo" of "Jose Eduardo dos Santos"."""
        doc = self.doc
        def name_word(j: int) -> bool:
            return j < len(doc) and (doc[j].pos_ == "PROPN" or doc[j].ent_type_ == "PERSON") and doc[j].is_alpha \
                and doc[j].is_title and j not in self.mentions and j not in self.roles

        while end + 1 < len(doc) and doc[end].text in NAME_PARTICLES and name_word(end + 1):
            end += 2
            while name_word(end):
                end += 1
        return end

    def _propn_runs(self) -> list[Span]:
        """Maximal runs of proper nouns (hyphen-joined), broken at known mentions and title words."""
        doc = self.doc

        def name_token(j: int) -> bool:
            return doc[j].pos_ == "PROPN" and doc[j].is_alpha and j not in self.roles and j not in self.mentions

        runs: list[Span] = []
        i = 0
        while i < len(doc):
            if not name_token(i):
                i += 1
                continue
            j = i + 1
            while j < len(doc) and (
                name_token(j)
                or (doc[j].text in "-‐" and j + 1 < len(doc) and name_token(j + 1) and not doc[j - 1].whitespace_)
                or (doc[j].text in NAME_PARTICLES and j + 1 < len(doc) and name_token(j + 1))
            ):
                j += 1
            runs.append(doc[i:j])
            i = j
        return runs

    def _resolve_person(self, span: Span) -> Person | None:
        text = POSSESSIVE_END.sub("", span.text)  # "Trump’s" as one token
        key_hits = [self.persons[k] for k in self._lookup_keys(text)[:3] if k in self.persons]
        if key_hits:
            return key_hits[0]
        country, sector = self._title_context(span)
        matched = text
        terms = self.offices.lookup(text, self.date)
        if not terms:
            for k in self._lookup_keys(text):
                terms = self.offices.lookup(k, self.date)
                if terms:
                    matched = k
                    break
        fuzzy = None
        if not terms:
            fuzzy = self._misspelt_office_holder(span)
            if fuzzy is not None:
                matched = fuzzy
                terms = self.offices.lookup(fuzzy, self.date)
        name, wikidata = matched, None
        why = "title or apposition in the article" if country or sector else ""
        if fuzzy is not None and terms:
            why = (f"{why} + " if why else "") + f"misspelling of {fuzzy!r}"
        if not terms and self.date is not None:
            terms = self._terms_out_of_office(fuzzy or text)
        if terms:
            term = self._best_term(terms, country)
            if country is None or country == term.country:
                country = term.country
                sector = sector or term.sector
                name, wikidata = term.name, term.wikidata
                span_of = f"{term.valid_from or '?'} to {term.valid_to or 'now'}"
                why = (f"{why} + " if why else "") + f"office holder: {term.role} of {term.country}, {span_of}"
        if country is None and sector is None:
            return None
        person = Person(name, country, sector, wikidata, why=why)
        person.keys = name_keys(matched) | name_keys(name)
        for k in person.keys:
            self.persons.setdefault(k, person)
        return person

    def _misspelt_office_holder(self, span: Span) -> str | None:
        """The office-holder name a name is one typing error away from ("President Francois
        Mitterand" -> "François Mitterrand"): the whole name, or a titled surname, of at least
        seven letters, matching one person only."""
        keys = [normalize_name(POSSESSIVE_END.sub("", span.text))]
        titled = span.start > 0 and (span.start - 1) in self.roles
        if titled and len(span) > 1:
            keys.append(normalize_name(POSSESSIVE_END.sub("", span[-1].text)))
        for k in keys:
            if len(k.replace(" ", "")) < FUZZY_NAME_MIN or (k == keys[-1] and len(keys) > 1 and not titled):
                continue
            hits = {v for v in _office_keys(self.offices).get(len(k), ()) if _one_edit(k, v)}
            hits |= {v for n in (len(k) - 1, len(k) + 1) for v in _office_keys(self.offices).get(n, ())
                     if _one_edit(k, v)}
            persons = {t.name for v in hits for t in self.offices.lookup(v)}
            if len(persons) == 1:
                return min(hits, key=len)
        return None

    def _terms_out_of_office(self, text: str) -> list:
        """A known office holder named at a date outside their terms: an elite (ELI) of their
        country, not its government ("Merkel" in 2023)."""
        for k in self._lookup_keys(text)[:3]:
            terms = self.offices.lookup(k)
            if terms:
                latest = max(terms, key=lambda t: t.valid_from or dt.date.min)
                return [dataclasses.replace(latest, sector="ELI", role="former_or_future_office_holder")]
        return []

    @staticmethod
    def _best_term(terms, country):
        if country:
            for t in terms:
                if t.country == country:
                    return t
        order = {"head_of_state": 0, "head_of_government": 1, "party_leader": 2, "foreign_minister": 3}
        return sorted(terms, key=lambda t: order.get(t.role, 9))[0]

    @staticmethod
    def _lookup_keys(text: str) -> list[str]:
        """Full name, then shorter suffixes and prefixes ("Central Committee Miguel Díaz-Canel"
        -> ... "miguel diaz canel" ...), longest first."""
        tokens = normalize(text).replace("-", " ").split()
        keys = []
        for n in range(len(tokens), 0, -1):
            keys.append(" ".join(tokens[len(tokens) - n:]))
            if n < len(tokens):
                keys.append(" ".join(tokens[:n]))
        return [k for k in dict.fromkeys(keys) if len(k) > 2]

    def _title_context(self, span: Span) -> tuple[str | None, str | None]:
        """Country and sector given by a person's title or apposition in the text."""
        head = span.root
        country, sector = None, None
        anchors = [head]
        if head.dep_ == "appos":
            anchors.append(head.head)
        anchors.extend(c for c in head.children if c.dep_ == "appos")
        for anchor in anchors:
            exclude = set(range(span.start, span.end))
            found = self._search_np(anchor, exclude=exclude, persons=False, max_depth=MAX_TITLE_DEPTH)
            if found and country is None:
                country = found[0].country
            role = self._role_near(anchor, exclude)
            if role and sector is None:
                sector = role
            if found and found[0].sector and sector is None and found[0].kind != "demonym":
                sector = found[0].sector
        return country, sector or self._title_sector(span)

    def _title_sector(self, span: Span) -> str | None:
        """Sector of the title words right before a name ("President Miguel Diaz Canel")."""
        i = span.start - 1
        while i >= 0 and i in self.roles:
            if self.roles[i][0]:
                return self.roles[i][0]
            i -= 1
        return None

    def _role_near(self, tok: Token, exclude: set[int]) -> str | None:
        cands = [tok] + [c for c in tok.children if c.dep_ in ("compound", "amod")]
        for c in cands:
            if c.i in self.roles and c.i not in exclude:
                return self.roles[c.i][0]
        return None

    def _focus_countries(self) -> list[str]:
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        seen: set[int] = set()
        for i, m in sorted(self.mentions.items()):
            if id(m) in seen or not m.country or m.country.startswith("IGO"):
                continue
            seen.add(id(m))
            counts[m.country] += 1
            first.setdefault(m.country, i)
        return sorted(counts, key=lambda c: (-counts[c], first[c]))

    # -- queries --------------------------------------------------------------------------

    def mention_records(self, article_id: str) -> list[MentionRecord]:
        """Every actor mention of the article, resolved or not, for storage.

        Unresolved: person names no table or title resolves, and named organisations, groups
        and places that the parser finds but the gazetteer does not know.
        """
        out: list[MentionRecord] = []
        for m in sorted({id(m): m for m in self.mentions.values()}.values(), key=lambda m: m.start):
            span = self.doc[m.start:m.end]
            actor = m.actor()
            # a title without a country ("Minister X") is only half known: kept as unresolved
            out.append(MentionRecord(article_id, span.start_char, span.end_char, span.text, m.kind,
                                     m.country is not None, actor.code, m.country, m.sector, m.name, m.why))
        unresolved = list(self.unresolved)
        unresolved += [(e, e.label_.lower()) for e in self.doc.ents if e.label_ in ("ORG", "NORP", "GPE")
                       and not any(t.i in self.mentions or t.i in self.roles for t in e)]
        for span, kind in unresolved:
            out.append(MentionRecord(article_id, span.start_char, span.end_char, span.text, kind, False,
                                     why="not in the gazetteer, office holders or user files"))
        return sorted(out, key=lambda r: r.start)

    def mention_at(self, tok: Token) -> Mention | None:
        """The mention covering ``tok``, if any."""
        return self.mentions.get(tok.i)

    def countries_in(self, span: Span) -> list[str]:
        """Distinct countries mentioned in ``span``, in order of appearance."""
        out: list[str] = []
        for t in span:
            m = self.mentions.get(t.i)
            if m and m.country and not m.country.startswith("IGO") and m.country not in out:
                out.append(m.country)
        return out

    def actors_in_span(self, span: Span) -> list[Actor]:
        """One actor per country (or organisation) mentioned in ``span``, the most specific
        mention of each (a person or institution before a bare country name)."""
        best: dict[str, Actor] = {}
        rank: dict[str, int] = {}
        group = None
        for t in span:
            if group is None and t.lemma_.lower() in GROUP_NOUNS:
                group = self._group_reference(t)
            m = self.mentions.get(t.i)
            if m is None or not m.country:
                continue
            sector = self._sector_for(self._np_head(m, span), m)
            r = 0 if m.kind == "person" else 1 if sector else 2
            if m.country not in best or r < rank[m.country]:
                best[m.country] = m.actor(sector=sector)
                rank[m.country] = r
        if len(best) < 2 and group:
            return group
        return list(best.values())

    def _np_head(self, m: Mention, span: Span) -> Token:
        """The highest token above mention ``m`` that is still inside ``span``."""
        t = self.doc[m.start]
        while t.head.i != t.i and span.start <= t.head.i < span.end and t.dep_ not in ("conj", "appos"):
            t = t.head
        return t

    def actors_for(self, tok: Token, avoid: frozenset[str] = frozenset()) -> list[Actor]:
        """The actor(s) the noun phrase headed by ``tok`` refers to (empty if none).

        Mentions of the countries in ``avoid`` are passed over inside the phrase, so that the
        target of "Putin praised the cooperation between Russia and Germany" is Germany.
        """
        if tok.lower_ in PERSON_PRONOUNS:
            m = self._person_for_pronoun(tok)
            return [m.actor(text=tok.text)] if m else []
        group = self._group_reference(tok)
        if group is not None:
            return group
        if tok.lower_ in THING_PRONOUNS:
            m = self._last_subject_before(tok)
            if m is not None:
                return [m.actor(text=tok.text)]
            return self._last_subject_phrase_before(tok)
        if tok.lower_ in PLURAL_PRONOUNS:
            return self._plural_antecedent(tok, avoid)
        found = self._search_np(tok, avoid=avoid)
        if not found:
            return self._placed_role_actors(tok, avoid)
        text = self._phrase_text(tok)
        if found[0].kind == "ethnic":
            return self._ethnic_group_actors(tok, found[0], avoid, text)
        if found[0].kind == "person" and not found[0].country and found[0].sector:
            # "President Laurent Gbagbo" with no country known: the sentence's one country
            country = self._single_country(tok, avoid)
            if country is None or self._names_another_person(tok.sent, country, found[0]):
                return []
            return [make_actor(country, found[0].sector, found[0].name, text)]
        out = []
        shared = self._demonym_before_role(found[0], avoid)
        for mention in self._with_coordinated(found[0], avoid) + (shared[1] if shared else []):
            sector = self._sector_for(tok, mention)
            if shared and sector is None and mention.kind in ("demonym", "region_adjective"):
                sector = shared[0]
            actor = mention.actor(text=text, sector=sector)
            if all(a.code != actor.code for a in out):
                out.append(actor)
        return out

    def _demonym_before_role(self, mention: Mention, avoid: frozenset[str]) -> tuple[str, list[Mention]] | None:
        """"Sierra Leonean and Liberian refugees" parsed as "Sierra Leonean" and "Liberian
        refugees": a demonym coordinated with a role word that has its own demonym shares
        that role; the role's sector and the other demonyms' mentions."""
        if mention.kind not in ("demonym", "region_adjective"):
            return None
        root = self.doc[mention.start:mention.end].root
        for c in root.conjuncts:
            if c.i < root.i:
                continue
            role = self.roles.get(c.i) or next(
                (self.roles[x.i] for x in c.children if x.dep_ == "compound" and x.i in self.roles), None)
            if role is None or not role[0]:
                continue
            others = [m for x in c.children if x.dep_ in ("amod", "compound") and (m := self.mentions.get(x.i))
                      and m is not mention and m.kind in ("demonym", "region_adjective") and m.country
                      and m.country not in avoid]
            if others:
                return role[0], others
        return None

    def _local_role_actor(self, tok: Token, avoid: frozenset[str]) -> Actor | None:
        """A role word with no country in its phrase ("police", "the rebels", "students")
        belongs to the country the sentence is about, when it names exactly one; so "Police
        in Lagos dispersed demonstrators" gives NGACOP and NGACVL, but in a sentence naming
        two countries the role word stays unresolved."""
        role = self._role_in_phrase(tok)
        if role is None or not role[0]:
            return None
        country = self._single_country(tok, avoid)
        if country is None:
            return None
        return make_actor(country, role[0], self.gaz.country_name(country) or country, self._phrase_text(tok))

    def _ethnic_group_actors(self, tok: Token, mention: Mention, avoid: frozenset[str], text: str) -> list[Actor]:
        """An ethnic group belongs to the country it lives in: the country of a place phrase
        of its own ("ethnic Albanians in south Serbia"), else the one other country the
        sentence names ("ethnic Turks protested against Sweden's decision"); its sector is its
        role word's ("ethnic Albanian guerrillas": REB), else civilians."""
        places = [self.mentions[o.i] for p in tok.subtree if p.dep_ == "prep" and p.lower_ in PLACE_PREPS | {"of"}
                  for o in p.children if o.dep_ == "pobj" and o.i in self.mentions
                  and self.mentions[o.i].kind in PLACE_MENTION_KINDS]
        countries = [m.country for m in places if m.country != mention.country]
        if not countries:
            countries = [c for c in self.countries_in(tok.sent) if c != mention.country]
        if len(set(countries)) != 1 or countries[0] in avoid:
            return []
        sector = self._sector_for(tok, mention) or "CVL"
        return [make_actor(countries[0], sector, self.gaz.country_name(countries[0]) or countries[0], text)]

    def _names_another_person(self, sent: Span, country: str, person: Mention) -> bool:
        """Whether ``country`` is named as the nationality of another named person in the
        sentence ("held talks with U.S. Treasury Secretary James Baker"): then it says nothing
        of ``person``'s country."""
        for t in sent:
            m = self.mentions.get(t.i)
            if m is None or m.country != country:
                continue
            head = t
            for _ in range(4):
                if head.dep_ not in ("compound", "amod", "nmod", "poss") or head.head.i == head.i:
                    break
                head = head.head
                other = self.mentions.get(head.i)
                if other is not None and other.kind == "person" and other is not person:
                    return True
        return False

    def _single_country(self, tok: Token, avoid: frozenset[str]) -> str | None:
        """The one country the sentence of ``tok`` names (None when it names none or several,
        or when that country is to be avoided)."""
        named = self.countries_and_cities_in(tok.sent)
        if len(named) != 1 or named[0] in avoid:
            return None
        return named[0]

    def countries_and_cities_in(self, span: Span) -> list[str]:
        """Distinct countries of ``span``: those mentioned, and those of its place names that
        are cities of one country only ("police in Austin" names the United States)."""
        out = self.countries_in(span)
        for t in span:
            if t.pos_ == "PROPN" and t.i not in self.mentions and t.ent_type_ and t.ent_type_ not in NOT_PLACE_ENTITIES:
                country = city_country(t.text)
                if country and country not in out:
                    out.append(country)
        return out

    def _placed_role_actors(self, tok: Token, avoid: frozenset[str]) -> list[Actor]:
        """A role word with no country in its phrase: the country of the city it is placed in,
        else (when it names no place we cannot place) the sentence's single country."""
        city = self._city_role_actor(tok, avoid)
        if city is not None:
            return [city]
        if self._city_names_near(self._role_head(tok), compounds=False):
            return []  # "police in Hyderabad": a place we cannot put in one country
        local = self._local_role_actor(tok, avoid)
        return [local] if local else []

    def _city_role_actor(self, tok: Token, avoid: frozenset[str]) -> Actor | None:
        """A role word placed in a city that names no country ("Kirkuk police", "rebels in
        Juba", "students at Sivas") belongs to that city's country, when every city of that
        name in the places gazetteer is in one country ("Tripoli" is in Libya and Lebanon:
        left unresolved)."""
        role = self._role_in_phrase(tok)
        if role is None or not role[0]:
            return None
        head = self._role_head(tok)
        for name in self._city_names_near(head):
            country = city_country(name)
            if country and country not in avoid:
                return make_actor(country, role[0], self.gaz.country_name(country) or country, self._phrase_text(tok))
        return None

    def _role_head(self, tok: Token) -> Token:
        """The token carrying the role word: ``tok`` itself, or the object of its "of"
        ("dozens of students")."""
        if tok.i in self.roles or any(c.dep_ == "compound" and c.i in self.roles for c in tok.children):
            return tok
        for p in tok.children:
            if p.dep_ == "prep" and p.lower_ == "of":
                for o in p.children:
                    if o.dep_ == "pobj":
                        return o
        return tok

    def _city_names_near(self, head: Token, compounds: bool = True) -> list[str]:
        """Proper names that may be places modifying a role word: its compounds (unless
        ``compounds`` is false) and the objects of its "in"/"at" prepositions, as whole
        named-entity spans when the parser marked them."""
        cands = [c for c in head.children if compounds and c.dep_ == "compound" and c.pos_ == "PROPN"
                 and c.i not in self.roles]
        cands += [o for p in head.children if p.dep_ == "prep" and p.lower_ in PLACE_PREPS
                  for o in p.children if o.dep_ == "pobj" and o.pos_ == "PROPN"]
        names = []
        for t in cands:
            if t.i in self.mentions:
                continue
            ent = next((e for e in self.doc.ents if e.start <= t.i < e.end), None)
            if ent is not None and ent.label_ in NOT_PLACE_ENTITIES:
                continue  # the small model often labels a city ORG or NORP, so only these are ruled out
            names.append(ent.text if ent is not None else t.text)
        return names


    def _role_in_phrase(self, tok: Token) -> tuple[str | None, str] | None:
        """The role word heading a phrase, also behind a quantity or group head ("dozens of
        students", "members of the police")."""
        for t in (tok, *(o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                         for o in p.children if o.dep_ == "pobj")):
            role = self.roles.get(t.i) or next(
                (self.roles[c.i] for c in t.children if c.dep_ == "compound" and c.i in self.roles), None)
            if role is not None:
                return role
        return None

    def _with_coordinated(self, mention: Mention, avoid: frozenset[str]) -> list[Mention]:
        """A mention and the mentions coordinated with it inside one phrase: "Hungarian and
        Romanian officials" refers to two actors."""
        out = [mention]
        head = self.doc[mention.start]
        for c in head.conjuncts:
            m = self.mentions.get(c.i)
            if m is not None and m is not mention and m.country and m.country not in avoid and c.dep_ != "appos":
                if head.dep_ in ("amod", "compound", "nmod") or c.head.i == head.i:
                    out.append(m)
        return out

    def _plural_antecedent(self, tok: Token, avoid: frozenset[str]) -> list[Actor]:
        """"they"/"their": the actors of the last plural subject before it, in its sentence or
        the one before ("Afghan rebel leaders said they would meet ...": the rebel leaders)."""
        sent_start = tok.sent.start
        prev_start = self.doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
        for i in range(tok.i - 1, prev_start - 1, -1):
            cand = self.doc[i]
            if cand.dep_ not in ("nsubj", "nsubjpass") or cand.lower_ in PLURAL_PRONOUNS:
                continue
            plural = cand.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in cand.children)
            if not plural:
                continue
            found = self.actors_for(cand, avoid)
            if found:
                return [dataclasses.replace(a, text=tok.text) for a in found]
        return []

    def _last_subject_before(self, tok: Token) -> Mention | None:
        """"it"/"its": the last country or organisation that was a subject, in this sentence or
        the one before."""
        sent_start = tok.sent.start
        prev_start = self.doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
        best = None
        for i in range(prev_start, tok.i):
            best = self.named_subject_at(i) or best
        return best

    def named_subject_at(self, i: int) -> Mention | None:
        """The country or organisation mention (not a person) whose head is token ``i``, when
        that token is a subject: what "it" may refer to."""
        m = self.mentions.get(i)
        if m and m.kind != "person" and m.country and self.doc[i].dep_ in ("nsubj", "nsubjpass") \
                and i == self.doc[m.start:m.end].root.i:
            return m
        return None

    def _last_subject_phrase_before(self, tok: Token) -> list[Actor]:
        """"it"/"its" when no subject is itself a name: the actor of the last subject phrase
        before it that names one country's body ("Iraq's interim government announced that it
        ..." -> IRQGOV), in its sentence or the one before; persons are left to he/she."""
        sent_start = tok.sent.start
        prev_start = self.doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
        for i in range(tok.i - 1, prev_start - 1, -1):
            cand = self.doc[i]
            if cand.dep_ not in ("nsubj", "nsubjpass") or cand.lower_ in THING_PRONOUNS | PLURAL_PRONOUNS \
                    or cand.lower_ in PERSON_PRONOUNS or cand.tag_ in ("NNS", "NNPS"):
                continue
            head_mention = self.mentions.get(cand.i)
            if head_mention is not None and head_mention.kind == "person" or self._is_person_role(cand):
                continue  # "the president said it ...": "it" is not the president
            found = self._search_np(cand)
            if len(found) == 1 and found[0].kind != "person" and found[0].country:
                return [dataclasses.replace(a, text=tok.text) for a in self.actors_for(cand)][:1]
        return []

    def _is_person_role(self, tok: Token) -> bool:
        """Whether ``tok`` is a role word held by a person ("president", "minister")."""
        role = self.roles.get(tok.i)
        entry = self.gaz.roles().get(role[1]) if role else None
        return entry is not None and entry.role_kind == "person"

    def _phrase_text(self, tok: Token) -> str:
        toks = [t for t in tok.subtree if t.dep_ not in ("relcl", "acl", "punct") or t is tok]
        left = min(t.i for t in toks)
        right = max(t.i for t in toks)
        return self.doc[left:right + 1].text[:200]

    def _person_for_pronoun(self, tok: Token) -> Mention | None:
        """The person a pronoun refers to: for "himself"/"herself" the subject of its clause;
        for "him"/"her" as an object the last person before it who is not that subject
        ("Obama knew that Biden liked him": Obama); otherwise the last person before it."""
        clause_subjects = {c.i for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")}
        candidates = [m for m in self.person_mentions if m.start < tok.i]
        if tok.lower_ in ("himself", "herself"):
            own = [m for m in candidates if any(i in clause_subjects for i in range(m.start, m.end))]
            return own[-1] if own else (candidates[-1] if candidates else None)
        if tok.dep_ in ("dobj", "pobj", "dative", "iobj"):
            candidates = [m for m in candidates if not any(i in clause_subjects for i in range(m.start, m.end))]
        if tok.dep_ in ("nsubj", "nsubjpass"):
            # a subject pronoun rarely takes up a possessor ("Erdoğan backed a settlement that
            # would keep Assad's regime in place, though he had demanded ..."): Erdoğan
            heads = [m for m in candidates if self.doc[m.start:m.end].root.dep_ != "poss"]
            candidates = heads or candidates
        return candidates[-1] if candidates else None

    def _group_reference(self, tok: Token) -> list[Actor] | None:
        lemma = tok.lemma_.lower()
        if lemma not in GROUP_NOUNS:
            return None
        words = {c.lower_ for c in tok.children if c.dep_ in ("nummod", "det", "predet", "quantmod", "amod")}
        if not words & GROUP_WORDS:
            return None
        if tok.tag_ not in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children):
            return None  # "both the president, Bashar al-Assad, and Isis": a coordination, not a pair
        if len(self.focus) < 2:
            return None
        sector = GROUP_NOUNS[lemma]
        return [make_actor(c, sector, self.gaz.country_name(c) or c, tok.text) for c in self.focus[:2]]

    def _search_np(self, tok: Token, exclude: set[int] | None = None, persons: bool = True,
                   max_depth: int = MAX_NP_DEPTH, avoid: frozenset[str] = frozenset()) -> list[Mention]:
        """Mentions inside the noun phrase of ``tok``, nearest first (breadth-first over the parse)."""
        exclude = exclude or set()
        frontier = [tok]
        seen = {tok.i}
        for _depth in range(max_depth + 1):
            hits = []
            for t in frontier:
                m = self.mentions.get(t.i)
                if m and t.i not in exclude and (persons or m.kind != "person") and m.country not in avoid:
                    hits.append(m)
            if hits:
                rank = {"person": 0, "institution": 1, "metonym": 1, "igo": 1, "ngo": 1}
                hits.sort(key=lambda m: rank.get(m.kind, 2))
                return hits
            nxt = []
            for t in frontier:
                for c in t.children:
                    if c.i in seen or c.dep_ not in NP_DEPS:
                        continue
                    if c.dep_ == "prep" and c.lower_ not in NP_PREPS and not (
                            c.lower_ in PLACE_PREPS and (t.i in self.roles or self._ally_placed(t))):
                        continue
                    if c.dep_ == "prep" and c.lower_ == "from" and self._leaving(t):
                        continue  # "the withdrawal of forces from Panama": the place they leave
                    if c.dep_ == "poss" and self._ally_placed(t):
                        continue  # "Israel's militia ally in southern Lebanon": allied with Israel
                    seen.add(c.i)
                    nxt.append(c)
            frontier = nxt
            if not frontier:
                break
        return []

    def _leaving(self, t: Token) -> bool:
        """Whether ``t`` is a role word (or its phrase head) that a departure word moves out
        of somewhere ("the withdrawal of invasion forces from Panama", "pulled troops from
        Chad"): its "from" phrase is then the place left, not the forces' country."""
        if self._role_in_phrase(t) is None:
            return False
        h = t
        if h.dep_ == "pobj" and h.head.lower_ == "of":
            h = h.head.head
        elif h.dep_ in ("dobj", "nsubjpass"):
            h = h.head
        else:
            return False
        return h.lemma_.lower() in DEPARTURE_WORDS

    def _ally_placed(self, t: Token) -> bool:
        """Whether ``t`` is an ally/proxy noun of a country's possessive placed in another
        country ("Israel's militia ally in southern Lebanon"): the ally is of the place, not
        of the possessor. Without such a place the possessor stays the reading."""
        if t.lemma_.lower() not in ALLY_NOUNS:
            return False
        owners = {x for c in t.children if c.dep_ == "poss"
                  for x in [self._mention_country(c, COUNTRY_KINDS)] if x}
        if not owners:
            return False
        places = {x for p in t.children if p.dep_ == "prep" and p.lower_ in PLACE_PREPS
                  for o in p.children if o.dep_ == "pobj"
                  for x in [self._mention_country(o, PLACE_MENTION_KINDS)] if x}
        return bool(places - owners)

    def _sector_for(self, tok: Token, mention: Mention) -> str | None:
        """Sector: the first role word on the path from the mention up to the phrase head."""
        if mention.kind not in COUNTRY_KINDS and not (mention.kind == "user" and not mention.sector):
            return mention.sector
        t = self.doc[mention.start]
        path = []
        while True:
            path.append(t)
            if t.i == tok.i or t.head.i == t.i:
                break
            t = t.head
        for node in path:
            if node.i in self.roles and node.i not in range(mention.start, mention.end):
                return self.roles[node.i][0]
            for c in node.children:
                if c.dep_ == "compound" and c.i in self.roles:
                    return self.roles[c.i][0]
        return mention.sector


def resolve_phrase(text: str, date: dt.date | None = None, extra: ActorTable | None = None,
                   model: str | None = None) -> tuple[list[Actor], list[Mention]]:
    """How a short text resolves: the actors of its main noun phrase (or of its last pronoun,
    "Obama said he was tired" -> Obama), and every mention found with the reason for it."""
    from communique.nlp import get_nlp

    doc = get_nlp(model)(text)
    actors = ArticleActors(doc, date, extra=extra)
    pronouns = [t for t in doc if (t.lower_ in PERSON_PRONOUNS or t.lower_ in THING_PRONOUNS) and t.dep_ != "poss"]
    if pronouns:
        found = actors.actors_for(pronouns[-1])
    elif not any(t.pos_ in ("VERB", "AUX") for t in doc):
        # a bare noun phrase ("Barack Obama and Vladimir Putin", "the US commander in Iraq"):
        # one actor per country named, leaving out places ("in Iraq")
        places = {t.i for p in doc if p.dep_ == "prep" and p.lower_ in PLACE_PREPS for t in p.subtree}
        kept = [t for t in doc if t.i not in places]
        found = actors.actors_in_span(doc[kept[0].i:kept[-1].i + 1]) if kept else []
        found = [a for a in found if a.country not in {actors.mentions[i].country for i in places if i in actors.mentions}]
    else:
        root = next(iter(doc.sents)).root if len(doc) else None
        heads = [root, *root.conjuncts] if root is not None else []
        found = []
        for head in heads:
            for a in actors.actors_for(head):
                if all(a.code != b.code for b in found):
                    found.append(a)
    mentions = []
    for m in sorted({id(m): m for m in actors.mentions.values()}.values(), key=lambda m: m.start):
        mentions.append(m)
    return found, mentions
