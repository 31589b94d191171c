// The editor's safety net: toasts that wait for the person reading them, undo buttons that
// work once, notices for failed requests, and the conflict answer brought into view.
(function () {
  "use strict";
  // A toast stays at least this long after the last time someone pointed at or focused it.
  const AFTER_INTERACTION = 10000;

  function keepUntilRead(toast) {
    if (toast.dataset.timed) return;
    toast.dataset.timed = "1";
    let timer = null;
    let remaining = Number(toast.dataset.autohide || 6000);
    let startedAt = 0;
    const start = () => {
      startedAt = Date.now();
      timer = setTimeout(() => toast.remove(), remaining);
    };
    const pause = () => {
      if (timer === null) return;
      clearTimeout(timer);
      timer = null;
      remaining = Math.max(remaining - (Date.now() - startedAt), AFTER_INTERACTION);
    };
    const resume = () => {
      if (timer !== null || toast.matches(":hover") || toast.contains(document.activeElement)) return;
      start();
    };
    toast.addEventListener("mouseenter", pause);
    toast.addEventListener("focusin", pause);
    toast.addEventListener("mouseleave", resume);
    toast.addEventListener("focusout", () => setTimeout(resume));
    start();
  }

  htmx.onLoad((root) => {
    const toasts = root.matches && root.matches(".toast") ? [root] : root.querySelectorAll(".toast");
    toasts.forEach(keepUntilRead);
  });

  document.addEventListener("click", (event) => {
    const dismiss = event.target.closest("[data-dismiss-toast]");
    if (dismiss) dismiss.closest(".toast").remove();
  });

  // An undo is used once: its toast goes as soon as it is clicked, so a second click cannot
  // ask to bring back what is already back.
  document.addEventListener("htmx:beforeRequest", (event) => {
    const toast = event.detail.elt.closest && event.detail.elt.closest(".toast--undo");
    if (toast) toast.querySelectorAll("button").forEach((button) => { button.disabled = true; });
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    const toast = event.detail.elt.closest && event.detail.elt.closest(".toast--undo");
    if (toast) toast.remove();
  });

  // A failed request answers a notice meant for the notice region (journeymap/lib/htmx_errors.py):
  // swap it there. Any other failure (a proxy's error page) is not swapped anywhere.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const xhr = event.detail.xhr;
    if (xhr.status >= 400 && xhr.getResponseHeader("HX-Retarget") === "#toasts") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // A refused save (someone else saved first) puts its explanation at the top of the dialog:
  // bring it into view, wherever the dialog was scrolled to.
  htmx.onLoad((root) => {
    const conflict = root.querySelector && root.querySelector("[data-conflict]");
    if (conflict) conflict.scrollIntoView({ block: "start" });
  });
})();
