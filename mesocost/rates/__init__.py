"""Exchange-rate sources and the service that picks one and records where a rate came from.

- `ecb`: the ECB reference rates shipped with the product (latest day and history);
- `live`: forex-python under a hard deadline, answers validated;
- `cache`: the last successful live answer per base, in the user's cache folder;
- `service`: `RateService`, choosing by mode (offline, auto, live) with manual overrides.
"""
