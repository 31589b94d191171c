// The step-through presentation (templates/reports/present.html). Every slide is in the page
// and the links say ?stage=N, so the deck works without this file; with it, the keys move
// between slides without a reload, "n" shows the presenter notes, and the deck can fill the screen.
(function () {
  "use strict";
  const deck = document.getElementById("deck");
  if (!deck) return;
  const slides = Array.from(deck.querySelectorAll("[data-slide]"));
  const last = slides.length - 1;
  const status = deck.querySelector("[data-slide-status]");
  const count = deck.querySelector("[data-slide-count]");
  const previous = deck.querySelector('[data-slide-link="prev"]');
  const next = deck.querySelector('[data-slide-link="next"]');
  const notesToggle = deck.querySelector("[data-notes-toggle]");
  const fullscreen = deck.querySelector("[data-fullscreen]");
  // "3 of 9" in the page's language, as the server wrote it with placeholders.
  const countPattern = count.dataset.pattern;
  let current = Number(deck.dataset.current) || 0;

  function notesShown() {
    return deck.classList.contains("deck--notes");
  }

  function address(number) {
    const query = new URLSearchParams(window.location.search);
    query.set("stage", String(number));
    if (notesShown()) query.set("notes", "1");
    else query.delete("notes");
    return `?${query.toString()}`;
  }

  function setLink(link, number, disabled) {
    link.href = address(number);
    link.hidden = disabled;
    if (disabled) link.setAttribute("aria-disabled", "true");
    else link.removeAttribute("aria-disabled");
  }

  function show(number, { announce = true } = {}) {
    const target = Math.min(Math.max(number, 0), last);
    // Focus on something about to be hidden would fall back to the page: keep it on the deck.
    const focusLost = slides[current].contains(document.activeElement);
    slides.forEach((slide, index) => { slide.hidden = index !== target; });
    current = target;
    deck.dataset.current = String(target);
    setLink(previous, target - 1, target === 0);
    setLink(next, target + 1, target === last);
    notesToggle.href = address(target);
    count.textContent = countPattern.replace("{number}", target + 1).replace("{total}", last + 1);
    window.history.replaceState(null, "", address(target));
    if (announce) status.textContent = `${count.textContent}: ${slides[target].dataset.title}`;
    if (focusLost || (previous.hidden && document.activeElement === previous) || (next.hidden && document.activeElement === next)) {
      deck.focus();
    }
  }

  function toggleNotes() {
    deck.classList.toggle("deck--notes");
    notesToggle.setAttribute("aria-pressed", String(notesShown()));
    show(current, { announce: false });
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else deck.requestFullscreen();
  }

  const moves = {
    ArrowRight: () => current + 1,
    ArrowDown: () => current + 1,
    PageDown: () => current + 1,
    " ": () => current + 1,
    ArrowLeft: () => current - 1,
    ArrowUp: () => current - 1,
    PageUp: () => current - 1,
    Home: () => 0,
    End: () => last,
  };

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    // Space and Enter keep their meaning on a focused link or button.
    if (event.key === " " && event.target.closest("a, button")) return;
    if (event.key === "n" || event.key === "N") {
      toggleNotes();
      event.preventDefault();
      return;
    }
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    show(event.key === " " && event.shiftKey ? current - 1 : move());
  });

  deck.addEventListener("click", (event) => {
    const link = event.target.closest("[data-slide-link], [data-slide-to], [data-notes-toggle]");
    if (!link) return;
    event.preventDefault();
    if (link === notesToggle) toggleNotes();
    else if (link === previous) show(current - 1);
    else if (link === next) show(current + 1);
    else show(Number(link.dataset.slideTo));
  });

  if (document.fullscreenEnabled) {
    fullscreen.hidden = false;
    fullscreen.addEventListener("click", toggleFullscreen);
    document.addEventListener("fullscreenchange", () => {
      fullscreen.setAttribute("aria-pressed", String(Boolean(document.fullscreenElement)));
    });
  }
  show(current, { announce: false });
})();
