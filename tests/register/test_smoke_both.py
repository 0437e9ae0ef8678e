"""The register keeps numbers and content alike on SQLite and PostgreSQL."""

from tests.register.conftest import make_document


def test_first_quotes_are_numbered_from_one_and_read_back_identically(register):
    document = make_document()
    first = register.create(document)
    second = register.create(document)
    assert (first.number, second.number) == ("MC-2026-0001", "MC-2026-0002")
    assert register.get(first.number).document.priced() == document.priced()
