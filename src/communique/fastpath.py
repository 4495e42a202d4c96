"""Sentence-level processing with a fast path: run the model only on sentences that matter.

Both coding paths (``fast_path=True`` and parse-everything) run the same steps, so the events
they produce are identical by construction:

1. the article is tokenized and split into sentences by a cheap rule (a sentence ends after
   a sentence-final punctuation mark, with the punctuation that follows it, or after a line
   break), never by the parser;
2. each sentence that needs it runs through the model **on its own**, as a copy of the
   sentence, in two steps: first everything but the entity recognizer (tagger, parser,
   attribute ruler, lemmatizer: the *parse*), then the entity recognizer on that parsed copy
   (which in the bundled model has its own token vectors, so its output does not depend on
   the first step). Its annotations are copied back into the article Doc and the sentence
   boundaries of step 1 restored. A sentence left out keeps its tokens and text only.
   Sentences go through ``nlp.pipe`` in batches (spaCy's output for a Doc does not depend on
   the batch it is in), and the annotations of the last :data:`CACHE_SIZE` distinct sentences
   (of at most :data:`CACHE_MAX_TOKENS` tokens) are kept by exact text and token boundaries.

Parse-everything runs both steps on every sentence. The fast path (:class:`SentenceSelector`)
reads each sentence's words first (:class:`SentenceFacts`) and then decides:

* a sentence *may hold an event* when a trigger word form is there (a form the rule
  lemmatizer can turn into a lexicon lemma, with the words the rule's conditions name)
  together with something that can resolve to an actor: a gazetteer or user-file phrase
  other than a bare role word, a city that belongs to one country, an office holder's name
  (exact, or one letter off), a name word of an earlier sentence's possible person, a
  pronoun with a possible antecedent, a "two"/"both" group word. Such a sentence
  is parsed; unless the parse proves that it holds no event (:mod:`communique.eventless`: no
  trigger the lexicon finds, or none with an argument that may resolve to an actor whatever
  the entity recognizer says), it is an *event sentence* and gets the entity recognizer too.
  Otherwise its parse is dropped and it is treated as skipped;
* what the resolver carries from one sentence to another is then followed, until nothing
  changes: an event sentence with "it"/"they" needs the sentence before it when that one may
  name an actor (they look for the last subject there); an event sentence (or such a
  sentence before it) with "he"/"she" needs the earlier sentences that may hold a person (a
  phrase, a title, an office holder's name, a name word of such a sentence) back to the one
  where the resolver, run on what is processed so far, finds the person the pronoun takes
  (see :class:`_Antecedents`); every processed sentence needs the earlier sentences
  that may hold a person whose name words it repeats ("Reagan" after "President Ronald
  Reagan": the person is found by name, see :meth:`SentenceSelector.possible_names`). Where an
  earlier sentence is parsed, only its persons that may resolve count
  (:meth:`~communique.eventless.EventlessProof.persons_in`), and a sentence needed this way
  that was never parsed is parsed first, so that its parse can rule it out;
* a sentence whose processing changes readings elsewhere in the article is always processed:
  a misspelt country or capital (read by part of speech), a capital that is also another
  country's city (placed by the parse, "Tripoli in northern Lebanon").

Why the events cannot change: events come only from triggers the lexicon finds (step 2's
first part is enough to know that none is there: without entities a rule's conditions hold
at least as often), with arguments that resolve to actors (which the proof rules out on the
parse alone); actors come from phrases, resolved persons, pronouns and group words. The
countries an article is about (the resolver's *focus*) come from its phrases alone. A sentence left out holds no event and nothing an
event sentence reads. The fast path's actor *mentions* (stored for dictionary work) are those
of the processed sentences: person names of skipped sentences are not among them; code with
``--no-fast-path`` for every mention. When the coder or resolver learns a new cross-sentence
rule, the selector must follow; the identity checks catch a rule it misses.

``tests/test_fastpath.py`` and ``benchmarks/bench_fastpath.py`` check the identity of the
events on real articles.
"""

from __future__ import annotations

import bisect
import functools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy
from spacy.attrs import (DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS,
                         SENT_START, SPACY, TAG)
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from spacy.lang.en.stop_words import STOP_WORDS

from communique.actors.gazetteer import Gazetteer, normalize
from communique.actors.office_holders import OfficeHolders, normalize_name
from communique.actors.resolver import (FUZZY_NAME_MIN, GROUP_WORDS, PERSON_PRONOUNS, PLURAL_PRONOUNS,
                                        POSSESSIVE_END, THING_PRONOUNS, ArticleActors, city_country)
from communique.eventless import NO_ACTOR, EventlessProof
from communique.events.lexicon import Lexicon

log = logging.getLogger(__name__)

SENTENCE_END = frozenset(Sentencizer.default_punct_chars)
MODEL_ATTRS = [TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE]
LOOKBACK_PRONOUNS = frozenset(THING_PRONOUNS | PLURAL_PRONOUNS)
SKIP, PARSE, FULL = 0, 2, 3  # how much of the model a sentence gets (PARSE: all but the entity recognizer)
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday".split())
NEAR_NAMES_CACHE = 65536  # capitalised runs whose office-holder look-up is kept
MAX_PLACE_TOKENS = 4  # longest city name looked up ("Dar es Salaam", "Rio de Janeiro")
ARTICLE_BATCH = 64  # articles whose sentences go through the model together (the fast path's later rounds are small)
CACHE_SIZE = 2048  # recent distinct sentences whose annotations are kept (boilerplate, repeated articles)
CACHE_MAX_TOKENS = 100  # longer sentences are not kept: the cache stays under about 50 MB
_NO_TENSOR = numpy.zeros((0,), dtype="float32")
DOC_ARRAY_ATTRS = Doc._get_array_attrs()  # the token attributes Span.as_doc copies into a sentence Doc


