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
