"""Who holds a position: the actors in the subject of a cue, with pronoun / title / "both countries" resolution.
The word classes are the `reference` section of pipeline/knowledge/language.yaml.

Works on any `DocumentContext`: it reads only `Mention.actor_id`, mention offsets and `ctx.actors[...].actor_type`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Span, Token

from pipeline.core.model import DocumentContext, Mention
from pipeline.knowledge.language import Reference, language

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
# Dependencies through which a verb inherits the subject of its head ("X rejected ... and slammed ...").
INHERIT_DEPS = {"conj", "xcomp", "advcl", "acl", "relcl", "pcomp", "prep", "pobj", "ccomp", "acomp", "oprd"}
LOOKBACK_SENTENCES = 5
DOC_SALIENCE_WEIGHT = 0.03


def subject_tokens(verb: Token) -> tuple[list[Token], bool]:
    """Subject tokens of `verb` (walking up through conj/xcomp/advcl heads) and whether it is a passive agent."""
    cursor: Token | None = verb
    for _ in range(8):
        if cursor is None:
            break
        agent = [c for c in cursor.children if c.dep_ == "agent"]
        if agent:  # "was criticised by X", "the budget sought by X"
            return [t for a in agent for t in a.subtree if t.dep_ != "agent" and t.lower_ != "by"], True
        if cursor == verb and _agentless_passive(cursor):
            return [], True
        subjects = [c for c in cursor.children if c.dep_ in SUBJECT_DEPS and c.dep_ != "expl"]
        if subjects:
            return [t for s in subjects for t in s.subtree], False
        if cursor.dep_ not in INHERIT_DEPS or cursor.head == cursor:
            break
        previous, cursor = cursor, cursor.head
        if cursor.pos_ in {"NOUN", "PROPN"} and cursor.dep_ in {"nsubj", "nsubjpass"}:
            # "China and Russia, in opposing X, have ...": the noun subject the clause hangs from
            branch = {t.i for t in previous.subtree}
            return [
                t for t in cursor.subtree if (t.i not in branch and t.dep_ != "prep") or t.i == cursor.i
            ], False
    return [], False


def _agentless_passive(verb: Token) -> bool:
    """'X was criticised' says nothing about who criticised ('X is opposed to Y' does: X holds it)."""
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    to_object = any(c.dep_ == "prep" and c.lower_ in {"to", "toward", "towards"} for c in verb.children)
    return passive and not to_object


def mentions_in_tokens(ctx: DocumentContext, tokens: Iterable[Token]) -> list[Mention]:
    """Mentions lying inside the character range covered by `tokens` (in text order, one per actor)."""
    tokens = list(tokens)
    if not tokens:
        return []
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    seen: set[str] = set()
    found: list[Mention] = []
    for m in ctx.mentions_in(start, end):
        if m.actor_id not in seen:
            seen.add(m.actor_id)
            found.append(m)
    return found


def actor_type(ctx: DocumentContext, actor_id: str) -> str:
    actor = ctx.actors.get(actor_id)
    if actor is not None:
        return actor.actor_type
    return actor_id.split(":", 1)[0] if ":" in actor_id else "country"


def _previous_mentions(ctx: DocumentContext, before: int, sentence_start: int) -> list[list[Mention]]:
    """Mentions grouped by sentence, most recent first: this sentence before `before`, then earlier ones."""
    groups: list[list[Mention]] = [[m for m in ctx.mentions_in(sentence_start, before)]]
    idx = next((i for i, s in enumerate(ctx.sentences) if s.char_start == sentence_start), None)
    if idx is not None:
        for s in reversed(ctx.sentences[max(0, idx - LOOKBACK_SENTENCES) : idx]):
            groups.append(ctx.mentions_in(s.char_start, s.char_end))
    return groups


def resolve_person(ctx: DocumentContext, before: int, sentence_start: int) -> list[str]:
    """The most recent person mention before offset `before` (this sentence, then previous ones)."""
    for group in _previous_mentions(ctx, before, sentence_start):
        persons = [m for m in group if actor_type(ctx, m.actor_id) == "person"]
        if persons:
            return [persons[-1].actor_id]
    return []


def _ranked(
    ctx: DocumentContext, before: int, sentence_start: int, keep: Callable[[str], bool], decay: float = 0.15,
    subject_weight: float = 2.0,
) -> list[str]:  # fmt: skip
    """Candidate antecedents ranked by salience: subjects count more, nearer sentences weigh more."""
    scores: dict[str, float] = {}
    best: dict[str, float] = {}
    for distance, group in enumerate(_previous_mentions(ctx, before, sentence_start)):
        weight = max(0.05, 1.0 - decay * distance)
        for m in group:
            if not keep(m.actor_id) or _is_anti(ctx, m):
                continue
            span = ctx.doc.char_span(m.char_start, m.char_end, alignment_mode="expand")
            is_subject = span is not None and any(
                a.dep_ in {"nsubj", "nsubjpass"} for t in span for a in [t, *t.ancestors][:3]
            )
            value = weight * (subject_weight if is_subject else 1.0)
            best[m.actor_id] = max(best.get(m.actor_id, 0.0), value)
        for (
            actor_id,
            value,
        ) in best.items():  # once per sentence: repetition inside one sentence is not salience
            scores[actor_id] = scores.get(actor_id, 0.0) + value
        best.clear()
    counts = _mention_counts(ctx)
    for actor_id in scores:  # the document's main parties are the likelier antecedents
        scores[actor_id] += min(1.5, DOC_SALIENCE_WEIGHT * counts.get(actor_id, 0))
    return sorted(scores, key=lambda a: -scores[a])


def _mention_counts(ctx: DocumentContext) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in ctx.mentions:
        counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
    return counts


def _document_salience(ctx: DocumentContext, keep: Callable[[str], bool]) -> list[str]:
    counts: dict[str, int] = {}
    for m in ctx.mentions:
        if keep(m.actor_id):
            counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
    return sorted(counts, key=lambda a: -counts[a])


def resolve_group(ctx: DocumentContext, before: int, sentence_start: int, person: bool = False) -> list[str]:
    """The two most salient recent parties ("they", "both countries", "the two leaders")."""

    def keep(a: str) -> bool:
        return (actor_type(ctx, a) == "person") == person

    ranked = _ranked(ctx, before, sentence_start, keep)
    for pair in _coordinated_pairs(ctx, before, sentence_start, keep):
        if all(a in ranked[:3] for a in pair):
            return pair
    if len(ranked) < 2:
        ranked = _document_salience(ctx, keep)
    counts = _mention_counts(ctx)  # among the recent parties, the document's main pair is the likeliest
    ranked = sorted(ranked, key=lambda a: (-counts.get(a, 0), ranked.index(a)))
    return ranked[:2] if len(ranked) >= 2 else []


def _coordinated_pairs(
    ctx: DocumentContext, before: int, sentence_start: int, keep: Callable[[str], bool]
) -> list[list[str]]:
    """'X and Y' pairs of parties, nearest first (the usual antecedent of "both", "the two", "they")."""
    pairs: list[list[str]] = []
    for group in _previous_mentions(ctx, before, sentence_start):
        heads = {}
        for m in group:
            span = ctx.doc.char_span(m.char_start, m.char_end, alignment_mode="expand")
            if span is not None and keep(m.actor_id) and not _is_anti(ctx, m):
                heads[span.root.i] = (span.root, m.actor_id)
        for token, actor_id in heads.values():
            in_subject = any(a.dep_ in {"nsubj", "nsubjpass"} for a in [token, *token.ancestors][:3])
            if token.dep_ == "conj" and token.head.i in heads and in_subject:
                other = heads[token.head.i][1]
                if other != actor_id:
                    pairs.append([other, actor_id])
    return pairs


def resolve_thing(ctx: DocumentContext, before: int, sentence_start: int) -> list[str]:
    """The non-person actor "it" refers to: the nearest preceding subject naming one, else the most salient."""
    for group in _previous_mentions(ctx, before, sentence_start):
        for m in group:
            if actor_type(ctx, m.actor_id) == "person" or _is_anti(ctx, m):
                continue
            span = ctx.doc.char_span(m.char_start, m.char_end, alignment_mode="expand")
            if span is not None and _is_subject(span.root):
                return [m.actor_id]
    return _ranked(ctx, before, sentence_start, lambda a: actor_type(ctx, a) != "person", 0.5, 3.0)[:1]


def _sentence_subjects(ctx: DocumentContext, before: int, sentence_start: int) -> list[str]:
    """'X, Y and Z helped ...; they should ...': coordinated non-person subjects earlier in the same sentence."""
    found: list[str] = []
    for m in ctx.mentions_in(sentence_start, before):
        span = ctx.doc.char_span(m.char_start, m.char_end, alignment_mode="expand")
        if span is None or actor_type(ctx, m.actor_id) == "person" or _is_anti(ctx, m):
            continue
        if _is_subject(span.root) and m.actor_id not in found:
            found.append(m.actor_id)
    return found if len(found) >= 2 else []


def _plural_noun_subject(ctx: DocumentContext, sentence_start: int) -> list[str]:
    """'Analysts at Goldman Sachs said ... They cautioned': the previous sentence's plural subject noun
    names the group "they" refers to, and the actor attached to it holds the stance."""
    idx = next((i for i, s in enumerate(ctx.sentences) if s.char_start == sentence_start), None)
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


def _is_anti(ctx: DocumentContext, m: Mention) -> bool:
    """'anti-China', 'pro-Russian': the actor is what a stance is about, never who holds it."""
    before = ctx.info.text[max(0, m.char_start - 5) : m.char_start].lower()
    return before.endswith(("anti-", "pro-", "anti ", "non-"))


def resolve_holders(
    ctx: DocumentContext, tokens: list[Token], sentence: Span, words: Reference | None = None
) -> list[str]:
    """Actor ids held by a subject phrase: named mentions first, else pronoun / title / group reference (the
    word classes of `words`, default: the `reference` section of language.yaml)."""
    if not tokens:
        return []
    words = words or language().reference
    head = _phrase_head(tokens)
    allowed = {t.i for t in tokens}
    if head.dep_ in {"prep", "agent"}:  # "criticism from Western officials"
        pobj = [c for c in head.children if c.dep_ == "pobj"]
        head = pobj[0] if pobj else head
    if head.lower_ in words.relative_pronouns:  # "Senator X, who opposes aid": the antecedent holds it
        antecedent = _antecedent(head)
        if antecedent is not None:  # "Egypt, which backs the army, and the UAE": Egypt alone
            head = antecedent
            allowed = {
                t.i
                for t in antecedent.subtree
                if not _in_clause(t, antecedent) and not _in_conjunct(t, antecedent)
            }
    found = [m.actor_id for m in holder_mentions(ctx, head, allowed) if not _is_anti(ctx, m)]
    if found:
        return found
    possessive = [c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"]
    if possessive:  # "its leaders", "their governments"
        head = possessive[0]
    before = min(t.idx for t in tokens)
    low = {t.lower_ for t in tokens}
    if head.lower_ in words.person_pronouns:
        return resolve_person(ctx, before, sentence.start_char)
    if head.lower_ in words.thing_pronouns:
        return resolve_thing(ctx, before, sentence.start_char)
    if (
        (low & {"both", "two"} and low & words.group_nouns)
        or head.lower_ in {"both", "two"}
        or ("joint" in low and head.lower_ in words.joint_nouns)
    ):
        return resolve_group(ctx, before, sentence.start_char)
    if head.lower_ in words.person_group_nouns and low & {"both", "two"}:
        return resolve_group(ctx, before, sentence.start_char, person=True)
    if head.lower_ in words.plural_pronouns:
        return (
            _sentence_subjects(ctx, before, sentence.start_char)
            or _plural_noun_subject(ctx, sentence.start_char)
            or resolve_group(ctx, before, sentence.start_char)
        )
    if head.lower_ in words.title_nouns and any(t.lower_ == "the" for t in tokens):
        return resolve_person(ctx, before, sentence.start_char)
    return []


def _antecedent(pronoun: Token) -> Token | None:
    """The noun a relative pronoun stands for: the head of its relative clause."""
    for ancestor in pronoun.ancestors:
        if ancestor.dep_ == "relcl":
            return ancestor.head
    return None


def _in_clause(token: Token, noun: Token) -> bool:
    """Whether `token` sits inside a relative/participial clause attached to `noun`."""
    for ancestor in [token, *token.ancestors]:
        if ancestor == noun:
            return False
        if ancestor.dep_ in {"relcl", "acl"} and ancestor.head == noun:
            return True
    return False


def _in_conjunct(token: Token, noun: Token) -> bool:
    """Whether `token` belongs to a phrase coordinated with `noun` ("the UAE" in "Egypt ... and the UAE")."""
    for ancestor in [token, *token.ancestors]:
        if ancestor == noun:
            return False
        if ancestor.dep_ in {"conj", "cc"} and ancestor.head == noun:
            return True
    return False


def _coordinated(head: Token, allowed: set[int]) -> list[Token]:
    """The head and the tokens coordinated with it ("China and Russia", "X, Y and Z")."""
    out = [head]
    for child in head.children:
        if child.dep_ in {"conj", "appos"} and child.i in allowed:
            out.extend(_coordinated(child, allowed))
    return out


def _overlapping(ctx: DocumentContext, tokens: list[Token]) -> list[Mention]:
    found: list[Mention] = []
    for token in tokens:
        for m in ctx.mentions_in(token.sent.start_char, token.sent.end_char):
            if m.char_start <= token.idx < m.char_end and m not in found:
                found.append(m)
    return found


def holder_mentions(ctx: DocumentContext, head: Token, allowed: set[int], depth: int = 0) -> list[Mention]:
    """Mentions naming the head of a holder phrase, its coordinates, or (failing that) its modifiers.

    "German Finance Minister Christian Lindner" -> Lindner; "China and Russia" -> both;
    "the leaders of China" -> China; "a Spanish politician" -> Spain.
    """
    heads = _coordinated(head, allowed)
    direct = _overlapping(ctx, heads)
    if direct or depth > 2:
        return _unique(direct)
    found: list[Mention] = []
    for h in heads:
        for child in h.children:
            if child.i not in allowed:
                continue
            if child.dep_ in {"poss", "compound", "amod", "nmod", "npadvmod"}:
                named = _overlapping(ctx, list(child.subtree))
                if child.dep_ == "poss":  # "X's colleagues" are not X; "China's leaders" speak for China
                    named = [m for m in named if actor_type(ctx, m.actor_id) != "person"]
                found.extend(named)
            elif child.dep_ == "prep" and child.lower_ in {"of", "from", "in", "at"}:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found.extend(holder_mentions(ctx, pobj, allowed, depth + 1))
    return _unique(found)


def _unique(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.actor_id not in seen:
            seen.add(m.actor_id)
            out.append(m)
    return out


def _phrase_head(tokens: list[Token]) -> Token:
    """The token of a phrase whose head lies outside it."""
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head == t:
            return t
    return tokens[0]
