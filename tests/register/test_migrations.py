"""Opening a register migrates an older schema with its quotes kept, refuses what it must
not touch (a newer schema, a file that is not a register) without changing a byte, and
builds exactly the schema `schema.metadata` describes; on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from mesocost.register import location, migrate
from mesocost.register.document import QuoteDocument, to_json
from mesocost.register.schema import HEAD, metadata
from mesocost.register.store import Register, RegisterError, _sqlite_engine
from tests.register.conftest import make_document

TODAY = date(2026, 11, 2)

# --- helpers ----------------------------------------------------------------------------


def raw_engine(target: str) -> sa.Engine:
    """An engine on the register's database as the store builds one, without opening
    (and so without migrating) it."""
    url = location.database_url(target)
    return _sqlite_engine(url) if location.sqlite_path(url) else sa.create_engine(url)


def sqlite_file(target: str) -> Path | None:
    return location.sqlite_path(location.database_url(target))


def open_register(target: str) -> Register:
    return Register.open(target, today=lambda: TODAY, user=lambda: "coordinator")


def refusal(target: str) -> str:
    """The one-line reason the register gives for refusing to open `target`."""
    with pytest.raises(RegisterError) as refused:
        open_register(target)
    message = str(refused.value)
    assert "\n" not in message
    return message


def table_names(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def companions(path: Path) -> list[Path]:
    """SQLite's side files: their presence would mean SQLite wrote next to the file."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


# --- an older schema --------------------------------------------------------------------

# The quotes table as revision 0001 made it (no client_search): the insert that version
# of mesocost ran, written without the current schema module.
QUOTES_0001 = sa.table(
    "quotes", *(sa.column(name) for name in (
        "number", "prefix", "year", "sequence", "revision", "status", "created_at",
        "updated_at", "client_name", "client_email", "client_phone", "destination",
        "clinic", "currency", "total_low", "total_high", "patient_currency", "patient_low",
        "patient_mid", "patient_high", "document")),
    sa.column("quote_date", sa.Date), sa.column("valid_until", sa.Date))
EVENTS_0001 = sa.table("quote_events", *(sa.column(name) for name in (
    "quote_id", "at", "user_name", "action", "from_status", "to_status", "detail")))
COUNTERS_0001 = sa.table("quote_counters", *(sa.column(name) for name in (
    "prefix", "year", "last_sequence")))

# Names whose case-insensitive search needs more than ASCII lower(): Turkish ş, German ß
# (Python's casefold is not Turkish-aware for İ/ı, so no dotted capital I here).
OLD_QUOTES = (  # (sequence, client, email, status)
    (1, "Ayşe Yılmaz", "ayse@example.com", "sent"),
    (2, "Jörg Straße", "joerg@example.de", "draft"),
    (3, "Zoë Ünal", "zoe@example.com", "accepted"),
)


def row_0001(document: QuoteDocument, sequence: int, status: str) -> dict:
    """The columns 0001 stored for `document`, consistent with its JSON."""
    quote, converted = document.priced()
    details, contact, entry = document.details, document.contact, document.request.entry
    return {
        "number": details.reference, "prefix": "MC", "year": 2026, "sequence": sequence,
        "revision": 0, "status": status, "quote_date": details.created,
        "valid_until": details.valid_until, "created_at": "2026-11-02T09:00:00.000000+00:00",
        "updated_at": "2026-11-02T09:00:00.000000+00:00", "client_name": details.client,
        "client_email": contact.email, "client_phone": contact.phone,
        "destination": entry.destination, "clinic": entry.clinic, "currency": quote.currency,
        "total_low": str(quote.total.low), "total_high": str(quote.total.high),
        "patient_currency": converted.currency, "patient_low": str(converted.grand.low),
        "patient_mid": str(converted.grand.mid), "patient_high": str(converted.grand.high),
        "document": to_json(document),
    }


def make_0001_register(target: str) -> dict[str, QuoteDocument]:
    """A register at revision 0001 holding OLD_QUOTES; their documents by number."""
    documents = {}
    engine = raw_engine(target)
    try:
        migrate.upgrade(engine, None, target, to="0001")
        with engine.connect() as connection, connection.begin():
            for sequence, client, email, status in OLD_QUOTES:
                number = f"MC-2026-{sequence:04d}"
                document = make_document(client=client, email=email).with_number(number)
                documents[number] = document
                connection.execute(QUOTES_0001.insert().values(
                    row_0001(document, sequence, status)))
                quote_id = connection.execute(sa.text(
                    "SELECT id FROM quotes WHERE number = :number"), {"number": number}
                ).scalar_one()
                connection.execute(EVENTS_0001.insert().values(
                    quote_id=quote_id, at="2026-11-02T09:00:00.000000+00:00",
                    user_name="coordinator", action="created", from_status=None,
                    to_status="draft", detail=""))
            connection.execute(COUNTERS_0001.insert().values(
                prefix="MC", year=2026, last_sequence=len(OLD_QUOTES)))
        assert migrate.current_revision(engine) == "0001"
        assert "client_search" not in {
            column["name"] for column in sa.inspect(engine).get_columns("quotes")}
    finally:
        engine.dispose()
    return documents


