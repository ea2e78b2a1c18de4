"""Signals other apps listen to. The LRS never imports them; they connect their own handlers.

`progress_changed(sender, user_id, activity_iri, status)` is sent after the transaction that changed a learner's
derived status on an activity commits. `status` is one of registered, in_progress, completed, failed, passed, or
None when the statements that gave a status were all voided.
"""

from django.dispatch import Signal

progress_changed = Signal()
