"""The SOP definition: the format as typed data, reading it from YAML, and checking it.

    source.py    YAML into plain data, with the line and column of every key and value
    model.py     the model (pydantic): identitas, pelaksana, formulir, jadwal_mulai, langkah
    duration.py  waktu as written in the flow table ("3 Hari Kerja", "60 mnt", ...)
    shape.py     the model's validation errors as problems placed in the file
    flow.py      checks of the flow table the model's types cannot express
    check.py     the stages in order (YAML, shape, flow): check_text, check_file, load, loads
    problems.py  Problem, SopInvalid and their two-language wording
    messages.py  the catalogue every message of the core is rendered from (Indonesian, English)
    dump.py      an SOP written back as definition YAML
    schema.py    the JSON Schema of the format, generated from the model

Imports nothing else of the core: the runtime, BPMN and the print build on it.
"""
