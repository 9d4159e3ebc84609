"""`python -m bot ...`: the project's command line (see `python -m bot --help`)."""

from bot.cli import main

raise SystemExit(main())
