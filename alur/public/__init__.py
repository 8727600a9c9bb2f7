"""Requests of the public: people with no staff account file a request of an SOP that takes
them (``jenis_pemohon: [publik]``), follow it by its tracking number and a code sent to their
e-mail, and do their own steps (completing what was returned) from its status page.

    models.py    PublicRequest (who filed, the tracking number), AccessCode, Attempt
    services.py  request_file, code_send, code_check, step_do; the rate limits
    views.py     the pages with no sign-in: /layanan/<office>/…, /lacak/…
"""
