"""Loaded at start-up by every Python process whose PYTHONPATH starts with tests/faults/.

See `tests/faults/__init__.py`. Does nothing unless SECSEARCH_TEST_WORKER_FAULT is set.
"""

from __future__ import annotations

import os

_SPEC = os.environ.get("SECSEARCH_TEST_WORKER_FAULT", "")

if _SPEC:
    import signal
    import time
    from pathlib import Path
    from typing import Any

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
