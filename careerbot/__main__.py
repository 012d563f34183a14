"""`python -m careerbot`: the same as the `careerbot` command."""

from careerbot.cli import main

main()
