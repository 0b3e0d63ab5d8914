// The site's service worker (decisions/0011-offline-and-fast-start.md): after one visit to the
// calculator, the finder or the sheet, those three pages (both languages), the Pyodide runtime,
// our wheel, its lock and the runtime's memory snapshot are kept in one cache per build, so the
// tools open fast and work offline; other pages and files of the same build are kept as they
// are visited. Served from the site's root, so one worker covers / and /en/ (under any base path).
//
// - One build, one cache: build.py writes BUILD below (sitegen/offline.py): the build's version,
//   the files to keep at install, and the sha-256 (first 16 hex digits) of every file of the
//   build. A file enters the cache only if its bytes have that hash, so a cache never holds two
//   builds, even if the host changes files while the worker installs.
// - A new build installs beside the old one, whole (files unchanged since the old build are
//   copied across, the rest downloaded), and only then takes over and deletes the old cache.
// - Only this site's own files are fetched or kept: never another host, never a request with a
//   body, never a query string (old ?award= links carry figures; the key is the path alone).
// - A kept file is served only if its bytes still have the build's hash (another site on a
//   shared origin can write into this origin's caches): a file that fails is dropped and fetched.
// - A page fetched from the host that is not this build's (a newer build is there, and this
//   worker has not been replaced yet) marks this build superseded: from then on every file is
//   fetched from the host, so a page never runs with the other build's scripts and styles.
// - Without BUILD (mkdocs serve, or a build that did not finish), this worker removes the site's
//   caches and unregisters itself, so live reload is never answered from a cache.
const BUILD = null;

const SCOPE = new URL(self.registration.scope);
const PREFIX = `sz-sep-offline:${SCOPE.pathname}:`;
const CACHE = BUILD && PREFIX + BUILD.version;
const HASH_HEADER = "x-build-file-sha256";
// Kept in this build's cache once the host is seen serving another build (not a file path).
const SUPERSEDED = new URL("?superseded", SCOPE);

// The path of a file of the build that a URL names ("calculator/" → "calculator/index.html"),
// or null for anything else.
function fileOf(url) {
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return null;
  let path;
  try {
    path = decodeURIComponent(url.pathname.slice(SCOPE.pathname.length));
  } catch {
    return null;
  }
  if (path === "" || path.endsWith("/")) path += "index.html";
  return Object.hasOwn(BUILD.files, path) ? path : null;
}

async function sha256(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(digest.slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}

// A response of this build for `path`, ready to keep, or null if the bytes are another build's.
async function keepable(path, body, type) {
  const hash = await sha256(body);
  if (hash !== BUILD.files[path]) return null;
  // Only the type and the hash travel with the bytes: the host's Content-Encoding and length
  // described the transfer, not the body kept here.
  type = type || "application/octet-stream";
  return new Response(body, { headers: { "Content-Type": type, [HASH_HEADER]: hash } });
}

function ok(response) {
  return response.ok && response.type === "basic" && !response.redirected;
}

// The snapshot (31 MB) is fetched as its .gz copy: a host that does not compress it (GitHub
// Pages sends application/octet-stream as it is) would otherwise send all of it. A host that
// decodes .gz files itself (Content-Encoding: gzip) hands over the bytes already unpacked.
async function unpacked(response) {
  const body = await response.arrayBuffer();
  const head = new Uint8Array(body, 0, Math.min(2, body.byteLength));
  if (head[0] !== 0x1f || head[1] !== 0x8b) return body;
  const stream = new Blob([body]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).arrayBuffer();
}

// A file from the network, checked; one retry past the browser's HTTP cache, which may still
// hold the previous build's copy.
async function download(path) {
  const packed = BUILD.packed.includes(path);
  const url = new URL(packed ? `${path}.gz` : path, SCOPE);
  for (const mode of ["default", "no-cache"]) {
    const response = await fetch(url, { cache: mode });
    if (!ok(response)) continue;
    const body = packed ? await unpacked(response) : await response.arrayBuffer();
    const type = packed ? "application/octet-stream" : response.headers.get("Content-Type");
    const kept = await keepable(path, body, type);
    if (kept) return kept;
  }
  throw new Error(`${path} on the server is not the file of build ${BUILD.version}`);
}

// Every response of older builds' caches whose bytes this build has unchanged, by path.
async function carried() {
  const found = new Map();
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const old = await caches.open(name);
    for (const request of await old.keys()) {
      const path = fileOf(new URL(request.url));
      const response = path && (await old.match(request));
      if (response && response.headers.get(HASH_HEADER) === BUILD.files[path]) found.set(path, response);
    }
  }
  return found;
}

