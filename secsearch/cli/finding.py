"""`search`, `mentions`, `export` and `timeline`: the commands that find passages."""

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


@click.command()
@click.argument("query")
@filter_options
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True)
@index_option
@output_options()
@explain_errors
def search(
    query: str,
    date_from: str | None,
    date_to: str | None,
    committee: tuple[str, ...],
    max_classification: str | None,
    include_classified: bool,
    limit: int,
    index_path: Path | None,
    fmt: str,
) -> None:
    """Ranked passages matching QUERY, then counts per year over all matches.

    Whoosh syntax: AND / OR / NOT, "phrases", wildcards (SMET*), field:value (year:2019,
    committee:SSC, modification:MP067). A modification id in any spelling matches every spelling;
    an acronym also finds its expansions.

    Example: secsearch search SPOTI --from 2019 --committee SSC
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    filters = make_filters(
        fmt,
        max_classification=max_classification,
        include_classified=include_classified,
        date_from=date_from,
        date_to=date_to,
        committee=committee,
    )
    with open_index(config.index_dir(index_path)) as ix:
        result = q.search(ix, query, filters=filters, limit=limit)
    echo_result(result, fmt)


@click.command()
@click.argument("ident")
@filter_options
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many (oldest).")
@index_option
@output_options()
@explain_errors
def mentions(
    ident: str,
    date_from: str | None,
    date_to: str | None,
    committee: tuple[str, ...],
    max_classification: str | None,
    include_classified: bool,
    limit: int | None,
    index_path: Path | None,
    fmt: str,
) -> None:
    """Every passage mentioning IDENT, oldest first, each with its citation.

    IDENT is a modification in any spelling (SECMP0067, MP67, DP067) or the canonical value of
    any entity (SPOTI, DCC, SECP_66_1503_19).

    Example: secsearch mentions SECMP0067
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    filters = make_filters(
        fmt,
        max_classification=max_classification,
        include_classified=include_classified,
        date_from=date_from,
        date_to=date_to,
        committee=committee,
    )
    with open_index(config.index_dir(index_path)) as ix:
        result = q.mentions(ix, ident, filters=filters, limit=limit)
    echo_result(result, fmt)


@click.command()
@click.argument("query", required=False)
@click.option("--mentions", "ident", help="Export the mentions of this id instead of a query.")
@output_options(("md", "csv", "json"), "md", "Markdown, CSV (UTF-8, for Excel) or JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many passages.")
@filter_options
@index_option
@explain_errors
def export(
    query: str | None,
    ident: str | None,
    fmt: str,
    output: Path | None,
    limit: int | None,
    date_from: str | None,
    date_to: str | None,
    committee: tuple[str, ...],
    max_classification: str | None,
    include_classified: bool,
    index_path: Path | None,
) -> None:
    """Full passages with citations and classification, for a report.

    Amber and Red passages are held back unless --include-classified (with
    --max-classification amber to stop at Amber); the summary on stderr says how many.

    Example: secsearch export --mentions MP067 --format csv -o mp067.csv
    """
    from .. import config
    from ..export import export_passages
    from ..index import open_index

    if (query is None) == (ident is None):
        raise click.UsageError("give either QUERY or --mentions ID")
    filters = make_filters(
        fmt,
        max_classification=max_classification,
        include_classified=include_classified,
        date_from=date_from,
        date_to=date_to,
        committee=committee,
    )
    with open_index(config.index_dir(index_path)) as ix:
        done = export_passages(
            ix,
            fmt,  # type: ignore[arg-type]
            query=query,
            ident=ident,
            filters=filters,
            limit=limit,
        )
    if output:
        output.write_text(done.content, encoding="utf-8", newline="")
    else:
        click.echo(done.content, nl=False)
    click.echo(done.summary(), err=True)


@click.command()
@click.argument("query")
@click.option("--by", type=click.Choice(["year", "month"]), default="year", show_default=True)
@filter_options
@index_option
@output_options()
@explain_errors
def timeline(
    query: str,
    by: str,
    date_from: str | None,
    date_to: str | None,
    committee: tuple[str, ...],
    max_classification: str | None,
    include_classified: bool,
    index_path: Path | None,
    fmt: str,
) -> None:
    """Matching passages per year or month, as a bar chart.

    Example: secsearch timeline SPOTI --by year
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    filters = make_filters(
        fmt,
        max_classification=max_classification,
        include_classified=include_classified,
        date_from=date_from,
        date_to=date_to,
        committee=committee,
    )
    with open_index(config.index_dir(index_path)) as ix:
        result = q.timeline(ix, query, by=by, filters=filters)  # type: ignore[arg-type]
    echo_result(result, fmt)
