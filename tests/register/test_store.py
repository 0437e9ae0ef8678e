"""The register's behaviour, each test once on SQLite and once on PostgreSQL: numbers,
immutability, status, expiry, revisions, duplicates, deletion, search and backup."""

from __future__ import annotations

import os
import stat
import threading
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from mesocost.core.comparison import price_request
from mesocost.core.engine import AddOn
from mesocost.core.errors import ExportError, InputError
from mesocost.core.requote import compare_quotes
from mesocost.register.document import Contact
from mesocost.register.schema import quotes
from mesocost.register.store import Register, RegisterError, format_number
from tests.register.conftest import fixed_rates, make_document

NOV_2 = "2026-11-02T09:00:00.000000+00:00"  # the pinned clock's time on its first day


def pinned(target: str, clock) -> Register:
    """Another register on the same database, on the test's clock (never the real date)."""
    return Register.open(target, clock=clock.now, today=lambda: clock.today,
                         user=lambda: "coordinator")


def sent(register, **document_fields):
    """A new quote, sent to the client."""
    saved = register.create(make_document(**document_fields))
    return register.set_status(saved.number, "sent")


def numbers(summaries) -> list[str]:
    return [summary.number for summary in summaries]


def row(register, number: str):
    with register.engine.connect() as connection:
        return connection.execute(select(quotes).where(quotes.c.number == number)).one()


def actions(saved) -> list[tuple]:
    return [(c.action, c.from_status, c.to_status, c.detail) for c in saved.history]


# --- numbers ------------------------------------------------------------------------------

def test_numbers_count_up_from_0001_per_prefix_and_year(register):
    created = [register.create(make_document()).number for _ in range(3)]
    assert created == ["MC-2026-0001", "MC-2026-0002", "MC-2026-0003"]


def test_a_new_year_starts_again_at_0001(register):
    december = register.create(make_document(created=date(2026, 12, 31)))
    january = register.create(make_document(created=date(2027, 1, 1)))
    late = register.create(make_document(created=date(2026, 12, 31)))
    assert (december.number, january.number) == ("MC-2026-0001", "MC-2027-0001")
    assert late.number == "MC-2026-0002"  # 2026 keeps its own count


def test_each_prefix_has_its_own_sequence(register):
    first = register.create(make_document(prefix="MC"))
    other = register.create(make_document(prefix="KA"))
    second = register.create(make_document(prefix="MC"))
    assert [first.number, other.number, second.number] == [
        "MC-2026-0001", "KA-2026-0001", "MC-2026-0002"]


def test_a_deleted_quotes_number_is_never_handed_out_again(register):
    register.create(make_document())
    last = register.create(make_document())
    register.delete(last.number)
    assert register.create(make_document()).number == "MC-2026-0003"


def test_format_number():
    assert format_number("MC", 2026, 7) == "MC-2026-0007"
    assert format_number("MC", 2026, 7, 2) == "MC-2026-0007-R2"
    assert format_number("KA-TR", 2027, 12345) == "KA-TR-2027-12345"


# --- figures ------------------------------------------------------------------------------

def test_saved_figures_are_exactly_the_figures_at_saving(register):
    document = make_document(
        add_ons=(AddOn("PRP", Decimal("33.33"), Decimal("99.99"), True, "GBP"),),
        discount_pct=Decimal("7.5"), tax_pct=Decimal("18"), tax_inclusive=True)
    quote, converted = document.priced()
    saved = register.create(document)
    assert saved.document.priced() == (quote, converted)
    summary = register.get(saved.number).summary
    assert (summary.currency, summary.total_low, summary.total_high) == (
        quote.currency, quote.total.low, quote.total.high)
    assert (summary.patient_currency, summary.patient_low, summary.patient_mid,
            summary.patient_high) == ("EUR", converted.grand.low, converted.grand.mid,
                                      converted.grand.high)
    # Decimal text, not a float that happened to compare equal
    assert str(summary.patient_mid) == str(converted.grand.mid)


def test_a_saved_quote_carries_its_number_and_creation_details(register):
    saved = register.create(make_document())
    assert saved.document.details.reference == saved.number
    assert (saved.summary.status, saved.summary.client, saved.summary.destination) == (
        "draft", "Ayşe Yılmaz", "TR")
    assert (saved.summary.quote_date, saved.summary.valid_until) == (
        date(2026, 11, 2), date(2026, 12, 2))
    assert saved.summary.created_at == saved.summary.updated_at == NOV_2
    assert actions(saved) == [("created", None, "draft", "")]


