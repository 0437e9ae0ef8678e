"""Search clients whatever the case and script: a case-folded copy of name, email and
phone. SQL's lower() folds ASCII only on SQLite ("ŞÜKRÜ" would not find "şükrü"), so
the register folds in Python when it saves; this fills the column for existing quotes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(sa.Column("client_search", sa.Text, nullable=False,
                                   server_default=""))
    quotes = sa.table("quotes", sa.column("id", sa.Integer),
                      sa.column("client_name", sa.String), sa.column("client_email", sa.String),
                      sa.column("client_phone", sa.String),
                      sa.column("client_search", sa.Text))
    connection = op.get_bind()
    rows = connection.execute(sa.select(quotes.c.id, quotes.c.client_name,
                                        quotes.c.client_email, quotes.c.client_phone))
    for quote_id, name, email, phone in rows.all():
        connection.execute(quotes.update().where(quotes.c.id == quote_id)
                           .values(client_search=" ".join((name, email, phone)).casefold()))
