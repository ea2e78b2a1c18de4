"""Signals the framework sends. Higher layers (people, courses, pathways) connect handlers that call their own
services; the framework never imports them."""

from django.dispatch import Signal

# Sent inside the transaction that makes a version current. kwargs: version (the new current FrameworkVersion),
# previous (the version that was current before, or None).
version_activated = Signal()
