"""The demo city (演示市, issue 16): a prefecture city of about eleven counties in one instance.

Like the demo county, ``layout`` and ``generator`` are pure (no Django) and deterministic from a seed; ``loader``
writes the city county by county with bulk inserts, and ``stories`` adds each county's accounts, inspections and
evaluation scheme, the city's exam and the city's work plan.
"""
