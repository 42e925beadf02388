"""`secsearch check`: is the index whole? Every file's hash, then every record and posting read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import whoosh_dir
from ..errors import IndexDamagedError
from .integrity import DAMAGE_ERRORS, verify_files
from .store import REBUILD_HINT, open_index


@dataclass
class CheckReport:
    """What `check` looked at, and what it found wrong (nothing, for a whole index)."""

    folder: str
    files: int = 0
    records: int = 0
    terms: int = 0
    problems: list[str] = field(default_factory=list)


def check_index(index_dir: Path) -> CheckReport:
    """Verify the index at `index_dir`; raises IndexDamagedError naming the first problem."""
    wdir = whoosh_dir(index_dir)
    report = CheckReport(folder=str(index_dir.resolve()))
    report.files, report.problems = verify_files(wdir)
    if report.problems:
        raise IndexDamagedError(
            f"index at {report.folder} is damaged: {report.problems[0]}", hint=REBUILD_HINT
        )
    with open_index(index_dir) as ix, ix.reading() as s:
        reader = s.reader()
        try:
            report.records = sum(1 for _ in reader.all_stored_fields())
            for fieldname, text in reader.all_terms():
                report.terms += 1
                for _ in reader.postings(fieldname, text).all_ids():
                    pass
        except DAMAGE_ERRORS as e:
            raise IndexDamagedError(
                f"index at {report.folder} is damaged ({type(e).__name__}: {e})",
                hint=REBUILD_HINT,
            ) from None
    return report
