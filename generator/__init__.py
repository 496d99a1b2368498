"""A static site generator for public Police and Crime Plan transparency portals."""

__version__ = "0.1.0"
