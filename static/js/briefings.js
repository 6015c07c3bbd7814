// Printable briefing pages: the Print button (kept out of the page, as the Content-Security-Policy forbids inline
// scripts).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
});
