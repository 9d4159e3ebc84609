"""The screening repository: saving, finding, reading, reviewing; each read audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.storage.db import Database
from bot.storage.errors import InvalidRecord, NotFound
from bot.storage.repository import ScreeningFilter, ScreeningRepository
from bot.storage.staff import StaffRepository

from .helpers import NO_STAFF_WORK, NOW, audit_rows, record

DAY = timedelta(days=1)
SEEDED = {
    "a-emergency": record(
        "a-emergency",
        completed_at=NOW - 3 * DAY,
        triage="emergency",
        red_flags=["thunderclap_onset"],
        booking_link_offered=False,
        booking_reference=None,
    ),
    "b-physician": record(
        "b-physician",
        completed_at=NOW - 2 * DAY,
        triage="see_physician_first",
        red_flags=["fever", "pregnancy"],
        channel="socketio",
    ),
    "c-cgh": record("c-cgh", completed_at=NOW - DAY, booking_reference="BK-C_100%"),
    "D-tmd": record("D-tmd", completed_at=NOW, triage="tmd_likely", channel="twilio"),
}


@pytest.fixture
def seeded(repo: ScreeningRepository, reviewer: str) -> dict[str, int]:
    ids = {name: repo.save_record(values) for name, values in SEEDED.items()}
    repo.mark_reviewed(ids["D-tmd"], reviewer=reviewer)
    return ids


def listed(repo: ScreeningRepository, filters: ScreeningFilter) -> list[str]:
    page = repo.list_screenings(filters, actor="rita")
    return [item.conversation_id for item in page.items]


def test_a_saved_record_reads_back_as_it_was_given(
    repo: ScreeningRepository,
) -> None:
    given = record(red_flags=["fever", "pregnancy"])
    screening_id = repo.save_record(given)
    detail = repo.get(screening_id, actor="rita")
    assert detail.record == given
    assert (detail.reviewed, detail.reviewed_by, detail.notes) == (False, None, ())


def test_saving_the_same_screening_again_stores_it_once(
    repo: ScreeningRepository,
) -> None:
    first = repo.save_record(record())
    assert repo.save_record(record(triage="emergency")) == first
    assert repo.list_screenings(actor="rita").total == 1
    assert repo.get(first, actor="rita").record["triage"] == "cgh_likely"


def test_a_sender_may_screen_twice(repo: ScreeningRepository) -> None:
    repo.save_record(record("same", completed_at=NOW - DAY))
    repo.save_record(record("same", completed_at=NOW))
    filters = ScreeningFilter(conversation_id="same")
    assert repo.list_screenings(filters, actor="rita").total == 2


def test_an_invalid_record_stores_nothing(repo: ScreeningRepository) -> None:
    with pytest.raises(InvalidRecord):
        repo.save_record(record(age="forty"))
    assert repo.list_screenings(actor="rita").total == 0


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (ScreeningFilter(), ["D-tmd", "c-cgh", "b-physician", "a-emergency"]),
        (ScreeningFilter(triage="emergency"), ["a-emergency"]),
        (ScreeningFilter(channel="rest"), ["c-cgh", "a-emergency"]),
        (ScreeningFilter(reviewed=True), ["D-tmd"]),
        (ScreeningFilter(reviewed=False), ["c-cgh", "b-physician", "a-emergency"]),
        (ScreeningFilter(red_flag="pregnancy"), ["b-physician"]),
        (ScreeningFilter(red_flag="seizure"), []),
        (ScreeningFilter(has_red_flags=True), ["b-physician", "a-emergency"]),
        (ScreeningFilter(has_red_flags=False), ["D-tmd", "c-cgh"]),
        (ScreeningFilter(since=NOW - 2 * DAY), ["D-tmd", "c-cgh", "b-physician"]),
        (ScreeningFilter(until=NOW - DAY), ["b-physician", "a-emergency"]),
        (ScreeningFilter(since=NOW - 2 * DAY, until=NOW - DAY), ["b-physician"]),
        (ScreeningFilter(conversation_id="c-cgh"), ["c-cgh"]),
        (ScreeningFilter(search="d-TM"), ["D-tmd"]),
        (ScreeningFilter(search="bk-b-phys"), ["b-physician"]),
        (ScreeningFilter(search="_"), ["c-cgh"]),
        (ScreeningFilter(search="100%"), ["c-cgh"]),
        (ScreeningFilter(search="neck hurts"), []),  # ids only, never symptom text
        (ScreeningFilter(triage="cgh_likely", channel="socketio"), []),
    ],
)
def test_lists_filter_on_every_field(
    repo: ScreeningRepository,
    seeded: dict[str, int],
    filters: ScreeningFilter,
    expected: list[str],
) -> None:
    assert listed(repo, filters) == expected


def test_lists_come_in_pages(repo: ScreeningRepository, seeded: dict) -> None:
    page = repo.list_screenings(page=2, per_page=3, actor="rita")
    assert [item.conversation_id for item in page.items] == ["a-emergency"]
    assert (page.total, page.page, page.pages) == (4, 2, 2)
    first = repo.list_screenings(per_page=1, actor="rita").items[0]
    assert (first.reviewed, first.reviewed_by, first.triage) == (
        True,
        "rita",
        "tmd_likely",
    )


@pytest.mark.parametrize(("page", "per_page"), [(0, 10), (1, 0), (1, 201)])
def test_a_page_out_of_range_is_refused(
    repo: ScreeningRepository, page: int, per_page: int
) -> None:
    with pytest.raises(ValueError, match="per_page"):
        repo.list_screenings(page=page, per_page=per_page, actor="rita")


def test_every_read_writes_an_audit_row_without_patient_text(
    repo: ScreeningRepository, seeded: dict[str, int], database: Database
) -> None:
    before = len(audit_rows(database))
    screening_id = seeded["b-physician"]
    repo.list_screenings(
        ScreeningFilter(triage="see_physician_first", since=NOW - DAY),
        page=1,
        actor="rita",
    )
    repo.get(screening_id, actor="rita")
    repo.transcript(screening_id, actor="rita")
    repo.export_records(ScreeningFilter(reviewed=False), actor="cli:ops", fmt="csv")

    rows = audit_rows(database)[before:]
    target = f"screening={screening_id} conversation=b-physician"
    assert [(row["actor"], row["action"], row["target"]) for row in rows] == [
        (
            "rita",
            "view_list",
            "page=1 triage=see_physician_first since=2024-05-31T12:00:00+00:00",
        ),
        ("rita", "view_screening", target),
        ("rita", "view_transcript", target),
        ("cli:ops", "export", "format=csv records=3 reviewed=false"),
    ]
    assert not any("neck" in row["target"] for row in audit_rows(database))


def test_a_missing_screening_is_not_found_and_not_audited(
    repo: ScreeningRepository, database: Database
) -> None:
    for read in (repo.get, repo.transcript):
        with pytest.raises(NotFound, match="no screening 404"):
            read(404, actor="rita")
    assert audit_rows(database) == []


def test_a_review_records_who_and_when(
    repo: ScreeningRepository, reviewer: str, database: Database
) -> None:
    screening_id = repo.save_record(record())
    repo.mark_reviewed(screening_id, reviewer=reviewer)
    detail = repo.get(screening_id, actor=reviewer)
    assert (detail.reviewed, detail.reviewed_by) == (True, "rita")
    assert detail.reviewed_at is not None and detail.reviewed_at.tzinfo is not None
    assert audit_rows(database)[0]["action"] == "review"


def test_notes_are_kept_in_order_with_their_author(
    repo: ScreeningRepository, reviewer: str
) -> None:
    screening_id = repo.save_record(record())
    repo.add_note(screening_id, author=reviewer, text="  Left a voicemail.  ")
    note = repo.add_note(screening_id, author=reviewer, text="Booked for Monday.")
    assert (note.author, note.text) == ("rita", "Booked for Monday.")
    notes = repo.get(screening_id, actor=reviewer).notes
    assert [n.text for n in notes] == ["Left a voicemail.", "Booked for Monday."]


@pytest.mark.parametrize("text", ["", "   ", "x" * 10_001])
def test_a_note_needs_text(repo: ScreeningRepository, reviewer: str, text: str) -> None:
    screening_id = repo.save_record(record())
    with pytest.raises(ValueError, match="note needs"):
        repo.add_note(screening_id, author=reviewer, text=text)


def test_only_active_staff_review_or_write_notes(
    repo: ScreeningRepository, staff: StaffRepository, reviewer: str
) -> None:
    screening_id = repo.save_record(record())
    staff.set_active(reviewer, False)
    with pytest.raises(NotFound, match="no active staff user 'rita'"):
        repo.mark_reviewed(screening_id, reviewer=reviewer)
    with pytest.raises(NotFound, match="no active staff user 'nobody'"):
        repo.add_note(screening_id, author="nobody", text="hello")
    assert repo.get(screening_id, actor="admin").reviewed is False


def test_the_transcript_is_the_conversation_in_order(
    repo: ScreeningRepository, rasa_events: Callable[..., None]
) -> None:
    screening_id = repo.save_record(record("conv-1"))
    rasa_events(
        "conv-1",
        ("user", "hello", NOW - 2 * DAY),
        ("bot", "Hi, I'm the screening assistant.", NOW - 2 * DAY + DAY / 2),
    )
    rasa_events("someone-else", ("user", "not mine", NOW))
    lines = repo.transcript(screening_id, actor="rita")
    assert [(line.sender, line.text) for line in lines] == [
        ("patient", "hello"),
        ("bot", "Hi, I'm the screening assistant."),
    ]
    assert lines[0].at == NOW - 2 * DAY


def test_a_transcript_is_empty_before_rasa_wrote_anything(
    repo: ScreeningRepository,
) -> None:
    screening_id = repo.save_record(record())
    assert repo.transcript(screening_id, actor="rita") == []


def test_export_records_carry_id_record_and_transcript(
    repo: ScreeningRepository, rasa_events: Callable[..., None]
) -> None:
    second = repo.save_record(record("conv-2", completed_at=NOW))
    first = repo.save_record(record("conv-1", completed_at=NOW - DAY))
    rasa_events("conv-1", ("user", "my head hurts", NOW - DAY))

    exported = repo.export_records(ScreeningFilter(), actor="rita", fmt="jsonl")

    assert [r["screening_id"] for r in exported] == [first, second]  # oldest first
    assert exported[0] == {
        "screening_id": first,
        **record("conv-1", completed_at=NOW - DAY),
        "transcript": [
            {
                "sender": "patient",
                "text": "my head hurts",
                "at": "2024-05-31T12:00:00+00:00",
            }
        ],
        "staff_work": NO_STAFF_WORK,
    }
    assert exported[1]["transcript"] == []
