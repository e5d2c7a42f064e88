"""Titles and descriptions of persons: "Russian President Vladimir Putin", "Mark Rutte, the Dutch prime
minister", "his Chinese counterpart, Xi", "the president of China"; and countries inferred for persons and
organisations from their titles, affiliations and sentences.
"""

from __future__ import annotations

from pipeline.extract.actors.state import COUNTRY_KINDS, ActorDoc, Cand, capitalised_word, person_cands

MAX_APPOSITIVE = 14


def _title_prefix(d: ActorDoc, c: Cand) -> int | None:
    """Start of a title phrase directly before a person name ('the incumbent US President Donald Trump')."""
    j, has_title = c.start, False
    sentence_start = d.doc[c.start].sent.start
    while j - 1 >= sentence_start:
        i = j - 1
        text = d.toks[i].lower()
        title = next(((s, e) for s, e, _ in d.title_tokens(max(sentence_start, i - 3), j) if e == j), None)
        if title:
            j, has_title = title[0], True
        elif _title_filler(d, i, text):
            j = i
        else:
            break
    while j < c.start and (d.toks[j] == "-" or d.doc[j].tag_ == "POS"):
        j += 1
    if not has_title:
        return None
    return j - 1 if d.tok(j - 1).lower() == "the" else j


def _title_filler(d: ActorDoc, i: int, text: str) -> bool:
    """A word that may stand inside a title phrase: modifiers, nationalities, organisations, possessives."""
    if (
        text in d.lexicon.title_modifiers
        or d.country_cand_at(i)
        or d.covered(i, i + 1, frozenset({"organization", "igo"}))
    ):
        return True
    return d.doc[i].tag_ == "POS" and d.country_cand_at(i - 1) is not None


def _appositive_after(d: ActorDoc, c: Cand) -> tuple[int, int] | None:
    """'Mark Rutte, the Dutch prime minister,' -> the span of 'the Dutch prime minister'."""
    if d.tok(c.end) != ",":
        return None
    s = c.end + 1
    e = s
    while (
        e < len(d.doc)
        and e - s < MAX_APPOSITIVE
        and d.toks[e] not in {",", ".", ";", ":", ")", "\u201d", '"'}
    ):
        if d.doc[e].pos_ in {"VERB", "AUX"} or d.doc[e].is_space:
            return None
        e += 1
    if e == s or not d.title_tokens(s, e) or d.covered(s, e, frozenset({"person"})):
        return None
    if d.doc[s].pos_ not in {"DET", "NOUN", "PROPN", "ADJ", "PRON"}:
        return None
    return s, e


def _description_before(d: ActorDoc, c: Cand) -> tuple[int, int] | None:
    """'his Chinese counterpart, Jinping' -> the span of 'Chinese counterpart'."""
    if d.tok(c.start - 1) != ",":
        return None
    e = c.start - 1
    s = e
    while s - 1 >= 0 and e - s < 6:
        i = s - 1
        if d.title_at(i) or d.toks[i].lower() in d.lexicon.title_modifiers or d.country_cand_at(i):
            s = i
        elif d.doc[i].tag_ == "POS" and d.country_cand_at(i - 1):
            s = i  # "Chad's foreign minister, Abderaman Koulamallah"
        else:
            break
    if s == e or not d.title_tokens(s, e) or d.title_tokens(s, e)[-1][1] != e:
        return None
    return s, e


def titles(d: ActorDoc) -> None:
    new: list[Cand] = []
    drop: set[Cand] = set()
    for c in person_cands(d):
        start = _title_prefix(d, c)
        if c.actor_id in d.kb.people:
            d.person_role.setdefault(c.actor_id, d.kb.people[c.actor_id].roles[0])
        if start is not None:
            drop.add(c)
            new.append(Cand(start, c.end, c.actor_id, "title"))
            _note_person(d, c.actor_id, start, c.start)
        for span in (_appositive_after(d, c), _description_before(d, c)):
            if span:
                new.append(Cand(span[0], span[1], c.actor_id, "title"))
                _note_person(d, c.actor_id, *span)
    d.cands = [c for c in d.cands if c not in drop] + new


def _note_person(d: ActorDoc, actor_id: str, start: int, end: int) -> None:
    """A person's title or description gives their role and, through a nationality, their country."""
    titles = d.title_tokens(start, end)
    if titles and actor_id not in d.person_role:
        d.person_role[actor_id] = titles[-1][2]
    if d.country_of(actor_id):
        return
    countries = {d.country_of(c.actor_id) for c in d.cands if start <= c.start and c.end <= end}
    countries = {c for c in countries if c and d.actor_type(c) == "country"}
    if len(countries) == 1:
        d.person_country[actor_id] = countries.pop()


