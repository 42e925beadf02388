"""Files before any PDF parser sees them: which files are PDFs, their hash, the cheap checks."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BadPdfError
from .reasons import REASON_EMPTY, REASON_NOT_PDF


def sha256_of(path: Path) -> str:
    """The file's sha256, read in blocks (a PDF can be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checked_sha256(path: Path) -> str:
    """The file's sha256, after the checks that need no PDF parser (exists, non-empty, header)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadPdfError(str(path), exc.strerror or "cannot read file") from None
    if not data:
        raise BadPdfError(str(path), REASON_EMPTY)
    # The spec lets the header sit anywhere in the first 1024 bytes (some writers prepend junk).
    if b"%PDF-" not in data[:1024]:
        raise BadPdfError(str(path), REASON_NOT_PDF)
    return hashlib.sha256(data).hexdigest()


def path_text(path: str | os.PathLike[str]) -> str:
    """The path as secsearch stores and prints it: one printable line.

    The same text as `str(path)` for every ordinary name; a name's bytes that are not UTF-8
    (`\\xff`) and its control characters (a newline is `\\n`) are escaped, so the index can
    store it and an `error:` line stays one line.
    """
    raw = os.fsencode(path).decode("utf-8", "backslashreplace")
    if raw.isprintable():
        return raw
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in raw)


@dataclass
class FoundFiles:
    """The PDFs found under some paths, and what was passed over, each with a reason."""

    pdfs: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path_text, reason)


def find_pdfs(paths: Iterable[str | Path]) -> FoundFiles:
    """PDF files named directly or found under folders (by .pdf suffix, any case), sorted.

    Nothing is passed over in silence: a broken or looping symbolic link, a FIFO or other
    non-file named .pdf, and a folder that cannot be read are listed in `skipped` with the
    reason. Symbolic links to folders are not followed (a link loop cannot trap the walk).
    """
    found = FoundFiles()
    pdfs: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            for folder, dirs, files in os.walk(p, onerror=lambda e: _unreadable(found, e)):
                dirs.sort()
                for name in files:
                    if name.lower().endswith(".pdf"):
                        _take(Path(folder) / name, pdfs, found)
        else:
            _take(p, pdfs, found)
    found.pdfs = sorted(pdfs)
    found.skipped.sort()
    return found


def resolved(paths: Iterable[Path]) -> list[Path]:
    """`Path.resolve()` of each path, each folder resolved once: resolving costs a system call
    per path component, which for 30,000 papers in one folder took over a second."""
    folders: dict[Path, Path] = {}
    out = []
    for path in paths:
        folder = folders.get(path.parent)
        if folder is None:
            folder = folders[path.parent] = path.parent.resolve()
        candidate = folder / path.name
        out.append(candidate.resolve() if candidate.is_symlink() else candidate)
    return out


def _unreadable(found: FoundFiles, error: OSError) -> None:
    where = path_text(error.filename or "?")
    found.skipped.append((where, f"cannot read folder ({error.strerror})"))


def _take(path: Path, pdfs: set[Path], found: FoundFiles) -> None:
    """Add the path if it is a regular file (following a symbolic link); else say why not."""
    reason = file_problem(path)
    if reason is None:
        pdfs.add(path)
    else:
        found.skipped.append((path_text(path), reason))


def file_problem(path: Path) -> str | None:
    """Why `path` cannot be read as a file, or None when it is a regular file."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return "broken symbolic link" if path.is_symlink() else "no such file"
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "symbolic link loop"
        return e.strerror or type(e).__name__
    if stat.S_ISREG(st.st_mode):
        return None
    if stat.S_ISFIFO(st.st_mode):
        return "not a regular file (a FIFO)"
    return "not a regular file"
