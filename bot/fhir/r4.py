"""One screening record (spec section 3) as a FHIR R4 Bundle for a clinic's EHR.

Runs inside `.venv-fhir`, never in the main environment: it imports only the
standard library and fhir.resources (no other bot module, no Rasa).
`python -m bot.fhir.r4` reads one JSON object on stdin,
`{"record": {...}, "displays": {"concept": {id: label}, "triage": {id: label}}}`,
and writes the Bundle (JSON) on stdout; input it cannot export exits 2 with one line
on stderr that names the field, never its value. `bot/fhir/client.py` is how the
rest of the bot calls it, with the displays taken from rules.yml.

The Bundle (type `collection`) holds:
- a QuestionnaireResponse (status completed, authored = completed_at) with one item
  per answer: `symptoms.<concept>` (valueBoolean, with a nested `.side` item holding
  the SNOMED CT laterality), `age` (valueInteger), `onset` (valueCoding), the four
  CGH criteria `criteria.<name>` (valueCoding met / not met / unknown) and `triage`
  (valueCoding);
- one Observation per answered symptom (status final, category survey, code the
  concept, valueBoolean, bodySite the laterality where a side is given);
- one Observation for the triage outcome (valueCodeableConcept), with the CGH
  criteria and whether the booking link was offered as components, the ruleset
  version as `method`, and `derivedFrom` the QuestionnaireResponse and the red
  flags' Observations.
Every Observation is `derivedFrom` the QuestionnaireResponse (R4's `partOf` does
not allow a QuestionnaireResponse, and `focus` means something else), by its
`urn:uuid:` fullUrl.

Choices:
- Codes. There is no standard code for most of these lay concepts ("headache set off
  by pressing the base of the skull"), so concepts, outcomes, criteria and onset are
  the spec's ids in local code systems named by URNs under `urn:headache-screening:`
  (their displays are plain words for the clinician reading the EHR). A clinic that
  maps them to SNOMED CT or LOINC can do so with a ConceptMap without touching
  this. Laterality is SNOMED CT: 7771000 Left, 24028007 Right, 51440002 Right and
  left (bilateral), the qualifier values of FHIR's body-structure laterality value
  set.
- Displays. The concepts' and outcomes' displays are rules.yml's labels (concepts'
  `label`, `triage[].label`), exactly as written there, sent by the caller with the
  record (`displays`): one place for each label, so the EHR, the staff app and the
  exports use the same words. Only what rules.yml does not name is here: the CGH
  criteria, the criterion statuses, the onset values and the SNOMED CT sides.
- Validation. The outcome must be one of the displays' outcomes (rules.yml has
  exactly the spec's outcomes). A concept must be an id (lower case, digits and
  underscores, as rules.yml's), but need not be among the displays: a concept the
  rules have since dropped may be in a stored record, and is exported with its id in
  words ("neck_pain" -> "neck pain"), as the staff app shows it.
- "Not sure". Kept, never dropped: a "not sure" to a red flag is why a screening
  went to see_physician_first. The QuestionnaireResponse answers it with the
  valueCoding data-absent-reason#asked-unknown; its Observation has no value and
  dataAbsentReason asked-unknown (FHIR's way to say "asked, answer not known").
- Privacy. Coded answers only: no evidence quotes, no transcript, no advice text,
  no contact details and no conversation id (it may be a phone number), whatever
  else the record carries. There is no subject: the bot does not know who the
  patient is; the clinic links the Bundle to its patient (booking reference).
- Identity. The QuestionnaireResponse's identifier is the booking reference, else
  the stored screening's id; every `id`/fullUrl is a uuid5 of that reference, so
  the same record always gives the same Bundle and filing it again updates
  instead of duplicating. A record with neither (an emergency screening not yet
  stored) gets no identifier and uuids from its coded content.
- R4. fhir.resources 8 has no R4 package (R5, R4B and STU3); its R4B (4.3.0) models
  are used. Bundle, QuestionnaireResponse, Observation and the data types used
  here have the same elements in R4B as in R4 (4.0.1), and nothing R4B-only is
  written, so the output is R4.
"""

from __future__ import annotations

import json
import re
import sys
import uuid
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from fhir.resources.R4B.bundle import Bundle

