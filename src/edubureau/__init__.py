"""edubureau — the working system of a county education bureau (教育局)."""

__version__ = "0.1.0"
