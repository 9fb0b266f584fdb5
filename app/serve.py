"""`flask serve`, behind `make run`: binds the port first, and only then prints the demo logins and
the address, so nobody is sent to a URL where another program (or nothing) answers."""
import errno
import socket

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.serving import make_server


class PortTaken(click.ClickException):
    """The port is in use: said in Norwegian and English, exit status 1, no address printed."""

    def __init__(self, host: str, port: int, reason: str):
        super().__init__(
            f"Port {port} er opptatt på {host} ({reason}): et annet program bruker den. Stopp det, "
            f"eller velg en annen port, f.eks. PORT={port + 1} make run.\n"
            f"Port {port} is in use on {host}; stop that program or choose another port, "
            f"e.g. PORT={port + 1} make run.")

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, or PortTaken (or ClickException for other reasons)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as werkzeug's own server
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            raise PortTaken(host, port, exc.strerror or str(exc)) from None
        raise click.ClickException(f"Kan ikke lytte på {host}:{port}: {exc.strerror or exc}") from None
    return sock


def print_demo_logins() -> None:
    """demo-login's work, also done by `flask serve --demo-login` once its port is bound."""
    from app.demo import (
        ARCHIVIST_EMAIL,
        DEMO_EMAIL,
        MEMBER_EMAIL,
        ensure_archivist_login,
        ensure_demo_login,
        ensure_member_login,
    )

    password = ensure_demo_login()
    click.echo(f"Demo login: {DEMO_EMAIL} / {password}")
    member = ensure_member_login()
    if member is not None:
        member_password, name = member
        click.echo(f"Demo login, member of NUIT: {MEMBER_EMAIL} / {member_password} ({name})")
    click.echo(f"Demo login, archivist: {ARCHIVIST_EMAIL} / {ensure_archivist_login()}")


def run_server(server) -> None:
    """Serve until Ctrl+C (a function of its own so tests can stop short of serving)."""
    server.serve_forever()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--demo-login", is_flag=True,
              help="Gi demobrukerne nye passord og skriv dem ut (når porten er bundet).")
@with_appcontext
def serve_command(host: str, port: int, demo_login: bool) -> None:
    """Start Møtebok on HOST:PORT (as `make run`): stops with a clear message if the port is taken."""
    sock = bind(host, port)
    try:
        server = make_server(host, port, current_app._get_current_object(), threaded=True,
                             fd=sock.fileno())
        if demo_login:
            print_demo_logins()
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"Møtebok: http://{shown}:{port}")
        run_server(server)
    finally:
        sock.close()
