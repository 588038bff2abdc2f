"""Built-in check kinds. Importing this package registers them; none imports a model at load."""

from cmlint.checks import existence, overlap, structure, suppression

__all__ = ["existence", "overlap", "structure", "suppression"]
