"""The index's single-writer lock: an flock on the index folder itself.

Kept apart from the engine modules because it needs no search engine: any writer takes it.

The lock is held on a descriptor of the folder, not on a file in it: deleting, moving or
replacing `write.lock` (which only records the holder's PID, for the busy message) cannot let a
second writer in. The kernel drops the lock when its holder dies, so a killed writer's lock is
simply taken over. `WriteLock.still_held()` lets a writer check, before it publishes a rebuild,
that the folder it locked is still the one at that path.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from ..errors import IndexAccessError, IndexBusyError

LOCK_FILE = "write.lock"


@dataclass(frozen=True)
class WriteLock:
    """Proof of holding the lock on one folder (its device and inode when locked)."""

    folder: Path
    device: int
    inode: int

    def still_held(self) -> bool:
        """Whether the path still names the folder that was locked (not removed or replaced)."""
        try:
            st = os.stat(self.folder)
        except OSError:
            return False
        return (st.st_dev, st.st_ino) == (self.device, self.inode)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError as e:
        return e.errno == errno.EPERM
    return True


@contextmanager
def write_lock(index_dir: Path) -> Iterator[WriteLock]:
    """Hold the index's single-writer lock; another holder raises IndexBusyError."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        folder_fd = os.open(index_dir, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as e:
        raise IndexAccessError(
            f"cannot write the index at {index_dir.resolve()}: {e.strerror}",
            hint="give --index (or $SECSEARCH_INDEX) a folder you can write to",
        ) from None
    try:
        try:
            fcntl.flock(folder_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusyError(
                f"index is busy (being written by PID {_lock_holder(index_dir)})",
                hint="wait for the other ingest to finish",
            ) from None
        st = os.fstat(folder_fd)
        _record_holder(index_dir, holding=True)
        try:
            yield WriteLock(index_dir, st.st_dev, st.st_ino)
        finally:
            _record_holder(index_dir, holding=False)
            fcntl.flock(folder_fd, fcntl.LOCK_UN)
    finally:
        os.close(folder_fd)


def _record_holder(index_dir: Path, *, holding: bool) -> None:
    """Write (or clear) this process's PID in write.lock; only for the busy message."""
    with suppress(OSError):  # informational only: the lock itself is on the folder
        (index_dir / LOCK_FILE).write_text(f"{os.getpid()}\n" if holding else "", encoding="utf-8")


def _lock_holder(index_dir: Path) -> str:
    try:
        text = (index_dir / LOCK_FILE).read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return "unknown"
    return text if text.isdigit() and _pid_alive(int(text)) else text or "unknown"
