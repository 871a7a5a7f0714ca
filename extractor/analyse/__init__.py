"""Analyse: the spaCy pipeline over a Document (pipeline) and its labelled sections (segment)."""
