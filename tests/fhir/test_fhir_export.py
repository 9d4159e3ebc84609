"""The FHIR R4 export: `client.fhir_bundle` running `bot.fhir.r4` in .venv-fhir.

Tier: unit (conftest's rule: no service, no trained model). The tests run the
export in `.venv-fhir` as a subprocess (about half a second each), and that
environment is part of `make install` like `.venv`: a missing one fails the tests
with "run `make install`", it is never a reason to skip them.

The concept and outcome displays are rules.yml's labels, which the client sends
with the record; r4 keeps no copy of them.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from bot.fhir.client import (
    FHIR_PYTHON,
    FhirExportFailed,
    FhirExportUnavailable,
    fhir_bundle,
    rule_displays,
)
from bot.screening import build_record, evaluate, load_ruleset, new_booking_reference
from bot.screening.findings import Finding, Onset, ScreeningInput, Side, Status
from bot.settings import PROJECT_ROOT
from tests.screening.spec_tables import EMERGENCY_FLAGS, PHYSICIAN_FLAGS
from tests.storage.helpers import record

CONCEPT_SYSTEM = "urn:headache-screening:concept"
TRIAGE_SYSTEM = "urn:headache-screening:triage"
SNOMED = "http://snomed.info/sct"
SNOMED_SIDES = {"left": "7771000", "right": "24028007", "both": "51440002"}
PHONE = "+15551234567"  # an SMS channel's conversation id is the phone number
ADVICE = "See a PT/OT experienced with cervicogenic headache."
TRANSCRIPT = [
    {"sender": "bot", "text": "Where is the pain?", "at": "2024-06-01T11:54:10+00:00"},
    {
        "sender": "patient",
        "text": "behind my right eye since the car crash",
        "at": "2024-06-01T11:55:00+00:00",
    },
]
SYMPTOMS = [
    ("unilateral_head_pain", True, "right", "it is always my right temple"),
    ("neck_pain", True, "right", "my neck hurts on the right"),
    ("pain_on_neck_movement", True, None, "turning my head sets it off"),
    ("neck_stiffness", True, None, "I cannot look over my shoulder"),
    ("shoulder_arm_pain", True, "left", "my left shoulder aches too"),
    ("tmj_area_pain", True, "both", "in front of both ears"),
    ("fever", False, None, "no temperature at all"),
    ("dizziness", None, None, "maybe a little wobbly, not sure"),
]


def exported(**fields: Any) -> dict[str, Any]:
    """A record as `python -m bot export` gives it (tests/storage's factory, plus
    screening_id and transcript), with free text everywhere it can be."""
    symptoms = [
        {"concept": concept, "present": present, "side": side, "evidence": evidence}
        for concept, present, side, evidence in SYMPTOMS
    ]
    stored = record(
        PHONE,
        channel="twilio",
        symptoms=symptoms,
        booking_reference="Qx3_kd9ZpLm2vB7a",
        advice=ADVICE,
    )
    return {"screening_id": 7, **stored, "transcript": TRANSCRIPT, **fields}


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [
        entry["resource"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == kind
    ]


def findings(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The finding Observations by concept (the triage one left out)."""
    return {
        coding["code"]: observation
        for observation in resources(bundle, "Observation")
        for coding in observation["code"]["coding"]
        if coding["system"] == CONCEPT_SYSTEM
    }


def triage_observation(bundle: dict[str, Any]) -> dict[str, Any]:
    (observation,) = (
        o
        for o in resources(bundle, "Observation")
        if o["code"]["coding"][0]["code"] == "triage"
    )
    return observation


