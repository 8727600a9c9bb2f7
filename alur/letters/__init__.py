"""The case's letters: disposition sheets, reply letters and Berita Acara drafted as PDF from
the case record under the office's letterhead, and references to letters sent through SRIKANDI."""
