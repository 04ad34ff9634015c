"""`python -m universe`: the command line."""

from universe.cli.main import main

main()
