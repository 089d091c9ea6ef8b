"""python -m sorn.plot RESULT.h5 [ANALYSIS.h5] --out DIR ...: see scripts/plot.py --help."""
import sys

from . import main

sys.exit(main())
