"""Starting the app loads no plotting library: a worker reading a log, or a page that only
draws the grid's emotion curve, does not pay for Plotly or the picture renderer."""

import json

from tests.conftest import fresh_python


def test_django_setup_leaves_plotly_and_the_renderer_unloaded():
    script = (
        "import django, json, sys; django.setup(); import maps.views, charts.emotion, customer_data.tasks; "
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules} & {'plotly', 'choreographer', 'kaleido'})))"
    )
    assert json.loads(fresh_python(script).splitlines()[-1]) == []
