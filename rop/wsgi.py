import os

from django.core.wsgi import get_wsgi_application

from rop.core.chunked import ChunkedBodyMiddleware

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rop.settings")
application = ChunkedBodyMiddleware(get_wsgi_application())
