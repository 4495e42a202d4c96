"""Sentence-level processing with a fast path: run the model only on sentences that matter.

Both coding paths (``fast_path=True`` and parse-everything) run the same steps, so the events
they produce are identical by construction:

1. the article is tokenized and split into sentences by a cheap rule (a sentence ends after
   a sentence-final punctuation mark, with the punctuation that follows it, or after a line
   break), never by the parser;
2. each *selected* sentence runs through the whole spaCy pipeline (tagger, parser,
   lemmatizer, entity recognizer) **on its own**, as a copy of the sentence, and its
   annotations are copied back into the article Doc; the sentence boundaries of step 1
   are then restored. A sentence left out keeps its tokens and text only. Sentences go
   through ``nlp.pipe`` in batches (one Doc per sentence; spaCy's output for a Doc does not
   depend on the batch it is in), and the annotations of the last :data:`CACHE_SIZE`
   distinct sentences (of at most :data:`CACHE_MAX_TOKENS` tokens) are kept by exact text and token boundaries, so a repeated sentence
   (boilerplate, a re-sent article) is not processed again. Both paths use the same batches
   and cache.

Parse-everything processes every sentence, so processing one sentence never depends on
another. The fast path (:class:`SentenceSelector`) gives each sentence a level: FULL (the whole
model), ENTITIES (the entity recognizer only, which in the bundled model has its own token
vectors) or SKIP (tokens only):

* FULL: a trigger word form (a form the rule lemmatizer can turn into a lexicon lemma, with
  the words the rule's conditions name) together with something that can be an actor (a
  gazetteer or user-file phrase, a pronoun, "two"/"both"); a role word before a word (a
  titled name); the first and last word of an office holder's name; a capitalised word the
  gazetteer may read as a misspelt place (the resolver decides by part of speech);
* ENTITIES: any other sentence with a phrase, promoted to FULL when it holds a PERSON entity
  (a person next to a phrase is resolved from the parse);
* then, until nothing changes: the sentence before a FULL one with "it"/"they" (they look for
  the last subject there), and a skipped sentence holding a word of a name that a processed
  sentence may have resolved to a person (a later "Reagan" refers back to "President Ronald
  Reagan") become FULL.

Why the events cannot change: events come only from triggers whose arguments resolve to
actors; actors come from phrases, resolved persons, pronouns and group words ("the two
leaders"). A person is resolved from a title or role word, a nearby phrase, the office-holder
table or an earlier person's name, all in FULL sentences. What the resolver carries across
sentences (focus countries, ambiguous readings, persons, the subjects "it" and "they" refer
to) comes from the text or from those same sentences. A sentence left out has only names no
table knows: its *unresolved* name records (``actors unresolved``) are not stored by the fast
path. When the coder or resolver learns a new cross-sentence rule, the selector must follow;
the identity checks below catch a rule it misses.

``tests/test_fastpath.py`` and ``benchmarks/bench_fastpath.py`` check the identity of events
and of resolved mentions on real articles.
"""

from __future__ import annotations

import bisect
import functools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from communique.actors.gazetteer import Gazetteer, normalize
from communique.actors.office_holders import OfficeHolders, normalize_name
from communique.actors.resolver import GROUP_WORDS, PERSON_PRONOUNS, PLURAL_PRONOUNS, THING_PRONOUNS
from communique.events.lexicon import Lexicon

log = logging.getLogger(__name__)

SENTENCE_END = frozenset(Sentencizer.default_punct_chars)
MODEL_ATTRS = [TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE]
LOOKBACK_PRONOUNS = frozenset(THING_PRONOUNS | PLURAL_PRONOUNS)
ACTOR_WORDS = frozenset(PERSON_PRONOUNS | LOOKBACK_PRONOUNS | GROUP_WORDS)
SKIP, ENTITIES, FULL = 0, 1, 3  # how much of the model a sentence gets
CACHE_SIZE = 2048  # recent distinct sentences whose annotations are kept (boilerplate, repeated articles)
CACHE_MAX_TOKENS = 100  # longer sentences are not kept: the cache stays under about 50 MB
_NO_TENSOR = numpy.zeros((0,), dtype="float32")