def test_get_of_an_unknown_number_is_refused(register):
    register.create(make_document())
    with pytest.raises(RegisterError, match="no such quote") as refused:
        register.get("MC-2026-0099")
    assert "MC-2026-0099" in str(refused.value)


# --- editing ------------------------------------------------------------------------------

def test_a_draft_is_updated_and_its_columns_follow_the_new_document(register, clock):
    draft = register.create(make_document())
    clock.today = date(2026, 11, 4)
    changed = make_document(client="Mehmet Kaya", email="mehmet@example.org",
                            phone="+90 532 111 2233", discount_pct=Decimal(10))
    updated = register.update_draft(draft.number, changed)
    quote, converted = changed.priced()
    assert updated.number == draft.number
    assert updated.document == changed.with_number(draft.number)
    assert (updated.summary.client, updated.summary.total_low, updated.summary.patient_high
            ) == ("Mehmet Kaya", quote.total.low, converted.grand.high)
    assert updated.summary.total_low != draft.summary.total_low
    assert updated.summary.created_at == NOV_2
    assert updated.summary.updated_at == "2026-11-04T09:00:00.000000+00:00"
    assert actions(updated)[-1] == ("edited", "draft", "draft", "")
    assert numbers(register.list(client="532 111")) == [draft.number]
    assert register.list(client="Ayşe") == []


def test_a_sent_quote_cannot_be_edited_and_is_pointed_to_revise(register):
    quote = sent(register)
    with pytest.raises(RegisterError, match=r"sent quotes cannot be changed; revise it") \
            as refused:
        register.update_draft(quote.number, make_document(client="Someone Else"))
    assert f"mesocost quote revise {quote.number}" in str(refused.value)
    assert register.get(quote.number).document == quote.document


# --- status -------------------------------------------------------------------------------

def test_draft_sent_accepted_each_recorded_with_user_and_time(register, clock):
    draft = register.create(make_document())
    register.set_status(draft.number, "sent")
    clock.today = date(2026, 11, 9)
    accepted = register.set_status(draft.number, "accepted")
    assert accepted.summary.status == accepted.summary.stored_status == "accepted"
    assert [(c.at, c.user, c.action, c.from_status, c.to_status) for c in accepted.history] == [
        (NOV_2, "coordinator", "created", None, "draft"),
        (NOV_2, "coordinator", "status", "draft", "sent"),
        ("2026-11-09T09:00:00.000000+00:00", "coordinator", "status", "sent", "accepted"),
    ]


def test_a_sent_quote_can_be_declined(register):
    quote = sent(register)
    declined = register.set_status(quote.number, "declined")
    assert declined.summary.status == "declined"
    assert actions(declined)[-1] == ("status", "sent", "declined", "")


@pytest.mark.parametrize(("path", "target", "message"), [
    ([], "accepted", "a draft quote can become sent, not accepted"),
    ([], "declined", "a draft quote can become sent, not declined"),
    (["sent", "accepted"], "sent", "an accepted quote can become nothing else"),
    (["sent", "accepted"], "declined", "nothing else \\(it is final\\)"),
    (["sent", "declined"], "accepted", "nothing else \\(it is final\\)"),
    (["sent"], "sent", "is already sent"),
    ([], "draft", "is already draft"),
    (["sent"], "draft", "a sent quote can become accepted or declined, not draft"),
    (["sent"], "expired", "not expired"),
])
def test_invalid_status_changes_are_refused_and_change_nothing(register, path, target,
                                                                message):
    quote = register.create(make_document())
    for status in path:
        quote = register.set_status(quote.number, status)
    with pytest.raises(RegisterError, match=message) as refused:
        register.set_status(quote.number, target)
    assert str(refused.value).startswith(f"{quote.number}: ")
    after = register.get(quote.number)
    assert (after.summary.stored_status, after.history) == (
        quote.summary.stored_status, quote.history)


# --- expiry -------------------------------------------------------------------------------

