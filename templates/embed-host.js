// Fits each iframe of the calculator (data-sz-sep-embed) to its content. The calculator sends
// its height and nothing else: no figure typed, no result. Once per page, beside the iframes.
addEventListener("message", function (event) {
  var data = event.data;
  if (!data || data.type !== "sz-sep-embed:height" || typeof data.height !== "number") return;
  var frames = document.querySelectorAll("iframe[data-sz-sep-embed]");
  for (var i = 0; i < frames.length; i++) {
    if (frames[i].contentWindow === event.source) {
      frames[i].style.height = Math.min(Math.max(Math.ceil(data.height), 200), 20000) + "px";
    }
  }
});
