// Remember the browser's time zone in a cookie so event times are shown in it (events.timezones).
(function () {
  try {
    var z = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (z && document.cookie.indexOf("shanglian_tz=" + z) < 0) {
      document.cookie = "shanglian_tz=" + z + ";path=/;max-age=31536000;samesite=lax";
    }
  } catch (e) { /* no Intl: the default time zone stays */ }
})();
