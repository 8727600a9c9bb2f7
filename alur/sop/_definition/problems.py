"""Problems found in an SOP file: what is wrong, where, and how to fix it, in two languages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from alur.sop._definition.messages import Catalog, Lang

MESSAGES = Catalog(
    {
        # reading the file
        "file.unreadable": (
            "Berkas tidak dapat dibaca: {detail}.",
            "The file cannot be read: {detail}.",
        ),
        "yaml.syntax": (
            "Penulisan YAML tidak sah: {detail}.",
            "Invalid YAML syntax: {detail}.",
        ),
        "yaml.duplicate_key": (
            "Kunci '{key}' ditulis dua kali dalam bagian yang sama.",
            "The key '{key}' appears twice in the same mapping.",
        ),
        "yaml.key_not_text": (
            "Kunci {key} bukan teks.",
            "The key {key} is not text.",
        ),
        "yaml.bad_scalar": (
            "Nilai tidak dapat dibaca: {detail}.",
            "A value cannot be read: {detail}.",
        ),
        "yaml.too_large": (
            "Dokumen terlalu besar (lebih dari {limit} unsur).",
            "The document is too large (more than {limit} items).",
        ),
        "yaml.too_deep": (
            "Dokumen terlalu dalam bersarang atau merujuk dirinya sendiri.",
            "The document nests too deeply or refers to itself.",
        ),
        "yaml.not_mapping": (
            "Isi berkas harus berupa pemetaan kunci: nilai (format, kode, identitas, ...).",
            "The file must hold a mapping of keys (format, kode, identitas, ...).",
        ),
        # the shape of the document
        "key.unknown": (
            "Kunci tidak dikenal '{key}' di {where}.",
            "Unknown key '{key}' in {where}.",
        ),
        "key.missing": (
            "Kunci wajib '{key}' tidak ada di {where}.",
            "The required key '{key}' is missing in {where}.",
        ),
        "value.type": (
            "{where}: harus {expected}, tertulis {got}.",
            "{where}: must be {expected}, found {got}.",
        ),
        "value.choice": (
            "{where}: '{got}' bukan pilihan yang sah; pilihan: {choices}.",
            "{where}: '{got}' is not a valid choice; choices: {choices}.",
        ),
        "value.identifier": (
            "{where}: '{got}' bukan kode yang sah.",
            "{where}: '{got}' is not a valid code.",
        ),
        "value.empty_list": (
            "{where} tidak boleh kosong.",
            "{where} must not be empty.",
        ),
        "value.too_small": (
            "{where}: nilai harus {limit} atau lebih.",
            "{where}: the value must be {limit} or more.",
        ),
        "value.format": (
            "'format' harus angka 1 atau 2 (versi format berkas ini); tertulis {got}.",
            "'format' must be the number 1 or 2 (this file format's version); found {got}.",
        ),
        "value.too_long": (
            "{where}: terlalu panjang, paling banyak {limit} karakter.",
            "{where}: too long, at most {limit} characters.",
        ),
        "value.too_large": (
            "{where}: nilai paling besar {limit}.",
            "{where}: the value may be at most {limit}.",
        ),
        "value.branch": (
            "{where}: cabang keputusan harus nomor langkah, {{ke: N}} atau "
            "{{akhir: ..., alasan: ...}}.",
            "{where}: a decision branch must be a step number, {{ke: N}} or "
            "{{akhir: ..., alasan: ...}}.",
        ),
        "value.invalid": (
            "{where}: nilai tidak sah ({detail}).",
            "{where}: invalid value ({detail}).",
        ),
        # the flow
        "lane.duplicate": (
            "Lajur '{lane}' ditulis lebih dari sekali.",
            "The lane '{lane}' is defined more than once.",
        ),
        "lane.unknown": (
            "Langkah {step}: lajur '{lane}' tidak ada di 'pelaksana'.",
            "Step {step}: the lane '{lane}' is not in 'pelaksana'.",
        ),
        "step.duplicate": (
            "Nomor langkah {step} dipakai lebih dari sekali.",
            "Step number {step} is used more than once.",
        ),
        "step.duplicate_typo": (
            "Nomor langkah {step} dipakai lebih dari sekali.",
            "Step number {step} is used more than once.",
        ),
        "step.missing": (
            "Langkah {step} tidak ada: {after} tertulis langkah {next}.",
            "Step {step} is missing: {after} comes step {next}.",
        ),
        "step.order": (
            "Langkah {step} ditulis setelah langkah {previous}: urutkan baris menurut nomor.",
            "Step {step} is written after step {previous}: order the rows by number.",
        ),
        "step.start_not_first": (
            "Langkah {step} berjenis 'mulai' tetapi bukan baris pertama.",
            "Step {step} is of kind 'mulai' but is not the first row.",
        ),
        "step.first_not_start": (
            "Langkah pertama ({step}) harus berjenis 'mulai'.",
            "The first step ({step}) must be of kind 'mulai'.",
        ),
        "decision.branch_missing": (
            "Langkah keputusan {step} tidak punya cabang '{branch}'.",
            "Decision step {step} has no '{branch}' branch.",
        ),
        "decision.branch_on_process": (
            "Langkah {step} bukan keputusan tetapi punya cabang '{branch}'.",
            "Step {step} is not a decision but has a '{branch}' branch.",
        ),
        "decision.next_on_decision": (
            "Langkah keputusan {step} memakai 'lanjut'; keputusan berlanjut lewat 'ya' dan "
            "'tidak'.",
            "Decision step {step} uses 'lanjut'; a decision goes on through 'ya' and 'tidak'.",
        ),
        "end.has_next": (
            "Langkah akhir {step} punya langkah berikutnya ('{key}').",
            "Final step {step} has a next step ('{key}').",
        ),
        "end.outcome_on_process": (
            "Langkah {step} memakai 'akhir' tetapi bukan berjenis 'selesai'.",
            "Step {step} uses 'akhir' but is not of kind 'selesai'.",
        ),
        "flow.unknown_target": (
            "Langkah {step}: '{key}' menuju langkah {target} yang tidak ada.",
            "Step {step}: '{key}' goes to step {target}, which does not exist.",
        ),
        "flow.self_loop": (
            "Langkah {step}: '{key}' menuju langkah itu sendiri.",
            "Step {step}: '{key}' goes to the step itself.",
        ),
        "flow.unreachable": (
            "Langkah {step} tidak pernah dicapai dari langkah pertama.",
            "Step {step} is never reached from the first step.",
        ),
        "flow.dead_loop": (
            "Langkah {steps} membentuk putaran tanpa jalan keluar menuju akhir.",
            "Steps {steps} form a loop with no way out to an end.",
        ),
        "flow.no_end": (
            "Alur berhenti di langkah {step}, yang bukan langkah akhir.",
            "The flow stops at step {step}, which is not a final step.",
        ),
        "duration.invalid": (
            "Langkah {step}: waktu '{text}' tidak dikenali.",
            "Step {step}: the time '{text}' is not understood.",
        ),
        "schedule.no_field": (
            "Langkah {step} bertanda 'Sesuai jadwal' tetapi tidak menyebut 'jadwal'.",
            "Step {step} is 'Sesuai jadwal' but names no 'jadwal' field.",
        ),
        "schedule.not_recorded": (
            "Langkah {step}: isian tanggal '{field}' tidak dicatat oleh langkah sebelumnya.",
            "Step {step}: no earlier step records the date field '{field}'.",
        ),
        "schedule.not_date": (
            "Langkah {step}: isian '{field}' yang menentukan jadwal harus berjenis 'tanggal'.",
            "Step {step}: the schedule field '{field}' must be of kind 'tanggal'.",
        ),
        "schedule.without_schedule": (
            "Langkah {step} menyebut 'jadwal' tetapi waktunya bukan 'Sesuai jadwal'.",
            "Step {step} names a 'jadwal' but its time is not 'Sesuai jadwal'.",
        ),
        "extension.unknown_lane": (
            "Langkah {step}: perpanjangan diberi oleh lajur '{lane}', yang tidak ada di "
            "'pelaksana'.",
            "Step {step}: the extension is granted by the lane '{lane}', which is not in "
            "'pelaksana'.",
        ),
        "extension.no_due": (
            "Langkah {step} mengatur perpanjangan tetapi waktunya '{text}' tidak memberi tenggat "
            "yang dapat diperpanjang.",
            "Step {step} limits extensions but its time '{text}' gives no due that can be "
            "extended.",
        ),
        "extension.days_without_times": (
            "Langkah {step}: 'hari_kerja' tidak berarti bila perpanjangan tidak boleh ('kali: 0').",
            "Step {step}: 'hari_kerja' means nothing when no extension is allowed ('kali: 0').",
        ),
        "requester_kind.duplicate": (
            "Jenis pemohon '{kind}' ditulis lebih dari sekali.",
            "The requester kind '{kind}' is written more than once.",
        ),
        "requester_kind.empty": (
            "'jenis_pemohon' kosong: tidak ada yang dapat mengajukan permohonan.",
            "'jenis_pemohon' is empty: no one can file a request.",
        ),
        "requester_kind.no_lane": (
            "'jenis_pemohon' ditulis tetapi tidak ada lajur pemohon ('pemohon: true').",
            "'jenis_pemohon' is written but no lane is the requester's ('pemohon: true').",
        ),
        "requester_kind.public_not_first": (
            "Pemohon 'publik' mengajukan sendiri, tetapi langkah pertama ({step}) tidak di lajur "
            "pemohon.",
            "A 'publik' requester files the request themselves, but the first step ({step}) is "
            "not in the requester's lane.",
        ),
        "requester_limit.not_requester": (
            "Langkah {step}: 'batas_pemohon' hanya untuk langkah lajur pemohon, tetapi langkah "
            "ini juga dikerjakan oleh {lanes}.",
            "Step {step}: 'batas_pemohon' is only for a step of requester lanes, but this step is "
            "also done by {lanes}.",
        ),
        "requester_limit.reminder_not_positive": (
            "Langkah {step}: pengingat {days} hari sebelum batas pemohon tidak sah; harus lebih "
            "dari 0.",
            "Step {step}: a reminder {days} days before the requester's limit is not valid; it "
            "must be above 0.",
        ),
        "requester_limit.reminder_too_late": (
            "Langkah {step}: pengingat {days} hari sebelum batas tidak muat dalam batas pemohon "
            "{limit} hari.",
            "Step {step}: a reminder {days} days before the limit does not fit in the "
            "requester's limit of {limit} days.",
        ),
        "requester_limit.reminder_duplicate": (
            "Langkah {step}: pengingat {days} hari sebelum batas ditulis dua kali.",
            "Step {step}: the reminder {days} days before the limit is written twice.",
        ),
        "format.needs_newer": (
            "{what} baru ada di format 2, tetapi berkas ini 'format: 1'.",
            "{what} exists from format 2 on, but this file is 'format: 1'.",
        ),
        "service.duration_invalid": (
            "Batas waktu layanan '{text}' tidak dikenali.",
            "The service deadline '{text}' is not understood.",
        ),
        "service.no_due": (
            "Batas waktu layanan '{text}' tidak memberi tenggat.",
            "The service deadline '{text}' gives no due.",
        ),
        "service.extension_without_due": (
            "SOP mengatur perpanjangan layanan tetapi tidak menulis 'batas_waktu'.",
            "The SOP limits extensions of the service but writes no 'batas_waktu'.",
        ),
        "service.extension_unknown_lane": (
            "Perpanjangan layanan diberi oleh lajur '{lane}', yang tidak ada di 'pelaksana'.",
            "The service's extension is granted by the lane '{lane}', which is not in 'pelaksana'.",
        ),
        "service.extension_days_without_times": (
            "Perpanjangan layanan: 'hari_kerja' tidak berarti bila perpanjangan tidak boleh "
            "('kali: 0').",
            "Service extension: 'hari_kerja' means nothing when no extension is allowed "
            "('kali: 0').",
        ),
        "start.day_missing": (
            "Jadwal 'setiap: {every}' perlu 'hari'.",
            "A 'setiap: {every}' schedule needs a 'hari'.",
        ),
        "start.day_unknown": (
            "Jadwal: hari '{day}' tidak dikenal.",
            "Schedule: the day '{day}' is not known.",
        ),
        "start.day_not_for_every": (
            "Jadwal: hari '{day}' tidak cocok dengan 'setiap: {every}'.",
            "Schedule: the day '{day}' does not fit 'setiap: {every}'.",
        ),
        "start.bad_time": (
            "Jadwal: pukul '{time}' bukan jam yang sah.",
            "Schedule: '{time}' is not a valid time of day.",
        ),
        "start.title_field": (
            "Jadwal: judul menyebut '{{{field}}}', yang tidak dikenal.",
            "Schedule: the title names '{{{field}}}', which is not known.",
        ),
        "start.requester_lane": (
            "SOP berjadwal tidak punya pemohon, tetapi langkah pertamanya ({step}) dikerjakan "
            "lajur pemohon '{lane}'.",
            "A scheduled SOP has no requester, but its first step ({step}) is done by the "
            "requester lane '{lane}'.",
        ),
        "requirement.unsupplied": (
            "Langkah {step} memerlukan '{name}', tetapi tidak ada langkah sebelumnya yang "
            "menghasilkannya.",
            "Step {step} requires '{name}', but no earlier step produces it.",
        ),
        "requirement.not_from_step": (
            "Langkah {step} memerlukan '{name}' dari langkah {source}, tetapi langkah {source} "
            "tidak menghasilkannya atau tidak datang sebelum langkah {step}.",
            "Step {step} requires '{name}' from step {source}, but step {source} does not "
            "produce it or does not come before step {step}.",
        ),
        "handover.unknown_step": (
            "Langkah {step}: 'serah_terima' menyebut langkah {source}, yang tidak ada.",
            "Step {step}: 'serah_terima' names step {source}, which does not exist.",
        ),
        "handover.without_minutes": (
            "Langkah {step} menyebut 'serah_terima' tetapi suratnya bukan 'berita-acara'.",
            "Step {step} names 'serah_terima' but its letter is not 'berita-acara'.",
        ),
        "form.unknown": (
            "Langkah {step}: formulir '{form}' tidak ada di 'formulir'.",
            "Step {step}: the form '{form}' is not in 'formulir'.",
        ),
        "form.duplicate": (
            "Formulir '{form}' ditulis lebih dari sekali.",
            "The form '{form}' is defined more than once.",
        ),
        "field.duplicate": (
            "Isian '{field}' ditulis lebih dari sekali.",
            "The field '{field}' is defined more than once.",
        ),
        "field.choice_without_options": (
            "Isian pilihan '{field}' tidak punya daftar 'pilihan'.",
            "The choice field '{field}' has no 'pilihan' list.",
        ),
        "joint.single_lane": (
            "Langkah {step} memakai 'konfirmasi: semua' tetapi hanya punya satu lajur.",
            "Step {step} uses 'konfirmasi: semua' but has only one lane.",
        ),
        "lane.duplicate_on_step": (
            "Langkah {step}: lajur '{lane}' disebut dua kali.",
            "Step {step}: the lane '{lane}' is named twice.",
        ),
        "connector.with_work": (
            "Langkah {step} adalah penghubung: tidak boleh punya kelengkapan, waktu, output atau "
            "isian.",
            "Step {step} is a connector: it may have no kelengkapan, waktu, output or isian.",
        ),
        "reference.duplicate": (
            "Rujukan '{reference}' ditulis lebih dari sekali.",
            "The reference '{reference}' is defined more than once.",
        ),
        "reference.link": (
            "Rujukan '{reference}': tautan '{link}' bukan alamat http:// atau https://.",
            "Reference '{reference}': the link '{link}' is not an http:// or https:// address.",
        ),
        "reference.unknown": (
            "Langkah {step}: rujukan '{reference}' tidak ada di 'rujukan'.",
            "Step {step}: the reference '{reference}' is not in 'rujukan'.",
        ),
        "condition.both": (
            "{where}: 'bila' memuat 'sama_dengan' dan 'terisi' sekaligus.",
            "{where}: 'bila' has both 'sama_dengan' and 'terisi'.",
        ),
        "condition.neither": (
            "{where}: 'bila' tidak memuat 'sama_dengan' maupun 'terisi'.",
            "{where}: 'bila' has neither 'sama_dengan' nor 'terisi'.",
        ),
        "condition.not_required": (
            "{where}: 'bila' pada '{name}' yang tidak wajib tidak berarti apa-apa.",
            "{where}: 'bila' on '{name}', which is not required, means nothing.",
        ),
        "condition.unknown_field": (
            "{where}: 'bila' menyebut isian '{field}', yang tidak diisi pada langkah ini atau "
            "sebelumnya.",
            "{where}: 'bila' names the field '{field}', which is not filled in at this step or "
            "before it.",
        ),
        "condition.not_a_choice": (
            "{where}: '{value}' bukan pilihan isian '{field}'.",
            "{where}: '{value}' is not a choice of the field '{field}'.",
        ),
    }
)

HINTS = Catalog(
    {
        "file.unreadable": ("Periksa nama dan izin berkas.", "Check the file name and permission."),
        "yaml.syntax": (
            "Periksa indentasi (spasi, bukan tab), titik dua setelah kunci, dan tanda kutip "
            "pada teks yang memuat ':' atau '#'.",
            "Check the indentation (spaces, not tabs), the colon after each key, and quote "
            "text containing ':' or '#'.",
        ),
        "yaml.duplicate_key": (
            "Hapus salah satunya atau gabungkan isinya.",
            "Remove one of them or merge their contents.",
        ),
        "yaml.key_not_text": ("Tulis kunci sebagai teks.", "Write the key as text."),
        "yaml.bad_scalar": (
            "Beri tanda kutip bila nilai ini teks, atau perbaiki tanggalnya (YYYY-MM-DD).",
            "Quote it if it is text, or correct the date (YYYY-MM-DD).",
        ),
        "yaml.too_large": (
            "Pecah menjadi beberapa SOP atau hapus rujukan berulang (alias).",
            "Split it into several SOPs or remove repeated references (aliases).",
        ),
        "yaml.too_deep": (
            "Hapus alias yang merujuk dirinya sendiri.",
            "Remove aliases that refer to themselves.",
        ),
        "yaml.not_mapping": (
            "Mulailah dari contoh di docs/sop-format.md.",
            "Start from the example in docs/sop-format.md.",
        ),
        "key.unknown": (
            "Maksud Anda '{suggestion}'? Kunci yang sah di sini: {valid}.",
            "Did you mean '{suggestion}'? Valid keys here: {valid}.",
        ),
        "key.unknown.none": (
            "Kunci yang sah di sini: {valid}.",
            "Valid keys here: {valid}.",
        ),
        "key.missing": ("Tambahkan '{key}: ...'.", "Add '{key}: ...'."),
        "value.type": ("Tulis {expected}.", "Write {expected}."),
        "value.choice": ("Pilih salah satu: {choices}.", "Pick one of: {choices}."),
        "value.identifier": (
            "Pakai huruf kecil, angka, '-' atau '_', diawali huruf atau angka (mis. 'kabid-ti').",
            "Use lowercase letters, digits, '-' or '_', starting with a letter or digit "
            "(e.g. 'kabid-ti').",
        ),
        "value.empty_list": ("Tambahkan sedikitnya satu unsur.", "Add at least one item."),
        "value.too_small": ("Tulis angka {limit} atau lebih.", "Write a number >= {limit}."),
        "value.format": (
            "Tulis 'format: 2' (angka, tanpa tanda kutip), atau 'format: 1' untuk berkas lama.",
            "Write 'format: 2' (a number, without quotes), or 'format: 1' for an older file.",
        ),
        "value.too_long": ("Persingkat nilainya.", "Shorten the value."),
        "value.too_large": ("Tulis angka {limit} atau kurang.", "Write a number <= {limit}."),
        "value.branch": (
            "Contoh: 'ya: 7', 'tidak: {{ke: 5, label: Tidak tersedia}}' atau "
            "'tidak: {{akhir: dikembalikan, alasan: Persyaratan belum lengkap}}'.",
            "Examples: 'ya: 7', 'tidak: {{ke: 5, label: Tidak tersedia}}' or "
            "'tidak: {{akhir: dikembalikan, alasan: Persyaratan belum lengkap}}'.",
        ),
        "value.invalid": (
            "Lihat docs/sop-format.md untuk bentuk yang sah.",
            "See docs/sop-format.md for the valid form.",
        ),
        "lane.duplicate": ("Beri setiap lajur id yang unik.", "Give every lane a unique id."),
        "lane.unknown": (
            "Lajur yang ada: {lanes}. Tambahkan lajur '{lane}' di 'pelaksana' atau perbaiki "
            "id-nya.",
            "Lanes defined: {lanes}. Add the lane '{lane}' to 'pelaksana' or fix the id.",
        ),
        "step.duplicate": ("Beri nomor lain pada salah satunya.", "Renumber one of them."),
        "step.missing": (
            "Nomor langkah harus urut 1, 2, 3, ... tanpa lompatan: tambahkan langkah {step} "
            "atau nomori ulang.",
            "Steps are numbered 1, 2, 3, ... without gaps: add step {step} or renumber.",
        ),
        "step.duplicate_typo": (
            "Maksud Anda langkah {meant}? Langkah {meant} tidak ada.",
            "Did you mean step {meant}? There is no step {meant}.",
        ),
        "step.order": ("Pindahkan baris ini ke tempatnya.", "Move this row to its place."),
        "step.start_not_first": (
            "Ubah jenisnya menjadi 'proses', atau jadikan baris pertama.",
            "Change its kind to 'proses', or make it the first row.",
        ),
        "step.first_not_start": ("Tulis 'jenis: mulai'.", "Write 'jenis: mulai'."),
        "decision.branch_missing": (
            "Tambahkan '{branch}: <nomor langkah>' atau "
            "'{branch}: {{akhir: dikembalikan, alasan: ...}}'.",
            "Add '{branch}: <step number>' or '{branch}: {{akhir: dikembalikan, alasan: ...}}'.",
        ),
        "decision.branch_on_process": (
            "Tulis 'jenis: keputusan', atau ganti '{branch}' dengan 'lanjut'.",
            "Write 'jenis: keputusan', or replace '{branch}' with 'lanjut'.",
        ),
        "decision.next_on_decision": ("Hapus 'lanjut'.", "Remove 'lanjut'."),
        "end.has_next": (
            "Hapus '{key}', atau ubah jenisnya bila alur berlanjut.",
            "Remove '{key}', or change its kind if the flow goes on.",
        ),
        "end.outcome_on_process": (
            "Tulis 'jenis: selesai' atau hapus 'akhir'.",
            "Write 'jenis: selesai' or remove 'akhir'.",
        ),
        "flow.unknown_target": ("Langkah yang ada: {steps}.", "Steps defined: {steps}."),
        "flow.self_loop": (
            "Sebuah langkah tidak dapat mengulang dirinya; arahkan ke langkah sebelumnya.",
            "A step cannot repeat itself directly; send it to an earlier step.",
        ),
        "flow.unreachable": (
            "Arahkan 'lanjut', 'ya' atau 'tidak' dari langkah lain ke langkah ini, atau hapus.",
            "Point a 'lanjut', 'ya' or 'tidak' of another step at it, or remove it.",
        ),
        "flow.dead_loop": (
            "Beri salah satu keputusan di putaran itu cabang yang keluar dari putaran.",
            "Give one decision in the loop a branch that leaves the loop.",
        ),
        "flow.no_end": (
            "Tulis 'jenis: selesai' pada langkah {step}, atau 'lanjut' ke langkah berikutnya.",
            "Write 'jenis: selesai' on step {step}, or 'lanjut' to the next step.",
        ),
        "duration.invalid": (
            "Contoh yang sah: '60 mnt', '3 jam', '1 hari', '1 Hari Kerja', '30 hari kalender', "
            "'Maksimal 35 Hari Kerja', 'Sesuai jadwal', '—'.",
            "Valid examples: '60 mnt', '3 jam', '1 hari', '1 Hari Kerja', '30 hari kalender', "
            "'Maksimal 35 Hari Kerja', 'Sesuai jadwal', '—'.",
        ),
        "schedule.no_field": (
            "Tambahkan 'jadwal: <id isian tanggal>' yang dicatat langkah sebelumnya.",
            "Add 'jadwal: <id of a date field>' recorded by an earlier step.",
        ),
        "schedule.not_recorded": (
            "Tambahkan isian '{{id: {field}, jenis: tanggal}}' pada langkah sebelumnya.",
            "Add the field '{{id: {field}, jenis: tanggal}}' to an earlier step.",
        ),
        "schedule.not_date": ("Tulis 'jenis: tanggal'.", "Write 'jenis: tanggal'."),
        "schedule.without_schedule": (
            "Tulis 'waktu: Sesuai jadwal' atau hapus 'jadwal'.",
            "Write 'waktu: Sesuai jadwal' or remove 'jadwal'.",
        ),
        "extension.unknown_lane": (
            "Lajur yang ada: {lanes}. Hapus 'oleh' agar atasan pelaksana yang memberi, atau "
            "perbaiki id-nya.",
            "Lanes defined: {lanes}. Remove 'oleh' to let the head of the step's lane grant it, "
            "or fix the id.",
        ),
        "extension.no_due": (
            "Beri langkah ini waktu yang bertenggat (mis. '3 Hari Kerja'), atau hapus "
            "'perpanjangan'. Jadwal 'Sesuai jadwal' diubah, bukan diperpanjang.",
            "Give the step a time with a due (e.g. '3 Hari Kerja'), or remove 'perpanjangan'. "
            "A 'Sesuai jadwal' plan is changed, not extended.",
        ),
        "extension.days_without_times": (
            "Hapus 'hari_kerja', atau tulis 'kali' lebih dari 0.",
            "Remove 'hari_kerja', or write 'kali' above 0.",
        ),
        "requester_limit.not_requester": (
            "Pindahkan 'batas_pemohon' ke langkah yang pelaksananya hanya lajur pemohon "
            "('pemohon: true'), atau hapus.",
            "Move 'batas_pemohon' to a step done only by requester lanes ('pemohon: true'), "
            "or remove it.",
        ),
        "requester_limit.reminder_not_positive": (
            "Tulis jumlah hari sebelum batas, mis. 'pengingat: [7, 1]'.",
            "Write the number of days before the limit, e.g. 'pengingat: [7, 1]'.",
        ),
        "requester_limit.reminder_too_late": (
            "Tulis angka kurang dari {limit}, atau panjangkan 'hari'.",
            "Write a number below {limit}, or lengthen 'hari'.",
        ),
        "requester_limit.reminder_duplicate": (
            "Hapus salah satunya.",
            "Remove one of them.",
        ),
        "format.needs_newer": (
            "Tulis 'format: 2', atau jalankan 'alur sop upgrade BERKAS'; arti berkas tidak "
            "berubah.",
            "Write 'format: 2', or run 'alur sop upgrade FILE'; the file keeps its meaning.",
        ),
        "service.duration_invalid": (
            "Tulis dalam hari kerja, hari kalender, jam atau menit, mis. '14 Hari Kerja'.",
            "Write it in working days, calendar days, hours or minutes, e.g. '14 Hari Kerja'.",
        ),
        "service.no_due": (
            "Tulis lamanya, mis. '14 Hari Kerja', atau hapus 'batas_waktu'. 'Sesuai jadwal' "
            "dan '—' hanya untuk langkah.",
            "Write how long, e.g. '14 Hari Kerja', or remove 'batas_waktu'. 'Sesuai jadwal' "
            "and '—' are for steps only.",
        ),
        "service.extension_without_due": (
            "Tambahkan 'batas_waktu: <lama>' atau hapus 'perpanjangan' di tingkat SOP.",
            "Add 'batas_waktu: <how long>' or remove the SOP-level 'perpanjangan'.",
        ),
        "service.extension_unknown_lane": (
            "Lajur yang ada: {lanes}. Hapus 'oleh' agar kepala bawaan kantor yang memberi, atau "
            "perbaiki id-nya.",
            "Lanes defined: {lanes}. Remove 'oleh' to let the office's default head grant it, or "
            "fix the id.",
        ),
        "service.extension_days_without_times": (
            "Hapus 'hari_kerja', atau tulis 'kali' lebih dari 0.",
            "Remove 'hari_kerja', or write 'kali' above 0.",
        ),
        "start.day_missing": ("Tulis 'hari: {choices}'.", "Write 'hari: {choices}'."),
        "start.day_unknown": (
            "Untuk 'setiap: minggu': {weekdays}. Untuk 'setiap: bulan': {month_days}.",
            "For 'setiap: minggu': {weekdays}. For 'setiap: bulan': {month_days}.",
        ),
        "start.day_not_for_every": ("{fix}", "{fix}"),
        "start.bad_time": (
            "Tulis jam 'JJ:MM' dalam tanda kutip, mis. pukul: \"08:00\".",
            "Write the time 'HH:MM' in quotes, e.g. pukul: \"08:00\".",
        ),
        "start.title_field": (
            "Yang dapat dipakai: {fields}.",
            "What may be used: {fields}.",
        ),
        "requester_kind.duplicate": ("Hapus yang berulang.", "Remove the repeated one."),
        "requester_kind.empty": (
            "Tulis sedikitnya satu dari: opd, asn, publik; atau hapus 'jenis_pemohon'.",
            "Write at least one of: opd, asn, publik; or remove 'jenis_pemohon'.",
        ),
        "requester_kind.no_lane": (
            "Tandai lajur pengaju dengan 'pemohon: true'.",
            "Mark the filing lane with 'pemohon: true'.",
        ),
        "requester_kind.public_not_first": (
            "Letakkan langkah pertama di lajur pemohon, atau hapus 'publik'.",
            "Put the first step in the requester's lane, or remove 'publik'.",
        ),
        "start.requester_lane": (
            "Jadikan langkah pertama pekerjaan pegawai kantor, atau hapus 'jadwal_mulai'.",
            "Make the first step the work of the office's staff, or remove 'jadwal_mulai'.",
        ),
        "requirement.unsupplied": (
            "Samakan dengan nama output langkah sebelumnya, atau tulis "
            "'{{nama: ..., sumber: pemohon}}' (dari pemohon), 'sumber: dilampirkan' "
            "(dilampirkan saat itu) atau 'sumber: sarana' (peralatan).",
            "Match the name of an earlier step's output, or write "
            "'{{nama: ..., sumber: pemohon}}' (from the requester), 'sumber: dilampirkan' "
            "(attached then) or 'sumber: sarana' (equipment).",
        ),
        "requirement.not_from_step": (
            "Perbaiki 'dari' atau nama dokumennya.",
            "Fix 'dari' or the document's name.",
        ),
        "handover.unknown_step": (
            "Tulis nomor langkah yang hasilnya diserahterimakan.",
            "Write the number of the step whose results are handed over.",
        ),
        "handover.without_minutes": (
            "Tambahkan 'surat: berita-acara' atau hapus 'serah_terima'.",
            "Add 'surat: berita-acara' or remove 'serah_terima'.",
        ),
        "form.unknown": ("Formulir yang ada: {forms}.", "Forms defined: {forms}."),
        "form.duplicate": ("Beri setiap formulir id unik.", "Give every form a unique id."),
        "field.duplicate": ("Beri setiap isian id unik.", "Give every field a unique id."),
        "field.choice_without_options": (
            "Tambahkan 'pilihan: [..., ...]'.",
            "Add 'pilihan: [..., ...]'.",
        ),
        "joint.single_lane": (
            "Tambahkan lajur kedua atau hapus 'konfirmasi'.",
            "Add a second lane or remove 'konfirmasi'.",
        ),
        "lane.duplicate_on_step": ("Sebut setiap lajur sekali.", "Name each lane once."),
        "connector.with_work": (
            "Pindahkan isinya ke langkah proses.",
            "Move them to a process step.",
        ),
        "reference.duplicate": (
            "Beri setiap rujukan id unik.",
            "Give every reference a unique id.",
        ),
        "reference.link": (
            "Tulis alamat lengkap, mis. 'https://jdih.contoh.go.id/perwako-67-2023.pdf', atau "
            "hapus 'tautan'.",
            "Write the full address, e.g. 'https://jdih.contoh.go.id/perwako-67-2023.pdf', or "
            "remove 'tautan'.",
        ),
        "reference.unknown": (
            "{suggestion}Rujukan yang ada: {references}. Tambahkan rujukan '{reference}' di "
            "'rujukan' atau perbaiki id-nya.",
            "{suggestion}References defined: {references}. Add the reference '{reference}' to "
            "'rujukan' or fix the id.",
        ),
        "condition.both": (
            "Tulis salah satu saja: 'sama_dengan: <nilai>' atau 'terisi: true'.",
            "Write only one: 'sama_dengan: <value>' or 'terisi: true'.",
        ),
        "condition.neither": (
            "Tambahkan 'sama_dengan: <nilai>' atau 'terisi: true'.",
            "Add 'sama_dengan: <value>' or 'terisi: true'.",
        ),
        "condition.not_required": (
            "'bila' menyatakan kapan sesuatu wajib: hapus 'wajib: false' (kelengkapan) atau tulis "
            "'wajib: true' (isian), atau hapus 'bila'.",
            "'bila' says when something is required: remove 'wajib: false' (kelengkapan) or "
            "write 'wajib: true' (a field), or remove 'bila'.",
        ),
        "condition.unknown_field": (
            "Isian yang dapat dipakai di sini: {fields}.",
            "Fields that can be used here: {fields}.",
        ),
        "condition.not_a_choice": ("Pilihan isian itu: {choices}.", "Its choices: {choices}."),
    }
)

SEVERITY_LABEL = {"id": ("galat", "saran"), "en": ("error", "fix")}


@dataclass(frozen=True)
class Problem:
    """One problem in one file: a code with its parameters, rendered in either language."""

    code: str
    file: str
    line: int
    column: int
    params: Mapping[str, object] = field(default_factory=dict)
    hint_code: str | None = None

    def message(self, lang: Lang = "id") -> str:
        return MESSAGES.render(self.code, lang, self.params)

    def hint(self, lang: Lang = "id") -> str | None:
        code = self.hint_code or self.code
        return HINTS.render(code, lang, self.params) if code in HINTS else None

    def format(self, lang: Lang = "id") -> str:
        error_label, hint_label = SEVERITY_LABEL[lang]
        text = f"{self.file}:{self.line}:{self.column}: {error_label}: {self.message(lang)}"
        hint = self.hint(lang)
        return f"{text}\n    {hint_label}: {hint}" if hint else text

    def to_json(self, lang: Lang = "id") -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "message": self.message(lang),
            "hint": self.hint(lang),
        }


class SopInvalid(Exception):
    """The SOP file has problems; ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format("en") for p in problems))
