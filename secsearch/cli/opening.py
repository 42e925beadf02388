"""`open`: a hit's or paper's PDF in the system's viewer, at the page."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

import click

from .options import classification_options, explain_errors, failure, index_option

OPENER_ENV = "SECSEARCH_OPENER"


@click.command("open")
@click.argument("target")
@click.option("--page", type=click.IntRange(1), default=None, help="Open at this page.")
@classification_options
@index_option
@explain_errors
def open_command(
    target: str,
    page: int | None,
    max_classification: str | None,
    include_classified: bool,
    index_path: Path | None,
) -> None:
    """Open the PDF of a hit (its id, as search --format json prints it) or of a paper (its
    reference) in the system's PDF viewer, at the hit's page or --page.

    The viewer is $SECSEARCH_OPENER (a command; the file:// link is added as its last
    argument) or the system's (xdg-open, open). Papers above the classification ceiling are
    not opened.

    \b
    Examples:
      secsearch open SECP_70_1307_08 --page 3
      secsearch open bde9b80f84f5069b0e98:17
    """
    from .. import config
    from ..index import open_index
    from ..query import pdf_to_open

    filters = _filters(max_classification, include_classified)
    with open_index(config.index_dir(index_path)) as ix:
        link = pdf_to_open(ix, target, page=page, filters=filters)
    click.echo(f"opening {link}")
    _launch(link)


def _filters(max_classification: str | None, include_classified: bool) -> Any:
    from .options import make_filters

    return make_filters(
        "text", max_classification=max_classification, include_classified=include_classified
    )


def _launch(link: str) -> None:
    """Hand the link to the user's viewer; one line when there is none."""
    opener = os.environ.get(OPENER_ENV)
    if opener:
        try:
            code = subprocess.run([*shlex.split(opener), link], check=False).returncode
        except OSError as e:
            raise failure(
                f"cannot run {OPENER_ENV}={opener!r}: {e.strerror}", hint="set it to a PDF viewer"
            ) from None
    else:
        code = click.launch(link)
    if code != 0:
        raise failure(
            f"the viewer could not open {link}",
            hint=f"open the link yourself, or set {OPENER_ENV} to a PDF viewer command",
        )
