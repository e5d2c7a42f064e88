"""Actor candidates from the model's PERSON and ORG entities, cleaned, filtered and resolved within a document.

Filters reject what the model often mislabels: names of events and agreements ("Eastern Economic Forum"),
acronyms defined for things ("multiannual financial framework (MFF)"), places ("Amur Oblast"), photo credits,
titles of works in reference lines; reference lines also give authors written with initials ("E. Zanegin")
and publishers ("(Beijing: Xinhua chubanshe, 1999)").
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span

from pipeline.core.model import Actor, actor_slug
from pipeline.extract.actors.kb import LOCATION
from pipeline.extract.actors.state import (
    ActorDoc,
    Cand,
    author_ids,
    capitalised_word,
    is_credit_line,
    line_at,
)
from pipeline.knowledge.actors import ActorLexicon

CITATION = re.compile(r"^\s*\d{1,3}\.\s+\S")
YEAR_IN_TEXT = re.compile(r"\b(1[89]|20)\d\d\b")
INITIALS_NAME = re.compile(r"(?<![\w.])((?:[A-Z][a-z]?\. ?)+[A-Z][a-z]{2,}(?:[-\u2019'][a-z]+)?)")
PUBLISHER = re.compile(r"\(([A-Z][\w .\u2019'-]+): ([A-Z][^,()]+), (?:1[89]|20)\d\d\)")


def _clean_entity(d: ActorDoc, ent: Span, label: str) -> tuple[int, int] | None:
    s, e = ent.start, ent.end
    titled = _title_into(d, ent)
    if label == "PERSON" and titled is not None:
        s = titled  # "[Speaker of] the House Jane Roe": the title ends inside the entity
    e = next((t.i for t in ent if t.text in {"(", "[", "\u201c", '"'}), e)  # "CSIS (Center for ..."
    while s < e and (d.doc[s].lower_ in {"the", "a", "an"} or d.doc[s].is_punct or d.doc[s].is_space):
        s += 1
    while e > s and (
        d.doc[e - 1].tag_ == "POS"
        or d.doc[e - 1].is_punct
        or d.doc[e - 1].is_space
        or d.doc[e - 1].pos_ in {"ADV", "VERB", "AUX", "ADP", "CCONJ", "PART", "DET"}
    ):
        e -= 1
    if label == "PERSON":  # leading titles and nationalities are not part of the name
        while s < e and (d.title_at(s) or _nationality(d, s) or d.toks[s] in d.kb.honorifics):
            s = d.title_at(s)[0] if d.title_at(s) else s + 1
    return (s, e) if s < e else None


def _nationality(d: ActorDoc, i: int) -> bool:
    """A country reference before a title or a possessive ('US President', "China's"), not 'Jordan Peterson'."""
    c = d.country_cand_at(i)
    if c is None or c.end != i + 1:
        return False
    return c.kind != "name" or d.doc[i + 1].tag_ == "POS" or d.title_at(i + 1) is not None


def _plausible(d: ActorDoc, s: int, e: int, label: str) -> bool:
    words = [t for t in d.doc[s:e] if t.is_alpha]
    if not words or any(t.like_num for t in d.doc[s:e]) or e - s > 8:
        return False
    if not any(t.text[:1].isupper() for t in words) or d.tok(s - 1) in {"/", "-"} or d.tok(e) in {"/", "-"}:
        return False
    if all(d.title_at(t.i) or t.lower_ in d.lexicon.title_modifiers for t in words):
        return False  # "Defense" of "Defense Minister Boris Pistorius", "MEP"
    if _inside_title(d, s, e):
        return False  # "External Affairs" of "External Affairs Minister S. Jaishankar"
    inside = [c for c in d.cands if s <= c.start < e]
    if any(c.kind == "combining" for c in inside):
        return False  # "Reading Sino-Russian Strategic"
    if any(c.kind == LOCATION or c.actor_id == LOCATION for c in inside) and not _named_body(words, label, d):
        return False  # "East China Diaoyu"; but "Arctic Council", "Alliance of Sahel States", "Ravi Shankar"
    if label == "ORG" and _names_a_thing(words, d.lexicon) and not _employer(d, s):
        return False  # "Eastern Economic Forum", "Treaty of Friendship", "Belt and Road Initiative"
    if label == "PERSON" and (len(words) > 4 or any(d.title_at(t.i) for t in words)):
        return False
    if len(words) == 1 and words[0].pos_ != "PROPN" and not _is_acronym(words[0].text):
        return False  # "Views expressed in this article"; but "the SPLA", tagged as a plural noun
    if words[-1].lower_ in d.lexicon.place_nouns or "/" in d.doc[s:e].text:
        return False  # "Amur Oblast", "Ministry/HANDOUT"
    if (
        len(words) == 1
        and _modifies_common_noun(d.doc[s])
        and d.actor_type(_known_person(d, words[0].text)) != "person"
    ):
        return False  # "Alarm bells", "Patriot systems"
    if _is_acronym_of_thing(d, d.doc[s:e].text):
        return False
    if d.tok(s - 1) == "of" and d.tok(s - 2).lower() in d.lexicon.place_nouns:
        return False  # "the port city of Vladivostok"
    line_start, line = line_at(d, d.doc[s].idx)
    if _is_headline(line, d.lexicon):
        return False  # "The Continuing Saga of ...: Can the Bear and the Dragon Be Friends?"
    if _is_citation(line):
        return label == "PERSON" and len(words) >= 2 and not _inside_quotes(d, s, line_start)
    return not is_credit_line(line, d.lexicon)


def _is_acronym(word: str) -> bool:
    return len(word) >= 3 and word.isalpha() and word.isupper()


def _named_body(words: list, label: str, d: ActorDoc) -> bool:
    """A body named after a place ("Mekong River Commission", "Alliance of Sahel States": an organisation
    head first or last) or a person whose name holds a place name ("Ravi Shankar")."""
    if label == "PERSON":
        return len(words) >= 2
    heads = d.lexicon.org_heads
    return label == "ORG" and (words[-1].lower_ in heads or (len(words) > 2 and words[0].lower_ in heads))


def _inside_title(d: ActorDoc, s: int, e: int) -> bool:
    """The span lies inside a longer title phrase ("External Affairs" in "External Affairs Minister")."""
    window = d.title_tokens(max(0, s - 4), min(len(d.toks), e + 4))
    return any(ts <= s and e <= te and te - ts > e - s for ts, te, _ in window)


def _initials(name: str, lexicon: ActorLexicon) -> str:
    """'Rapid Support Forces' -> 'RSF' (capitalised words only; small words such as 'of', 'the' are skipped)."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in lexicon.small_words]
    return "".join(w[0] for w in words) if len(words) >= 2 and all(w[:1].isupper() for w in words) else ""


