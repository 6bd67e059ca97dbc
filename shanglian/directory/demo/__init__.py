"""Demo data: the real federation structure and a deterministic synthetic membership.

``structure``, ``vocab``, ``identifiers`` and ``generate`` are pure Python (no Django), reusable by
benchmarks; ``loader`` writes them to the database (``manage.py demo``).
"""
