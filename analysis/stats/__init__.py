"""Statistics on validated frames: rates and intervals, goals, district measures, segregation indices,
comparisons, funnels and suppression. Pure functions of frames; no file or network I/O."""
