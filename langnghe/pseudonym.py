"""Author pseudonyms: a keyed HMAC of the handle, so analysts can count distinct voices
without the index holding who they are (docs: docs/privacy.md).

One key per deployment: ``LANGNGHE_AUTHOR_KEY`` when set, else the key file named by
``LANGNGHE_AUTHOR_KEY_FILE`` (it must exist: several machines share one copy), else a random
key created once *beside* the data folder (``<data_dir>.author.key``, mode 0600), so that a copy
or backup of the data folder never carries it; a key found inside the folder (where earlier
versions made it) is moved there. A key must hold at least 32 random bytes.

A key is a chain of layers (:class:`AuthorKey`): the first hashes the handle, each later one
hashes the pseudonym of the layer before. ``langnghe rekey`` adds a layer and rewrites every
stored pseudonym through it (:func:`rekeyed`), so the same person keeps one pseudonym across
a rotation, and linking a stored pseudonym to a handle needs every layer: the newest one,
kept secret, is what protects them. A key file holds one layer per line (hex), oldest first.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from langnghe.errors import ConfigError
from langnghe.settings import Settings

log = logging.getLogger(__name__)

PREFIX = "u_"
DIGEST_CHARS = 16
KEY_BYTES = 32
_MIN_DISTINCT = 16  # distinct byte values of 32 random bytes: almost surely 25 or more
MAKE_ONE = "python3 -c 'import secrets; print(secrets.token_hex(32))'"
PENDING_SUFFIX = ".pending"  # a rekey's next key, until every store is rewritten


def _mac(key: bytes, text: str) -> str:
    return PREFIX + hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:DIGEST_CHARS]


def pseudonymise(handle: str | None, key: bytes | AuthorKey) -> str | None:
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
    layers = key.layers if isinstance(key, AuthorKey) else (key,)
    value = _mac(layers[0], normal)
    for layer in layers[1:]:
        value = rekeyed(value, layer)
    return value


def rekeyed(pseudonym: str, layer: bytes) -> str:
    """A stored pseudonym through one more layer: what ``langnghe rekey`` writes in its place."""
    return _mac(layer, pseudonym)


def is_pseudonym(value: str | None) -> bool:
    """Whether a stored ``author`` is a pseudonym (not a handle kept with keep_author_handles)."""
    return value is not None and len(value) == len(PREFIX) + DIGEST_CHARS and value.startswith(PREFIX)


@dataclass(frozen=True)
class AuthorKey:
    """A deployment's key: its layers, oldest first (see the module's docs)."""

    layers: tuple[bytes, ...]

    def pseudonym(self, handle: str | None) -> str | None:
        return pseudonymise(handle, self)

    def with_layer(self, layer: bytes) -> AuthorKey:
        return AuthorKey((*self.layers, layer))

    def to_text(self) -> str:
        """The key file's content: one hex layer per line."""
        return "".join(layer.hex() + "\n" for layer in self.layers)


def strength_problem(layer: bytes) -> str | None:
    """Why a key layer is too weak to protect pseudonyms, or None."""
    if len(layer) < KEY_BYTES:
        return f"{len(layer)} bytes"
    if len(set(layer)) < _MIN_DISTINCT:
        return "not random (too few distinct bytes)"
    return None


def weak_key_error(where: str, why: str) -> ConfigError:
    return ConfigError(f"{where}: too weak ({why}): an author key needs at least 32 random bytes, "
                       f"written as 64 hex characters; make one with: {MAKE_ONE}")  # fmt: skip


def new_layer() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def author_key(settings: Settings) -> AuthorKey:
    """The deployment's key: the setting if given, else the deployment's key file, else the key
    file beside the data folder (created once)."""
    if settings.author_key is not None:
        return _setting_key(settings.author_key.get_secret_value())
    path = key_path(settings)
    if settings.author_key_file is None:
        _move_out_of_data_folder(settings.paths.legacy_author_key, path)
    elif not path.is_file():
        raise ConfigError(
            f"LANGNGHE_AUTHOR_KEY_FILE: {path}: no such file (copy the deployment's author key there: "
            "every machine of a deployment must use the same key)"
        )
    pending = pending_path(path)
    if pending.exists():
        raise ConfigError(f"{pending}: a rekey did not finish: run `langnghe rekey` again before anything else")
    return _file_key(path)


