"""Property-based tests: modification spellings converge; nothing raises on arbitrary text."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from secsearch.domain import canonical_modification_id
from secsearch.tag import tag_passages
from secsearch.tag.dates import normalise_date
from tests.profiles import examples

numbers = st.integers(min_value=1, max_value=9999)
letters = st.one_of(st.just(""), st.sampled_from("ABCDEFGH"))


@st.composite
def modification_spellings(draw: st.DrawFn) -> tuple[str, int, str]:
    n, alt = draw(numbers), draw(letters)
    prefix = draw(st.sampled_from(["SECMP", "MP", "DP", "secmp", "mp", "dp", "Mp"]))
    padding = "0" * draw(st.integers(min_value=0, max_value=4))
    space = draw(st.sampled_from(["", " "]))
    return f"{prefix}{space}{padding}{n}{alt}", n, alt


@settings(max_examples=examples(300))
@given(modification_spellings())
def test_every_spelling_maps_to_one_id(spelling: tuple[str, int, str]) -> None:
    text, n, alt = spelling
    assert canonical_modification_id(text) == f"MP{n:03d}{alt}"


@settings(max_examples=examples(200))
@given(numbers, letters)
def test_tagged_spellings_agree_with_canonical_ids(n: int, alt: str) -> None:
    spellings = [f"SECMP{n:04d}{alt}", f"SECMP {n:04d}{alt}", f"MP{n:03d}{alt}", f"DP{n:03d}{alt}"]
    values = {
        e.value for ents in tag_passages((f"See {s}.", None) for s in spellings) for e in ents
    }
    assert values == {f"MP{n:03d}{alt}"}


@settings(max_examples=examples(300))
@given(st.text(), st.one_of(st.none(), st.integers(min_value=1, max_value=9999)))
def test_normalise_date_never_raises(text: str, year: int | None) -> None:
    normalise_date(text, year)


date_ish = st.text(
    alphabet=st.sampled_from(list("0123456789 /-–_.,()MarchJuneSECPGmid-endofQ")), max_size=40
)


@settings(max_examples=examples(300))
@given(st.one_of(st.text(), date_ish), st.one_of(st.none(), st.dates()))
def test_pipeline_never_raises(text: str, when: dt.date | None) -> None:
    (entities,) = tag_passages([(text, when)])
    assert all(text[e.start : e.end] == e.text for e in entities)
