// "Sort by distance": ask the browser for the position only when the visitor chooses it.
(function () {
  function withPosition(done) {
    var status = document.getElementById("geo-status");
    if (!navigator.geolocation) { if (status) status.textContent = status.dataset.na || ""; return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      done(pos.coords.latitude.toFixed(5), pos.coords.longitude.toFixed(5));
    }, function () { if (status) status.textContent = "⚠"; }, { timeout: 8000, maximumAge: 600000 });
  }
  document.querySelectorAll("a[data-near]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      withPosition(function (lat, lng) { location.href = a.href + "&lat=" + lat + "&lng=" + lng; });
    });
  });
  var form = document.getElementById("offer-filters");
  if (!form) return;
  var sort = form.querySelector("[name=sort]");
  sort.addEventListener("change", function () {
    if (sort.value !== "distance" || form.lat.value) return;
    withPosition(function (lat, lng) {
      form.lat.value = lat; form.lng.value = lng;
      form.requestSubmit();
    });
  });
})();
