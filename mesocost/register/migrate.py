"""Running the register's Alembic migrations on open: forward only.

Loaded only when a database is not yet at the newest revision (a new file, or one an
older mesocost made), so an up-to-date register opens without importing Alembic.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from mesocost.core.i18n import _

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_KEY = 0x6D65736F  # "meso": the advisory lock migrations take on PostgreSQL


def scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def upgrade(engine: Engine, current: str | None, shown: str, to: str = "heads") -> None:
    """Upgrade from `current` (None: an empty database) to `to`, in one transaction.

    Raises:
        RegisterError: the database was made by a newer mesocost (a revision this
            version does not know); nothing is changed then.
    """
    from mesocost.register.store import RegisterError

    directory = scripts()
    known = {script.revision for script in directory.walk_revisions()}
    if current is not None and current not in known:
        raise RegisterError(_("made by a newer version of mesocost (schema {schema}; this "
                              "version knows up to {head}); update mesocost to open it")
                            .format(schema=current, head=directory.get_current_head()), shown)
    from alembic import command

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        connection.execution_options(mesocost_write=True)
        config.attributes["connection"] = connection
        with connection.begin():
            if connection.dialect.name == "postgresql":
                # Two copies opening a new team database at once: one migrates, the
                # other waits here, then finds it done (SQLite's write lock does this).
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")
            # Another copy may have migrated since we looked: Alembic reads the version
            # again inside this locked transaction.
            command.upgrade(config, to)
    log.info("register migrated from %s to %s: %s", current or "empty", to, shown)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
