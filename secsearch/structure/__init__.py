"""Stage 2, structure: `DocumentLayout` → `Paper` (identity, section tree, passages with pages).

In: pages of lines from `extract`. Out: `models.Paper` with sections, committees and passages
(entities left for `tag`). Running headers and footers go first (`margins`), then the header block,
title, signature and attachments (`frontmatter`), table rows (`tables`), headings (`headings`),
and the passages between them (`passages`, `textjoin`); `sections` puts it together.
"""

from __future__ import annotations

from .sections import build_paper

__all__ = ["build_paper"]
