"""Kaufhaus Internet: a satirical text adventure about the transparent customer."""

__version__ = "0.1.0"
