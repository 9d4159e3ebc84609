"""The project's own Rasa channel connectors: Twilio SMS and Facebook Messenger.

Connectors are thin adapters: they check the platform's signature, turn its webhook
into `UserMessage`s and the bot's replies into its API calls. Everything that can be
pure (signatures, keywords, menus, SMS segments, Messenger payloads) lives in small
modules beside them. See README.md in this folder to connect a number or a page.
"""