def test_a_sent_quote_is_still_valid_on_its_last_day(register, clock):
    quote = sent(register)  # valid until 2026-12-02
    clock.today = date(2026, 12, 2)
    assert register.get(quote.number).summary.status == "sent"
    assert numbers(register.list(status="sent")) == [quote.number]
    assert register.list(status="expired") == []


def test_a_sent_quote_past_its_validity_shows_as_expired(register, clock):
    quote = sent(register)
    clock.today = date(2026, 12, 3)
    summary = register.get(quote.number).summary
    assert (summary.status, summary.stored_status) == ("expired", "sent")
    assert [(s.number, s.status) for s in register.list()] == [(quote.number, "expired")]
    assert numbers(register.list(status="expired")) == [quote.number]
    assert register.list(status="sent") == []


def test_an_expired_draft_is_listed_as_expired_not_as_draft(register, clock):
    draft = register.create(make_document(validity_days=10))
    clock.today = date(2026, 11, 13)
    assert register.list(status="draft") == []
    assert numbers(register.list(status="expired")) == [draft.number]
    with pytest.raises(RegisterError, match="expired on 2026-11-12"):
        register.set_status(draft.number, "sent")


def test_an_expired_quote_cannot_be_accepted_but_can_be_declined(register, clock):
    quote = sent(register)
    clock.today = date(2027, 1, 15)
    with pytest.raises(RegisterError, match="expired on 2026-12-02: duplicate or revise it"):
        register.set_status(quote.number, "accepted")
    declined = register.set_status(quote.number, "declined")
    assert declined.summary.status == "declined"  # final: no longer shown as expired
    assert register.list(status="expired") == []


# --- revising -----------------------------------------------------------------------------

def test_revising_a_sent_quote_makes_a_linked_draft_dated_today(register, clock):
    original = sent(register)
    clock.today = date(2026, 11, 20)
    revision = register.revise(original.number)
    assert revision.number == "MC-2026-0001-R1"
    assert (revision.summary.status, revision.summary.revision) == ("draft", 1)
    assert revision.revises == original.number
    assert revision.document.details.created == revision.summary.quote_date == date(
        2026, 11, 20)
    assert revision.document.details.reference == revision.number
    assert revision.summary.valid_until == date(2026, 12, 20)
    assert (revision.document.request, revision.document.rates) == (
        original.document.request, original.document.rates)
    assert actions(revision) == [("revised", None, "draft", "revises MC-2026-0001")]


def test_revising_leaves_the_original_as_it_was(register, clock):
    original = sent(register)
    clock.today = date(2026, 11, 20)
    revision = register.revise(original.number)
    after = register.get(original.number)
    assert after.document == original.document
    assert after.summary.status == "sent"
    assert after.revisions == (revision.number,)
    assert actions(after)[-1] == ("revised", "sent", "sent", "revised as MC-2026-0001-R1")


def test_revisions_from_the_original_or_a_revision_number_on_from_the_root(register):
    original = sent(register)
    first = register.revise(original.number)
    second = register.revise(original.number)
    register.set_status(first.number, "sent")
    third = register.revise(first.number)
    assert [first.number, second.number, third.number] == [
        "MC-2026-0001-R1", "MC-2026-0001-R2", "MC-2026-0001-R3"]
    assert third.revises == first.number
    assert register.get(first.number).revisions == (third.number,)
    assert register.get(original.number).revisions == (first.number, second.number)
    # The next quote still gets the next number: revisions take none.
    assert register.create(make_document()).number == "MC-2026-0002"


def test_a_draft_cannot_be_revised(register):
    draft = register.create(make_document())
    with pytest.raises(RegisterError, match="is a draft: change it instead"):
        register.revise(draft.number)
    assert register.get(draft.number).revisions == ()


def test_revisions_of_one_quote_at_once_all_get_a_number(register_url, clock):
    """Several coordinators revise the same quote at the same moment."""
    with pinned(register_url, clock) as register:
        original = sent(register)
    made, failed = _at_once(register_url, clock, 6, lambda reg: reg.revise(original.number))
    assert failed == []
    assert sorted(saved.number for saved in made) == [
        f"MC-2026-0001-R{n}" for n in range(1, 7)]


