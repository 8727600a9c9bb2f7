"""BPMN 2.0: an SOP exported for BPMN tools and engines, and a BPMN process imported as an SOP.

    export.py    to_bpmn: the semantic XML, with Alur's extension elements carrying every field
    graph.py     which flow node, sequence flow and lane each row of the flow table becomes
    layout.py    the diagram (BPMNDI): one swimlane per pelaksana, one column per node
    importer.py  from_bpmn: an Alur export read back exactly, any other process by its shape
    read.py      an Alur export read back from its extension elements
    foreign.py   a process drawn in another tool read by its shape
    elements.py  the elements of such a process: which are carried, which are reported
    messages.py  what the import reports (BpmnProblem), in Indonesian and English
    xml.py       namespaces and small lxml helpers shared by all of the above

Imports the definition (alur.sop._definition) and nothing else of the core; never SpiffWorkflow.
"""
