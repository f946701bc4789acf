"""Secrets and their use: the data key, sealed personal numbers, password hashes.

No Qt, no SQL: storage and services call in here; nothing here calls out.
"""
