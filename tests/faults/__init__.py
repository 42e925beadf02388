"""Test-only fault injection for subprocesses: a PDF that hangs or crashes the reader in C code.

`with_faults(env, hang=NAME, crash=NAME, ...)` returns an environment whose Python processes load
`sitecustomize.py` from this folder (it is put first on PYTHONPATH). That module wraps
`secsearch.pipeline.process_one` in every process of the run — the CLI, the forkserver and the
workers forked from it — so that reading the named file blocks SIGALRM and sleeps (only the
parent's watchdog can stop it, as with a loop inside PDFium) or dies of a real SIGSEGV. The
library itself has no test hooks.
"""

from __future__ import annotations

import os
from pathlib import Path

FAULT_ENV = "SECSEARCH_TEST_WORKER_FAULT"
HERE = Path(__file__).resolve().parent


def with_faults(
    env: dict[str, str] | None = None,
    *,
    hang: str | None = None,
    crash: str | None = None,
    vanish: str | None = None,
    disk: str | None = None,
) -> dict[str, str]:
    """A copy of `env` (default: os.environ) whose secsearch processes meet the named faults:
    `hang`/`crash` on reading a file, `vanish` (a file deleted right after it was listed),
    `disk` ("full" or "readonly": every file Whoosh creates fails with ENOSPC or EROFS)."""
    out = dict(os.environ if env is None else env)
    named = {"hang": hang, "crash": crash, "vanish": vanish, "disk": disk}
    out[FAULT_ENV] = ",".join(f"{kind}:{value}" for kind, value in named.items() if value)
    out["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), out.get("PYTHONPATH", "")]))
    return out
