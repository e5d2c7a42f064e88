"""Recognise web furniture that is not article text: share buttons, read times, captions, bios, repeats."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from pipeline.ingest.markup import Line

_FURNITURE = re.compile(
    r"""^(?:
        \d+\s*min(?:ute)?s?\s+read
      | related\s+(?:topics|posts|articles|stories|content|coverage)
      | recommended(?:\s+(?:posts|articles|stories|for\s+you))?
      | (?:you\s+)?(?:may|might)\s+also\s+like
      | more\s+(?:from|on)\s+.{0,40}
      | read\s+more | read\s+next | continue\s+reading | now\s+reading\b.*
      | read\s+this\s+(?:article|story)\s+in\b.*
      | share(?:\s+(?:this|on|via)\b.*)? | tweet | email | e-mail | print | whatsapp | facebook | twitter | linkedin
      | copy\s+link | comments?(?:\s*\(\d+\))? | advertisement | sponsored(?:\s+content)?
      | subscribe\b.{0,60} | sign\s+up\b.{0,60} | follow\s+us\b.{0,60} | newsletter
      | author | about\s+the\s+authors? | commentary | opinion | analysis | url | tags?:.*
      | (?:photo|image|picture|credit|source|file\s+photo)\s*:.{0,120}
      | (?:©|\(c\)|copyright\b).{0,160}
      | views\s+expressed\s+in\s+this\s+article\s+are\b.*
      | this\s+article\s+(?:was\s+)?(?:originally\s+)?(?:published|appeared)\b.{0,160}
      | in\s+[A-Z][\w&]*(?:\s+[A-Z][\w&]*)?(?:,\s+[A-Z][\w&]*(?:\s+[A-Z][\w&]*)?)+
      | [■□▪●◆•*]
    )[.!:]?$""",
    re.IGNORECASE | re.VERBOSE,
)
_AGENCIES = r"(?:AFP|AP|Getty\s+Images|Reuters|EPA(?:-EFE)?|Xinhua|TASS|Sputnik|Bloomberg|Shutterstock|ANP|dpa|picture[- ]alliance|Imago|Alamy|Pool|AAP|Kyodo|Yonhap|Anadolu)"
# `[^\s/]+` (not `\S+`) so "a/b/c" splits one way only: `(?:\S+\s*/\s*)*` backtracked exponentially.
_CAPTION_CREDIT = re.compile(rf"(?:[^\s/]+\s*/\s*)*{_AGENCIES}(?:\s*/\s*[\w .-]+)*\s*\.?\)?$")
CREDIT_TAIL = 200  # a photo credit is at the end of its line: only the line's tail is searched
_CAPTION_PREFIX = re.compile(r"^\(?(?:photo|image|picture|pictured|file photo)\b", re.IGNORECASE)
BIO_VERBS = (
    r"(?:is|was|has|holds|writes|teaches|lives|serves|served|received|earned|previously|specializes|focuses)"
)


def is_furniture(line: Line) -> bool:
    """A line that is page furniture, whatever the article."""
    return bool(_FURNITURE.match(line.text))


def is_caption(line: Line) -> bool:
    """A photo caption: ends with a photo-agency credit ('Name/AFP/Getty Images') or starts with 'Photo:'."""
    text = line.text
    if _CAPTION_PREFIX.match(text):
        return True
    match = _CAPTION_CREDIT.search(text[-CREDIT_TAIL:])
    return bool(match) and ("/" in match.group(0) or text.endswith(")"))


def repeated_lines(lines: list[Line]) -> set[int]:
    """Indices of non-empty lines that repeat an earlier line exactly (titles, captions, bylines)."""
    seen: set[str] = set()
    repeats: set[int] = set()
    for i, line in enumerate(lines):
        key = line.text.casefold()
        if not key:
            continue
        if key in seen:
            repeats.add(i)
        seen.add(key)
    return repeats


def bio_lines(lines: list[Line], authors: list[str]) -> set[int]:
    """Author bios: lines in the last third that start with an author's name (or surname) and a bio verb,
    any later near-duplicate of such a line, and lone repeats of an author's name near the end."""
    if not authors:
        return set()
    names = set()
    for author in authors:
        names.add(re.escape(author))
        names.add(re.escape(author.split()[-1]))
    start_pattern = re.compile(
        rf"^(?:{'|'.join(sorted(names, key=len, reverse=True))})\b.{{0,30}}\b{BIO_VERBS}\b"
    )
    first_tail = len(lines) * 2 // 3
    bios: set[int] = set()
    for i in range(first_tail, len(lines)):
        text = lines[i].text
        if start_pattern.match(text) or (text in authors and i > first_tail):
            bios.add(i)
    for i in range(first_tail, len(lines)):
        if i in bios or len(lines[i].text) < 40:
            continue
        if any(fuzz.token_set_ratio(lines[i].text, lines[j].text) >= 85 for j in bios):
            bios.add(i)
    return bios
