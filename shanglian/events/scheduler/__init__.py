"""B2B meeting scheduler (商貿對接): assign accepted meeting requests to (slot, table).

Pure Python (no Django). See docs/scheduler.md for the method, the bound and measured figures.
"""

from .generate import generate_problem
from .model import REASONS, Party, Problem, Request, Solution, validate
from .solve import solve

__all__ = ["REASONS", "Party", "Problem", "Request", "Solution", "generate_problem", "solve", "validate"]
