"""Headache-screening chatbot: the product's core (engine, NLU, storage, channels)."""
