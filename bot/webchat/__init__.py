"""The website's chat page and the small server that relays it to Rasa."""
