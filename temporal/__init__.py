"""Pure temporal engine: text + anchor -> time mentions (TIMEX3 type/value, interval, granularity).

Never imports Faust, Kafka or the web stack. ``tag(text, published_at)`` is the entry point.
"""

from temporal.tagger import tag

__all__ = ["tag"]
