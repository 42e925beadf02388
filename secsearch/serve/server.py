"""Running the app: a socket bound first (so a busy port is one clear error and port 0 picks a free
one), then uvicorn serving on it until interrupted."""

from __future__ import annotations

import ipaddress
import socket
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from ..errors import SecsearchError
from .app import LOOPBACK_NAMES, create_app


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1, localhost)."""
    name = host.strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass
class Listening:
    """A bound, listening socket and the URL it answers at."""

    sock: socket.socket
    url: str


def listen(host: str, port: int) -> Listening:
    """A socket listening on host:port (port 0: any free port); SecsearchError if it cannot."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as e:
        raise SecsearchError(
            f"cannot listen on {host}:{port}: {e.strerror or e}",
            hint="choose another --port (0 picks a free one) or --host",
        ) from None
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    return Listening(sock, f"http://{shown}:{bound_port}/")


def run(
    index_dir: Path,
    listening: Listening,
    *,
    open_browser: bool = False,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the index on the listening socket until interrupted (Ctrl+C, SIGTERM).

    A loopback server answers only requests addressed to a loopback name, so a web page
    elsewhere cannot reach it through a host name it points at 127.0.0.1.
    """
    host = listening.sock.getsockname()[0]
    allowed = LOOPBACK_NAMES if is_loopback(host) else ("*",)
    app = create_app(index_dir, allowed_hosts=allowed)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)

    def announce() -> None:
        while not server.started and not server.should_exit:
            threading.Event().wait(0.02)
        if server.started:
            if on_ready:
                on_ready(listening.url)
            if open_browser:
                webbrowser.open(listening.url)

    threading.Thread(target=announce, daemon=True).start()
    server.run(sockets=[listening.sock])
