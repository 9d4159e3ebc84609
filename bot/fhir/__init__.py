"""FHIR R4 export of one screening, so a clinic can file it in its EHR (issue 17).

`r4` builds the Bundle and runs in its own environment, `.venv-fhir`
(fhir.resources needs pydantic 2, Rasa 3.6 pins pydantic 1.10), so it imports only
the standard library and fhir.resources. `client` runs in the main environment and
calls `python -m bot.fhir.r4` in `.venv-fhir` as a subprocess.
"""
