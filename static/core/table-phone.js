// Lists on phones (docs/architecture.md, "Pages"): every cell of a `table.table-phone` gets
// its column's name as data-label, which abadi.css shows beside the value when the rows
// become cards. Runs on load and after every htmx swap (search-as-you-type, the pager).
(function () {
  "use strict";
  function label(root) {
    root.querySelectorAll("table.table-phone").forEach(function (table) {
      var heads = Array.prototype.map.call(
        table.querySelectorAll("thead tr:last-child th"),
        function (th) { return th.textContent.trim(); }
      );
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.children, function (cell) {
          if (!cell.hasAttribute("data-label") && heads[column] && !cell.hasAttribute("colspan")) {
            cell.setAttribute("data-label", heads[column]);
          }
          column += cell.colSpan || 1;
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { label(document); });
  document.addEventListener("htmx:afterSwap", function (event) { label(event.target.closest("main") || document); });
})();
