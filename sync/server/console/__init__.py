"""The county center's web console (served by county-server serve under /console/)."""
