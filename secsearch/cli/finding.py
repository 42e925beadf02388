"""`search`, `mentions`, `export` and `timeline`: the commands that find passages.

Each exits 0 when it found something and 1 when it found nothing (errors exit 2).
"""

from __future__ import annotations

from pathlib import Path

import click

from ..render import FORMATS
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
    write_output,
)

MENTIONS_SHOWN = 20


@click.command()
@click.argument("query")
@filter_options
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True)
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date", "-date"]),
    default="relevance",
    show_default=True,
    help="relevance (ties newest first), date (oldest first) or -date (newest first).",
)
@click.option("--facets", is_flag=True, help="Also count the matches by committee.")
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
    sort: str,
    facets: bool,
    index_path: Path | None,
    fmt: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """Ranked passages matching QUERY, then counts per year over all matches.

    Words, "phrases", AND / OR / NOT, wildcards (SMET*), fuzzy terms (SPOTI~1) and
    field:value (year:2019, committee:SSC, modification:MP067, paper:SECP_66_1503_19). A
    modification id in any spelling (SECMP 0067, MP67, mp067, DP067, MP-067) matches every
    spelling; an acronym in any case also finds its long forms.

    \b
    Examples:
      secsearch search SPOTI --from 2019 --committee "SMKI PMA"
      secsearch search "SECMP 0067" --sort date
      secsearch search 'release AND year:2020' --format csv -o release-2020.csv
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    fmt = chosen_format(fmt, output, FORMATS, "text")
    filters = make_filters(
        fmt,
        max_classification=max_classification,
        include_classified=include_classified,
        date_from=date_from,
        date_to=date_to,
        committee=committee,
    )
    with open_index(config.index_dir(index_path)) as ix:
        result = q.search(ix, query, filters=filters, limit=limit, sort=sort, facets=facets)  # type: ignore[arg-type]
    echo_result(result, fmt, output, force=force)
    click.get_current_context().exit(EXIT_FOUND if result.total else EXIT_NOTHING)


@click.command()
@click.argument("ident")
@filter_options
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=MENTIONS_SHOWN,
    show_default=True,
    help="Show at most this many (the oldest).",
)
@click.option("--all", "show_all", is_flag=True, help="Show every mention.")
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
    limit: int,
    show_all: bool,
    index_path: Path | None,
    fmt: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """Every passage mentioning IDENT, oldest first, each with its citation.

    IDENT is a modification in any spelling (SECMP0067, MP67, DP067, or just 67), an acronym in
    any case (every passage that uses it or its long form), a paper reference it cites, or the
    canonical value of any entity (DCC, Section G, Release 2.0).

    \b
    Examples:
      secsearch mentions SECMP0067
      secsearch mentions spoti --all --format md -o spoti.md
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    fmt = chosen_format(fmt, output, FORMATS, "text")
    filters = make_filters(
        fmt,
        max_classification=max_classification,
        include_classified=include_classified,
        date_from=date_from,
        date_to=date_to,
        committee=committee,
    )
    with open_index(config.index_dir(index_path)) as ix:
        result = q.mentions(ix, ident, filters=filters, limit=None if show_all else limit)
    echo_result(result, fmt, output, force=force)
    click.get_current_context().exit(EXIT_FOUND if result.total else EXIT_NOTHING)


EXPORT_FORMATS = ("md", "csv", "json")


@click.command()
@click.argument("query", required=False)
@click.option("--mentions", "ident", help="Export the mentions of this id instead of a query.")
@output_options(EXPORT_FORMATS, "md", "Markdown, CSV (UTF-8, for Excel) or JSON.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most this many passages.")
@filter_options
@index_option
@explain_errors
def export(
    query: str | None,
    ident: str | None,
    fmt: str | None,
    output: Path | None,
    force: bool,
    limit: int | None,
    date_from: str | None,
    date_to: str | None,
    committee: tuple[str, ...],
    max_classification: str | None,
    include_classified: bool,
    index_path: Path | None,
) -> None:
    """Full passages with citations, classification and a link to the PDF page, for a report.

    Amber and Red passages are held back unless --include-classified (with
    --max-classification amber to stop at Amber); the summary on stderr says how many. The
    format follows -o's extension unless --format says otherwise.

    \b
    Examples:
      secsearch export --mentions MP067 -o mp067.csv
      secsearch export "SMKI PMA" --from 2020 --limit 50 --format json
    """
    from .. import config
    from ..export import export_passages
    from ..index import open_index

    if (query is None) == (ident is None):
        raise click.UsageError("give either QUERY or --mentions ID")
    fmt = chosen_format(fmt, output, EXPORT_FORMATS, "md")
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
    write_output(done.content, output, force=force)
    click.echo(done.summary(), err=True)
    click.get_current_context().exit(EXIT_FOUND if done.included else EXIT_NOTHING)


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
    fmt: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """Matching passages per year or month, as a bar chart (JSON: a list of {period, count}).

    \b
    Examples:
      secsearch timeline SPOTI
      secsearch timeline MP067 --by month --format csv -o mp067-months.csv
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    fmt = chosen_format(fmt, output, FORMATS, "text")
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
    echo_result(result, fmt, output, force=force)
    click.get_current_context().exit(EXIT_FOUND if result.total else EXIT_NOTHING)
