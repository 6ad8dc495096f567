"""`python -m mailbrake` runs the CLI."""

from mailbrake.cli import main

main()
