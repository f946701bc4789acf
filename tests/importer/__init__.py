"""Tests of the importer layer."""
