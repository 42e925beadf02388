"""`python -m secsearch` runs the CLI, for machines where pip's script folder is not on PATH."""

from .cli import main

main()