def items(response: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every item of a QuestionnaireResponse, nested ones too."""
    for item in response.get("item", []):
        yield item
        yield from items(item)
        for answer in item.get("answer", []):
            yield from items(answer)


def answer(response: dict[str, Any], link_id: str) -> dict[str, Any]:
    (found,) = (item for item in items(response) if item["linkId"] == link_id)
    (value,) = found["answer"]
    return value


@pytest.fixture(scope="module")
def bundle() -> dict[str, Any]:
    return fhir_bundle(exported())


@pytest.fixture(scope="module")
def response(bundle: dict[str, Any]) -> dict[str, Any]:
    (qr,) = resources(bundle, "QuestionnaireResponse")
    return qr


def test_a_collection_of_one_response_and_an_observation_per_finding(
    bundle: dict[str, Any],
) -> None:
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "collection"
    kinds = [entry["resource"]["resourceType"] for entry in bundle["entry"]]
    assert kinds.count("QuestionnaireResponse") == 1
    # one per answered symptom, and one for the triage outcome
    assert kinds.count("Observation") == len(SYMPTOMS) + 1
    assert len(kinds) == len(SYMPTOMS) + 2


def test_full_urls_are_uuids_that_match_the_ids(bundle: dict[str, Any]) -> None:
    urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    for entry in bundle["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"


@pytest.mark.parametrize(("concept", "present", "side", "evidence"), SYMPTOMS)
def test_each_finding_has_its_observation(
    bundle: dict[str, Any],
    response: dict[str, Any],
    concept: str,
    present: bool | None,
    side: str | None,
    evidence: str,
) -> None:
    observation = findings(bundle)[concept]
    assert observation["status"] == "final"
    assert observation["category"][0]["coding"][0]["code"] == "survey"
    (coding,) = observation["code"]["coding"]
    assert coding["code"] == concept and coding["display"]
    assert observation["effectiveDateTime"] == "2024-06-01T12:00:00Z"
    qr_url = f"urn:uuid:{response['id']}"
    assert [ref["reference"] for ref in observation["derivedFrom"]] == [qr_url]
    if present is None:  # "not sure": kept as asked-but-unknown, never dropped
        assert "valueBoolean" not in observation
        assert observation["dataAbsentReason"]["coding"][0]["code"] == "asked-unknown"
    else:
        assert observation["valueBoolean"] is present
    assert ("bodySite" in observation) == (side is not None)


@pytest.mark.parametrize(
    ("concept", "side"), [(c, s) for c, _, s, _ in SYMPTOMS if s is not None]
)
def test_sides_are_snomed_laterality(
    bundle: dict[str, Any], response: dict[str, Any], concept: str, side: str
) -> None:
    (coding,) = findings(bundle)[concept]["bodySite"]["coding"]
    assert (coding["system"], coding["code"]) == (SNOMED, SNOMED_SIDES[side])
    nested = answer(response, f"symptoms.{concept}.side")["valueCoding"]
    assert (nested["system"], nested["code"]) == (SNOMED, SNOMED_SIDES[side])


def test_the_response_holds_the_answers(response: dict[str, Any]) -> None:
    assert response["status"] == "completed"
    assert response["authored"] == "2024-06-01T12:00:00Z"
    assert response["identifier"]["value"] == "Qx3_kd9ZpLm2vB7a"
    assert answer(response, "symptoms.neck_pain") == {
        "valueBoolean": True,
        "item": [
            {
                "linkId": "symptoms.neck_pain.side",
                "text": "Side",
                "answer": [
                    {
                        "valueCoding": {
                            "system": SNOMED,
                            "code": "24028007",
                            "display": "Right",
                        }
                    }
                ],
            }
        ],
    }
    assert answer(response, "symptoms.fever") == {"valueBoolean": False}
    unsure = answer(response, "symptoms.dizziness")["valueCoding"]
    assert unsure["code"] == "asked-unknown"
    assert answer(response, "age") == {"valueInteger": 42}
    assert answer(response, "onset")["valueCoding"]["code"] == "longstanding"
    assert answer(response, "triage")["valueCoding"]["code"] == "cgh_likely"
    criteria = {
        item["linkId"]: item["answer"][0]["valueCoding"]["code"]
        for item in items(response)
        if item["linkId"].startswith("criteria.")
    }
    assert criteria == {
        "criteria.neck_involvement": "met",
        "criteria.restricted_rom": "met",
        "criteria.ipsilateral_pain": "unknown",
        "criteria.unilateral_no_sideshift": "met",
    }


def test_the_triage_outcome_has_its_observation(bundle: dict[str, Any]) -> None:
    observation = triage_observation(bundle)
    (coding,) = observation["valueCodeableConcept"]["coding"]
    assert (coding["system"], coding["code"]) == (TRIAGE_SYSTEM, "cgh_likely")
    assert observation["method"]["coding"][0]["code"] == "2024.1"  # ruleset version
    components = {
        c["code"]["coding"][0]["code"]: c.get(
            "valueBoolean", c.get("valueCodeableConcept")
        )
        for c in observation["component"]
    }
    assert components["booking_link_offered"] is True
    assert components["ipsilateral_pain"]["coding"][0]["code"] == "unknown"


def test_red_flags_link_the_outcome_to_their_findings() -> None:
    thunderclap = {
        "concept": "thunderclap_onset",
        "present": True,
        "side": None,
        "evidence": "worst headache of my life",
    }
    bundle = fhir_bundle(
        exported(
            triage="emergency",
            red_flags=["thunderclap_onset"],
            symptoms=[*exported()["symptoms"], thunderclap],
            booking_link_offered=False,
            booking_reference=None,
        )
    )
    observation = triage_observation(bundle)
    flag_url = f"urn:uuid:{findings(bundle)['thunderclap_onset']['id']}"
    assert flag_url in [ref["reference"] for ref in observation["derivedFrom"]]
    # no booking reference: the stored screening's id identifies it
    (qr,) = resources(bundle, "QuestionnaireResponse")
    assert qr["identifier"] == {
        "system": "urn:headache-screening:screening-id",
        "value": "7",
    }


def test_no_free_text_and_no_conversation_id(bundle: dict[str, Any]) -> None:
    text = json.dumps(bundle, ensure_ascii=False)
    said = [evidence for *_, evidence in SYMPTOMS] + [t["text"] for t in TRANSCRIPT]
    for words in [*said, PHONE, PHONE.lstrip("+"), ADVICE, "twilio"]:
        assert words not in text
    assert "conversation" not in text and "transcript" not in text


def test_fields_it_does_not_know_are_left_out(bundle: dict[str, Any]) -> None:
    contact = {"name": "Jane Roe", "phone": "+15557654321"}  # a later record field
    assert fhir_bundle(exported(contact=contact)) == bundle


def test_the_same_record_gives_the_same_bundle(bundle: dict[str, Any]) -> None:
    assert fhir_bundle(exported()) == bundle
    other = fhir_bundle(exported(booking_reference="Zz9_otherReference"))
    assert other["id"] != bundle["id"]
    assert not {e["fullUrl"] for e in other["entry"]} & {
        e["fullUrl"] for e in bundle["entry"]
    }


def test_a_record_from_the_engine_exports() -> None:
    """Straight from build_record (not stored yet: no screening_id), every concept
    of rules.yml answered: each is coded with the rules' label as its display."""
    rules = load_ruleset()
    findings_in = {
        c: Finding(c, Status.ABSENT, evidence="no") for c in rules.concept_ids
    }
    for concept in ("unilateral_head_pain", "neck_pain", "pain_on_neck_movement"):
        findings_in[concept] = Finding(concept, Status.PRESENT, Side.LEFT, "ouch")
    inp = ScreeningInput(findings=findings_in, age=35, onset=Onset.RECENT)
    assert set(EMERGENCY_FLAGS + PHYSICIAN_FLAGS) <= set(findings_in)
    start = datetime(2026, 11, 24, 9, 30, tzinfo=timezone.utc)
    built = build_record(
        evaluate(inp),
        inp,
        conversation_id=PHONE,
        channel="twilio",
        started_at=start,
        completed_at=start + timedelta(minutes=4),
        booking_reference=new_booking_reference(),
    )
    bundle = fhir_bundle(built)
    assert set(findings(bundle)) == set(rules.concept_ids)
    for concept, observation in findings(bundle).items():
        (coding,) = observation["code"]["coding"]
        assert coding["display"] == rules.concepts[concept].label
        assert observation["code"]["text"] == rules.concepts[concept].label
    code = triage_observation(bundle)["valueCodeableConcept"]["coding"][0]["code"]
    assert code == built["triage"]
    assert PHONE not in json.dumps(bundle)


def test_every_triage_outcome_exports_with_the_rules_label() -> None:
    for triage in load_ruleset().triage:
        bundle = fhir_bundle(exported(triage=triage.id))
        value = triage_observation(bundle)["valueCodeableConcept"]
        (coding,) = value["coding"]
        assert (coding["code"], coding["display"]) == (triage.id, triage.label)
        assert value["text"] == triage.label
        (qr,) = resources(bundle, "QuestionnaireResponse")
        assert answer(qr, "triage")["valueCoding"]["display"] == triage.label


def test_the_displays_are_the_rules_labels(
    bundle: dict[str, Any], response: dict[str, Any]
) -> None:
    rules = load_ruleset()
    assert rule_displays() == {
        "concept": {c.id: c.label for c in rules.concepts.values()},
        "triage": {t.id: t.label for t in rules.triage},
    }
    assert rule_displays()["triage"]["cgh_likely"] == "neck-related headache likely"
    coding = triage_observation(bundle)["valueCodeableConcept"]["coding"][0]
    assert coding["display"] == "neck-related headache likely"
    (display,) = findings(bundle)["neck_pain"]["code"]["coding"]
    assert display["display"] == rules.concepts["neck_pain"].label
    neck_pain = next(i for i in items(response) if i["linkId"] == "symptoms.neck_pain")
    assert neck_pain["text"] == rules.concepts["neck_pain"].label


def test_a_changed_label_shows_in_the_bundle() -> None:
    displays = rule_displays()
    displays["triage"]["cgh_likely"] = "headache from the neck likely"
    displays["concept"]["neck_pain"] = "pain in the neck"
    bundle = fhir_bundle(exported(), displays=displays)
    value = triage_observation(bundle)["valueCodeableConcept"]
    assert value["coding"][0]["display"] == "headache from the neck likely"
    assert value["text"] == "headache from the neck likely"
    code = findings(bundle)["neck_pain"]["code"]
    assert code["coding"][0]["display"] == code["text"] == "pain in the neck"
    (qr,) = resources(bundle, "QuestionnaireResponse")
    assert answer(qr, "triage")["valueCoding"]["display"] == (
        "headache from the neck likely"
    )
    text = json.dumps(bundle)
    assert "neck-related headache likely" not in text


def test_a_concept_the_rules_do_not_name_gets_its_id_in_words() -> None:
    """A stored record may hold a concept the rules have since dropped."""
    dropped = {"concept": "old_neck_finding", "present": True, "side": None}
    bundle = fhir_bundle(exported(symptoms=[*exported()["symptoms"], dropped]))
    code = findings(bundle)["old_neck_finding"]["code"]
    assert code["coding"][0]["display"] == code["text"] == "old neck finding"


def test_an_outcome_the_displays_do_not_name_is_refused() -> None:
    displays = rule_displays()
    del displays["triage"]["cgh_likely"]
    with pytest.raises(FhirExportFailed, match="field 'triage'"):
        fhir_bundle(exported(), displays=displays)
    with pytest.raises(FhirExportFailed, match="field 'triage'"):
        fhir_bundle(exported(triage="migraine_likely"))


@pytest.mark.parametrize(
    ("displays", "part"),
    [
        ({"concept": {}}, "displays.triage"),
        ({"concept": {}, "triage": {}}, "displays.triage"),
        ({"concept": [], "triage": {"cgh_likely": "x"}}, "displays.concept"),
        ({"concept": {}, "triage": {"cgh_likely": " "}}, "displays.triage"),
        (
            {"concept": {"Neck pain": "x"}, "triage": {"cgh_likely": "x"}},
            "displays.concept",
        ),
    ],
)
def test_bad_displays_are_refused(displays: dict[str, Any], part: str) -> None:
    with pytest.raises(FhirExportFailed, match=f"bad displays: '{part}"):
        fhir_bundle(exported(), displays=displays)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"symptoms": [{"concept": "my jaw clicks", "present": True}]}, "concept"),
        ({"symptoms": [{"concept": "neck_pain", "present": "yes"}]}, "present"),
        (
            {"symptoms": [{"concept": "neck_pain", "present": True, "side": "up"}]},
            "side",
        ),
        ({"completed_at": "yesterday"}, "completed_at"),
        ({"completed_at": "2024-06-01T12:00:00"}, "completed_at"),  # no time zone
        ({"triage": "see a doctor"}, "triage"),
        ({"age": "forty"}, "age"),
        ({"criteria": {"neck_involvement": "maybe"}}, "criteria.neck_involvement"),
        ({"red_flags": ["fever"]}, "red_flags"),  # fever is absent in the record
        ({"ruleset_version": " "}, "ruleset_version"),
    ],
)
def test_a_bad_record_fails_naming_the_field_not_the_value(
    fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(FhirExportFailed) as failed:
        fhir_bundle(exported(**fields))
    message = str(failed.value)
    assert f"field '{field}" in message or f".{field}'" in message
    assert "\n" not in message
    for value in ("my jaw clicks", "yesterday", "see a doctor", "forty", "maybe"):
        assert value not in message


def run_module(given: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(FHIR_PYTHON), "-m", "bot.fhir.r4"],
        input=json.dumps(given).encode(),
        capture_output=True,
        cwd=PROJECT_ROOT,
        env={"PYTHONPATH": str(PROJECT_ROOT)},
        timeout=30,
        check=False,
    )


def test_the_module_exits_2_with_one_line() -> None:
    done = run_module({"record": exported(age=-3), "displays": rule_displays()})
    assert done.returncode == 2
    assert done.stdout == b""
    (line,) = done.stderr.decode().splitlines()
    assert "field 'age'" in line and "-3" not in line


def test_the_module_wants_the_record_with_its_displays() -> None:
    done = run_module(exported())  # a bare record: no displays
    assert done.returncode == 2
    assert done.stdout == b""
    (line,) = done.stderr.decode().splitlines()
    assert "'record' and 'displays'" in line


def test_a_missing_environment_says_how_to_make_it(tmp_path: Path) -> None:
    with pytest.raises(FhirExportUnavailable, match="make install"):
        fhir_bundle(exported(), python=tmp_path / ".venv-fhir" / "bin" / "python")
