"""Who holds a position: the actors in the subject of a cue, named or referred back to ("he", "the minister",
"both countries": pipeline/nlp/anaphora.py).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.core.model import DocumentContext
from pipeline.knowledge.language import Reference, language
from pipeline.nlp.anaphora import anaphor_kind, resolve
from pipeline.nlp.mentions import holder_mentions, is_anti

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
# Dependencies through which a verb inherits the subject of its head ("X rejected ... and slammed ...").
INHERIT_DEPS = {"conj", "xcomp", "advcl", "acl", "relcl", "pcomp", "prep", "pobj", "ccomp", "acomp", "oprd"}


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
    found = [m.actor_id for m in holder_mentions(ctx, head, allowed) if not is_anti(ctx, m)]
    if found:
        return found
    possessive = [c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"]
    if possessive:  # "its leaders", "their governments"
        head = possessive[0]
    kind = anaphor_kind(head, words)
    if kind is None:
        return []
    return resolve(ctx, head, kind, min(t.idx for t in tokens), sentence.start_char, words)


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


def _phrase_head(tokens: list[Token]) -> Token:
    """The token of a phrase whose head lies outside it."""
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head == t:
            return t
    return tokens[0]
