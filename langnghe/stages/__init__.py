"""Stage workers: each reads a stream of items, does one step, hands them on (error contract in base)."""
