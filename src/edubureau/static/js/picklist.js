/* The search-as-you-type pick list (issue 17): every select[data-pick] asks /pick/<kind>/?q= as the user types.
   Tom Select comes from npm (static vendor/tom-select); the words shown are the page's own (data-* attributes). */
(function () {
  "use strict";
  if (!window.TomSelect) {
    return;
  }
  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }
  document.querySelectorAll("select[data-pick]").forEach(function (select) {
    var url = select.dataset.pick;
    new window.TomSelect(select, {
      valueField: "id",
      labelField: "text",
      searchField: ["text"],
      // The server has matched (学籍号 and other codes too): show its rows as they come, not re-filtered here.
      score: function () { return function () { return 1; }; },
      maxOptions: 20,
      loadThrottle: 250,
      placeholder: select.dataset.placeholder,
      plugins: select.multiple ? ["remove_button"] : [],
      shouldLoad: function (query) { return query.trim().length > 0; },
      load: function (query, callback) {
        fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (data) { callback(data.results); })
          .catch(function () { callback(); });
      },
      render: {
        no_results: function () { return '<div class="no-results">' + escape(select.dataset.noResults) + "</div>"; },
        loading: function () { return '<div class="spinner-border spinner-border-sm m-2" role="status"><span class="visually-hidden">' + escape(select.dataset.loading) + "</span></div>"; }
      }
    });
  });
})();
