// The grid editor: drag and drop for touchpoint cards, stages and lanes. Every drop is
// the same POST a keyboard user makes with the "Move" forms; the server answers with
// the cells (or the grid) as they now are, so the page always shows what was stored.
(function () {
  "use strict";
  if (!window.Sortable) return;

  function post(url, source, target, values) {
    htmx.ajax("POST", url, { source: source, target: target, swap: "outerHTML", values: values });
  }

  function sortable(element, options) {
    if (element.dataset.sortableReady) return;
    element.dataset.sortableReady = "1";
    // Dragging near the edges of the grid's scroller (or the window) scrolls toward far cells.
    const autoScroll = { scroll: true, scrollSensitivity: 80, scrollSpeed: 18, bubbleScroll: true };
    Sortable.create(element, Object.assign({ animation: 150, ghostClass: "is-ghost" }, autoScroll, options));
  }

  htmx.onLoad((root) => {
    root.querySelectorAll("[data-sortable-cards]").forEach((list) => sortable(list, {
      group: "touchpoints",
      draggable: ".card-tp",
      onEnd(event) {
        if (event.from === event.to && event.oldIndex === event.newIndex) return;
        const card = event.item;
        const cell = event.to.closest("td");
        post(card.dataset.moveUrl, card, "#" + cell.id, {
          stage: cell.dataset.stage,
          lane: cell.dataset.lane,
          position: event.newDraggableIndex + 1,
          version: card.dataset.version,
        });
      },
    }));

    root.querySelectorAll("[data-sortable-stages]").forEach((row) => sortable(row, {
      draggable: ".grid__stage",
      handle: ".drag-handle",
      onEnd(event) {
        if (event.oldDraggableIndex === event.newDraggableIndex) return;
        post(event.item.dataset.moveUrl, event.item, "#grid", { position: event.newDraggableIndex + 1 });
      },
    }));

    root.querySelectorAll("[data-sortable-lanes]").forEach((body) => sortable(body, {
      draggable: "tr.lane:not(.lane--add)",
      handle: ".drag-handle",
      onEnd(event) {
        if (event.oldDraggableIndex === event.newDraggableIndex) return;
        post(event.item.dataset.moveUrl, event.item, "#grid", { position: event.newDraggableIndex + 1 });
      },
    }));
  });
})();
