"""MkDocs hooks: regenerate pages when measures.yaml or a template changes (serve), build the
navigation from the chapters of measures.yaml in the language being built, and finish each page
(sitegen/htmlpost.py: Content-Security-Policy, what search indexes)."""

from __future__ import annotations

import html
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # mkdocs loads hooks by path, not as a package
    sys.path.insert(0, str(ROOT))

from calculator.policy import Policy  # noqa: E402
from calculator.versions import spoken_date  # noqa: E402
from sitegen import htmlpost, pipeline, project  # noqa: E402
from sitegen.searchindex import IndexError_, build_index  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from sitegen.check import check_file  # noqa: E402
from sitegen.render import chapter_heading, load_strings  # noqa: E402

log = logging.getLogger("mkdocs.hooks.measures")


def _language(config) -> str:
    plugin = config.plugins.get("i18n")
    return getattr(plugin, "current_language", None) or "zh"


def on_config(config, **kwargs):
    result = check_file(pipeline.MEASURES)
    if not result.ok:
        return config  # on_pre_build reports the problems; keep the last good nav meanwhile
    policy = Policy.from_data(result.loaded.data)
    lang = _language(config)
    t = {key: text(lang) for key, text in load_strings().items()}
    # The tools first: on a phone the menu is one long list, and readers come for them.
    nav = [
        {t["home"]: "index.md"},
        {t["finder"]: "finder.md"},
        {t["calculator"]: "calculator.md"},
        {t["sheet"]: "sheet.md"},
        {t["awards"]: "awards.md"},
    ]
    for chapter in policy.chapters:
        # The theme writes nav titles into the page unescaped (MkDocs' Jinja2 has no autoescape).
        title = html.escape(chapter_heading(chapter, lang), quote=False)
        page = f"chapters/{chapter.number:02d}.md"
        if chapter.measures:
            nav.append(
                {
                    title: [{t["chapter_overview"]: page}]
                    + [f"measures/{m.number:02d}.md" for m in chapter.measures]
                }
            )
        else:
            nav.append({title: page})
    nav += [{t["changes"]: "changes.md"}, {t["data"]: "data.md"}, {t["history"]: "history.md"}]
    nav.append({t["embedding"]: "embedding.md"})  # embed.md itself: for iframes, not the menu
    config["nav"] = nav
    # Who runs the site and where to report a problem: the footer of every page says it.
    settings = config["extra"].get("project") or {}
    repo = project.repository(settings.get("repository"))
    config["extra"]["project"] = {
        **settings,
        "repository": repo,
        "about": t["footer_about"],
        "maintained": t["footer_maintained"].replace("{maintainer}", config["site_author"] or ""),
        "report": t["footer_report"],
        "no_repository": t["footer_no_repository"],
        "links": project.links(repo),
    }
    # The feeds' titles in every page's head (overrides/partials/feeds.html).
    config["extra"]["feeds"] = {"title": t["feed_title"]}  # {name}: the site's or the measure's
    return config


def on_env(env, config, files, **kwargs):
    """Dates in the theme's own templates (the last-updated line) as each language writes
    them: 2024年5月11日 / 11 May 2024."""
    env.filters["spoken_date"] = lambda iso, lang: spoken_date(str(iso))(lang)
    return env


def on_page_markdown(markdown, page, config, files, **kwargs):
    """The project's places (`project:issues` …) as this build knows them."""
    root = "../" * page.file.src_uri.count("/")
    return project.resolve(markdown, config["extra"]["project"]["repository"], root)


def on_post_page(output, page, config, **kwargs):
    return htmlpost.finish(output, url=page.url)


def on_post_template(output_content, template_name, config, **kwargs):
    """Static templates (404.html, sitemap.xml): only HTML gets the finishing touches, and
    they are not indexed for search."""
    if not template_name.endswith(".html"):
        return output_content
    return htmlpost.finish(output_content)


def on_pre_build(config, **kwargs):
    problems = pipeline.prepare()
    for problem in problems:
        log.error(problem.format("measures.yaml"))


def on_post_build(config, **kwargs):
    """The search index, once the whole site is built: mkdocs-static-i18n builds the default
    language at the root, then each other one under <root>/<lang>/; after the last of them the
    whole site is there to index (build and serve alike)."""
    plugin = config.plugins.get("i18n")
    languages = [lang.locale for lang in plugin.config.languages if lang.build] if plugin else []
    if languages and _language(config) != languages[-1]:
        return
    try:  # the root: site_dir stays the root's while the other languages are built
        build_index(Path(config["site_dir"]))
    except IndexError_ as error:
        raise PluginError(str(error)) from None
