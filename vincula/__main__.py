"""``python -m vincula`` runs the command line."""

from vincula.cli import main

raise SystemExit(main())
