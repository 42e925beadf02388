"""`history`, `modifications` and `refs`: a modification's life, the catalogue, who cites whom.

These show at most Green passages unless `--max-classification` raises the level.
"""

from __future__ import annotations

from pathlib import Path

import click

from .options import (
    echo_result,
    explain_errors,
    filter_options,
    index_option,
    make_filters,
    output_options,
)

DEFAULT_LEVEL = "green"


@click.command()
@click.argument("ident")
@filter_options
@index_option
@output_options(("text", "json", "md"), help="Readable text, JSON, or Markdown for a report.")
@explain_errors
def history(
    ident: str,
    date_from: str | None,
    date_to: str | None,
    committee: tuple[str, ...],
    max_classification: str | None,
    index_path: Path | None,
    fmt: str,
) -> None:
    """A modification's life: titles, events in date order with citations, status, committees.

    IDENT is a modification in any spelling (SECMP0067, SECMP 0067, MP67, DP067 are all MP067;
    MP122A is its own). Events are what the papers say happened: raised, converted, refinement,
    assessment, consultation, Modification Report, Change Board, Panel and Authority decisions,
    withdrawn, implemented. Only passages up to Green are used unless --max-classification.

    Examples: secsearch history MP067
              secsearch history SECMP0067 --format md --max-classification amber
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    filters = make_filters(date_from, date_to, committee, max_classification or DEFAULT_LEVEL)
    with open_index(config.index_dir(index_path)) as ix:
        result = q.history(ix, ident, filters=filters)
    echo_result(result, fmt)


@click.command()
@click.option(
    "--status",
    help="Only modifications whose latest event is this kind (implemented, withdrawn, "
    "change_board, …; a decision also as change_board:approve).",
)
@filter_options
@index_option
@output_options(("text", "json", "md"), help="Readable text, JSON, or a Markdown table.")
@explain_errors
def modifications(
    status: str | None,
    date_from: str | None,
    date_to: str | None,
    committee: tuple[str, ...],
    max_classification: str | None,
    index_path: Path | None,
    fmt: str,
) -> None:
    """Every modification the papers mention: title, first and last mention, status.

    One row per modification: the title written most often, first and last mention, papers,
    passages, and the latest event with its date. Filters choose the passages every figure is
    taken from. Only passages up to Green are used unless --max-classification.

    Examples: secsearch modifications
              secsearch modifications --status implemented --from 2020 --format md
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    filters = make_filters(date_from, date_to, committee, max_classification or DEFAULT_LEVEL)
    with open_index(config.index_dir(index_path)) as ix:
        result = q.modifications(ix, filters=filters, status=status)
    echo_result(result, fmt)


@click.command()
@click.argument("ref_or_id")
@filter_options
@index_option
@output_options(
    ("text", "dot", "json"), help="A text listing, or the graph as Graphviz DOT or JSON."
)
@explain_errors
def refs(
    ref_or_id: str,
    date_from: str | None,
    date_to: str | None,
    committee: tuple[str, ...],
    max_classification: str | None,
    index_path: Path | None,
    fmt: str,
) -> None:
    """Who cites whom: a paper's citations both ways, or a modification's papers and SEC changes.

    REF_OR_ID is a paper reference (SECP_69_1406_08: the papers it cites and the papers citing
    it) or a modification in any spelling (MP067: the papers about it and the SEC sections and
    appendices its passages say it changes). --format dot writes the graph of papers,
    modifications and SEC parts for Graphviz; json writes its nodes and edges. Only passages up
    to Green are used unless --max-classification.

    Examples: secsearch refs SECP_69_1406_08
              secsearch refs MP067 --format dot | dot -Tsvg -o mp067.svg
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    filters = make_filters(date_from, date_to, committee, max_classification or DEFAULT_LEVEL)
    with open_index(config.index_dir(index_path)) as ix:
        result = q.refs(ix, ref_or_id, filters=filters)
    echo_result(result, fmt)
