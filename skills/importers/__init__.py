"""Taxonomy importers (ESCO, O*NET): read official files with pandas, write in bulk.

Both share the same contract: the whole import is one transaction, rows are matched on their
stable external key and compared in memory, so a second run with the same files writes nothing.
"""
