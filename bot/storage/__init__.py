"""Storage: screenings, staff, audit log, Rasa's conversations, export, retention.

Everything lives in the one database named by DATABASE_URL (SQLite by default,
PostgreSQL by URL). Nothing here runs at import time. From the bottom up:

- `errors`, `times`: the errors callers can show, and UTC helpers;
- `db`: engine, sessions and the start-up check; `models`: the project's tables;
- `migrate` and `migrations/`: Alembic, run from code (`python -m bot db upgrade`);
- `audit`: the append-only log of who saw or deleted what;
- `records`: the screening record dict, checked in and rebuilt out;
- `transcripts`: Rasa's own `events` table, read and deleted;
- `repository`, `staff`: what the bot and the staff app call;
- `stats`: screening counts per day and outcome, for the staff dashboard;
- `export`, `retention`: the writers, and deleting old or requested data;
- `tracker_store`: Rasa's SQL tracker store on DATABASE_URL, failing fast;
- `phone_hash`, `opt_outs`: phone numbers as keyed hashes, and SMS opt-outs;
- `login_failures`: failed staff logins, so every staff-app process throttles alike;
- `cli_*`: the `python -m bot export|db|retention` commands.
"""
