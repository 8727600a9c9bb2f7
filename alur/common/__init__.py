"""What every app of Alur shares and no app owns: the services' refusals (``errors``), the
helpers of every view (``http``), dates, durations and sizes as an office writes them
(``formatting``), the read-only admin (``admin``), reading settings from the environment
(``env``), and named places on a page that other apps fill (``slots``).

It sits just above the SOP core: it imports nothing of Alur's apps.
"""
