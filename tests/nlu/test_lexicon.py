"""The lexicon files: they load, agree with the engine, and reject mistakes loudly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.nlu.lexicon import LEXICON_DIR, LexiconError, load_lexicon
from bot.nlu.pipeline import build_pipeline
from bot.settings import PROJECT_ROOT

ENGINE_RULES = PROJECT_ROOT / "bot" / "screening" / "rules.yml"


def test_concepts_match_the_engines_vocabulary() -> None:
    """The NLU and the engine (spec section 1) use the same ids and sided flags."""
    engine = yaml.safe_load(ENGINE_RULES.read_text(encoding="utf-8"))["concepts"]
    lexicon = load_lexicon()
    assert set(lexicon.concept_ids) == set(engine)
    assert {c.id for c in lexicon.concepts if c.sided} == {
        concept for concept, entry in engine.items() if entry.get("sided")
    }


def test_every_concept_has_phrases_and_every_phrase_compiles() -> None:
    lexicon = load_lexicon()
    assert all(concept.phrases for concept in lexicon.concepts)
    build_pipeline(lexicon)  # raises LexiconError naming the phrase otherwise


@pytest.fixture
def lexicon_copy(tmp_path: Path) -> Path:
    directory = tmp_path / "lexicon"
    shutil.copytree(LEXICON_DIR, directory, ignore=shutil.ignore_patterns("*.py*"))
    return directory


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in `path`; return its line number."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


@pytest.mark.parametrize(
    ("file", "old", "new", "problem"),
    [
        (
            "symptoms.yml",
            "    phrases:\n      - headache\n",
            "    paterns:\n      - headache\n",
            "unknown key 'paterns'",
        ),
        (
            "symptoms.yml",
            "left: unilateral_head_pain,",
            "left: one_sided_pain,",
            "side_means.left: unknown concept id 'one_sided_pain'",
        ),
        (
            "symptoms.yml",
            "      - stiff|tight|rigid|locked neck\n",
            "      - (stiff|tight neck\n",
            "'\\(' without '\\)'",
        ),
        (
            "symptoms.yml",
            "      - base|bottom of (my|the)? skull|head\n",
            "      - ... head\n",
            "must stand between two words",
        ),
        ("symptoms.yml", "    sided: true\n", "    sided: maybe\n", "true or false"),
        (
            "context.yml",
            "  - category: negated\n    direction: forward\n",
            "  - category: negated\n    direction: sideways\n",
            "'sideways' is not one of",
        ),
        (
            "context.yml",
            "  - category: negated\n    direction: forward\n",
            "  - category: negatd\n    direction: forward\n",
            "'negatd' is not one of",
        ),
        (
            "facts.yml",
            "  event_concepts: [fever,",
            "  event_concepts: [feverr,",
            "unknown concept id 'feverr'",
        ),
        (
            "context.yml",
            "    concepts: [immunosuppression]\n",
            "    concepts: [immunosupression]\n",
            "unknown concept id 'immunosupression'",
        ),
        ("sides.yml", "opposite:\n", "oposite:\n", "unknown key 'oposite'"),
        ("spellings.yml", "  neck: [", "  Neck: [", "one lower-case word"),
        (
            "spellings.yml",
            "  arm: [arms]\n",
            "  arm: [arms]\n  arm: [armz]\n",
            "duplicate key 'arm'",
        ),
    ],
)
def test_a_broken_file_fails_with_its_name_and_line(
    lexicon_copy: Path, file: str, old: str, new: str, problem: str
) -> None:
    edit(lexicon_copy / file, old, new)
    with pytest.raises(LexiconError, match=problem) as caught:
        load_lexicon(lexicon_copy)
    assert caught.value.path.name == file
    assert str(caught.value).startswith(f"{file} line {caught.value.line}:")


@pytest.mark.parametrize(
    ("file", "old", "new", "line_of", "problem"),
    [
        (
            "symptoms.yml",
            "    sided: true\n",
            "    sidde: true\n",
            "    sidde:",
            "unknown key 'sidde' in concepts.unilateral_head_pain",
        ),
        (
            "facts.yml",
            "  recent_max_days: 92",
            "  recent_max_days: ninety",
            "  recent_max_days:",
            "onset.recent_max_days: must be a whole number",
        ),
        (
            "context.yml",
            "  - category: negated\n    direction: forward\n",
            "  - category: negated\n",
            "  - category: negated",
            "missing key 'direction' in modifiers[0]",
        ),
        (
            "context.yml",
            'filler_never: [not, "no", never,',
            "filler_never: [not, no, never,",
            "filler_never:",
            'filler_never[1]: must be text (write "no" in quotes)',
        ),
        (
            "spellings.yml",
            "typo_min_length: 7",
            "typo_min_length: '7'",
            "typo_min_length:",
            "typo_min_length: must be a whole number",
        ),
    ],
    ids=["typo_in_a_key", "wrong_type", "missing_key", "yes_no_trap", "quoted_number"],
)
def test_issue14_shape_errors_name_file_and_line(
    lexicon_copy: Path, file: str, old: str, new: str, line_of: str, problem: str
) -> None:
    edit(lexicon_copy / file, old, new)
    text = (lexicon_copy / file).read_text(encoding="utf-8")
    line = text[: text.index(line_of)].count("\n") + 1
    with pytest.raises(LexiconError) as caught:
        load_lexicon(lexicon_copy)
    assert str(caught.value) == f"{file} line {line}: {problem}"


def test_the_error_points_at_the_broken_line(lexicon_copy: Path) -> None:
    line = edit(
        lexicon_copy / "symptoms.yml",
        "      - stiff|tight|rigid|locked neck\n",
        "      - (stiff|tight neck\n",
    )
    with pytest.raises(LexiconError) as caught:
        load_lexicon(lexicon_copy)
    assert caught.value.line == line


def test_a_missing_file_is_named(lexicon_copy: Path) -> None:
    (lexicon_copy / "sides.yml").unlink()
    with pytest.raises(LexiconError, match="cannot read"):
        load_lexicon(lexicon_copy)


def test_a_phrase_too_big_to_compile_is_named_at_build(lexicon_copy: Path) -> None:
    alternatives = "|".join(f"w{n} x{n}" for n in range(30))
    line = edit(
        lexicon_copy / "symptoms.yml",
        "      - hopeless\n",
        f"      - ({alternatives}) ({alternatives})\n",
    )
    with pytest.raises(LexiconError, match="split it") as caught:
        build_pipeline(load_lexicon(lexicon_copy))
    assert (caught.value.path.name, caught.value.line) == ("symptoms.yml", line)
