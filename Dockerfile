# One image for the app servers and the workers (compose.yaml starts both). Debian's
# Chromium and the Noto fonts draw the picture exports (PNG, SVG, PDF) in the workers.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    MEDIA_ROOT=/app/media

RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-noto-cjk fonts-noto-color-emoji gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The pinned dependencies first: they change less often than the code.
# PyICU is built against Debian's ICU; the compiler goes again once it is built.
COPY requirements/app.txt requirements/app.txt
RUN apt-get update \
    && apt-get install -y --no-install-recommends libicu-dev pkg-config g++ \
    && pip install --requirement requirements/app.txt \
    && apt-get purge -y --auto-remove g++ pkg-config \
    && rm -rf /var/lib/apt/lists/*

COPY . .
# The static files go into the image; whitenoise serves them. collectstatic reads the
# settings, which want a secret key with DEBUG off: this one is used for nothing else.
# The translations are compiled here too: git keeps only their sources.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0 \
    && SECRET_KEY=collectstatic-only python manage.py compilemessages --verbosity 0 --ignore '.*' \
    && useradd --create-home --uid 1000 journeymap \
    && mkdir -p /app/media \
    && chown journeymap /app/media

USER journeymap
EXPOSE 8000
# gunicorn reads gunicorn.conf.py: HOST, PORT, WEB_CONCURRENCY.
CMD ["gunicorn", "journeymap.wsgi"]
