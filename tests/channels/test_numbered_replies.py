"""Numbered menus for SMS and the answers typed back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.channels.numbered_replies import (
    parse_numbered,
    render_numbered,
    resolve_answer,
    selection_message,
)

BUTTONS = [
    {"title": "Left side", "payload": '/inform{"side":"left"}'},
    {"title": "Right side", "payload": '/inform{"side":"right"}'},
    {"title": "Both sides", "payload": '/inform{"side":"both"}'},
]
HINT = "Reply with the number of your choice."


def test_render_numbered() -> None:
    assert render_numbered("Where is the pain?", BUTTONS, HINT) == (
        "Where is the pain?\n1) Left side\n2) Right side\n3) Both sides\n" + HINT
    )


def test_render_numbered_without_text() -> None:
    assert render_numbered("", BUTTONS[:1], HINT) == "1) Left side\n" + HINT


@pytest.mark.parametrize(
    ("answer", "indices"),
    [
        ("1", [0]),
        ("2", [1]),
        (" 3 ", [2]),
        ("1,3", [0, 2]),
        ("1, 3", [0, 2]),
        ("1 and 3", [0, 2]),
        ("1 AND 3", [0, 2]),
        ("1 & 2", [0, 1]),
        ("1;2", [0, 1]),
        ("1 2", [0, 1]),
        ("3,1", [2, 0]),
        ("1,1", [0]),
        ("one", [0]),
        ("Two", [1]),
        ("one and three", [0, 2]),
        ("2.", [1]),
        ("2)", [1]),
        ("#2", [1]),
        ("2!", [1]),
        ("0", None),
        ("4", None),
        ("1,4", None),
        ("12", None),
        ("1-3", None),
        ("and", None),
        ("", None),
        ("yes", None),
        ("1 day", None),
        ("my neck hurts", None),
        ("twenty", None),
    ],
)
def test_parse_numbered(answer: str, indices: list[int] | None) -> None:
    assert parse_numbered(answer, len(BUTTONS)) == indices


def test_single_choice_sends_the_button_payload() -> None:
    assert selection_message([1], BUTTONS) == '/inform{"side":"right"}'


def test_button_without_payload_sends_its_title() -> None:
    assert selection_message([0], [{"title": "Not sure"}]) == "Not sure"


def test_several_choices_send_their_titles_as_text() -> None:
    assert selection_message([2, 0], BUTTONS) == "Both sides, Left side"


def test_several_plain_payloads_are_sent_joined() -> None:
    checklist = [
        {"title": "Fever", "payload": "1"},
        {"title": "A seizure", "payload": "2"},
    ]
    assert selection_message([0, 1], checklist) == "1, 2"


@pytest.mark.parametrize(
    ("answer", "buttons", "message"),
    [
        ("2", BUTTONS, '/inform{"side":"right"}'),
        ("1 and 2", BUTTONS, "Left side, Right side"),
        ("7", BUTTONS, "7"),
        ("it is on the left", BUTTONS, "it is on the left"),
        ("2", [], "2"),
    ],
)
def test_resolve_answer(answer: str, buttons: list, message: str) -> None:
    assert resolve_answer(answer, buttons) == message


@given(count=st.integers(min_value=1, max_value=12), data=st.data())
def test_every_rendered_number_parses_back(count: int, data: st.DataObject) -> None:
    buttons = [{"title": f"Option {n}", "payload": f"/p{n}"} for n in range(count)]
    menu = render_numbered("Pick", buttons, HINT)
    chosen = data.draw(st.integers(min_value=1, max_value=count))
    assert f"\n{chosen}) Option {chosen - 1}\n" in menu + "\n"
    assert parse_numbered(str(chosen), count) == [chosen - 1]
