"""Use cases over the store: the only way the UI, CLI, import, reports and sync touch records."""
