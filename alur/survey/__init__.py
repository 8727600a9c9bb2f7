"""The citizen satisfaction survey (Survei Kepuasan Masyarakat, Permenpan RB 14/2017): the
questionnaire offered to a case's requester when the case ends, and the index (IKM) the office
reports from the answers."""
