"""Hypothesis profiles: `ci` when $CI is set, `dev` otherwise; HYPOTHESIS_PROFILE picks by name.

`ci` runs every property test with the example count it names (`examples(n)` → n), derandomised
so a CI failure reproduces; `dev` runs a tenth of them (at least 20), for a quick loop.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
settings.load_profile(PROFILE)


def examples(n: int) -> int:
    """How many examples a property test with `n` in CI runs under the current profile."""
    return n if PROFILE == "ci" else max(20, n // 10)
