"""Settings modules: `dev` (default, embedded), `test`, `production`."""
