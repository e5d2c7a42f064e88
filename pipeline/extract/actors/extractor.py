"""Actor mentions: find every mention of an actor in a document and resolve it to a canonical actor.

Steps, on the document's single spaCy parse:
1. knowledge-base forms over token n-grams (countries, IGOs, organisations, groups, people; longest match wins),
   filtered by context (a capital after "in" is a place, "in German" is a language, "Sino" only in compounds);
2. national institutions ("the Chinese army", "China's Communist Party", "the US government");
3. PERSON and ORG entities of the model that the KB does not know, cleaned ("Xinhua later" -> "Xinhua") and
   resolved within the document ("Vasily Kashin" ... "Kashin" ... "Mr Kashin");
4. titles and descriptions of persons ("Russian President Vladimir Putin", "Mark Rutte, the Dutch prime
   minister", "his Chinese counterpart", "the president of China");
5. definite descriptions of organisations already named ("the commission" after "European Commission").

Compound adjectives ("Sino-Russian") give one mention per part, each over its own token ("Sino" -> CHN,
"Russian" -> RUS). A mention of one actor may lie inside a mention of another ("Russian" inside "Russian
President Vladimir Putin"); mentions of the same actor never overlap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from pipeline.core.model import Actor, DocumentContext, Mention, actor_slug, stable_id
from pipeline.extract.actors.entities import author_names, honorific_prefixes, persons_and_orgs
from pipeline.extract.actors.kb import LOCATION, Institution, load_kb
from pipeline.extract.actors.state import (
    COUNTRY_KINDS,
    ActorDoc,
    Cand,
    author_ids,
    capitalised_word,
    person_cands,
)
from pipeline.extract.actors.titles import infer_countries, titles, unnamed_offices
from pipeline.knowledge.actors import ActorLexicon, default_lexicon
from pipeline.nlp.bylines import voice_actors

EXTRACTOR = "actors/1.0"


def _match_kb(d: ActorDoc) -> list[Cand]:
    """Greedy longest match of KB forms over token n-grams."""
    found, i, n_tok = [], 0, len(d.toks)
    while i < n_tok:
        if d.doc[i].is_space:
            i += 1
            continue
        for n in range(min(d.kb.longest_from(d.toks[i]), n_tok - i), 0, -1):
            form = d.kb.lookup(tuple(d.toks[i : i + n]))
            if form is not None:
                found.append(Cand(i, i + n, form.actor_id, form.kind))
                i += n
                break
        else:
            i += 1
    return found


def _keep_kb(d: ActorDoc, c: Cand, by_start: dict[int, Cand], by_end: dict[int, Cand]) -> bool:
    """Context filters: places, languages, credits, compound-only forms, proper names that merely contain one."""
    if c.actor_id == LOCATION:
        return True  # kept as a blocker; never emitted
    prev, nxt = d.tok(c.start - 1), d.tok(c.end)
    if prev == "/" or nxt == "/" or d.in_credit_line(c.start):
        return False  # photo credits "Name/AFP/Getty Images", "Photo: Reuters"
    if c.kind == "combining":  # "Sino" only as part of "Sino-Russian", "Russia-Sino"
        after = by_start.get(c.end + 1) if nxt == "-" else None
        before = by_end.get(c.start - 1) if prev == "-" else None
        return any(x is not None and d.actor_type(x.actor_id) == "country" for x in (after, before))
    if d.actor_type(c.actor_id) == "country" and nxt.lower() in d.lexicon.geo_heads and nxt[:1].isupper():
        return False
    if c.kind == "metonym" and _inside_longer_name(d, c):
        return False  # "George Washington", "University of Washington"
    if c.kind == "metonym" and (prev.lower() in d.lexicon.locative or capitalised_word(nxt)):
        if prev.lower() in d.lexicon.locative and d.actor_type(c.actor_id) == "country":
            d.place_hints[c.start] = c.actor_id  # "in Berlin": a place, still a clue to whose
        return False
    if c.kind == "demonym" and _is_language(d, c):
        return False
    return not (c.actor_id.startswith("group:the-west") and capitalised_word(nxt))


def _inside_longer_name(d: ActorDoc, c: Cand) -> bool:
    ent = d.doc[c.start].ent_type_
    if ent not in {"PERSON", "ORG", "FAC", "WORK_OF_ART", "EVENT", "LAW"}:
        return False
    span = next((e for e in d.doc.ents if e.start <= c.start < e.end), None)
    if span is None:
        return False
    start = span.start + 1 if span[0].lower_ == "the" else span.start
    return start < c.start or span.end > c.end


def _is_language(d: ActorDoc, c: Cand) -> bool:
    """'in German', 'German for "turning point"', 'speaks Russian': a language, not the country."""
    j = c.start - 1
    while j >= 0 and d.toks[j] in {"[", "(", "\u201c", '"'}:
        j -= 1
    nxt = d.doc[c.end] if c.end < len(d.doc) else None
    modifies_noun = nxt is not None and nxt.pos_ in {"NOUN", "PROPN"}
    return (d.tok(j).lower() in d.lexicon.language_cues and not modifies_noun) or d.tok(c.end) == "for"


def _kb_candidates(d: ActorDoc) -> list[Cand]:
    raw = _match_kb(d)
    by_start = {c.start: c for c in raw}
    by_end = {c.end - 1: c for c in raw}
    kept = [c for c in raw if _keep_kb(d, c, by_start, by_end)]
    return kept + [n for c in kept if d.actor_type(c.actor_id) == "group" for n in _nested(d, c)]


def _nested(d: ActorDoc, group: Cand) -> list[Cand]:
    """KB actors named inside a group's name: 'EU' in 'EU leaders', 'Baltic' is not one."""
    found = []
    for i in range(group.start, group.end):
        for n in range(group.end - i, 0, -1):
            form = d.kb.lookup(tuple(d.toks[i : i + n]))
            if form and form.actor_id != group.actor_id and d.actor_type(form.actor_id) in {"igo", "country"}:
                found.append(Cand(i, i + n, form.actor_id, form.kind))
                break
    return found


