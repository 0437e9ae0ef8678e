"""The register's tables as the newest migration leaves them (SQLAlchemy Core).

The migrations under `migrations/versions` create and change these tables; this module
describes the result for the queries in `store`. A test checks the two agree.

Money is stored as decimal text (exact on SQLite and PostgreSQL alike) and times as UTC
ISO-8601 text, so both databases hold and sort the same values.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# The newest migration: opening a database already at this revision skips Alembic.
HEAD = "0002"

STATUSES = ("draft", "sent", "accepted", "declined", "deleted")

metadata = MetaData()

# One row per (prefix, year): the last sequence number handed out. Incremented inside
# the transaction that saves the quote, so a number is never skipped or reused.
counters = Table(
    "quote_counters", metadata,
    Column("prefix", String(12), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("last_sequence", Integer, nullable=False),
)

quotes = Table(
    "quotes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("number", String(40), nullable=False, unique=True),
    Column("prefix", String(12), nullable=False),
    Column("year", Integer, nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("revision", Integer, nullable=False, default=0),
    Column("root_id", Integer, ForeignKey("quotes.id")),
    Column("parent_id", Integer, ForeignKey("quotes.id")),
    Column("status", String(10), nullable=False),
    Column("quote_date", Date, nullable=False),
    Column("valid_until", Date, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("client_name", String(200), nullable=False),
    Column("client_email", String(200), nullable=False),
    Column("client_phone", String(200), nullable=False),
    # The server default is what migration 0002 gave existing rows (then filled them).
    Column("client_search", Text, nullable=False, server_default=""),
    Column("destination", String(2), nullable=False),
    Column("clinic", String(200), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("total_low", String(80), nullable=False),
    Column("total_high", String(80), nullable=False),
    Column("patient_currency", String(3), nullable=False),
    Column("patient_low", String(80), nullable=False),
    Column("patient_mid", String(80), nullable=False),
    Column("patient_high", String(80), nullable=False),
    Column("document", Text, nullable=False),
    Column("deleted_at", String(32)),
    UniqueConstraint("prefix", "year", "sequence", "revision", name="uq_quotes_sequence"),
    CheckConstraint(f"status IN ({', '.join(repr(s) for s in STATUSES)})",
                    name="ck_quotes_status"),
    Index("ix_quotes_status", "status"),
    Index("ix_quotes_quote_date", "quote_date"),
)

# Every change of a quote's status (and its creation, revision, deletion): when, who.
events = Table(
    "quote_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("quote_id", Integer, ForeignKey("quotes.id"), nullable=False),
    Column("at", String(32), nullable=False),
    Column("user_name", String(200), nullable=False),
    Column("action", String(20), nullable=False),
    Column("from_status", String(10)),
    Column("to_status", String(10)),
    Column("detail", String(200), nullable=False, default="", server_default=""),
    Index("ix_quote_events_quote", "quote_id"),
)
