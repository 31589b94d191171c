import os

from django.core.wsgi import get_wsgi_application

from journeymap.lib.startup import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "journeymap.settings")
application = get_wsgi_application()
settle()
