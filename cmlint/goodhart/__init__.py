"""Goodhart pressure: which cheap response strategies a constitution's letter rewards.

`strategies` reads each statement with no model (G104, G105, and `strategies_by_section` for the
report); the model-based preference dry run lives in `cmlint.scenarios.dryrun`.
"""
