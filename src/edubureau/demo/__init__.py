"""The demo county (演示县): a deterministic generator (pure) and its loader into the database.

Not a Django app: ``generator`` and its helpers import no Django; ``loader`` writes the result.
"""
