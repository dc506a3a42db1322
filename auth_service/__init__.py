"""auth_service: accounts, guests, tokens, JWKS and service credentials."""
