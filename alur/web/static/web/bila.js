// Inputs required only under a condition (an SOP's "bila") show while the condition holds on
// the input it names: data-bila-input names that input in the same form, data-bila-values lists
// the values that show it, data-bila-filled="true"/"false" asks for it filled in or empty.
// Without this script every such input shows with its "(wajib bila ...)" note; the server
// decides what is required either way.
(() => {
  const holds = (element) => {
    const form = element.closest("form");
    const control = form ? form.elements.namedItem(element.dataset.bilaInput) : null;
    if (!control || !("value" in control)) {
      return true;
    }
    const value = String(control.value || "").trim();
    if (element.dataset.bilaFilled) {
      return (value !== "") === (element.dataset.bilaFilled === "true");
    }
    try {
      return JSON.parse(element.dataset.bilaValues || "[]").includes(value);
    } catch {
      return true;
    }
  };
  const update = () => {
    for (const element of document.querySelectorAll("[data-bila-input]")) {
      element.hidden = !holds(element);
    }
  };
  document.addEventListener("change", update);
  document.addEventListener("input", update);
  document.addEventListener("htmx:load", update);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