def _names_a_thing(words: list, lexicon: ActorLexicon) -> bool:
    """The head of the name (its last word, or the word before 'of') is an event, text or plan."""
    lower = [t.lower_ for t in words]
    if lower[-1] in lexicon.org_heads:
        return False
    heads = {lower[-1]} | {lower[i - 1] for i, w in enumerate(lower) if w in {"of", "on", "for"} and i > 0}
    return bool(heads & lexicon.non_actor_words)


def _employer(d: ActorDoc, s: int) -> bool:
    """'head of research at Algebris Policy Forum': an organisation someone works for."""
    if d.tok(s - 1).lower() not in {"at", "of", "from", "with"}:
        return False
    return any(d.title_at(i) for i in range(max(0, s - 5), s - 1))


def _modifies_common_noun(token) -> bool:
    head = token.head
    return (
        token.dep_ in {"compound", "amod", "nmod"} and 0 < head.i - token.i <= 3 and head.text[:1].islower()
    )


def _known_person(d: ActorDoc, word: str) -> str:
    ids = d.kb.short_names.get(word, [])
    in_doc = [a for a, ws in d.resolver.words.items() if word.lower() in ws]
    return (ids or in_doc or [""])[0]


def _is_acronym_of_thing(d: ActorDoc, text: str) -> bool:
    """'... financial framework (MFF)' or '(NGEU) fund': an acronym defined for a non-actor."""
    if not (text.isupper() and text.isalpha()):
        return False
    full = d.ctx.info.text
    at = full.find(f"({text})")
    if at < 0:
        return False
    paren = d.doc.char_span(at, at + 1, alignment_mode="expand")
    if paren is not None and paren.start > 0:
        prev = paren.start - 1
        if any(c.actor_id == LOCATION and c.end == paren.start for c in d.cands):
            return True  # "Central Asia (CA)"
        if d.doc[prev].ent_type_ in {"GPE", "LOC"} and not d.covered(prev, prev + 1):
            return True  # "Russia's Far Eastern (RFE) region"
    before = full[max(0, at - 60) : at].split()[-4:]
    after = full[at + len(text) + 2 : at + len(text) + 40].split()[:1]
    words = [w.strip("“”\"',").lower() for w in before + after]
    return (
        any(w in d.lexicon.non_actor_words for w in words)
        or sum(w.islower() and len(w) > 3 for w in before) >= 2
    )


