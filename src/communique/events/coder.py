"""From a parsed article to events: triggers, arguments, modality, dates, places, quantities.

For each sentence, every token whose lemma is a trigger in the lexicon is tested against its
rules; the first rule whose conditions hold gives the CAMEO code. Source and target come
from the dependency parse (subject/object/prepositional slots, possessives of nominal events,
governing light verbs, control and coordination), never from word order.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from communique.actors.resolver import GROUP_NOUNS, GROUP_WORDS, ArticleActors, make_actor
from communique.events import ontology
from communique.events.intent import intent_code, refusal_code, untargeted
from communique.events.lexicon import DEFAULT_SLOTS, Lexicon, TriggerRule
from communique.events.quantity import quantity_in
from communique.models import ORG_PREFIXES, Actor, Article, Event, MentionRecord
from communique.nlp import MAX_SENTENCE_CHARS
from communique.timeplace import event_dates, place_for_event, place_from_dateline

FUTURE_AUX = {"will", "shall", "'ll", "wo", "gonna"}
HYPOTHETICAL_AUX = {"would", "could", "might", "may"}
INTENT_VERBS = {
    "plan", "intend", "decide", "expect", "want", "hope", "seek", "aim", "prepare", "propose", "pledge",
    "promise", "vow", "foresee", "schedule", "set", "agree", "offer", "consider", "wish",
}
INTENT_NOUNS = {"decision", "plan", "intention", "readiness", "willingness", "proposal", "offer", "pledge", "promise",
                # "reached a consensus / an agreement to exchange information": what is agreed is to come
                "consensus", "agreement", "accord", "deal", "understanding"}
INTENT_ADJS = {"willing", "ready", "scheduled", "expected", "due", "set", "prepared", "eager"}
NEGATING_VERBS = {"fail", "neglect"}  # "failed to reach an agreement"
# ("announced it would prohibit aid" is left out: announcing a decision is the act itself)
REPORT_VERBS = {"say", "report", "claim", "allege", "tell", "state", "confirm", "insist", "indicate", "add", "warn",
                "stress", "reiterate", "acknowledge"}
OBJECT_CONTROL = {"urge", "ask", "call", "help", "allow", "invite", "encourage", "persuade", "force", "request",
                  "tell", "direct", "instruct", "enable", "press"}
FOR_OBJECT_VERBS = {"thank", "praise", "criticize", "criticise", "accuse", "blame", "condemn", "commend", "punish",
                    "congratulate", "reward", "honor", "honour", "fault"}
MAX_TOKENS_PER_SENTENCE = 300
# Codes whose parties act together, so a nominal event with no explicit parties ("the signing
# of agreements") may take the two countries of its sentence as both sides.
MAX_BETWEEN = 4  # "clashes between A, B, C, D, E ...": the first four parties only
RECIPROCAL_CODES = {"030", "036", "040", "041", "044", "046", "057", "060", "061", "064"}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A trigger that matched a rule, before its arguments are resolved."""

    token: Token
    pos: str
    rule: TriggerRule