def test_accepting_and_declining_at_once_lets_exactly_one_through(register_url, clock):
    with pinned(register_url, clock) as register:
        quote = sent(register)
    targets = iter(["accepted", "declined"])
    lock = threading.Lock()

    def change(reg):
        with lock:
            target = next(targets)
        return reg.set_status(quote.number, target)

    made, failed = _at_once(register_url, clock, 2, change)
    assert len(made) == len(failed) == 1
    assert "can become nothing else" in str(failed[0])
    with pinned(register_url, clock) as register:
        history = register.get(quote.number).history
    assert [(c.from_status, c.to_status) for c in history if c.action == "status"] == [
        ("draft", "sent"), ("sent", made[0].summary.status)]


def _at_once(url: str, clock, count: int, work):
    """Run `work(register)` in `count` threads, each with its own register, released
    together; returns (results, RegisterErrors)."""
    registers = [pinned(url, clock) for _ in range(count)]
    start = threading.Barrier(count)
    made, failed, crashed = [], [], []

    def run(register):
        start.wait()
        try:
            made.append(work(register))
        except RegisterError as error:
            failed.append(error)
        except Exception as error:  # reported by the assertion below
            crashed.append(error)

    threads = [threading.Thread(target=run, args=(reg,)) for reg in registers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for register in registers:
        register.close()
    assert crashed == []
    return made, failed


# --- duplicating --------------------------------------------------------------------------

def test_a_duplicate_has_a_new_number_and_the_same_content(register, clock):
    original = sent(register)
    clock.today = date(2026, 11, 25)
    copy = register.duplicate(original.number)
    assert copy.number == "MC-2026-0002"
    assert (copy.summary.status, copy.revises) == ("draft", None)
    expected = replace(original.document, details=replace(
        original.document.details, created=date(2026, 11, 25), reference=copy.number))
    assert copy.document == expected
    assert actions(copy) == [("duplicated", None, "draft", "duplicate of MC-2026-0001")]
    assert register.get(original.number).revisions == ()


def test_a_duplicate_made_in_a_new_year_is_numbered_in_that_year(register, clock):
    original = sent(register)
    clock.today = date(2027, 1, 4)
    assert register.duplicate(original.number).number == "MC-2027-0001"


# --- re-quoting ---------------------------------------------------------------------------

def test_requote_after_a_rate_change_shows_both_figures_and_changes_nothing(register):
    saved = register.create(make_document())  # USD/EUR 0.92
    today = price_request(saved.document.request, "EUR", fixed_rates({"USD/EUR": "0.95"}))
    report = compare_quotes(saved.document.priced(), today)
    assert report.patient_before != report.patient_after
    assert report.patient_after.low == report.patient_before.low / Decimal("0.92") * Decimal(
        "0.95")
    assert all(not line.reasons for line in report.lines)  # the clinic's USD are the same
    assert any("USD/EUR" in r and "0.92" in r and "0.95" in r for r in report.reasons)
    again = register.get(saved.number)
    assert again.document == saved.document
    assert again.summary == saved.summary
    assert again.document.priced() == saved.document.priced()


# --- deleting -----------------------------------------------------------------------------

def test_deleting_removes_the_clients_personal_data_everywhere(register, clock):
    document = make_document(client="Ayşe Yılmaz", email="ayse@example.com",
                             phone="+90 555 000 0000")
    document = replace(document, details=replace(document.details,
                                                 notes="Allergic to lidocaine"))
    quote = register.create(document)
    clock.today = date(2026, 11, 6)
    register.delete(quote.number)
    stored = row(register, quote.number)
    assert (stored.client_name, stored.client_email, stored.client_phone,
            stored.client_search) == ("", "", "", "")
    for personal in ("Ayşe", "Yılmaz", "ayse@example.com", "555 000", "lidocaine"):
        assert personal not in stored.document
    gone = register.get(quote.number)
    assert (gone.summary.client, gone.summary.status) == ("", "deleted")
    assert gone.document == document.with_number(quote.number).without_client()
    assert gone.document.contact == Contact()
    assert actions(gone)[-1] == ("deleted", "draft", "deleted", "")
    assert stored.deleted_at == "2026-11-06T09:00:00.000000+00:00"


def test_a_deleted_quote_is_found_only_by_asking_for_deleted_ones(register):
    kept = register.create(make_document(client="Mehmet Kaya"))
    deleted = register.create(make_document())
    register.delete(deleted.number)
    assert numbers(register.list()) == [kept.number]
    assert numbers(register.list(status="deleted")) == [deleted.number]
    assert register.list(client="Ayşe") == []
    assert register.list(status="deleted", client="example.com") == []
    assert register.count() == 2  # its number stays taken


def test_a_deleted_quote_keeps_its_figures(register):
    quote = sent(register)
    register.delete(quote.number)
    gone = register.get(quote.number)
    assert gone.document.priced() == quote.document.priced()
    assert (gone.summary.total_low, gone.summary.patient_mid) == (
        quote.summary.total_low, quote.summary.patient_mid)


@pytest.mark.parametrize("change", [
    lambda register, number: register.set_status(number, "sent"),
    lambda register, number: register.revise(number),
    lambda register, number: register.duplicate(number),
    lambda register, number: register.update_draft(number, make_document()),
    lambda register, number: register.delete(number),
], ids=["status", "revise", "duplicate", "update", "delete again"])
def test_a_deleted_quote_cannot_be_changed(register, change):
    quote = sent(register)
    register.delete(quote.number)
    with pytest.raises(RegisterError, match="was deleted on 2026-11-02; its number stays "
                                            "retired") as refused:
        change(register, quote.number)
    assert str(refused.value).startswith(f"{quote.number}: ")
    assert register.count() == 1


# --- listing and search -------------------------------------------------------------------

def test_list_shows_the_newest_number_first(register):
    register.create(make_document(created=date(2026, 12, 30)))
    register.create(make_document(created=date(2027, 1, 2)))
    register.create(make_document(created=date(2026, 12, 31)))
    assert numbers(register.list()) == ["MC-2027-0001", "MC-2026-0002", "MC-2026-0001"]


def test_list_shows_a_revision_above_the_quote_it_revises(register):
    original = sent(register)
    revision = register.revise(original.number)
    assert numbers(register.list()) == [revision.number, original.number]


# (Not İ or ı: Python's case folding of Turkish i is not the Turkish one.)
@pytest.mark.parametrize("typed", ["AYŞE", "ayşe", "ŞE", "  çağla  ", "ÇAĞLA"])
def test_client_search_ignores_case_in_any_alphabet(register, typed):
    register.create(make_document(client="Ayşe Yılmaz Çağla"))
    register.create(make_document(client="John Smith", email="john@example.org",
                                  phone="+44 20 7946 0000"))
    assert numbers(register.list(client=typed)) == ["MC-2026-0001"]


def test_client_search_matches_email_and_phone(register):
    register.create(make_document(client="Ayşe Yılmaz", email="Ayse.Y@Example.COM",
                                  phone="+90 555 000 0000"))
    register.create(make_document(client="John Smith", email="john@example.org",
                                  phone="+44 20 7946 0000"))
    assert numbers(register.list(client="ayse.y@example.com")) == ["MC-2026-0001"]
    assert numbers(register.list(client="555 000")) == ["MC-2026-0001"]
    assert numbers(register.list(client="7946")) == ["MC-2026-0002"]


@pytest.mark.parametrize(("typed", "found"), [
    ("%", ["MC-2026-0001"]),
    ("0%", ["MC-2026-0001"]),
    ("_", ["MC-2026-0002"]),
    ("a_b", ["MC-2026-0002"]),
    ("/", ["MC-2026-0003"]),
    ("\\", []),
])
def test_client_search_matches_wildcards_literally(register, typed, found):
    for client in ("Clinic 100% Hair", "a_b Jones", "A/B Estetik", "aXb 100 Hair"):
        register.create(make_document(client=client, email="", phone=""))
    assert numbers(register.list(client=typed)) == found


def test_list_since_a_day_includes_that_day(register):
    register.create(make_document(created=date(2026, 10, 1)))
    register.create(make_document(created=date(2026, 11, 2)))
    register.create(make_document(created=date(2026, 11, 15)))
    assert numbers(register.list(since=date(2026, 11, 2))) == ["MC-2026-0003", "MC-2026-0002"]


def test_list_limit_keeps_the_newest(register):
    for _ in range(4):
        register.create(make_document())
    assert numbers(register.list(limit=2)) == ["MC-2026-0004", "MC-2026-0003"]


def test_list_filters_combine(register, clock):
    register.create(make_document(client="Ayşe Yılmaz"))
    wanted = sent(register, client="Ayşe Demir", created=date(2026, 11, 10))
    sent(register, client="Mehmet Kaya", created=date(2026, 11, 11))
    sent(register, client="Ayşe Kaya", created=date(2026, 10, 1), validity_days=60)
    found = register.list(status="sent", client="ayşe", since=date(2026, 11, 1))
    assert numbers(found) == [wanted.number]


def test_list_refuses_an_unknown_status(register):
    with pytest.raises(InputError, match="unknown status 'open'"):
        register.list(status="open")


# --- backup -------------------------------------------------------------------------------

@pytest.fixture
def sqlite_register(tmp_path, clock):
    opened = pinned(str(tmp_path / "register.sqlite3"), clock)
    yield opened
    opened.close()


def _same_register(first: Register, second: Register) -> None:
    listed = first.list(status=None)
    assert second.list(status=None) == listed
    for summary in listed:
        assert second.get(summary.number) == first.get(summary.number)


def test_a_backup_opens_as_a_register_with_the_same_quotes(sqlite_register, tmp_path,
                                                           clock):
    sent(sqlite_register)
    sqlite_register.revise("MC-2026-0001")
    sqlite_register.create(make_document(client="Mehmet Kaya"))
    copy = tmp_path / "backup.sqlite3"
    sqlite_register.backup(copy)
    with pinned(str(copy), clock) as restored:
        assert restored.count() == 3
        _same_register(sqlite_register, restored)


def test_a_backup_is_readable_by_its_owner_only(sqlite_register, tmp_path):
    sqlite_register.create(make_document())
    previous = os.umask(0o022)
    try:
        sqlite_register.backup(tmp_path / "backup.sqlite3")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "backup.sqlite3").stat().st_mode) == 0o600


