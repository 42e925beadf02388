"""Every hand-written truth fact of the independent fixtures holds, with both engines.

One test per fixture document and engine and fact category (`tests/truthcheck.py` reads the
truth; TRUTH_FORMAT.md says what each fact means). A failure lists every fact of the category
that does not hold: which fact, what the truth expects, what the pipeline gave.

Scans (`kind: scan`) need OCR and are another engineer's. Facts the project has shown to be
wrong in the truth file are listed in `WRONG_IN_TRUTH` with the evidence; the test then asserts
that the pipeline gives the value the evidence supports, so a change to either is noticed.
Entity facts the tagger cannot meet (it tags passages, not titles, headings or the signature;
its canonical names differ) are listed in `TAGGER_MISSES` with the reason and counted as misses
by `benchmarks/fidelity.py`; every other entity fact must hold.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.truthcheck import CATEGORIES, Document, Fact, check, documents

DOCUMENTS = documents()
ENGINES = ("pdfium", "pdfplumber")

# (document, fact name) → (what the pipeline gives, which the evidence supports; the evidence).
WRONG_IN_TRUTH: dict[tuple[str, str], tuple[Any, str]] = {
    ("shared/SECP_75_1312_07", "meeting"): (
        {"number": 75, "date": "2019-12-13"},
        "The reference's DDMM is 1312 and the paper is dated 6 December 2019, so meeting 75 is on "
        "13 December 2019, as every sibling truth derives it (e.g. SECP_72_1309_06: 2019-09-13, "
        "not printed either); the truth alone says null.",
    ),
    ("shared/SECP_60_1409_12", "passage 'Full User Security' is in exactly one passage"): (
        2,
        "pdftotext prints it twice: 'their Full User Security Assessments. The outcomes are set "
        "out in the confidential appendix.' (section 3.1) and the table row 'Full User Security "
        "Assessment 2 Panel (confidential appendix)' (3.2): not a distinctive substring.",
    ),
    ("shared/SECP_60_1409_12", "passage 'Full User Security' pages"): (None, "as above"),
    ("shared/SECP_60_1409_12", "passage 'Full User Security' section"): (None, "as above"),
    ("shared/SECP_60_1409_12", "passage 'Full User Security' kind"): (None, "as above"),
}

_HEADINGS = "the tagger tags passages; a title or heading is no passage"
_SIGNATURE = "the signature block is the paper's identity (Paper.date), not a passage"
_MILESTONE = "the tagger's canonical value is 'SMETS1 MOC' (and IOC, FOC), as README documents"
# (document, fact name) → why the tagger cannot meet the fact.
TAGGER_MISSES: dict[tuple[str, str], str] = {
    ("word/CB_88_2009_03", "MODIFICATION MP162 at least 5×"): "the 5th is in the title; "
    + _HEADINGS,
    ("word/SECP_55_1105_04", "MODIFICATION MP046 at least 4×"): "one is a heading; " + _HEADINGS,
    ("word/SECP_72_1309_06", "MODIFICATION MP067 at least 2×"): "one is a heading; " + _HEADINGS,
    ("word/SECP_72_1309_06", "RELEASE Release 2.0 at least 1×"): "only in a heading; " + _HEADINGS,
    ("word/SECP_72_1309_06", "DATE 2019-09-06 at least 1×"): _SIGNATURE,
    ("word/SECP_72_1309_06", "acronym TABASC"): "defined in a heading only; " + _HEADINGS,
    ("word/SECP_78_2102_05", "RELEASE June 2020 SEC Release at least 4×"): "one is the title; "
    + _HEADINGS,
    ("word/SECP_88_2201_05", "acronym TABASC"): "defined in a heading only; " + _HEADINGS,
    ("word/SECP_97_1510_08", "acronym SECAS"): "'Code Administrator and Secretariat' does not "
    "spell S-E-C-A-S: the Schwartz-Hearst rule finds no long form",
    ("word/SECP_117_1606_05", "DATE 2023-06-09 at least 1×"): _SIGNATURE,
    ("word/SECP_117_1606_05", "acronym TABASC"): "defined in a heading only; " + _HEADINGS,
    ("other/OPSG_35_0707_02", "MILESTONE MOC at least 2×"): _MILESTONE,
    ("other/OPSG_35_0707_02", "MILESTONE IOC at least 2×"): _MILESTONE,
    ("other/OPSG_35_0707_02", "MILESTONE FOC at least 3×"): _MILESTONE,
    ("other/SECP_70_1207_11", "MILESTONE MOC at least 2×"): _MILESTONE,
    ("other/SECP_81_1906_10", "MILESTONE MOC at least 1×"): _MILESTONE,
    ("other/SECP_81_1906_10", "MILESTONE IOC at least 1×"): _MILESTONE,
    ("other/SECP_81_1906_10", "MILESTONE FOC at least 1×"): _MILESTONE,
    ("other/SEC_Panel_Bulletin_2020_03", "MILESTONE MOC at least 1×"): _MILESTONE,
    ("other/SEC_Panel_Bulletin_2020_03", "MILESTONE FOC at least 1×"): _MILESTONE,
    ("lifecycle/CB_46_2503_02", "MODIFICATION MP067 at least 2×"): "one is a heading; " + _HEADINGS,
    ("lifecycle/CB_85_2806_02", "MODIFICATION MP231 at least 3×"): "one is a heading; " + _HEADINGS,
    ("lifecycle/SECP_104_1305_03", "COMMITTEE SECCo at least 1×"): "'the SECCo budget' names the "
    "company: the tagger's ORG SECCo; only 'SECCo Board' is the committee",
    ("lifecycle/SECP_70_1207_04", "COMMITTEE SECCo at least 1×"): "'SECCo' alone names the "
    "company: the tagger's ORG SECCo; only 'SECCo Board' is the committee",
}


def _facts(document: Document, engine: str, category: str) -> list[Fact]:
    return [f for f in check(document, engine) if f.category == category]


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_truth_facts_hold(document: Document, engine: str, category: str) -> None:
    failures = []
    for fact in _facts(document, engine, category):
        key = (document.name, fact.name)
        if key in WRONG_IN_TRUTH:
            supported, _ = WRONG_IN_TRUTH[key]
            if fact.got != supported:
                failures.append(f"{fact.message()} (the evidence supports {supported!r})")
        elif key in TAGGER_MISSES:
            continue
        elif not fact.holds:
            failures.append(fact.message())
    assert not failures, f"{document.name} ({engine}):\n" + "\n".join(failures)


def test_listed_exceptions_exist() -> None:
    """Every listed exception names a real fact that really does not hold."""
    by_name = {d.name: d for d in DOCUMENTS}
    for name, fact_name in [*WRONG_IN_TRUTH, *TAGGER_MISSES]:
        facts = {f.name: f for f in check(by_name[name], "pdfium")}
        assert fact_name in facts, (name, fact_name)
        assert not facts[fact_name].holds, (name, fact_name)
