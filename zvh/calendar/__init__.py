"""The triage calendar below every domain app: intake (the target date of a submitted case, the
deadline shown to melders) and triage (cutoff job, meeting generation) reason with the same rules,
so the rules live beneath both (docs/architecture.md)."""
