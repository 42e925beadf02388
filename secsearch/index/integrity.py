"""Knowing a damaged index when we meet one: a table of the files each commit left, and checks.

Whoosh keeps no checksums, and a segment file cut short or with bytes changed makes it raise
whatever its decoder trips over (zlib.error, EOFError, UnpicklingError, TypeError …), or hang
retrying a file that is gone. So every commit records each file of the generation folder with its
size and sha256 (`record_files`; files never change once written, so only new ones are hashed).
Opening an index compares the sizes of the files its table of contents names (a stat each);
`secsearch check` compares every hash and reads everything.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import struct
import zlib
from pathlib import Path
from typing import Any

FILES_TABLE = "secsearch-files.json"
# What reading a damaged Whoosh file raises. At open time anything else raised while reading
# the table of contents is damage too (an unpickled garbage object can fail in any way).
DAMAGE_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    EOFError,
    zlib.error,
    struct.error,
    pickle.UnpicklingError,
    UnicodeDecodeError,
)


def _is_recorded(name: str) -> bool:
    """Files the table covers: data and tables of contents, not locks or temporary files."""
    return not (name == FILES_TABLE or "LOCK" in name or name.endswith(".tmp"))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_table(folder: Path) -> dict[str, dict[str, Any]]:
    """name → {size, sha256} as the last commit recorded them; {} when none was recorded."""
    try:
        table = json.loads((folder / FILES_TABLE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}


def record_files(folder: Path) -> None:
    """Record every file of the folder with its size and hash, after a commit."""
    old = read_table(folder)
    table: dict[str, dict[str, Any]] = {}
    for entry in os.scandir(folder):
        if not entry.is_file() or not _is_recorded(entry.name):
            continue
        size = entry.stat().st_size
        known = old.get(entry.name)
        if known and known.get("size") == size:
            table[entry.name] = known
        else:
            table[entry.name] = {"size": size, "sha256": _sha256(Path(entry.path))}
    tmp = folder / f"{FILES_TABLE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(table, sort_keys=True), encoding="utf-8")
    os.replace(tmp, folder / FILES_TABLE)


def changed_files(folder: Path, names: list[str]) -> list[str]:
    """Which of the named files are missing, or differ in size from what was recorded."""
    table = read_table(folder)
    problems: list[str] = []
    for name in names:
        try:
            size = (folder / name).stat().st_size
        except FileNotFoundError:
            problems.append(f"{name} is missing")
            continue
        recorded = table.get(name)
        if recorded is not None and recorded.get("size") != size:
            problems.append(f"{name} is {size:,} bytes, {recorded['size']:,} were written")
    return problems


def verify_files(folder: Path) -> tuple[int, list[str]]:
    """(files checked, problems): every recorded file present, of its size and its hash."""
    table = read_table(folder)
    problems = changed_files(folder, sorted(table))
    for name, recorded in sorted(table.items()):
        path = folder / name
        same_size = path.exists() and path.stat().st_size == recorded.get("size")
        if same_size and _sha256(path) != recorded.get("sha256"):
            problems.append(f"{name} does not hold the bytes that were written (sha256)")
    return len(table), problems
