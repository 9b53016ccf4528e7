"""Field types shared by the response models: times and figures written to JSON as they always were.

Pydantic writes a UTC time as ``...Z`` and a float field holding ``3`` as ``3.0``; the
``--json`` outputs of the read commands have always carried ``isoformat()`` (``+00:00``,
``+07:00``) and figures as Python computed them, and their shapes are measured from outside.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Union

from pydantic import BaseModel, ConfigDict, PlainSerializer

IsoTime = Annotated[datetime, PlainSerializer(lambda moment: moment.isoformat(), return_type=str, when_used="json")]
"""A time as ``datetime.isoformat()`` writes it, its offset kept (UTC: ``+00:00``)."""

Number = Union[int, float]
"""A figure kept as computed: an int stays an int in JSON, a float a float."""


class Response(BaseModel):
    """Base of every response model: immutable, no unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)
