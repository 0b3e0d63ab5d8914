// The feeds' links in the head (overrides/partials/feeds.html, decisions/0020): the theme's
// script reads every link[rel=alternate] as the root of another language and asks for a
// sitemap.xml beside it (a 404 beside a feed). Loaded right after the links and before the
// theme's script, this makes them "alternate feed", which the theme's exact [rel=alternate] does
// not match and which still holds the alternate token; the page as served, which feed readers
// read, says rel="alternate". A classic script, not a module: it must run before the theme's.
for (const link of document.querySelectorAll('link[rel=alternate][type="application/atom+xml"]')) {
  link.rel = "alternate feed";
}