def _is_headline(line: str, lexicon: ActorLexicon) -> bool:
    """A title-case line (headline, section heading): its capitalised words are not names."""
    words = [w for w in re.findall(r"[A-Za-z][\w'\u2019-]*", line) if w.lower() not in lexicon.small_words]
    if len(words) < 3 or line.rstrip().endswith((".", "\u201d", '"')):
        return False
    return sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _is_citation(text: str) -> bool:
    """A numbered reference line: '2. E. Zanegin, "Title," Pravda (February 1994): 3.'"""
    return bool(CITATION.match(text)) and bool(YEAR_IN_TEXT.search(text))


def _inside_quotes(d: ActorDoc, s: int, sentence_start: int) -> bool:
    before = d.ctx.info.text[sentence_start : d.doc[s].idx]
    opened = before.count("“") + before.count("’’") - before.count("”")
    return opened > 0 or before.count('"') % 2 == 1


def _label(d: ActorDoc, ent: Span) -> str | None:
    """PERSON/ORG as the model says, with three corrections: a facility named like an organisation ('the Centre
    for Water Security') is an ORG; an ORG in apposition to a person's title ('A spokesman for the group,
    Al-Fateh Qurashi, said') is a PERSON; other labels are not actors."""
    words = [t.lower_ for t in ent if t.is_alpha]
    if ent.label_ == "FAC" and words and not _names_a_thing([t for t in ent if t.is_alpha], d.lexicon):
        heads = {words[-1]} | {words[i - 1] for i, w in enumerate(words) if w in {"of", "for"} and i > 0}
        return "ORG" if heads & d.lexicon.org_heads else None
    if ent.label_ == "ORG" and _titled_apposition(d, ent) and not set(words) & d.lexicon.org_heads:
        return "PERSON"
    if ent.label_ == "ORG" and _titled_name(d, ent):
        return "PERSON"
    return ent.label_ if ent.label_ in {"PERSON", "ORG"} else None


def _title_into(d: ActorDoc, ent: Span) -> int | None:
    """Where a person's title that starts at or just before the entity ends inside it ("Admiral" of "Admiral
    Jane Roe", "Speaker of the House" over "the House Jane Roe"); None when there is none."""
    for i in range(max(ent.sent.start, ent.start - 4), min(ent.start + 2, ent.end)):
        hit = d.title_at(i)
        if hit is not None and ent.start < hit[0] < ent.end:
            return hit[0]
    return None


def _titled_name(d: ActorDoc, ent: Span) -> bool:
    """An ORG entity that runs from a person's title into a person's name: a first and last name, or a name the
    document or the knowledge base knows as a person's ("General Motors" stays an organisation)."""
    end = _title_into(d, ent)
    if end is None:
        return False
    name = [t for t in d.doc[end : ent.end] if not t.is_punct]
    if not 1 <= len(name) <= 3 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name):
        return False
    if {t.lower_ for t in name} & d.lexicon.org_heads:
        return False
    return len(name) >= 2 or d.actor_type(_known_person(d, name[0].text)) == "person"


def _titled_apposition(d: ActorDoc, ent: Span) -> bool:
    """', NAME,' right after a phrase holding a person's title ('a spokesman for the group')."""
    if d.tok(ent.start - 1) != "," or d.tok(ent.end) not in {",", "said", "says"} or not 2 <= len(ent) <= 4:
        return False
    if not all(t.text[:1].isupper() or t.text in {"-", "al", "bin", "el"} for t in ent if t.is_alpha):
        return False
    start = max(ent.sent.start, ent.start - 7)
    return any(d.title_at(i) for i in range(start, ent.start - 1))


