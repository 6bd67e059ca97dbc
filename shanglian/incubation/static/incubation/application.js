// Application form: conditional fields (data-show-if) and draft autosave (posts the form with
// autosave=1 every few seconds after a change; files are left for the explicit save). Without
// JavaScript the form still works: the save button posts it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) return;

  function valueOf(name) {
    var inputs = form.querySelectorAll("[name='" + name + "']");
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      if (el.type === "checkbox") { if (el.checked) return el.value === "on" ? "true" : el.value; continue; }
      if (el.type === "radio") { if (el.checked) return el.value; continue; }
      return el.value;
    }
    return inputs.length && inputs[0].type === "checkbox" ? "false" : "";
  }

  function conditions() {
    form.querySelectorAll("[data-show-if]").forEach(function (el) {
      var field = el.closest(".field") || el;
      var shown = valueOf(el.getAttribute("data-show-if")) === el.getAttribute("data-show-value");
      field.hidden = !shown;
    });
  }

  var status = form.querySelector("[data-autosave-status]");
  var timer = null;
  function save() {
    var data = new FormData(form);
    form.querySelectorAll("input[type=file]").forEach(function (f) { data.delete(f.name); });
    data.set("autosave", "1");
    data.set("action", "save");
    fetch(form.getAttribute("data-autosave"), {method: "POST", body: data, credentials: "same-origin",
                                               headers: {"X-Requested-With": "fetch"}})
      .then(function (r) { return r.json().then(function (body) { return {ok: r.ok, body: body}; }); })
      .then(function (res) {
        if (!status) return;
        status.textContent = res.ok ? (form.getAttribute("data-saved") || "✓ " + new Date().toLocaleTimeString())
                                    : (res.body.message || "!");
      })
      .catch(function () { if (status) status.textContent = "!"; });
  }
  form.addEventListener("input", function () {
    conditions();
    clearTimeout(timer);
    timer = setTimeout(save, 3000);
  });
  form.addEventListener("change", conditions);
  conditions();
})();
