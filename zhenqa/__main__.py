"""`python -m zhenqa` runs the same CLI as the `zhenqa` console script."""
import sys

from zhenqa.cli import main

sys.exit(main())
