"""``mcqa serve``: the web application (needs the ``web`` extra)."""

from __future__ import annotations

from pathlib import Path

import click

from mcqa.errors import ConfigError

INSTALL_HINT = "install it with: pip install 'mcqa[web]'"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but a loopback address needs --token or "
                   "--users.")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--token", envvar="MCQA_TOKEN", default=None, metavar="TOKEN",
              help="Access token every browser must enter once (or send as 'Authorization: "
                   "Bearer TOKEN'); also read from $MCQA_TOKEN.")
@click.option("--users", "users_file", type=click.Path(path_type=Path, dir_okay=False,
              exists=True), help="File of 'name:HASH' lines (from --hash-password): each "
              "person logs in with a name and password.")
@click.option("--hash-password", is_flag=True,
              help="Ask for a password, print its hash for a --users file, and exit.")
@click.option("--timeout", type=click.FloatRange(1, 3600), default=300, show_default=True,
              help="Seconds one check, benchmark or download may take before it is stopped.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Jobs run at once, each in its own process (default: all cores).")
@click.option("--max-file-bytes", type=click.IntRange(min=1), default=None, metavar="N",
              help="Largest uploaded file (default 64 MiB).")
@click.option("--max-files", type=click.IntRange(min=1), default=None, metavar="N",
              help="Most files in one upload, archive members included (default 2000).")
@click.option("--max-unzipped-bytes", type=click.IntRange(min=1), default=None, metavar="N",
              help="Most bytes in one upload once archives are unpacked (default 512 MiB).")
@click.option("--esco-db", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="ESCO index for dossiers and the ESCO page (default: the installed one).")
def serve(host: str, port: int, token: str | None, users_file: Path | None, hash_password: bool,
          timeout: float, workers: int | None, max_file_bytes: int | None,
          max_files: int | None, max_unzipped_bytes: int | None,
          esco_db: Path | None) -> None:
    """Run the web application: check, dossier, benchmark, levels, rules and ESCO pages
    in a browser, over the same library as this command line.

    Listens on 127.0.0.1 (this computer only) unless told otherwise. Uploads are
    deleted when each answer is sent; results stay in memory for 30 minutes.
    """
    try:
        import uvicorn

        from mcqa.web import Settings, create_app
        from mcqa.web.settings import WEB_LIMITS, default_workers, is_loopback, load_users
        from mcqa.web.settings import hash_password as make_hash
    except ModuleNotFoundError as exc:
        raise ConfigError(f"the web application needs {exc.name!r}, which is not installed",
                          hint=INSTALL_HINT) from None
    if hash_password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        click.echo(f"NAME:{make_hash(password)}")
        return
    from dataclasses import replace

    limits = WEB_LIMITS
    changed = {k: v for k, v in (("max_file_bytes", max_file_bytes),
                                 ("max_zip_members", max_files),
                                 ("max_unzipped_bytes", max_unzipped_bytes)) if v is not None}
    if changed:
        limits = replace(limits, **changed)
    settings = Settings(host=host, port=port, token=token or None,
                        users=load_users(users_file) if users_file else {}, limits=limits,
                        timeout=timeout, workers=workers or default_workers(),
                        esco_db=esco_db)
    app = create_app(settings)  # refuses an open server on a network
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"mcqa: serving on http://{shown}:{port}/ — open it in a browser; "
               "Ctrl+C stops the server.", err=True)
    if is_loopback(host):
        click.echo("mcqa: listening on this computer only (loopback).", err=True)
    else:
        how = "the access token (--token)" if token else "a name and password (--users)"
        click.echo(f"mcqa: listening on {host}, reachable from the network: every browser "
                   f"must log in with {how}. Traffic is not encrypted: use a TLS proxy "
                   "outside a trusted network.", err=True)
    click.echo(f"mcqa: {settings.workers} worker(s), {settings.timeout:g} s per job; uploads "
               "are deleted after each answer, results kept in memory for 30 minutes.",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                date_header=False, limit_concurrency=200, timeout_graceful_shutdown=5)