def _leaders_head(d: ActorDoc, i: int) -> int | None:
    """Index of 'leaders' in "['s] [27] [national] leaders" starting at token `i`, if it heads its phrase."""
    if i < len(d.doc) and d.doc[i].tag_ == "POS":
        i += 1
    for _ in range(3):
        if i >= len(d.doc) or d.lower[i] in d.lexicon.leader_nouns:
            break
        if not (d.doc[i].like_num or d.doc[i].pos_ == "ADJ"):
            return None
        i += 1
    return i if i < len(d.doc) and d.lower[i] in d.lexicon.leader_nouns and d.is_head(i) else None


def _bloc_leaders(d: ActorDoc) -> None:
    """ "the EU's 27 national leaders", "NATO leaders" -> one group actor per bloc ("EU leaders"): the heads of
    its member states acting together, neither the organisation itself nor any one member."""
    for c in list(d.cands):
        if d.actor_type(c.actor_id) != "igo" or c.kind not in {"name", "abbreviation"}:
            continue
        head = _leaders_head(d, c.end)
        if head is None or d.covered(head, head + 1):
            continue
        short = d.kb.abbreviation_of.get(c.actor_id) or d.kb.actors[c.actor_id].name
        form = d.kb.lookup((short, "leaders"))
        if form is not None and d.actor_type(form.actor_id) == "group":
            actor_id = d.use_kb(form.actor_id)
        else:
            actor_id = d.use(
                Actor(actor_slug("group", f"{short} leaders"), f"{short} leaders", "group", None)
            )
        start = c.start - 1 if d.tok(c.start - 1).lower() == "the" else c.start
        d.cands.append(Cand(start, head + 1, actor_id, "description"))


def _institution_at(d: ActorDoc, i: int) -> tuple[int, Institution] | None:
    if not 0 <= i < len(d.lower) or d.lower[i] not in d.kb.first_words:
        return None
    for n in (3, 2, 1):
        key = tuple(d.lower[i : i + n])
        if len(key) == n and key in d.kb.institutions:
            return i + n, d.kb.institutions[key]
    return None


def _institution_actor(d: ActorDoc, iso: str, inst: Institution) -> Actor:
    known = d.kb.institution_actor.get((iso, inst.key))
    if known:
        return d.kb.actors[known]
    country = d.kb.actors.get(iso)
    country_name = country.name if country else iso
    name = inst.name_template.format(country=country_name, demonym=d.kb.demonym_of.get(iso, country_name))
    return Actor(actor_slug("organization", name), name, "organization", iso)


def _institutions(d: ActorDoc) -> None:
    """'China's military', 'the Chinese army', 'the presidential office in Russia', 'the US government'."""
    new: list[Cand] = []
    drop: set[Cand] = set()
    for c in list(d.cands):
        if d.actor_type(c.actor_id) != "country" or c.kind not in COUNTRY_KINDS:
            continue
        iso = c.actor_id
        j = c.end + 1 if c.end < len(d.doc) and d.doc[c.end].tag_ == "POS" else c.end
        hit = _institution_at(d, j)
        start = c.start - 1 if d.tok(c.start - 1).lower() == "the" else c.start
        if hit is None and d.tok(c.start - 1).lower() in {"of", "in"}:
            back = _institution_before(d, c.start - 1)
            if back:
                start, hit = back[0], (c.end, back[1])
        if hit is None or not d.is_head(hit[0] - 1):
            continue
        end, inst = hit
        if d.covered(start, end, frozenset({"organization", "igo"})):
            continue
        if inst.resolves_to_country:
            drop.add(c)
            new.append(Cand(start, end, iso, "metonym"))
        else:
            new.append(Cand(start, end, d.use(_institution_actor(d, iso, inst)), "description"))
    d.cands = [c for c in d.cands if c not in drop] + new