@dataclass(slots=True)
class ParseStats:
    """How many sentences were seen and how many went through the model (for benchmarks)."""

    sentences: int = 0
    parsed: int = 0  # sentences fully processed (parse and entities)
    parsed_tokens: int = 0
    parse_only: int = 0  # sentences parsed, found to hold no event (communique.eventless), and dropped
    parse_only_tokens: int = 0
    eventless: int = 0  # of those, sentences with a trigger where no actor may be found (communique.eventless)
    eventless_tokens: int = 0
    cached: int = 0  # sentence steps whose annotations came from the cache of recent sentences
    parsed_texts: list[str] | None = None  # set to a list to collect the fully processed sentences' texts
    parse_only_texts: list[str] | None = None  # ... and the texts of the parse-only ones


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the sentences of ``doc``: a sentence ends after a sentence-final
    punctuation mark (with any punctuation that follows it) or after a line break."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    orth, punct, space = doc.to_array([ORTH, IS_PUNCT, IS_SPACE]).T.tolist()
    ends = {strings.add(c) for c in SENTENCE_END}
    bounds: list[tuple[int, int]] = []
    start = 0
    seen_end = False
    for i, (o, is_punct, is_space) in enumerate(zip(orth, punct, space)):
        is_end = o in ends
        if seen_end and not (is_punct or is_space or is_end):
            bounds.append((start, i))
            start = i
            seen_end = False
        if is_end or (is_space and "\n" in strings[o]):
            seen_end = True
    bounds.append((start, len(doc)))
    return bounds


def _sent_start_array(length: int, bounds: list[tuple[int, int]]) -> numpy.ndarray:
    starts = numpy.full((length, 1), -1, dtype=numpy.int64)
    for start, _ in bounds:
        starts[start, 0] = 1
    return starts.astype(numpy.uint64)


class WordForms:
    """The lowercase word forms that the pipeline's rule lemmatizer may turn into a lemma:
    the lemma itself, its suffix-rule inflections, exception-table forms and attribute-ruler
    forms. :meth:`available` is False when the pipeline has no rule lemmatizer (no bound)."""

    def __init__(self, nlp: Language):
        lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        self.available = getattr(lemmatizer, "mode", None) == "rule"
        self._rules: list[tuple[str, str]] = []
        self._exceptions: dict[str, set[str]] = {}
        self.unbounded: set[str] = set()  # lemmas that any word may get (attribute ruler regexes)
        if not self.available:
            return
        lookups = lemmatizer.lookups
        for rules in lookups.get_table("lemma_rules", {}).values():
            self._rules.extend((old, new) for old, new in rules)
        for table in lookups.get_table("lemma_exc", {}).values():
            for word, lemmas in table.items():
                for lemma in lemmas:
                    self._exceptions.setdefault(lemma.lower(), set()).add(word.lower())
        self._add_attribute_ruler(nlp)

    def _add_attribute_ruler(self, nlp: Language) -> None:
        if "attribute_ruler" not in nlp.pipe_names:
            return
        for entry in nlp.get_pipe("attribute_ruler").patterns:
            lemma = entry["attrs"].get("LEMMA")
            if lemma is None:
                continue
            lemma = str(lemma).lower()
            for pattern in entry["patterns"]:
                for token_pattern in pattern:
                    text = token_pattern.get("LOWER", token_pattern.get("ORTH"))
                    if isinstance(text, dict) and set(text) == {"IN"}:
                        self._exceptions.setdefault(lemma, set()).update(t.lower() for t in text["IN"])
                    elif isinstance(text, str):
                        self._exceptions.setdefault(lemma, set()).add(text.lower())
                    else:  # a regular expression or no text: any word may get this lemma
                        self.unbounded.add(lemma)

    @functools.lru_cache(maxsize=16384)
    def of(self, lemma: str) -> frozenset[str]:
        """Every form that may have ``lemma`` (lowercase) as its lemma."""
        lemma = lemma.lower()
        forms = {lemma} | self._exceptions.get(lemma, set())
        forms.update(lemma[: len(lemma) - len(new)] + old for old, new in self._rules if lemma.endswith(new))
        return frozenset(forms)

    def of_all(self, lemmas: Iterable[str]) -> frozenset[str]:
        """Forms of any of ``lemmas``."""
        return frozenset(f for lemma in lemmas for f in self.of(lemma))


class TriggerFilter:
    """Whether a sentence's words could make :meth:`Lexicon.match` fire on one of its tokens.

    A rule fires only if each of its conditions holds, and most conditions name words that
    must be in the sentence ("share" + obj=intelligence|information, "import" + prep=from):
    a rule is kept for a sentence when the trigger's form and a form of one word of each
    such condition are all among the sentence's words. Conditions that name no word (a
    complement, no object, any object) are taken as met.
    """

    def __init__(self, lexicon: Lexicon, forms: WordForms):
        self._rules_by_form: dict[str, list[tuple[frozenset[str], ...]]] = {}
        self.always = any(rule.lemma in forms.unbounded for rule in lexicon.rules)
        for rule in lexicon.rules:
            needs = tuple(need for c in rule.conditions for need in _condition_needs(c, forms))
            for form in forms.of(rule.lemma):
                self._rules_by_form.setdefault(form, []).append(needs)

    def may_fire(self, words: set[str]) -> bool:
        """True if some rule may fire on a sentence with these lowercase words."""
        if self.always:
            return True
        for word in words:
            for needs in self._rules_by_form.get(word, ()):
                if all(not need.isdisjoint(words) for need in needs):
                    return True
        return False


def _condition_needs(condition, forms: WordForms) -> list[frozenset[str]]:
    """Word sets of which the sentence must hold one word each for ``condition`` to hold."""
    kind, words = condition.kind, condition.words
    if not words.isdisjoint(forms.unbounded):
        words = frozenset()  # any word may have one of these lemmas: no requirement
    if kind in ("obj", "mod", "subj") and words and "*" not in words:
        return [forms.of_all(words)]
    if kind == "prep":
        return [frozenset({condition.arg})] + ([forms.of_all(words)] if words else [])
    if kind == "prt":
        return [frozenset({condition.arg})]
    if kind == "compmod" and words:
        return [frozenset(words)]
    return []  # no word named (or a kind this filter does not know): taken as met


