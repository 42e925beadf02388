"""`history`, `modifications` and `refs`: a modification's life, the catalogue, who cites whom.

Like every command they show at most Green passages unless --max-classification raises the
level (and, for JSON, Markdown, CSV and DOT, --include-classified too). `history` and `refs`
look up one thing, so a modification or paper the index holds nothing about is an error (exit
status 2, as for `show`); `modifications` exits 1 when no modification matches its filters.
"""

from __future__ import annotations

from pathlib import Path

import click

from .options import (
    EXIT_FOUND,
    EXIT_NOTHING,
    chosen_format,
    echo_result,
    explain_errors,
    filter_options,
    index_option,
    make_filters,
    output_options,
)

HISTORY_FORMATS = ("text", "json", "md")
CATALOGUE_FORMATS = ("text", "json", "csv", "md")
REFS_FORMATS = ("text", "dot", "json")


@click.command()
@click.argument("ident")
@filter_options
@index_option
@output_options(HISTORY_FORMATS, help="Readable text, JSON, or Markdown for a report.")
@explain_errors
def history(
    ident: str,
    date_from: str | None,
    date_to: str | None,
    committee: tuple[str, ...],
    max_classification: str | None,
    include_classified: bool,
    index_path: Path | None,
    fmt: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """A modification's life: titles, events in date order with citations, status, committees.

    IDENT is a modification in any spelling (SECMP0067, SECMP 0067, MP67, DP067 and 67 are all
    MP067; MP122A is its own). Events are what the papers say happened: raised, converted,
    refinement, assessment, consultation, Modification Report, Change Board, Panel and Authority
    decisions, withdrawn, implemented.

    \b
    Examples:
      secsearch history MP067
      secsearch history SECMP0067 --format md -o mp067.md
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    fmt = chosen_format(fmt, output, HISTORY_FORMATS, "text")
    filters = make_filters(
        fmt,
        max_classification=max_classification,
        include_classified=include_classified,
        date_from=date_from,
        date_to=date_to,
        committee=committee,
    )
    with open_index(config.index_dir(index_path)) as ix:
        result = q.history(ix, ident, filters=filters)
    echo_result(result, fmt, output, force=force)


@click.command()
@click.option(
    "--status",
    help="Only modifications whose latest event is this kind (implemented, withdrawn, "
    "change_board, …; a decision also as change_board:approve).",
)
@filter_options
@index_option
@output_options(CATALOGUE_FORMATS)
@explain_errors
def modifications(
    status: str | None,
    date_from: str | None,
    date_to: str | None,
    committee: tuple[str, ...],
    max_classification: str | None,
    include_classified: bool,
    index_path: Path | None,
    fmt: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """Every modification the papers mention: title, first and last mention, status.

    One row per modification: the title written most often, first and last mention, papers,
    passages, and the latest event with its date. The filters choose the passages every figure
    is taken from.

    \b
    Examples:
      secsearch modifications
      secsearch modifications --status implemented --from 2020 -o implemented.csv
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    fmt = chosen_format(fmt, output, CATALOGUE_FORMATS, "text")
    filters = make_filters(
        fmt,
        max_classification=max_classification,
        include_classified=include_classified,
        date_from=date_from,
        date_to=date_to,
        committee=committee,
    )
    with open_index(config.index_dir(index_path)) as ix:
        result = q.modifications(ix, filters=filters, status=status)
    echo_result(result, fmt, output, force=force)
    click.get_current_context().exit(EXIT_FOUND if result.rows else EXIT_NOTHING)


@click.command()
@click.argument("ref_or_id")
@filter_options
@index_option
@output_options(
    REFS_FORMATS, help="A text listing, or the graph as Graphviz DOT or as nodes and edges."
)
@explain_errors
def refs(
    ref_or_id: str,
    date_from: str | None,
    date_to: str | None,
    committee: tuple[str, ...],
    max_classification: str | None,
    include_classified: bool,
    index_path: Path | None,
    fmt: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """Who cites whom: a paper's citations both ways, or a modification's papers and SEC changes.

    REF_OR_ID is a paper reference (SECP_69_1406_08: the papers it cites and the papers citing
    it) or a modification in any spelling (MP067: the papers about it and the SEC sections and
    appendices its passages say it changes). --format dot writes the graph of papers,
    modifications and SEC parts for Graphviz; json writes its nodes and edges.

    \b
    Examples:
      secsearch refs SECP_107_1208_05
      secsearch refs MP067 --format dot | dot -Tsvg -o mp067.svg
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    fmt = chosen_format(fmt, output, REFS_FORMATS, "text")
    filters = make_filters(
        fmt,
        max_classification=max_classification,
        include_classified=include_classified,
        date_from=date_from,
        date_to=date_to,
        committee=committee,
    )
    with open_index(config.index_dir(index_path)) as ix:
        result = q.refs(ix, ref_or_id, filters=filters)
    echo_result(result, fmt, output, force=force)
