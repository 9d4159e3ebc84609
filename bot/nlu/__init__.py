"""Symptom NLU: free text to the symptom concepts of SCREENING_SPEC section 1.

`extractor.extract` is the pure entry point (spaCy + medspaCy, no Rasa);
`component.SymptomEntityExtractor` is the thin Rasa adapter around it.
"""