def _institution_before(d: ActorDoc, of_index: int) -> tuple[int, Institution] | None:
    """'the presidential office [in] Russia': the institution head ends just before `of_index`."""
    for n in (3, 2, 1):
        s = of_index - n
        if s >= 1 and d.toks[s - 1].lower() == "the":
            hit = _institution_at(d, s)
            if hit and hit[0] == of_index:
                return s - 1, hit[1]
    return None


def _person_governments(d: ActorDoc) -> None:
    """'the Trump administration', 'the administration of US President Donald Trump' -> the person's country."""
    for c in person_cands(d):
        iso = d.country_of(c.actor_id)
        if not iso or d.actor_type(iso) != "country":
            continue
        hit = _institution_at(d, c.end)
        if hit and hit[1].resolves_to_country and d.is_head(hit[0] - 1):
            start = c.start - 1 if d.tok(c.start - 1).lower() == "the" else c.start
            d.cands.append(Cand(start, hit[0], iso, "metonym"))
            continue
        back = _institution_before(d, c.start - 1) if d.tok(c.start - 1).lower() == "of" else None
        if back and back[1].resolves_to_country:
            d.cands.append(Cand(back[0], c.end, iso, "metonym"))


def _anaphors(d: ActorDoc) -> None:
    """'the commission' after 'European Commission': the most recently named organisation with that head;
    'the leaders' after 'EU leaders': the most recently named group of leaders."""
    named = [
        c for c in d.cands if d.actor_type(c.actor_id) in {"organization", "igo"} and c.kind != "description"
    ]
    _refer_back(
        d,
        d.toks,
        d.lexicon.anaphor_heads,
        named,
        lambda c, i: d.toks[i] in d.actors[c.actor_id].name.lower().split(),
    )
    groups = [
        c
        for c in d.cands
        if d.actor_type(c.actor_id) == "group" and d.lower[c.end - 1] in d.lexicon.leader_nouns
    ]
    _refer_back(
        d,
        d.lower,
        d.lexicon.leader_nouns,
        groups,
        # "the leaders of China" names its own group
        lambda c, i: c.end <= i - 1 and not any(child.dep_ == "prep" for child in d.doc[i].children),
    )


def _refer_back(
    d: ActorDoc,
    words: list[str],
    heads: frozenset[str],
    antecedents: list[Cand],
    fits: Callable[[Cand, int], bool],
) -> None:
    """Each 'the <head>' (a bare phrase head, not yet a mention) -> the latest earlier antecedent that fits."""
    ordered = sorted(antecedents, key=lambda c: c.start)
    for i, text in enumerate(words):
        if text not in heads or d.tok(i - 1).lower() != "the" or d.covered(i, i + 1) or not d.is_head(i):
            continue
        before = [c for c in ordered if c.end <= i and fits(c, i)]
        if before:
            d.cands.append(Cand(i - 1, i + 1, before[-1].actor_id, "description"))


def _bare_institutions(d: ActorDoc) -> None:
    """'the defense ministry' with no country: the country of the document's defence minister, else the
    document's dominant country when one clearly dominates."""
    counts = Counter(c.actor_id for c in d.cands if d.actor_type(c.actor_id) == "country")
    top = counts.most_common(2)
    dominant = top[0][0] if top and top[0][1] >= 3 and (len(top) == 1 or top[0][1] >= 2 * top[1][1]) else None
    for i in range(1, len(d.doc)):
        hit = _institution_at(d, i)
        if d.toks[i - 1].lower() != "the" or hit is None or hit[1].key not in d.lexicon.bare_institutions:
            continue
        if d.covered(i - 1, hit[0]) or not d.is_head(hit[0] - 1):
            continue
        iso = _minister_country(d, hit[1].key) or dominant
        if iso:
            d.cands.append(Cand(i - 1, hit[0], d.use(_institution_actor(d, iso, hit[1])), "description"))


def _minister_country(d: ActorDoc, institution: str) -> str | None:
    roles = d.lexicon.bare_institutions[institution]
    countries = {d.country_of(a) for a, role in d.person_role.items() if role in roles} - {None}
    return countries.pop() if len(countries) == 1 else None


