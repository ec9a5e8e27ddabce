"""The terminal front end: Textual only (app, screens, widgets, a .tcss each).

Nothing is imported here on purpose: the app imports its screens only when
they are first shown. What other front ends share with this one (session,
descriptions, strings) lives in :mod:`kaufhaus.play`.
"""
