"""Tracks: career tracks (their matrix as one JSON document) and who looked at theirs."""