class EventCoder:
    """Codes parsed articles into :class:`~communique.models.Event` records."""

    def __init__(self, lexicon: Lexicon | None = None, gazetteer=None, office_holders=None, extra_actors=None):
        self.lexicon = lexicon or Lexicon.default()
        self.gazetteer = gazetteer
        self.office_holders = office_holders
        self.extra_actors = extra_actors
        self._future = intent_code

    def code(self, doc: Doc, article: Article) -> list[Event]:
        """All events of one parsed article (``doc`` must be the parse of ``article.text``)."""
        return self.code_with_mentions(doc, article)[0]

    def code_with_mentions(self, doc: Doc, article: Article) -> tuple[list[Event], list[MentionRecord]]:
        """Events and actor mentions (resolved and unresolved) of one parsed article."""
        actors = ArticleActors(doc, article.date, self.gazetteer, self.office_holders, self.extra_actors)
        return self._code_doc(doc, article, actors), actors.mention_records(article.id)

    @staticmethod
    def skipped_sentences(doc: Doc) -> list[str]:
        """Why sentences of ``doc`` were not coded: one line per sentence over the length limits
        (tables, lists and run-ons that the parser cannot analyse reliably)."""
        out = []
        for index, sent in enumerate(doc.sents):
            if _too_long(sent):
                out.append(f"sentence {index + 1} (characters {sent.start_char}-{sent.end_char}) not coded: "
                           f"{len(sent.text)} characters / {len(sent)} tokens, over the limit of "
                           f"{MAX_SENTENCE_CHARS} characters / {MAX_TOKENS_PER_SENTENCE} tokens")
        return out

    def _code_doc(self, doc: Doc, article: Article, actors: ArticleActors) -> list[Event]:
        dateline_place = place_from_dateline(article.dateline)
        events: list[Event] = []
        for index, sent in enumerate(doc.sents):
            if _too_long(sent):
                continue
            events.extend(self._code_sentence(sent, index, article, actors, dateline_place))
        return events

    # -- sentence level ---------------------------------------------------------------------

    def _code_sentence(self, sent: Span, index: int, article: Article, actors: ArticleActors,
                       dateline_place: dict | None) -> list[Event]:
        candidates = self._candidates(sent)
        fired_verbs = {c.token.i for c in candidates if c.pos == "V"}
        coded: list[tuple[Candidate, list[Event]]] = []
        for cand in candidates:
            if cand.pos == "N" and _object_of(cand.token, fired_verbs):
                continue  # "signed agreements", "halted mediation efforts": the verb already codes it
            coded.append((cand, list(self._events_for(cand, sent, index, article, actors, dateline_place))))
        out: list[Event] = []
        seen: set[tuple] = set()
        for event in absorb_complements(coded):
            key = (event.source.code, event.target.code if event.target else None, event.cameo, event.date)
            if key not in seen:
                seen.add(key)
                out.append(event)
        return out

    def _candidates(self, sent: Span) -> list[Candidate]:
        out = []
        for tok in sent:
            for pos in token_positions(tok):
                rule = self.lexicon.match(tok, pos)
                if rule is not None:
                    out.append(Candidate(tok, pos, rule))
                    break
        return out

    def _events_for(self, cand: Candidate, sent: Span, index: int, article: Article, actors: ArticleActors,
                    dateline_place: dict | None) -> Iterable[Event]:
        pairs, inferred = self._arguments(cand, sent, actors)
        if not pairs:
            return []
        modality = detect_modality(cand.token, cand.pos)
        if modality not in ("asserted", "reported"):
            # "to defend Saudi Arabia if it is attacked": no attack, so no unidentified attacker
            pairs = [(s, t) for s, t in pairs if s.text != UNIDENTIFIED_ATTACKERS]
            if not pairs:
                return []
        code = cand.rule.code
        if modality == "future":
            code = self._future(code)
        elif modality == "negated" and _refused_future(cand.token, cand.pos):
            # "Syria will not accept more refugees": a refusal, which is itself an event
            refusal = refusal_code(code)
            if refusal:
                code, modality = refusal, "asserted"
        info = ontology.get_code(code)
        plover, plover_mode = _plover_of(cand.rule, code, info)
        quantity = quantity_in(list(cand.token.subtree))
        place = self._place(cand.token, actors, article.dateline)
        dates = event_dates(sent, cand.token, article.date, future=modality == "future")
        evidence = sent.text.strip()
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        span = (start, start + len(evidence))
        out = []
        for (src, tgt), when in itertools.product(pairs, dates):
            out.append(Event(
                article_id=article.id, sentence_index=index, evidence=evidence, evidence_span=span,
                source=src, target=tgt, cameo=code, cameo_root=info.root, goldstein=info.goldstein,
                quad_class=info.quad_class(), plover=plover, plover_mode=plover_mode,
                plover_context=info.plover_context, modality=modality, date=when.date,
                date_precision=when.precision, date_text=when.text, quantity=quantity, place=place,
                trigger=cand.token.text, confidence=0.6 if inferred else 0.85,
            ))
        return out

    # -- arguments -----------------------------------------------------------------------------

    def _arguments(self, cand: Candidate, sent: Span, actors: ArticleActors) -> tuple[list[tuple[Actor, Actor | None]], bool]:
        """(source, target) pairs of a trigger, and whether any side was inferred from context."""
        tok, pos, rule = cand.token, cand.pos, cand.rule
        src_slots = rule.src_slots or DEFAULT_SLOTS[pos]["src"]
        tgt_slots = rule.tgt_slots or DEFAULT_SLOTS[pos]["tgt"]
        passive = pos == "V" and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) \
            and not _stative_passive(tok)
        inferred = False
        if passive and tok.lemma_.lower() in SELF_DIRECTED_VERBS and not any(c.dep_ == "agent" for c in tok.children):
            # "the guerrillas have been demobilized": who retreats is the passive subject
            sources = self._actors(actors, _with_conjuncts(c for c in tok.children if c.dep_ == "nsubjpass"))
            passive = False
        elif passive:
            sources = self._actors(actors, [o for a in tok.children if a.dep_ == "agent" for o in _objects(a)]
                                   or _attack_agents(tok))
        elif pos == "V" and _stative_passive(tok):
            sources = self._actors(actors, _with_conjuncts(c for c in tok.children if c.dep_ == "nsubjpass"))
            # "opposed to X", "concerned about X": the stance's object is a prepositional phrase
            tgt_slots = (*tgt_slots, *(s for s in STATIVE_OBJECT_PREPS if s not in tgt_slots))
        else:
            sources = self._first_slot(actors, tok, pos, src_slots)
            if not sources and not slot_tokens(tok, "subj", pos):
                sources = self._actors(actors, inherited_agents(tok, pos))
                inferred = bool(sources)
        root = rule.code[:2]
        targets = self._targets(actors, tok, pos, root, passive, tgt_slots)
        if not sources and targets and rule.code[:2] in VIOLENT_ROOTS and _attacker_unnamed(tok, pos, passive):
            # "a roadside bomb killed two US soldiers near Samarra": CAMEO's unidentified armed
            # forces (UAF) of the country where it happened
            attacker = _unidentified_attacker(actors, sent, targets)
            if attacker is not None:
                sources, inferred = [attacker], True
        if sources and targets and all(same_actor(s, t) for s in sources for t in targets):
            # the nearest mention was the source's own country: look past it ("praised the
            # cooperation between Russia and Germany", "demanded the release of a Japanese
            # journalist from Myanmar"), keeping it when there is nothing else (a country
            # acting on its own rebels or citizens; domestic events with distinct sectors)
            farther = self._targets(actors, tok, pos, root, passive, tgt_slots,
                                    frozenset(s.country for s in sources if s.country))
            if farther or all(same_party(s, t) for s in sources for t in targets):
                targets = farther
        between = self._between(tok, pos, actors) if "between" in tgt_slots else []
        if len(between) >= 2 and not targets:
            between = between[:MAX_BETWEEN]
            third = [s for s in sources if all(s.country != b.country for b in between)]
            if len(third) == 1:  # "Kenya mediated between Ethiopia and Eritrea"
                return [(third[0], b) for b in between], inferred
            return reciprocal_pairs(between if len(sources) < 2 else sources), inferred
        if sources and not targets:
            if len(sources) >= 2 and self._mutual(tok, pos, rule, tgt_slots):
                return reciprocal_pairs(sources), inferred
            domestic = rule.code[:2] in DOMESTIC_ROOTS or rule.code.startswith(DISSENT_AT_HOME)
            targets = self._place_targets(actors, tok, pos,
                                          frozenset() if domestic else frozenset(s.country for s in sources))
            if not targets and rule.code.startswith(HOME_AIMED_CODES):
                # "the president shortened the nightly curfew": a state's curfews, emergencies and
                # bans are on its own country
                targets = [make_actor(s.country, None, actors.gaz.country_name(s.country) or s.country, IMPLIED_TEXT)
                           for s in sources if s.country and len(s.country) == 3
                           and (not s.sector or s.sector in STATE_SECTORS)][:1]
            if not targets:
                # "the president resigned": some acts need no one they are aimed at
                return ([(s, None) for s in sources] if untargeted(rule.code) else []), inferred
        if not sources and not targets and pos == "N" and rule.code in RECIPROCAL_CODES and _is_definite(tok):
            implicit = self._implicit_parties(sent, actors)
            return reciprocal_pairs(implicit), True
        if not sources:
            return [], inferred
        pairs = [(s, t) for s in sources for t in targets
                 if not same_party(s, t) or _domestic(s, t, rule.code) or s.sector == "UAF"]
        if not pairs and untargeted(rule.code):
            # "Hizbollah declared a ceasefire in south Lebanon": the place was its own country
            pairs = [(s, None) for s in sources]
        return pairs, inferred

    @staticmethod
    def source_candidates(tok: Token, pos: str, rule: TriggerRule) -> list[Token]:
        """Every token whose actors :meth:`_arguments` may take as a source of ``rule`` on
        ``tok``, whichever branch it takes (the fast path proves on them that a sentence holds
        no event; see :mod:`communique.eventless`). Keep it in step with :meth:`_arguments`."""
        src_slots = rule.src_slots or DEFAULT_SLOTS[pos]["src"]
        out = [t for slot in src_slots for t in slot_tokens(tok, slot, pos)]
        out += inherited_agents(tok, pos)
        out += _with_conjuncts(c for c in tok.children if c.dep_ == "nsubjpass")
        out += [o for a in tok.children if a.dep_ == "agent" for o in _objects(a)]
        out += _attack_agents(tok)
        return out

    @staticmethod
    def sourceless_branch(tok: Token, pos: str, rule: TriggerRule, sentence: Iterable[Token]) -> str | None:
        """The branch of :meth:`_arguments` that may pair actors none of which come from
        :meth:`source_candidates`, if ``rule`` on ``tok`` may take one: "attacker" (a violent
        act by an unnamed attacker, placed in the sentence's country), "implicit" (a definite
        reciprocal noun: the sentence's two countries), "between" (the parties of a
        between/among phrase, when ``sentence`` has one). Keep it in step with
        :meth:`_arguments`."""
        if rule.code[:2] in VIOLENT_ROOTS:
            return "attacker"
        if pos == "N" and rule.code in RECIPROCAL_CODES and _is_definite(tok):
            return "implicit"
        if any(t.lower_ in ("between", "among") for t in sentence):
            return "between"
        return None

    @staticmethod
    def _mutual(tok: Token, pos: str, rule: TriggerRule, tgt_slots: Iterable[str]) -> bool:
        """Whether several sources without a target acted on each other: a reciprocal code
        ("France and Germany agreed"), a group subject ("the two leaders reaffirmed
        solidarity"), or nothing in a target slot ("Armenia and Azerbaijan clashed"), but not
        "Russia and Syria launched air strikes on Idlib" (a target the tables do not know)."""
        if rule.code in RECIPROCAL_CODES:
            return True
        subjects = slot_tokens(tok, "subj", pos) or inherited_agents(tok, pos)
        if any(t.lemma_.lower() in GROUP_NOUNS and {c.lower_ for c in t.children} & GROUP_WORDS for t in subjects):
            return True
        return not any(slot_tokens(tok, s, pos) for s in tgt_slots if s != "between")

    def _targets(self, actors: ArticleActors, tok: Token, pos: str, root: str, passive: bool,
                 slots: Iterable[str], avoid: frozenset[str] = frozenset()) -> list[Actor]:
        """Who a trigger is aimed at (``root``: its rule's CAMEO root)."""
        if passive:
            return self._actors(actors, [c for c in tok.children if c.dep_ == "nsubjpass"], avoid)
        slots = [s for s in slots if s != "between"]
        found = self._first_slot(actors, tok, pos, slots, avoid)
        if not found and pos == "V":
            # "demanded that the US cancel plans": the subject of the clause is the target
            found = self._actors(actors, slot_tokens(tok, "ccsubj", pos), avoid)
        if not found and pos == "V" and self._conditional_target_ok(tok):
            # "threatened to strike unless Israel rescinded ...": who must act is the target
            found = self._actors(actors, _condition_subjects(tok), avoid)
        if not found and root in ACCUSING_ROOTS:
            # "an investigation into crimes committed by Croat forces": the doer of what is
            # investigated or denounced is the target
            found = self._actors(actors, _doers_in(tok, pos, slots), avoid)
        clause_head = tok if pos == "V" else governing_verb(tok)
        if not found and clause_head is not None and (pos == "V" or root == "14"):
            # "offered to hand over to Great Britain ...", "provided rice to help Cuba overcome
            # difficulties", "staged demonstrations to demand the resignation of X", "rioted
            # calling for the removal of X": the complement or purpose clause carries the target
            for comp in (c for c in clause_head.children if c.dep_ in ("xcomp", "advcl")
                         and (_is_infinitive(c) or c.tag_ == "VBG")):
                found = self._first_slot(actors, comp, "V", DEFAULT_SLOTS["V"]["tgt"], avoid)
                if not found and comp.lemma_.lower() in OBJECT_CONTROL:
                    found = self._actors(actors, [s for c in comp.children if c.dep_ in ("ccomp", "xcomp")
                                                  for s in c.children if s.dep_ == "nsubj"], avoid)
                if found:
                    break
        return found

    @staticmethod
    def _conditional_target_ok(tok: Token) -> bool:
        return tok.lemma_.lower() in CONDITIONAL_TARGET_VERBS

    @staticmethod
    def _place_targets(actors: ArticleActors, tok: Token, pos: str, avoid: frozenset[str]) -> list[Actor]:
        """Last resort for a target: the country where the event happens, named in a place
        phrase of the trigger, of its object or of its to-complement ("refused to deploy
        peacekeepers in Iraq", "threatened to resume attacks in Israel", "agreed to set up a
        centre in Tokyo"). The pairing step drops it when it is the source's own country."""
        heads = [tok]
        if pos == "V":
            heads += [c for c in tok.children if c.dep_ == "xcomp" and _is_infinitive(c)]
        heads += [o for h in list(heads) for o in h.children if o.dep_ in ("dobj", "obj")]
        # "contribute troops to a peacekeeping force in Liberia", "an extension of the mandate
        # for the force in Lebanon", "rioted at a jail in Israel": up to three steps down through
        # to/for/of/at phrases
        frontier = heads
        for _ in range(3):
            frontier = [o for h in frontier for p in h.children if p.dep_ == "prep" and p.lower_ in ("to", "for", "of", "at")
                        for o in _objects(p)]
            heads += frontier
        out: list[Actor] = []
        for h in heads:
            for p in h.children:
                if p.dep_ != "prep" or p.lower_ not in PLACE_PREPS:
                    continue
                for o in _place_objects(p):
                    m = actors.mention_at(o)
                    if m is None or m.kind not in PLACE_KINDS or (m.country or "") in avoid:
                        continue
                    out.extend(a for a in actors.actors_for(o, avoid) if a.country and a not in out)
            if out:
                return out
        return out

    def _first_slot(self, actors: ArticleActors, tok: Token, pos: str, slots: Iterable[str],
                    avoid: frozenset[str] = frozenset()) -> list[Actor]:
        for slot in slots:
            found = self._actors(actors, slot_tokens(tok, slot, pos), avoid)
            if found:
                return found
        return []

    @staticmethod
    def _actors(actors: ArticleActors, tokens: Iterable[Token], avoid: frozenset[str] = frozenset()) -> list[Actor]:
        out: list[Actor] = []
        for t in tokens:
            for a in actors.actors_for(t, avoid):
                if a.country and not any(same_actor(a, b) for b in out):
                    out.append(a)
        return out

    @staticmethod
    def _between(tok: Token, pos: str, actors: ArticleActors) -> list[Actor]:
        """The parties of "talks between A and B": one actor per country named in the phrase.

        The phrase runs from "between" to the next modifier of the trigger, so that a list
        the parser attached elsewhere ("calls between General Secretary ... Trong and First
        Secretary ... Díaz-Canel") is still read whole.
        """
        heads = [tok]
        if pos == "N" and tok.dep_ == "compound":  # "a mediation [effort] between A and B"
            heads.append(tok.head)
        if pos == "N" and governing_verb(tok) is not None:
            heads.append(governing_verb(tok))
        for head in heads:
            prep = next((p for p in head.children if p.dep_ == "prep" and p.lower_ in ("between", "among")), None)
            if prep is None:
                continue
            stops = [c.i for h in heads for c in h.children
                     if c.i > prep.i and c.dep_ in ("prep", "advmod", "acl", "relcl", "advcl", "npadvmod")]
            end = min(stops) if stops else prep.sent.end
            return actors.actors_in_span(prep.doc[prep.i + 1:end])
        return []

    @staticmethod
    def _implicit_parties(sent: Span, actors: ArticleActors) -> list[Actor]:
        """For a nominal event with no arguments ("the signing of agreements"), the two countries of
        the sentence, if there are exactly two."""
        countries = actors.countries_in(sent)
        if len(countries) != 2:
            return []
        gaz = actors.gaz
        return [Actor(code=c, country=c, sector=None, name=gaz.country_name(c) or c, text="") for c in countries]

    @staticmethod
    def _place(tok: Token, actors: ArticleActors, dateline: str | None) -> dict | None:
        """Where the event happened: a place phrase on its trigger, else the dateline's place; the
        article's countries decide ambiguous names (see :mod:`communique.timeplace.locate`)."""
        return place_for_event(tok, actors.focus, actors) or place_from_dateline(dateline, actors.focus)


