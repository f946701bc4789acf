"""The bundle's entry point (PyInstaller needs a script): `station-app` itself."""

import sys

from station_app.app import main

if __name__ == "__main__":
    sys.exit(main())
