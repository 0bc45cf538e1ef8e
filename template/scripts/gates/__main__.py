"""`python -m scripts.gates`, run by `make gates`."""

import sys

from scripts.gates.cli import main

sys.exit(main())
