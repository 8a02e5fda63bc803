"""Production-style serving on one machine: gunicorn behind an nginx micro-cache (deploy/)."""
