// "Near me": ask the browser for the position only when the visitor chooses it. When the position
// is refused or unavailable, say so in words (translated in the page's data-* attributes) and offer
// to pick a district instead. On wide screens the folded filter card opens by itself.
(function () {
  var status = document.getElementById("geo-status");
  var fallback = document.getElementById("geo-fallback");

  function explain(key) {
    if (status) status.textContent = (status.dataset && status.dataset[key]) || "";
    if (fallback) fallback.hidden = false;
  }

  function withPosition(done, failed) {
    if (!navigator.geolocation) { explain("na"); if (failed) failed(); return; }
    if (status) status.textContent = (status.dataset && status.dataset.locating) || "";
    navigator.geolocation.getCurrentPosition(function (pos) {
      if (status) status.textContent = "";
      done(pos.coords.latitude.toFixed(5), pos.coords.longitude.toFixed(5));
    }, function (err) {
      explain(err && err.code === 1 ? "denied" : "unavailable");
      if (failed) failed();
    }, { timeout: 8000, maximumAge: 600000 });
  }

  document.querySelectorAll("a[data-near]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      withPosition(function (lat, lng) { location.href = a.href + "&lat=" + lat + "&lng=" + lng; });
    });
  });

  var form = document.getElementById("offer-filters");
  var more = form && form.querySelector("details[data-open-wide]");
  if (more && window.matchMedia && window.matchMedia("(min-width: 700px)").matches) more.open = true;

  document.querySelectorAll("a[data-pick-district]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      var select = document.getElementById("f-district");
      if (!select) return;  // the home page: the link scrolls to the district list
      ev.preventDefault();
      if (more) more.open = true;
      select.focus();
    });
  });

  if (!form) return;
  var sort = form.querySelector("[name=sort]");
  sort.addEventListener("change", function () {
    if (sort.value !== "distance" || form.lat.value) return;
    withPosition(function (lat, lng) {
      form.lat.value = lat; form.lng.value = lng;
      form.requestSubmit();
    }, function () {
      sort.value = "";  // back to a sort that works without a position
    });
  });
})();