def _with_article(d: ActorDoc, c: Cand) -> Cand:
    """'the United States', 'the Chinese', 'the SCO': include a directly preceding 'the' for a head noun."""
    if d.tok(c.start - 1).lower() != "the" or c.kind not in {"name", "abbreviation", "demonym"}:
        return c
    if d.actor_type(c.actor_id) == "person" or not d.is_head(c.end - 1) or d.covered(c.start - 1, c.start):
        return c
    return replace(c, start=c.start - 1)


def _authors(d: ActorDoc) -> None:
    for actor in voice_actors(d.ctx.info, d.kb.actors):
        d.use(actor)
        if actor.actor_type == "person" and len(actor.name.split()) >= 2:
            d.resolver.add_full(actor.name.split(), actor.actor_id)


def _mentions(d: ActorDoc) -> list[Mention]:
    text = d.ctx.info.text
    seen: dict[tuple[int, int, str], Mention] = {}
    reach: dict[str, int] = {}  # actor id -> end of its latest mention: one actor's mentions never overlap
    for c in sorted(d.cands, key=lambda c: (c.start, -c.end)):
        if c.actor_id == LOCATION or c.end > len(d.doc):
            continue
        start = d.doc[c.start].idx
        end = d.doc[c.end - 1].idx + len(d.doc[c.end - 1].text)
        sentence = d.ctx.sentence_at(start)
        if sentence is None or end > sentence.char_end:
            continue
        key = (start, end, c.actor_id)
        if start < reach.get(c.actor_id, -1):
            continue
        reach[c.actor_id] = end
        seen[key] = Mention(
            mention_id=stable_id("men", d.ctx.doc_id, start, end, c.actor_id),
            doc_id=d.ctx.doc_id,
            sentence_id=sentence.sentence_id,
            actor_id=c.actor_id,
            char_start=start,
            char_end=end,
            text=text[start:end],
            mention_kind=c.kind if c.kind != "short" else "name",
            extractor=EXTRACTOR,
        )
    return list(seen.values())


def _final_actors(d: ActorDoc, mentions: list[Mention]) -> dict[str, Actor]:
    """Actors with at least one mention, plus the authors; persons get the country their titles gave."""
    out: dict[str, Actor] = {}
    for actor_id in sorted({m.actor_id for m in mentions} | author_ids(d)):
        actor = d.actors.get(actor_id) or d.kb.actors.get(actor_id)
        if actor is None:
            continue
        if (
            actor.actor_type in {"person", "organization"}
            and not actor.country_code
            and actor_id in d.person_country
        ):
            actor = replace(actor, country_code=d.person_country[actor_id])
        if actor.actor_type == "person" and actor_id in d.resolver.names and actor_id not in d.kb.actors:
            actor = replace(actor, name=d.resolver.names[actor_id])
        out[actor_id] = actor
    return out


def _extract(ctx: DocumentContext, lexicon: ActorLexicon) -> tuple[list[Mention], dict[str, Actor]]:
    d = ActorDoc(ctx, load_kb(), lexicon)
    _authors(d)
    d.cands = _kb_candidates(d)
    for c in d.cands:
        if c.actor_id != LOCATION:
            d.use_kb(c.actor_id)
    _institutions(d)
    _bloc_leaders(d)
    author_names(d)
    persons_and_orgs(d)
    honorific_prefixes(d)
    titles(d)
    _person_governments(d)
    unnamed_offices(d)
    _anaphors(d)
    infer_countries(d)
    _bare_institutions(d)
    d.cands = [_with_article(d, c) for c in d.cands]
    mentions = _mentions(d)
    return mentions, _final_actors(d, mentions)


def outermost_mentions(mentions: list[Mention]) -> list[Mention]:
    """Mentions not lying inside a longer mention of another actor: drops "Russian" (RUS) inside "Russian
    President Vladimir Putin" and "China" inside "China's military", for callers that want one actor per span."""
    ordered = sorted(mentions, key=lambda m: (m.char_start, -m.char_end))
    kept: list[Mention] = []
    cover_end = -1
    for m in ordered:
        if m.char_end <= cover_end:  # inside the earlier mention that reaches furthest
            continue
        kept.append(m)
        cover_end = max(cover_end, m.char_end)
    return kept


def extract_actors(
    ctx: DocumentContext, lexicon: ActorLexicon | None = None
) -> tuple[list[Mention], dict[str, Actor]]:
    """All actor mentions of a document (text order) and the canonical actors they refer to; `lexicon` holds the
    word lists of the context rules (default: pipeline/knowledge/actor_lexicon.yaml)."""
    if not ctx.info.text.strip() or len(ctx.doc) == 0:
        kb = load_kb()
        return [], {a.actor_id: a for a in voice_actors(ctx.info, kb.actors)}
    mentions, actors = _extract(ctx, lexicon or default_lexicon())
    return sorted(mentions, key=lambda m: (m.char_start, m.char_end, m.actor_id)), actors
