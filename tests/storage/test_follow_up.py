"""The call-back queue and follow-up statuses, contact details and bookings, on
SQLite and PostgreSQL: what a front desk works from (issue 17)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.storage.bookings import Bookings
from bot.storage.contact_crypto import ContactCipher, ContactUnreadable, new_key
from bot.storage.contacts import ContactBook
from bot.storage.db import Database
from bot.storage.errors import NotFound
from bot.storage.follow_up import FollowUps
from bot.storage.repository import ScreeningFilter, ScreeningRepository
from bot.storage.retention import delete_conversation

from .helpers import NOW, audit_rows, record

DAY = timedelta(days=1)
QUEUE = ScreeningFilter(in_queue=True)


@pytest.fixture
def cipher() -> ContactCipher:
    return ContactCipher.from_keys(new_key())


@pytest.fixture
def contacts(database: Database, cipher: ContactCipher) -> ContactBook:
    return ContactBook(database, cipher)


def save(repo: ScreeningRepository, conversation: str, days_ago: int, **fields) -> int:
    return repo.save_record(
        record(conversation, completed_at=NOW - days_ago * DAY, **fields)
    )


def queued(repo: ScreeningRepository, actor: str) -> list[str]:
    page = repo.list_screenings(QUEUE, actor=actor)
    return [item.conversation_id for item in page.items]


def test_the_queue_puts_emergencies_then_physician_first_then_call_backs_oldest_first(
    repo: ScreeningRepository, contacts: ContactBook, reviewer: str
) -> None:
    save(repo, "cgh-callback-old", 9)
    save(repo, "cgh-callback-new", 1)
    save(repo, "cgh-no-callback", 8)
    save(repo, "physician", 5, triage="see_physician_first")
    save(repo, "emergency-new", 2, triage="emergency")
    save(repo, "emergency-old", 4, triage="emergency")
    for conversation in ("cgh-callback-new", "cgh-callback-old"):
        contacts.save_phone(conversation, "+14165550123", source="typed")
    assert queued(repo, reviewer) == [
        "emergency-old",
        "emergency-new",
        "physician",
        "cgh-callback-old",
        "cgh-callback-new",
    ]


def test_a_screening_leaves_the_queue_once_reviewed_and_its_call_is_done(
    database: Database, repo: ScreeningRepository, contacts: ContactBook, reviewer: str
) -> None:
    screening = save(repo, "emergency", 1, triage="emergency")
    contacts.save_phone("emergency", "+14165550123", source="typed")
    follow_ups = FollowUps(database)
    repo.mark_reviewed(screening, reviewer=reviewer)
    assert queued(repo, reviewer) == ["emergency"]  # still a call to make
    follow_ups.set_follow_up(
        screening, status="no_answer", assignee=None, actor=reviewer
    )
    assert queued(repo, reviewer) == ["emergency"]
    follow_ups.set_follow_up(
        screening, status="called", assignee=reviewer, actor=reviewer
    )
    assert queued(repo, reviewer) == []
    detail = repo.get(screening, actor=reviewer)
    assert (detail.follow_up_status, detail.assignee) == ("called", reviewer)
    assert [(c.status, c.assignee, c.changed_by) for c in detail.follow_ups] == [
        ("to_call", None, "patient"),
        ("no_answer", None, reviewer),
        ("called", reviewer, reviewer),
    ]
    assert [
        row["target"] for row in audit_rows(database) if row["action"] == "follow_up"
    ] == [
        f"screening={screening} status=to_call",
        f"screening={screening} status=no_answer",
        f"screening={screening} status=called assignee={reviewer}",
    ]


def test_follow_up_refuses_unknown_statuses_staff_and_screenings(
    database: Database, repo: ScreeningRepository, reviewer: str
) -> None:
    screening = save(repo, "cgh", 1)
    follow_ups = FollowUps(database)
    with pytest.raises(ValueError, match="one of to_call, called"):
        follow_ups.set_follow_up(
            screening, status="lost", assignee=None, actor=reviewer
        )
    with pytest.raises(NotFound):
        follow_ups.set_follow_up(
            screening, status="called", assignee="nobody", actor=reviewer
        )
    with pytest.raises(NotFound):
        follow_ups.set_follow_up(999, status="called", assignee=None, actor=reviewer)
    assert follow_ups.set_follow_up(
        screening, status="closed", assignee=None, actor=reviewer
    )
    assert (
        follow_ups.set_follow_up(
            screening, status="closed", assignee=None, actor=reviewer
        )
        is False
    )  # the same again is no change


def test_next_in_queue_skips_the_one_being_read(
    database: Database, repo: ScreeningRepository, reviewer: str
) -> None:
    first = save(repo, "emergency", 3, triage="emergency")
    second = save(repo, "physician", 2, triage="see_physician_first")
    follow_ups = FollowUps(database)
    assert follow_ups.next_in_queue(after=None, actor=reviewer) == first
    assert follow_ups.next_in_queue(after=first, actor=reviewer) == second
    repo.mark_reviewed(second, reviewer=reviewer)
    assert follow_ups.next_in_queue(after=first, actor=reviewer) is None


def test_contact_details_are_stored_encrypted_and_read_back_audited(
    database: Database,
    repo: ScreeningRepository,
    contacts: ContactBook,
    reviewer: str,
) -> None:
    save(repo, "sms-abc", 2)
    latest = save(repo, "sms-abc", 1)  # a second screening in the same conversation
    contacts.save_name("sms-abc", "Jane Q. Patient")
    assert contacts.save_phone("sms-abc", "+14165550123", source="channel") == latest
    with database.engine.connect() as connection:
        dump = "\n".join(
            str(row)
            for row in connection.exec_driver_sql("SELECT * FROM screening_contacts")
        )
    assert "Jane" not in dump and "4165550123" not in dump
    contact = contacts.reveal(latest, actor=reviewer)
    assert (contact.name, contact.phone, contact.phone_source) == (
        "Jane Q. Patient",
        "+14165550123",
        "channel",
    )
    assert audit_rows(database)[-1]["action"] == "view_contact"
    assert contacts.reveal(latest - 1, actor=reviewer) is None
    assert repo.get(latest, actor=reviewer).callback_requested


def test_a_changed_key_says_what_happened_and_an_old_key_listed_second_still_reads(
    database: Database, repo: ScreeningRepository, cipher: ContactCipher, reviewer: str
) -> None:
    screening = save(repo, "web-x", 1)
    ContactBook(database, cipher).save_phone("web-x", "+14165550123", source="typed")
    stranger = ContactBook(database, ContactCipher.from_keys(new_key()))
    with pytest.raises(ContactUnreadable, match="CONTACT_KEY"):
        stranger.reveal(screening, actor=reviewer)
    rotated = ContactCipher.from_keys(f"{new_key()},{_key_text(cipher)}")
    contact = ContactBook(database, rotated).reveal(screening, actor=reviewer)
    assert contact.phone == "+14165550123"


def _key_text(cipher: ContactCipher) -> str:
    import base64

    fernet = cipher.fernet._fernets[0]  # noqa: SLF001
    return base64.urlsafe_b64encode(
        fernet._signing_key + fernet._encryption_key  # noqa: SLF001
    ).decode()


def test_deleting_a_conversation_deletes_its_contact_details_and_history(
    database: Database, repo: ScreeningRepository, contacts: ContactBook, reviewer: str
) -> None:
    save(repo, "web-gone", 1)
    contacts.save_name("web-gone", "Jane")
    contacts.save_phone("web-gone", "+14165550123", source="typed")
    removed = delete_conversation(database, "web-gone", actor=reviewer)
    assert (removed.screenings, removed.contacts) == (1, 1)
    with database.engine.connect() as connection:
        for table in ("screening_contacts", "screening_follow_ups"):
            count = connection.exec_driver_sql(f"SELECT count(*) FROM {table}")
            assert count.scalar() == 0


def test_a_contact_needs_a_screening(contacts: ContactBook) -> None:
    with pytest.raises(NotFound):
        contacts.save_phone("nobody", "+14165550123", source="typed")


def test_booking_clicks_and_booked_imports_count_by_reference(
    database: Database, repo: ScreeningRepository, reviewer: str
) -> None:
    screening = save(repo, "cgh", 1, booking_reference="ref-aaaaaaaaaaaaaaaa")
    bookings = Bookings(database)
    assert bookings.record_click("ref-aaaaaaaaaaaaaaaa")
    assert bookings.record_click("ref-aaaaaaaaaaaaaaaa")
    assert not bookings.record_click("ref-unknown")
    result = bookings.mark_booked(
        ["ref-aaaaaaaaaaaaaaaa", "ref-aaaaaaaaaaaaaaaa", "ref-unknown", " "]
    )
    assert (result.booked, result.already, result.unknown) == (1, 0, 1)
    assert bookings.mark_booked(["ref-aaaaaaaaaaaaaaaa"]).already == 1
    detail = repo.get(screening, actor=reviewer)
    assert detail.booking_clicks == 2 and detail.booked_at is not None
    assert detail.follow_up_status == "booked"
    assert detail.follow_ups[-1].changed_by == "booking-system"
    booked = [
        row["target"] for row in audit_rows(database) if row["action"] == "booked"
    ]
    assert booked == ["booked=1 already=0 unknown=1", "booked=0 already=1 unknown=0"]
