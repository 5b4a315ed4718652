"""Pure computations of 信访 (no Django): channel deadlines, repeat detection, statistics."""
