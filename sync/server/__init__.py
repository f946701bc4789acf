"""The county-center server: the FastAPI app, its own schema and migrations, `county-server`."""
