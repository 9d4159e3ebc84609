"""Dialogue logic that is not Rasa: reading replies, keeping findings, explaining.

The Rasa actions in `actions/` call these functions; everything here works on plain
data (entity dicts, slot values) so it is tested without a Rasa server.
"""