# Local code systems: no published CodeSystem resource yet, so URNs, not URLs.
BASE = "urn:headache-screening"
CONCEPT_SYSTEM = f"{BASE}:concept"
TRIAGE_SYSTEM = f"{BASE}:triage"
CRITERION_SYSTEM = f"{BASE}:cgh-criterion"
CRITERION_STATUS_SYSTEM = f"{BASE}:criterion-status"
ONSET_SYSTEM = f"{BASE}:onset"
SCREENING_SYSTEM = f"{BASE}:screening"  # codes of the triage Observation itself
RULESET_SYSTEM = f"{BASE}:ruleset"
BOOKING_REFERENCE_SYSTEM = f"{BASE}:booking-reference"
SCREENING_ID_SYSTEM = f"{BASE}:screening-id"
SNOMED = "http://snomed.info/sct"
DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

# Fixed code tables: what rules.yml does not name. The concepts' and outcomes'
# displays come with the record (`displays`, from rules.yml's labels).
CRITERIA: dict[str, str] = {
    "neck_involvement": (
        "Head pain brought on by neck movement, sustained posture or neck pressure"
    ),
    "restricted_rom": "Restricted neck range of motion",
    "ipsilateral_pain": "Neck, shoulder or arm pain on the same side as the head pain",
    "unilateral_no_sideshift": "Head pain on one side, without side shift",
}
CRITERION_STATUSES = {"met": "Met", "not_met": "Not met", "unknown": "Unknown"}
ONSETS = {
    "sudden": "Sudden",
    "recent": "Began within the last 3 months",
    "longstanding": "Longstanding (more than 3 months)",
}
# Record side -> SNOMED CT qualifier value (code, display).
SIDES = {
    "left": ("7771000", "Left"),
    "right": ("24028007", "Right"),
    "both": ("51440002", "Right and left"),
}
MAX_AGE = 150
_CODE = re.compile(r"[^\s]+( [^\s]+)*")
_ID = re.compile(r"[a-z][a-z0-9_]*")  # rules.yml's concept and outcome ids

ASKED_UNKNOWN = {
    "system": DATA_ABSENT_REASON,
    "code": "asked-unknown",
    "display": "Asked But Unknown",
}
SURVEY = {
    "coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]
}
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, BASE)


class InvalidRecord(ValueError):
    """The record cannot be exported; the message names the field, never its value
    (it may be health information)."""


class InvalidDisplays(ValueError):
    """The displays sent with the record are not `{"concept": {id: label},
    "triage": {id: label}}`; the message names the part at fault."""


class _Displays:
    """The concepts' and outcomes' displays: rules.yml's labels, from the caller."""

    def __init__(self, displays: Any) -> None:
        if not isinstance(displays, Mapping):
            raise InvalidDisplays("'displays' must be an object")
        self.concepts = _labels(displays, "concept")
        self.triage = _labels(displays, "triage")
        if not self.triage:
            raise InvalidDisplays("'displays.triage' must name the outcomes")

    def concept(self, concept: str) -> str:
        """The concept's label, or its id in words for one the rules do not name."""
        return self.concepts.get(concept) or concept.replace("_", " ")


def _labels(displays: Mapping[str, Any], part: str) -> dict[str, str]:
    value = displays.get(part)
    if not isinstance(value, Mapping) or not all(
        isinstance(key, str)
        and _ID.fullmatch(key)
        and isinstance(label, str)
        and label.strip()
        for key, label in value.items()
    ):
        raise InvalidDisplays(
            f"'displays.{part}' must map ids to non-empty labels (text)"
        )
    return dict(value)  # exactly as rules.yml writes them


def bundle(record: Mapping[str, Any], displays: Mapping[str, Any]) -> dict[str, Any]:
    """The FHIR R4 Bundle (JSON as a dict) of one screening record.

    `displays` is `{"concept": {id: label}, "triage": {id: label}}` (rules.yml's
    labels). Built through fhir.resources models, so a structure FHIR does not
    allow raises instead of being written. Raises `InvalidDisplays` for bad displays
    and `InvalidRecord` naming the field that is missing or wrong.
    """
    labels = _Displays(displays)
    if not isinstance(record, Mapping):
        raise InvalidRecord("the record must be a JSON object")
    screening = _Screening(record, labels)
    qr_url = screening.url("QuestionnaireResponse")
    entries = [(qr_url, _questionnaire_response(screening))]
    for symptom in screening.symptoms:
        url = screening.url(f"Observation/{symptom['concept']}")
        entries.append((url, _finding(screening, symptom, qr_url)))
    entries.append((screening.url("Observation/triage"), _triage(screening, qr_url)))
    document = {
        "resourceType": "Bundle",
        "id": _id(screening.url("Bundle")),
        "type": "collection",
        "timestamp": screening.completed_at,
        "entry": [
            {"fullUrl": url, "resource": {**resource, "id": _id(url)}}
            for url, resource in entries
        ],
    }
    try:
        model = Bundle.model_validate(document)
    except ValueError as exc:  # pydantic's ValidationError, whose text has values
        raise InvalidRecord(f"it gives invalid FHIR at {_where(exc)}") from None
    result: dict[str, Any] = json.loads(model.model_dump_json())
    return result


