/* Sort any table.sortable by clicking a column header (numbers by value, text by the page language). */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "id";
  function key(cell) { return cell ? cell.getAttribute("data-sort") : ""; }
  function sortTable(table, index, th) {
    var asc = th.getAttribute("aria-sort") !== "ascending";
    var numeric = th.getAttribute("data-kind") !== "text";
    var heads = table.tHead.rows[0].cells;
    for (var h = 0; h < heads.length; h++) { heads[h].removeAttribute("aria-sort"); }
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (r, i) { r._pos = i; });
    rows.sort(function (a, b) {
      var x = key(a.cells[index]), y = key(b.cells[index]);
      if (x === "" && y === "") { return a._pos - b._pos; }
      if (x === "") { return 1; }
      if (y === "") { return -1; }
      var c = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, lang, { sensitivity: "base", numeric: true });
      if (c === 0) { return a._pos - b._pos; }
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  var tables = document.querySelectorAll("table.sortable");
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, index) {
      var button = th.querySelector("button");
      if (button) { button.addEventListener("click", function () { sortTable(table, index, th); }); }
    });
  });
})();
