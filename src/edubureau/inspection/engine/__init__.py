"""Pure engines of the inspection module: no Django import (see tests/test_engines_pure.py)."""
