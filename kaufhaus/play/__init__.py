"""What every front end shares: the session, descriptions and the UI strings.

The terminal UI (``kaufhaus.tui``), plain mode (``kaufhaus.plain``) and the
classroom server all play through a :class:`~kaufhaus.play.session.Session`
and speak with the same words, so nothing here may import Textual or Rich.
"""
