"""The first end-to-end slice, driven through Rasa's REST channel as a real client."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid

import pytest

from bot.stack import LocalStack

pytestmark = pytest.mark.timeout(300)

STORY = "my head hurts on the right side and my neck is stiff since march"


def post_json(
    url: str, payload: dict, headers: dict | None = None
) -> tuple[int, object]:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None


def say(stack: LocalStack, sender: str, text: str) -> list[str]:
    status, replies = post_json(
        f"{stack.rasa_url}/webhooks/rest/webhook", {"sender": sender, "message": text}
    )
    assert status == 200
    return [reply["text"] for reply in replies if "text" in reply]


def test_greeting_disclaimer_story_answer_goodbye(bot_stack: LocalStack) -> None:
    sender = f"e2e-{uuid.uuid4().hex}"

    opening = " ".join(say(bot_stack, sender, "hello"))
    assert "not a diagnosis" in opening
    assert "not for emergencies" in opening
    assert "Shall we start?" in opening

    assert "own words" in " ".join(say(bot_stack, sender, "yes"))

    answer = " ".join(say(bot_stack, sender, STORY))
    assert "have you had any of these?" in answer

    assert "stop here" in " ".join(say(bot_stack, sender, "bye"))


def test_issue16_what_happens_to_my_data_mid_screening_keeps_the_question(
    bot_stack: LocalStack,
) -> None:
    """Asked in the middle of the screening, the privacy answer says how long
    conversations are kept, and the question that was open is asked again."""
    sender = f"e2e-{uuid.uuid4().hex}"
    say(bot_stack, sender, "hello")
    assert "own words" in " ".join(say(bot_stack, sender, "yes"))
    answer = " ".join(say(bot_stack, sender, "what happens to my data?"))
    assert "deleted after 365 days" in " ".join(answer.split())
    assert "own words" in answer
    assert "have you had any of these?" in " ".join(say(bot_stack, sender, STORY))


def test_http_api_needs_the_token(bot_stack: LocalStack) -> None:
    url = f"{bot_stack.rasa_url}/model/parse"
    status, _ = post_json(url, {"text": "hello"})
    assert status == 401
    status, parsed = post_json(f"{url}?token={bot_stack.api_token}", {"text": "hello"})
    assert status == 200 and parsed["intent"]["name"] == "greet"


def test_web_chat_relays_with_a_server_chosen_conversation_id(
    bot_stack: LocalStack,
) -> None:
    request = urllib.request.Request(
        f"{bot_stack.webchat_url}/api/messages",
        data=json.dumps({"message": "hi"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        cookie = response.headers["Set-Cookie"]
        body = json.loads(response.read())
    for attribute in ("HttpOnly", "Secure", "SameSite=None", "Partitioned"):
        assert attribute in cookie
    assert any("not a diagnosis" in m.get("text", "") for m in body["messages"])


def test_web_chat_rejects_empty_and_oversized_messages(bot_stack: LocalStack) -> None:
    url = f"{bot_stack.webchat_url}/api/messages"
    assert post_json(url, {"message": "   "})[0] == 400
    assert post_json(url, {"message": "x" * 5000})[0] == 413


def test_no_message_text_in_the_logs(bot_stack: LocalStack) -> None:
    sender = f"e2e-{uuid.uuid4().hex}"
    say(bot_stack, sender, STORY)
    for name in ("rasa", "actions", "webchat"):
        log = bot_stack.log_path(name).read_text(errors="replace")
        assert "neck is stiff" not in log, f"message text found in {name}.log"
