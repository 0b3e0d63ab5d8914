// The embedding/ page: the snippet names this site's own address, known only in the browser
// (the site may be served from any host and base path). sitegen/embedding.py writes a
// placeholder in a span whose data-embed-address is the path from the site's root; the code
// element's data-root leads from this page to that root.
function main() {
  const code = document.getElementById("embed-snippet");
  const root = new URL(code.dataset.root, location.href);
  for (const span of code.querySelectorAll("[data-embed-address]")) {
    span.textContent = new URL(span.dataset.embedAddress, root).href;
  }
}

main();
