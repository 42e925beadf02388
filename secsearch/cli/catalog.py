"""`show`, `entities`, `glossary` and `stats`: the commands that describe what is indexed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .options import (
    classification_options,
    echo_result,
    explain_errors,
    index_option,
    make_filters,
    output_options,
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
    fmt: str,
) -> None:
    """A paper's outline: sections, pages, committees, entity counts.

    Example: secsearch show SECP_66_1503_19
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    with open_index(config.index_dir(index_path)) as ix:
        echo_result(q.show(ix, ref, _filters(fmt, max_classification, include_classified)), fmt)


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
    fmt: str,
) -> None:
    """Canonical entity values with passage counts and first and last paper.

    Example: secsearch entities --type MODIFICATION
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    with open_index(config.index_dir(index_path)) as ix:
        filters = _filters(fmt, max_classification, include_classified)
        echo_result(q.entities(ix, entity_type=entity_type, filters=filters), fmt)


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
    fmt: str,
) -> None:
    """Acronyms defined in the papers, each expansion with its first and last paper.

    Example: secsearch glossary SPOTI
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    with open_index(config.index_dir(index_path)) as ix:
        filters = _filters(fmt, max_classification, include_classified)
        echo_result(q.glossary(ix, acronym, filters), fmt)


@click.command()
@classification_options
@index_option
@output_options()
@explain_errors
def stats(
    max_classification: str | None,
    include_classified: bool,
    index_path: Path | None,
    fmt: str,
) -> None:
    """Papers, pages, passages, years covered and index size.

    Example: secsearch stats
    """
    from .. import config
    from .. import query as q
    from ..index import open_index

    with open_index(config.index_dir(index_path)) as ix:
        echo_result(q.stats(ix, _filters(fmt, max_classification, include_classified)), fmt)


def _filters(fmt: str, max_classification: str | None, include_classified: bool) -> Any:
    return make_filters(
        fmt, max_classification=max_classification, include_classified=include_classified
    )


@click.command()
@index_option
@explain_errors
def check(index_path: Path | None) -> None:
    """Check that the index is whole: every file's hash as written, every record readable.

    Ends with one line; a damaged index gives one `Error:` line naming what is wrong, with the
    fix (`secsearch ingest --rebuild`).

    Example: secsearch check
    """
    from .. import config
    from ..index.check import check_index

    report = check_index(config.index_dir(index_path))
    click.echo(
        f"index at {report.folder}: {report.files} files match their checksums, "
        f"{report.records:,} records and {report.terms:,} terms read; no damage found"
    )
