"""`python -m universe`: the command line."""

from .cli import main

main()
