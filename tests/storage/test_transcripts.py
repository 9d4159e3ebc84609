"""Reading and deleting Rasa's conversation events."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa

from bot.storage import transcripts
from bot.storage.db import Database
from bot.storage.transcripts import (
    RemovedEvents,
    SymptomMention,
    delete_events,
    read_transcripts,
)

from .helpers import NOW

HOUR = timedelta(hours=1)


def texts(database: Database, *conversation_ids: str) -> dict[str, list[str]]:
    with database.sessions() as session:
        found = read_transcripts(session, conversation_ids)
    return {
        cid: [f"{line.sender}: {line.text}" for line in lines]
        for cid, lines in found.items()
    }


def test_messages_of_each_conversation_in_order(
    database: Database,
    rasa_events: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(transcripts, "CHUNK", 2)  # several IN (...) queries
    for cid in ("a", "b", "c"):
        rasa_events(cid, ("user", f"{cid} 1", NOW), ("bot", f"{cid} 2", NOW + HOUR))
    assert texts(database, "a", "c", "missing") == {
        "a": ["patient: a 1", "bot: a 2"],
        "c": ["patient: c 1", "bot: c 2"],
    }


def test_bot_messages_without_text_are_left_out(
    database: Database, rasa_events: Callable[..., None]
) -> None:
    rasa_events("a", ("user", "hi", NOW), ("bot", "", NOW))
    assert texts(database, "a") == {"a": ["patient: hi"]}


def test_no_events_table_means_no_transcripts(database: Database) -> None:
    assert texts(database, "a") == {}
    with database.sessions() as session:
        assert delete_events(session, sender_id="a") == RemovedEvents(0, 0)


def event_count(database: Database) -> int:
    with database.engine.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM events")).scalar()


def test_one_conversation_is_deleted(
    database: Database, rasa_events: Callable[..., None]
) -> None:
    rasa_events("a", ("user", "hi", NOW), ("bot", "hello", NOW))
    rasa_events("b", ("user", "hi", NOW))
    with database.sessions.begin() as session:
        # Each message is followed by an action_listen event, as in Rasa.
        assert delete_events(session, sender_id="a") == RemovedEvents(4, 1)
    assert texts(database, "a", "b") == {"b": ["patient: hi"]}


def test_events_older_than_the_cutoff_are_deleted(
    database: Database, rasa_events: Callable[..., None]
) -> None:
    rasa_events("a", ("user", "old", NOW - 2 * HOUR), ("user", "new", NOW))
    rasa_events("b", ("user", "old", NOW - 3 * HOUR))
    with database.sessions.begin() as session:
        assert delete_events(session, before=NOW - HOUR) == RemovedEvents(4, 2)
    assert event_count(database) == 2
    assert texts(database, "a", "b") == {"a": ["patient: new"]}


def test_deleting_needs_exactly_one_condition(database: Database) -> None:
    with database.sessions() as session, pytest.raises(ValueError):
        delete_events(session)


def symptom(value: object = "neck_pain", start: object = 3, end: object = 7, **attrs):
    """A symptom entity as the NLU writes it (spec section 4)."""
    return {"entity": "symptom", "value": value, "start": start, "end": end, **attrs}


def mentions_of(database: Database, text: str, entities: list) -> list:
    """Store one patient message with `entities`; read back its symptom mentions."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import UserUttered

    event = UserUttered(text, parse_data={"entities": entities}, timestamp=1.0)
    with database.engine.begin() as connection:
        connection.execute(
            SQLTrackerStore.SQLEvent.__table__.insert(),
            {
                "sender_id": "m",
                "type_name": "user",
                "timestamp": 1.0,
                "data": json.dumps(event.as_dict()),
            },
        )
    with database.sessions() as session:
        return list(read_transcripts(session, ["m"])["m"][0].symptoms)


def test_patient_messages_carry_their_symptom_mentions(
    database: Database, rasa_events: Callable[..., None]
) -> None:
    attrs = {"negated": True, "side": "left", "experiencer": "other"}
    found = mentions_of(
        database,
        "my neck hurts",
        [symptom(**attrs, hypothetical=True), {"entity": "age", "value": 42}],
    )
    assert found == [SymptomMention("neck_pain", 3, 7, True, "left", "other", True)]


@pytest.mark.parametrize(
    "entity",
    [
        symptom(start=5, end=5),  # empty
        symptom(start=10, end=99),  # past the end of the text
        symptom(start=-1),
        symptom(start=True),  # a bool is not an offset
        symptom(end=7.0),
        symptom(value=None),
        "not a dict",
    ],
)
def test_malformed_symptom_entities_are_skipped(
    database: Database, rasa_events: Callable[..., None], entity: object
) -> None:
    assert mentions_of(database, "my neck hurts", [entity]) == []
