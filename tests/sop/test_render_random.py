"""The chart's geometry holds for SOPs the seeds do not cover: generated ones (drawable, not
necessarily runnable) with one to six lanes, up to thirty steps, joint steps, decisions
branching forward, back and to an end, and off-page connectors. Each is made from a fixed seed,
so a failure names an SOP that can be rebuilt and looked at."""

from __future__ import annotations

import random

import pytest

from alur.sop import Sop, chart_layout
from tests.sop.render_geometry import faults

WORDS = ("pemeriksaan", "surat", "dokumen", "kepala", "bidang", "aplikasi", "dan", "x")


def generated(seed: int) -> Sop:
    rnd = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    lanes = [
        {"id": f"lajur-{i}", "nama": "Pelaksana " + "nomor " * rnd.randint(0, 4) + str(i)}
        for i in range(rnd.randint(1, 6))
    ]
    count = rnd.randint(2, 30)
    steps: list[dict[str, object]] = []
    for no in range(1, count + 1):
        if no in (1, count):
            kind = "mulai" if no == 1 else "selesai"
        else:
            kind = rnd.choice(["proses"] * 4 + ["keputusan"] * 2 + ["penghubung"])
        joint = rnd.sample([lane["id"] for lane in lanes], rnd.randint(1, min(3, len(lanes))))
        step: dict[str, object] = {
            "no": no,
            "jenis": kind,
            "uraian": " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 60))),
            "pelaksana": joint if len(joint) > 1 else joint[0],
            "waktu": "1 hari",
            "output": [f"Dokumen {k}" for k in range(rnd.randint(0, 3))],
        }
        if kind == "keputusan":
            other = rnd.choice([n for n in range(1, count + 1) if n not in (no, no + 1)] + [0])
            if other == 0:
                step["ya"], step["tidak"] = no + 1, {"akhir": "dikembalikan", "alasan": "Kurang"}
            else:
                step["ya"], step["tidak"] = rnd.sample([no + 1, other], 2)
        steps.append(step)
    identity = {"pemerintah": "P", "instansi": "I", "nama": "N", "disahkan_oleh": {"jabatan": "K"}}
    return Sop.model_validate(
        {"format": 1, "kode": "acak", "identitas": identity, "pelaksana": lanes, "langkah": steps}
    )


@pytest.mark.parametrize("seed", range(120))
def test_a_generated_sop_is_drawn_without_a_geometry_fault(seed: int) -> None:
    assert faults(chart_layout(generated(seed))) == []
