"""The local SQLite store: tables, migrations, the outbox and the search index. No Qt here."""
