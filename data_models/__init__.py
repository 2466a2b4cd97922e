"""The domain model: canonical fields, vocabularies and Pandera schemas."""