class _Screening:
    """The record's fields the export uses, checked; nothing else is read."""

    def __init__(self, record: Mapping[str, Any], displays: _Displays) -> None:
        self.displays = displays
        self.completed_at = _moment(record, "completed_at")
        self.triage = _choice(record, "triage", displays.triage)
        self.ruleset_version = _code(record, "ruleset_version")
        self.booking_link_offered = _flag(record, "booking_link_offered")
        self.age = _age(record)
        self.onset = _choice_or_none(record, "onset", ONSETS)
        self.criteria = _criteria(record)
        self.symptoms = _symptoms(record)
        self.red_flags = _red_flags(record, self.symptoms)
        self.identifier = _identifier(record)
        if self.identifier:
            seed = f"{self.identifier['system']}|{self.identifier['value']}"
        else:  # not stored and no booking link: its coded content, nothing else
            seed = json.dumps(self._content(), sort_keys=True)
        self._namespace = uuid.uuid5(_NAMESPACE, seed)

    def url(self, name: str) -> str:
        """The `urn:uuid:` fullUrl of this screening's resource `name`."""
        return f"urn:uuid:{uuid.uuid5(self._namespace, name)}"

    def _content(self) -> dict[str, Any]:
        return {
            "completed_at": self.completed_at,
            "triage": self.triage,
            "ruleset_version": self.ruleset_version,
            "age": self.age,
            "onset": self.onset,
            "criteria": self.criteria,
            "symptoms": self.symptoms,
        }


def _questionnaire_response(screening: _Screening) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    if screening.symptoms:
        items.append(
            {
                "linkId": "symptoms",
                "text": "Symptoms",
                "item": [
                    _symptom_item(screening, symptom) for symptom in screening.symptoms
                ],
            }
        )
    if screening.age is not None:
        items.append(
            {
                "linkId": "age",
                "text": "Age in years",
                "answer": [{"valueInteger": screening.age}],
            }
        )
    if screening.onset is not None:
        items.append(
            {
                "linkId": "onset",
                "text": "Onset of the headaches",
                "answer": [{"valueCoding": _onset(screening.onset)}],
            }
        )
    if screening.criteria:
        items.append(
            {
                "linkId": "criteria",
                "text": "Cervicogenic headache criteria",
                "item": [
                    {
                        "linkId": f"criteria.{name}",
                        "text": CRITERIA[name],
                        "answer": [{"valueCoding": _status(status)}],
                    }
                    for name, status in screening.criteria.items()
                ],
            }
        )
    items.append(
        {
            "linkId": "triage",
            "text": "Screening outcome (a screening, not a diagnosis)",
            "answer": [{"valueCoding": _triage_coding(screening)}],
        }
    )
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "authored": screening.completed_at,
        "item": items,
    }
    if screening.identifier:
        response["identifier"] = screening.identifier
    return response


def _symptom_item(screening: _Screening, symptom: dict[str, Any]) -> dict[str, Any]:
    concept, present, side = symptom["concept"], symptom["present"], symptom["side"]
    answer: dict[str, Any] = (
        {"valueCoding": ASKED_UNKNOWN} if present is None else {"valueBoolean": present}
    )
    if side:
        answer["item"] = [
            {
                "linkId": f"symptoms.{concept}.side",
                "text": "Side",
                "answer": [{"valueCoding": _side(side)}],
            }
        ]
    return {
        "linkId": f"symptoms.{concept}",
        "text": screening.displays.concept(concept),
        "answer": [answer],
    }


def _finding(
    screening: _Screening, symptom: dict[str, Any], qr_url: str
) -> dict[str, Any]:
    concept, present, side = symptom["concept"], symptom["present"], symptom["side"]
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [SURVEY],
        "code": _concept(CONCEPT_SYSTEM, concept, screening.displays.concept(concept)),
        "effectiveDateTime": screening.completed_at,
        "derivedFrom": [_reference(qr_url, "QuestionnaireResponse")],
    }
    if present is None:
        observation["dataAbsentReason"] = {
            "coding": [ASKED_UNKNOWN],
            "text": "Not sure",
        }
    else:
        observation["valueBoolean"] = present
    if side:
        coding = _side(side)
        observation["bodySite"] = {"coding": [coding], "text": coding["display"]}
    return observation


