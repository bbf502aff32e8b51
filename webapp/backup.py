"""`flask --app webapp backup create|restore PATH`: the whole database in one file, and back.

SQLite goes through its online backup API (a consistent copy while the platform serves);
PostgreSQL through `pg_dump -Fc` and `pg_restore`, whose major version must be the server's
or newer. Exit codes: 0 done, 1 failed (the message says why), 3 restore refused over a
database that holds data (`--force` to replace it).
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from .extensions import db

backup_cli = AppGroup("backup", help="Sauvegarde et restauration de la base de données.")
REFUSED = 3  # exit code: the database holds data and --force was not given


class BackupFailed(click.ClickException):
    """A backup or a restore that could not be done; the message says why, in French."""

    def show(self, file=None) -> None:
        click.echo(f"Erreur : {self.format_message()}", file=file, err=True)


@backup_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_create(path: Path):
    """Write a full backup of the database to PATH (written aside, then renamed: never half)."""
    url = release_database()
    partial = path.with_name(path.name + ".partiel")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if url.get_backend_name() == "sqlite":
            copy_sqlite(sqlite_file(url), partial)
        else:
            run_tool("pg_dump", ["--format=custom", f"--file={partial}"], url)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    click.echo(f"Sauvegarde écrite : {path} ({path.stat().st_size / 1e6:.1f} Mo).")


@backup_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Remplacer une base qui contient déjà des données (elles seront perdues).")
def backup_restore(path: Path, force: bool):
    """Replace the database with the backup at PATH (refused over data unless --force)."""
    rows = rows_held()
    if rows and not force:
        click.echo(f"Restauration refusée : la base contient déjà des données ({rows} table(s) "
                   "non vide(s)). Relancez avec --force pour les remplacer par la sauvegarde.",
                   err=True)
        raise SystemExit(REFUSED)
    url = release_database()
    if url.get_backend_name() == "sqlite":
        check_sqlite_backup(path)
        copy_sqlite(path, sqlite_file(url))
    else:
        run_tool("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction",
                                "--exit-on-error", str(path)], url)
    click.echo(f"Base restaurée depuis {path}.")


def release_database() -> sa.URL:
    """End this process's transaction and close its connections; the database's URL.

    On SQLite a command holds the write lock from its first query, and on PostgreSQL an open
    transaction would block `pg_restore --clean`: neither may stay open during the copy.
    """
    db.session.commit()
    db.session.close()
    db.engine.dispose()
    return db.engine.url


def rows_held() -> int:
    """How many of the platform's tables hold rows (0: an empty database)."""
    tables = set(sa.inspect(db.engine).get_table_names())
    total = 0
    for table in db.metadata.sorted_tables:
        if table.name in tables:
            total += db.session.execute(sa.select(sa.literal(1)).select_from(table).limit(1)
                                        ).first() is not None
    db.session.commit()
    return total


def sqlite_file(url: sa.URL) -> Path:
    """The file of a SQLite database (an in-memory one cannot be backed up)."""
    if not url.database or url.database == ":memory:":
        raise BackupFailed("Une base SQLite en mémoire ne peut être ni sauvegardée ni restaurée.")
    return Path(url.database)


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy a SQLite database page by page with its online backup API (readers keep reading)."""
    try:
        origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            destination = sqlite3.connect(target, timeout=30)
            try:
                origin.backup(destination)
            finally:
                destination.close()
        finally:
            origin.close()
    except sqlite3.Error as error:
        raise BackupFailed(f"Copie de la base SQLite impossible ({source} → {target}) : "
                           f"{error}.") from error


def check_sqlite_backup(path: Path) -> None:
    """Refuse a file that is not a sound SQLite backup of this platform."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            sound = connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            ours = connection.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                      "AND name = 'alembic_version'").fetchone()[0] == 1
        finally:
            connection.close()
    except sqlite3.Error:
        sound = ours = False
    if not (sound and ours):
        raise BackupFailed(f"{path} n'est pas une sauvegarde SQLite valide de la plateforme.")


def run_tool(name: str, arguments: list[str], url: sa.URL) -> None:
    """Run pg_dump or pg_restore on the database of `url`; the password goes by environment."""
    tool = shutil.which(name)
    if tool is None:
        raise BackupFailed(f"{name} est introuvable : installez le client PostgreSQL "
                           "(paquet postgresql-client, même version majeure que le serveur).")
    # libpq reads a postgresql:// URI, never the driver's name; the password stays off `ps`.
    target = url.set(drivername="postgresql", password=None)
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    done = subprocess.run([tool, *arguments, f"--dbname={target.render_as_string()}"],
                          env=env, capture_output=True, text=True)
    if done.returncode:
        lines = done.stderr.strip().splitlines()
        detail = lines[0].removeprefix(f"{name}: ") if lines else "sans détail"
        raise BackupFailed(f"{name} a échoué (code {done.returncode}) : {detail}")
