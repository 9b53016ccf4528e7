"""Detection policy: story clustering, spikes, emerging issues, significant terms (pure where it can be)."""