async function install() {
  const cache = await caches.open(CACHE);
  try {
    const previous = await carried();
    for (const [path, response] of previous) await cache.put(new URL(path, SCOPE), response);
    const missing = BUILD.precache.filter((path) => !previous.has(path));
    await Promise.all(missing.map(async (path) => cache.put(new URL(path, SCOPE), await download(path))));
  } catch (error) {
    await caches.delete(CACHE); // never half a build: the next visit tries again
    throw error;
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(BUILD ? install().then(() => self.skipWaiting()) : self.skipWaiting());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      if (BUILD) await self.clients.claim();
      else await self.registration.unregister();
    })(),
  );
});

// A page not kept on this device, asked for offline: say so, and where the tools are.
function offlinePage() {
  const link = (path, text) => `<a href="${new URL(path, SCOPE).pathname}">${text}</a>`;
  const html = `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>离线 · Offline</title><main id="offline">
<p lang="zh-CN">此页面未保存在本设备上，需联网才能打开。离线时可以使用：${link("calculator/", "奖励测算")}、${link("finder/", "查找适用奖励")}、${link("sheet/", "组合测算表")}。</p>
<p lang="en">This page is not kept on this device: it needs the network. Offline, these work: ${link("en/calculator/", "the calculator")}, ${link("en/finder/", "the finder")}, ${link("en/sheet/", "the combined sheet")}.</p></main>`;
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

// The kept copy of a file, if its bytes still have this build's hash (else dropped).
async function keptCopy(cache, path) {
  const key = new URL(path, SCOPE);
  const hit = await cache.match(key);
  if (!hit) return null;
  const body = await hit.arrayBuffer();
  if ((await sha256(body)) === BUILD.files[path]) {
    return new Response(body, { headers: hit.headers });
  }
  await cache.delete(key);
  return null;
}

// A page from the host, read whole before the browser sees it: if it is not this build's, the
// build is marked superseded before the page can ask for its scripts and styles.
async function checkedPage(event, cache, path, response) {
  const body = await response.arrayBuffer();
  const type = response.headers.get("Content-Type") || "text/html; charset=utf-8";
  const kept = await keepable(path, body, type);
  if (kept) await cache.put(new URL(path, SCOPE), kept);
  else {
    await cache.put(SUPERSEDED, new Response(""));
    event.waitUntil(self.registration.update().catch(() => {}));
  }
  return new Response(body, { status: response.status, headers: { "Content-Type": type } });
}

async function answer(event, path) {
  const cache = await caches.open(CACHE);
  const superseded = Boolean(await cache.match(SUPERSEDED));
  const hit = superseded ? null : await keptCopy(cache, path);
  if (hit) return hit;
  // A request for a cached copy alone never goes to the network.
  if (event.request.cache === "only-if-cached") return new Response(null, { status: 504 });
  let response;
  try {
    response = await fetch(event.request);
  } catch (error) {
    const kept = superseded && (await keptCopy(cache, path)); // offline: what is here
    if (kept) return kept;
    if (event.request.mode === "navigate") return offlinePage();
    throw error;
  }
  if (!ok(response) || superseded) return response;
  if (event.request.mode === "navigate") return checkedPage(event, cache, path, response);
  const copy = response.clone();
  event.waitUntil(
    (async () => {
      const kept = await keepable(path, await copy.arrayBuffer(), copy.headers.get("Content-Type"));
      if (kept) await cache.put(new URL(path, SCOPE), kept);
      else await self.registration.update(); // the host serves a newer build
    })().catch(() => {}),
  );
  return response;
}

self.addEventListener("fetch", (event) => {
  if (!BUILD || event.request.method !== "GET") return;
  const path = fileOf(new URL(event.request.url));
  if (path) event.respondWith(answer(event, path));
});
