"""An alert: what fired, about what, with the figures and sample links an analyst acts on.

The records live beside their store (:mod:`langnghe.stores.alerts`), which keeps them field by
field; the alert modules name them from here.
"""

from langnghe.stores.alerts import Alert, Sample

__all__ = ["Alert", "Sample"]
