"""MkDocs hooks, loaded through hooks.py at the repository's root (decisions/0018): they serve
what build.py prepared (sitegen/session.py) and prepare again only on the rebuilds of
`build.py serve`. They build the navigation from the chapters in the language being built, date
each page from the build's one reading of git, and finish each page (sitegen/htmlpost.py:
Content-Security-Policy, what search indexes)."""

from __future__ import annotations

import datetime
import html
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from calculator.versions import spoken_date
from sitegen import htmlpost, pipeline, project
from sitegen.gitlog import TIMEZONE
from sitegen.render import FROM_HISTORY, chapter_heading, load_strings
from sitegen.searchindex import IndexError_, build_index
from sitegen.session import SESSION, prepare_again, problems_page

log = logging.getLogger("mkdocs.hooks.measures")


def _language(config) -> str:
    plugin = config.plugins.get("i18n")
    return getattr(plugin, "current_language", None) or "zh"


def _languages(config) -> list[str]:
    """The languages built, in the order mkdocs-static-i18n builds them (the default first)."""
    plugin = config.plugins.get("i18n")
    return [lang.locale for lang in plugin.config.languages if lang.build] if plugin else []


def on_startup(command, dirty, **kwargs):
    SESSION.serving = command == "serve"


def on_serve(server, config, builder, **kwargs):
    """docs/ is wholly generated, by the rebuild itself: watching it would rebuild every save
    twice. The sources are watched instead (mkdocs.yml `watch:`)."""
    docs = config["docs_dir"]
    if docs in getattr(server, "_watched_paths", {}):
        server.unwatch(docs)
    return server


def _prepared(config):
    """The policy to build from: prepared once per build (by build.py, or here when MkDocs runs
    alone), again on each rebuild of serve; while the file does not pass, the last good one."""
    first = not _languages(config) or _language(config) == _languages(config)[0]
    if SESSION.prepared is None or (SESSION.stale and first):
        if SESSION.prepared is None and not SESSION.serving:
            SESSION.took(pipeline.prepare())
            if SESSION.problems:
                for problem in SESSION.problems:
                    log.error(problem.format("measures.yaml"))
                raise PluginError("measures.yaml does not pass the check")
        else:
            prepare_again()
    return SESSION.good


def on_config(config, **kwargs):
    policy = _prepared(config)
    if SESSION.problems:
        # Every page will be the problems page: links to pages not made yet (a first build of a
        # clone has no changes page) are no warning that would stop the build.
        for check in ("not_found", "anchors", "unrecognized_links", "absolute_links"):
            setattr(config.validation.links, check, logging.DEBUG)
    if policy is None:
        return config
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
    """The page's last-updated date; the project's places (`project:issues` …) as this build
    knows them."""
    page.meta["updated"] = _updated(page.file.abs_src_path)
    root = "../" * page.file.src_uri.count("/")
    return project.resolve(markdown, config["extra"]["project"]["repository"], root)


def _updated(source: str | None) -> str | None:
    """The day a page's file last changed in git; today for a page not committed yet (e.g. in a
    pull request); none for the pages made from the git history (never committed)."""
    if not source:
        return None
    path = Path(source).resolve().relative_to(pipeline.ROOT).as_posix()
    name = Path(path).name.split(".")[0]
    if Path(path).parent == Path("docs") and name in FROM_HISTORY:
        return None
    found = SESSION.log.updated(path) if SESSION.log else None
    return found or datetime.datetime.now(TIMEZONE).date().isoformat()


def on_post_page(output, page, config, **kwargs):
    if SESSION.problems:
        return problems_page(_language(config))
    return htmlpost.finish(output, url=page.url, live=SESSION.serving)


def on_post_template(output_content, template_name, config, **kwargs):
    """Static templates (404.html, sitemap.xml): only HTML gets the finishing touches, and
    they are not indexed for search."""
    if not template_name.endswith(".html"):
        return output_content
    if SESSION.problems:
        return problems_page(_language(config))
    return htmlpost.finish(output_content, live=SESSION.serving)


def on_post_build(config, **kwargs):
    """The search index, once the whole site is built: mkdocs-static-i18n builds the default
    language at the root, then each other one under <root>/<lang>/; after the last of them the
    whole site is there to index (build and serve alike). Under serve, the next build prepares
    again."""
    languages = _languages(config)
    if languages and _language(config) != languages[-1]:
        return
    SESSION.stale = SESSION.serving
    if SESSION.problems:  # the pages are the problems page: nothing to search
        return
    try:  # the root: site_dir stays the root's while the other languages are built
        build_index(Path(config["site_dir"]))
    except IndexError_ as error:
        raise PluginError(str(error)) from None


def on_build_error(error, **kwargs):
    SESSION.stale = SESSION.serving  # a failed rebuild of serve: the next one prepares again
