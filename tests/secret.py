"""The server secret tests run with (CAREERBOT_SECRET_KEY): set for every test process and its
subprocesses by tests/conftest.py, and given to the fixtures' Database objects."""

TEST_SECRET_KEY = "test-secret-key-0123456789abcdef0123456789abcdef"
