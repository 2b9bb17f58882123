"""Page furniture now lives with the extractors that read past it (indexer/extract/furniture.py); this name
stays so that existing imports keep working."""

from indexer.extract.furniture import is_furniture, without_furniture

__all__ = ["is_furniture", "without_furniture"]
