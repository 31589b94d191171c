"""Starting the app loads no plotting library: a worker reading a log, or a page that only
draws the grid's emotion curve, does not pay for Plotly or the picture renderer."""

import json
import os
import subprocess
import sys

from django.conf import settings


def test_django_setup_leaves_plotly_and_the_renderer_unloaded():
    script = (
        "import django, json, sys; django.setup(); import maps.views, charts.emotion, customer_data.tasks; "
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules} & {'plotly', 'choreographer', 'kaleido'})))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "journeymap.settings", "DEBUG": "true"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env=environment,
        check=True,
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []
