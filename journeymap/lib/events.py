"""The names of the events answers send to the page in their `HX-Trigger` header.

The page listens for them by these same literal names, in `hx-trigger="<name> from:body"`
attributes of templates and in `addEventListener` calls of static/js: rename one here
only together with its listeners, named beside each constant.
"""

# The map's items changed: the emotion row refreshes (templates/maps/map_detail.html), the
# figures redraw (static/js/figures.js), and the live poll learns this page has seen the
# change (static/js/app.js).
MAP_CHANGED = "map-changed"
# The edit dialog has done its work and closes (static/js/app.js).
DIALOG_CLOSE = "dialog-close"
# An edit of the grid has landed: the page moves the focus to the first of the element ids
# in `focus` that it shows, and reads `message` out in its live region (static/js/keyboard.js).
EDIT_LANDED = "edit-landed"
# The grid was changed by someone else and reloads itself (templates/maps/map_detail.html).
GRID_STALE = "grid-stale"
# This page changed the map's discussion: the live poll counts it as seen (static/js/app.js).
DISCUSSION_CHANGED = "discussion-changed"
# The discussion changed elsewhere; each region refreshes itself: the comments panel
# (templates/review/comments.html), the review bar (templates/review/_review_bar.html)
# and the unread count (templates/review/_notification_link.html).
COMMENTS_STALE = "comments-stale"
REVIEW_STALE = "review-stale"
NOTIFICATIONS_STALE = "notifications-stale"
# Someone opened or left the map. Nothing listens for it yet: the live poll's answer that
# carries it redraws the list of people present itself (templates/review/_live.html).
PRESENCE_CHANGED = "presence-changed"
