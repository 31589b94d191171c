// Page-wide behaviour: the edit dialog, toasts, and small progressive enhancements.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  const dialog = () => document.getElementById("dialog");

  // The dialog opens, its first field focused, once htmx has taken charge of the form in it
  // (it does so as the swap settles): Enter typed at once must send the form through htmx,
  // not reload the page.
  document.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target.id !== "dialog-body") return;
    const modal = dialog();
    if (!modal.open) modal.showModal();
    const first = modal.querySelector("input:not([type=hidden]), textarea, select");
    if (first) first.focus();
  });

  document.addEventListener("dialog-close", () => {
    const modal = dialog();
    if (modal && modal.open) modal.close();
  });

  document.addEventListener("close", (event) => {
    if (event.target.id === "dialog") document.getElementById("dialog-body").replaceChildren();
  }, true);

  document.addEventListener("click", (event) => {
    const closer = event.target.closest("[data-close-dialog]");
    if (closer && closer.closest("dialog")) {
      event.preventDefault();
      closer.closest("dialog").close();
    }
  });

  document.addEventListener("change", (event) => {
    if (event.target.matches("[data-submit-on-change]")) event.target.form.requestSubmit();
  });

  // Toasts leave by themselves, but not while someone reads them: static/js/safety.js.
})();

// Review: a comment badge in the grid opens the comment panel on its item. The badge asks
// for the item's threads itself, so the dock's first load (the map's threads) must not run:
// the two requests would race, and the later answer would win.
document.addEventListener("click", (event) => {
  if (!event.target.closest("[data-open-comments]")) return;
  const dock = document.getElementById("comments-dock");
  if (!dock) return;
  dock.dataset.openedOnItem = "true";
  dock.open = true;
});
document.addEventListener("htmx:confirm", (event) => {
  const dock = document.getElementById("comments-dock");
  if (event.detail.elt.matches("[data-map-threads]") && dock && dock.dataset.openedOnItem) event.preventDefault();
});

// This page's own write moved the map's revision (an edit) or its discussion counter (a
// comment) on by one, and the page already shows it: step the live poll's marker along,
// so the poll does not fetch the grid again for it. A change by someone else in between
// still leaves the marker behind, and is fetched.
function stepLiveMarker(part) {
  const since = document.getElementById("live-since");
  if (!since) return;
  const parts = since.value.split(".");
  parts[part] = String(Number(parts[part]) + 1);
  since.value = parts.join(".");
}
document.addEventListener("map-changed", () => stepLiveMarker(0));
document.addEventListener("discussion-changed", () => stepLiveMarker(1));

// A region that refreshes itself (data-hold-while-editing) skips a refresh while a form in it
// has the focus, so a comment being written is not swapped away under the writer's hands.
document.addEventListener("htmx:confirm", (event) => {
  const region = event.detail.elt;
  if (event.target !== region || !region.matches("[data-hold-while-editing]")) return;
  const form = document.activeElement && document.activeElement.closest("form");
  if (form && region.contains(form)) event.preventDefault();
});

// A button that asks first: <button data-confirm="Really?">.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