@functools.lru_cache(maxsize=65536)
def _cached_fuzzy(fuzzy, word: str) -> bool:
    return fuzzy(word) is not None


@functools.lru_cache(maxsize=65536)
def _name_words(piece: str) -> tuple[str, ...]:
    """Words of ``piece`` as person-name keys are built (resolver normalisation, then the
    office table's own)."""
    return tuple(normalize_name(normalize(piece).replace("-", " ")).split())


MAX_NAME_PIECE_TOKENS = 12
"""Longest piece (in tokens) of a space-free chunk looked at for name words: without a bound, a
chunk of n tokens ("😀" * 500, unspaced CJK text) costs O(n³) and one article took minutes."""


def sentence_name_words(span) -> set[str]:
    """Name words of a sentence: the words of every piece (up to :data:`MAX_NAME_PIECE_TOKENS`
    tokens) of each space-separated chunk cut at token boundaries, so that any name span the
    resolver builds has its words in the set."""
    return _chunk_name_words(_Tokens(span.doc), span.start, span.end)


class _Tokens:
    """The texts, lower-case forms, offsets and trailing spaces of a Doc's tokens, read once
    (spaCy builds a new Token object at each access)."""

    __slots__ = ("text", "lower", "idx", "space")

    def __init__(self, doc: Doc):
        strings = doc.vocab.strings
        if len(doc):
            orth, lower, self.idx, space = doc.to_array([ORTH, LOWER, IDX, SPACY]).T.tolist()
        else:
            orth, lower, self.idx, space = [], [], [], []
        self.text = [strings[o] for o in orth]
        self.lower = [strings[o] for o in lower]
        self.space = [bool(x) for x in space]


def _chunk_name_words(toks: _Tokens, start: int, end: int) -> set[str]:
    """:func:`sentence_name_words` of tokens ``start`` to ``end``."""
    words: set[str] = set()
    i = start
    while i < end:
        j = i
        while j < end - 1 and not toks.space[j]:
            j += 1
        if j == i:
            words.update(_name_words(toks.text[i]))
        else:  # no space inside the chunk: its pieces are joined token texts
            words.update(_pieces_name_words(tuple(toks.text[i:j + 1])))
        i = j + 1
    return words


@functools.lru_cache(maxsize=65536)
def _pieces_name_words(texts: tuple[str, ...]) -> frozenset[str]:
    """Name words of every piece of up to :data:`MAX_NAME_PIECE_TOKENS` consecutive tokens
    of a chunk written without spaces (token texts ``texts``)."""
    words: set[str] = set()
    for a in range(len(texts)):
        piece = ""
        for b in range(a, min(len(texts), a + MAX_NAME_PIECE_TOKENS)):
            piece += texts[b]
            words.update(_name_words(piece))
    return frozenset(words)


@dataclass(slots=True)
class SentenceFacts:
    """What the fast path reads in one sentence before any model runs."""

    trigger: bool = False  # a lexicon rule may fire (TriggerFilter)
    # a phrase other than a bare role word, a one-country city, an office holder's name (exact or
    # one letter off); a titled name alone is not enough: its country would come from one of these
    actor: bool = False
    phrase: bool = False  # any gazetteer or user-file phrase, role words included
    titled: bool = False  # a role word right before a word ("President X")
    global_effect: bool = False  # a misspelt place or a capital shared with another country's city
    person_pronoun: bool = False  # he, his, she, her...
    lookback_pronoun: bool = False  # it, its, they, their...
    group_word: bool = False  # two, both
    words: frozenset[str] = frozenset()  # every name word of the sentence (sentence_name_words)
    names: frozenset[str] = frozenset()  # words of names a person found here may be known by later


@dataclass(slots=True)
class ArticleWords:
    """What the fast path reads in one article before any model runs: the words of its tokens,
    its sentences and their :class:`SentenceFacts`, and where its phrases are."""

    toks: _Tokens
    bounds: list[tuple[int, int]]
    facts: list[SentenceFacts]
    sources: list[bool]  # sentences that may hold a resolved person (SentenceSelector.person_sources)
    roles: set[int]  # tokens of role-word phrases ("president", "police")
    phrases: set[int]  # tokens of the other gazetteer and user-file phrases
    countries: list[set[str]]  # each sentence's phrase countries, every reading (IGO codes left out)
    lowercase: set[str]  # words written in lower case somewhere in the article
    near_office: set[int]  # tokens of runs of capitalised words that are office holders' names, or one letter off
    # kept by communique.eventless: names of persons that may resolve in token ranges, and before each sentence
    person_names: dict[tuple[int, int, int], frozenset[str]] = field(default_factory=dict)
    names_before: list[frozenset[str]] = field(default_factory=list)
    persons: dict[int, tuple[bool, frozenset[str]]] = field(default_factory=dict)  # of parsed sentences


