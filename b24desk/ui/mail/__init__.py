"""E-mail on the desk (issue #16), as a feature package.

- :mod:`.preview`: ``PreviewDialog``, a draft to check and edit before it is queued;
- :mod:`.outbox`: ``OutboxDialog`` (the Outbox view) and ``MessageDialog`` (one
  message, read-only);
- :mod:`.status`: ``OutboxStatusLabel``, the status bar's "2 messages waiting";
- :mod:`.sending`: ``MailPump``, the background sending (every minute, back-off);
- :mod:`.attachments`: the attachment list with Open;
- :mod:`.common`: what they share (a message's history line, state colours, sizes,
  opening an attachment).

Import names from the module that defines them; the package imports nothing,
so its modules can import each other without a loop through it.
"""
