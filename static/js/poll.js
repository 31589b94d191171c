// The live-update poll (#live, every few seconds) asks only when someone can see the answer:
// never while the page is hidden, and less often the longer nothing changes (up to one poll
// in MAX_SKIPPED + 1). A change, or the page coming back into view, brings the pace back.
(() => {
  const MAX_SKIPPED = 7;
  let quietAnswers = 0;
  let skipped = 0;

  function isPoll(event) {
    return event.detail.elt && event.detail.elt.id === "live";
  }

  document.addEventListener("htmx:confirm", (event) => {
    if (!isPoll(event)) return;
    const wait = Math.min(quietAnswers, MAX_SKIPPED);
    if (document.hidden || skipped < wait) {
      skipped += 1;
      event.preventDefault();
      return;
    }
    skipped = 0;
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    if (!isPoll(event) || !event.detail.xhr) return;
    quietAnswers = event.detail.xhr.status === 204 ? quietAnswers + 1 : 0;
  });

  document.addEventListener("visibilitychange", () => {
    if (document.hidden) return;
    quietAnswers = 0;
    skipped = 0;
  });
})();
