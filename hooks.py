"""The MkDocs hooks (mkdocs.yml `hooks:`): sitegen/mkdocs_hooks.py, imported as a module of the
sitegen package. MkDocs loads a hook file by its path, with the file's folder (here the
repository's root) on the import path while it loads, so the hooks and build.py share one
import of sitegen and with it the build build.py prepared (sitegen/session.py,
decisions/0018)."""

from sitegen.mkdocs_hooks import *  # noqa: F403
