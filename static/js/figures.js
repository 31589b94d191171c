// plotly.js writes the looks of rich text in a figure (<b>, <i>, <sup> in labels and hover
// cards) as style attributes of SVG elements, which the Content-Security-Policy refuses. The
// same declarations set through the element's CSSOM are allowed: scripts may style, markup
// may not. Only SVG elements go this way: on these pages, plotly.js draws them.
(function () {
  "use strict";
  const setAttribute = Element.prototype.setAttribute;
  SVGElement.prototype.setAttribute = function (name, value) {
    if (String(name).toLowerCase() === "style") {
      this.style.cssText = value;
      return;
    }
    setAttribute.call(this, name, value);
  };
})();

// The figures of a page: fetched as JSON from the server (which builds them from the same
// data as the grid) and drawn with Plotly. They redraw when the map changes: at once on the
// `map-changed` event, and on a slow poll for edits made in another tab or by someone else;
// the server answers 304 while the map's revision is the one already drawn.
(function () {
  "use strict";
  const root = document.querySelector("[data-figures]");
  if (!root || !window.Plotly) return;
  const POLL_MS = 10000;
  const config = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"] };
  // plotly.js's own words and number formats in the page's language (the page carries them).
  const locale = document.getElementById("figure-locale");
  if (locale) {
    const module = JSON.parse(locale.dataset.locale);
    Plotly.register(module);
    config.locale = module.name;
  }
  let etag = null;

  // Points carry the address of what they show (`customdata`, or its first item); a click
  // opens it. An anchor alone ("#touchpoint-7") is on the page the figure names (`layout.meta.links`).
  function follow(element) {
    if (element.dataset.follows) return;
    element.dataset.follows = "true";
    element.on("plotly_click", (event) => {
      const data = event.points[0] && event.points[0].customdata;
      let link = Array.isArray(data) ? data[0] : data;
      const page = element.layout.meta && element.layout.meta.links;
      if (typeof link === "string" && link.startsWith("#") && typeof page === "string") link = page + link;
      if (typeof link === "string" && link.startsWith("/") && !link.startsWith("//")) window.location.assign(link);
    });
  }

  // A figure sized by the server (the swimlane: so many pixels a stage) is never drawn
  // narrower than that, the frame scrolls instead, and it stretches to fill a wider frame.
  function fill(element, layout) {
    if (!layout.width) return;
    element.style.minWidth = `${layout.width}px`;
    delete layout.width;
    layout.autosize = true;
  }

  async function draw() {
    const response = await fetch(root.dataset.figures, {
      cache: "no-store",
      headers: etag ? { "If-None-Match": etag } : {},
    });
    if (response.status === 304) return;
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    const figures = await response.json();
    for (const [id, figure] of Object.entries(figures)) {
      const element = document.getElementById(id);
      if (!element) continue;
      fill(element, figure.layout);
      await Plotly.react(element, figure.data, figure.layout, config);
      follow(element);
    }
    etag = response.headers.get("ETag");
    root.dataset.state = "drawn";
    root.setAttribute("aria-busy", "false");
  }

  // One draw at a time; a change announced during a draw is fetched right after it.
  let drawing = false;
  let again = false;
  async function refresh() {
    if (drawing) {
      again = true;
      return;
    }
    drawing = true;
    try {
      do {
        again = false;
        await draw();
      } while (again);
    } catch (error) {
      console.warn("figures:", error);
      root.querySelectorAll(".figure-error").forEach((message) => { message.hidden = false; });
    } finally {
      drawing = false;
    }
  }

  document.body.addEventListener("map-changed", refresh);
  setInterval(() => { if (document.visibilityState === "visible") refresh(); }, POLL_MS);
  refresh();
})();
