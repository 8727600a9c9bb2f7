"""The demo: an installation to try Alur on (two offices, people in every lane, the five seed
SOPs; ``installation``) and a year of requests run through it, for the performance report
(``year``). ``alur demo`` and ``alur serve`` load them; the tests use them as their world."""

from alur.demo.installation import DEMO_PASSWORD, OFFICES, SOPS_DIR, OfficeSpec, Person, demo_load
from alur.demo.year import demo_year_load

__all__ = [
    "DEMO_PASSWORD",
    "OFFICES",
    "SOPS_DIR",
    "OfficeSpec",
    "Person",
    "demo_load",
    "demo_year_load",
]
