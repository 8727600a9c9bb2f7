"""Webhooks: other systems of the government hear of every change of the office's cases as it
happens, signed in the Standard Webhooks form, without asking Alur again and again.

    a case's event (alur.cases.recording) ─▶ outbox.deliveries_queue, in the same transaction:
                                              one Delivery per matching active subscription
    alur worker ─▶ delivery.deliveries_send: claim by lease, POST signed, log the attempt,
                                              back off and retry, give up after about a day
                                              (the subscription is then disabled, the office's
                                              administrators told)

See docs/webhooks.md.
"""
