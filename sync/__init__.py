"""Sync with the county center: protocol, client and the county-center server.

The station side reads only the local outbox (``station_app.storage.outbox``); see issue 6.
"""
