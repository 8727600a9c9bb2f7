"""Namespaces and small lxml helpers shared by the BPMN export, its diagram and the import."""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree
from lxml.etree import _Element as Element

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
"""The BPMN 2.0 semantic model namespace."""
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"
ALUR_NS = "https://alur.id/bpmn"
"""Alur's extension namespace: what BPMN has no place for (kelengkapan, waktu, output, ...)."""
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

__all__ = [
    "ALUR_NS",
    "BPMNDI_NS",
    "BPMN_NS",
    "DC_NS",
    "DI_NS",
    "PREFIXES",
    "XSI_NS",
    "Element",
    "a",
    "b",
    "flag",
    "q",
    "sub",
    "text",
]

PREFIXES = {
    "bpmn": BPMN_NS,
    "bpmndi": BPMNDI_NS,
    "dc": DC_NS,
    "di": DI_NS,
    "alur": ALUR_NS,
    "xsi": XSI_NS,
}


def q(namespace: str, tag: str) -> str:
    return f"{{{namespace}}}{tag}"


def b(tag: str) -> str:
    """A tag of the BPMN semantic model."""
    return q(BPMN_NS, tag)


def a(tag: str) -> str:
    """A tag of Alur's extension namespace."""
    return q(ALUR_NS, tag)


def sub(parent: Element, tag: str, attrib: Mapping[str, str | None] | None = None) -> Element:
    """A child element; attributes whose value is None are left out."""
    clean = {k: v for k, v in (attrib or {}).items() if v is not None}
    element: Element = etree.SubElement(parent, tag, clean)
    return element


def text(parent: Element, tag: str, value: str, **attrib: str | None) -> Element:
    element = sub(parent, tag, attrib)
    element.text = value
    return element


def flag(value: bool) -> str:
    return "true" if value else "false"
