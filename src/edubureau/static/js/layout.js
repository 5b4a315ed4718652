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
  window.addEventListener("beforeprint", resizeCharts);
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
