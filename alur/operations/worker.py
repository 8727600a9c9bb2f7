"""What ``alur worker`` runs beside django-tasks-db's job loop: a heartbeat that also takes up
the jobs of dead workers, the delivery of the mail outbox (the daily digests that are due
gathered first), the delivery of webhooks, and the compaction of the report's rollups with the
pruning of the public pages' old attempt counts, each on its own thread so that a slow mail
server or webhook receiver never delays the heartbeat."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from alur.notifications.outbox import digests_compose, mails_deliver
from alur.operations.jobs import jobs_retake, worker_beat, worker_gone
from alur.public.services import attempts_prune
from alur.reports import compaction
from alur.webhooks.delivery import deliveries_send

logger = logging.getLogger(__name__)


def beat_once(worker_id: str) -> None:
    now = timezone.now()
    worker_beat(worker_id=worker_id, now=now)
    retaken = jobs_retake(now=now)
    if retaken:
        logger.warning("%s tugas dari pekerja yang berhenti dijalankan lagi", retaken)


def deliver_once() -> None:
    now = timezone.now()
    # The digests that are due become waiting mails first, so this round sends them.
    digests_compose(now=now)
    delivery = mails_deliver(now=now)
    if delivery.retrying or delivery.failed:
        logger.warning(
            "Surel: %s terkirim, %s dicoba lagi nanti, %s gagal",
            delivery.sent,
            delivery.retrying,
            delivery.failed,
        )


def webhooks_once() -> None:
    sent = deliveries_send()
    if sent.retrying or sent.failed:
        logger.warning(
            "Webhook: %s terkirim, %s dicoba lagi nanti, %s gagal",
            sent.delivered,
            sent.retrying,
            sent.failed,
        )


def compact_once() -> None:
    removed = compaction.rollups_compact()
    logger.debug("Rekap digabung: %s", removed)
    pruned = attempts_prune(now=timezone.now())
    logger.debug("Hitungan percobaan lama dihapus: %s", pruned)


def _loop(stop: threading.Event, every: float, work: Callable[[], None], what: str) -> None:
    while not stop.is_set():
        close_old_connections()
        try:
            work()
        except DatabaseError:
            # A busy or briefly unreachable database: the next round tries again.
            logger.exception("%s belum dapat dijalankan", what)
        except Exception:
            # Anything else is logged and the next round tries again too: a thread that ended
            # here would stop the mail or the webhooks of this worker without a sign, while
            # what waits stays waiting (each round claims it afresh).
            logger.exception("%s gagal; dicoba lagi pada putaran berikutnya", what)
        stop.wait(every)
    connection.close()


def operations_start(worker_id: str) -> Callable[[], None]:
    """Start the heartbeat, the mail and webhook deliveries and the rollups' compaction; call
    the returned function to stop them and remove this worker's heartbeat."""
    every = float(settings.ALUR_WORKER_BEAT_SECONDS)
    worker_beat(worker_id=worker_id, now=timezone.now())
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=_loop,
            args=(stop, every, lambda: beat_once(worker_id), "Detak pekerja"),
            name="alur-beat",
            daemon=True,
        ),
        threading.Thread(
            target=_loop,
            args=(stop, every, deliver_once, "Pengiriman surel"),
            name="alur-mail",
            daemon=True,
        ),
        threading.Thread(
            target=_loop,
            args=(stop, every, webhooks_once, "Pengiriman webhook"),
            name="alur-webhooks",
            daemon=True,
        ),
        threading.Thread(
            target=_loop,
            args=(stop, compaction.EVERY, compact_once, "Penggabungan rekap"),
            name="alur-rollups",
            daemon=True,
        ),
    ]
    for thread in threads:
        thread.start()

    def operations_stop() -> None:
        stop.set()
        for thread in threads:
            # A mail or webhook being sent is not waited for to its end: its claim runs out
            # and another worker sends it (docs/operations.md, docs/webhooks.md).
            thread.join(timeout=1.0)
        worker_gone(worker_id=worker_id)

    return operations_stop
