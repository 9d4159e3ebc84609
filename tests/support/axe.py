"""Accessibility checks in a real browser: axe-core on a Playwright page or frame.

    assert_no_serious_axe_violations(page, "the login page")

runs axe-core (the npm package package.json pins; `make install` puts it in
node_modules/) with the WCAG 2.0/2.1 level A and AA rules and axe's best practices,
and fails on every violation whose impact is serious or critical, naming the rule, its
impact, the offending elements' selectors and the rule's help page. Minor and moderate
findings do not fail: `axe_violations` returns them all.

axe goes in through Playwright's `evaluate` (the DevTools protocol), not a <script>
tag (`add_script_tag`): the staff app's Content-Security-Policy is `script-src
'none'`, which blocks any script element, and rightly so. The page's own CSP is left
as it is, and nothing here logs a CSP violation. A Frame is checked like a Page; on
a Page or a Frame, axe goes into every child frame too, and a same-origin iframe's
content is reported with the iframe's selector first (`iframe >>> #field`; axe
leaves cross-origin frames out).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Frame, Page

AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
TAGS = (*WCAG_21_AA, "best-practice")
FAILING_IMPACTS = ("critical", "serious")
MAX_NODES_SHOWN = 8

# In the page: run axe, keep what a failure message needs (never the elements' HTML:
# it can hold a patient's words).
_RUN_AXE = """async (options) => {
  const results = await axe.run(document, options);
  return {
    version: results.testEngine.version,
    url: results.url,
    violations: results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target,
        summary: n.failureSummary || "",
      })),
    })),
  };
}"""


def axe_source(path: Path | None = None) -> str:
    """axe.min.js (AXE_JS by default), or an AssertionError that says how to get it."""
    path = path or AXE_JS
    if not path.is_file():
        raise AssertionError(
            f"axe-core is not installed ({path} is missing): run `make install` "
            "(it runs `npm ci`, from package-lock.json)."
        )
    return path.read_text(encoding="utf-8")


def axe_violations(target: Page | Frame, tags: tuple[str, ...] = TAGS) -> list[dict]:
    """Every axe violation on `target` (a Page or a Frame), whatever its impact.

    Each is {id, impact, help, helpUrl, nodes: [{target, summary}]}, as axe names
    them; `target` is a list of selectors, one per frame from `target` inward.
    """
    source = axe_source()
    frame = target.main_frame if hasattr(target, "main_frame") else target
    for each in _with_child_frames(frame):
        if each.evaluate("() => typeof window.axe") == "undefined":
            each.evaluate(source)
    options = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "resultTypes": ["violations"],
    }
    results: dict[str, Any] = frame.evaluate(_RUN_AXE, options)
    return list(results["violations"])


def serious(violations: list[dict]) -> list[dict]:
    """The violations that fail the check: impact serious or critical."""
    return [v for v in violations if v["impact"] in FAILING_IMPACTS]


def describe(violations: list[dict], context: str) -> str:
    """A readable account of `violations`: rule, impact, help URL, selectors."""
    lines = [
        f"axe-core found {len(violations)} accessibility "
        f"violation{'' if len(violations) == 1 else 's'} on {context}:"
    ]
    for v in violations:
        nodes = v["nodes"]
        lines.append(
            f"- {v['id']} ({v['impact']}, {len(nodes)} "
            f"element{'' if len(nodes) == 1 else 's'}): {v['help']}"
        )
        lines.append(f"  {v['helpUrl']}")
        for node in nodes[:MAX_NODES_SHOWN]:
            lines.append(f"    {_selector(node['target'])}")
            summary = _first_reason(node["summary"])
            if summary:
                lines.append(f"      {summary}")
        if len(nodes) > MAX_NODES_SHOWN:
            lines.append(f"    ... and {len(nodes) - MAX_NODES_SHOWN} more")
    return "\n".join(lines)


def assert_no_serious_axe_violations(target: Page | Frame, context: str) -> None:
    """Fail if axe finds a serious or critical WCAG 2.1 A/AA (or best-practice)
    violation on `target`, a Page or a Frame; `context` names it in the message."""
    failing = serious(axe_violations(target))
    if failing:
        raise AssertionError(describe(failing, context))


def _with_child_frames(frame: Frame) -> list[Frame]:
    frames = [frame]
    for child in frame.child_frames:
        frames.extend(_with_child_frames(child))
    return frames


def _selector(target: list) -> str:
    # An element inside a shadow root is a list of selectors of its own.
    return " >>> ".join(
        " / ".join(part) if isinstance(part, list) else str(part) for part in target
    )


def _first_reason(summary: str) -> str:
    """axe's 'Fix any of the following:' account, on one line."""
    reasons = [
        line.strip()
        for line in summary.splitlines()
        if line.strip() and not line.strip().startswith("Fix ")
    ]
    return "; ".join(reasons)[:300]