class SentenceSelector:
    """Decides which sentences of an article need the model for exact events (see the module
    docstring): :data:`PARSE` for those that may hold an event, :data:`FULL` for event
    sentences and the sentences they read."""

    name_words = staticmethod(_name_words)

    def __init__(self, triggers: TriggerFilter, gazetteer: Gazetteer, offices: OfficeHolders, extra=None):
        self.triggers = triggers
        self.gaz = gazetteer
        self.offices = offices
        self.extra = extra
        self.name_ends: dict[str, set[str]] = {}  # first word of an office holder key -> its last words
        # a name word -> the words of office holders' names with it that a key may hold: every
        # key (resolver.name_keys) holds a word after the first (the last, or a hyphen part);
        # function words left out (see _may_be_key)
        self.name_family: dict[str, frozenset[str]] = {}
        self.near_office_keys: set[str] = set()  # office keys and their one-letter deletions (misspellings)
        self.key_words: set[str] = set()  # last words and hyphen parts of office holders' names ("may" of Theresa May)
        self._near_names: dict[str, bool] = {}  # capitalised runs already looked up
        families: dict[str, set[str]] = {}
        for variant in offices.persons():
            key_words = normalize_name(variant).split()
            if not key_words:
                continue
            self.name_ends.setdefault(key_words[0], set()).add(key_words[-1])
            names = [variant] + [t.name for t in offices.lookup(variant)]
            self.key_words.update(w for name in names for w in _tail_words(name))
            family = {w for name in names for w in _after_first(_name_words(name))}
            for w in key_words:
                families.setdefault(w, set()).update(family)
            key = " ".join(key_words)
            self.near_office_keys.add(key)
            self.near_office_keys.update(_deletions(key))
        self.name_family = {w: frozenset(f for f in family if self._may_be_key(f)) for w, family in families.items()}

    # -- reading the text -------------------------------------------------------------------

    def facts(self, doc: Doc, bounds: list[tuple[int, int]], text: str, date=None) -> list[SentenceFacts]:
        """The :class:`SentenceFacts` of each sentence of ``doc`` (``text`` is ``doc.text``)."""
        return self.read_article(doc, bounds, text, date).facts

    def read_article(self, doc: Doc, bounds: list[tuple[int, int]], text: str, date=None,
                     toks: _Tokens | None = None) -> ArticleWords:
        """The :class:`ArticleWords` of ``doc`` (``text`` is ``doc.text``; ``toks``: its
        tokens, if already read)."""
        toks = toks or _Tokens(doc)
        facts = [SentenceFacts() for _ in bounds]
        countries: list[set[str]] = [set() for _ in bounds]
        sentence_of = numpy.zeros(len(doc), dtype=numpy.int64)
        for i, (start, end) in enumerate(bounds):
            sentence_of[start:end] = i
        token_starts = numpy.asarray(toks.idx, dtype=numpy.int64)
        role_tokens: set[int] = set()
        phrase_tokens: set[int] = set()
        for start, end, is_role, shared_capital, phrase_countries in self._phrases(text, date):
            first = max(int(numpy.searchsorted(token_starts, start, side="right")) - 1, 0)
            last = max(int(numpy.searchsorted(token_starts, max(end - 1, start), side="right")) - 1, 0)
            (role_tokens if is_role else phrase_tokens).update(range(first, last + 1))
            for i in range(int(sentence_of[first]), int(sentence_of[last]) + 1):
                facts[i].phrase = True
                facts[i].actor = facts[i].actor or not is_role
                facts[i].global_effect = facts[i].global_effect or shared_capital
                countries[i].update(phrase_countries)
            if is_role and last + 1 < len(doc) and toks.text[last + 1].isalpha():
                facts[int(sentence_of[last])].titled = True
        lowercase = {t for t in toks.text if t.islower()}
        near_tokens: set[int] = set()
        for i, (start, end) in enumerate(bounds):
            self._read_sentence(toks, text, start, end, facts[i], role_tokens, phrase_tokens, lowercase, near_tokens)
        return ArticleWords(toks, bounds, facts, self.person_sources(facts), role_tokens, phrase_tokens, countries,
                            lowercase, near_tokens)

    def _phrases(self, text: str, date) -> Iterator[tuple[int, int, bool, bool, set[str]]]:
        """(start, end, is role word, is a capital shared with another country's city, the
        countries it may name) of every gazetteer and user-file phrase."""
        for m in self.gaz.find(text):
            shared = any(e.kind == "capital" and e.country and ArticleActors._other_cities(m.text, e.country)
                         for e in m.entries)
            countries = {c for e in m.entries for c in (e.country, *(a for a, _ in e.alternatives)) if c}
            yield m.start, m.end, m.entries[0].kind == "role", shared, _state_countries(countries)
        if self.extra is not None:
            for m in self.extra.find(text, date):
                yield m.start, m.end, m.is_role, False, _state_countries({m.country} if m.country else set())

    def _read_sentence(self, toks: _Tokens, text: str, start: int, end: int, facts: SentenceFacts,
                       role_tokens: set[int], phrase_tokens: set[int], lowercase: set[str], near_tokens: set[int]) -> None:
        lower = set(toks.lower[start:end])
        facts.trigger = self.triggers.may_fire(lower)
        facts.person_pronoun = not lower.isdisjoint(PERSON_PRONOUNS)
        facts.lookback_pronoun = not lower.isdisjoint(LOOKBACK_PRONOUNS)
        facts.group_word = not lower.isdisjoint(GROUP_WORDS)
        words = _chunk_name_words(toks, start, end)
        facts.words = frozenset(words)
        facts.names = frozenset(self.possible_names(toks, start, end, role_tokens, phrase_tokens, lowercase))
        capitalised = [j for j in range(start, end) if toks.text[j][:1].isupper()]
        if self._places_and_near_names(toks, text, capitalised, end, near_tokens) or self._has_office_name(words):
            facts.actor = True
        if self._has_misspelt_place(toks, capitalised):
            facts.global_effect = True

    def possible_names(self, toks: _Tokens, start: int, end: int, role_tokens: set[int], phrase_tokens: set[int],
                       lowercase: set[str], opening: int | None = None) -> set[str]:
        """Words by which a person found in tokens ``start`` to ``end`` may be known later (a
        key of :func:`~communique.actors.resolver.name_keys` is made of a name's words, and
        names are capitalised): the words of each run of capitalised words (broken by role
        words), unless the run is only a phrase ("Brazil"; "Michael Jordan" counts), with the
        other words of office holders' names they are part of. Function words and month and
        weekday names are left out unless they end an office holder's name ("May"), and so is
        a lone capitalised word opening the sentence (token ``opening``, by default ``start``)
        that is written in lower case elsewhere in the article ("Analysts")."""
        opening = start if opening is None else opening
        out: set[str] = set()
        run: list[int] = []
        for j in range(start, end + 1):
            if j < end and toks.text[j][:1].isupper() and j not in role_tokens:
                run.append(j)
                continue
            if run and any(r not in phrase_tokens for r in run) and not (
                    len(run) == 1 and run[0] == opening and toks.lower[opening] in lowercase):
                for r in run:
                    out.update(w for w in _name_words(toks.text[r]) if self._may_be_key(w))
            run = []
        family = self.name_family
        return out.union(*(family[w] for w in out if w in family))

    def _may_be_key(self, word: str) -> bool:
        """Whether a person may be known by a key holding ``word``: not a function word or a
        month or weekday name, unless it ends an office holder's name ("May")."""
        return (word not in STOP_WORDS and word not in CALENDAR_WORDS) or (word in self.key_words and len(word) > 2)

    def _places_and_near_names(self, toks: _Tokens, text: str, capitalised: list[int], end: int,
                               near_tokens: set[int]) -> bool:
        """Whether a city of one country (a role word there takes its country) or an office
        holder's name, exact or one letter off ("Francois Mitterand"), is in some run of up to
        :data:`MAX_PLACE_TOKENS` tokens that starts and ends with a capitalised word. The
        tokens of such names are added to ``near_tokens``."""
        is_cap = set(capitalised)
        found = False
        for a in capitalised:
            for b in range(a, min(end, a + MAX_PLACE_TOKENS)):
                if b in is_cap:
                    name = text[toks.idx[a]:toks.idx[b] + len(toks.text[b])]
                    if self.near_office_name(name):
                        near_tokens.update(range(a, b + 1))
                        found = True
                    elif not found and _one_country_city(name):
                        found = True
        return found

    def near_office_name(self, name: str) -> bool:
        """Whether ``name`` is an office holder's name or one letter off it (the resolver's
        misspelling test is narrower: this may say yes where it says no, never the reverse)."""
        known = self._near_names.get(name)
        if known is None:
            key = normalize_name(POSSESSIVE_END.sub("", name))
            near = self.near_office_keys
            known = len(key.replace(" ", "")) >= FUZZY_NAME_MIN and (key in near or any(d in near for d in _deletions(key)))
            if len(self._near_names) >= NEAR_NAMES_CACHE:
                self._near_names.clear()
            self._near_names[name] = known
        return known

    def _has_misspelt_place(self, toks: _Tokens, capitalised: list[int]) -> bool:
        """A word the resolver may read as a misspelt country or capital ("Afganistan"): it
        does so by part of speech, and the place counts among the article's countries."""
        fuzzy = getattr(self.gaz, "fuzzy_place", None)
        return fuzzy is not None and any(
            len(toks.text[j]) >= 5 and _cached_fuzzy(fuzzy, toks.text[j]) for j in capitalised)

    def _has_office_name(self, words: set[str]) -> bool:
        """Whether a sentence with these name words holds the first and the last word of some
        office holder's name."""
        ends = self.name_ends
        return any(w in ends and not ends[w].isdisjoint(words) for w in words)

    # -- deciding ---------------------------------------------------------------------------

    def first_round(self, doc: Doc, bounds: list[tuple[int, int]], text: str, date=None,
                    toks: _Tokens | None = None) -> tuple[ArticleWords, list[bool]]:
        """The article's words and, for each sentence, whether it may hold an event, from the
        words alone (``toks``: the article's tokens, if already read)."""
        words = self.read_article(doc, bounds, text, date, toks)
        return words, self.may_hold_event(words.facts, words.sources)

    @staticmethod
    def person_sources(facts: list[SentenceFacts]) -> list[bool]:
        """Sentences that may hold a resolved person: a phrase, a title or an office holder's
        name (title, apposition or table), or a name word of an earlier such sentence."""
        out = []
        known: set[str] = set()
        for f in facts:
            source = f.phrase or f.titled or f.actor or not f.words.isdisjoint(known)
            if source:
                known |= f.names
            out.append(source)
        return out

    @staticmethod
    def may_hold_event(facts: list[SentenceFacts], sources: list[bool]) -> list[bool]:
        """Sentences where a trigger may fire with an actor to resolve (see the module docstring)."""
        out = []
        known: set[str] = set()  # name words of the person sources so far
        any_source = False
        for i, f in enumerate(facts):
            actorish = f.actor or not f.words.isdisjoint(known)
            before = facts[i - 1] if i else None
            out.append(f.trigger and (
                actorish or f.group_word
                or (f.lookback_pronoun and before is not None and (before.actor or not before.words.isdisjoint(known)))
                or (f.person_pronoun and (any_source or sources[i]))))
            if sources[i]:
                known |= f.names
                any_source = True
        return out

    @staticmethod
    def needed(facts: list[SentenceFacts], sources: list[bool], persons: list[bool], names: list[frozenset[str]],
               full: set[int], events: set[int], persons_from, person_words, needs_previous) -> set[int]:
        """Sentences that the processed sentences ``full`` read, and that are not in ``full``
        yet. ``sources``: the sentences that may name an actor (:meth:`person_sources`);
        ``persons``: those that may hold a resolved person, and ``names``: the words each one's
        persons may be known by (from the words alone, :attr:`SentenceFacts.names`, or from the
        parse where there is one, :meth:`~communique.eventless.EventlessProof.persons_in`).
        ``events``: the processed sentences that may hold an event. ``persons_from(i)``:
        the first sentence where the persons that the "he"/"she" of sentence ``i`` may refer to
        can be. ``person_words(i)``: the words of sentence ``i`` that a person's name found
        there can be made of. ``needs_previous(i)``: whether the "it"/"they" of sentence ``i``
        may look into the sentence before."""
        out: set[int] = set()
        readers = set(events)  # sentences whose words may be passed to the resolver as actors
        for i in events:
            # "it"/"they" look for the last subject in the sentence before, if it may name one
            # (a plural subject may be "he and his wife")
            if facts[i].lookback_pronoun and i > 0 and (sources[i - 1] or facts[i - 1].person_pronoun) \
                    and (i - 1 in full or needs_previous(i)):
                out.add(i - 1)
                readers.add(i - 1)
        for i in readers:
            if facts[i].person_pronoun and any(persons[j] and j not in full for j in range(i)):
                out.update(j for j in range(persons_from(i), i) if persons[j])
        for i in full:
            words = person_words(i)
            if words:
                out.update(j for j in range(i) if persons[j] and not names[j].isdisjoint(words))
        return out - full