def _complement_head(tok: Token) -> Token | None:
    """The verb or noun whose "to"/"that" complement ``tok`` heads ("agreed [to provide]")."""
    t = tok
    for _ in range(3):
        if t.dep_ in ("xcomp", "ccomp", "acl") and t.head.i != t.i:
            return t.head
        if t.dep_ == "pcomp" and t.head.dep_ == "prep":  # "accused Japan [of attacking] Kenya"
            return t.head.head
        if t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
            continue
        return None
    return None


def absorb_complements(coded: list[tuple[Candidate, list[Event]]]) -> list[Event]:
    """One event for "X agreed to provide aid", "X threatened to shell Y", "X urged Y to visit".

    A trigger inside the complement of another trigger is not a separate event:
    * after an intent (root 03: agree, offer, promise) the inner event is kept, coded as its
      intention (the modality already says future), and the outer one is dropped, unless the
      inner one found no actors;
    * after a threat (root 13) the threat takes the inner event's threat code (the intent
      table maps "shell" -> 138 threaten with military force) and the inner one is dropped;
    * after a plain rejection (120) the rejection takes the inner event's refusal code
      ("refused to release the prisoners" -> 1243) and the inner one is dropped;
    * after anything else (appeals, demands, rejections) the inner event did not happen and
      is dropped.
    """
    by_token = {cand.token.i: (cand, events) for cand, events in coded}
    drop: set[int] = set()
    recode: dict[int, str] = {}
    # the outer trigger's own events, or those it takes over from its complement (below)
    modality: dict[int, str] = {}
    for cand, events in coded:
        protest = _protest_of_purpose(cand.token, by_token)
        if protest is not None and cand.rule.code[:2] in PROTEST_PURPOSE_ROOTS:
            # "staged demonstrations to demand the resignation of X": one protest event, coded
            # for what was demanded (1041 change of leadership -> 1411 demonstrate for it)
            _fold_into_outer(cand, events, protest, protest_code(protest[0].rule.code, cand.rule.code),
                             drop, recode, modality, prefer_inner=_aimed_at_home_only(protest[1]))
            continue
        outer = _outer_trigger(cand.token, by_token)
        if outer is None:
            # deeper inside what was demanded, appealed for or rejected ("demanded that the US
            # cancel plans to sell weapons"): not an event either
            if _under_irrealis_trigger(cand.token, by_token):
                drop.add(cand.token.i)
            continue
        outer_cand = outer[0]
        root = outer_cand.rule.code[:2]
        if root == "03":
            if events:
                drop.add(outer_cand.token.i)
        elif root == "13":
            threat = intent_code(cand.rule.code) if int(cand.rule.code[:2]) >= 14 else outer_cand.rule.code
            _fold_into_outer(cand, events, outer, threat, drop, recode, modality)
        elif root == "12":
            refusal = refusal_code(cand.rule.code)
            if not (refusal and outer_cand.rule.code in ("120", "12")):
                refusal = outer_cand.rule.code
            _fold_into_outer(cand, events, outer, refusal, drop, recode, modality)
        elif root in IRREALIS_ROOTS or outer_cand.rule.code.startswith("112"):
            drop.add(cand.token.i)  # appealed for, demanded, alleged: not (yet) an event
        # otherwise ("thanked Vietnam for providing rice") both events stand
    out: list[Event] = []
    for cand, events in coded:
        if cand.token.i in drop:
            continue
        code = recode.get(cand.token.i)
        if code:
            events = [with_code(e, code) for e in events]
        if cand.token.i in modality:
            events = [dataclasses.replace(e, modality=modality[cand.token.i]) for e in events]
        out.extend(events)
    return out