@dataclass(slots=True)
class ParseStats:
    """How many sentences were seen and how many went through the model (for benchmarks)."""

    sentences: int = 0
    parsed: int = 0
    parsed_tokens: int = 0
    cached: int = 0  # sentences whose annotations came from the cache of recent sentences
    parsed_texts: list[str] | None = None  # set to a list to collect the parsed sentences' texts


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the sentences of ``doc``: a sentence ends after a sentence-final
    punctuation mark (with any punctuation that follows it) or after a line break."""
    bounds: list[tuple[int, int]] = []
    start = 0
    seen_end = False
    for tok in doc:
        if seen_end and not (tok.is_punct or tok.is_space or tok.text in SENTENCE_END):
            bounds.append((start, tok.i))
            start = tok.i
            seen_end = False
        if tok.text in SENTENCE_END or (tok.is_space and "\n" in tok.text):
            seen_end = True
    if start < len(doc):
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
    words: set[str] = set()
    text = span.text_with_ws
    base = span.start_char
    tokens = [(t.idx - base, t.idx - base + len(t), t.whitespace_) for t in span]  # (start, end, space)
    n = len(tokens)
    i = 0
    while i < n:
        j = i
        while j < n - 1 and not tokens[j][2]:
            j += 1
        for a in range(i, j + 1):
            piece_start = tokens[a][0]
            for b in range(a, min(j + 1, a + MAX_NAME_PIECE_TOKENS)):
                words.update(_name_words(text[piece_start:tokens[b][1]]))  # the text of doc[a:b + 1]
        i = j + 1
    return words


class SentenceSelector:
    """Decides how much of the model each sentence of an article needs for exact events:
    nothing (:data:`SKIP`), the entity recognizer only (:data:`ENTITIES`) or everything
    (:data:`FULL`)."""

    def __init__(self, triggers: TriggerFilter, gazetteer: Gazetteer, offices: OfficeHolders, extra=None):
        self.triggers = triggers
        self.gaz = gazetteer
        self.extra = extra
        self.name_ends: dict[str, set[str]] = {}  # first word of an office holder key -> its last words
        self.name_family: dict[str, set[str]] = {}  # a name word -> words of office holders' names with it
        for variant in offices.persons():
            key_words = normalize_name(variant).split()
            if not key_words:
                continue
            self.name_ends.setdefault(key_words[0], set()).add(key_words[-1])
            family = {w for term in offices.lookup(variant) for w in _name_words(term.name)} | set(key_words)
            for w in key_words:
                self.name_family.setdefault(w, set()).update(family)

    def first_round(self, doc: Doc, bounds: list[tuple[int, int]], date=None,
                    words: list[set[str]] | None = None) -> tuple[list[int], set[int]]:
        """The level of each sentence from its words alone, and the sentences where proper
        nouns may name a person (after a role word, or with an office holder's name).

        FULL: an office holder's name; a trigger word form together with a phrase or an actor
        word (pronoun, "two"/"both"); a role word right before a word (a titled name).
        ENTITIES: any other sentence with a gazetteer or user-file phrase (a PERSON entity
        there would be resolved from the parse: it is then promoted to FULL).
        SKIP: the rest.

        ``words``, if given, receives each sentence's :func:`sentence_name_words`.
        """
        phrases, titles = self._phrase_sentences(doc, bounds, date)
        levels = []
        named = set(titles)
        for i, (start, end) in enumerate(bounds):
            span = doc[start:end]
            name_words = sentence_name_words(span)
            if words is not None:
                words.append(name_words)
            if self._has_office_name(name_words):
                named.add(i)
            if i in named or self._has_misspelt_place(span) \
                    or (self._has_trigger(span) and (i in phrases or self._has_actor_word(span))):
                levels.append(FULL)
            else:
                levels.append(ENTITIES if i in phrases else SKIP)
        return levels, named

    def needs_previous(self, span) -> bool:
        """A coded sentence whose pronouns may look back into the previous sentence ("it",
        "they": the last subject there)."""
        return any(t.lower_ in LOOKBACK_PRONOUNS for t in span)

    def name_words(self, processed: dict[int, Doc], named: set[int]) -> set[str]:
        """Words of every name the processed sentences may have resolved to a person: PERSON
        entities, and proper nouns in the ``named`` sentences (after a role word, or with an
        office holder's name), with the office-holder names they may match."""
        names: set[str] = set()
        for i, sentence in processed.items():
            for tok in sentence:
                if tok.ent_type_ == "PERSON" or (i in named and tok.pos_ == "PROPN"):
                    for w in _name_words(tok.text):
                        names.add(w)
                        names.update(self.name_family.get(w, ()))
        return names

    def _phrase_sentences(self, doc: Doc, bounds, date) -> tuple[set[int], set[int]]:
        """Sentences touched by gazetteer or user-file phrases (role words included), and
        sentences where a role word is followed by a word (which may be a titled name)."""
        phrases: set[int] = set()
        titles: set[int] = set()
        char_starts = [doc[s].idx for s, _ in bounds]
        spans = [(m.start, m.end, m.entries[0].kind == "role") for m in self.gaz.find(doc.text)]
        if self.extra is not None:
            spans += [(m.start, m.end, m.is_role) for m in self.extra.find(doc.text, date)]
        for start, end, is_role in spans:
            first = max(bisect.bisect_right(char_starts, start) - 1, 0)
            last = max(bisect.bisect_right(char_starts, max(end - 1, start)) - 1, 0)
            phrases.update(range(first, last + 1))
            role = doc.char_span(start, end, alignment_mode="expand") if is_role else None
            if role is not None and role.end < len(doc) and doc[role.end].is_alpha:
                titles.add(last)
        return phrases, titles

    def _has_misspelt_place(self, span) -> bool:
        """A word the resolver may read as a misspelt country or capital ("Afganistan"): it
        does so by part of speech, so the sentence is parsed."""
        fuzzy = getattr(self.gaz, "fuzzy_place", None)
        return fuzzy is not None and any(
            len(t.text) >= 5 and t.text[:1].isupper() and _cached_fuzzy(fuzzy, t.text) for t in span)

    def _has_trigger(self, span) -> bool:
        return self.triggers.may_fire({t.lower_ for t in span})

    @staticmethod
    def _has_actor_word(span) -> bool:
        """A pronoun the resolver binds, or a "two"/"both" group word ("the two leaders")."""
        return any(t.lower_ in ACTOR_WORDS for t in span)

    def _has_office_name(self, words: set[str]) -> bool:
        """Whether a sentence with these name words holds the first and the last word of some
        office holder's name."""
        ends = self.name_ends
        return any(w in ends and not ends[w].isdisjoint(words) for w in words)


class ArticleParser:
    """Runs the model sentence by sentence: on all sentences, or (fast path) on those selected."""

    def __init__(self, nlp: Language, *, fast_path: bool = True, lexicon: Lexicon | None = None,
                 gazetteer: Gazetteer | None = None, offices: OfficeHolders | None = None, extra=None,
                 cache_size: int = CACHE_SIZE, batch_size: int = 64):
        self.nlp = nlp
        self.stats = ParseStats()
        self.cache_size = cache_size
        self.batch_size = batch_size  # sentences per spaCy batch
        self._cache: dict[tuple, tuple[Doc, numpy.ndarray]] = {}
        self._texts: list[str] = []  # texts of the batch being parsed
        self.selector: SentenceSelector | None = None
        if fast_path:
            forms = WordForms(nlp)
            if not forms.available:
                log.warning("fast path unavailable: the pipeline has no rule lemmatizer; every sentence is parsed")
            else:
                self.selector = SentenceSelector(TriggerFilter(lexicon or Lexicon.default(), forms), gazetteer or Gazetteer.default(),
                                                 offices or OfficeHolders.default(), extra)

    @property
    def fast_path(self) -> bool:
        """Whether sentences are selected before parsing."""
        return self.selector is not None

    def pipe(self, items: Iterable[tuple[str, object]], batch_size: int = 16) -> Iterator[tuple[Doc, object]]:
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
            self._process(docs, all_bounds, [[FULL] * len(b) for b in all_bounds], [[SKIP] * len(b) for b in all_bounds],
                          arrays, FULL)
        else:
            self._select_and_process(docs, all_bounds, [getattr(c, "date", None) for _, c in batch], arrays)
        self._texts.clear()
        for doc, array, bounds in zip(docs, arrays, all_bounds):
            self.stats.sentences += len(bounds)
            if len(doc):
                doc.from_array(MODEL_ATTRS, array)
                doc.from_array([SENT_START], _sent_start_array(len(doc), bounds))  # the parse reset them
        return [(doc, context) for doc, (_, context) in zip(docs, batch)]

    def _select_and_process(self, docs: list[Doc], all_bounds: list, dates: list, arrays: list) -> None:
        """Fast path: process sentences level by level until no sentence needs more."""
        selector = self.selector
        words: list[list[set[str]]] = [[] for _ in docs]  # name words of each sentence
        rounds = [selector.first_round(doc, bounds, day, w) for doc, bounds, day, w in zip(docs, all_bounds, dates, words)]
        levels = [lv for lv, _ in rounds]
        named = [nm for _, nm in rounds]
        done = [[SKIP] * len(b) for b in all_bounds]
        processed: list[dict[int, Doc]] = [{} for _ in docs]
        while True:
            for doc, bounds, level in zip(docs, all_bounds, levels):
                self._look_back(doc, bounds, level)
            for k, found in enumerate(self._process(docs, all_bounds, levels, done, arrays, ENTITIES)):
                for i, sentence in found.items():
                    processed[k][i] = sentence
                    if any(e.label_ == "PERSON" for e in sentence.ents):
                        levels[k][i] = FULL  # its person may be resolved from the parse
            for k, found in enumerate(self._process(docs, all_bounds, levels, done, arrays, FULL)):
                processed[k].update(found)
            changed = False
            for k, (doc, bounds) in enumerate(zip(docs, all_bounds)):
                names = selector.name_words(processed[k], named[k])
                for i in range(len(bounds)):
                    if levels[k][i] == SKIP and names and not names.isdisjoint(words[k][i]):
                        levels[k][i] = FULL
                        changed = True
                changed = changed or any(lv > d for lv, d in zip(levels[k], done[k]))
            if not changed:
                return

    def _look_back(self, doc: Doc, bounds: list[tuple[int, int]], level: list[int]) -> None:
        """A fully processed sentence with "it"/"they" needs the previous sentence parsed too."""
        for i in range(len(bounds) - 1, 0, -1):
            if level[i] == FULL and level[i - 1] != FULL and self.selector.needs_previous(doc[bounds[i][0]:bounds[i][1]]):
                level[i - 1] = FULL

    def _process(self, docs: list[Doc], all_bounds: list, levels: list[list[int]], done: list[list[int]],
                 arrays: list[numpy.ndarray], level: int) -> list[dict[int, Doc]]:
        """Run the model (all of it for FULL, the entity recognizer for ENTITIES) on each sentence
        at ``level`` not yet processed that far, each sentence alone; copy its annotations into
        ``arrays``. A sentence whose exact tokens were processed at this level before (in this
        batch or a recent one) takes the stored result. Returns, per article, the newly
        processed sentence Docs by sentence index."""
        pieces = [(k, i, start, end) for k, bounds in enumerate(all_bounds)
                  for i, (start, end) in enumerate(bounds) if levels[k][i] == level and done[k][i] < level]
        out: list[dict[int, Doc]] = [{} for _ in docs]
        offsets: dict[int, tuple] = {}
        keys = [self._cache_key(docs[k], self._texts[k], offsets, k, start, end, level) for k, _, start, end in pieces]
        results = {key: self._cache_get(key) for key in keys}
        todo: dict[tuple, tuple] = {}  # key -> the first piece with it, for the model
        for piece, key in zip(pieces, keys):
            if results[key] is None and key not in todo:
                todo[key] = piece
        entities_alone = level != FULL and not _shares_features(self.nlp, "ner")
        disable = [n for n in self.nlp.pipe_names if n != "ner"] if entities_alone else []
        sentences = self.nlp.pipe((docs[k][start:end].as_doc() for k, _, start, end in todo.values()),
                                  batch_size=self.batch_size, disable=disable)
        for key, sentence in zip(todo, sentences):
            results[key] = (sentence, sentence.to_array(MODEL_ATTRS))
            self._cache_put(key, results[key])
        for (k, i, start, end), key in zip(pieces, keys):
            sentence, array = results[key]
            arrays[k][start:end] = array
            out[k][i] = sentence
            done[k][i] = level
            if level == FULL:
                self.stats.parsed += 1
                self.stats.parsed_tokens += end - start
                if self.stats.parsed_texts is not None:
                    self.stats.parsed_texts.append(sentence.text_with_ws)
        self.stats.cached += len(pieces) - len(todo)
        return out

    @staticmethod
    def _cache_key(doc: Doc, text: str, offsets: dict, k: int, start: int, end: int, level: int) -> tuple:
        """The sentence's exact text and token boundaries, and the level: equal keys, equal Docs
        to process, equal annotations (the model's output depends on the sentence alone).
        ``text`` is ``doc.text``."""
        if k not in offsets:
            offsets[k] = numpy.append(doc.to_array(IDX).astype(numpy.int64), len(text))
        starts = offsets[k]
        base = int(starts[start])
        return level, text[base:int(starts[end])], (starts[start:end] - base).tobytes()

    def _cache_get(self, key: tuple):
        hit = self._cache.pop(key, None)
        if hit is not None:
            self._cache[key] = hit  # most recently used last
        return hit

    def _cache_put(self, key: tuple, value) -> None:
        if self.cache_size <= 0 or len(value[0]) > CACHE_MAX_TOKENS:
            return
        value[0].tensor = _NO_TENSOR  # the token vectors are not read again: keep the cache small
        self._cache[key] = value
        while len(self._cache) > self.cache_size:
            del self._cache[next(iter(self._cache))]


def _shares_features(nlp: Language, name: str) -> bool:
    """Whether component ``name`` listens to token vectors computed by another component (then
    it cannot run alone, and the ENTITIES level runs the whole pipeline)."""
    return any(name in getattr(proc, "listening_components", ()) for _, proc in nlp.pipeline)
