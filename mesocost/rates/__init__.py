"""Exchange-rate sources (bundled ECB, and later live, cache, manual) and the service."""
