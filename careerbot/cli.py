"""Placeholder until the CLI lands."""


def main() -> None:
    raise SystemExit("careerbot CLI is being built")
