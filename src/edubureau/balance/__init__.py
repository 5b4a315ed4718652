"""Balanced development of compulsory education (义务教育均衡发展): indicators, 差异系数, what it takes to pass."""
