"""What the end-to-end tests share: the questions-per-screening summary.

The simulated patients (test_patients.py) record how many questions each screening
asked; the summary is printed at the end of the run, where a reader looks for it.
"""

from __future__ import annotations

import pytest

from .question_counts import QuestionCounts

_COUNTS = pytest.StashKey[QuestionCounts]()


@pytest.fixture(scope="session")
def question_counts(request: pytest.FixtureRequest) -> QuestionCounts:
    """Where test_patients.py records each screening's number of questions."""
    return request.config.stash.setdefault(_COUNTS, QuestionCounts())


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    counts = config.stash.get(_COUNTS, None)
    if counts and counts.by_case:
        terminalreporter.section("questions per screening")
        for line in counts.summary():
            terminalreporter.write_line(line)
