// Small behaviours kept out of the pages, so the Content-Security-Policy can forbid inline scripts.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    for (const button of form.querySelectorAll(".js-hide")) button.hidden = true;
    form.addEventListener("change", () => form.requestSubmit());
  }
});
// The Print button of printable pages and documents.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
});
// Panels of which one is open at a time (the next steps of a concern): opening one closes its open siblings. Not
// the details element's own name attribute: a panel swapped in open would be closed by the one it replaces.
document.addEventListener("toggle", (event) => {
  const panel = event.target;
  if (!(panel instanceof HTMLDetailsElement) || !panel.open || !panel.hasAttribute("data-one-open")) return;
  for (const other of panel.parentElement.querySelectorAll(":scope > details[data-one-open][open]")) {
    if (other !== panel) other.open = false;
  }
}, true);
// A form sent back with errors: its summary takes the focus, so that a screen reader reads it and a phone scrolls
// to it (also when htmx swaps the form in).
function focusErrorSummary(root) {
  const summary = root.querySelector("[data-focus-on-load]");
  if (summary) summary.focus();
}
document.addEventListener("DOMContentLoaded", () => {
  focusErrorSummary(document);
  document.body.addEventListener("htmx:afterSettle", (event) => focusErrorSummary(event.detail.elt));
});
