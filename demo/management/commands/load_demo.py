from django.core.management.base import BaseCommand
from django.db import transaction

from demo.loading import DEMO_PASSWORD, USERS, DemoSummary, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo: four logins, six personas and five journey maps in each of the app's languages, "
        "drawn from the articles the product started from. Safe to run again: what exists is left as it is."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            summary = load_demo()
        self.stdout.write(self._summary(summary))
        self.stdout.write("")
        self.stdout.write(f"Demo logins, all with the password '{DEMO_PASSWORD}':")
        width = max(len(user.username) for user in USERS)
        for user in USERS:
            self.stdout.write(f"  {user.username:<{width}}  {user.can}")
        self.stdout.write("These passwords are public: never load the demo into a database others can reach.")

    def _summary(self, summary: DemoSummary) -> str:
        if not summary.created_anything:
            return self.style.SUCCESS("The demo is already loaded; nothing was changed.")
        lines = [self.style.SUCCESS("Demo loaded.")]
        if summary.users:
            lines.append(f"  users: {', '.join(summary.users)}")
        if summary.personas:
            lines.append(f"  personas: {', '.join(summary.personas)}")
        if summary.maps:
            lines.append(
                f"  {len(summary.maps)} maps with {summary.touchpoints} touchpoints, {summary.links} links, "
                f"{summary.pain_points} pain points and {summary.opportunities} opportunities:"
            )
            lines += [f"    {language:<7}  {title}" for language, title in summary.maps]
        if summary.memberships:
            lines.append(f"  {summary.memberships} map memberships for the reviewer and the viewer")
        return "\n".join(lines)