def key_path(settings: Settings) -> Path:
    """Where the deployment's key file is (or will be made)."""
    if settings.author_key_file is not None:
        return settings.author_key_file.expanduser().resolve()
    return settings.paths.author_key.resolve()


def pending_path(path: Path) -> Path:
    return path.with_name(path.name + PENDING_SUFFIX)


def author_value(handle: str | None, settings: Settings) -> str | None:
    """What an Item stores as ``author``: the raw handle only if ``keep_author_handles``."""
    if settings.keep_author_handles:
        kept = handle.strip() if handle is not None else ""
        return kept or None
    return pseudonymise(handle, author_key(settings))


@lru_cache(maxsize=8)
def _setting_key(secret: str) -> AuthorKey:
    """``LANGNGHE_AUTHOR_KEY``: hex of at least 32 random bytes; the HMAC key is the text itself
    (as it always was, so pseudonyms made with a strong key stay the same)."""
    text = secret.strip()
    try:
        decoded = bytes.fromhex(text)
    except ValueError:
        raise weak_key_error("LANGNGHE_AUTHOR_KEY", f"{len(text)} characters, not hex") from None
    problem = strength_problem(decoded)
    if problem is not None:
        raise weak_key_error("LANGNGHE_AUTHOR_KEY", problem)
    return AuthorKey((secret.encode("utf-8"),))


def current_key(settings: Settings) -> AuthorKey:
    """The key in use, weak or not, with a rekey's unfinished next key ignored: what ``rekey``
    moves away from (a weak ``LANGNGHE_AUTHOR_KEY`` included)."""
    if settings.author_key is not None:
        return AuthorKey((settings.author_key.get_secret_value().encode("utf-8"),))
    path = key_path(settings)
    if settings.author_key_file is None:
        _move_out_of_data_folder(settings.paths.legacy_author_key, path)
    if not path.is_file():
        raise ConfigError(f"{path}: no author key yet, so no pseudonym to rewrite")
    return _layers(path)


def read_key_file(path: Path) -> AuthorKey:
    """A key file's layers; the newest must be strong (older ones may be weak keys rekeyed away)."""
    layers = _layers(path).layers
    problem = strength_problem(layers[-1])
    if problem is not None:
        raise weak_key_error(str(path), problem)
    return AuthorKey(layers)


def _layers(path: Path) -> AuthorKey:
    text = path.read_text(encoding="ascii", errors="replace")
    try:
        layers = tuple(bytes.fromhex(line.strip()) for line in text.splitlines() if line.strip())
    except ValueError:
        layers = ()
    if not layers:
        raise ConfigError(f"{path}: not a valid author key (expected hex); delete it to create a new one")
    return AuthorKey(layers)


@lru_cache(maxsize=8)
def _file_key(path: Path) -> AuthorKey:
    """Read the key file, creating it atomically when missing (two processes may race here)."""
    if not path.exists():
        write_key_file(path, AuthorKey((new_layer(),)), replace=False)
    return read_key_file(path)


def _move_out_of_data_folder(legacy: Path, path: Path) -> None:
    """A key made inside the data folder by an earlier version goes beside it, unchanged."""
    if not legacy.is_file() or path.exists():
        return
    try:
        os.link(legacy, path)
    except FileExistsError:
        pass  # another process moved it first
    except OSError as exc:  # another file system, or no right to write beside the folder
        raise ConfigError(f"{legacy}: the author key must not stay in the data folder and cannot be moved "
                          f"to {path} ({exc.strerror}); move it yourself or set LANGNGHE_AUTHOR_KEY_FILE") from None
    legacy.unlink(missing_ok=True)
    log.warning("author key moved out of the data folder: %s -> %s", legacy, path)


def write_key_file(path: Path, key: AuthorKey, *, replace: bool) -> None:
    """Write a key file (0600) through a temporary file: readers never see half a key. Without
    ``replace``, an existing file wins (another process made the key first)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(key.to_text())
            out.flush()
            os.fsync(out.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process won the race; use its key
    finally:
        tmp.unlink(missing_ok=True)
    _file_key.cache_clear()


def forget_cached_keys() -> None:
    """After a rekey: the next :func:`author_key` reads the key files again."""
    _file_key.cache_clear()
    _setting_key.cache_clear()

