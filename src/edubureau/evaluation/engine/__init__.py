"""Pure engines of the evaluation module: no Django import (see tests/test_engines_pure.py)."""
