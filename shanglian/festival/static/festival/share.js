// Offer page: share the link with the system sheet, or copy it to the clipboard.
(function () {
  var b = document.getElementById("share-button");
  if (!b) return;
  b.addEventListener("click", function () {
    var input = document.getElementById("share-url"), url = input.value;
    if (navigator.share) { navigator.share({ title: b.dataset.title, url: url }).catch(function () {}); return; }
    input.select();
    (navigator.clipboard ? navigator.clipboard.writeText(url) : Promise.resolve(document.execCommand("copy")))
      .then(function () { b.textContent = b.dataset.copied; });
  });
})();
