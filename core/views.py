from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def robots_txt(request):
    """Keep search engines out: every page is for signed-in staff, and the sign-in page needs no indexing. Also the
    lightest page behind the whole middleware chain, the load test's yardstick (``bench/load.py``)."""
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain; charset=utf-8")
