"""Who did what to whom: source, target and participant argument phrases of a trigger, from the dependency parse.

Verbs: the subject (inherited through conjunction, xcomp, participles and relative clauses; the object of the
governing verb for "prompted X to join") is the source;
the object, the recipient and objects of on/against/with/to/into/toward/from are targets; in the passive the
`by` phrase is the source and the passive subject the target. Nouns: a possessive or an actor adjective
("US sanctions", "Russia's invasion") and a `by`/`from` phrase are sources, objects of of/on/against/with/to/for
are targets, `between X and Y` gives participants; a noun that is the object of a verb also takes that verb's
subject as source ("Washington imposed sanctions on X"), or as target after verbs like "face" ("X faced
criticism"). The prepositions of each role and the experiencer verbs come from the events lexicon
(plover_triggers.yaml), those of "between X and Y" from the language layer (`Reference.pair_preps`). Each role
is a list of argument head tokens; `events.resolve_participants` maps them to actors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from pipeline.knowledge.events import EventLexicon

SUBJECT_DEPS = {"nsubj", "csubj", "expl"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "dative", "attr", "oprd"}
NOUN_LIKE_DEPS = {"pobj", "dobj", "nsubj", "nsubjpass", "attr", "appos", "compound"}
ACTOR_LABELS = {"NORP", "GPE", "ORG", "PERSON"}
_CLIMB_DEPS = {"dobj", "pobj", "prep", "attr", "nsubjpass", "oprd", "appos", "conj", "compound", "dative"}
_INHERIT_DEPS = {"xcomp", "conj", "advcl", "pcomp", "ccomp"}


@dataclass
class Roles:
    """Argument head tokens per role; `via` notes how the source was found (for confidence)."""

    source: list[Token] = field(default_factory=list)
    target: list[Token] = field(default_factory=list)
    participant: list[Token] = field(default_factory=list)
    predicate: Token | None = None  # the verb that carries tense, modality and the clause's dates/places
    joint: bool = False


def is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("acl", "amod")
        and not any(c.dep_ == "aux" for c in verb.children)
    )


def subjects(verb: Token, lexicon: EventLexicon, depth: int = 0) -> list[Token]:
    """The subject(s) of a verb, inherited from the governing verb when it has none of its own."""
    own = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if own and verb.dep_ == "relcl" and all(c.tag_ in ("WDT", "WP") for c in own):
        return [verb.head]  # "the council, which concluded ...": the council
    if own:
        return own
    if depth > 3:
        return []
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return [verb.head]
    if verb.dep_ == "acl" and not is_passive(verb):  # "the US decision to withdraw", "used charges to invade"
        owners = [c for c in verb.head.children if c.dep_ == "poss"]
        governor, _ = governing_verb(verb.head, lexicon)
        return owners or (subjects(governor, lexicon, depth + 1) if governor is not None else [])
    if verb.dep_ == "xcomp" and verb.head.pos_ == "VERB":
        controllers = [c for c in verb.head.children if c.dep_ == "dobj"]
        if controllers:  # "prompted China to join", "urged X to agree": the object does it
            return controllers
    if verb.dep_ in _INHERIT_DEPS and verb.head != verb:
        head = verb.head
        if verb.dep_ == "conj" and is_passive(head) and not is_passive(verb):
            return []
        if verb.dep_ == "conj" and _finite(verb) and _infinitive(head) and head.dep_ in _INHERIT_DEPS:
            head = head.head  # "X allowed Y to visit ... and responded": a parser slip, X responded
        if head.pos_ in ("VERB", "AUX"):
            return subjects(head, lexicon, depth + 1)
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        governor = verb.head.head
        if governor.pos_ not in ("VERB", "AUX"):
            return []
        objects = [c for c in governor.children if c.dep_ == "dobj"]
        if verb.head.lower_ == "for" and objects:  # "criticised X for withdrawing": X withdrew
            return objects
        return subjects(governor, lexicon, depth + 1)
    return []


def _finite(verb: Token) -> bool:
    return verb.tag_ in ("VBD", "VBZ", "VBP")


def _infinitive(verb: Token) -> bool:
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _prep_objects(token: Token, preps: set[str]) -> list[Token]:
    found: list[Token] = []
    for child in token.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in preps:
            found.extend(c for c in child.children if c.dep_ == "pobj")
    return found


def _agents(verb: Token) -> list[Token]:
    """Objects of `by` attached to the verb, or (parser slips) to one of its arguments."""
    found = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    found += _prep_objects(verb, {"by"})
    if not found:
        for child in verb.children:
            if child.dep_ in ("prep", *PASSIVE_SUBJECT_DEPS, *OBJECT_DEPS):
                for t in child.subtree:
                    if t.dep_ in ("agent", "prep") and t.lower_ == "by":
                        found.extend(p for p in t.children if p.dep_ == "pobj")
    return found


def verb_roles(
    verb: Token, lexicon: EventLexicon, pair_preps: frozenset[str], trigger: Token | None = None
) -> Roles:
    """Roles of a verb's arguments; `trigger` is a noun trigger among them (not itself an argument)."""
    roles = Roles(predicate=verb)
    skip = {trigger} if trigger is not None else set()
    if is_passive(verb):
        roles.source += _agents(verb)
        passive_subjects = [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        if verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN"):
            passive_subjects.append(verb.head)
        roles.target += [t for t in passive_subjects if t not in skip]
    else:
        roles.source += [t for t in subjects(verb, lexicon) if t not in skip]
        objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS and c not in skip]
        roles.target += objects
        if not objects:  # "warned (that) Europe will have to ...", "agreed that the Commission may borrow"
            clauses = [c for c in verb.children if c.dep_ == "ccomp"]
            roles.target += [s for c in clauses for s in c.children if s.dep_ in SUBJECT_DEPS - {"expl"}]
        for obj in objects:  # "lifted sanctions on Iran": the object's own addressee
            roles.target += _prep_objects(obj, lexicon.object_target_preps)
    roles.target += [t for t in _prep_objects(verb, lexicon.verb_target_preps) if t not in skip]
    for prt in (c for c in verb.children if c.dep_ == "prt"):
        roles.target += [t for t in _prep_objects(prt, lexicon.verb_target_preps) if t not in skip]
    roles.participant += _prep_objects(verb, pair_preps)
    roles.joint = bool(_prep_objects(verb, {"with"}) or roles.participant)
    return roles


