"""Joining printed lines back into text: line-end hyphenation and wrapped headings.

Word does not hyphenate automatically unless asked, so a hyphen at a line end in a Panel paper is
as often a real compound ("non-compliant", "Sub-Committee") as a break inside a word
("implemen-tation"). The rule, in order of the evidence it uses:

1. a soft hyphen (U+00AD) at the line end is always a break: the word is joined;
2. if the document prints the hyphenated form unbroken elsewhere ("non-compliant"), keep it;
3. if the document prints the joined form elsewhere ("implementation"), join;
4. if the part after the break starts with a capital or a digit ("Sub-" + "Committee",
   "SMETS-" + "2"), keep the hyphen: hyphenation never capitalises the middle of a word;
5. if the part before is a prefix English writes with a hyphen ("non-", "self-", "co-"), or the
   part after is a word English compounds with a hyphen ("-based", "-led", "-term"), keep it;
6. if both parts are words the document prints on their own ("scenario", "based"), keep it: a
   hyphenation dictionary splits a word into syllables, which are seldom words themselves;
7. otherwise join: a lower-case break the document gives no other evidence for is hyphenation.

Word and LibreOffice break lines after the hyphen of a compound ("scenario-" / "based") and only
hyphenate words when automatic hyphenation is switched on, so rules 5 and 6 matter for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SOFT_HYPHEN = "\u00ad"
_HYPHENS = ("-", SOFT_HYPHEN, "\u2010")
# Prefixes written with a hyphen in British English compounds ("non-compliant", "cost-benefit").
# Deliberately small: "re", "pre", "sub", "ex" are also syllables a hyphenation dictionary splits
# off ordinary words ("re-quirements", "sub-mission"), so they are left to the other rules.
COMPOUND_PREFIXES = frozenset(
    {
        "non",
        "self",
        "co",
        "cross",
        "well",
        "multi",
        "semi",
        "anti",
        "mid",
        "post",
        "third",
        "half",
        "user",
        "cost",
        "risk",
    }
)
# Second parts of hyphenated compounds ("risk-based", "industry-led", "long-term"). Hyphenation
# leaves at least two or three letters after a break, but these are whole words it never
# isolates from the middle of a longer word.
COMPOUND_SUFFIXES = frozenset(
    {
        "based",
        "led",
        "related",
        "specific",
        "driven",
        "wide",
        "level",
        "term",
        "party",
        "step",
        "facing",
        "compliant",
        "owned",
        "going",
        "ups",
        "off",
    }
)
_WORD_RE = re.compile(r"[\w\u00ad-]+")


class Vocabulary:
    """Words the document prints whole, for telling real compounds from hyphenation."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.words: set[str] = set()
        for text in texts:
            tokens = _WORD_RE.findall(text)
            # The last token of a line may be a broken word: it is no evidence.
            self.words.update(t.lower() for t in tokens[:-1] if not t.endswith(_HYPHENS))
            if tokens and not tokens[-1].endswith(_HYPHENS):
                self.words.add(tokens[-1].lower())


def joined_lines(texts: list[str], vocabulary: Vocabulary) -> str:
    """Printed lines as one text: single spaces between lines, hyphenation undone."""
    out = ""
    for text in texts:
        text = " ".join(text.split())
        if not out:
            out = text
        elif out.endswith(_HYPHENS) and len(out) > 1 and out[-2].isalnum() and text:
            out = _joined_at_hyphen(out, text, vocabulary)
        else:
            out = f"{out} {text}"
    return out


def _joined_at_hyphen(before: str, after: str, vocabulary: Vocabulary) -> str:
    """`before` (ending in a hyphen) and `after` joined by the module's hyphenation rule."""
    head = before.rsplit(" ", 1)[-1][:-1]  # word part before the hyphen
    tail_match = _WORD_RE.match(after)
    tail = tail_match.group(0) if tail_match else ""
    prefix = head.rsplit("-", 1)[-1]
    if before.endswith(SOFT_HYPHEN):
        return before[:-1] + after
    if f"{head}-{tail}".lower() in vocabulary.words:
        return before[:-1] + "-" + after
    if f"{head}{tail}".lower() in vocabulary.words:
        return before[:-1] + after
    if not tail or not tail[0].islower():
        return before[:-1] + "-" + after
    if prefix.lower() in COMPOUND_PREFIXES or tail.lower() in COMPOUND_SUFFIXES:
        return before[:-1] + "-" + after
    if min(len(prefix), len(tail)) >= 3 and {prefix.lower(), tail.lower()} <= vocabulary.words:
        return before[:-1] + "-" + after
    return before[:-1] + after
