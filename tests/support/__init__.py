"""Helpers of the tests: fixtures' building blocks, stand-in servers, subprocess scripts (`python -m support.NAME`)."""
