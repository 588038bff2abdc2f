"""Semantic analysis: sentence embeddings and the similarity search built on them."""
