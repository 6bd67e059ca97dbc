// Check-in scanner: camera (jsQR) or typed code; offline scans queue in localStorage and upload
// when the connection returns. Parameters come from data-* attributes on #checkin.
(function () {
  const root = document.getElementById("checkin");
  if (!root) return;
  const d = root.dataset;
  const SCAN_URL = d.scanUrl, SYNC_URL = d.syncUrl, KEY = d.queueKey;
  const CSRF = document.querySelector("[name=csrfmiddlewaretoken]").value;
  const T = {queued: d.tQueued, offline: d.tOffline, online: d.tOnline, pending: d.tPending, synced: d.tSynced,
             camera: d.tCamera};
  const result = document.getElementById("result"), queued = document.getElementById("queued");
  const load = () => { try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; } };
  const save = (q) => { localStorage.setItem(KEY, JSON.stringify(q)); queued.textContent = q.length ? T.pending + q.length : ""; };
  const uuid = () => (crypto.randomUUID ? crypto.randomUUID() : Date.now() + "-" + Math.random().toString(16).slice(2));
  function show(data) {
    result.className = "scan-result " + data.status;
    result.innerHTML = "";
    const p = document.createElement("p"); p.className = "big"; p.textContent = data.message; result.appendChild(p);
    if (data.company) { const c = document.createElement("p"); c.textContent = data.company; result.appendChild(c); }
    if (navigator.vibrate) navigator.vibrate(data.ok ? 80 : [60, 60, 60]);
    if (window.htmx) htmx.trigger(document.body, "refresh");
  }
  async function post(url, body) {
    const r = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json", "X-CSRFToken": CSRF},
                                body: JSON.stringify(body), credentials: "same-origin"});
    if (!r.ok) throw new Error("HTTP " + r.status);
    return r.json();
  }
  let last = "", lastAt = 0;
  async function scan(code, typed) {
    code = (code || "").trim(); if (!code) return;
    const now = Date.now(); if (!typed && code === last && now - lastAt < 3000) return;  // the camera sees one ticket many times
    last = code; lastAt = now;
    const item = {code: code, client_id: uuid(), scanned_at: new Date().toISOString()};
    try { show(await post(SCAN_URL, item)); }
    catch (e) { const q = load(); q.push(item); save(q); show({status: "queued", message: T.queued + " · " + code}); }
  }
  // One upload at a time: the "online" event, the timer and a manual call must not send the same
  // queue twice at once (the server would take it once anyway; this spares it the race).
  let syncing = null;
  function sync() { if (!syncing) syncing = upload().finally(() => { syncing = null; }); return syncing; }
  async function upload() {
    const q = load(); if (!q.length || !navigator.onLine) return;
    try { const data = await post(SYNC_URL, {scans: q}); const done = new Set(data.results.map(r => r.client_id));
          save(load().filter(i => !done.has(i.client_id)));
          if (result.classList.contains("queued")) show({status: "ok", message: T.synced + data.results.length}); }
    catch (e) { /* still offline: keep the queue */ }
  }
  const net = document.getElementById("net");
  const status = () => { net.textContent = navigator.onLine ? T.online : T.offline; if (navigator.onLine) sync(); };
  window.addEventListener("online", status); window.addEventListener("offline", status); status(); save(load());
  setInterval(sync, 15000);
  document.getElementById("code-form").addEventListener("submit", (ev) => {
    ev.preventDefault(); const input = document.getElementById("code"); scan(input.value, true); input.value = ""; input.focus(); });
  const video = document.getElementById("video"), canvas = document.getElementById("canvas"), ctx = canvas.getContext("2d", {willReadFrequently: true});
  function tick() {
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth; canvas.height = video.videoHeight;
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const found = window.jsQR && jsQR(img.data, img.width, img.height, {inversionAttempts: "dontInvert"});
      if (found && found.data) scan(found.data);
    }
    requestAnimationFrame(tick);
  }
  document.getElementById("camera-btn").addEventListener("click", async (ev) => {
    try { const stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}});
          video.srcObject = stream; video.hidden = false; await video.play(); ev.target.hidden = true; requestAnimationFrame(tick); }
    catch (e) { show({status: "invalid", message: T.camera}); }
  });
  window.shanglianCheckin = {scan: scan, sync: sync, queue: load};
})();
