"""careerbot's platform-neutral core: career-track rules, conversation flows and the ports
they need.

Nothing in this package imports a platform SDK, the ORM, the scheduler or a web library
(tests/test_architecture.py enforces it)."""
