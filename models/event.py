"""An event: a clause or sentence of an article anchored by a time mention."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from models.article import ArticleRecord
from models.mention import Mention


class Modality(StrEnum):
    REPORTED = "reported"
    CLAIMED = "claimed"
    DENIED = "denied"
    EXPECTED = "expected"
    PLANNED = "planned"


class AnchorKind(StrEnum):
    """How the event got its time: its own mention, the mention of the sentence before it
    (same paragraph, text continues the narrative), or the publication date's recent past for
    a past-tense sentence with no time expression (kept only when it matches an explicitly
    dated event of another article)."""

    EXPLICIT = "explicit"
    INHERITED = "inherited"
    IMPLICIT = "implicit"


class EventBody(BaseModel):
    """An event without its article record: the form events travel in inside a message that
    carries the record once (an article's 20-odd events would otherwise repeat it 20-odd times
    on the wire, in the table changelog and in memory)."""

    id: str = Field(description="'<article id>#<n>', stable for the same article text")
    sentence: str
    sentence_start: int = Field(ge=0)
    sentence_end: int = Field(ge=0)
    label: str
    mention: Mention
    actors: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    asserted_by: str | None = None
    modality: Modality = Modality.REPORTED
    keywords: list[str] = Field(
        default_factory=list, description="normalised content words used to match events"
    )
    clause: str | None = Field(default=None, description="the clause the mention anchors")
    clause_role: str = Field(default="main", description="'main' or 'parenthetical'")
    anchor_kind: AnchorKind = AnchorKind.EXPLICIT
    paragraph: int = 0
    disputed_by: list[str] = Field(
        default_factory=list, description="who, in the same article, disputes this statement"
    )


class Event(EventBody):
    """A dated statement from one article; the unit that merging groups into entries."""

    article: ArticleRecord

    @classmethod
    def of(cls, body: EventBody, article: ArticleRecord) -> Event:
        """An event from a validated body and record, without validating either again; the
        bodies of one message share its one record object.

        What ``model_construct`` does, minus its per-field loop: that loop cost twice the
        parsing of the message itself, on the path every stored event takes.
        """
        values = body.__dict__.copy()
        values["article"] = article
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", values)
        object.__setattr__(event, "__pydantic_fields_set__", set(values))
        object.__setattr__(event, "__pydantic_extra__", None)
        object.__setattr__(event, "__pydantic_private__", None)
        return event
