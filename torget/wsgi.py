import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "torget.settings")
application = get_wsgi_application()

from torget.core.security import refuse_debug, refuse_development_key  # noqa: E402
from torget.core.siteurl import refuse_missing_site_url  # noqa: E402

refuse_debug()
refuse_development_key()
refuse_missing_site_url()
