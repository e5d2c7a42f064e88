"""Which place a phrase names: a gazetteer lookup ranked by the document's countries and by population.

The rules, in order:
1. "X-based" is X; "X, Y" is the X in Y (a city of that country or state), else Y only when Y is a city ("the
   Brazilian embassy, Washington"); never the country of an unknown X.
2. A curated place (sea, region, landmark) of that name wins.
3. A country wins over a state or city of the same name, unless the document names the other one's country
   and not this one ("Georgia" in an article about Atlanta).
4. A town of under 15,000 people only where no other place has the name, and in a country the document names.
5. Otherwise the highest score: log10(population) (a state counts as 100,000 people), +1 when its country is
   named elsewhere in the document, +0.3 for a city, -1.5 when the name is only one of GeoNames' alternate
   names ("Paris, France" beats "Paris, Texas" unless the article is about Texas).
6. Not found: "eastern Ukraine" is looked up as "Ukraine"; "Poland and the Czech Republic" as "Poland".
A phrase naming no known place gives None; nothing is ever widened to the document's country.
"""

from __future__ import annotations

import math
from collections.abc import Collection

from pipeline.knowledge.gazetteer import Gazetteer, Place
from pipeline.knowledge.language import PlaceWords

ADMIN1_POPULATION = 100_000  # what an unknown-population state or province weighs against cities
CONTEXT_BONUS, CITY_BONUS, ALTERNATE_PENALTY = 1.0, 0.3, 1.5
QUALIFYING = ("country", "admin1")  # what the Y of "X, Y" may be to narrow X down


def is_curated(place: Place) -> bool:
    """A place of the curated list (places.csv) rather than GeoNames."""
    return not place.place_id.startswith("geonames")


def _score(place: Place, official: bool, context: Collection[str]) -> float:
    population = place.population or (ADMIN1_POPULATION if place.feature_class == "admin1" else 1_000)
    return (
        math.log10(max(population, 1))
        + (CONTEXT_BONUS if place.country_code in context else 0.0)
        + (CITY_BONUS if place.feature_class == "city" else 0.0)
        - (0.0 if official else ALTERNATE_PENALTY)
    )


def best_place(candidates: list[tuple[Place, bool]], context: Collection[str]) -> Place | None:
    """The place a name most likely means among its gazetteer `candidates`, given the document's countries."""
    known = [(p, o) for p, o in candidates if not p.is_town]
    if not known:  # a small town, only in a country the document names ("near Tessalit" in a story about Mali)
        return next((p for p, _ in candidates if p.country_code in context), None)
    candidates = known
    curated = [p for p, _ in candidates if is_curated(p)]
    if curated:
        return curated[0]
    countries = [p for p, _ in candidates if p.feature_class == "country"]
    others = [(p, o) for p, o in candidates if p.feature_class != "country"]
    if countries:
        country = countries[0]
        local = [(p, o) for p, o in others if p.country_code in context]
        if country.country_code in context or not local:
            return country
        others = local
    return max(others, key=lambda pair: _score(*pair, context))[0]


def _within(place: Place, outer: Place) -> bool:
    """Whether `place` lies in the country or state `outer`."""
    same_country = place.country_code == outer.country_code
    return same_country and (outer.feature_class == "country" or place.admin1 == outer.name)


class PlaceResolver:
    """Resolves place phrases of one document (its countries, as ISO3 codes, are the context)."""

    def __init__(self, gazetteer: Gazetteer, words: PlaceWords, context: Collection[str] = ()) -> None:
        self.gazetteer = gazetteer
        self.words = words
        self.context = frozenset(context)

    def resolve(self, phrase: str, context: Collection[str] | None = None) -> Place | None:
        """The place `phrase` names, or None; `context` overrides the document's countries."""
        context = self.context if context is None else frozenset(context)
        text = self._bare(phrase)
        if "," in text:
            return self._qualified(*(part.strip() for part in text.rsplit(",", 1)), context)
        found = best_place(list(self.gazetteer.lookup(text)), context)
        if found is None:
            found = self._without_modifiers(text, context)
        if found is None:
            found = self._first_of_list(text, context)
        return found

    def _bare(self, phrase: str) -> str:
        text = phrase.strip().removesuffix("'s").removesuffix("’s").strip()
        for suffix in self.words.suffixes:
            if text.lower().endswith(suffix):
                return text[: -len(suffix)].strip()
        return text

    def _qualified(self, head: str, qualifier: str, context: frozenset[str]) -> Place | None:
        outers = [p for p, _ in self.gazetteer.lookup(qualifier) if p.feature_class in QUALIFYING]
        inside = [
            (p, o) for p, o in self.gazetteer.lookup(head) if any(_within(p, outer) for outer in outers)
        ]
        if inside or outers:
            return best_place(inside, context)  # never the country or state of an unknown place
        found = self.resolve(head, context)
        if found is None:
            outer = self.resolve(qualifier, context)
            found = outer if outer is not None and outer.feature_class in ("city", "landmark") else None
        return found

    def _without_modifiers(self, text: str, context: frozenset[str]) -> Place | None:
        words = text.split()
        while len(words) > 1 and words[0].lower() in self.words.modifiers:
            words = words[1:]
            found = best_place(list(self.gazetteer.lookup(" ".join(words))), context)
            if found is not None:
                return found
        return None

    def _first_of_list(self, text: str, context: frozenset[str]) -> Place | None:
        lowered = text.lower()
        for joiner in self.words.joiners:
            at = lowered.find(joiner)
            if at > 0:
                return best_place(list(self.gazetteer.lookup(text[:at])), context)
        return None
