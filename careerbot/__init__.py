"""The composition root: CLI, settings, server and bootstrap that wire the packages together."""
