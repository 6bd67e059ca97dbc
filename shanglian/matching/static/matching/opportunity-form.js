/* The opportunity form, progressively enhanced (no inline script; works without this file):
   - the subtype list shows only the subtypes of the chosen type (需求 → 採購 …);
   - target cities: a filter box over the grouped checkboxes and the chosen cities as tags. */
(function () {
  "use strict";

  function followKind(form) {
    var select = form.querySelector("select[name=subtype]");
    var radios = form.querySelectorAll("input[name=kind]");
    if (!select || !radios.length) return;
    function apply() {
      var checked = form.querySelector("input[name=kind]:checked");
      if (!checked) return;
      var kind = checked.value;
      var firstFitting = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var fits = !option.dataset.kind || option.dataset.kind === kind;
        option.hidden = !fits;
        option.disabled = !fits;
        if (fits && option.value && !firstFitting) firstFitting = option;
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !group.querySelector("option:not([disabled])");
      });
      var current = select.options[select.selectedIndex];
      if ((!current || current.disabled) && firstFitting) firstFitting.selected = true;
    }
    Array.prototype.forEach.call(radios, function (radio) { radio.addEventListener("change", apply); });
    apply();
  }

  function picker(root) {
    var options = Array.prototype.slice.call(root.querySelectorAll(".place-option"));
    var tags = document.createElement("ul");
    tags.className = "place-tags";
    tags.setAttribute("aria-live", "polite");
    var search = document.createElement("input");
    search.type = "search";
    search.className = "place-filter";
    search.placeholder = root.dataset.filterLabel || "";
    search.setAttribute("aria-label", root.dataset.filterLabel || "");
    var empty = document.createElement("p");
    empty.className = "small muted";
    empty.hidden = true;
    empty.textContent = root.dataset.emptyLabel || "";
    root.insertBefore(empty, root.firstChild);
    root.insertBefore(search, root.firstChild);
    root.insertBefore(tags, root.firstChild);

    function renderTags() {
      tags.textContent = "";
      options.forEach(function (label) {
        var box = label.querySelector("input");
        if (!box.checked) return;
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "tag";
        var name = label.querySelector("span").textContent;
        button.textContent = name + " ×";
        button.setAttribute("aria-label", (root.dataset.removeLabel || "") + " " + name);
        button.addEventListener("click", function () { box.checked = false; renderTags(); box.focus(); });
        item.appendChild(button);
        tags.appendChild(item);
      });
    }

    function filter() {
      var q = search.value.trim().toLowerCase();
      var shown = 0;
      options.forEach(function (label) {
        // Latin letters match the start of a name ("sh" → Shenzhen, not Foshan); Chinese anywhere.
        var terms = label.dataset.search;
        var hit = !q || (/[^\x00-\x7f]/.test(q) ? terms.indexOf(q) !== -1
          : terms.split(" ").some(function (t) { return t.indexOf(q) === 0; }) || terms.indexOf(" " + q) !== -1);
        label.hidden = !hit;
        if (hit) shown += 1;
      });
      Array.prototype.forEach.call(root.querySelectorAll(".place-group"), function (group) {
        group.hidden = !group.querySelector(".place-option:not([hidden])");
      });
      empty.hidden = shown > 0;
    }

    search.addEventListener("input", filter);
    search.addEventListener("keydown", function (e) {  // Enter picks the only match, never submits
      if (e.key !== "Enter") return;
      e.preventDefault();
      var visible = options.filter(function (label) { return !label.hidden; });
      if (visible.length === 1) {
        visible[0].querySelector("input").checked = true;
        search.value = "";
        filter();
        renderTags();
      }
    });
    root.addEventListener("change", renderTags);
    renderTags();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-opportunity-form]"), followKind);
    Array.prototype.forEach.call(document.querySelectorAll("[data-place-picker]"), picker);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
