// Every page: what a screen reader and a keyboard need after htmx changes part of the page, and
// the case page's whole flow unfolded where there is room for it.
// - After a swap, focus moves to the message it brought (#pesan, the step's errors #galat, a
//   field's own message), so it is read out and the keyboard goes on from there.
// - A <details data-open-wide> (the case page's whole flow, its history, documents and record)
//   is folded on a phone and opened on a wide screen, as the window's width changes; the one
//   holding the part of the page the address points at (#dokumen) stays open. Without this
//   script each stays as the page sent it: the flow folded, its summary one tap away, the
//   history open.
(() => {
  const WIDE = window.matchMedia("(min-width: 900px)");
  const MESSAGES = "#pesan, #galat, .errors, .field-message[role=alert]";

  const openTarget = () => {
    const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    for (const details of target ? target.querySelectorAll("details[data-open-wide]") : []) {
      details.open = true;
    }
  };
  const unfold = (root) => {
    for (const details of root.querySelectorAll("details[data-open-wide]")) {
      details.open = WIDE.matches;
    }
    openTarget();
  };

  // The messages on the page before a swap: the one to focus after it is one that was not.
  let before = new WeakSet();
  const remember = () => {
    before = new WeakSet(document.querySelectorAll(MESSAGES));
  };
  const focusMessage = () => {
    const message = [...document.querySelectorAll(MESSAGES)].find((m) => !before.has(m));
    if (!message) {
      return;
    }
    if (!message.hasAttribute("tabindex")) {
      message.setAttribute("tabindex", "-1");
    }
    message.focus();
  };

  document.addEventListener("htmx:beforeSwap", remember);
  document.addEventListener("htmx:afterSettle", focusMessage);
  WIDE.addEventListener("change", () => unfold(document));
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("htmx:load", (event) => unfold(event.detail.elt));
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => unfold(document));
  } else {
    unfold(document);
  }
})();
