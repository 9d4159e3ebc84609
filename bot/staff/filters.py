"""The screenings list's filters: query-string fields, checked by a form and turned
into the storage's `ScreeningFilter`.

The same query string drives the list, its pages and the export, so an export
holds exactly the screenings the list showed. Dates are calendar days in the
clinic's time zone (CLINIC_TIMEZONE), both ends included.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo

from werkzeug.datastructures import MultiDict
from wtforms import DateField, Form, IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from bot.screening.ruletypes import TRIAGE_IDS
from bot.staff.display import concept_label, red_flag_ids, triage_label
from bot.storage.repository import ScreeningFilter

ANY_FLAG, NO_FLAG = "any", "none"
REVIEWED = {"": None, "yes": True, "no": False}


def _triage_choices() -> list[tuple[str, str]]:
    return [("", "any"), *((t, triage_label(t)) for t in TRIAGE_IDS)]


def _red_flag_choices() -> list[tuple[str, str]]:
    fixed = [("", "any or none"), (ANY_FLAG, "at least one"), (NO_FLAG, "none")]
    return [*fixed, *((flag, concept_label(flag)) for flag in red_flag_ids())]


class FilterForm(Form):
    triage = SelectField("Outcome", choices=_triage_choices, default="")
    channel = StringField("Channel", [Optional(), Length(max=64)])
    since = DateField("From", [Optional()])
    until = DateField("To", [Optional()])
    reviewed = SelectField(
        "Reviewed",
        choices=[("", "any"), ("no", "not yet"), ("yes", "reviewed")],
        default="",
    )
    red_flag = SelectField("Red flag", choices=_red_flag_choices, default="")
    q = StringField("Search ids", [Optional(), Length(max=100)])
    page = IntegerField("Page", [Optional(), NumberRange(min=1)], default=1)

    def validate_until(self, field: DateField) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The end date is before the start date.")

    def to_filter(self, zone: tzinfo = timezone.utc) -> ScreeningFilter:
        """The storage filter, its dates read in `zone`; call after `validate()`
        succeeded."""
        flag = self.red_flag.data
        return ScreeningFilter(
            triage=self.triage.data or None,
            channel=(self.channel.data or "").strip() or None,
            reviewed=REVIEWED[self.reviewed.data],
            red_flag=None if flag in ("", ANY_FLAG, NO_FLAG) else flag,
            has_red_flags={ANY_FLAG: True, NO_FLAG: False}.get(flag),
            since=_midnight(self.since.data, zone),
            until=_midnight(self.until.data, zone, days_after=1),
            search=(self.q.data or "").strip() or None,
        )

    def query_args(self) -> dict[str, str]:
        """The filter's non-empty fields as query-string values (without the page)."""
        return {
            field.name: field.raw_data[0]
            for field in self
            if field.name != "page" and field.raw_data and field.raw_data[0].strip()
        }

    @property
    def active(self) -> bool:
        return bool(self.query_args())


def filter_form(args: MultiDict) -> FilterForm:
    """The form for a request's query string, validated (see `form.errors`)."""
    form = FilterForm(args)
    form.validate()
    return form


def _midnight(
    day: date | None, zone: tzinfo, *, days_after: int = 0
) -> datetime | None:
    if day is None:
        return None
    return datetime.combine(day + timedelta(days=days_after), time(), zone)
