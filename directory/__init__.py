"""Reference data and identifier rules of the national directory (RPPS, FINESS, regions)."""
