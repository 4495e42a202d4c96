"""Proof, on the parse alone, that a sentence holds no event (for the fast path).

The fast path (:mod:`communique.fastpath`) parses the sentences that may hold an event and
runs the entity recognizer only on those where the coder may find one. A trigger the lexicon
finds on the parse is not enough to run it: in business news most such sentences have
companies for arguments ("Pittston Co said it agreed to acquire WTC International"). This
module proves, for one parsed sentence without entities, that the coder finds no event there
whatever the entity recognizer would say.

Every event is a pair of actors that :meth:`~communique.events.coder.EventCoder._arguments`
finds for a trigger. Each pair has a source from the actors of one of the trigger's *source
candidates* (:meth:`~communique.events.coder.EventCoder.source_candidates`), unless the rule
may take a branch without one (:meth:`~communique.events.coder.EventCoder.sourceless_branch`:
an unnamed attacker, a definite reciprocal noun and the sentence's two countries, a
between/among phrase). So a sentence holds no event when, for each token and each lexicon
rule whose conditions hold on the parse (without entities they hold at least as often, and
any of them may be the one the coder picks once entities are known):

* no branch without a source may apply (for a reciprocal noun: the sentence cannot name two
  countries, by its phrases or by persons), and
* no source candidate may resolve to an actor (:meth:`ArticleActors.actors_for`). One does
  only through:

  - "he"/"she": taken as may;
  - "it"/"its": a subject before it, in its sentence or the one before, whose phrase holds a
    gazetteer or user-file phrase (the resolver takes such a subject, or the phrase in it);
  - "they"/"their": a plural subject before it there that may resolve itself;
  - a group noun with "two"/"both": taken as may;
  - its phrase, the subtree of the token (the resolver's noun-phrase search and role words stay
    inside it): a phrase, a role word, or a person.

A person mention is a PERSON entity or a run of proper nouns that the resolver resolves: by a
title or apposition (a role word right before it, or a phrase or role word in its phrase or,
when it is an apposition, in its head's phrase), by the office-holder table (a word of an
office holder's name: its last word, or a name one letter off), or by the name of a person
found before it in the article (a word that the persons of earlier sentences or of earlier
capitalised runs of its sentence may be known by, :meth:`SentenceSelector.possible_names`).
Names are taken to be capitalised, as the fast path's name rule already does: the words
looked at are the capitalised ones of the phrase and of the runs of capitalised words it
touches.

A sentence with a misspelt place or a shared capital name is never proved (it is always fully
processed): its places are found by part of speech. The identity checks
(``tests/test_fastpath.py``, ``benchmarks/bench_fastpath.py``) compare the events of both
coding paths on real articles; when the coder learns a new way to find an actor, this proof
must learn it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from communique.actors.resolver import (GROUP_NOUNS, GROUP_WORDS, NAME_PARTICLES, PERSON_PRONOUNS,
                                        PLURAL_PRONOUNS, THING_PRONOUNS)
from communique.events.coder import EventCoder, token_positions
from communique.events.lexicon import Lexicon

if TYPE_CHECKING:
    from communique.fastpath import ArticleWords, SentenceSelector

NO_TRIGGER = "no trigger"  # no lexicon rule holds on the parse
NO_ACTOR = "no actor"  # rules hold, but none may find an actor pair
SUBJECTS = ("nsubj", "nsubjpass")


class EventlessProof:
    """Tells whether a parsed sentence holds no event (see the module docstring)."""

    def __init__(self, lexicon: Lexicon, selector: SentenceSelector):
        self.lexicon = lexicon
        self.selector = selector
        # the last words (and hyphen parts) of office holders' names: a name the table knows holds one
        self.office_words = frozenset(selector.key_words)

    def why_eventless(self, words: ArticleWords, i: int, parsed: Mapping[int, Doc]) -> str | None:
        """Why sentence ``i`` of an article holds no event (:data:`NO_TRIGGER` or
        :data:`NO_ACTOR`), or None if it may hold one. ``parsed`` maps sentence indices to
        their parsed Docs (without entities); sentence ``i`` must be among them."""
        return _Sentence(self, words, i, parsed).why_eventless()

    def persons_in(self, words: ArticleWords, parsed: Mapping[int, Doc]) -> tuple[list[bool], list[frozenset[str]]]:
        """For each sentence of an article: whether it may hold a person the resolver finds,
        and the words that person may be known by later. From the parse where ``parsed`` has
        one (the runs of capitalised words that may resolve, see :meth:`why_eventless`), else
        from the words alone (:meth:`SentenceSelector.person_sources`, :attr:`SentenceFacts.names`)."""
        persons: list[bool] = []
        names: list[frozenset[str]] = []
        for j, bounds in enumerate(words.bounds):
            if j not in parsed or not words.sources[j]:
                persons.append(words.sources[j])
                names.append(words.facts[j].names)
                continue
            if j not in words.persons:  # a parse does not change: kept with the article
                sentence = _Sentence(self, words, j, parsed)
                words.persons[j] = (bool(sentence.resolvable_runs(j, *bounds)), sentence._names_in(j, *bounds))
            persons.append(words.persons[j][0])
            names.append(words.persons[j][1])
        return persons, names


class _Sentence:
    """The proof for one sentence of one article."""

    def __init__(self, proof: EventlessProof, words: ArticleWords, i: int, parsed: Mapping[int, Doc]):
        self.proof, self.words, self.i, self.parsed = proof, words, i, parsed

    def why_eventless(self) -> str | None:
        sentence = self.parsed[self.i]
        matched = False
        for tok in sentence:
            for pos in token_positions(tok):
                for rule in self.proof.lexicon.matching_rules(tok, pos):
                    matched = True
                    if self.words.facts[self.i].global_effect:
                        return None  # its places are read by part of speech: not proved
                    branch = EventCoder.sourceless_branch(tok, pos, rule, sentence)
                    if branch == "implicit" and self._may_name_two_countries():
                        return None
                    if branch not in (None, "implicit"):
                        return None
                    if any(self._may_resolve(self.i, t) for t in EventCoder.source_candidates(tok, pos, rule)):
                        return None
        return NO_ACTOR if matched else NO_TRIGGER

    # -- actors --------------------------------------------------------------------------------

    def _may_resolve(self, j: int, tok: Token) -> bool:
        """Whether token ``tok`` of parsed sentence ``j`` may resolve to an actor."""
        lower = tok.lower_
        if lower in PERSON_PRONOUNS:
            return True
        if lower in THING_PRONOUNS:
            return self._subject_phrase_before(j, tok.i)
        if lower in PLURAL_PRONOUNS:
            return self._plural_subject_before(j, tok.i)
        if tok.lemma_.lower() in GROUP_NOUNS and any(c.lower_ in GROUP_WORDS for c in tok.children):
            return True
        return self._phrase_may_resolve(j, tok)

    def _phrase_may_resolve(self, j: int, tok: Token) -> bool:
        """Whether the phrase of ``tok`` (its subtree) may hold a phrase, a role word or a person."""
        offset = self.words.bounds[j][0]
        return self._name_phrase_may_resolve(j, offset + tok.left_edge.i, offset + tok.right_edge.i + 1)

    def _name_phrase_may_resolve(self, j: int, lo: int, hi: int) -> bool:
        """Whether tokens ``lo`` to ``hi`` of parsed sentence ``j``, with the names they touch
        and the phrases of those, may hold a phrase, a role word or a person."""
        offset = self.words.bounds[j][0]
        lo, hi = self._name_extent(j, lo, hi)
        sentence = self.parsed[j]
        # the phrases of the names the extent reaches, and the phrase of an apposition's head
        heads = [sentence[x - offset] for x in range(lo, hi)]
        heads += [t.head for t in heads if t.dep_ == "appos"]
        lo = min(lo, *(offset + t.left_edge.i for t in heads))
        hi = max(hi, *(offset + t.right_edge.i + 1 for t in heads))
        if self._has_phrase_or_role(lo, hi) or (lo - 1) in self.words.roles:
            return True  # (lo - 1: a title right before a name, "President [Reagan]")
        return self._may_name_person(j, lo, hi)

    def _may_name_person(self, j: int, lo: int, hi: int) -> bool:
        """Whether tokens ``lo`` to ``hi`` of sentence ``j`` may hold a person that the
        office-holder table or an earlier person resolves."""
        words = self.words
        toks = words.toks
        start = words.bounds[j][0]
        capitalised = [x for x in range(lo, hi) if toks.text[x][:1].isupper()]
        if not capitalised:
            return False
        if any(x in words.near_office for x in capitalised):
            return True  # (a misspelt name of the table: SentenceSelector.near_office_name)
        name_words = [w for x in capitalised for w in self.proof.selector.name_words(toks.text[x])]
        office = self.proof.office_words
        if any(w in office for w in name_words):
            return True
        before = self._names_before(j)
        if any(w in before for w in name_words):
            return True
        here = self._names_in(j, start, lo)
        return any(w in here for w in name_words)

    def _names_before(self, j: int) -> frozenset[str]:
        """Words by which the persons of the sentences before ``j`` may be known (computed
        sentence by sentence and kept: those of a sentence depend on those before it)."""
        words = self.words
        before = words.names_before
        if not before:
            before.append(frozenset())
        while len(before) <= j:
            m = len(before) - 1
            names = before[m]
            if words.sources[m]:
                names = names | self._names_in(m, *words.bounds[m])
            before.append(names)
        return before[j]

    def _names_in(self, m: int, lo: int, hi: int) -> frozenset[str]:
        """Words by which the persons of tokens ``lo`` to ``hi`` of sentence ``m`` may be known:
        those of its capitalised runs (:meth:`SentenceSelector.possible_names`) or, when the
        sentence is parsed, of the runs among them that may resolve to a person."""
        words = self.words
        opening = words.bounds[m][0]

        def names(a: int, b: int) -> set[str]:
            return self.proof.selector.possible_names(words.toks, a, b, words.roles, words.phrases, words.lowercase,
                                                      opening)

        if m not in self.parsed:
            return frozenset(names(lo, hi))
        key = (m, lo, hi)
        if key not in words.person_names:
            words.person_names[key] = frozenset(w for a, b in self.resolvable_runs(m, lo, hi) for w in names(a, b))
        return words.person_names[key]

    def resolvable_runs(self, m: int, lo: int, hi: int) -> list[tuple[int, int]]:
        """The runs of capitalised words between tokens ``lo`` and ``hi`` of parsed sentence
        ``m`` that may name a person the resolver finds (a title, an apposition, the
        office-holder table or an earlier name)."""
        return [(a, b) for a, b in _capitalised_runs(self.words.toks, lo, hi) if self._name_phrase_may_resolve(m, a, b)]

    def _name_extent(self, j: int, lo: int, hi: int) -> tuple[int, int]:
        """Tokens ``lo`` to ``hi`` widened over the runs of capitalised words (with name
        particles and hyphens inside) that cross their ends: an entity may take a whole run."""
        start, end = self.words.bounds[j]
        text = self.words.toks.text

        def name_part(x: int) -> bool:
            return text[x][:1].isupper() or (text[x] in NAME_PARTICLES or text[x] in "-‐") and (
                0 < x and text[x - 1][:1].isupper() and x + 1 < end and text[x + 1][:1].isupper())

        while lo > start and name_part(lo - 1) and name_part(lo):
            lo -= 1
        while hi < end and name_part(hi) and name_part(hi - 1):
            hi += 1
        return lo, hi

    def _has_phrase_or_role(self, lo: int, hi: int) -> bool:
        words = self.words
        return any(x in words.phrases or x in words.roles for x in range(lo, hi))

    def _may_name_two_countries(self) -> bool:
        """Whether sentence ``i`` may name two countries (phrases, or persons of any country)."""
        start, end = self.words.bounds[self.i]
        if len(self.words.countries[self.i]) >= 2:
            return True
        return any(x in self.words.roles for x in range(start, end)) or self._may_name_person(self.i, start, end) \
            or (self.words.facts[self.i].phrase and any(self.words.toks.text[x][:1].isupper()
                                                        for x in range(start, end) if x not in self.words.phrases))

    # -- pronouns ------------------------------------------------------------------------------

    def _subject_phrase_before(self, j: int, before: int) -> bool:
        """Whether "it" at token ``before`` of sentence ``j`` may take a subject with a phrase
        in this sentence or the one before."""
        for m, limit in ((j, before), (j - 1, None)):
            if m < 0:
                continue
            if m != j and self.words.facts[m].global_effect:
                return True
            sentence = self.parsed.get(m)
            start, end = self.words.bounds[m]
            if sentence is None:  # not parsed: any phrase of it may be in its subject
                if any(x in self.words.phrases for x in range(start, end)):
                    return True
                continue
            for tok in sentence[:limit]:
                if tok.dep_ in SUBJECTS and any(start + t.i in self.words.phrases for t in tok.subtree):
                    return True
        return False

    def _plural_subject_before(self, j: int, before: int) -> bool:
        """Whether "they" at token ``before`` of sentence ``j`` may take a plural subject that
        resolves, in this sentence or the one before."""
        for m, limit in ((j, before), (j - 1, None)):
            if m < 0:
                continue
            sentence = self.parsed.get(m)
            if sentence is None or (m != j and self.words.facts[m].global_effect):
                return True
            for tok in sentence[:limit]:
                if tok.dep_ not in SUBJECTS or tok.lower_ in PLURAL_PRONOUNS:
                    continue
                plural = tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children)
                if plural and self._may_resolve(m, tok):
                    return True
        return False


def _capitalised_runs(toks, lo: int, hi: int) -> list[tuple[int, int]]:
    """Token ranges of the runs of capitalised words between ``lo`` and ``hi``."""
    runs: list[tuple[int, int]] = []
    start = None
    for x in range(lo, hi + 1):
        if x < hi and toks.text[x][:1].isupper():
            if start is None:
                start = x
        elif start is not None:
            runs.append((start, x))
            start = None
    return runs
