"""Stage 2, structure: `DocumentLayout` → `Paper` (identity, section tree, passages with pages).

In: pages of lines from `extract`. Out: `models.Paper` with sections, committees and passages
(entities left for `tag`). Running headers and footers go first (`margins`, by position and
pattern), with each page's classification (`classification`, the Panel Information Policy);
then reading order and the kind of document (`reading`: columns, slide decks, spreadsheets),
footnotes (`footnotes`), the header block, title and dates (`frontmatter`, `dates`), signature
and attachments (`closing`), table rows (`tables`), headings by relative style (`headings`, or
`slides` for a deck), and the passages between them (`passages`, `textjoin`); `sections` puts
it together. Every threshold is relative to the document's own body text (`body`).
"""

from __future__ import annotations

from .sections import build_paper

__all__ = ["build_paper"]
