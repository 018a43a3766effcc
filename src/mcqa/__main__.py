"""``python -m mcqa`` runs the CLI."""

from mcqa.cli import main

main()