def governing_verb(noun: Token, lexicon: EventLexicon, max_steps: int = 4) -> tuple[Token | None, bool]:
    """The verb a noun trigger hangs from, and whether the noun is on its object side."""
    token, object_side = noun, False
    for _ in range(max_steps):
        if token.dep_ in ("nsubj", "csubj"):
            head = token.head
            return (head, object_side) if head.pos_ in ("VERB", "AUX") else (None, object_side)
        if token.dep_ not in _CLIMB_DEPS or token.head == token:
            return None, object_side
        if (
            token.dep_ == "prep" and token.lower_ in lexicon.adjunct_preps
        ):  # "amid sanctions, X did Y": not X's sanctions
            return None, object_side
        object_side = object_side or token.dep_ in ("dobj", "pobj", "attr", "nsubjpass", "oprd", "dative")
        token = token.head
        if token.pos_ == "VERB":
            return token, object_side
    return None, object_side


def noun_roles(
    noun: Token,
    lexicon: EventLexicon,
    pair_preps: frozenset[str],
    poss_role: str = "source",
    modifier_role: str = "source",
    prep_roles: dict[str, str] | None = None,
) -> Roles:
    """Roles from a noun trigger's own modifiers."""
    roles = Roles()
    for child in noun.children:
        if child.dep_ == "poss":
            (roles.target if poss_role == "target" else roles.source).append(child)
        elif child.dep_ in ("amod", "compound", "nmod") and (
            child.ent_type_ in ACTOR_LABELS or child.pos_ == "PROPN"
        ):
            (roles.target if modifier_role == "target" else roles.source).append(child)
        elif child.dep_ == "acl" and is_passive(child):  # "the trade war waged by the US against China"
            roles.source += _agents(child)
            roles.target += _prep_objects(child, lexicon.object_target_preps)
        elif child.dep_ == "amod" and child.lower_ in ("joint", "bilateral", "mutual", "trilateral"):
            roles.joint = True
    overrides = prep_roles or {}
    defaults = (
        ("source", lexicon.noun_source_preps),
        ("target", lexicon.noun_target_preps),
        ("participant", pair_preps),
    )
    for role, preps in defaults:
        for prep in preps | {p for p, r in overrides.items() if r == role}:
            if overrides.get(prep, role) == role:
                getattr(roles, role).extend(_prep_objects(noun, {prep}))
    roles.joint = roles.joint or bool(roles.participant or _prep_objects(noun, {"with"}))
    return roles


def trigger_roles(
    trigger: Token,
    lexicon: EventLexicon,
    pair_preps: frozenset[str],
    poss_role: str = "source",
    modifier_role: str = "source",
    prep_roles: dict[str, str] | None = None,
) -> Roles:
    """All roles of a trigger: its own (verb) or its modifiers plus its governing verb's (noun)."""
    if trigger.pos_ == "VERB" and trigger.dep_ not in NOUN_LIKE_DEPS:
        return verb_roles(trigger, lexicon, pair_preps)
    roles = noun_roles(trigger, lexicon, pair_preps, poss_role, modifier_role, prep_roles)
    verb, object_side = governing_verb(trigger, lexicon)
    if verb is None:
        return roles
    roles.predicate = verb
    around = verb_roles(verb, lexicon, pair_preps, trigger)
    experiencer = verb.lemma_.lower() in lexicon.experiencer_verbs
    if object_side:
        if experiencer:
            roles.target += around.source
        elif not roles.source:
            roles.source += around.source
        roles.target += [t for t in around.target if not _is_on_path(t, trigger)]
    else:  # the noun is the subject: "talks were held with X", "the drills began in Y"
        roles.source += around.source if is_passive(verb) else []
        roles.target += [t for t in around.target if t not in roles.source]
    roles.participant += around.participant
    roles.joint = roles.joint or around.joint
    return roles


def _is_on_path(token: Token, trigger: Token) -> bool:
    """Whether `token` is an ancestor of the trigger (the object phrase that contains the trigger itself)."""
    return token in trigger.ancestors or token == trigger
