"""The terminal front end (Textual) and the pieces it shares with plain mode.

Nothing is imported here on purpose: ``kaufhaus.plain`` uses the Textual-free
modules of this package (strings, session, fingerprint) without paying for
Textual, and the app imports its screens only when they are first shown.
"""
