"""Where everything under the data folder lives: the one place that names every store and path.

Every store, log and output of a deployment is a file under ``data_dir`` (``LANGNGHE_DATA_DIR``);
:class:`DataPaths` names them all, so no module spells a file name of its own and a new store is
added here, once. ``Settings.paths`` gives the deployment's. The author key is the exception:
it never lives in the data folder (``author_key``, the default place of a key made for a single
machine, is beside it; ``LANGNGHE_AUTHOR_KEY_FILE`` names another, see :mod:`langnghe.pseudonym`).
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_UMASK = 0o077  # files 0600, folders 0700: the stores hold message bodies, the key its secret


def keep_files_private() -> int:
    """From now on this process, and every process it starts (the crawl child, the NLP pool),
    creates files 0600 and folders 0700 whatever the shell's umask; returns the umask replaced.
    Called once by each process entry point (the ``langnghe`` command)."""
    return os.umask(PRIVATE_UMASK)


@dataclass(frozen=True)
class DataPaths:
    """The files of one data folder (nothing is created by naming it)."""

    root: Path

    def restrict(self) -> None:
        """Make an existing data folder 0700 when it is wider (made by an earlier version or under
        another umask), so files created 0644 before are no longer readable by other accounts.
        A folder of another account is left as it is, with a warning."""
        try:
            mode = stat.S_IMODE(self.root.stat().st_mode)
            if mode & 0o077:
                self.root.chmod(0o700)
        except FileNotFoundError:
            return
        except OSError as exc:
            log.warning("%s: cannot make the data folder private (0700): %s", self.root, exc)

    @property
    def queue(self) -> Path:
        """The embedded item stream (crawl -> enrich): :mod:`langnghe.queue.sqlite`."""
        return self.root / "queue.sqlite3"

    @property
    def index(self) -> Path:
        """The embedded index (SQLite FTS5), when Elasticsearch is not configured."""
        return self.root / "index.sqlite3"

    @property
    def trends(self) -> Path:
        """Hourly roll-ups, when Elasticsearch is not configured."""
        return self.root / "trends.sqlite3"

    @property
    def stories(self) -> Path:
        """Stories, their members and the clustering state."""
        return self.root / "stories.sqlite3"

    @property
    def detections(self) -> Path:
        """Stored spikes and emerging-issue rankings."""
        return self.root / "detections.sqlite3"

    @property
    def claims(self) -> Path:
        """The claim base, its matches (spread) and near-duplicate exemplars."""
        return self.root / "claims.sqlite3"

    @property
    def health(self) -> Path:
        """Source health: crawl outcomes per source."""
        return self.root / "health.sqlite3"

    @property
    def alerts(self) -> Path:
        """Alert history and cooldowns."""
        return self.root / "alerts.sqlite3"

    @property
    def outbox(self) -> Path:
        """Messages not yet delivered, retried by the health job."""
        return self.root / "outbox.sqlite3"

    @property
    def scheduler(self) -> Path:
        """The scheduler's job store and run log."""
        return self.root / "scheduler.sqlite3"

    @property
    def accounts(self) -> Path:
        """The web app's users, API keys and append-only audit log (:mod:`langnghe.stores.accounts`)."""
        return self.root / "accounts.sqlite3"

    @property
    def web_secret(self) -> Path:
        """The key signing the web app's session cookies, made once (private to the owner)."""
        return self.root / "web-secret.key"

    @property
    def field_reports(self) -> Path:
        """Who filed which collaborator's field report (only admins see it)."""
        return self.root / "field_reports.sqlite3"

    @property
    def crawl_state(self) -> Path:
        """The crawl ledger: validators, seen URLs, syndication sketches, drop-folder reads."""
        return self.root / "crawl_state.sqlite3"

    @property
    def run_lock(self) -> Path:
        """Held by the one ``langnghe run`` (or ``run --once``) of this folder: :mod:`langnghe.instance`."""
        return self.root / "run.lock"

    @property
    def author_key(self) -> Path:
        """The author-pseudonym key made for a single machine when no key is configured: *beside*
        the data folder (``<data_dir>.author.key``), so that a copy or backup of the folder never
        carries it (:mod:`langnghe.pseudonym`)."""
        folder = Path(os.path.abspath(self.root))
        return folder.with_name(f"{folder.name or 'langnghe-data'}.author.key")

    @property
    def legacy_author_key(self) -> Path:
        """Where earlier versions made that key, inside the folder: moved beside it when found."""
        return self.root / "author.key"

    @property
    def config_link(self) -> Path:
        """Names the config folder this data belongs to (one line, relative to the data folder or
        absolute), written by ``langnghe demo``; read by :func:`langnghe.settings.load_settings`
        when no config folder is given."""
        return self.root / "config-dir.txt"

    @property
    def logs(self) -> Path:
        """Log files (the crawler child's ``crawl.log``)."""
        return self.root / "logs"

    @property
    def digests(self) -> Path:
        """Daily digests, ``ban-tin-YYYY-MM-DD.html`` and ``.md``."""
        return self.root / "digests"

    @property
    def reports(self) -> Path:
        """Monthly reports (DOCX)."""
        return self.root / "reports"

    @property
    def saved_searches(self) -> Path:
        """Saved searches made in the web app, watch topics beside ``topics.yaml``'s
        (:mod:`langnghe.stores.saved_searches`)."""
        return self.root / "saved_searches.sqlite3"

    @property
    def exports(self) -> Path:
        """Exports made in the background for the web app, kept a while for their download
        (:mod:`langnghe.exports.background`)."""
        return self.root / "exports"

    def stores(self) -> dict[str, Path]:
        """Every SQLite store by name (for status, backups and tests)."""
        names = ("queue", "index", "trends", "stories", "detections", "claims", "health", "alerts", "outbox",
                 "scheduler", "crawl_state", "accounts", "field_reports", "saved_searches")
        return {name: getattr(self, name) for name in names}
