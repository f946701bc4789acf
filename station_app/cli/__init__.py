"""The `station` command: the services the window uses, for scripts and the station's IT help."""
