// Connectors: the cross-channel flow drawn as arrows from each touchpoint card to the ones it
// leads to (its data-next ids). One SVG over the grid's scrolled content, placed from the
// cards' boxes; drawn again after every swap, resize, zoom or fit. It never takes a click.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  // Past this many links per card on average, a compact grid hides the arrows (grid-view.css).
  const CROWDED_PER_CARD = 1.5;

  function element(name, attributes) {
    const node = document.createElementNS(SVG, name);
    Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
    return node;
  }

  function overlay(scroller) {
    let svg = scroller.querySelector(":scope > svg.connectors");
    if (!svg) {
      svg = element("svg", { class: "connectors", "aria-hidden": "true", "data-testid": "connectors" });
      const marker = element("marker", {
        id: "connector-arrow", viewBox: "0 0 10 10", refX: "9", refY: "5",
        markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse",
      });
      marker.appendChild(element("path", { d: "M 0 0 L 10 5 L 0 10 z" }));
      const defs = element("defs", {});
      defs.appendChild(marker);
      svg.appendChild(defs);
      scroller.prepend(svg);
    }
    return svg;
  }

  // A card's box in the scroller's content coordinates: the viewport box (fit's zoom
  // included) moved by the scroller's own position and scroll offsets.
  function box(card, origin, scroller) {
    const rect = card.getBoundingClientRect();
    return {
      left: rect.left - origin.left + scroller.scrollLeft,
      right: rect.right - origin.left + scroller.scrollLeft,
      top: rect.top - origin.top + scroller.scrollTop,
      bottom: rect.bottom - origin.top + scroller.scrollTop,
    };
  }

  function curve(from, to) {
    const fromY = (from.top + from.bottom) / 2;
    const toY = (to.top + to.bottom) / 2;
    if (to.left >= from.right) {
      const bend = Math.max(20, (to.left - from.right) / 2);
      return `M ${from.right} ${fromY} C ${from.right + bend} ${fromY}, ${to.left - bend} ${toY}, ${to.left} ${toY}`;
    }
    if (to.right <= from.left) {
      const bend = Math.max(20, (from.left - to.right) / 2);
      return `M ${from.left} ${fromY} C ${from.left - bend} ${fromY}, ${to.right + bend} ${toY}, ${to.right} ${toY}`;
    }
    // Same column: from the bottom (or top) edge to the other card's top (or bottom) edge.
    const fromX = (from.left + from.right) / 2;
    const toX = (to.left + to.right) / 2;
    const down = to.top >= from.bottom;
    const startY = down ? from.bottom : from.top;
    const endY = down ? to.top : to.bottom;
    const side = Math.max(from.right, to.right) + 18;
    return `M ${fromX} ${startY} C ${side} ${startY}, ${side} ${endY}, ${toX} ${endY}`;
  }

  function draw() {
    const scroller = document.querySelector("[data-grid-scroll]");
    if (!scroller) return;
    const svg = overlay(scroller);
    svg.querySelectorAll("path.connector").forEach((path) => path.remove());
    const table = scroller.querySelector("table");
    const size = table ? table.getBoundingClientRect() : { width: 0, height: 0 };
    svg.setAttribute("width", String(Math.ceil(size.width)));
    svg.setAttribute("height", String(Math.ceil(size.height)));
    const frame = scroller.getBoundingClientRect();
    const origin = { left: frame.left + scroller.clientLeft, top: frame.top + scroller.clientTop };
    const cards = scroller.querySelectorAll(".card-tp[data-next]");
    let links = 0;
    cards.forEach((card) => {
      const targets = card.dataset.next.trim().split(/\s+/).filter(Boolean);
      targets.forEach((id) => {
        const target = document.getElementById("touchpoint-" + id);
        if (!target || !scroller.contains(target)) return;
        const path = element("path", {
          class: "connector",
          d: curve(box(card, origin, scroller), box(target, origin, scroller)),
          "marker-end": "url(#connector-arrow)",
          "data-from": card.dataset.id,
          "data-to": id,
        });
        svg.appendChild(path);
        links += 1;
      });
    });
    svg.classList.toggle("connectors--crowded", cards.length > 0 && links / cards.length > CROWDED_PER_CARD);
  }

  let pending = 0;
  function redraw() {
    if (pending) return;
    pending = window.requestAnimationFrame(() => {
      pending = 0;
      draw();
    });
  }

  window.addEventListener("resize", redraw);
  document.addEventListener("htmx:afterSettle", redraw);
  document.addEventListener("grid-view-changed", redraw);
  document.addEventListener("toggle", redraw, true);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(redraw);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", redraw);
  else redraw();
  window.addEventListener("load", redraw);
})();