PROTEST_PURPOSE_ROOTS = {"02", "10", "11", "14"}  # appeal, demand, disapprove, protest


def _protest_of_purpose(tok: Token, by_token: dict) -> tuple | None:
    """The protest (root 14) whose purpose clause ``tok`` heads: "rioted [calling] for ...",
    "staged demonstrations [to demand] ...", "began a hunger strike [to protest] ..."."""
    if tok.dep_ not in ("advcl", "acl", "xcomp") or not (_is_infinitive(tok) or tok.tag_ == "VBG"):
        return None
    head = tok.head
    for h in (head, *(c for c in head.children if c.dep_ in ("dobj", "obj"))):
        outer = by_token.get(h.i)
        if outer is not None and outer[0].rule.code[:2] == "14":
            return outer
    return None


def protest_code(protest: str, purpose: str) -> str:
    """A protest's code refined by its purpose: 141 + demand 1041 (change of leadership) ->
    1411; CAMEO's 14x1..14x4 follow the order of 1041..1044."""
    if len(protest) == 3 and protest[:2] == "14" and protest != "140" and purpose[:3] == "104" and len(purpose) == 4:
        refined = protest + purpose[3]
        if ontology.is_valid_code(refined):
            return refined
    return protest


def _outer_trigger(tok: Token, by_token: dict) -> tuple | None:
    """The trigger whose complement holds ``tok``: "agreed [to provide] aid", and through a
    verb that is no trigger, "agreed to undertake [exercises]", "promised to continue [aid]"."""
    head = _complement_head(tok)
    if head is not None and head.i in by_token:
        return by_token[head.i]
    if tok.dep_ in ("dobj", "obj") and tok.head.i not in by_token:
        head = _complement_head(tok.head)
        if head is not None and head.i in by_token:
            return by_token[head.i]
    return None


