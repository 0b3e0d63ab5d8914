"""Whether an award's figure stands: the one question every place that shows an amount asks
before it leads with one.

The figures are those of the version the site follows. A later version whose text is not held
may be known to remove the award, or to keep it with no figure (按相关政策予以支持): the figure
is then the followed version's only. It never leads and never counts in a total; the later
version's standing leads instead. Otherwise the figure leads, said to be known to hold (every
later version is known to keep it) or not yet known to.
"""

from __future__ import annotations

from dataclasses import dataclass

from .policy import Award, Policy
from .versions import Standing, Version

HOLDS, NOT_KNOWN, NONE = "holds", "not_known", "none"


@dataclass(frozen=True)
class FigureStanding:
    figure: str  # holds | not_known | none
    version: Version | None = None  # the later version it is said of; None where there is none
    standing: Standing | None = None

    @property
    def counts(self) -> bool:
        """Whether the figure may lead and be added into a total."""
        return self.figure != NONE


def figure_standing(policy: Policy, award: Award) -> FigureStanding:
    later = policy.later_versions
    for version in later:
        standing = policy.standing_of(award, version.id)
        if standing.gives_no_figure:
            return FigureStanding(NONE, version, standing)
    if not later:
        return FigureStanding(HOLDS)
    newest = later[-1]
    standing = policy.standing_of(award, newest.id)
    return FigureStanding(HOLDS if standing.status == "same" else NOT_KNOWN, newest, standing)