def infer_countries(d: ActorDoc) -> None:
    """Countries of organisations ('Jacques Delors Centre in Berlin', parties in a sentence about one country)
    and of persons through their affiliation ('Lucas Guttenberg of the Jacques Delors Centre')."""
    sentence_countries: dict[int, set[str]] = {}
    for c in d.cands:
        if d.actor_type(c.actor_id) == "country" and c.kind in COUNTRY_KINDS:
            sentence_countries.setdefault(d.ordinal(c.start), set()).add(
                d.country_of(c.actor_id) or c.actor_id
            )
    for i, iso in d.place_hints.items():
        sentence_countries.setdefault(d.ordinal(i), set()).add(iso)
    orgs: dict[str, set[str]] = {}
    for c in d.cands:
        if d.actor_type(c.actor_id) == "organization" and not d.country_of(c.actor_id):
            hint = d.place_hints.get(c.end + 1) if d.tok(c.end) == "in" else None
            orgs.setdefault(c.actor_id, set()).update(
                {hint} if hint else sentence_countries.get(d.ordinal(c.start), set())
            )
    for c in d.cands:  # "Chinese news portal Sina": a nationality in the organisation's noun phrase
        if d.actor_type(c.actor_id) == "organization" and not d.country_of(c.actor_id):
            iso = _modifier_country(d, c.start)
            if iso:
                orgs[c.actor_id] = {iso}
    for actor_id, countries in orgs.items():
        if len(countries) == 1:
            d.person_country[actor_id] = next(iter(countries))
    for c in person_cands(d):
        j = c.end + 1 if d.tok(c.end) in {"of", "at", "from"} else -1
        j = j + 1 if d.tok(j).lower() == "the" else j
        org = next((o for o in d.cands if o.start == j and d.actor_type(o.actor_id) == "organization"), None)
        if org and not d.country_of(c.actor_id) and d.country_of(org.actor_id):
            d.person_country[c.actor_id] = d.country_of(org.actor_id)


def _modifier_country(d: ActorDoc, start: int) -> str | None:
    j = start - 1
    while j >= 0 and start - j <= 4 and d.doc[j].text.islower() and d.doc[j].pos_ in {"NOUN", "ADJ", "PUNCT"}:
        j -= 1
    if j >= 0 and d.doc[j].tag_ == "POS":
        j -= 1
    c = d.country_cand_at(j) if 0 <= j < start - 1 else None
    return c.actor_id if c else None


def unnamed_offices(d: ActorDoc) -> None:
    """'China's president', 'the president of China', 'his Chinese counterpart' -> a person of this document."""
    persons = person_cands(d)
    for i in range(len(d.doc)):
        hit = d.title_at(i)
        if not hit or hit[1] not in d.kb.office_roles or d.covered(i, hit[0], frozenset({"person"})):
            continue
        end, role = hit
        if capitalised_word(d.tok(end)) and not d.country_cand_at(end):
            continue  # a name follows: handled as a title
        span_iso = _office_country(d, i, end)
        if span_iso is None:
            continue
        start, stop, iso = span_iso
        target = _office_holder(d, persons, role, iso, i)
        if target:
            d.cands.append(Cand(start, stop, target, "title"))


def _office_country(d: ActorDoc, i: int, end: int) -> tuple[int, int, str] | None:
    j = i - 1
    while j >= 0 and d.toks[j].lower() in d.lexicon.title_modifiers - {"-"}:
        j -= 1
    if d.doc[j].tag_ == "POS" if j >= 0 else False:
        j -= 1
    c = d.country_cand_at(j) if j >= 0 else None
    if c is not None:
        start = c.start - 1 if d.tok(c.start - 1).lower() == "the" else c.start
        return start, end, c.actor_id
    if d.tok(end).lower() == "of" and d.country_cand_at(end + 1):
        c = d.country_cand_at(end + 1)
        start = i - 1 if d.tok(i - 1).lower() == "the" else i
        return start, c.end, c.actor_id
    return None


def _office_holder(d: ActorDoc, persons: list[Cand], role: str, iso: str, at: int) -> str | None:
    """The one person of this document from `iso` holding `role` (any office role for 'counterpart')."""
    ids = []
    for c in persons:
        person = d.kb.people.get(c.actor_id)
        country = d.country_of(c.actor_id)
        if country != iso:
            continue
        if role in {"counterpart", "leader"} or (person and role in person.roles):
            ids.append(c.actor_id)
    if len(set(ids)) == 1:
        return ids[0]
    return None
