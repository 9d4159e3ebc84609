"""The blind set is frozen: written before any rule change of issue 15, by an author
who never saw the lexicon, and never edited since (README, "NLU evaluation").

A changed byte fails here, so a sentence cannot quietly be made to fit the rules.
Its scores are printed by `make eval-nlu`; the rules are tuned on dev_mentions.yml.
"""

from __future__ import annotations

import hashlib

from bot.nlu.evaluate import BLIND_MENTIONS, DEV_MENTIONS
from bot.nlu.lexicon import load_lexicon
from bot.nlu.scoring import ATTRIBUTES, load_annotations

FROZEN_SHA256 = "56ee1882850ec8d809440bc22b6e9dabe398f5cc346a9a6674d5572b133a43f3"


def test_the_blind_set_is_unchanged_since_it_was_frozen() -> None:
    digest = hashlib.sha256(BLIND_MENTIONS.read_bytes()).hexdigest()
    assert digest == FROZEN_SHA256


def test_both_sets_are_large_and_cover_every_concept_and_attribute() -> None:
    concepts = set(load_lexicon().concept_ids)
    for path, least in ((BLIND_MENTIONS, 300), (DEV_MENTIONS, 250)):
        items = load_annotations(path, concepts)
        keys = [key for item in items for key in item.mentions]
        assert len(items) >= least
        assert {key.concept for key in keys} == concepts
        flags = {name for key in keys for name in ATTRIBUTES if _has(key, name)}
        assert flags == set(ATTRIBUTES)
        assert any(key.side for key in keys)
        assert any(item.age for item in items)


def _has(key: object, name: str) -> bool:
    if name == "other":
        return key.experiencer.value == "other"
    return bool(getattr(key, name))
