"""The messages of the latency benchmark: varied, repeatable, invented.

Short answers, one-line symptoms and long rambling stories, built from fixed
fragments with a fixed seed, so both bots get exactly the same work in every run.
"""

from __future__ import annotations

import random

ANSWERS = [
    "yes",
    "no",
    "nope none",
    "not sure",
    "idk",
    "1 and 3",
    "2",
    "I'm 54",
    "54F",
    "it started 2 weeks ago",
    "for years",
    "only the left side",
    "both sides",
    "actually it's the right",
    "hi",
    "hello there",
    "thanks",
    "bye",
    "are you a bot?",
    "can I talk to a person",
    "start over",
    "stop",
    "what's the weather like",
]
FRAGMENTS = [
    "my head hurts on the right",
    "the pain starts in my neck",
    "it gets worse when I look down at my laptop",
    "my jaw clicks when I chew",
    "no fever",
    "I can't turn my head all the way",
    "my mom has migraines",
    "I sleep badly",
    "my right shoulder aches too",
    "it's like a band around my head",
    "sometimes left sometimes right",
    "pressing the base of my skull sets it off",
    "I grind my teeth at night",
    "I get dizzy when I stand up",
    "I'm stressed at work",
    "never passed out",
    "what if I get a fever",
    "it's been going on for months",
    "I'm 47 and work at a desk",
    "there's a dull ache at the back of my head",
    "my neck is stiff in the mornings",
    "it hurts to yawn",
    "ibuprofen doesn't really help",
    "my temples throb by the evening",
]
JOINERS = [", ", " and ", ". ", " but ", " so ", " tbh ", "... "]


def benchmark_messages(count: int = 600, seed: int = 7) -> list[str]:
    """`count` messages: about a third short answers, the rest one to nine
    fragments long, some lower-cased without punctuation as people type."""
    rng = random.Random(seed)
    messages = []
    for _ in range(count):
        if rng.random() < 0.3:
            messages.append(rng.choice(ANSWERS))
            continue
        parts = rng.sample(FRAGMENTS, k=rng.choice([1, 1, 2, 3, 4, 6, 9]))
        text = parts[0]
        for part in parts[1:]:
            text += rng.choice(JOINERS) + part
        if rng.random() < 0.4:
            text = text.lower().replace(",", "").replace(".", "")
        messages.append(text)
    return messages
