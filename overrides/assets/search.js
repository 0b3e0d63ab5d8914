// Site search: the theme's search box, driven by Pagefind (decisions/0008-search.md).
//
// - One index per language: Pagefind indexes each page under its <html lang>, and pagefind.js
//   searches the index of the page's language, so the Chinese site finds Chinese pages only.
// - Nothing is fetched until the reader searches: the index, its WebAssembly and the policy
//   dictionary load on the first focus of the box (or its shortcut s, f or /).
// - Ranking, in tiers: pages with the whole query as a phrase; pages with every policy term of
//   the query as a phrase (the dictionary, generated from measures.yaml: 碳足迹 never matches 碳
//   alone) and every other word; pages with all words; pages with some words. Within a tier,
//   Pagefind's score (title and award names weigh more; list pages weigh less, see
//   sitegen/htmlpost.py).
// - Each result shows the passage that matched, the query marked.
function main() {
  const root = document.querySelector("[data-site-search]");
  if (!root) return;
  const toggle = document.getElementById("__search");
  const input = root.querySelector("input.md-search__input");
  const form = root.querySelector("form");
  const result = root.querySelector("[data-md-component=search-result]");
  const meta = result.querySelector(".md-search-result__meta");
  const list = result.querySelector(".md-search-result__list");
  const config = JSON.parse(document.getElementById("__config").textContent);
  const base = new URL(config.base, location.href); // the site's root, in either language
  const zh = document.documentElement.lang.startsWith("zh");
  const SHOWN = 10;

  let engine = null; // Promise of {pagefind, terms}
  let latest = 0;

  function load() {
    if (!engine) {
      engine = (async () => {
        const pagefind = await import(new URL("pagefind/pagefind.js", base).href);
        await pagefind.options({ baseUrl: base.pathname, excerptLength: 24 });
        await pagefind.init();
        let terms = [];
        if (zh) {
          const response = await fetch(new URL("assets/search/terms.json", base));
          if (response.ok) terms = (await response.json()).terms;
        }
        return { pagefind, terms };
      })();
      engine.catch(() => {
        engine = null;
      });
    }
    return engine;
  }

  // The query in words: policy terms found by longest match (Chinese), the rest as typed.
  function segment(query, terms) {
    const words = [];
    for (const part of query.split(/\s+/).filter(Boolean)) {
      if (!terms.length) {
        words.push({ text: part, term: false });
        continue;
      }
      let rest = "";
      for (let i = 0; i < part.length; ) {
        const hit = terms.find((t) => part.startsWith(t, i));
        if (hit) {
          if (rest) words.push({ text: rest, term: false });
          rest = "";
          words.push({ text: hit, term: true });
          i += hit.length;
        } else {
          rest += part[i];
          i += 1;
        }
      }
      if (rest) words.push({ text: rest, term: false });
    }
    return words;
  }

  const quoted = (text) => `"${text.replace(/"/g, "").trim()}"`;

  async function rank(query) {
    const { pagefind, terms } = await load();
    const words = segment(query, terms);
    const cache = new Map();
    const search = (q) => {
      if (!cache.has(q))
        cache.set(
          q,
          pagefind.search(q).then((found) => found.results),
        );
      return cache.get(q);
    };
    // Each page once, with the result object of the first (strictest) search that found it:
    // its excerpt is centred on what that search matched (the phrase, not a lone character).
    const byId = new Map();
    const tier = new Map();
    const score = new Map();
    const add = (r, t) => {
      if (!byId.has(r.id)) byId.set(r.id, r);
      if (!tier.has(r.id) || t < tier.get(r.id)) tier.set(r.id, t);
      if (!score.has(r.id)) score.set(r.id, r.score);
    };
    const full = await search(query);
    for (const r of full) score.set(r.id, r.score); // Pagefind's score orders every tier
    const phrase = words.length > 1 || words.some((w) => w.term) || /\s/.test(query);
    if (phrase) for (const r of await search(quoted(query))) add(r, 0);
    const dict = words.filter((w) => w.term);
    if (dict.length) {
      const found = await Promise.all(words.map((w) => search(w.term ? quoted(w.text) : w.text)));
      const sets = found.map((results) => new Set(results.map((r) => r.id)));
      for (const r of found[words.indexOf(dict[0])]) {
        if (sets.every((ids) => ids.has(r.id))) add(r, 1);
      }
    }
    for (const r of full) add(r, 2);
    const hits = new Map(); // pages with some of the words: more words first
    if (words.length > 1) {
      for (const w of words) {
        for (const r of await search(w.term ? quoted(w.text) : w.text)) {
          hits.set(r.id, (hits.get(r.id) || 0) + 1);
          add(r, 3);
        }
      }
    }
    return [...byId.keys()]
      .sort(
        (a, b) =>
          tier.get(a) - tier.get(b) ||
          (tier.get(a) === 3 ? (hits.get(b) || 0) - (hits.get(a) || 0) : 0) ||
          score.get(b) - score.get(a),
      )
      .map((id) => byId.get(id));
  }

  // Pagefind's excerpt is HTML with <mark>; keep only its text and the marks.
  function excerpt(html) {
    const p = document.createElement("p");
    const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
    for (const node of doc.body.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.append(mark);
      } else {
        p.append(node.textContent);
      }
    }
    return p;
  }

  function item(data) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const a = document.createElement("a");
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    a.href = data.url;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const h = document.createElement("h1");
    h.textContent = data.meta?.title || data.url;
    // The passage that matched best: of the page's sections, the one with the most marks.
    const marks = (html) => (html.match(/<mark>/g) || []).length;
    const best = [data, ...(data.sub_results || [])]
      .filter((s) => s.excerpt)
      .sort((a, b) => marks(b.excerpt) - marks(a.excerpt))[0];
    const teaser = excerpt(best ? best.excerpt : "");
    teaser.className = "md-search-result__teaser";
    article.append(h, teaser);
    a.append(article);
    li.append(a);
    return li;
  }

  function say(text) {
    meta.textContent = text;
  }

  function count(n) {
    if (n === 0) return result.dataset.none;
    if (n === 1) return result.dataset.one;
    return result.dataset.other.replace("#", n);
  }

  async function run() {
    const query = input.value.trim();
    const id = ++latest;
    result.dataset.state = "busy";
    if (!query) {
      list.replaceChildren();
      say(result.dataset.placeholder);
      result.dataset.query = "";
      result.dataset.state = "done";
      return;
    }
    try {
      const ranked = await rank(query);
      const shown = await Promise.all(ranked.slice(0, SHOWN).map((r) => r.data()));
      if (id !== latest) return; // the reader typed on
      list.replaceChildren(...shown.map(item));
      say(count(ranked.length));
    } catch (_error) {
      if (id !== latest) return;
      list.replaceChildren();
      say(result.dataset.failed);
    }
    result.dataset.query = query;
    result.dataset.state = "done";
  }

  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });

  function open() {
    if (!toggle.checked) toggle.checked = true;
    load().catch(() => say(result.dataset.failed));
  }

  input.addEventListener("focus", open);
  toggle.addEventListener("change", () => {
    if (toggle.checked) {
      load().catch(() => say(result.dataset.failed));
      setTimeout(() => input.focus(), 250); // after the theme's opening transition (phones)
    }
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => {
    setTimeout(() => {
      input.focus();
      run();
    }, 0);
  });
  root.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a")) close();
  });

  function close() {
    toggle.checked = false;
    input.blur();
  }

  const links = () => [...list.querySelectorAll("a")];

  root.addEventListener("keydown", (event) => {
    const here = links();
    const at = here.indexOf(document.activeElement);
    switch (event.key) {
      case "Escape":
      case "Tab":
        close();
        break;
      case "Enter":
        if (document.activeElement === input) {
          event.preventDefault();
          if (here[0]) here[0].click();
        }
        break;
      case "ArrowDown":
      case "ArrowUp": {
        event.preventDefault();
        const all = [input, ...here];
        const i = Math.max(0, all.indexOf(document.activeElement));
        const next = (i + (event.key === "ArrowDown" ? 1 : all.length - 1)) % all.length;
        all[next].focus();
        break;
      }
      default:
        if (at >= 0 && event.key.length === 1) input.focus();
    }
  });

  // The theme's shortcuts: s, f or / opens search from anywhere but a field.
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    const el = document.activeElement;
    if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
    if (event.key === "s" || event.key === "f" || event.key === "/") {
      event.preventDefault();
      open();
      input.focus();
      input.select();
    }
  });
}

main();
