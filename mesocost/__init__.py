"""mesocost: honest package quotes for hair mesotherapy."""

__version__ = "0.1.0"
