"""Services of screening, verrijking and triage: every state change, one module per capability."""