def _after_first(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words of a name that a key of it may hold: all but the first (a one-word name: itself)."""
    return words[1:] or words


def _tail_words(name: str) -> list[str]:
    """The last word of a name and the parts of its hyphenated words after the first word:
    every key of the name holds one of them."""
    words = normalize(name).split()
    out = [w for word in words[1:] if "-" in word for w in _name_words(word)]
    return out + list(_name_words(words[-1])[-1:]) if words else out


def _deletions(key: str) -> list[str]:
    return [key[:i] + key[i + 1:] for i in range(len(key))]


def _state_countries(countries: set[str]) -> set[str]:
    return {c for c in countries if not c.startswith("IGO")}


@functools.lru_cache(maxsize=65536)
def _one_country_city(name: str) -> bool:
    return city_country(name) is not None


class ArticleParser:
    """Runs the model sentence by sentence: on all sentences, or (fast path) on those selected."""

    def __init__(self, nlp: Language, *, fast_path: bool = True, lexicon: Lexicon | None = None,
                 gazetteer: Gazetteer | None = None, offices: OfficeHolders | None = None, extra=None,
                 cache_size: int = CACHE_SIZE, batch_size: int = 64):
        self.nlp = nlp
        self.stats = ParseStats()
        self.cache_size = cache_size
        self.batch_size = batch_size  # sentences per spaCy batch
        self.lexicon = lexicon or Lexicon.default()
        self._cache: dict[tuple, tuple[Doc, numpy.ndarray | None]] = {}
        self._texts: list[str] = []  # texts of the batch being parsed
        # the two steps can run apart only if the entity recognizer has token vectors of its own
        self._ner_apart = "ner" in nlp.pipe_names and not _shares_features(nlp, "ner")
        self.selector: SentenceSelector | None = None
        if fast_path:
            forms = WordForms(nlp)
            if not forms.available:
                log.warning("fast path unavailable: the pipeline has no rule lemmatizer; every sentence is parsed")
            else:
                self.selector = SentenceSelector(TriggerFilter(self.lexicon, forms), gazetteer or Gazetteer.default(),
                                                 offices or OfficeHolders.default(), extra)
                self.proof = EventlessProof(self.lexicon, self.selector)

    @property
    def fast_path(self) -> bool:
        """Whether sentences are selected before parsing."""
        return self.selector is not None

    def pipe(self, items: Iterable[tuple[str, object]], batch_size: int = ARTICLE_BATCH) -> Iterator[tuple[Doc, object]]:
        """Parse ``(text, context)`` pairs in batches; yields ``(doc, context)`` in input order.
        ``context.date`` (if any) is the date at which user actor codes are read."""
        batch: list[tuple[str, object]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._parse_batch(batch)
                batch = []
        if batch:
            yield from self._parse_batch(batch)

    def _parse_batch(self, batch: list[tuple[str, object]]) -> list[tuple[Doc, object]]:
        docs = [self.nlp.make_doc(text) for text, _ in batch]
        self._texts = [text for text, _ in batch]  # doc.text, which spaCy rebuilds on each access
        all_bounds = [sentence_bounds(doc) for doc in docs]
        arrays = [numpy.zeros((len(doc), len(MODEL_ATTRS)), dtype=numpy.uint64) for doc in docs]
        if self.selector is None:
            work = _BatchWork(docs, all_bounds, arrays)
            for k, bounds in enumerate(all_bounds):
                work.levels[k] = [FULL] * len(bounds)
            self._run_steps(work)
        else:
            self._select_and_process(docs, all_bounds, [getattr(c, "date", None) for _, c in batch], arrays)
        self._texts = []
        for doc, array, bounds in zip(docs, arrays, all_bounds):
            self.stats.sentences += len(bounds)
            if len(doc):
                doc.from_array(MODEL_ATTRS, array)
                doc.from_array([SENT_START], _sent_start_array(len(doc), bounds))  # the parse reset them
        return [(doc, context) for doc, (_, context) in zip(docs, batch)]

    def _select_and_process(self, docs: list[Doc], all_bounds: list, dates: list, arrays: list) -> None:
        """Fast path: parse the sentences that may hold an event, then process fully the event
        sentences and what they read, until no sentence needs more."""
        selector = self.selector
        work = _BatchWork(docs, all_bounds, arrays)
        rounds = [selector.first_round(doc, bounds, text, day, toks) for doc, bounds, text, day, toks
                  in zip(docs, all_bounds, self._texts, dates, work.toks)]
        work.words = [words for words, _ in rounds]
        candidates = [c for _, c in rounds]
        for k, words in enumerate(work.words):
            work.levels[k] = [FULL if f.global_effect else PARSE if c else SKIP
                              for f, c in zip(words.facts, candidates[k])]
        while True:
            self._run_steps(work, candidates)
            changed = False
            for k in range(len(docs)):
                facts = work.words[k].facts
                full = {i for i, d in enumerate(work.done[k]) if d == FULL}
                events = full & work.triggered[k]
                antecedents = _Antecedents(work, k, dates[k], selector, facts)
                persons, names = self.proof.persons_in(work.words[k], work.parsed[k])
                for i in selector.needed(facts, work.words[k].sources, persons, names, full, events,
                                         antecedents.persons_from, work.person_words(k), antecedents.needs_previous):
                    # a sentence never parsed is parsed first: its parse may show that it holds no
                    # person after all (persons_in), and then it is not needed in the next round
                    level = FULL if i in work.parsed[k] else PARSE
                    if work.levels[k][i] < level:
                        work.levels[k][i] = level
                        changed = True
            if not changed:
                break
        for k, bounds in enumerate(all_bounds):
            for i, (start, end) in enumerate(bounds):
                if work.done[k][i] == PARSE:
                    self.stats.parse_only += 1
                    self.stats.parse_only_tokens += end - start
                    if self.stats.parse_only_texts is not None:
                        self.stats.parse_only_texts.append(work.parsed[k][i].text_with_ws)

    def _run_steps(self, work: _BatchWork, candidates: list[list[bool]] | None = None) -> None:
        """Parse every sentence whose level asks for it; a parsed sentence that may hold an
        event and that the parse does not prove eventless (:mod:`communique.eventless`) becomes
        FULL; then run the entity recognizer on the FULL ones and copy their annotations."""
        for k, i in self._step(work, PARSE):
            if candidates is None or not candidates[k][i]:
                continue
            why = self.proof.why_eventless(work.words[k], i, work.parsed[k])
            if why is None:
                work.triggered[k].add(i)
                work.levels[k][i] = FULL
            elif why == NO_ACTOR:
                start, end = work.all_bounds[k][i]
                self.stats.eventless += 1
                self.stats.eventless_tokens += end - start
        self._step(work, FULL)

    def _step(self, work: _BatchWork, level: int) -> list[tuple[int, int]]:
        """Run one step (PARSE: the model without its entity recognizer; FULL: the entity
        recognizer on the parsed copy) on each sentence that needs it and has not had it.
        A sentence whose exact tokens had this step before (in this batch or a recent one)
        takes the stored result. Returns the (article, sentence) pairs processed."""
        pieces = [(k, i, start, end) for k, bounds in enumerate(work.all_bounds)
                  for i, (start, end) in enumerate(bounds) if work.levels[k][i] >= level and work.done[k][i] < level]
        keys = [self._cache_key(work, k, start, end, level) for k, _, start, end in pieces]
        results = {key: self._cache_get(key) for key in keys}
        todo: dict[tuple, tuple] = {}  # key -> the first piece with it, for the model
        for piece, key in zip(pieces, keys):
            if results[key] is None and key not in todo:
                todo[key] = piece
        for key, sentence in zip(todo, self._model(work, list(todo.values()), level)):
            results[key] = (sentence, sentence.to_array(MODEL_ATTRS) if level == FULL else None)
            self._cache_put(key, results[key])
        for (k, i, start, end), key in zip(pieces, keys):
            sentence, array = results[key]
            work.done[k][i] = level
            if level == PARSE:
                work.parsed[k][i] = sentence
                continue
            work.arrays[k][start:end] = array
            work.full[k][i] = sentence
            self.stats.parsed += 1
            self.stats.parsed_tokens += end - start
            if self.stats.parsed_texts is not None:
                self.stats.parsed_texts.append(sentence.text_with_ws)
        self.stats.cached += len(pieces) - len(todo)
        return [(k, i) for k, i, _, _ in pieces]

    def _model(self, work: _BatchWork, pieces: list[tuple], level: int) -> Iterator[Doc]:
        """The model's step ``level`` on the sentences ``pieces``, one Doc per sentence."""
        if level == PARSE:
            disable = ["ner"] if self._ner_apart else []
            copies = (work.sentence_doc(k, start, end) for k, _, start, end in pieces)
            return self.nlp.pipe(copies, batch_size=self.batch_size, disable=disable)
        copies = [work.parsed[k][i].copy() for k, i, _, _ in pieces]  # the parsed Doc may be cached as such
        if not self._ner_apart:
            return iter(copies)  # the whole pipeline ran in the parse step
        return self.nlp.get_pipe("ner").pipe(copies, batch_size=self.batch_size)

    def _cache_key(self, work: _BatchWork, k: int, start: int, end: int, level: int) -> tuple:
        """The sentence's exact text and token boundaries, and the step: equal keys, equal Docs
        to process, equal annotations (the model's output depends on the sentence alone)."""
        starts = work.offsets(k, self._texts[k])
        base = int(starts[start])
        return level, self._texts[k][base:int(starts[end])], (starts[start:end] - base).tobytes()

    def _cache_get(self, key: tuple):
        hit = self._cache.pop(key, None)
        if hit is not None:
            self._cache[key] = hit  # most recently used last
        return hit

    def _cache_put(self, key: tuple, value) -> None:
        if self.cache_size <= 0 or len(value[0]) > CACHE_MAX_TOKENS:
            return
        value[0].tensor = _NO_TENSOR  # the token vectors are not read again (the entity recognizer has its own)
        self._cache[key] = value
        while len(self._cache) > self.cache_size:
            del self._cache[next(iter(self._cache))]


class _Antecedents:
    """``persons_from(i)`` and ``needs_previous(i)`` of :meth:`SentenceSelector.needed`, from
    what the sentences processed so far resolve to (the resolver itself, on the article with
    the annotations it has now; the selection loop asks again after each round, so the last
    answers are those of the final annotations).

    The "he"/"she" of a sentence takes the last person before it that fits (a subject
    pronoun prefers a person who is not a possessor). A person found in a processed sentence
    is found there whatever else is processed (by its title, the office-holder table or an
    earlier name, whose sentences the name rule processes too), and persons are only in
    sentences that may hold one. So if the pronouns' persons, resolved now, are in sentence
    ``k``, only the sentences after ``k`` can hold a later one: those are needed, not the
    ones before. A pronoun with no person yet (or only possessors, for a subject) needs the
    sentences back to the nearest unprocessed one with a title ("Secretary of State George
    Shultz"), which most likely names a person; the next round looks again (and goes further
    back if that was not enough, to the first sentence at most).
    """

    def __init__(self, work: _BatchWork, k: int, date, selector: SentenceSelector, facts: list[SentenceFacts]):
        self.work, self.k, self.date, self.selector, self.facts = work, k, date, selector, facts
        self._actors = None

    def needs_previous(self, i: int) -> bool:
        """Whether a pronoun of sentence ``i`` may take its antecedent from the sentence before:
        "it"/"its" take the last country or organisation that was a subject in this sentence
        or the one before (so not when this sentence has one before the pronoun); "they" is
        always taken to need it (its antecedent depends on the countries to avoid)."""
        doc = self.work.docs[self.k]
        start, end = self.work.all_bounds[self.k][i]
        sentence = doc[start:end]
        if any(t.lower_ in PLURAL_PRONOUNS for t in sentence):
            return True
        actors = self._resolve()
        subjects = [t.i for t in sentence if actors.named_subject_at(t.i)]
        return any(t.lower_ in THING_PRONOUNS and not any(j < t.i for j in subjects) for t in sentence)

    def persons_from(self, i: int) -> int:
        actors = self._resolve()
        doc = self.work.docs[self.k]
        starts = [start for start, _ in self.work.all_bounds[self.k]]
        start, end = self.work.all_bounds[self.k][i]
        first = i
        for tok in doc[start:end]:
            if tok.lower_ not in PERSON_PRONOUNS:
                continue
            person = actors._person_for_pronoun(tok)
            if person is None or (tok.dep_ in ("nsubj", "nsubjpass")
                                  and doc[person.start:person.end].root.dep_ == "poss"):
                return self._nearest_title_before(i)
            first = min(first, bisect.bisect_right(starts, person.start) - 1)
        return first + 1 if first < i else first

    def _nearest_title_before(self, i: int) -> int:
        done = self.work.done[self.k]
        return next((j for j in range(i - 1, -1, -1) if self.facts[j].titled and done[j] < FULL), 0)

    def _resolve(self):
        if self._actors is None:
            work, k = self.work, self.k
            doc = work.docs[k]
            if len(doc):
                doc.from_array(MODEL_ATTRS, work.arrays[k])
                doc.from_array([SENT_START], _sent_start_array(len(doc), work.all_bounds[k]))
            selector = self.selector
            self._actors = ArticleActors(doc, self.date, selector.gaz, selector.offices, selector.extra)
        return self._actors


class _BatchWork:
    """The state of one batch of articles while its sentences are processed."""

    def __init__(self, docs: list[Doc], all_bounds: list[list[tuple[int, int]]], arrays: list[numpy.ndarray]):
        self.docs = docs
        self.all_bounds = all_bounds
        self.arrays = arrays
        self.levels: list[list[int]] = [[SKIP] * len(b) for b in all_bounds]  # what each sentence needs
        self.done: list[list[int]] = [[SKIP] * len(b) for b in all_bounds]  # what it has had
        self.parsed: list[dict[int, Doc]] = [{} for _ in docs]  # parsed sentence Docs (without entities)
        self.triggered: list[set[int]] = [set() for _ in docs]  # sentences that may hold an event, as parsed
        self.words: list[ArticleWords] = []  # what the selector read in each article (fast path)
        self.full: list[dict[int, Doc]] = [{} for _ in docs]  # fully processed sentence Docs
        self._person_words: dict[tuple[int, int], frozenset[str]] = {}
        self._offsets: dict[int, numpy.ndarray] = {}
        # the bare tokens of each article, read before any annotation is written into it
        self.toks = [_Tokens(doc) for doc in docs]
        self._bare = [doc.to_array(DOC_ARRAY_ATTRS) for doc in docs]

    def person_words(self, k: int):
        """``person_words(i)`` of :meth:`SentenceSelector.needed` for article ``k``: the words
        of the proper nouns and PERSON entities of its fully processed sentence ``i``. A person
        candidate of the resolver is a PERSON entity or a run of proper nouns (with particles:
        "dos Santos"), and a key of another person it matches holds a word of that person's
        name that is one of these (see :meth:`SentenceSelector.possible_names`)."""
        def words(i: int) -> frozenset[str]:
            key = (k, i)
            if key not in self._person_words:
                self._person_words[key] = frozenset(
                    w for t in self.full[k][i] if t.pos_ == "PROPN" or t.ent_type_ == "PERSON"
                    for w in _name_words(t.text))
            return self._person_words[key]
        return words

    def sentence_doc(self, k: int, start: int, end: int) -> Doc:
        """Tokens ``start`` to ``end`` of article ``k`` as a Doc of their own, with the bare
        token attributes the article had when the batch started (what ``Span.as_doc`` copies,
        without its vector averages): the model's input is the same whatever has been written
        into the article since."""
        toks = self.toks[k]
        sentence = Doc(self.docs[k].vocab, words=toks.text[start:end], spaces=toks.space[start:end])
        sentence.from_array(DOC_ARRAY_ATTRS, self._bare[k][start:end])
        return sentence

    def offsets(self, k: int, text: str) -> numpy.ndarray:
        """Character offsets of article ``k``'s tokens, and its length."""
        if k not in self._offsets:
            self._offsets[k] = numpy.append(numpy.asarray(self.toks[k].idx, dtype=numpy.int64), len(text))
        return self._offsets[k]


def _shares_features(nlp: Language, name: str) -> bool:
    """Whether component ``name`` listens to token vectors computed by another component (then
    it cannot run apart, and the parse step runs the whole pipeline)."""
    return any(name in getattr(proc, "listening_components", ()) for _, proc in nlp.pipeline)
