#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands that read only the code (no database, no requests): with neither DEBUG nor a
# SECRET_KEY in the environment they run with the development settings, so that a checkout
# can be checked without a deployment's secret. Every other command (and `check --deploy`)
# keeps the production default and its clear message about SECRET_KEY.
CODE_ONLY_COMMANDS = {"check", "makemigrations", "makemessages", "compilemessages"}


def main() -> None:
    if sys.version_info < (3, 12):
        sys.exit("Journeymap needs Python 3.12 or newer (found {}.{}).".format(*sys.version_info[:2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "journeymap.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    checks_a_deployment = "--deploy" in sys.argv
    if command in CODE_ONLY_COMMANDS and not checks_a_deployment and not {"DEBUG", "SECRET_KEY"} & os.environ.keys():
        os.environ["DEBUG"] = "true"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
