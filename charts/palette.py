"""The colours, font and hover template of every figure: plain values, so that what only
needs a colour (the grid's emotion curve) does not load Plotly."""

# The palette of static/css/app.css, so that the pictures sit calmly in the pages.
ACCENT = "#4f46e5"
TEXT = "#1c2333"
MUTED = "#667085"
BORDER = "#e2e6ef"
BAND = "#f6f7fb"
DANGER = "#c2410c"
DANGER_SOFT = "#fff1e8"
OK = "#047857"
ACCENT_SOFT = "#eef0ff"
FONT = 'system-ui, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'
EMOTION_COLOURS = {-2: "#dc2626", -1: "#f97316", 0: "#94a3b8", 1: "#65a30d", 2: "#16a34a"}

HOVER = "%{hovertext}<extra></extra>"
