"""Tests of the installer layer."""