def _aimed_at_home_only(events: list[Event]) -> bool:
    """Whether a protest's events have no target but the protesters' own country (the place
    it happened in), which what the protest demands says better."""
    return all(e.target is None or (not e.target.sector and e.target.country == e.source.country) for e in events)


def _fold_into_outer(inner: Candidate, inner_events: list[Event], outer: tuple, code: str,
                     drop: set[int], recode: dict[int, str], modality: dict[int, str],
                     prefer_inner: bool = False) -> None:
    """Make "X threatened/refused to do Y" one event coded ``code``: the outer trigger's
    own events when it found its actors, else the inner event's actors (the outer one
    found none, or no target: "Pakistan refused to deploy peacekeepers in Iraq"), or when
    ``prefer_inner`` and the inner event found its target."""
    outer_cand, outer_events = outer
    inner_targeted = any(e.target for e in inner_events)
    if (any(e.target for e in outer_events) and not (prefer_inner and inner_targeted)) or not inner_events:
        drop.add(inner.token.i)
        recode[outer_cand.token.i] = code
    else:
        drop.add(outer_cand.token.i)
        recode[inner.token.i] = code
        # the threat or refusal itself happened; what was threatened or refused did not
        modality[inner.token.i] = detect_modality(outer_cand.token, outer_cand.pos)


IRREALIS_ROOTS = {"02", "10", "12", "13"}  # appeal, demand, reject, threaten
# Verbs whose target may be the party a condition is put to ("threatened to X unless Y ...").
CONDITIONAL_TARGET_VERBS = {"threaten", "warn", "vow", "pledge", "promise", "offer"}
PLACE_PREPS = {"in", "into", "inside", "throughout", "across"}
# Roots whose events a state's institutions direct at their own country ("lifted the state of
# emergency in Darfur", "imposed a curfew in Cizre"): such a pair is no self-reference.
DOMESTIC_ROOTS = {"08", "17"}
# Protest (14) and its easing (082: calling off a strike or a demonstration) by a country's
# people in their own country are aimed at that country.
DISSENT_AT_HOME = ("14", "082")
# Participles that, after "be", state the subject's own stance or engagement.
STATIVE_PARTICIPLES = {
    "oppose", "commit", "determine", "prepare", "dedicate", "devote", "engage", "involve", "resolve",
    "concern", "worry", "alarm", "disappoint", "dismay", "outrage", "anger", "satisfy", "please",
    "delight", "interest", "convince", "inclined", "opposed", "committed", "determined", "prepared",
}
ATTACK_NOUNS = {"raid", "strike", "airstrike", "operation", "assault", "offensive", "clash", "crackdown", "shootout"}
STATIVE_OBJECT_PREPS = ("to", "about", "over", "with", "at")
# Retreats done by the passive subject itself: "the guerrillas have been demobilized".
SELF_DIRECTED_VERBS = {"demobilize", "demobilise", "disarm", "disband", "withdraw", "pull", "redeploy"}
# Verbs whose object did not happen: "a deal to avoid a regime assault", "prevented an attack".
PREVENTING_VERBS = {"avoid", "prevent", "avert", "forestall", "thwart", "foil", "deter", "stave"}
# Nouns that name a place by an of-phrase: "the city of Algiers", "the province of Aceh".
PLACE_NOUNS = {"city", "town", "village", "capital", "province", "region", "state", "district", "area",
               "enclave", "port", "island", "territory", "country", "republic"}
