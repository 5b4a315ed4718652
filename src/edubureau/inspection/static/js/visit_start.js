/* 记录督导, step 1: the checklist choice offers only the checklists of the chosen 督导类型 (issue 17). */
(function () {
  "use strict";
  var kind = document.getElementById("id_kind");
  var checklist = document.getElementById("id_checklist");
  if (!kind || !checklist) {
    return;
  }
  function offer() {
    Array.prototype.forEach.call(checklist.options, function (option) {
      var other = option.dataset.kind && option.dataset.kind !== kind.value;
      option.hidden = other;
      option.disabled = other;
      if (other && option.selected) {
        checklist.value = "";
      }
    });
  }
  kind.addEventListener("change", offer);
  offer();
})();