def _descriptor_orgs(d: ActorDoc) -> list[tuple[int, int, str]]:
    """'the Confluence Advisory think tank': capitalised words right before an organisation descriptor."""
    descriptors = d.lexicon.org_descriptors
    first_words = {w[0] for w in descriptors if w}
    out = []
    for i in range(1, len(d.doc)):
        if d.lower[i] not in first_words:
            continue
        n = next((len(w) for w in descriptors if tuple(d.lower[i : i + len(w)]) == w), 0)
        if not n or not d.doc[i].text.islower():
            continue
        s = i
        while s - 1 >= 0 and d.doc[s - 1].pos_ == "PROPN" and d.doc[s - 1].text[:1].isupper() and i - s < 4:
            s -= 1
        if s < i and not d.covered(s, i) and not d.country_cand_at(s) and _plausible(d, s, i, "ORG"):
            out.append((s, i, "ORG"))
    return out


def _entities(d: ActorDoc) -> list[tuple[int, int, str]]:
    """Cleaned PERSON/ORG entities not already explained by the knowledge base."""
    out = []
    for ent in d.doc.ents:
        label = _label(d, ent)
        if label is None:
            continue
        span = _clean_entity(d, ent, label)
        if span is None or not _plausible(d, *span, label):
            continue
        s, e = span
        inside = [c for c in d.cands if c.start >= s and c.end <= e]
        crossing = [c for c in d.cands if c.start < e and s < c.end and c not in inside]
        if crossing or any(c.start == s and c.end == e for c in inside):
            continue
        alpha = [t.i for t in d.doc[s:e] if t.is_alpha]
        extra = [i for i in alpha if not any(c.start <= i < c.end for c in inside)]
        if inside and all(d.doc[i].text.islower() for i in extra):
            continue  # "Russo-Chinese" tagged PERSON, "intra-EU" tagged ORG: the KB already has it
        if any(d.actor_type(c.actor_id) == "person" for c in inside):
            continue
        out.append((s, e, label))
    out += [o for o in _descriptor_orgs(d) if not any(s < o[1] and o[0] < e for s, e, _ in out)]
    return out + _citation_entities(d, out)