def test_a_0001_register_is_migrated_with_its_quotes_kept(register_url):
    documents = make_0001_register(register_url)
    with open_register(register_url) as register:
        assert migrate.current_revision(register.engine) == HEAD
        assert [summary.number for summary in register.list()] == sorted(documents)[::-1]
        for number, document in documents.items():
            saved = register.get(number)
            assert saved.document == document
            assert [change.action for change in saved.history] == ["created"]
        assert [s.number for s in register.list(status="sent")] == ["MC-2026-0001"]
        assert register.create(make_document()).number == "MC-2026-0004"  # counter kept


@pytest.mark.parametrize(("typed", "found"), [
    ("AYŞE", "Ayşe Yılmaz"), ("yılmaz", "Ayşe Yılmaz"),
    ("STRASSE", "Jörg Straße"), ("JÖRG", "Jörg Straße"),
    ("ZOË", "Zoë Ünal"), ("ünal", "Zoë Ünal"), ("ZOE@EXAMPLE", "Zoë Ünal"),
])
def test_migrated_quotes_are_found_by_client_whatever_the_case(register_url, typed, found):
    make_0001_register(register_url)
    with open_register(register_url) as register:
        assert [summary.client for summary in register.list(client=typed)] == [found]


# --- databases the register must refuse, untouched --------------------------------------

def test_a_database_from_a_newer_version_is_refused_and_left_unchanged(register_url):
    with open_register(register_url) as register:
        register.create(make_document())
        with register.engine.connect() as connection, connection.begin():
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    path = sqlite_file(register_url)
    before = path.read_bytes() if path else None

    assert "newer version" in refusal(register_url)

    if path is not None:
        assert path.read_bytes() == before
        assert not any(companion.exists() for companion in companions(path))
    engine = raw_engine(register_url)
    try:
        assert migrate.current_revision(engine) == "9999"
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM quotes").scalar() == 1
    finally:
        engine.dispose()


def excel_workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["client", "total"])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


NOT_SQLITE = {
    "text": "client,total\nAyşe Yılmaz,1200\n".encode(),
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
    "excel": None,  # made by openpyxl in the test
    "shorter than a header": b"SQLite",
}


@pytest.mark.parametrize("kind", NOT_SQLITE)
def test_a_file_that_is_not_sqlite_is_refused_and_left_unchanged(tmp_path, kind):
    path = tmp_path / "register.sqlite3"
    content = NOT_SQLITE[kind] if NOT_SQLITE[kind] is not None else excel_workbook()
    path.write_bytes(content)

    assert "not a SQLite database" in refusal(str(path))

    assert path.read_bytes() == content
    assert sorted(tmp_path.iterdir()) == [path]  # no -wal, -shm or -journal beside it


def test_a_sqlite_database_of_another_program_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "patients.sqlite3"
    with sqlite3.connect(path) as connection:  # a rollback-journal file, as most are
        connection.execute("CREATE TABLE patients (name TEXT)")
        connection.execute("INSERT INTO patients VALUES ('Ayşe Yılmaz')")
    connection.close()
    content = path.read_bytes()

    assert "other tables" in refusal(str(path))

    # Byte for byte: switching it to WAL would have rewritten its header.
    assert path.read_bytes() == content
    assert sorted(tmp_path.iterdir()) == [path]


def test_a_postgresql_database_of_another_program_is_refused_and_left_unchanged(
        postgres_server):
    url = postgres_server.new_database()
    engine = raw_engine(url)
    try:
        with engine.connect() as connection, connection.begin():
            connection.exec_driver_sql("CREATE TABLE patients (name TEXT)")

        assert "other tables" in refusal(url)

        assert table_names(engine) == {"patients"}
    finally:
        engine.dispose()


# --- the migrations build what schema.py describes --------------------------------------

def _same_server_default(context, inspected_column, metadata_column, inspected_default,
                         metadata_default, rendered_metadata_default):
    """Alembic reflects SQLite's empty-string default DEFAULT '' as "('')" and then
    reports it differs from server_default="" (its quote-stripping pattern needs at least
    one character); read both as the text they hold. Elsewhere, Alembic's own check."""
    if context.dialect.name != "sqlite":
        return None

    def bare(default: str | None) -> str | None:
        return None if default is None else default.strip("()").strip("'")

    return bare(inspected_default) != bare(rendered_metadata_default)


def test_the_migrations_build_exactly_the_schema_module_tables(register_url):
    with open_register(register_url) as register, register.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "compare_server_default": _same_server_default})
        assert compare_metadata(context, metadata) == []


# --- file permissions -------------------------------------------------------------------

@pytest.fixture
def lenient_umask():
    """Umask 0, so the permissions checked are the ones mesocost asks for, not ones a
    strict umask would have given anyway."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_register_file_and_its_folder_are_private_to_their_owner(
        tmp_path, lenient_umask):
    folder = tmp_path / "mesocost"
    path = folder / "register.sqlite3"
    with open_register(str(path)) as register:
        register.create(make_document())  # the WAL and its index exist while open
        assert mode(folder) == 0o700
        assert mode(path) == 0o600
        for suffix in ("-wal", "-shm"):  # they hold the same data: SQLite copies the mode
            assert mode(path.with_name(path.name + suffix)) == 0o600, suffix


def test_a_register_in_an_existing_folder_leaves_the_folder_as_it_was(
        tmp_path, lenient_umask):
    tmp_path.chmod(0o755)
    with open_register(str(tmp_path / "register.sqlite3")):
        pass
    assert mode(tmp_path) == 0o755
    assert mode(tmp_path / "register.sqlite3") == 0o600

