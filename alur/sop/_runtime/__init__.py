"""The runtime: running cases of a checked SOP on an office's working days.

    engine.py    the engine: what is open, who may act, what an action does (Transition)
    flow.py      the SOP as the engine reads it: steps indexed once, what a step asks of an action
    state.py     a case's state and the events that change it, with their JSON form
    errors.py    why the engine said no: coded errors, rendered late in either language
    calendar.py  the office's working days and hours, and deadlines counted on them
    schedule.py  the slots of a scheduled SOP (``jadwal_mulai``) on the office's calendar
    simulate.py  an SOP run from start to end with chosen answers (``alur sop simulate``)

Imports only the definition (alur.sop._definition) of the rest of the core.
"""
