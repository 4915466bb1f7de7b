"""Forms of screening, verrijking and triage."""
