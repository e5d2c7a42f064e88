"""Surface layer of the metrics extractor: find and normalise every number expression in one sentence.

Recognises digits with separators and decimals, number words ("one million", "twenty-five"), scale words
("billion", "bn", "trn"), currency symbols/codes/words (-> ISO 4217), percentages, ranges ("25-30%", "five to ten
years", "between X and Y"), physical and time units, hyphenated compounds ("30-year", "600-member"), fractions
("half a century", "more than half") and qualifying ordinals ("fourth time", "second largest"). Dates, years,
times of day, list markers, footnote and page numbers and numbers inside names ("G7", "covid-19") are dropped.
Which noun a bare count counts is decided later, on the parse (pipeline/extract/metrics/extractor.py).
The words are those of the lexicon (pipeline/knowledge/metric_units.yaml, `MetricLexicon`); this module knows
only the grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.knowledge.metrics import MetricLexicon

_TOKEN_RE = re.compile(
    r"[A-Z]{1,2}\$"  # US$, A$, HK$
    r"|\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"  # 1,234.5 / 88.1 / 7300
    r"|[A-Za-z]+(?:['’][a-z]+)?"  # words
    r"|\S",  # any other single character
)
_SUPERLATIVE = re.compile(r"^[a-z]+est$")  # regular superlatives ("largest"); the others are the lexicon's
_DASHES = {"-", "–", "—"}


def _phrase(text: str) -> tuple[str, ...]:
    """A multi-word lexicon entry as the lowercase tokens it is matched as."""
    return tuple(t.lower() for t in _TOKEN_RE.findall(text))


@cache
def default_lexicon() -> MetricLexicon:
    """The lexicon of pipeline/knowledge/metric_units.yaml, loaded once."""
    return MetricLexicon.load(_phrase)


@dataclass(frozen=True)
class Tok:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()


@dataclass
class Quantity:
    """One number expression of a sentence; offsets are relative to the text given to `find_quantities`."""

    start: int
    end: int
    value: float
    value_high: float | None = None
    unit: str | None = None  # None: a bare number, classified on the parse
    kind: str | None = None
    approximate: bool = False
    scaled: bool = False  # carried a scale word ("60 billion")
    form: str = "digit"  # digit | word | ordinal | fraction
    compound: str | None = None  # noun of a hyphenated compound: "five-state" -> "state"
    approximator: str | None = None
    surface: str = ""


def tokenize(text: str) -> list[Tok]:
    """Split a sentence into the small tokens the surface grammar works on."""
    return [Tok(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def parse_number_words(words: list[str], lexicon: MetricLexicon | None = None) -> float | None:
    """Value of a sequence of number words: ["twenty", "five"] -> 25, ["one", "hundred"] -> 100."""
    lex = lexicon or default_lexicon()
    total, current = 0.0, 0.0
    seen = False
    for word in words:
        w = word.lower()
        if w in {"and", "-", "a", "an"}:
            if w in {"a", "an"}:
                current = current or 1.0
            continue
        if w not in lex.number_words:
            return None
        value = lex.number_words[w]
        seen = True
        if w in {"hundred", "hundreds"}:
            current = (current or 1.0) * 100
        elif w in {"dozen", "dozens"}:
            current = (current or 1.0) * 12
        else:
            current += value
    return total + current if seen else None


def parse_digits(text: str) -> float:
    """ "1,234.5" -> 1234.5."""
    return float(text.replace(",", ""))


class _Scanner:
    """Reads number expressions left to right over the tokens of one sentence."""

    def __init__(self, text: str, lexicon: MetricLexicon) -> None:
        self.text = text
        self.toks = tokenize(text)
        self.lex = lexicon

    # -- token helpers ---------------------------------------------------------------------------------------
    def low(self, i: int) -> str:
        return self.toks[i].low if 0 <= i < len(self.toks) else ""

    def glued(self, i: int) -> bool:
        """Token i touches token i-1 (no space between)."""
        return 0 < i < len(self.toks) and self.toks[i].start == self.toks[i - 1].end

    def match_phrase(self, i: int, phrases: object) -> int:
        """Length of the longest phrase of `phrases` (tuples of lowercase tokens) starting at token i."""
        for n in (6, 5, 4, 3, 2, 1):
            if tuple(self.low(j) for j in range(i, i + n)) in phrases:  # type: ignore[operator]
                return n
        return 0

    def is_number_word(self, i: int) -> bool:
        return self.low(i) in self.lex.number_words

    def is_superlative(self, word: str) -> bool:
        """ "largest", "most": a regular "-est" form or a superlative of the lexicon."""
        return bool(_SUPERLATIVE.match(word)) or word in self.lex.superlatives

    # -- number core -----------------------------------------------------------------------------------------
    def number_at(self, i: int) -> tuple[float, int, str] | None:
        """(value, index after the number, form) for a number starting at token i."""
        tok = self.toks[i] if i < len(self.toks) else None
        if tok is None:
            return None
        if tok.text[0].isdigit():
            return parse_digits(tok.text), i + 1, "digit"
        words: list[str] = []
        j = i
        if self.low(j) in {"a", "an"} and self.low(j + 1) in {"hundred", "dozen", *self.lex.scales}:
            words.append("a")
            j += 1
        while j < len(self.toks) and (self.is_number_word(j) or self._number_joiner(j)):
            words.append(self.low(j))
            j += 1
        while words and words[-1] in {"-", "and"}:
            words.pop()
            j -= 1
        value = parse_number_words(words, self.lex) if words else None
        if value is None:
            return None
        if words == ["a"]:
            return None
        return value, j, "word"

    def _number_joiner(self, j: int) -> bool:
        return self.low(j) in {"-", "and"} and self.is_number_word(j - 1) and self.is_number_word(j + 1)

    # -- scanning --------------------------------------------------------------------------------------------
    def scan(self) -> list[Quantity]:
        out: list[Quantity] = []
        i = 0
        while i < len(self.toks):
            q, nxt = self.read(i)
            if q is not None:
                out.append(q)
                i = nxt
            else:
                i += 1
        return out

    def read(self, i: int) -> tuple[Quantity | None, int]:
        """Try to read a quantity whose number starts at token i (or at a currency prefix / fraction there)."""
        low = self.low(i)
        if low in self.lex.fractions:
            q, nxt = self.read_fraction(i)
            if q is not None or low not in self.lex.ordinal_words:
                return q, nxt
        if low in self.lex.ordinal_words or (
            self.toks[i].text[0].isdigit() and self.low(i + 1) in self.lex.ordinal_suffixes
        ):
            return self.read_ordinal(i)
        if low in {"a", "an"}:
            return self.read_article_unit(i)
        core = self.number_at(i)
        if core is None:
            return None, i + 1
        value, j, form = core
        if self.skip_number(i, j, form):
            return None, j
        return self.read_tail(i, j, value, form)

    def read_tail(self, i: int, j: int, value: float, form: str) -> tuple[Quantity | None, int]:
        """Everything after the number: scale, range, percent / currency / unit, compound."""
        first = self.currency_prefix_len(i)
        currency = self.currency_before(i)
        raw = value
        value, j, scaled = self.apply_scale(j, value, bool(currency))
        q = Quantity(start=self.toks[i - first].start, end=0, value=value, scaled=scaled, form=form)
        j = self.read_range(q, raw, i, j, bool(currency))
        j = self.read_unit(q, j, currency)
        if q.unit is None and not q.scaled and self.is_year_like(i, form):
            return None, j
        if q.unit is None and form == "word" and value == 1 and not q.scaled:
            return None, j
        q.end = self.toks[j - 1].end
        self.read_approximator(q, i - first)
        q.surface = self.text[q.start : q.end]
        return q, j

    # -- pieces ----------------------------------------------------------------------------------------------
    def currency_prefix_len(self, i: int) -> int:
        """Number of tokens before token i that form a currency prefix (0 when none)."""
        prev = self.toks[i - 1].text if i > 0 else ""
        if prev in self.lex.currency_prefixes:
            if prev == "$" and i > 1 and self.toks[i - 2].text in {"US", "U.S."} and self.glued(i - 1):
                return 2
            return 1
        return 0

    def currency_before(self, i: int) -> str | None:
        n = self.currency_prefix_len(i)
        if n == 0:
            return None
        prev = self.toks[i - 1].text
        return "USD" if n == 2 else self.lex.currency_prefixes[prev]

    def apply_scale(self, j: int, value: float, has_currency: bool) -> tuple[float, int, bool]:
        low = self.low(j)
        if low in self.lex.scales:
            unit_next = self.match_phrase(j + 1, self.lex.units) > 0
            if low in self.lex.currency_only_scales and not (self.glued(j) and (has_currency or unit_next)):
                return value, j, False  # "$5m", "5m barrels", but not "5 m"
            return value * self.lex.scales[low], j + 1, True
        return value, j, False

    def read_range(self, q: Quantity, raw: float, i: int, j: int, has_currency: bool) -> int:
        """Upper end of "X-Y", "X to Y", "between X and Y" after token j-1 into `q` (whose unscaled first
        number is `raw`); a scale on either end applies to both. Returns the index after the range."""
        joiner = self.low(j)
        between = self.low(i - 1 - self.currency_prefix_len(i)) == "between"
        ok = (joiner in _DASHES and self.glued(j)) or joiner == "to" or (joiner == "and" and between)
        if not ok or "from" in {self.low(i - 1), self.low(i - 2)}:
            return j
        k = j + 1
        if k < len(self.toks) and self.toks[k].text in self.lex.currency_prefixes:
            k += 1
        core = self.number_at(k) if k < len(self.toks) else None
        if core is None:
            return j
        high_raw, k2, _ = core
        high, k3, high_scaled = self.apply_scale(k2, high_raw, has_currency)
        factor = q.value / raw if q.scaled and raw else (high / high_raw if high_scaled and high_raw else 1.0)
        low, high = raw * factor, high_raw * factor
        if high <= low:
            return j
        q.value, q.value_high, q.scaled = low, high, q.scaled or high_scaled
        return k3

    def read_unit(self, q: Quantity, j: int, currency: str | None) -> int:
        """Set unit/kind from what follows token j-1; returns the index after the unit."""
        lex = self.lex
        if currency:
            q.unit, q.kind = currency, "currency"
            n = self.match_phrase(j, lex.currency_words)
            return j + n
        n = self.match_phrase(j, lex.percent_words)
        if n:
            unit = "percentage_point" if "point" in self.low(j + n - 1) else "percent"
            q.unit, q.kind = unit, "percentage"
            return j + n
        n = self.match_phrase(j, lex.currency_words)
        if n and not (self.low(j) == "won" and not q.scaled):
            q.unit, q.kind = lex.currency_words[tuple(self.low(k) for k in range(j, j + n))], "currency"
            return j + n
        if self.low(j) in _DASHES and self.glued(j) and self.glued(j + 1) and self.toks[j + 1].text.isalpha():
            return self.read_compound(q, j + 1)
        n = self.match_phrase(j, lex.units)
        if n and not (self.low(j) in {"t", "m"} and not self.glued(j)):
            unit, kind, factor = lex.units[tuple(self.low(k) for k in range(j, j + n))]
            q.unit, q.kind = unit, kind
            q.value *= factor
            if q.value_high is not None:
                q.value_high *= factor
            return j + n
        return j

    def read_compound(self, q: Quantity, k: int) -> int:
        """ "30-year", "600-member", "five-state": the noun after the hyphen."""
        word = self.low(k)
        unit = self.lex.units.get((word,))
        if unit is not None:
            q.unit, q.kind = unit[0], unit[1]
            q.value *= unit[2]
        else:
            q.compound = word
        return k + 1

    def read_approximator(self, q: Quantity, i: int) -> None:
        """Approximating words right before token i ("about", "more than", "just under")."""
        for phrase in self.lex.approximators:
            n = len(phrase)
            if i - n < 0:
                continue
            if tuple(self.low(k) for k in range(i - n, i)) == phrase:
                if phrase == ("over",) and q.kind == "duration" and self.low(i) not in {"a", "an"}:
                    return  # "over six years": a period, not "more than"
                q.approximate = True
                q.approximator = " ".join(phrase)
                return

    def is_year_like(self, i: int, form: str) -> bool:
        tok = self.toks[i].text
        return form == "digit" and tok.isdigit() and len(tok) == 4 and 1000 <= int(tok) <= 2100

    def skip_number(self, i: int, j: int, form: str) -> bool:
        """Numbers that are never quantities: inside names, dates, times, list markers, footnotes, pages."""
        if form != "digit":
            plural_fractions = {
                "thirds",
                "quarters",
                "fifths",
                "tenths",
            }  # "two thirds" is read as a fraction
            fraction_next = self.low(j) in plural_fractions or (
                self.low(j) in _DASHES and self.low(j + 1) in plural_fractions
            )
            return self.low(i - 1) in self.lex.months or self.in_name(i, j) or fraction_next
        tok, prev = self.toks[i], self.toks[i - 1] if i > 0 else None
        nxt = self.toks[j] if j < len(self.toks) else None
        if prev is not None and self.glued(i):
            if prev.text.isalpha() and prev.text not in self.lex.currency_prefixes:
                return True  # G7, G20
            if prev.text in _DASHES | {"/", ".", "’", "”", '"', ")", ":"} and i > 1 and self.glued(i - 1):
                return True  # covid-19, MiG-35, 9/11, footnote "word.1"
            if prev.text in {"/", "”", "’"}:
                return True
        if prev is not None and prev.text == "+" and self.glued(i):
            return True  # "5+1"
        if (
            nxt is not None
            and self.glued(j)
            and (nxt.text in {"/", "+"} or (nxt.text == "s" and len(tok.text) == 4))
        ):
            return True  # 2020/07, 1970s
        if nxt is not None and nxt.text == ")" and self.glued(j):
            return True  # list markers 1) (2)
        if nxt is not None and nxt.text == ":" and self.glued(j) and j + 1 < len(self.toks):
            after = self.toks[j + 1].text
            if self.glued(j + 1) and after.isdigit() and len(after) == 2 and len(tok.text) <= 2:
                return True  # time of day: "08:15 GMT"
        if i == 0 and self.low(j) == ".":
            return True  # "1." footnote / list marker
        if self.low(i - 1) in self.lex.months or self.low(j) in self.lex.months:
            return True  # dates: "May 29", "21 July"
        if self.low(i - 1) in {"p", "pp", "page", "pages", "footnote", "note", "chapter", "article", "no"}:
            return True
        if prev is not None and prev.text in {",", ":"} and i > 1 and self.toks[i - 2].text == ")":
            return True  # citation page: "(Beijing, 1999), 15."
        return bool(self.match_phrase(j, self.lex.non_metric_after))  # 5.30am, "11 min read"

    def in_name(self, i: int, j: int) -> bool:
        """A number word inside a name or nickname: "Group of Seven", "the “frugal four”"."""
        if i > 0 and self.toks[i].text[0].isupper() and self.low(i - 1) not in {"“", '"', "(", ":", "-", "—"}:
            return True
        closing = self.toks[j].text if j < len(self.toks) else ""
        return closing in {"”", '"'} and any(t.text in {"“", '"'} for t in self.toks[max(0, i - 4) : i])

    def read_fraction(self, i: int) -> tuple[Quantity | None, int]:
        """ "half a century", "half century", "more than half", "a third of", "two thirds of"."""
        low = self.low(i)
        prev = self.low(i - 1)
        if prev in self.lex.ordinal_words:
            return None, i + 1  # "the first half of the 1990s"
        k = i + 1 + (1 if self.low(i + 1) in {"a", "an"} else 0)
        unit = self.lex.units.get((self.low(k),)) if low == "half" else None
        if unit is not None and unit[1] == "duration":
            q = Quantity(self.toks[i].start, self.toks[k].end, 0.5 * unit[2], unit=unit[0], kind="duration")
            q.form = "fraction"
            q.surface = self.text[q.start : q.end]
            self.read_approximator(q, i)
            return q, k + 1
        multiplier = 1.0
        start_tok = i
        if prev in {"a", "one"}:
            start_tok = i - 1
        elif prev in self.lex.number_words and low.endswith("s"):
            multiplier, start_tok = self.lex.number_words[prev], i - 1
        elif prev in _DASHES and self.low(i - 2) in self.lex.number_words and low.endswith("s"):
            multiplier, start_tok = self.lex.number_words[self.low(i - 2)], i - 2
        elif low != "half":
            return None, i + 1
        before = start_tok - self._approximator_len(start_tok)
        by_before = self.low(before - 1) == "by"  # "cut by half", "fell by two-thirds", "by nearly a third"
        if not (self.low(i + 1) == "of" or by_before or (low == "half" and self._approximated(start_tok))):
            return None, i + 1
        q = Quantity(self.toks[start_tok].start, self.toks[i].end, self.lex.fractions[low] * multiplier)
        q.unit, q.kind, q.form = "percent", "percentage", "fraction"
        q.surface = self.text[q.start : q.end]
        self.read_approximator(q, start_tok)
        return q, i + 1

    def _approximated(self, i: int) -> bool:
        return self._approximator_len(i) > 0

    def _approximator_len(self, i: int) -> int:
        """Token length of the approximator ending right before token i ("nearly", "more than"), else 0."""
        return max(
            (
                len(p)
                for p in self.lex.approximators
                if i - len(p) >= 0 and tuple(self.low(k) for k in range(i - len(p), i)) == p
            ),
            default=0,
        )

    def read_article_unit(self, i: int) -> tuple[Quantity | None, int]:
        """ "over an hour", "nearly a decade": an approximated article + a time unit = 1 unit."""
        unit = self.lex.units.get((self.low(i + 1),))
        if unit is None or unit[1] != "duration" or not self._approximated(i):
            return None, i + 1
        q = Quantity(
            self.toks[i].start, self.toks[i + 1].end, unit[2], unit=unit[0], kind="duration", form="word"
        )
        q.surface = self.text[q.start : q.end]
        self.read_approximator(q, i)
        if q.approximator == "over":
            q.approximate = True
        return q, i + 2

    def read_ordinal(self, i: int) -> tuple[Quantity | None, int]:
        """Ordinals that state a quantity: "fourth time" (count), "tenth anniversary" (years), "second largest"
        (rank), "fourth annual meeting" (edition). Others ("First,", "sixth clause", "21st century") are not."""
        lex = self.lex
        if self.toks[i].text[0].isdigit():
            value, j = int(parse_digits(self.toks[i].text)), i + 2
        else:
            value, j = lex.ordinal_words[self.low(i)], i + 1
        if self.low(j) in _DASHES and self.glued(j):
            j += 1  # "third-largest"
        nxt = self.low(j)
        if self.low(i - 1) in lex.rank_verbs and value > 1:
            q = Quantity(self.toks[i].start, self.toks[j - 1].end, float(value), unit="rank", kind="other")
            q.form, q.surface = "ordinal", self.text[self.toks[i].start : self.toks[j - 1].end]
            return q, j  # "ranks fifth"
        if value <= 1 or self.low(i - 1) in lex.months or nxt in lex.months or self.low(j + 1) in lex.months:
            return None, j
        if nxt in lex.ordinal_counts:
            unit, kind = "count", "count"
        elif nxt in lex.ordinal_durations:
            unit, kind = "year", "duration"
        elif (self.is_superlative(nxt) and nxt not in {"best", "worst", "most", "least"}) or (
            nxt in {"most", "least"} and self.low(j + 1).isalpha()
        ):
            unit, kind = "rank", "other"
        elif nxt in lex.ordinal_editions:
            unit, kind = "ordinal", "other"
        else:
            return None, j
        end = j + 1 if unit in {"count", "year", "rank"} else j
        q = Quantity(
            self.toks[i].start, self.toks[end - 1].end, float(value), unit=unit, kind=kind, form="ordinal"
        )
        q.surface = self.text[q.start : q.end]
        return q, j


def find_quantities(text: str, lexicon: MetricLexicon | None = None) -> list[Quantity]:
    """Every number expression of `text` (one sentence), normalised; never raises on odd input."""
    if not text or not any(c.isdigit() or c.isalpha() for c in text):
        return []
    try:
        return _Scanner(text, lexicon or default_lexicon()).scan()
    except (IndexError, ValueError, OverflowError):
        return []


def determiner_before(text: str, q: Quantity, lexicon: MetricLexicon) -> str | None:
    """The determiner right before a quantity ("the two countries" -> "the"), lowercased, if any."""
    words = re.findall(r"[A-Za-z’']+", text[: q.start])
    if words and words[-1].lower() in lexicon.determiners:
        return words[-1].lower()
    if len(words) >= 2 and words[-1].lower() in {"s", "’s", "'s"}:
        return "possessive"
    return None
