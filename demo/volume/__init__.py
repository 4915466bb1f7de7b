"""Volume data for measuring at national scale (``manage.py generate_volume``, issue 16).

``people`` makes the organisations and accounts, ``cases`` the cases with everything the process
leaves behind, ``audit`` the signed audit rows; ``copy`` streams rows with PostgreSQL COPY.
"""
