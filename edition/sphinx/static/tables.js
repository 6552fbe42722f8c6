// Tables of three or more columns read as cards on a phone (small-screens.css): each cell is labelled with
// its column's heading, so a row can be read alone. The table itself is unchanged for every other width.
(function () {
  "use strict";
  document.querySelectorAll(".bd-article table").forEach((table) => {
    const headings = Array.from(table.querySelectorAll("thead th"), (th) => th.textContent.trim());
    if (headings.length < 3) return;
    table.classList.add("stack-on-phone");
    table.querySelectorAll("tbody tr").forEach((row) => {
      Array.from(row.children).forEach((cell, index) => {
        if (headings[index]) cell.dataset.label = headings[index];
      });
    });
  });
})();
