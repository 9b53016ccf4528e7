"""Author pseudonyms: a keyed HMAC of the handle, so analysts can count distinct voices
without the index holding who they are (docs: README.md, "Privacy").

One key per deployment: ``LANGNGHE_AUTHOR_KEY`` when set, else the key file named by
``LANGNGHE_AUTHOR_KEY_FILE`` (it must exist: several machines share one copy), else a random
key created once in ``data_dir/author.key`` (mode 0600) for a single machine. Pseudonyms stay
stable across runs and machines of one deployment and cannot be recomputed by someone without
the key. Rotating the key (docs/privacy.md) gives every author a new pseudonym from then on.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from langnghe.errors import ConfigError
from langnghe.settings import Settings

PREFIX = "u_"
DIGEST_CHARS = 16
_KEY_BYTES = 32
# Shorter handles are ordinary syllables ("An", "Ba"): writing them as pseudonyms would garble text.
MIN_MASKED_HANDLE = 3


def pseudonymise(handle: str | None, key: bytes) -> str | None:
    """``'Nguyễn Văn An'`` -> ``'u_'`` + 16 hex chars; None or blank stays None.

    Handles are NFC-normalised, stripped and case-folded first, so the same person
    written two ways gets one pseudonym.

    >>> pseudonymise("Nguyễn Văn An", b"k") == pseudonymise("  nguyễn văn an ", b"k")
    True
    """
    if handle is None:
        return None
    normal = unicodedata.normalize("NFC", handle).strip().casefold()
    if not normal:
        return None
    digest = hmac.new(key, normal.encode("utf-8"), hashlib.sha256).hexdigest()
    return PREFIX + digest[:DIGEST_CHARS]


def mask_handles(text: str, handles: Iterable[str | None], pseudonym_of: Callable[[str], str | None]) -> str:
    """Every known handle written in ``text`` (a whole word, any case) -> its pseudonym.

    ``pseudonym_of`` is what the Item's ``author`` goes through (:func:`author_value`), so a
    member named in a post is written as the same pseudonym their own posts carry; handles
    shorter than three characters are left (they are ordinary syllables).

    >>> mask_handles("Như bác Lan_Anh nói", ["lan_anh"], lambda h: "u_1")
    'Như bác u_1 nói'
    """
    names = {" ".join(unicodedata.normalize("NFC", h).split()).lstrip("@") for h in handles if h}
    names = {name for name in names if len(name) >= MIN_MASKED_HANDLE}
    if not text or not names:
        return text
    # Longest first, so "lan_anh_92" is not cut at "lan_anh"; any run of spaces matches one.
    choices = (re.escape(name).replace(r"\ ", r"\s+") for name in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(choices)})(?!\w)", re.IGNORECASE)
    return pattern.sub(lambda found: pseudonym_of(" ".join(found[0].split())) or found[0], text)


def author_key(settings: Settings) -> bytes:
    """The HMAC key: the setting if given, else the deployment's key file, else the data
    folder's own key file (created once)."""
    if settings.author_key is not None:
        secret = settings.author_key.get_secret_value()
        if not secret:
            raise ConfigError("LANGNGHE_AUTHOR_KEY is set but empty")
        return secret.encode("utf-8")
    if settings.author_key_file is not None:
        shared = settings.author_key_file.expanduser().resolve()
        if not shared.is_file():
            raise ConfigError(
                f"LANGNGHE_AUTHOR_KEY_FILE: {shared}: no such file (copy one machine's data folder "
                "author.key there: every machine of a deployment must use the same key)"
            )
        return _file_key(shared)
    return _file_key(settings.paths.author_key.resolve())


def author_value(handle: str | None, settings: Settings) -> str | None:
    """What an Item stores as ``author``: the raw handle only if ``keep_author_handles``."""
    if settings.keep_author_handles:
        kept = handle.strip() if handle is not None else ""
        return kept or None
    return pseudonymise(handle, author_key(settings))


@lru_cache(maxsize=8)
def _file_key(path: Path) -> bytes:
    """Read the key file, creating it atomically when missing (two processes may race here)."""
    if not path.exists():
        _create_key_file(path)
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise ConfigError(f"{path}: not a valid author key (expected hex); delete it to create a new one")
    return key


def _create_key_file(path: Path) -> None:
    """Write the key to a temporary file, then link it into place: readers never see half a key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(_KEY_BYTES) + "\n")
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process won the race; use its key
    finally:
        tmp.unlink(missing_ok=True)
