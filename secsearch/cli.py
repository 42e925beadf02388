"""Command-line interface: thin click commands over the library."""

from __future__ import annotations

import click

from . import __version__


@click.group()
@click.version_option(__version__, prog_name="secsearch")
def main() -> None:
    """Search the papers of the SEC Panel and its Sub-Committees."""


if __name__ == "__main__":
    main()
