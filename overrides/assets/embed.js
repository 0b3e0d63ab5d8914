// The embeddable calculator (embed/, en/embed/; decisions/0013). assets/calculator.js runs the
// form, the engine and the #fragment exactly as on calculator/; this module only makes the page
// a good guest in an iframe on another site:
// - it tells the parent page its height, so that the iframe can fit it: a message
//   {type: "sz-sep-embed:height", height} and nothing else, never a figure typed nor a result
//   (the snippet on the embedding/ page listens for it);
// - links open in a new tab, never inside the frame, never over the host's page;
// - the link to the full site carries the same estimate (the #fragment, which no server sees).
import { EMBED_HEIGHT } from "./protocol.js";

function main() {
  const content = document.querySelector(".md-content__inner") || document.body;
  let told = 0;

  function height() {
    const bottom = content.getBoundingClientRect().bottom + window.scrollY;
    return Math.ceil(bottom + (parseFloat(getComputedStyle(content).marginBottom) || 0));
  }

  function tell() {
    const now = height();
    if (now === told) return;
    told = now;
    // Only a number travels, so any parent may hear it: the host's page is not known in advance.
    window.parent.postMessage({ type: EMBED_HEIGHT, height: now }, "*");
  }

  if (window.parent !== window) {
    new ResizeObserver(() => requestAnimationFrame(tell)).observe(content);
    tell();
  }

  // The full site's calculator, on the estimate shown here.
  const full = document.getElementById("embed-full");
  function follow() {
    if (full) full.hash = location.hash;
  }
  for (const event of ["pointerenter", "focus"]) full?.addEventListener(event, follow);

  document.addEventListener(
    "click",
    (event) => {
      const link = event.target.closest?.("a[href]");
      if (!link) return;
      if (link === full) follow();
      const url = new URL(link.href, location.href);
      if (url.origin === location.origin && url.pathname === location.pathname) return; // this page
      link.target = "_blank";
      link.rel = "noopener";
    },
    true,
  );
}

main();
