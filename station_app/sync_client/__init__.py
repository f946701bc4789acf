"""The station side of sync: the engine that pushes the outbox and pulls the county's state."""
