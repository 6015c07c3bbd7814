// Charts of the overview, drawn from the table under each canvas (the figures stay readable as a table, by screen
// readers and on paper); a bar or a slice opens the list behind it, as the table's link does.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.Chart) return;
  const party = "#b3141b";
  const sentiments = { positive: "#198754", mixed: "#e0a800", negative: "#dc3545" };
  for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
    const rows = [...document.getElementById(canvas.dataset.table).querySelectorAll("tbody tr")];
    const kind = canvas.dataset.chart;
    const colours = rows.map((row) => sentiments[row.dataset.sentiment] || party);
    const links = rows.map((row) => row.querySelector("a")?.href);
    new window.Chart(canvas, {
      type: kind,
      data: {
        labels: rows.map((row) => row.querySelector("th").textContent.trim()),
        datasets: [{
          // A month with nothing due has no rate: a gap in the line, not a fall to 0 %.
          data: rows.map((row) => {
            const value = row.querySelector("[data-value]").dataset.value;
            return value === "" ? null : Number(value);
          }),
          backgroundColor: colours,
          borderColor: kind === "line" ? party : colours,
          tension: 0.2,
        }],
      },
      options: {
        locale: document.documentElement.lang,  // the axes' numbers grouped as the tables' are: 35.599
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: kind === "doughnut" } },
        scales: kind === "doughnut" ? {} : { y: { beginAtZero: true, ticks: { precision: 0 } } },
        onClick: (_event, elements) => {
          const link = elements.length ? links[elements[0].index] : null;
          if (link) window.location.assign(link);
        },
      },
    });
  }
});