def _triage(screening: _Screening, qr_url: str) -> dict[str, Any]:
    components: list[dict[str, Any]] = [
        {
            "code": _concept(CRITERION_SYSTEM, name, CRITERIA[name]),
            "valueCodeableConcept": {"coding": [_status(status)]},
        }
        for name, status in screening.criteria.items()
    ]
    if screening.booking_link_offered is not None:
        components.append(
            {
                "code": _concept(
                    SCREENING_SYSTEM, "booking_link_offered", "Booking link offered"
                ),
                "valueBoolean": screening.booking_link_offered,
            }
        )
    version = screening.ruleset_version
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [SURVEY],
        "code": {
            "coding": [
                {
                    "system": SCREENING_SYSTEM,
                    "code": "triage",
                    "display": "Headache screening outcome",
                }
            ],
            "text": "Headache screening outcome (a screening, not a diagnosis)",
        },
        "effectiveDateTime": screening.completed_at,
        "valueCodeableConcept": {
            "coding": [_triage_coding(screening)],
            "text": screening.displays.triage[screening.triage],
        },
        "method": {
            "coding": [{"system": RULESET_SYSTEM, "code": version}],
            "text": f"Headache screening rules, version {version}",
        },
        "derivedFrom": [
            _reference(qr_url, "QuestionnaireResponse"),
            *(
                _reference(screening.url(f"Observation/{flag}"), "Observation")
                for flag in screening.red_flags
            ),
        ],
    }
    if components:
        observation["component"] = components
    return observation


def _concept(system: str, code: str, display: str) -> dict[str, Any]:
    return {
        "coding": [{"system": system, "code": code, "display": display}],
        "text": display,
    }


def _triage_coding(screening: _Screening) -> dict[str, str]:
    triage = screening.triage
    display = screening.displays.triage[triage]
    return {"system": TRIAGE_SYSTEM, "code": triage, "display": display}


def _status(status: str) -> dict[str, str]:
    return {
        "system": CRITERION_STATUS_SYSTEM,
        "code": status,
        "display": CRITERION_STATUSES[status],
    }


def _onset(onset: str) -> dict[str, str]:
    return {"system": ONSET_SYSTEM, "code": onset, "display": ONSETS[onset]}


def _side(side: str) -> dict[str, str]:
    code, display = SIDES[side]
    return {"system": SNOMED, "code": code, "display": display}


def _reference(url: str, resource_type: str) -> dict[str, str]:
    return {"reference": url, "type": resource_type}


def _id(url: str) -> str:
    return url.removeprefix("urn:uuid:")


# The record's fields, checked. Messages name the field and what it must be.


def _moment(record: Mapping[str, Any], name: str) -> str:
    value = record.get(name)
    if not isinstance(value, str):
        raise InvalidRecord(f"field '{name}' must be an ISO-8601 time (a string)")
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidRecord(f"field '{name}' is not an ISO-8601 time") from None
    if moment.utcoffset() is None:
        raise InvalidRecord(f"field '{name}' must have a time zone")
    return moment.astimezone(timezone.utc).isoformat()


def _code(record: Mapping[str, Any], name: str) -> str:
    """A value written as a FHIR code: text without leading, trailing or double
    spaces (FHIR's `[^\\s]+( [^\\s]+)*`)."""
    value = record.get(name)
    if not isinstance(value, str) or not _CODE.fullmatch(value):
        raise InvalidRecord(
            f"field '{name}' must be non-empty text without leading, trailing or "
            "double spaces"
        )
    return value


def _choice(record: Mapping[str, Any], name: str, choices: Mapping[str, str]) -> str:
    value = record.get(name)
    if not isinstance(value, str) or value not in choices:
        raise InvalidRecord(f"field '{name}' must be one of {', '.join(choices)}")
    return value


def _choice_or_none(
    record: Mapping[str, Any], name: str, choices: Mapping[str, str]
) -> str | None:
    value = record.get(name)
    if value is not None and (not isinstance(value, str) or value not in choices):
        raise InvalidRecord(
            f"field '{name}' must be one of {', '.join(choices)}, or null"
        )
    return value


def _flag(record: Mapping[str, Any], name: str) -> bool | None:
    value = record.get(name)
    if value is not None and not isinstance(value, bool):
        raise InvalidRecord(f"field '{name}' must be true, false or null")
    return value


