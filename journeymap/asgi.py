import os

from django.core.asgi import get_asgi_application

from journeymap.lib.startup import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "journeymap.settings")
application = get_asgi_application()
settle()
