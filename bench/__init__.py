"""On-demand benchmarks of RPPS+ Académie, as ratios of a baseline measured in the same run."""
