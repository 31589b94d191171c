// Keyboard and focus in the grid editor. The grid is one tab stop (a roving tabindex) and the
// arrow keys move between its cards, the "+" of each cell, the pain points, the opportunities
// and the stage and lane headers; after an edit the focus goes
// where the edit landed and a live region says what happened (the server names both in its
// `edit-landed` event, journeymap/lib/events.py); a closed dialog gives the focus back to
// what opened it; "?" opens the keyboard help and Ctrl+Z undoes the last delete.
(function () {
  "use strict";

  // The rows the arrow keys move along (the stage headers, the lanes, the pain points and the
  // opportunities) and, in each, the cells under one another: a row's label or lane header,
  // then one cell per stage.
  const ROWS = "thead tr, tbody tr.lane:not(.lane--add), tbody tr.pain-row, tbody tr.opportunity-row";
  const SKIPPED = ".grid__add-stage, .grid__filler";
  // What the arrow keys stop on in a cell: a card's title (it opens the card), a pain point's
  // or an opportunity's, and the cell's "+"; in a header, its first control.
  const ITEM = "a.card-tp__title, a.item__title, a.cell-add";
  // A card, a pain point, an opportunity or a header: its controls are one stop together.
  const UNIT = ".card-tp, .item, th";
  const FOCUSABLE = "a[href], button:not([disabled]), input:not([type=hidden]), select, textarea, summary, [tabindex]";

  const table = () => document.querySelector("#grid table.grid");
  const isTyping = (element) => element && element.closest && element.closest("input, textarea, select, [contenteditable]");

  function cellsOf(row) {
    return Array.from(row.children).filter((cell) => !cell.matches(SKIPPED));
  }

  // A zoom level or a narrow screen hides some controls (a header's tools): they are skipped.
  const shown = (element) => element.getClientRects().length > 0;

  function itemsIn(cell) {
    if (cell.matches("th")) {
      const first = Array.from(cell.querySelectorAll(FOCUSABLE)).find(shown);
      return first ? [first] : [];
    }
    return Array.from(cell.querySelectorAll(ITEM)).filter(shown);
  }

  // The rows as lists of cells (the elements), and each cell's items in reading order.
  function layout(grid) {
    const rows = Array.from(grid.querySelectorAll(ROWS)).map(cellsOf);
    return { elements: rows, items: rows.map((cells) => cells.map(itemsIn)) };
  }

  // Where the focus goes for an element an answer names: a cell's "+", a card's title, a lane's header.
  function focusTarget(element) {
    if (!element) return null;
    if (element.matches("td.grid__cell")) return element.querySelector("a.cell-add") || element.querySelector(ITEM);
    if (element.matches("tr")) return focusTarget(element.querySelector("th"));
    if (element.matches(".card-tp, .item")) return element.querySelector(ITEM) || element.querySelector(FOCUSABLE);
    if (element.matches("th")) return itemsIn(element)[0] || null;
    return element.matches(FOCUSABLE) ? element : element.querySelector(FOCUSABLE);
  }

  // The grid's tab stop is kept by the id of its card, item, cell, stage or lane, so that it
  // survives the swaps that replace them.
  let currentKey = null;
  function keyOf(element) {
    const unit = element.closest(".card-tp, .item") || element.closest("th, td");
    if (unit.matches("td") && !element.matches("a.cell-add")) return null;
    return unit.id || unit.closest("tr").id;
  }

  function navigable(grid) {
    return Array.from(grid.querySelectorAll(ROWS)).flatMap(cellsOf);
  }

  // One tab stop for the grid: the current item, with the other controls of its card or
  // header (persona, comments, rename, move...), so that Tab reaches them before leaving it.
  function rove(grid, current) {
    const cells = navigable(grid);
    const first = cells.map(itemsIn).flat().find((item) => item.closest("td")) || cells.map(itemsIn).flat()[0];
    if (!current || !grid.contains(current)) current = focusTarget(currentKey && document.getElementById(currentKey));
    if (!current || !grid.contains(current)) current = first;
    if (!current) return;
    currentKey = keyOf(current) || currentKey;
    const unit = current.closest(UNIT);
    cells.forEach((cell) => cell.querySelectorAll(FOCUSABLE).forEach((element) => {
      element.tabIndex = element === current || (unit && unit.contains(element)) ? 0 : -1;
    }));
  }

  function moveTo(item) {
    if (!item) return;
    rove(table(), item);
    item.focus();
    item.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  // The item the key of `event` leads to from `item`: null where the grid ends that way,
  // undefined for a key that is not the grid's.
  function neighbour(grid, item, event) {
    const { elements, items: rows } = layout(grid);
    const cell = item.closest("th, td");
    const r = elements.findIndex((cells) => cells.includes(cell));
    if (r < 0) return undefined;
    const c = elements[r].indexOf(cell);
    const here = rows[r][c];
    const index = Math.max(here.indexOf(item), 0);
    const firstIn = (cells, from, step) => {
      for (let i = from; i >= 0 && i < cells.length; i += step) if (cells[i] && cells[i].length) return cells[i];
      return null;
    };
    const clamp = (items) => items && items[Math.min(index, items.length - 1)];
    const column = () => rows.map((cells) => cells[c] || []);
    switch (event.key) {
      case "ArrowDown": {
        if (index < here.length - 1) return here[index + 1];
        const below = firstIn(column(), r + 1, 1);
        return below && below[0];
      }
      case "ArrowUp": {
        if (index > 0) return here[index - 1];
        const above = firstIn(column(), r - 1, -1);
        return above && above.at(-1);
      }
      case "ArrowRight":
        return clamp(firstIn(rows[r], c + 1, 1));
      case "ArrowLeft":
        return clamp(firstIn(rows[r], c - 1, -1));
      case "Home": {
        const cells = event.ctrlKey ? rows.flat() : rows[r];
        const first = firstIn(cells, 0, 1);
        return first && first[0];
      }
      case "End": {
        const cells = event.ctrlKey ? rows.flat() : rows[r];
        const last = firstIn(cells, cells.length - 1, -1);
        return last && last.at(-1);
      }
      default:
        return undefined;
    }
  }

  // The control of the current card or header the keys start from: the focused item, or
  // the item of the card or header whose other control has the focus.
  function itemAt(grid, element) {
    const cell = element.closest && element.closest("th, td");
    if (!cell || !grid.contains(cell) || !navigable(grid).includes(cell)) return null;
    const unit = element.closest(UNIT);
    return element.closest(ITEM) || (unit && focusTarget(unit.matches("th") ? cell : unit)) || null;
  }

  document.addEventListener("keydown", (event) => {
    const grid = table();
    if (!grid || isTyping(event.target) || event.altKey || event.metaKey || event.shiftKey) return;
    const item = itemAt(grid, event.target);
    if (!item) return;
    const next = neighbour(grid, item, event);
    if (next === undefined) return;
    event.preventDefault();
    moveTo(next);
  });

  // A click or a Tab into the grid makes that card, item or header the grid's tab stop.
  document.addEventListener("focusin", (event) => {
    const grid = table();
    const item = grid && itemAt(grid, event.target);
    if (item && keyOf(item) !== currentKey) rove(grid, item);
  });

  // A swap of the whole grid (a stage or a lane moved or deleted) takes the focused control
  // with it: the focus goes to the same stage or lane as it now is, or the grid's tab stop.
  let focusWasInGrid = false;
  document.addEventListener("htmx:beforeSwap", (event) => {
    const grid = table();
    focusWasInGrid = Boolean(grid && event.detail.target.id === "grid" && grid.contains(document.activeElement));
  });
  htmx.onLoad((root) => {
    const grid = table();
    if (!grid || !(root.contains(grid) || grid.contains(root))) return;
    rove(grid, null);
    if (focusWasInGrid && (!document.activeElement || document.activeElement === document.body)) {
      focusWasInGrid = false;
      const current = focusTarget(currentKey && document.getElementById(currentKey));
      if (current) current.focus();
    }
  });

  // "Skip to grid" lands on the grid's tab stop itself.
  document.addEventListener("click", (event) => {
    if (!event.target.closest("[data-skip-to-grid]")) return;
    const grid = table();
    if (!grid) return;
    rove(grid, null);
    const current = focusTarget(currentKey && document.getElementById(currentKey));
    if (!current) return;
    event.preventDefault();
    moveTo(current);
  });

  // The live region: emptied first, so that the same words twice are read out twice.
  function announce(message) {
    const region = document.getElementById("announcer");
    if (!region || !message) return;
    region.textContent = "";
    setTimeout(() => { region.textContent = message; }, 50);
  }

  document.addEventListener("edit-landed", (event) => {
    const detail = event.detail || {};
    announce(detail.message);
    for (const id of detail.focus || []) {
      const target = focusTarget(document.getElementById(id));
      if (target) {
        const grid = table();
        if (grid && grid.contains(target)) rove(grid, target);
        target.focus();
        target.scrollIntoView({ block: "nearest", inline: "nearest" });
        return;
      }
    }
  });

  // The whole grid fetched again (a change by someone else, seen by the live poll, may land
  // just after one's own edit) keeps the focus on the same card, item or cell.
  let focusedInGrid = null;
  document.addEventListener("htmx:beforeSwap", (event) => {
    const grid = document.getElementById("grid");
    const active = document.activeElement;
    if (event.detail.target !== grid || !active || !grid.contains(active) || !active.closest("th, td")) return;
    focusedInGrid = keyOf(active);
  });
  document.addEventListener("htmx:afterSettle", () => {
    if (!focusedInGrid) return;
    const active = document.activeElement;
    const target = focusTarget(document.getElementById(focusedInGrid));
    focusedInGrid = null;
    if (!target || (active && active !== document.body && active.isConnected)) return;
    const grid = table();
    if (grid && grid.contains(target)) rove(grid, target);
    target.focus();
  });

  // The dialog gives the focus back to what opened it; when a swap replaced that meanwhile,
  // to the element of the same card or cell as it now is.
  let opener = null;
  document.addEventListener("htmx:beforeRequest", (event) => {
    const target = event.detail.target;
    const elt = event.detail.elt;
    if (!target || target.id !== "dialog-body" || elt.closest("dialog")) return;
    const holder = elt.closest("[id]");
    opener = { element: elt, holder: holder && holder.id };
  });
  document.addEventListener("close", (event) => {
    if (event.target.id !== "dialog" || !opener) return;
    const { element, holder } = opener;
    setTimeout(() => {
      const lost = !document.activeElement || document.activeElement === document.body;
      if (!lost) return;
      const target = element.isConnected ? element : focusTarget(holder && document.getElementById(holder));
      if (target) target.focus();
    });
  }, true);

  document.addEventListener("keydown", (event) => {
    if (isTyping(event.target) || event.altKey) return;
    const modalOpen = document.getElementById("dialog") && document.getElementById("dialog").open;
    // Ctrl+Z (⌘Z): the undo of the newest delete still on screen.
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === "z") {
      const buttons = document.querySelectorAll(".toast--undo button:not([disabled])");
      const undo = buttons[buttons.length - 1];
      if (!undo || modalOpen) return;
      event.preventDefault();
      undo.focus();
      undo.click();
      return;
    }
    // "?": the keyboard help, open or closed.
    if (event.key === "?" && !event.ctrlKey && !event.metaKey && !modalOpen) {
      const help = document.getElementById("keyboard-help");
      if (!help) return;
      event.preventDefault();
      help.open = !help.open;
      if (help.open) help.querySelector("summary").focus();
    }
  });
})();
