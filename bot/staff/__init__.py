"""The staff web app: screenings, transcripts, reviews, exports, a dashboard.

Flask, server-rendered, on the storage layer (`bot.storage`); it imports the
storage and the screening rules, never the other way round. From the bottom up:

- `config`: settings from the environment, the generated secret key;
- `throttle`, `security`: login throttling, sessions, the deny-by-default gate and
  the security headers (a strict CSP: no script, no inline style);
- `services`, `display`, `forms`, `filters`, `highlight`, `charts`: what the pages use;
- `auth`, `screenings`, `dashboard`, `admin`: the blueprints; `app`: `create_app`;
- `cli_serve`, `cli_accounts`, `cli_create_admin`: `python -m bot staff`,
  `add-staff` and `create-admin`.
"""
