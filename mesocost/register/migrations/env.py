"""Alembic's entry point: migrations always run on a connection the register opened
(`config.attributes["connection"]`), inside its transaction; never from an ini file."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
