"""Write Kibana's saved objects for langnghe (data view and dashboard) to an NDJSON file.

    python -m scripts.kibana_objects [--config-dir config] [--prefix langnghe] [OUTPUT]

OUTPUT defaults to ``deploy/kibana/langnghe.ndjson``, the file the compose file imports
(``scripts/kibana-import.sh``); values are named from ``langnghe.labels`` and the configuration
(concerns, watch topics, sources). Rerun it after changing ``config/`` and commit the result: a
test keeps the shipped file equal to what this writes from the shipped configuration.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from langnghe.index.es.kibana import saved_objects, to_ndjson
from langnghe.index.es.setup import Names
from langnghe.labels import FIELD_VI
from langnghe.reports.names import load_names
from langnghe.settings import Settings

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO / "deploy" / "kibana" / "langnghe.ndjson"


def render(config_dir: Path, prefix: str) -> str:
    """The NDJSON text for the configuration in ``config_dir`` and the index prefix ``prefix``."""
    names = load_names(Settings(config_dir=config_dir, data_dir=REPO / "langnghe-data"))
    fields = {name: FIELD_VI[name] for name in ("section", "sentiment", "emotion", "toxicity", "platform", "kind")}
    value_names = {**fields, "concern": names.concerns, "watch_topic": names.topics, "source": names.sources}
    return to_ndjson(saved_objects(Names(prefix).read_alias, value_names))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--config-dir", type=Path, default=REPO / "config")
    parser.add_argument("--prefix", default="langnghe", help="LANGNGHE_ES_PREFIX of the deployment")
    args = parser.parse_args()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(args.config_dir, args.prefix), encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
