"""Quotes, their numbering counters and their status history.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

STATUSES = "'draft', 'sent', 'accepted', 'declined', 'deleted'"


def upgrade() -> None:
    op.create_table(
        "quote_counters",
        sa.Column("prefix", sa.String(12), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("last_sequence", sa.Integer, nullable=False),
    )
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("number", sa.String(40), nullable=False, unique=True),
        sa.Column("prefix", sa.String(12), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("sequence", sa.Integer, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("root_id", sa.Integer, sa.ForeignKey("quotes.id")),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("quotes.id")),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("quote_date", sa.Date, nullable=False),
        sa.Column("valid_until", sa.Date, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("client_name", sa.String(200), nullable=False),
        sa.Column("client_email", sa.String(200), nullable=False),
        sa.Column("client_phone", sa.String(200), nullable=False),
        sa.Column("destination", sa.String(2), nullable=False),
        sa.Column("clinic", sa.String(200), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("total_low", sa.String(80), nullable=False),
        sa.Column("total_high", sa.String(80), nullable=False),
        sa.Column("patient_currency", sa.String(3), nullable=False),
        sa.Column("patient_low", sa.String(80), nullable=False),
        sa.Column("patient_mid", sa.String(80), nullable=False),
        sa.Column("patient_high", sa.String(80), nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("deleted_at", sa.String(32)),
        sa.UniqueConstraint("prefix", "year", "sequence", "revision",
                            name="uq_quotes_sequence"),
        sa.CheckConstraint(f"status IN ({STATUSES})", name="ck_quotes_status"),
    )
    op.create_index("ix_quotes_status", "quotes", ["status"])
    op.create_index("ix_quotes_quote_date", "quotes", ["quote_date"])
    op.create_table(
        "quote_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("quote_id", sa.Integer, sa.ForeignKey("quotes.id"), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("from_status", sa.String(10)),
        sa.Column("to_status", sa.String(10)),
        sa.Column("detail", sa.String(200), nullable=False, server_default=""),
    )
    op.create_index("ix_quote_events_quote", "quote_events", ["quote_id"])
