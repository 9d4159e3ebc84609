"""The screenings: the filtered list, one screening with its transcript, the
review and notes, and the export.

Every read of patient data goes through `ScreeningRepository`, which writes the
audit row (actor: the logged-in username) in the same transaction as the read.
"""

from __future__ import annotations

import io
import json

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from bot.fhir.client import FhirExportError, fhir_bundle
from bot.staff.choices import with_choices
from bot.staff.display import clinic_zone, follow_up_label
from bot.staff.filters import filter_form
from bot.staff.forms import EXPORT_FORMATS, ExportForm, FollowUpForm, NoteForm
from bot.staff.highlight import pieces
from bot.staff.services import services
from bot.storage.contact_crypto import ContactCipher, ContactUnreadable
from bot.storage.contacts import Contact
from bot.storage.export import CRITERIA, write_records
from bot.storage.repository import MAX_NOTE, ScreeningDetail, ScreeningFilter
from bot.storage.staff import Role
from bot.storage.times import utcnow

bp = Blueprint("screenings", __name__, url_prefix="/screenings")
PER_PAGE = 25


def actor() -> str:
    """Who the audit rows name: the logged-in staff member."""
    return g.user.username


@bp.get("")
def index() -> ResponseReturnValue:
    form = filter_form(request.args)
    page = None
    if not form.errors:
        page = services().screenings.list_screenings(
            form.to_filter(clinic_zone()),
            page=form.page.data or 1,
            per_page=PER_PAGE,
            actor=actor(),
        )
    return render_template(
        "screenings.html", form=form, page=page, export_form=ExportForm()
    )


@bp.get("/<int:screening_id>")
def detail(screening_id: int) -> ResponseReturnValue:
    repository = services().screenings
    screening = repository.get(screening_id, actor=actor())
    lines = repository.transcript(screening_id, actor=actor())
    follow_up = FollowUpForm(
        status=screening.follow_up_status or "to_call",
        assignee=screening.assignee or "",
    )
    return render_template(
        "screening.html",
        screening=screening,
        record=screening.record,
        criteria=_criteria(screening.record["criteria"]),
        lines=[
            (line, pieces(line.text, line.symptoms), chosen)
            for line, chosen in with_choices(lines)
        ],
        note_form=NoteForm(),
        follow_up_form=follow_up.offer(_assignees()),
        contact=_contact(screening) if screening.callback_requested else None,
    )


@bp.post("/<int:screening_id>/follow-up")
def follow_up(screening_id: int) -> ResponseReturnValue:
    form = FollowUpForm().offer(_assignees())
    if not form.validate_on_submit():
        flash("Choose a follow-up status and a staff member from the lists.")
    elif services().follow_ups.set_follow_up(
        screening_id,
        status=form.status.data,
        assignee=form.assignee.data or None,
        actor=actor(),
    ):
        flash(f"Follow-up set to {follow_up_label(form.status.data)}.")
    else:
        flash("The follow-up was already so; nothing changed.")
    anchor = "follow-up"
    return redirect(url_for(".detail", screening_id=screening_id, _anchor=anchor), 303)


@bp.post("/<int:screening_id>/review")
def review(screening_id: int) -> ResponseReturnValue:
    services().screenings.mark_reviewed(screening_id, reviewer=actor())
    flash("Marked as reviewed.")
    return redirect(url_for(".detail", screening_id=screening_id), 303)


@bp.post("/<int:screening_id>/notes")
def add_note(screening_id: int) -> ResponseReturnValue:
    form = NoteForm()
    if form.validate_on_submit():
        services().screenings.add_note(
            screening_id, author=actor(), text=form.text.data
        )
        flash("Note added.")
    else:
        flash(f"A note needs some text, and at most {MAX_NOTE:,} characters.")
    return redirect(url_for(".detail", screening_id=screening_id, _anchor="notes"), 303)


@bp.post("/export")
def export() -> ResponseReturnValue:
    """The screenings the list's query string selects, as a download."""
    filters, form = filter_form(request.args), ExportForm()
    if filters.errors or not form.validate_on_submit():
        abort(400)
    fmt = form.format.data
    records = services().screenings.export_records(
        filters.to_filter(clinic_zone()),
        actor=actor(),
        fmt=fmt,
        contacts=_contact_export(form.contacts.data),
    )
    out = io.StringIO()
    write_records(records, fmt, out)
    name = f"screenings-{utcnow():%Y%m%dT%H%M%SZ}.{fmt}"
    return Response(
        out.getvalue(),
        mimetype=EXPORT_FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/<int:screening_id>/fhir")
def fhir(screening_id: int) -> ResponseReturnValue:
    """One screening as a FHIR R4 Bundle, for the clinic's EHR (audited export)."""
    records = services().screenings.export_records(
        ScreeningFilter(screening_id=screening_id), actor=actor(), fmt="fhir"
    )
    if not records:
        abort(404)
    try:
        bundle = fhir_bundle(records[0])
    except FhirExportError as error:
        return render_template("error.html", status=503, message=str(error)), 503
    name = f"screening-{screening_id}-fhir-r4.json"
    return Response(
        json.dumps(bundle, indent=2),
        mimetype="application/fhir+json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _contact_export(asked: bool) -> ContactCipher | None:
    """The cipher for an export with contact details: admins only, with CONTACT_KEY."""
    if not asked:
        return None
    contacts = services().contacts
    if g.user.role is not Role.ADMIN or contacts is None:
        abort(
            403,
            "Only an admin can export contact details, and only with CONTACT_KEY set.",
        )
    return contacts.cipher


def _assignees() -> list[str]:
    return [user.username for user in services().staff.list_users() if user.active]


def _contact(screening: ScreeningDetail) -> Contact | str:
    """The call-back contact details (audited), or why they cannot be shown."""
    contacts = services().contacts
    if contacts is None:
        return (
            "Contact details cannot be shown: CONTACT_KEY is not set for the staff app."
        )
    try:
        return contacts.reveal(screening.id, actor=actor()) or "none given"
    except ContactUnreadable as error:
        return str(error)


def _criteria(criteria: dict[str, str]) -> list[tuple[str, str]]:
    """The four CGH criteria in the spec's order, then any others the record has."""
    names = [*CRITERIA, *(name for name in criteria if name not in CRITERIA)]
    return [(name, criteria.get(name, "unknown")) for name in names]
