"""Demo data: the real federation structure and a deterministic synthetic membership.

``load_demo`` (used by ``manage.py demo``) and the record generator (reused by the benchmarks).
"""

from shanglian.directory.demo.loader import DEMO_PASSWORD, load_demo, reset_demo

__all__ = ["DEMO_PASSWORD", "load_demo", "reset_demo"]
