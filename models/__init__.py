"""Pydantic v2 schemas: the wire format of every topic and of the timeline table row.

This is the bottom layer (``streams -> timeline -> temporal -> models``): it imports nothing
from the project and nothing from Faust, Kafka or the web stack.
"""

from models.article import Article, ArticleRecord, PublishedAtSource
from models.dates import parse_datetime
from models.entry import EntrySource, TimelineEntry
from models.event import AnchorKind, Event, EventBody, Modality
from models.mention import Direction, Granularity, Mention, Mod, TimeType
from models.messages import AnchoringMessage, BucketUpdate, DeadLetter
from models.wire import ArticleRejected, RejectReason, decode_article

__all__ = [
    "AnchorKind",
    "AnchoringMessage",
    "Article",
    "ArticleRecord",
    "ArticleRejected",
    "BucketUpdate",
    "DeadLetter",
    "Direction",
    "EntrySource",
    "Event",
    "EventBody",
    "Granularity",
    "Mention",
    "Mod",
    "Modality",
    "PublishedAtSource",
    "RejectReason",
    "TimeType",
    "TimelineEntry",
    "decode_article",
    "parse_datetime",
]
