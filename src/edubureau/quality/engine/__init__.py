"""The pure analysis of exam scores (issue 5): no Django, polars frames in, plain data out."""
