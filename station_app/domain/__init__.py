"""Field rules of the public legal service ledgers: pure Python, no database, no Qt."""
