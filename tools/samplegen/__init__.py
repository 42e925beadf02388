"""Sample corpus generator: realistic SEC Panel papers as PDFs with ground-truth JSON.

``python -m tools.samplegen DIR --papers N --seed S``. Entity conventions: see `content`.
Modifications follow planned lifecycles (`lifecycle`): every paper states the same facts about
a modification, only those dated by the paper's own date, and its ground truth declares them.
"""

from __future__ import annotations

from .generate import generate_corpus, render_paper
from .plan import plan_paper

__all__ = ["generate_corpus", "plan_paper", "render_paper"]
