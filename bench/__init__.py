"""Benchmarks: each measures careerbot against a baseline doing the least work possible for the
same result, in the same run, and prints the ratio (so the numbers travel across machines)."""
