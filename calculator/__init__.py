"""Award estimates for the Shenzhen safety, energy-saving and environmental protection measures.

Standard library only, so the same code runs in CPython and, unchanged, in Pyodide. The rules
come from data/measures.json, which build.py exports from measures.yaml.
"""

from .api import describe_award, estimate_award, find_award, load_policy
from .web import page_estimate, page_find, page_sheet
from .estimate import Estimate, estimate
from .inputs import InputError, parse
from .policy import Policy

__all__ = [
    "Estimate",
    "InputError",
    "Policy",
    "describe_award",
    "estimate",
    "estimate_award",
    "find_award",
    "load_policy",
    "page_estimate",
    "page_find",
    "page_sheet",
    "parse",
]
