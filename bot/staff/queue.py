"""The call-back queue: what needs a person, most urgent first (storage's
`follow_up.py` defines the order), and "next in queue" from a screening's page.

The staff app opens here. Each list is audited like the screenings list.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot.staff.screenings import actor
from bot.staff.services import services
from bot.storage.repository import ScreeningFilter

bp = Blueprint("queue", __name__, url_prefix="/queue")
PER_PAGE = 50


@bp.get("")
def index() -> ResponseReturnValue:
    page_number = max(1, request.args.get("page", 1, type=int) or 1)
    page = services().screenings.list_screenings(
        ScreeningFilter(in_queue=True),
        page=page_number,
        per_page=PER_PAGE,
        actor=actor(),
    )
    return render_template("queue.html", page=page)


@bp.get("/next")
def next_item() -> ResponseReturnValue:
    """The first screening of the queue other than `after` (the one just read)."""
    after = request.args.get("after", type=int)
    following = services().follow_ups.next_in_queue(after=after, actor=actor())
    if following is None:
        flash("The queue is empty: nothing else needs action.")
        return redirect(url_for(".index"), 303)
    return redirect(url_for("screenings.detail", screening_id=following), 303)