def test_a_backup_is_private_while_it_is_written(sqlite_register, tmp_path, monkeypatch):
    from mesocost.register import backup

    modes = []

    def watching(path, write, *, force=False):
        def write_and_look(handle):
            write(handle)
            modes.append(stat.S_IMODE(os.fstat(handle.fileno()).st_mode))

        original_write_with(path, write_and_look, force=force)

    original_write_with = backup.write_with
    monkeypatch.setattr(backup, "write_with", watching)
    sqlite_register.create(make_document())
    previous = os.umask(0o022)
    try:
        sqlite_register.backup(tmp_path / "backup.sqlite3")
    finally:
        os.umask(previous)
    assert modes == [0o600]


def test_a_read_only_backup_is_replaced_only_when_forced(sqlite_register, tmp_path, clock):
    sqlite_register.create(make_document())
    copy = tmp_path / "backup.sqlite3"
    copy.write_bytes(b"last week's backup")
    copy.chmod(0o400)
    with pytest.raises(ExportError, match="read-only"):
        sqlite_register.backup(copy)
    assert copy.read_bytes() == b"last week's backup"
    sqlite_register.backup(copy, force=True)
    with pinned(str(copy), clock) as restored:
        assert restored.count() == 1


def test_a_backup_over_the_register_itself_is_refused(sqlite_register, tmp_path):
    sqlite_register.create(make_document())
    with pytest.raises(ExportError, match="the register"):
        sqlite_register.backup(tmp_path / "register.sqlite3")
    assert sqlite_register.create(make_document()).number == "MC-2026-0002"


@pytest.mark.parametrize("folder", ["clinic #2", "50%20off", "what?"])
def test_a_register_in_a_folder_with_url_characters_opens_and_backs_up(tmp_path, clock,
                                                                        folder):
    place = tmp_path / folder
    with pinned(str(place / "register.sqlite3"), clock) as register:
        register.create(make_document())
        register.backup(place / "backup.sqlite3")
    assert sorted(path.name for path in tmp_path.iterdir()) == [folder]
    with pinned(str(place / "backup.sqlite3"), clock) as restored:
        assert restored.count() == 1


def test_a_postgresql_register_is_backed_up_with_pg_dump(postgres_server, tmp_path):
    with Register.open(postgres_server.new_database()) as register, \
            pytest.raises(RegisterError, match="pg_dump"):
        register.backup(tmp_path / "backup.sqlite3")
    assert not (tmp_path / "backup.sqlite3").exists()
