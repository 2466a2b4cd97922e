"""What the numbers are: lazy Polars queries over the deals frame, every rate with its n.

counting (which deals count, in what order) feeds summary (win rates and summaries), which the
others build on: trends (by quarter, QoQ and YoY), bands (deal complexity), profiles, no_decision
(reasons and days to close), at_risk (open deals), reps (leaderboard, scorecard) and behind (the
deals behind a number). Rates, MIN_N and intervals are defined once in winloss.rates.
"""
