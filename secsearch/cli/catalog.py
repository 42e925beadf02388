"""`show`, `papers`, `entities`, `glossary`, `stats` and `check`: what the index holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..render import FORMATS
from .options import (
    EXIT_FOUND,
    EXIT_NOTHING,
    chosen_format,
    classification_options,
    echo_result,
    explain_errors,
    filter_options,
    index_option,
    make_filters,
    output_options,
)


def _filters(fmt: str, max_classification: str | None, include_classified: bool) -> Any:
    return make_filters(
        fmt, max_classification=max_classification, include_classified=include_classified
    )


@click.command()
@click.argument("ref")
@classification_options
@index_option
@output_options()
@explain_errors
def show(
    ref: str,
    max_classification: str | None,
    include_classified: bool,
    index_path: Path | None,
    fmt: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """A paper's outline: sections, pages, committees, attachments, entity counts.

    JSON is the paper's outline as one object (a list when papers share the reference); CSV and
    Markdown have one row per section.

    \b
    Examples:
      secsearch show SECP_70_1307_08
      secsearch show SECP_70_1307_08 --format json -o outline.json
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    fmt = chosen_format(fmt, output, FORMATS, "text")
    with open_index(config.index_dir(index_path)) as ix:
        result = q.show(ix, ref, _filters(fmt, max_classification, include_classified))
    echo_result(result, fmt, output, force=force)


@click.command()
@filter_options
@index_option
@output_options()
@explain_errors
def papers(
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
    """The indexed papers in date order: reference, date, classification, pages, title,
    committees and file.

    \b
    Examples:
      secsearch papers --from 2021
      secsearch papers --committee TABASC --format csv -o tabasc-papers.csv
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
        result = q.papers(ix, filters)
    echo_result(result, fmt, output, force=force)
    click.get_current_context().exit(EXIT_FOUND if result.papers else EXIT_NOTHING)


@click.command()
@click.option("--type", "entity_type", help="Only this entity type (MODIFICATION, ORG, …).")
@classification_options
@index_option
@output_options()
@explain_errors
def entities(
    entity_type: str | None,
    max_classification: str | None,
    include_classified: bool,
    index_path: Path | None,
    fmt: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """Canonical entity values with passage counts and first and last paper.

    \b
    Examples:
      secsearch entities --type MILESTONE
      secsearch entities --type MODIFICATION --format csv -o modifications.csv
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    fmt = chosen_format(fmt, output, FORMATS, "text")
    with open_index(config.index_dir(index_path)) as ix:
        filters = _filters(fmt, max_classification, include_classified)
        echo_result(
            q.entities(ix, entity_type=entity_type, filters=filters), fmt, output, force=force
        )


@click.command()
@click.argument("acronym", required=False)
@classification_options
@index_option
@output_options()
@explain_errors
def glossary(
    acronym: str | None,
    max_classification: str | None,
    include_classified: bool,
    index_path: Path | None,
    fmt: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """Acronyms defined in the papers, each expansion with its first and last paper.

    \b
    Examples:
      secsearch glossary CPL
      secsearch glossary --format md -o glossary.md
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    fmt = chosen_format(fmt, output, FORMATS, "text")
    with open_index(config.index_dir(index_path)) as ix:
        filters = _filters(fmt, max_classification, include_classified)
        echo_result(q.glossary(ix, acronym, filters), fmt, output, force=force)


@click.command()
@classification_options
@index_option
@output_options()
@explain_errors
def stats(
    max_classification: str | None,
    include_classified: bool,
    index_path: Path | None,
    fmt: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """Papers, pages, passages, years covered, index size; papers that state no classification
    and files that failed to ingest.

    \b
    Examples:
      secsearch stats
      secsearch stats --format json
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    fmt = chosen_format(fmt, output, FORMATS, "text")
    with open_index(config.index_dir(index_path)) as ix:
        result = q.stats(ix, _filters(fmt, max_classification, include_classified))
    echo_result(result, fmt, output, force=force)


@click.command()
@index_option
@explain_errors
def check(index_path: Path | None) -> None:
    """Check that the index is whole: every file's hash as written, every record readable.

    Ends with one line; a damaged index gives one `Error:` line naming what is wrong, with the
    fix (`secsearch ingest --rebuild`), and exit status 2.

    \b
    Examples:
      secsearch check
      secsearch check --index /data/secsearch-index
    """
    from .. import config
    from ..index.check import check_index

    report = check_index(config.index_dir(index_path))
    click.echo(
        f"index at {report.folder}: {report.files} files match their checksums, "
        f"{report.records:,} records and {report.terms:,} terms read; no damage found"
    )
