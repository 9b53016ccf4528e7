"""What the re-ranker reads of one post, once, whatever the number of claims it is compared with.

:class:`PostReading` holds a post's view (:class:`~langnghe.claims.compare.TextView`), its
passages of one or two sentences (:mod:`langnghe.claims.windows`) and their words table,
built when a first candidate claim needs them; :meth:`PostReading.best_window` picks the
passage that agrees best with a claim. A forum thread (:attr:`Reading.threaded`) is read as
that passage with its neighbours (:func:`~langnghe.claims.windows.thread_scope`), never whole:
its replies are not what it says of the claim.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from langnghe.claims.compare import DENSITY_HEAD, ClaimView, TextView
from langnghe.claims.matcher import Reading
from langnghe.claims.text import syllables
from langnghe.claims.windows import Passage, WindowWords, passages, sentences, thread_scope, window_score


MIN_PASSAGE = 8  # syllables: a thread's passage shorter than this, or than half the claim, says too little


class PostReading:
    """One post as the re-ranker reads it against its candidate claims."""

    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self.whole = TextView.of(reading)
        self._views: dict[str, TextView] = {}

    @cached_property
    def passages(self) -> list[Passage]:
        return passages(self.reading.folded)

    @cached_property
    def table(self) -> WindowWords | None:
        """The words of every passage (row 0 the whole post); ``None`` for a post read whole. Each
        sentence is split into syllables once: a passage's are its sentences' (a pair of sentences
        is written "first. second")."""
        rest = self.passages[1:]
        if not rest:
            return None
        words = [syllables(sentence) for sentence in sentences(self.reading.folded)]
        spans = [[token for n in range(passage.first, passage.last + 1) for token in words[n]] for passage in rest]
        return WindowWords([self.reading.tokens, *spans], DENSITY_HEAD)

    def view(self, text: str) -> TextView:
        """The view of a passage of the post (already canonical), read once."""
        if text not in self._views:
            self._views[text] = TextView.of(Reading(text, syllables(text)))
        return self._views[text]

    def best_window(self, claim: ClaimView, exact: dict[str, float]) -> tuple[TextView, dict[str, float], str | None]:
        """The passage whose words agree best with ``claim`` and its word features (the whole
        post and ``exact`` when that is the post), and the text a thread is read as (else ``None``)."""
        table = self.table
        if table is None:
            return self.whole, exact, None
        words = table.features(claim.weights, claim.text.tokens, claim.text.bigrams, claim.rare)
        scores = window_score(words["unigrams"], words["bigrams"], words["density"])
        if self.reading.threaded:  # a thread is read as a passage, never whole, and not as a "+1" either
            scores[0] = -np.inf
            scores[table.head_length < max(MIN_PASSAGE, len(claim.text.tokens) / 2)] = -np.inf
        best = int(np.argmax(scores))
        if not best or scores[best] == -np.inf:
            return self.whole, exact, None
        passage = self.passages[best]
        scope = thread_scope(self.reading.folded, passage) if self.reading.threaded else None
        return self.view(passage.text), {name: float(values[best]) for name, values in words.items()}, scope
