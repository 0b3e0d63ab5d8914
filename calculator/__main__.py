import sys

from .cli import main

# A reader that leaves (`| head`) or a full disk is handled in main (calculator/terminal.py).
sys.exit(main())
