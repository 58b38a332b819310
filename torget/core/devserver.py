"""The application `manage.py runserver` serves (settings.WSGI_APPLICATION): development,
where DEBUG is allowed. Servers import `torget.wsgi` or `torget.asgi`, which refuse DEBUG;
runserver took `torget.wsgi` too, so the refusal's own advice ("use runserver") failed."""

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
