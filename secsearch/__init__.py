"""secsearch: ingest and search the papers of the SEC Panel and its Sub-Committees."""

__version__ = "0.1.0"
