"""Table writes from a batch of events (``stream.take_events``) to the right partitions.

Faust sends a table write to the changelog partition of the event being processed, which it
reads from a context variable; in a batch that is whichever event came last. Pointing it at each
event in turn with ``Stream._set_current_event`` also sets the stream's shared
``current_event`` attribute, and ``take_events``' background reader, when it resumes after the
batch, files the next message it buffers under that attribute: the following batch then holds
one event twice and not the other, whose update is lost until a restart re-delivers it. Setting
only the context variable, which is this agent's task's own, routes the writes and nothing else.
"""

from __future__ import annotations

import weakref
from typing import Any

from faust import streams as faust_streams


def write_as(event: Any) -> None:
    """Table writes of the running task go to ``event``'s partition from now on."""
    faust_streams._current_event.set(weakref.ref(event))
