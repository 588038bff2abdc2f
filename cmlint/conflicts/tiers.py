"""The conflict engine's tiers: what kind of pull two statements have, one rule a tier.

The names live apart from the engine so that registering the rules (`cmlint.checks.conflict`)
does not import it: a run without models never needs it.
"""

OPPOSITION = "opposition"  # opposite force on the same act
ABSOLUTES = "absolutes"  # an "always" and a "never" on the same act
BOUNDS = "bounds"  # numeric bounds no value satisfies
PREFERENCES = "preferences"  # preference prompts that favour opposite poles
UNEXCEPTED = "unexcepted"  # a universal absolute obligation against a prohibition it does not except
DRIFTED = "drifted-copy"  # a near-copy that changed a number, negation, quantifier, modal or antonym
TENSION = "value-tension"  # statements serving values that trade off

# strongest first: of two verdicts on one pair, the engine keeps the earlier tier's
TIERS = (DRIFTED, BOUNDS, PREFERENCES, ABSOLUTES, OPPOSITION, UNEXCEPTED, TENSION)