def _age(record: Mapping[str, Any]) -> int | None:
    value = record.get("age")
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 0 <= value <= MAX_AGE
    ):
        raise InvalidRecord(
            f"field 'age' must be whole years from 0 to {MAX_AGE}, or null"
        )
    return value


def _criteria(record: Mapping[str, Any]) -> dict[str, str]:
    value = record.get("criteria")
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidRecord("field 'criteria' must be an object")
    criteria = {}
    for name in value:
        if name not in CRITERIA:
            raise InvalidRecord("field 'criteria' names an unknown criterion")
    for name in CRITERIA:  # in the spec's order, whatever the record's
        if name in value:
            status = value[name]
            if not isinstance(status, str) or status not in CRITERION_STATUSES:
                raise InvalidRecord(
                    f"field 'criteria.{name}' must be one of "
                    + ", ".join(CRITERION_STATUSES)
                )
            criteria[name] = status
    return criteria


def _symptoms(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    value = record.get("symptoms")
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidRecord("field 'symptoms' must be a list")
    symptoms: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, item in enumerate(value):
        where = f"symptoms[{index}]"
        if not isinstance(item, Mapping):
            raise InvalidRecord(f"field '{where}' must be an object")
        concept = item.get("concept")
        if not isinstance(concept, str) or not _ID.fullmatch(concept):
            raise InvalidRecord(
                f"field '{where}.concept' must be a concept id (lower case, digits "
                "and underscores)"
            )
        if concept in seen:
            raise InvalidRecord(f"field '{where}.concept' repeats an earlier one")
        seen.add(concept)
        present = item.get("present", 0)  # missing: not a valid answer either
        if not (present is None or isinstance(present, bool)):
            raise InvalidRecord(f"field '{where}.present' must be true, false or null")
        side = item.get("side")
        if side is not None and (not isinstance(side, str) or side not in SIDES):
            raise InvalidRecord(
                f"field '{where}.side' must be left, right, both or null"
            )
        symptoms.append({"concept": concept, "present": present, "side": side})
    return symptoms


def _red_flags(record: Mapping[str, Any], symptoms: list[dict[str, Any]]) -> list[str]:
    value = record.get("red_flags")
    if value is None:
        return []
    present = {s["concept"] for s in symptoms if s["present"] is True}
    if not isinstance(value, list) or not all(
        isinstance(flag, str) and flag in present for flag in value
    ):
        raise InvalidRecord(
            "field 'red_flags' must list concepts that 'symptoms' has as present"
        )
    return list(dict.fromkeys(value))


def _identifier(record: Mapping[str, Any]) -> dict[str, str] | None:
    reference = record.get("booking_reference")
    if reference is not None:
        if not isinstance(reference, str) or not reference.strip():
            raise InvalidRecord(
                "field 'booking_reference' must be non-empty text or null"
            )
        return {"system": BOOKING_REFERENCE_SYSTEM, "value": reference}
    screening_id = record.get("screening_id")
    if screening_id is None:
        return None
    if isinstance(screening_id, bool) or not isinstance(screening_id, int):
        raise InvalidRecord("field 'screening_id' must be a whole number or null")
    return {"system": SCREENING_ID_SYSTEM, "value": str(screening_id)}


def _where(exc: ValueError) -> str:
    """Where pydantic found the problem (its messages quote values: left out)."""
    errors = getattr(exc, "errors", None)
    locations = (
        [".".join(str(part) for part in error["loc"]) for error in errors()]
        if callable(errors)
        else []
    )
    return "; ".join(locations[:3]) or "an unknown place"


def main() -> int:
    """Read `{"record": ..., "displays": ...}` on stdin, write the record's Bundle on
    stdout; 2 for bad input."""
    try:
        given = json.loads(sys.stdin.buffer.read())
    except ValueError:  # also bad UTF-8
        return _fail("the input on stdin is not one JSON object")
    if not isinstance(given, dict) or not {"record", "displays"} <= given.keys():
        return _fail("the input must be an object with 'record' and 'displays'")
    try:
        result = bundle(given["record"], given["displays"])
    except InvalidDisplays as exc:
        return _fail(f"bad displays: {exc}")
    except InvalidRecord as exc:
        return _fail(f"bad screening record: {exc}")
    except Exception as exc:  # its text could hold a value: only its type is shown
        return _fail(f"internal error ({type(exc).__name__})", status=1)
    text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.buffer.write(text.encode("utf-8"))
    return 0


def _fail(message: str, status: int = 2) -> int:
    print(f"FHIR export: {message}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