def _citation_entities(d: ActorDoc, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Reference lines: authors written with initials ('E. Zanegin') and publishers ('(Beijing: X, 1999)')."""
    extra = []
    text, offset = d.ctx.info.text, 0
    for line in text.split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        if not _is_citation(line):
            continue
        hits = [(m.start(1), m.end(1), "PERSON") for m in INITIALS_NAME.finditer(line)]
        hits += [(m.start(2), m.end(2), "ORG") for m in PUBLISHER.finditer(line)]
        for a, b, label in hits:
            span = d.doc.char_span(line_start + a, line_start + b, alignment_mode="expand")
            if span is None or any(fs < span.end and span.start < fe for fs, fe, _ in found + extra):
                continue
            if label == "ORG":
                d.cands = [c for c in d.cands if not (span.start <= c.start and c.end <= span.end)]
            extra.append((span.start, span.end, label))
    return extra


def _words(d: ActorDoc, s: int, e: int) -> list[str]:
    return [t.text for t in d.doc[s:e] if t.is_alpha]


def _honorific_names(d: ActorDoc) -> list[tuple[int, int]]:
    """'Mr Rutte', 'Ms Barley': spans over the honorific and the capitalised words after it."""
    spans = []
    for i, text in enumerate(d.toks):
        if text in d.kb.honorifics:
            j = i + 1
            while j < len(d.toks) and j - i <= 3 and capitalised_word(d.toks[j]):
                j += 1
            if j > i + 1:
                spans.append((i, j))
    return spans


def _defined_acronyms(d: ActorDoc) -> dict[str, str]:
    """Acronyms defined right after a known actor's name, by its initials: 'the Central African Republic (CAR)'."""
    out: dict[str, str] = {}
    for c in d.cands:
        acronym = d.tok(c.end + 1)
        if (
            d.tok(c.end) == "("
            and d.tok(c.end + 2) == ")"
            and acronym.isupper()
            and acronym == _initials(d.doc[c.start : c.end].text, d.lexicon)
        ):
            out.setdefault(acronym, c.actor_id)
    return out


def _organizations(d: ActorDoc, spans: list[tuple[int, int]]) -> None:
    """Organisations unknown to the KB; an acronym defined after one ('Voice of America (VOA)') or after a known
    actor ('the Central African Republic (CAR)') joins it."""
    acronyms = _defined_acronyms(d)
    by_initials: dict[str, list[tuple[int, int]]] = {}
    for s, e in spans:  # "Rapid Support Forces" ... "the RSF": an acronym of a name found in the same text
        by_initials.setdefault(_initials(d.doc[s:e].text, d.lexicon), []).append((s, e))
    by_initials.pop("", None)
    for s, e in spans:
        for c in [c for c in d.cands if c.start >= s and c.end <= e]:
            if d.actor_type(c.actor_id) in {"organization", "igo"}:
                d.cands.remove(c)  # "Xinhua Publishing House" is not Xinhua
        name = d.doc[s:e].text
        actor_id = acronyms.get(name)
        full = by_initials.get(name, []) if name.isupper() and name.isalpha() else []
        if actor_id is None and len({d.doc[fs:fe].text for fs, fe in full}) == 1:
            fs, fe = full[0]
            actor_id = d.use(
                Actor(actor_slug("organization", d.doc[fs:fe].text), d.doc[fs:fe].text, "organization")
            )
            acronyms[name] = actor_id
        if actor_id is None:
            country = next(
                (c.actor_id for c in d.cands if s <= c.start < e and d.country_cand_at(c.start)), None
            )
            actor_id = d.use(Actor(actor_slug("organization", name), name, "organization", country))
        d.cands.append(Cand(s, e, actor_id, "abbreviation" if name in acronyms else "name"))
        if d.tok(e) == "(" and d.tok(e + 2) == ")" and d.toks[e + 1].isupper():
            acronyms[d.toks[e + 1]] = actor_id


def persons_and_orgs(d: ActorDoc) -> None:
    ents = _entities(d)
    person_words = {
        w.lower() for s, e, label in ents if label == "PERSON" and e - s > 1 for w in _words(d, s, e)
    }
    for c in d.cands:
        if d.actor_type(c.actor_id) == "person":
            person_words.update(w.lower() for w in _words(d, c.start, c.end))
    ents = [  # "Wang lives in ..." tagged ORG after "Wang He"
        (s, e, "PERSON" if label == "ORG" and e - s == 1 and d.toks[s].lower() in person_words else label)
        for s, e, label in ents
    ]
    _organizations(d, sorted((s, e) for s, e, label in ents if label == "ORG"))
    persons = [(s, e) for s, e, label in ents if label == "PERSON"]
    inside_names = {c for c in d.cands for s, e in persons if s <= c.start and c.end <= e}
    d.cands = [c for c in d.cands if c not in inside_names]  # "Jordan" in "Jordan Peterson"
    for s, e in _honorific_names(d):
        if not d.covered(s + 1, e, frozenset({"person"})) and not any(ps <= s + 1 < pe for ps, pe in persons):
            persons.append((s, e))
    for c in d.cands:  # KB and byline full names first, so that surnames join them
        if c.kind == "name" and d.actor_type(c.actor_id) == "person":
            d.resolver.add_full(d.actors[d.use_person(c.actor_id)].name.split(), c.actor_id)
    words_of = {(s, e): [w for w in d.doc[s:e].text.split() if w not in d.kb.honorifics] for s, e in persons}
    for words in sorted(words_of.values(), key=len, reverse=True):
        if len(words) >= 2:
            d.resolver.add_full(words)
    for (s, e), words in sorted(words_of.items()):
        if not words:
            continue
        actor_id = (
            d.resolver.add_full(words)
            if len(words) >= 2
            else d.resolver.resolve_single(words[0], d.ordinal(s))
        )
        d.resolver.last_seen[actor_id] = s
        name = d.resolver.names.get(actor_id, " ".join(words))
        actor = d.kb.actors.get(actor_id) or Actor(actor_id, name, "person")
        d.cands.append(Cand(s, e, d.use(actor), "name"))


def honorific_prefixes(d: ActorDoc) -> None:
    """'Mr Rutte' where 'Rutte' came from the knowledge base: the honorific joins the mention."""
    d.cands = [
        replace(c, start=c.start - 1)
        if d.actor_type(c.actor_id) == "person" and d.tok(c.start - 1) in d.kb.honorifics
        else c
        for c in d.cands
    ]


def author_names(d: ActorDoc) -> None:
    """A byline name written in the text is a mention of the author even where the model misses it."""
    text = d.ctx.info.text
    for actor_id in author_ids(d):
        name = d.actors[actor_id].name
        at = text.find(name)
        while at >= 0 and len(name) > 3:
            span = d.doc.char_span(at, at + len(name))
            if span is not None and not d.covered(
                span.start, span.end, frozenset({"person", "organization"})
            ):
                d.cands.append(Cand(span.start, span.end, actor_id, "name"))
            at = text.find(name, at + len(name))