IMPLIED_TEXT = ""  # the text of an actor the sentence implies but does not write
# Acts a state can only direct at its own country when no one else is named: easing or
# imposing curfews, emergencies, bans on parties and restrictions on freedoms.
HOME_AIMED_CODES = ("0811", "0812", "0813", "0814", "1721", "1722", "1723", "1724")
# Nouns of ability, duty or permission: what they are "to" do has not happened.
MODAL_NOUNS = {"right", "ability", "capacity", "capability", "responsibility", "duty", "obligation", "need",
               "power", "freedom", "permission", "authority", "mandate", "lever", "leverage", "chance", "opportunity"}
# Heads that measure an event noun out ("ten days of war games", "a round of talks").
MEASURE_HEADS = {"day", "week", "month", "year", "hour", "round", "series", "session", "wave", "spate"}
ACCUSING_ROOTS = {"09", "11"}  # investigate, disapprove: aimed at the doer of what they are about
UNIDENTIFIED_ATTACKERS = "unidentified attackers"  # the text of an inferred UAF source
VIOLENT_ROOTS = {"18", "19", "20"}  # assault, fight, mass violence
# Subjects that name the means of an attack, not who carried it out: "a car bomb killed ...".
ATTACK_MEANS = {
    "bomb", "bombing", "blast", "explosion", "explosive", "device", "mine", "minefield", "landmine",
    "shell", "shelling", "rocket", "mortar", "grenade", "missile", "ambush", "attack", "gunfire", "fire",
    "gunman", "attacker", "assailant", "sniper", "bomber", "militant", "insurgent", "kidnapper",
}
STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}


def _domestic(source: Actor, target: Actor, code: str) -> bool:
    """A state institution acting on its own country, for codes where that is an event; or a
    protest by a country's people in that country ("ethnic Albanians demonstrated in Serbia":
    a protest in Serbia is aimed at Serbia)."""
    if source.country != target.country or target.sector:
        return False
    if code.startswith(DISSENT_AT_HOME):
        return bool(source.sector) and source.sector not in STATE_SECTORS
    return code[:2] in DOMESTIC_ROOTS and (source.sector in STATE_SECTORS or not source.sector)
PLACE_KINDS = {"country", "capital", "alias", "region"}


def _under_irrealis_trigger(tok: Token, by_token: dict) -> bool:
    """True if an appeal, demand, rejection or threat governs ``tok`` through its clauses."""
    t = tok
    for _ in range(6):
        if t.head.i == t.i or t.dep_ in ("conj", "advcl", "parataxis"):
            return False
        t = t.head
        outer = by_token.get(t.i)
        if outer is not None:
            return outer[0].rule.code[:2] in IRREALIS_ROOTS
    return False


def _stative_passive(tok: Token) -> bool:
    """A participle that states the subject's stance ("Israel is opposed to French mediation",
    "Vietnam is committed to opening up"): its grammatical subject is the actor, unless a
    "by"-agent says otherwise."""
    return (tok.lemma_.lower() in STATIVE_PARTICIPLES and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
            and not any(c.dep_ == "agent" for c in tok.children))


def _object_of(tok: Token, verbs: set[int]) -> bool:
    """Whether noun ``tok`` (or the phrase it modifies: "mediation [efforts]") is the direct or
    passive object of one of ``verbs``."""
    t = tok
    while t.dep_ in ("compound", "conj") and t.head.i != t.i:
        t = t.head
    return t.head.i in verbs and t.dep_ in ("dobj", "nsubjpass")


def _doers_in(tok: Token, pos: str, slots: Iterable[str]) -> list[Token]:
    """Agents of the participle clauses on a trigger's objects: "crimes [committed by X]"."""
    out = []
    for slot in slots:
        for obj in slot_tokens(tok, slot, pos):
            for acl in (c for c in obj.children if c.dep_ == "acl"):
                out += [o for a in acl.children if a.dep_ == "agent" for o in _objects(a)]
    return out


def _place_objects(prep: Token) -> list[Token]:
    """The objects of a place preposition, and the names they introduce ("in the capital city
    of Algiers", "in the province of Aceh")."""
    out = []
    for o in _objects(prep):
        out.append(o)
        if o.lemma_.lower() in PLACE_NOUNS:
            out += [n for p in o.children if p.dep_ == "prep" and p.lower_ == "of" for n in _objects(p)]
    return out


def _attack_agents(tok: Token) -> list[Token]:
    """Who carried out the attack a passive verb happened in: "was killed in a raid by US
    commandos" -> commandos."""
    out = []
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "during")):
        for noun in _objects(prep):
            if noun.lemma_.lower() in ATTACK_MEANS or noun.lemma_.lower() in ATTACK_NOUNS:
                out += [o for p in noun.children if p.dep_ in ("prep", "agent") and p.lower_ == "by"
                        for o in _objects(p)]
    return out


def _attacker_unnamed(tok: Token, pos: str, passive: bool) -> bool:
    """Whether a violent act's doer is not named: a passive with no agent ("three civilians
    were killed"), or a subject or agent that is the means, or an anonymous attacker ("a
    bomb", "gunmen")."""
    if pos != "V":
        return False
    if passive:
        agents = [o for a in tok.children if a.dep_ == "agent" for o in _objects(a)] + _attack_agents(tok)
    else:
        agents = [c for c in tok.children if c.dep_ == "nsubj"]
    return not agents or all(a.lemma_.lower() in ATTACK_MEANS and a.pos_ == "NOUN" for a in agents)


