"""Every read of triage, one module per subject, mirroring ``triage.services``.

bekendheidscheck (the partners' requests and the chair's overview), screening, weighing,
verrijkingsdossier, calendar (meetings, cancelled dates, the cutoff's reads), agenda,
invitations, decisions (the session and its outcomes) and case_page (triage's sections on
intake's case page). Each read is already restricted to what the user may see.
"""
