"""`python -m bot` is the `readout` command."""

import sys

from bot.cli import main

sys.exit(main())