def _unidentified_attacker(actors: ArticleActors, sent: Span, targets: list[Actor]) -> Actor | None:
    """Unidentified armed forces (sector UAF) of the country where a violent act took place:
    the one country (or city of one country) the sentence names besides the victims' own, or
    the victims' country when the sentence names no other."""
    victims = {t.country for t in targets if t.country}
    named = {c for c in actors.countries_and_cities_in(sent) if len(c) == 3 and c not in ORG_PREFIXES}
    others = named - victims
    if len(others) == 1:
        country = others.pop()
    elif not others and len(victims) == 1:
        country = next(iter(victims))
    else:
        return None
    return make_actor(country, "UAF", actors.gaz.country_name(country) or country, UNIDENTIFIED_ATTACKERS)


def _plover_of(rule, code: str, info) -> tuple[str, str]:
    """PLOVER type and mode of an event coded ``code`` by ``rule``: the rule's own where it has
    one and the code is still the rule's (not turned into an intent or a refusal)."""
    if rule.plover and code == rule.code:
        return rule.plover, rule.plover_mode
    return info.plover, info.plover_mode


def with_code(event: Event, code: str) -> Event:
    """A copy of ``event`` recoded as ``code`` (Goldstein, quad class and PLOVER follow)."""
    info = ontology.get_code(code)
    return dataclasses.replace(
        event, id="", cameo=code, cameo_root=info.root, goldstein=info.goldstein, quad_class=info.quad_class(),
        plover=info.plover, plover_mode=info.plover_mode, plover_context=info.plover_context,
    )


# -- helpers over the parse -------------------------------------------------------------------


def token_positions(tok: Token) -> tuple[str, ...]:
    """How a token may be used as a trigger: "V" (verb) and/or "N" (event noun)."""
    if tok.pos_ in ("NOUN", "PROPN"):
        return ("N",)
    if tok.pos_ == "VERB":
        # tagger slips: "approved resolutions and calls to the UN" tags "calls" as a verb
        if tok.dep_ == "conj" and tok.head.pos_ in ("NOUN", "PROPN") and tok.tag_ == "VBZ":
            return ("N", "V")
        return ("V",)
    return ()


