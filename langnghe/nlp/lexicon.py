"""Build the fast segmenter's lexicon by distilling underthesea's CRF over unlabelled text.

underthesea segments ~60 KB/s, too slow for the enrich stage's target. Its decisions
are mostly lexical, though: "ô nhiễm" is joined nearly every time it occurs, "là
người" almost never. :func:`build_lexicon` runs underthesea over a corpus sample and
keeps every multi-syllable word it joins in at least ``min_rate`` of the places
where those syllables occur in a row, with its count; single syllables keep their
counts too. :class:`~langnghe.nlp.segment.FastSegmenter` reads the file back and
picks the most probable split of each sentence under that unigram model.

The file is ``segmenter-v<N>.tsv.gz``: one ``word<TAB>count`` line per entry
(syllables separated by spaces, lower case), a ``#`` header saying how it was built.
"""

from __future__ import annotations

import gzip
import lzma
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from langnghe.errors import InputError
from langnghe.nlp.normalize import normalize

MAX_WORD_SYLLABLES = 4
LEXICON_VERSION = "segmenter-v1"


@dataclass
class LexiconStats:
    paragraphs: int = 0
    chars: int = 0
    words: int = 0
    entries: int = 0
    seconds: float = 0.0


def corpus_paragraphs(paths: Iterable[Path], max_chars: int) -> Iterator[str]:
    """Normalised non-empty lines of ``.txt``/``.txt.xz`` files, about ``max_chars`` in all, spread over the files."""
    files = list(paths)
    if not files:
        raise InputError("no corpus files given")
    share = max_chars // len(files)
    for path in files:
        opener = lzma.open if path.suffix == ".xz" else open
        taken = 0
        try:
            with opener(path, "rt", encoding="utf-8") as handle:
                for line in handle:
                    text = normalize(line)
                    if text:
                        taken += len(text)
                        yield text
                    if taken >= share:
                        break
        except (OSError, lzma.LZMAError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read: {exc}") from None


def _is_syllable(token: str) -> bool:
    return token.isalpha()


def count_words(
    paragraphs: Iterable[str],
    segment: Callable[[str], list[str]],
    tokenize: Callable[[str], list[str]],
    stats: LexiconStats,
) -> tuple[Counter[str], Counter[str], list[list[str]]]:
    """(joined multi-syllable words, single syllables, lower-cased token lists) of the paragraphs."""
    joined: Counter[str] = Counter()
    singles: Counter[str] = Counter()
    token_lists: list[list[str]] = []
    for text in paragraphs:
        stats.paragraphs += 1
        stats.chars += len(text)
        for word in segment(text):
            parts = word.lower().split()
            stats.words += 1
            if len(parts) == 1 and _is_syllable(parts[0]):
                singles[parts[0]] += 1
            elif 1 < len(parts) <= MAX_WORD_SYLLABLES and all(map(_is_syllable, parts)):
                joined[" ".join(parts)] += 1
        token_lists.append([token.lower() for token in tokenize(text)])
    return joined, singles, token_lists


def count_occurrences(token_lists: Iterable[list[str]], candidates: set[str]) -> Counter[str]:
    """How often each candidate's syllables occur in a row, joined or not."""
    seen: Counter[str] = Counter()
    firsts = {candidate.split(" ", 1)[0] for candidate in candidates}
    for tokens in token_lists:
        for start, token in enumerate(tokens):
            if token not in firsts:
                continue
            for size in range(2, min(MAX_WORD_SYLLABLES, len(tokens) - start) + 1):
                gram = " ".join(tokens[start : start + size])
                if gram in candidates:
                    seen[gram] += 1
    return seen


def select_entries(
    joined: Counter[str], singles: Counter[str], occurrences: Counter[str], min_count: int, min_rate: float
) -> dict[str, int]:
    """Words joined at least ``min_count`` times and in ``min_rate`` of their occurrences, plus syllables."""
    entries = {syllable: count for syllable, count in singles.items() if count >= 1}
    for word, count in joined.items():
        if count >= min_count and count >= min_rate * max(occurrences[word], count):
            entries[word] = count
    return entries


def write_lexicon(entries: dict[str, int], path: Path, header: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    lines = [f"# {header}"] + [f"{word}\t{count}" for word, count in sorted(entries.items())]
    # mtime=0: the same entries give the same bytes, so a retrain without changes shows no diff.
    with open(partial, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))
    os.replace(partial, path)


def read_lexicon(path: Path) -> dict[str, int]:
    entries: dict[str, int] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.startswith("#") or not line.strip():
                continue
            word, _, count = line.rstrip("\n").partition("\t")
            if not count.isdigit():
                raise InputError(f"{path}:{number}: expected 'word<TAB>count'")
            entries[word] = int(count)
    return entries


def build_lexicon(
    corpus_files: list[Path],
    out: Path,
    *,
    max_chars: int = 16_000_000,
    min_count: int = 3,
    min_rate: float = 0.5,
    progress: Callable[[int], None] | None = None,
) -> LexiconStats:
    """Distil underthesea's word segmentation over ``corpus_files`` into a lexicon at ``out``."""
    from langnghe.nlp.segment import pre_tokenize, underthesea_words

    stats = LexiconStats()
    started = time.monotonic()

    def paragraphs() -> Iterator[str]:
        for text in corpus_paragraphs(corpus_files, max_chars):
            yield text
            if progress:
                progress(len(text))

    joined, singles, token_lists = count_words(paragraphs(), underthesea_words, pre_tokenize, stats)
    candidates = {word for word, count in joined.items() if count >= min_count}
    entries = select_entries(joined, singles, count_occurrences(token_lists, candidates), min_count, min_rate)
    stats.entries = len(entries)
    stats.seconds = round(time.monotonic() - started, 1)
    header = (f"{LEXICON_VERSION}: underthesea word_tokenize over {stats.chars} chars "
              f"({', '.join(path.name for path in corpus_files)}); min_count={min_count} min_rate={min_rate}")
    write_lexicon(entries, out, header)
    return stats
