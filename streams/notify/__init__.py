"""Notifications: Spanish messages to graduates, signed webhooks to employers.

The pure parts (templates, payloads, signing, the delivery policy and the
daily cap) import nothing beyond the standard library and ``schemas``; the
senders sit behind small Protocols so the stream handler can be tested
with fakes.
"""
