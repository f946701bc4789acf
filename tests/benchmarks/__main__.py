"""`python3 -m tests.benchmarks`: every benchmark, then the summary table (run_all.py)."""

import sys

from tests.benchmarks.run_all import main

sys.exit(main())
