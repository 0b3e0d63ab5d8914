// Fits each iframe of the calculator (data-sz-sep-embed) to its content. The calculator sends
// its height and nothing else: no figure typed, no result. Once per page, beside the iframes.
addEventListener("message", (event) => {
  const data = event.data;
  if (data?.type !== "sz-sep-embed:height" || typeof data.height !== "number") return;
  for (const frame of document.querySelectorAll("iframe[data-sz-sep-embed]")) {
    if (frame.contentWindow === event.source) {
      frame.style.height = `${Math.min(Math.max(Math.ceil(data.height), 200), 20000)}px`;
    }
  }
});
