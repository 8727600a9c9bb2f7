"""``python -m alur.cli``: the ``alur`` command."""

from alur.cli import main

raise SystemExit(main())