def _objects(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def _with_conjuncts(tokens: Iterable[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i)
    return out


def _prep_children(tok: Token, word: str) -> list[Token]:
    return [o for p in tok.children if p.dep_ in ("prep", "dative", "agent") and p.lower_ == word for o in _objects(p)]


def governing_verb(tok: Token) -> Token | None:
    """The verb a nominal trigger depends on ("held talks" -> held; "during his visit" -> None)."""
    t = tok
    while t.dep_ in ("conj", "compound") and t.head.i != t.i:  # "launched a [mediation] effort"
        t = t.head
    # "launched ten days of [war games]", "held a new round of [talks]": through the measure
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_.lower() in MEASURE_HEADS:
        t = t.head.head
    if t.dep_ in ("dobj", "attr", "oprd", "nsubjpass") and t.head.pos_ in ("VERB", "AUX"):
        return t.head
    # "took part in talks", not "comes after the signing" (a time adjunct)
    if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.lower_ in ("in", "into") \
            and t.head.head.pos_ in ("VERB", "AUX"):
        return t.head.head
    return None


def slot_tokens(tok: Token, slot: str, pos: str) -> list[Token]:
    """The head tokens filling argument ``slot`` of trigger ``tok``."""
    if slot == "subj":
        return _with_conjuncts(c for c in tok.children if c.dep_ in ("nsubj", "csubj"))
    if slot == "dobj":
        return _with_conjuncts(c for c in tok.children if c.dep_ in ("dobj", "obj"))
    if slot == "dative":
        return _with_conjuncts(c for c in tok.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP")
    if slot == "poss":
        return [c for c in tok.children if c.dep_ == "poss"]
    if slot == "compound":
        return [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
    if slot == "ccsubj":  # "demanded that [the US] cancel ...": the subject of the clause
        return _with_conjuncts(s for c in tok.children if c.dep_ == "ccomp"
                               for s in c.children if s.dep_ in ("nsubj", "nsubjpass"))
    found = _prep_children(tok, slot)
    if not found and pos == "V" and slot not in ("of", "by"):
        # "signed an agreement with X", "held talks with X": the phrase hangs on the object
        for obj in (c for c in tok.children if c.dep_ in ("dobj", "obj")):
            found = _prep_children(obj, slot)
            if found:
                break
    if not found and pos == "N":
        verb = governing_verb(tok)
        if verb is not None and slot not in ("of", "by"):
            found = _prep_children(verb, slot)
    if not found and pos == "N" and slot not in ("of", "by", "poss", "compound"):
        # "a suspension of air links with Serbia": the phrase hangs on the of-object
        for obj in _prep_children(tok, "of"):
            found = _prep_children(obj, slot)
            if found:
                break
    if slot == "on" and not found:
        # "called on X to ...": particle + object
        if any(c.dep_ == "prt" and c.lower_ == "on" for c in tok.children):
            found = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
    return _with_conjuncts(found)


def _subject_of(verb: Token, depth: int = 0) -> list[Token]:
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subj:
        return _with_conjuncts(subj)
    if depth > 6:
        return []
    return inherited_agents(verb, "V", depth + 1)


def inherited_agents(tok: Token, pos: str, depth: int = 0) -> list[Token]:
    """Who does an event whose trigger has no subject of its own: the controller of an
    infinitive ("X urged Y to visit": Y), the subject of a coordinated or light verb, the
    object of "thank X for providing", the owner of "X's decision to present"."""
    if depth > 6:
        return []
    if pos == "N":
        verb = governing_verb(tok)
        if verb is not None:
            return _subject_of(verb, depth)
        if tok.dep_ == "conj":
            return inherited_agents(tok.head, "N", depth + 1)
        return []
    head = tok.head
    if head.i == tok.i:
        return []
    dep = tok.dep_
    if dep == "xcomp" or (dep == "ccomp" and head.lemma_.lower() in OBJECT_CONTROL):
        if head.lemma_.lower() in OBJECT_CONTROL:
            objs = [c for c in head.children if c.dep_ in ("dobj", "obj")]
            objs += _prep_children(head, "on")
            if objs:
                return _with_conjuncts(objs)
        return _subject_of(head, depth)
    if dep in ("conj", "advcl", "acomp"):  # acomp: "Syria is [willing] to withdraw"
        return _subject_of(head, depth)
    if dep == "pcomp" and head.dep_ == "prep":
        verb = head.head
        if head.lower_ == "for" and verb.lemma_.lower() in FOR_OBJECT_VERBS:
            objs = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
            if objs:
                return _with_conjuncts(objs)
        if verb.pos_ in ("VERB", "AUX"):
            return _subject_of(verb, depth)
        if verb.dep_ == "acomp" and verb.head.pos_ in ("VERB", "AUX"):
            return _subject_of(verb.head, depth)  # "X and Y are [guilty] of violating ..."
        poss = [c for c in verb.children if c.dep_ == "poss"]  # "Vietnam's stance on supporting X"
        return poss or inherited_agents(verb, "N", depth + 1)
    if dep == "acl":
        owner = head
        poss = [c for c in owner.children if c.dep_ == "poss"]
        if poss:
            return poss
        if owner.lemma_.lower() in MODAL_NOUNS:  # "the right of Russian troops to fire"
            of_objects = _prep_children(owner, "of")
            if of_objects:
                return _with_conjuncts(of_objects)
        return inherited_agents(owner, "N", depth + 1)
    if dep == "relcl":
        return [head]
    return []


def detect_modality(tok: Token, pos: str) -> str:
    """asserted | future | negated | hypothetical | reported, from auxiliaries, negation,
    intent verbs/nouns/adjectives and conditional clauses around the trigger."""
    chain = [tok]
    verb = governing_verb(tok) if pos == "N" else None
    if verb is not None:
        chain.append(verb)
    if any(c.dep_ == "neg" for t in chain for c in t.children):
        return "negated"
    if verb is not None and verb.lemma_.lower() in PREVENTING_VERBS:
        return "negated"
    if any(c.dep_ == "mark" and c.lower_ == "whether" for t in chain for c in t.children):
        return "hypothetical"
    for t in chain:
        auxes = {c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass")}
        if auxes & FUTURE_AUX or ("would" in auxes and _reported_clause(t)):
            return "future"  # "said they would meet": the future of reported speech
        if auxes & HYPOTHETICAL_AUX:
            return "hypothetical"
    # infinitive under an intent verb/noun/adjective: "decided to visit", "a decision to present"
    t = chain[-1]
    for _ in range(4):
        head = t.head
        if head.i == t.i:
            break
        if t.dep_ in ("xcomp", "acl", "ccomp", "advcl") and any(c.lower_ == "to" and c.dep_ == "aux" for c in t.children):
            lemma = head.lemma_.lower()
            if lemma in NEGATING_VERBS or lemma in PREVENTING_VERBS:
                return "negated"
            if lemma in INTENT_VERBS or lemma in INTENT_NOUNS or lemma in INTENT_ADJS:
                return "future"
            if lemma in MODAL_NOUNS and head.pos_ == "NOUN":
                return "hypothetical"  # "the right of Russian troops to fire", "a responsibility to assist"
            if head.pos_ in ("VERB", "AUX") and {c.lower_ for c in head.children if c.dep_ == "aux"} & FUTURE_AUX:
                return "future"
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in t.children):
            return "hypothetical"
        if t.dep_ == "ccomp" and head.lemma_.lower() in REPORT_VERBS:
            return "reported"
        t = head
    return "asserted"


def _refused_future(tok: Token, pos: str) -> bool:
    """A negated future ("will not accept", "won't attend", "would not meet" in reported
    speech): CAMEO reads it as a refusal, unlike a negated past ("did not sign")."""
    verb = governing_verb(tok) if pos == "N" else tok
    if verb is None:
        return False
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(auxes & FUTURE_AUX) or ("would" in auxes and _reported_clause(verb))


def _too_long(sent: Span) -> bool:
    return len(sent.text) > MAX_SENTENCE_CHARS or len(sent) > MAX_TOKENS_PER_SENTENCE


def _condition_subjects(tok: Token) -> list[Token]:
    """Subjects of an "if"/"unless" clause on ``tok`` or on its to-complement."""
    heads = [tok, *(c for c in tok.children if c.dep_ == "xcomp")]
    return _with_conjuncts(s for h in heads for c in h.children if c.dep_ == "advcl"
                           and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
                           for s in c.children if s.dep_ in ("nsubj", "nsubjpass"))


def _reported_clause(tok: Token) -> bool:
    """The clause of ``tok`` is what someone said ("X said [they would meet]"), with no condition."""
    if any(c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children) for c in tok.children):
        return False
    return tok.dep_ == "ccomp" and tok.head.lemma_.lower() in REPORT_VERBS


def _is_infinitive(tok: Token) -> bool:
    """A "to"-infinitive clause ("to help Cuba")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _is_definite(tok: Token) -> bool:
    """A definite event nominal ("the signing ..."), which refers to a known event."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "these") for c in tok.children)


def same_actor(a: Actor, b: Actor) -> bool:
    """True if two actors are the same party: same code, or the same country where one side
    has no sector ("Vietnam's government reaffirmed Vietnam's support" is not an event)."""
    if a.code == b.code:
        return True
    return a.country == b.country and (not a.sector or not b.sector)


def same_party(source: Actor, target: Actor) -> bool:
    """:func:`same_actor` for a source acting on a target, except that a country acting on
    its own rebels, opposition or citizens is an event ("Croatia is investigating Croatian
    extremists", "Syrian planes killed civilians"); the reverse is not ("Kenyan students
    demonstrated in Nairobi" is not aimed at Kenya)."""
    if not source.sector and target.sector and target.sector not in STATE_SECTORS and source.country == target.country:
        return False
    return same_actor(source, target)


def reciprocal_pairs(group: list[Actor]) -> list[tuple[Actor, Actor]]:
    """Both directions between each pair of distinct actors of a group ("the two sides agreed")."""
    return [(a, b) for a, b in itertools.permutations(group, 2) if a.country != b.country]
