"""What a phrase that refers back points to: "he", "it", "they", "the minister", "the two countries", "both sides".

One resolver for every extractor (the participants of an event, the holder of a stance, the pair of a bilateral
topic). Its word classes are the `reference` section of pipeline/knowledge/language.yaml. A person is the latest
person named before; "it" the nearest earlier singular subject (nothing when that subject is a thing, not an
actor); several parties the pair coordinated as a subject nearby, else the most salient recent parties.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from spacy.tokens import Token

from pipeline.core.model import DocumentContext, Mention
from pipeline.knowledge.language import Reference
from pipeline.nlp.mentions import MentionIndex, actor_type, holder_mentions, is_anti
from pipeline.nlp.tokens import argument_tokens, lemma

LOOKBACK_SENTENCES = 5
DOC_SALIENCE_WEIGHT = 0.03
PERSON, THING, PLURAL, PLURAL_PERSON = "person", "thing", "plural", "plural-person"
OWNER_PREPS = {"of", "from"}


def anaphor_kind(head: Token, words: Reference) -> str | None:
    """What the phrase headed by `head` refers back to (person, thing, plural or plural-person), None when it
    does not refer back."""
    word, near = head.lower_, {c.lower_ for c in head.children}
    if word in words.pronouns:
        return words.pronouns[word]
    if word in words.pair_words:  # "the two agreed"
        return PLURAL
    if _is_group(head, words):  # "both countries", "the two sides"
        return PLURAL
    if near & words.pair_words and lemma(head) in words.person_group_nouns:  # "the two leaders"
        return PLURAL_PERSON
    if any(_is_group(part, words) for part in _owners(head)):  # "officials from both sides" speak for them
        return PLURAL
    if "joint" in near and word in words.joint_nouns:  # "a joint statement"
        return PLURAL
    if word in words.title_nouns and "the" in near:  # "the minister"
        return PERSON
    return None


def _owners(head: Token) -> list[Token]:
    """The phrases a noun belongs to: "both countries'" (leaders), (leaders) "of the two countries"."""
    owned = [c for c in head.children if c.dep_ == "poss"]
    preps = [c for c in head.children if c.dep_ == "prep" and c.lower_ in OWNER_PREPS]
    return owned + [o for p in preps for o in p.children if o.dep_ == "pobj"]


def _is_group(head: Token, words: Reference) -> bool:
    """ "both countries", "the two sides": several parties named by a group noun."""
    near = {c.lower_ for c in head.children}
    return bool(near & words.pair_words) and lemma(head) in words.group_nouns


def resolve(
    ctx: DocumentContext,
    head: Token,
    kind: str,
    before: int,
    sentence_start: int,
    words: Reference,
    avoid: Collection[str] = (),
    index: MentionIndex | None = None,
) -> list[str]:
    """The actor ids a referring phrase (headed by `head`, of `anaphor_kind` `kind`, starting at offset `before`
    in the sentence starting at `sentence_start`) points to, none of `avoid`. `index`: the document's mention
    index when the caller has one."""
    if kind == PERSON:
        return resolve_person(ctx, before, sentence_start, avoid)
    if kind == THING:
        index = index or MentionIndex(ctx)
        return _resolve_it(ctx, head, index, sentence_start, avoid, words)
    if head.lower_ in words.pronouns:  # "they": the subjects just named, else the group a plural noun names
        named = _sentence_subjects(ctx, before, sentence_start) or _plural_noun_subject(ctx, sentence_start)
        if named:
            return [a for a in named if a not in avoid]
    return resolve_group(ctx, before, sentence_start, kind == PLURAL_PERSON, avoid)


def resolve_person(
    ctx: DocumentContext, before: int, sentence_start: int, avoid: Collection[str] = ()
) -> list[str]:
    """The most recent person mention before offset `before` (this sentence, then previous ones)."""
    for group in _previous_mentions(ctx, before, sentence_start):
        persons = [m for m in group if actor_type(ctx, m.actor_id) == PERSON and m.actor_id not in avoid]
        if persons:
            return [persons[-1].actor_id]
    return []


def resolve_group(
    ctx: DocumentContext, before: int, sentence_start: int, person: bool = False, avoid: Collection[str] = ()
) -> list[str]:
    """The two most salient recent parties ("they", "both countries", "the two leaders")."""

    def keep(a: str) -> bool:
        return (actor_type(ctx, a) == PERSON) == person and a not in avoid

    ranked = _ranked(ctx, before, sentence_start, keep)
    for pair in _coordinated_pairs(ctx, before, sentence_start, keep):
        if all(a in ranked[:3] for a in pair):
            return pair
    if len(ranked) < 2:
        ranked = _document_salience(ctx, keep)
    counts = _mention_counts(ctx)  # among the recent parties, the document's main pair is the likeliest
    ranked = sorted(ranked, key=lambda a: (-counts.get(a, 0), ranked.index(a)))
    return ranked[:2] if len(ranked) >= 2 else []


def _sentence_index(ctx: DocumentContext, sentence_start: int) -> int | None:
    return next((i for i, s in enumerate(ctx.sentences) if s.char_start == sentence_start), None)


def _previous_mentions(ctx: DocumentContext, before: int, sentence_start: int) -> list[list[Mention]]:
    """Mentions grouped by sentence, most recent first: this sentence before `before`, then earlier ones."""
    groups: list[list[Mention]] = [[m for m in ctx.mentions_in(sentence_start, before)]]
    idx = _sentence_index(ctx, sentence_start)
    if idx is not None:
        for s in reversed(ctx.sentences[max(0, idx - LOOKBACK_SENTENCES) : idx]):
            groups.append(ctx.mentions_in(s.char_start, s.char_end))
    return groups


def _in_subject(token: Token) -> bool:
    return any(a.dep_ in {"nsubj", "nsubjpass"} for a in [token, *token.ancestors][:3])


def _ranked(
    ctx: DocumentContext, before: int, sentence_start: int, keep: Callable[[str], bool], decay: float = 0.15,
    subject_weight: float = 2.0,
) -> list[str]:  # fmt: skip
    """Candidate antecedents ranked by salience: subjects count more, nearer sentences weigh more."""
    scores: dict[str, float] = {}
    for distance, group in enumerate(_previous_mentions(ctx, before, sentence_start)):
        weight = max(0.05, 1.0 - decay * distance)
        best: dict[str, float] = {}  # once per sentence: repetition inside one sentence is not salience
        for m in group:
            if not keep(m.actor_id) or is_anti(ctx, m):
                continue
            span = ctx.doc.char_span(m.char_start, m.char_end, alignment_mode="expand")
            is_subject = span is not None and any(_in_subject(t) for t in span)
            value = weight * (subject_weight if is_subject else 1.0)
            best[m.actor_id] = max(best.get(m.actor_id, 0.0), value)
        for actor_id, value in best.items():
            scores[actor_id] = scores.get(actor_id, 0.0) + value
    counts = _mention_counts(ctx)
    for actor_id in scores:  # the document's main parties are the likelier antecedents
        scores[actor_id] += min(1.5, DOC_SALIENCE_WEIGHT * counts.get(actor_id, 0))
    return sorted(scores, key=lambda a: -scores[a])


def _mention_counts(ctx: DocumentContext, keep: Callable[[str], bool] = lambda a: True) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in ctx.mentions:
        if keep(m.actor_id):
            counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
    return counts


def _document_salience(ctx: DocumentContext, keep: Callable[[str], bool]) -> list[str]:
    counts = _mention_counts(ctx, keep)
    return sorted(counts, key=lambda a: -counts[a])


def _coordinated_pairs(
    ctx: DocumentContext, before: int, sentence_start: int, keep: Callable[[str], bool]
) -> list[list[str]]:
    """'X and Y' pairs of parties, nearest first (the usual antecedent of "both", "the two", "they")."""
    pairs: list[list[str]] = []
    for group in _previous_mentions(ctx, before, sentence_start):
        heads = {}
        for m in group:
            span = ctx.doc.char_span(m.char_start, m.char_end, alignment_mode="expand")
            if span is not None and keep(m.actor_id) and not is_anti(ctx, m):
                heads[span.root.i] = (span.root, m.actor_id)
        for token, actor_id in heads.values():
            if token.dep_ == "conj" and token.head.i in heads and _in_subject(token):
                other = heads[token.head.i][1]
                if other != actor_id:
                    pairs.append([other, actor_id])
    return pairs


def _resolve_it(
    ctx: DocumentContext,
    head: Token,
    index: MentionIndex,
    sentence_start: int,
    avoid: Collection[str],
    words: Reference,
) -> list[str]:
    """ "it"/"its": the nearest earlier subject that can be "it" (a singular noun phrase, not a pronoun); its
    actor if it names one, nothing when it is a thing ("The war erupted in 2023. It has killed ...")."""

    def fits(actor_id: str) -> bool:
        return actor_id not in avoid and index.actor_type(actor_id) != PERSON

    doc = head.doc
    own = {t.i for t in head.head.subtree} if head.head != head else set()
    for i in range(head.i - 1, _window_start(ctx, sentence_start) - 1, -1):
        token = doc[i]
        if (
            token.dep_ not in ("nsubj", "nsubjpass")
            or i in own
            or token.pos_ == "PRON"
            or token.tag_ == "NNS"
        ):
            continue  # a pronoun, or a plural noun ("the leaders"), is not what "it" stands for
        mention_ids = [a for a in index.in_tokens(argument_tokens(token)) if fits(a)]
        if token.i in index.by_token or mention_ids:
            if mention_ids:
                return mention_ids[:1]
            continue  # a person or a plural group: not "it"
        if token.tag_ in ("NNS", "NNPS") or words.pronouns.get(token.lower_) == PLURAL:
            continue
        if token.pos_ in ("NOUN", "PROPN"):
            return []  # "it" is that thing
    return []


def _window_start(ctx: DocumentContext, sentence_start: int) -> int:
    """The first token of the sentence LOOKBACK_SENTENCES before the one starting at `sentence_start`."""
    idx = _sentence_index(ctx, sentence_start) or 0
    first = ctx.sentences[max(0, idx - LOOKBACK_SENTENCES)]
    span = ctx.doc.char_span(first.char_start, first.char_end, alignment_mode="expand")
    return span.start if span is not None else 0


def _sentence_subjects(ctx: DocumentContext, before: int, sentence_start: int) -> list[str]:
    """'X, Y and Z helped ...; they should ...': coordinated non-person subjects earlier in the same sentence."""
    found: list[str] = []
    for m in ctx.mentions_in(sentence_start, before):
        span = ctx.doc.char_span(m.char_start, m.char_end, alignment_mode="expand")
        if span is None or actor_type(ctx, m.actor_id) == PERSON or is_anti(ctx, m):
            continue
        if _is_subject(span.root) and m.actor_id not in found:
            found.append(m.actor_id)
    return found if len(found) >= 2 else []


def _plural_noun_subject(ctx: DocumentContext, sentence_start: int) -> list[str]:
    """'Analysts at Goldman Sachs said ... They cautioned': the previous sentence's plural subject noun
    names the group "they" refers to, and the actor attached to it is who "they" stands for."""
    idx = _sentence_index(ctx, sentence_start)
    if not idx:
        return []
    prev = ctx.sentences[idx - 1]
    span = ctx.doc.char_span(prev.char_start, prev.char_end, alignment_mode="expand")
    if span is None:
        return []
    subject = next((c for c in span.root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is None or subject.tag_ != "NNS":
        return []
    found = [m.actor_id for m in holder_mentions(ctx, subject, {t.i for t in subject.subtree})]
    return found[:1] if len(found) == 1 else []


def _is_subject(token: Token) -> bool:
    """The token heads (or is coordinated with / a modifier-free part of / the 'of' complement of) a subject:
    "China and Russia", "Russian President Putin", "the alliance of OPEC and partners"."""
    while token.head != token and (
        token.dep_ in {"conj", "compound", "appos"}
        or (token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ in {"NOUN", "PROPN"})
    ):
        token = token.head.head if token.dep_ == "pobj" else token.head
    return token.dep_ in {"nsubj", "nsubjpass"}
