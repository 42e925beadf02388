"""Loaded at start-up by every Python process whose PYTHONPATH starts with tests/faults/.

See `tests/faults/__init__.py`. Does nothing unless SECSEARCH_TEST_WORKER_FAULT is set.
"""

from __future__ import annotations

import os

_SPEC = os.environ.get("SECSEARCH_TEST_WORKER_FAULT", "")

if _SPEC:
    import errno
    import signal
    import time
    from pathlib import Path
    from typing import Any

    import secsearch.ingest as _ingest
    import secsearch.pipeline as _pipeline

    _FAULTS = dict(item.split(":", 1) for item in _SPEC.split(",") if ":" in item)
    _process_one = _pipeline.process_one

    def _faulty_process_one(path: Path, **options: Any) -> Any:
        if _FAULTS.get("hang") == Path(path).name:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(3600)
        if _FAULTS.get("crash") == Path(path).name:
            os.kill(os.getpid(), signal.SIGSEGV)
        return _process_one(path, **options)

    _pipeline.process_one = _faulty_process_one

    if "vanish" in _FAULTS:
        # The file is listed, then deleted before ingest can look at it.
        _find_pdfs = _ingest.find_pdfs

        def _find_then_vanish(paths: Any) -> Any:
            found = _find_pdfs(paths)
            for pdf in found.pdfs:
                if pdf.name == _FAULTS["vanish"]:
                    pdf.unlink()
            return found

        _ingest.find_pdfs = _find_then_vanish

    if "disk" in _FAULTS:
        # Every file Whoosh tries to create fails as on a full disk (or a read-only one).
        from whoosh.filedb.filestore import FileStorage

        _code = {"full": errno.ENOSPC, "readonly": errno.EROFS}[_FAULTS["disk"]]

        def _no_space(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
            raise OSError(_code, os.strerror(_code), name)

        FileStorage.create_file = _no_space
