"""The screenings list, one screening's page, review and notes, and the export."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from markupsafe import escape

from bot.storage.db import Database
from bot.storage.repository import ScreeningRepository
from tests.storage.helpers import audit_rows, record

from .helpers import (
    HOSTILE_SCRIPT,
    LONG_TEXT,
    MARKDOWN_LINK,
    NON_LATIN,
    NOW,
    add_conversation,
    hostile_conversation,
    post,
)

DAY = timedelta(days=1)
FORMULA_ID = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture
def screenings(repo: ScreeningRepository, database: Database) -> dict[str, int]:
    """Five screenings; the first has the hostile transcript."""
    ids = {
        cid: repo.save_record(record(cid, completed_at=at, **fields))
        for cid, at, fields in [
            (FORMULA_ID, NOW, {"triage": "emergency", "red_flags": ["fever"]}),
            ("conv-b", NOW - DAY, {"triage": "tmd_likely", "channel": "twilio"}),
            ("conv-c", NOW - 2 * DAY, {"red_flags": ["pregnancy", "fever"]}),
            ("conv-d", NOW - 3 * DAY, {"triage": "emergency"}),
            ("conv-e", NOW - 9 * DAY, {}),
        ]
    }
    repo.mark_reviewed(ids["conv-d"], reviewer="rita")
    add_conversation(database, FORMULA_ID, hostile_conversation())
    return ids


def listed(client: FlaskClient, query: str = "") -> list[str]:
    """The conversation ids the list shows for `query`, in order."""
    response = client.get(f"/screenings{query}")
    assert response.status_code == 200
    found = re.findall(r'<td class="id"><a href="[^"]+">([^<]*)</a>', response.text)
    return [html.unescape(cid) for cid in found]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [FORMULA_ID, "conv-b", "conv-c", "conv-d", "conv-e"]),
        ("?triage=emergency", [FORMULA_ID, "conv-d"]),
        ("?channel=twilio", ["conv-b"]),
        ("?reviewed=yes", ["conv-d"]),
        ("?reviewed=no", [FORMULA_ID, "conv-b", "conv-c", "conv-e"]),
        ("?red_flag=fever", [FORMULA_ID, "conv-c"]),
        ("?red_flag=pregnancy", ["conv-c"]),
        ("?red_flag=any", [FORMULA_ID, "conv-c"]),
        ("?red_flag=none", ["conv-b", "conv-d", "conv-e"]),
        ("?since=2024-05-30&until=2024-05-31", ["conv-b", "conv-c"]),
        ("?since=2024-06-01", [FORMULA_ID]),
        ("?until=2024-05-29", ["conv-d", "conv-e"]),
        ("?q=CONV-", ["conv-b", "conv-c", "conv-d", "conv-e"]),
        ("?q=BK-conv-c", ["conv-c"]),  # booking reference
        ("?q=%25", []),  # a literal %, not a wildcard
        ("?triage=emergency&reviewed=no", [FORMULA_ID]),
    ],
)
def test_the_list_filters(
    reviewer: FlaskClient, screenings: dict, query: str, expected: list[str]
) -> None:
    assert listed(reviewer, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "?triage=bogus",
        "?red_flag=<script>",
        "?since=yesterday",
        "?since=2024-06-02&until=2024-06-01",
        "?page=0",
        "?q=" + "x" * 101,
    ],
)
def test_bad_filters_show_an_error_and_nothing_else(
    reviewer: FlaskClient, screenings: dict, database: Database, query: str
) -> None:
    response = reviewer.get(f"/screenings{query}")
    assert response.status_code == 200
    assert "Please correct the filters" in response.text
    assert "conv-b" not in response.text
    assert "<script>" not in response.text
    assert all(row["action"] != "view_list" for row in audit_rows(database))


def test_the_list_is_paginated_keeping_the_filters(
    reviewer: FlaskClient, repo: ScreeningRepository
) -> None:
    for n in range(30):
        repo.save_record(record(f"p{n:02}", completed_at=NOW - n * timedelta(hours=1)))
    first = reviewer.get("/screenings?triage=cgh_likely")
    assert "Page 1 of 2" in first.text
    link = re.search(r'href="([^"]+)" rel="next"', first.text).group(1)
    assert "triage=cgh_likely" in html.unescape(link)
    assert listed(reviewer, html.unescape(link)[len("/screenings") :]) == [
        f"p{n:02}" for n in range(25, 30)
    ]


def test_listing_writes_an_audit_row_with_the_filter_not_patient_text(
    reviewer: FlaskClient, screenings: dict, database: Database
) -> None:
    reviewer.get("/screenings?triage=emergency&q=conv&page=1")
    (row,) = audit_rows(database)[-1:]
    assert (row["actor"], row["action"]) == ("rita", "view_list")
    assert "triage=emergency" in row["target"]
    assert "search=conv" in row["target"]


def test_the_screening_page_shows_record_and_transcript(
    reviewer: FlaskClient, screenings: dict
) -> None:
    page = reviewer.get(f"/screenings/{screenings[FORMULA_ID]}").text
    assert "emergency" in page
    assert "See a PT/OT experienced with cervicogenic headache." in page  # advice
    assert re.search(r"neck involvement</td><td class=\"status-met\">met", page)
    assert "my neck hurts on the right" in page  # evidence
    assert page.index("Hello! Where does it hurt?") < page.index("頭痛がします")


@pytest.mark.parametrize("text", [HOSTILE_SCRIPT, MARKDOWN_LINK, NON_LATIN, LONG_TEXT])
def test_hostile_text_shows_inert_and_intact(
    reviewer: FlaskClient, screenings: dict, text: str
) -> None:
    page = reviewer.get(f"/screenings/{screenings[FORMULA_ID]}").text
    messages = re.findall(r'<p class="text">(.*?)</p>', page, flags=re.S)
    shown = [html.unescape(re.sub(r"<sup.*?</sup>|<[^>]+>", "", m)) for m in messages]
    assert text in shown  # every character there, in order
    assert "<script>" not in page
    assert "<b>" not in page
    assert 'href="javascript' not in page


def test_ids_and_channels_from_outside_show_as_text(
    reviewer: FlaskClient, repo: ScreeningRepository
) -> None:
    hostile = '<img src=x onerror="alert(1)">'
    sid = repo.save_record(record(hostile, channel="<i>sms</i>"))
    for path in ("/screenings", f"/screenings/{sid}"):
        page = reviewer.get(path).text
        assert "<img" not in page and "<i>" not in page
        assert str(escape(hostile)) in page  # as Jinja escapes it
        assert "&lt;i&gt;sms&lt;/i&gt;" in page


def test_symptoms_are_highlighted_with_their_attributes(
    reviewer: FlaskClient, screenings: dict
) -> None:
    page = reviewer.get(f"/screenings/{screenings[FORMULA_ID]}").text
    assert '<mark class="symptom" title="neck_pain">neck hurts</mark>' in page
    assert "neck pain · right side" in page
    assert '<mark class="symptom not-counted" title="fever">fever</mark>' in page
    assert "fever · negated" in page


def test_viewing_a_screening_is_audited(
    reviewer: FlaskClient, screenings: dict, database: Database
) -> None:
    sid = screenings["conv-b"]
    reviewer.get(f"/screenings/{sid}")
    rows = audit_rows(database)[-2:]
    assert [(r["actor"], r["action"]) for r in rows] == [
        ("rita", "view_screening"),
        ("rita", "view_transcript"),
    ]
    assert all(r["target"] == f"screening={sid} conversation=conv-b" for r in rows)


def test_a_reviewer_marks_reviewed_and_adds_a_note(
    reviewer: FlaskClient, screenings: dict, database: Database
) -> None:
    sid = screenings["conv-b"]
    assert post(reviewer, f"/screenings/{sid}/review").status_code == 303
    note = "Called back <b>today</b>, booked."
    response = post(reviewer, f"/screenings/{sid}/notes", {"text": note})
    assert response.status_code == 303
    page = reviewer.get(f"/screenings/{sid}").text
    assert "Reviewed by rita" in page
    assert html.escape(note, quote=False) in page
    actions = [row["action"] for row in audit_rows(database)]
    assert {"review", "add_note"} <= set(actions)
    assert listed(reviewer, "?reviewed=yes") == ["conv-b", "conv-d"]


@pytest.mark.parametrize("text", ["", "   ", "x" * 10_001])
def test_an_empty_or_huge_note_is_refused(
    reviewer: FlaskClient, screenings: dict, text: str
) -> None:
    sid = screenings["conv-b"]
    post(reviewer, f"/screenings/{sid}/notes", {"text": text})
    page = reviewer.get(f"/screenings/{sid}").text
    assert "A note needs some text" in page
    assert "No notes yet." in page


def export(client: FlaskClient, fmt: str, query: str = "") -> tuple[str, str]:
    response = post(client, f"/screenings/export{query}", {"format": fmt})
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    return response.mimetype, response.get_data(as_text=True)


def test_csv_export_of_the_filtered_list_neutralises_formulas(
    reviewer: FlaskClient, screenings: dict, database: Database
) -> None:
    mimetype, text = export(reviewer, "csv", "?triage=emergency")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert mimetype == "text/csv"
    assert [row["conversation_id"] for row in rows] == ["conv-d", "'" + FORMULA_ID]
    assert not any(
        cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values()
    )
    (row,) = audit_rows(database)[-1:]
    assert (row["actor"], row["action"]) == ("rita", "export")
    assert "format=csv" in row["target"] and "triage=emergency" in row["target"]
    assert "records=2" in row["target"]


def test_json_export_holds_the_spec_fields_and_transcript(
    reviewer: FlaskClient, screenings: dict
) -> None:
    mimetype, text = export(reviewer, "json", "?red_flag=fever")
    records = json.loads(text)
    assert mimetype == "application/json"
    assert [r["conversation_id"] for r in records] == ["conv-c", FORMULA_ID]
    spec_fields = {
        "conversation_id", "channel", "started_at", "completed_at",
        "ruleset_version", "triage", "booking_link_offered", "criteria",
        "red_flags", "symptoms", "age", "transcript",
    }  # fmt: skip
    assert spec_fields <= set(records[1])
    assert HOSTILE_SCRIPT in [line["text"] for line in records[1]["transcript"]]


@pytest.mark.parametrize("data", [{"format": "xml"}, {}])
def test_an_unknown_export_format_is_refused(
    reviewer: FlaskClient, screenings: dict, database: Database, data: dict
) -> None:
    response = post(reviewer, "/screenings/export", data)
    assert response.status_code == 400
    assert all(row["action"] != "export" for row in audit_rows(database))
