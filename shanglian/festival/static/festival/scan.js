// Counter scanner: the camera feeds jsQR (served locally); a found code fills the form and submits.
(function () {
  var start = document.getElementById("scan-start");
  if (!start) return;
  var video = document.getElementById("scan-video"), canvas = document.getElementById("scan-canvas");
  var form = document.getElementById("redeem-form"), input = document.getElementById("r-code");
  var last = "", lastAt = 0;
  function tick() {
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth; canvas.height = video.videoHeight;
      var ctx = canvas.getContext("2d");
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR && window.jsQR(img.data, img.width, img.height, { inversionAttempts: "dontInvert" });
      var now = Date.now();
      if (found && found.data && (found.data !== last || now - lastAt > 4000)) {
        last = found.data; lastAt = now;
        input.value = found.data;
        form.requestSubmit();
      }
    }
    requestAnimationFrame(tick);
  }
  start.addEventListener("click", function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { alert(start.dataset.noCamera); return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream; video.hidden = false; start.hidden = true; video.play(); requestAnimationFrame(tick);
    }).catch(function () { alert(start.dataset.noCamera); });
  });
  document.body.addEventListener("htmx:afterSwap", function () { input.value = ""; input.focus(); });
})();
