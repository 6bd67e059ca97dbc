// Small page behaviours declared with data-* attributes, so templates need no inline script or
// on* handler (the Content-Security-Policy allows scripts from our static files only):
//   <button data-confirm="Sure?">      asks before the click goes on (forms, links, htmx)
//   <select data-autosubmit>           submits its form when changed
//   <button data-print>                opens the print dialog
//   <span data-width="42">             sets the element's width to 42 % (progress bars)
(function () {
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest && ev.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
      return;
    }
    if (ev.target.closest && ev.target.closest("[data-print]")) { ev.preventDefault(); window.print(); }
  }, true);
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) {
      if (el.form.requestSubmit) el.form.requestSubmit(); else el.form.submit();
    }
  });
  function widths(root) {
    if (!root || !root.querySelectorAll) return;
    var list = root.querySelectorAll("[data-width]");
    if (root.hasAttribute && root.hasAttribute("data-width")) list = [root].concat(Array.prototype.slice.call(list));
    Array.prototype.forEach.call(list, function (el) {
      var value = parseFloat(el.getAttribute("data-width"));
      if (!isNaN(value)) el.style.width = Math.max(0, Math.min(100, value)) + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { widths(document); });
  document.addEventListener("htmx:load", function (ev) { widths(ev.target); });
})();
