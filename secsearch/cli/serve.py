"""`serve`: the same search as a local web page."""

from __future__ import annotations

from pathlib import Path

import click

from .options import explain_errors, index_option


@click.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the search page in a browser.")
@explain_errors
def serve(index_path: Path | None, host: str, port: int, open_browser: bool) -> None:
    """Serve a read-only search web app over the index until Ctrl+C.

    Pages: search, papers, a paper with its passages and PDF, mentions, glossary, entities,
    stats; a JSON API under /api/. It listens on 127.0.0.1 only unless --host says otherwise;
    pages stop at Green unless the classification filter raises it, and downloads and the API
    carry Amber/Red only with "include classified", as on the command line.

    \b
    Examples:
      secsearch serve --open
      secsearch serve --index /data/sec-index --port 8080
    """
    from .. import config
    from ..serve import is_loopback, listen, run

    if not is_loopback(host):
        click.echo(
            f"warning: listening on {host}, not only on this machine: anyone who can reach it "
            "can read the index (up to Green unless they choose more)",
            err=True,
        )
    where = config.index_dir(index_path)
    listening = listen(host, port)

    def ready(url: str) -> None:
        click.echo(f"serving {where} at {url} (Ctrl+C to stop)")

    try:
        run(where, listening, open_browser=open_browser, on_ready=ready)
    except KeyboardInterrupt:  # uvicorn shuts down, then passes Ctrl+C on
        click.echo("stopped")
    finally:
        listening.sock.close()
