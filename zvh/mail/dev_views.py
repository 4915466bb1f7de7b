"""The development mailbox (``make run``): the mails the system sent, readable, with their .ics files.

Only wired into the development URLs (``zvh/urls_dev.py``, ``ROOT_URLCONF`` of
``zvh.settings.dev``), never into ``zvh.urls`` which production uses, and refused unless
``DEBUG`` is on as well. In development the mail goes to the console as raw MIME; this shows the
same messages (built by ``mail_message``, as sent) the way a recipient reads them, so a demo user
can follow what the system sends. Every logged-in demo user sees every mail: the data is fictional.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import OutgoingMail
from .services import mail_message

PAGE_SIZE = 50


def _development_only() -> None:
    if not settings.DEBUG:
        raise Http404


@login_required
def mailbox(request):
    _development_only()
    page = Paginator(OutgoingMail.objects.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "mail/postvak/list.html", {"page": page})


@login_required
def mailbox_message(request, pk: int):
    _development_only()
    mail = get_object_or_404(OutgoingMail, pk=pk)
    message = mail_message(mail)
    attachments = [
        {"index": index, "filename": filename, "mimetype": mimetype}
        for index, (filename, _content, mimetype) in enumerate(message.attachments)
    ]
    return render(request, "mail/postvak/message.html", {"mail": mail, "message": message, "attachments": attachments})


@login_required
def mailbox_attachment(request, pk: int, index: int):
    """An attachment as a download (an .ics opens in the calendar app)."""
    _development_only()
    message = mail_message(get_object_or_404(OutgoingMail, pk=pk))
    if index >= len(message.attachments):
        raise Http404
    filename, content, mimetype = message.attachments[index]
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
