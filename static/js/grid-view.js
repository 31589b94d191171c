// Reading the grid: the zoom and "stage details as rows" apply at once and are kept with the
// account (the form posts in the background; without scripts it posts and comes back);
// "Fit" scales the grid to the window's width for this visit only; a touchpoint's title or a
// stage's name is renamed in place (✎, or F2 on it; Enter saves, Escape cancels); the
// first-steps hint leaves once the map has a touchpoint.
(function () {
  "use strict";
  const ZOOMS = ["compact", "normal", "detailed"];

  function changed() {
    document.dispatchEvent(new CustomEvent("grid-view-changed"));
  }

  // Zoom and stage rows ---------------------------------------------------------------
  function applyView(form) {
    const view = document.querySelector("[data-grid-view]");
    if (!view) return;
    const zoom = form.querySelector("input[name=grid_zoom]:checked");
    ZOOMS.forEach((name) => view.classList.toggle("grid-view--" + name, Boolean(zoom) && zoom.value === name));
    const rows = form.querySelector("input[name=grid_stage_rows]");
    view.classList.toggle("grid-view--stage-rows", Boolean(rows && rows.checked));
    fit(document.querySelector("[data-fit-grid]"));
    changed();
  }

  document.addEventListener("change", (event) => {
    const form = event.target.closest("[data-grid-view-form]");
    if (!form) return;
    applyView(form);
    htmx.ajax("POST", form.action, { source: form, swap: "none", values: htmx.values(form) });
  });

  // Fit -------------------------------------------------------------------------------
  function fit(button) {
    const scroller = document.querySelector("[data-grid-scroll]");
    const table = scroller && scroller.querySelector("table");
    if (!button || !table) return;
    table.style.zoom = "";
    if (button.getAttribute("aria-pressed") !== "true") return;
    const available = scroller.parentElement.clientWidth - 2;
    const needed = table.getBoundingClientRect().width;
    if (needed > available) table.style.zoom = String(Math.max(0.3, available / needed));
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-fit-grid]");
    if (!button) return;
    button.setAttribute("aria-pressed", button.getAttribute("aria-pressed") === "true" ? "false" : "true");
    fit(button);
    changed();
  });
  window.addEventListener("resize", () => fit(document.querySelector("[data-fit-grid]")));
  document.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target && event.detail.target.id === "grid") fit(document.querySelector("[data-fit-grid]"));
    const hint = document.querySelector("[data-onboarding-hint]");
    if (hint && document.querySelector("#grid .card-tp")) hint.remove();
  });

  // Inline rename ---------------------------------------------------------------------
  // `title` is a card's title or a stage's name; its item (the card, the stage header)
  // carries the id and the version the rename is based on.
  function startRename(title) {
    const card = title.closest("[data-version]");
    if (!card || card.querySelector(".rename-input")) return;
    const input = document.createElement("input");
    input.type = "text";
    input.className = "rename-input";
    input.name = title.dataset.renameField;
    input.maxLength = 160;
    input.value = title.textContent.trim();
    input.setAttribute("aria-label", card.querySelector("[data-rename]").getAttribute("aria-label"));
    input.dataset.renameUrl = title.dataset.renameUrl;
    title.hidden = true;
    title.after(input);
    input.focus();
    input.select();

    let done = false;
    function cancel() {
      if (done) return;
      done = true;
      input.remove();
      title.hidden = false;
      title.focus();
    }
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        cancel();
      } else if (event.key === "Enter") {
        event.preventDefault();
        const value = input.value.trim();
        if (!value || value === title.textContent.trim()) return cancel();
        done = true;
        input.disabled = true;
        htmx.ajax("POST", input.dataset.renameUrl, {
          source: card,
          target: "#" + card.id,
          swap: "outerHTML",
          values: { [input.name]: value, version: card.dataset.version },
        }).finally(() => {
          // Refused without an answer to swap in (a notice says why): the title as it was.
          if (input.isConnected) {
            input.remove();
            title.hidden = false;
          }
          const shown = document.getElementById(card.id);
          const focusable = shown && shown.querySelector("[data-rename-url]");
          if (focusable) focusable.focus();
        });
      }
    });
    input.addEventListener("blur", cancel);
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-rename]");
    if (!button) return;
    event.preventDefault();
    const title = button.closest("[data-version]").querySelector("[data-rename-url]");
    if (title) startRename(title);
  });

  document.addEventListener("keydown", (event) => {
    const title = event.target.closest && event.target.closest("[data-rename-url]");
    if (title && event.key === "F2") {
      event.preventDefault();
      startRename(title);
    }
  });
})();
