/* Shared by every page (issue 17): print buttons, and ECharts charts redrawn to the paper's width before printing
   and back to the screen's after. Our own code, no library beyond Bootstrap and ECharts already on the page. */
(function () {
  "use strict";
  function resizeCharts() {
    if (!window.echarts) {
      return;
    }
    document.querySelectorAll("[_echarts_instance_]").forEach(function (el) {
      var chart = window.echarts.getInstanceByDom(el);
      if (chart) {
        chart.resize();
      }
    });
  }
  // A table written without a .table-responsive box gets one, so on a phone it scrolls inside it, not the page.
  function boxTables(root) {
    (root || document).querySelectorAll("main table.table").forEach(function (table) {
      if (table.closest(".table-responsive, .table-container, .eb-table, .eb-no-box")) {
        return;
      }
      var box = document.createElement("div");
      box.className = "table-responsive";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { boxTables(document); });
  } else {
    boxTables(document);
  }
  document.addEventListener("htmx:load", function (event) { boxTables(event.target.parentNode || document); });
  window.addEventListener("beforeprint", resizeCharts);
  window.addEventListener("resize", resizeCharts);  // every chart of the page follows the window
  // The chart pages' shared part: their data (a json_script block, so no inline script under the CSP), a chart per
  // element id (none when the page left the element out), and rounding that keeps nulls as gaps.
  window.ebCharts = {
    data: function (id) {
      var source = document.getElementById(id);
      return source && window.echarts ? JSON.parse(source.textContent) : null;
    },
    draw: function (id, option) {
      var node = document.getElementById(id);
      if (node) {
        window.echarts.init(node).setOption(option);
      }
    },
    round: function (v, d) {
      return v === null || v === undefined ? null : Math.round(v * Math.pow(10, d)) / Math.pow(10, d);
    }
  };
  // The phone menu opens with the current page's entry in view.
  document.addEventListener("shown.bs.offcanvas", function (event) {
    var active = event.target.querySelector(".eb-nav-link.active");
    if (active) {
      active.scrollIntoView({ block: "center" });
    }
  });
  window.addEventListener("afterprint", resizeCharts);
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-eb-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
