"""Settings that change what the statistics show. Defaults here; environment variables override.

``STADSDEL_MIN_N``            smallest number of people a shown count or rate may rest on (default 5).
``STADSDEL_INDEX_MEAN``/``_SD`` national mean and standard deviation of SCB's socioeconomic index, used to
                              turn an index into an area type when SCB has published none for that year.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

#: Default suppression threshold: nothing built on fewer than this many people is shown.
DEFAULT_MIN_N = 5
#: National mean and SD of the RegSO socioeconomic index (percent units). SCB does not publish these two
#: numbers with the types; these defaults reproduce the published 2022 type counts' proportions closely
#: enough for demo use and are meant to be replaced by the year's national figures.
DEFAULT_INDEX_MEAN = 12.0
DEFAULT_INDEX_SD = 7.0
#: 95 % two-sided normal quantile.
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Settings:
    min_n: int = DEFAULT_MIN_N
    index_mean: float = DEFAULT_INDEX_MEAN
    index_sd: float = DEFAULT_INDEX_SD


def from_environment(env: dict[str, str] | None = None) -> Settings:
    """Settings from environment variables, falling back to the defaults on absent or invalid values."""
    env = os.environ if env is None else env

    def read(name: str, cast, default):
        try:
            value = cast(env[name])
        except (KeyError, ValueError):
            return default
        return value if value > 0 else default

    return Settings(
        min_n=read("STADSDEL_MIN_N", int, DEFAULT_MIN_N),
        index_mean=read("STADSDEL_INDEX_MEAN", float, DEFAULT_INDEX_MEAN),
        index_sd=read("STADSDEL_INDEX_SD", float, DEFAULT_INDEX_SD),
    )
