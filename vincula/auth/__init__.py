"""Who is calling: API credentials for organisations, signed links for graduates."""
