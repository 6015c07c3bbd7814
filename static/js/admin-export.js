// The admin's export page (templates/admin/import_export_csp/export.html): the "select all" box, wired here rather
// than by the package's inline onchange attribute, which the Content-Security-Policy refuses.
document.addEventListener("DOMContentLoaded", () => {
  for (const toggle of document.querySelectorAll("input.select-toggle")) {
    toggle.addEventListener("change", (event) => window.onSelectToggleChange(event));
  }
});
